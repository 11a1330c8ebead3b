"""The decomposition strategy and its machinery, used by the Curtois & Qu benchmark.

Column generation over personal rotas (:mod:`.colgen`, priced on state graphs by
:mod:`.labelling`) for a proven bound and an LP-guided rota; exact searches inside the
reduced-cost gap (:mod:`.arcflow`) or near the LP (:mod:`.near_lp`), both MIPs for the
``highspy`` HiGHS (:mod:`.highs_mip`); then the rota-shaped LNS and a whole-model polish.
:mod:`.strategy` runs them. Nothing here is imported unless the decomposition strategy is
chosen (``SolveOptions(strategy="decomposition")``), so a plan run never loads this package.
"""

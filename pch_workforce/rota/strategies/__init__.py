"""The strategies a rota solve can run, one module each with its own tuning constants.

* :mod:`.plain`: the whole model, once, for all the time (sites without rooms to share).
* :mod:`.repair`: the block-by-block sweep from the starting rota, then the whole model (sites
  whose rooms can be overbooked, or on request: the CLI's ``--lns``).
* :mod:`pch_workforce.rota.decomposition`: column generation, exact searches in the
  reduced-cost gap and a rota-shaped LNS (the Curtois & Qu benchmark), in its own package,
  imported only when it runs.

Each takes the solve's :class:`~pch_workforce.rota.search.Search` and returns one
:class:`~pch_workforce.rota.incumbent.Incumbent`; ``pch_workforce.rota.solve.choose_strategy``
picks one.
"""

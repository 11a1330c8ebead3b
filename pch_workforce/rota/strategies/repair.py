"""The repair for sites whose rooms can be overbooked (and large sites, on request): improve
the starting rota block by block, then give the whole model, hinted with the result, all the rest.

Why: a rota built person by person leaves each session's crowding and each group's share of
evenings to chance, and spreading a team over rooms and cover moves many people at once, which
a whole-model search from that rota reaches only slowly; one team's week, or one role's whole
horizon, solved exactly with everything else fixed (:func:`.lns.sweep`), settles exactly that,
and is small enough to solve at once. The whole model then polishes what is left. This is large neighbourhood
search in the sense of Shaw (1998) and Pisinger & Ropke (2010), with the neighbourhoods chosen
by the rota's shape rather than at random.

Without a starting rota that keeps every hard rule, there is nothing to sweep: the whole model
searches for ``SEARCH_SHARE`` of the time, the rota-shaped random LNS (:func:`.lns.improve`)
improves its rota for ``LNS_SHARE`` of what is left, and the whole model, hinted with that,
gets the rest. Every share is of the deterministic budget when there is one, so the repair is
reproducible.
"""

from __future__ import annotations

import math

from pch_workforce.rota import lns
from pch_workforce.rota.incumbent import Incumbent
from pch_workforce.rota.report import StoppedBy
from pch_workforce.rota.search import Search
from pch_workforce.rota.strategies.steps import improved, polish, reached
from pch_workforce.solve_report import SolveStatus

# The sweep may use the whole budget: it stops after a pass in which no block gains anything,
# and whatever it leaves goes to the whole model.
SWEEP_SHARE = 1.0
# Without a sweep: the whole model's share before the LNS, and the LNS's share of what is left
# (the rest polishes). Judgement calls: the whole model first, as it proves small cases at once.
SEARCH_SHARE = 0.4
LNS_SHARE = 0.5
# One sub-solve at a time, like the plan's one CP-SAT worker.
LNS_THREADS = 1


def run(search: Search) -> Incumbent:
    start = search.starting.incumbent  # None without a start, or when it breaks a hard rule
    if start is None:
        return _search_then_lns(search)
    swept = _sweep_weeks(search, start)
    if swept.stopped_by is StoppedBy.INTERRUPTED:  # Ctrl-C: the best rota so far, no more search
        return swept
    return polish(search, swept)


def _sweep_weeks(search: Search, start: Incumbent) -> Incumbent:
    """The starting rota improved block by block (:func:`lns.sweep`) for up to ``SWEEP_SHARE``
    of the time."""
    result = lns.sweep(
        search.bm,
        start.values(),
        start.objective,
        search.wall_seconds(SWEEP_SHARE),
        seed=search.options.seed,
        deterministic_seconds=search.deterministic_budget(SWEEP_SHARE, 0.0),
        on_improve=lambda better: search.announce(better, search.floor),
    )
    return improved(start, result)


def _search_then_lns(search: Search) -> Incumbent:
    """The whole model for ``SEARCH_SHARE``; unless that settles it, the random LNS from its
    rota for ``LNS_SHARE`` of what is left, then the whole model again for the rest."""
    found = search.cp_sat(SEARCH_SHARE)
    if found.status is not SolveStatus.FEASIBLE or reached(found):  # settled, or Ctrl-C
        return found
    floor = None if found.bound is None else math.ceil(found.bound - 1e-6)
    result = lns.improve(
        search.bm,
        found.values(),
        found.objective,
        search.wall_seconds(LNS_SHARE),
        seed=search.options.seed,
        threads=LNS_THREADS,
        floor=floor,
        deterministic_seconds=search.deterministic_budget(LNS_SHARE, found.deterministic_time),
        on_improve=lambda objective: search.announce(objective, found.bound),
    )
    better = improved(found, result)
    if reached(better):  # the LNS met the bound, or Ctrl-C stopped it
        proved = result.stopped_by is StoppedBy.OPTIMAL
        return better.settled(floor if proved else found.bound, better.stopped_by)
    return polish(search, better)

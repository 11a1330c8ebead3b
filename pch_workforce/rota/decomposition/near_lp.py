"""Search near the LP: the best rota of cost <= a target in which each person works one of
their rotas within a reduced-cost cap of their cheapest, where the gap is too wide for the
exact search of :mod:`.arcflow`.

Why near the LP: in ``objective = L + sum of reduced costs`` (see :mod:`.arcflow`), a rota
costing little more than the bound spreads that little over many people, so each person's
rota lies close to their cheapest, while the full gap can hold far too many rotas to list.

The model lists whole rotas (one binary each, one per person), every rota within the cap
(:meth:`.labelling.PersonalGraph.enumerate`), the cap as wide as :data:`NEAR_COLUMNS` allows,
with three choices (each measured on Curtois Instance8; docs/decisions/2026-12-06-decomposition-
search-inside-the-gap.md):

* whole rotas, not arcs: the arc-flow model at the cap the same budget of arcs allows did worse;
* one more binary per assignment that some but not all of a person's rotas use, equal to the
  sum of those rotas: HiGHS then branches on "does this person work this shift that day", a
  balanced choice, where branching on one rota out of a hundred barely moves the LP;
* the target as HiGHS's objective cutoff, not as a cost row.

A heuristic: finding nothing proves nothing, since rotas beyond the cap are left out.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

from pch_workforce.rota.decomposition.arcflow import Choice, add_cover_rows
from pch_workforce.rota.decomposition.colgen import SCALE, ExactDuals
from pch_workforce.rota.decomposition.highs_mip import SEEDS, IntegerModel, best_found, race
from pch_workforce.rota.decomposition.labelling import Key
from pch_workforce.rota.problem import Problem

PersonalRota = tuple[frozenset[Key], int]  # one person's assignments and their own cost
# How many rotas the cap may let in, in all: a judgement call from Curtois Instance8 (see the
# decision file above), not a published figure.
NEAR_COLUMNS = 3_500
# Bisection stops when the cap is known to this many units of cost.
CAP_RESOLUTION = 0.01


@dataclass(frozen=True)
class NearResult:
    """What the search found: a rota (its keys and cost) or None, the reduced-cost cap each
    person was held to, and how many rotas that let in."""

    keys: frozenset[Key] | None
    objective: int | None
    cap: float
    columns: int


def search_near_the_lp(
    problem: Problem,
    choices: dict[str, list[Choice]],
    duals: ExactDuals,
    target: int,
    seconds: float,
    max_columns: int = NEAR_COLUMNS,
    seeds: tuple[int, ...] = SEEDS,
) -> NearResult:
    """The best rota of cost <= ``target`` made of everyone's rotas within the widest cap that
    keeps at most ``max_columns`` rotas, one HiGHS run per seed at once for ``seconds``.
    ``choices`` are everyone's graphs priced at ``duals`` (:func:`.arcflow.graph_choices`);
    the first of each person's is their exact graph."""
    budget = target - duals.lagrangian
    if budget < 0:
        return NearResult(None, None, 0.0, 0)
    cap, rotas = _widest_cap(choices, budget, max_columns)
    if rotas is None:
        return NearResult(None, None, cap, 0)
    model = _RotaMip(rotas, duals, target)
    size = sum(len(r) for r in rotas.values())
    found = best_found(model, race(model, seeds, seconds, cutoff=target + 0.5))
    if found is None:
        return NearResult(None, None, cap, size)
    keys, value = found
    return NearResult(keys, value, cap, size)


def _widest_cap(
    choices: dict[str, list[Choice]], budget: float, max_columns: int
) -> tuple[float, dict[str, list[PersonalRota]] | None]:
    """The widest cap (at most ``budget``, to :data:`CAP_RESOLUTION`) within which everyone's
    rotas number at most ``max_columns``, by bisection, and those rotas (None if even a zero
    cap lets in too many)."""
    best = _rotas_within(choices, budget, max_columns)
    if best is not None:
        return budget, best
    low, high = 0.0, budget
    best = _rotas_within(choices, low, max_columns)
    if best is None:
        return 0.0, None
    while high - low > CAP_RESOLUTION:
        middle = (low + high) / 2
        found = _rotas_within(choices, middle, max_columns)
        if found is None:
            high = middle
        else:
            low, best = middle, found
    return low, best


def _rotas_within(
    choices: dict[str, list[Choice]], cap: float, max_columns: int
) -> dict[str, list[PersonalRota]] | None:
    """Each person's rotas within ``cap`` of their cheapest (from their exact graph), or None
    once there are more than ``max_columns`` in all (the listing stops there)."""
    out: dict[str, list[PersonalRota]] = {}
    left = max_columns
    for sid, candidates in choices.items():
        graph, priced = candidates[0]
        listed = [(keys, own) for _, keys, own in itertools.islice(graph.enumerate(priced, cap * SCALE), left + 1)]
        left -= len(listed)
        if left < 0:
            return None
        out[sid] = listed
    return out


class _RotaMip(IntegerModel):
    """One binary per listed rota (exactly one per person), one per assignment that some but
    not all of a person's rotas use (the sum of those rotas, for HiGHS to branch on), and each
    cover line with its shortfall and excess (:func:`.arcflow.add_cover_rows`)."""

    def __init__(self, rotas: dict[str, list[PersonalRota]], duals: ExactDuals, target: int) -> None:
        super().__init__()
        on_row: dict[int, list[int]] = defaultdict(list)
        for person_rotas in rotas.values():
            mine = []
            using: dict[Key, list[int]] = defaultdict(list)
            for keys, own in person_rotas:
                column = self.column(own, 1)
                self.keys_of[column] = tuple(keys)
                mine.append(column)
                for key in keys:
                    using[key].append(column)
                    for row in duals.key_rows.get(key, ()):
                        on_row[row].append(column)
            self.row(1, 1, [(c, 1) for c in mine])
            for columns in using.values():
                if len(columns) < len(mine):
                    works = self.column(0, 1)
                    self.row(0, 0, [(works, 1)] + [(c, -1) for c in columns])
        add_cover_rows(self, duals, on_row, target, people=len(rotas))

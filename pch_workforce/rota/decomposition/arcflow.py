"""Solve exactly inside the reduced-cost gap: an arc-flow MIP over the only rotas
that can still be part of a rota costing at most a target.

Column generation ends with cover duals ``pi`` and a Lagrangian bound ``L``. For any rota,
``objective = L + sum over people of (their rota's reduced cost) + sum over cover lines of
(the reduced cost of their shortfall or excess)``, and every term is >= 0. So a rota costing
at most ``T`` uses, for each person, only rotas whose reduced cost is at most ``T - L``, and
leaves a cover line short or over only where that is cheap enough. When ``T - L`` is small
(on the Curtois instances it is 1-4 against objectives of 1,000-2,000), few paths of each
person's state graph (:mod:`.labelling`) survive, and the arcs they use make a small model
whose flows are exactly those rotas. A MIP solver then either finds the best rota of cost
<= T, which is optimal for the whole problem, or proves there is none, which lifts the bound
to T + 1. :func:`solve_within_gap` walks T up from the bound.

Why a MIP solver and not CP-SAT: the arc-flow LP is as tight as the column generation master,
and a MIP search built on that LP does the rest; CP-SAT, without that LP, is far slower to find
or refute a rota of cost <= T. Why HiGHS (the ``highspy`` package, :mod:`.highs_mip`): it settled
these models faster than SCIP. The measurements are in
docs/decisions/2026-12-06-decomposition-search-inside-the-gap.md.

Where the gap is too wide for this exact search, :mod:`.near_lp` searches near the LP
instead, over the same priced graphs (:func:`graph_choices`).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

from pch_workforce.rota.decomposition import labelling
from pch_workforce.rota.decomposition.colgen import SCALE, ExactDuals
from pch_workforce.rota.decomposition.highs_mip import INFEASIBLE, OPTIMAL, SEEDS, IntegerModel, best_found, race
from pch_workforce.rota.problem import Problem

Key = tuple[str, int, str, str]
# Beyond this many arcs the model does not settle in the time a 60 s run can spare, so the
# search does not start (a judgement call from the Curtois instances: see the decision file above).
MAX_ARCS = 20_000
Arc = tuple[int, int, int, int, float]  # day, from, option, to, scaled reduced cost


@dataclass(frozen=True)
class GapResult:
    """What the search inside the gap found: a rota of cost <= the last target tried (its
    keys and cost; ``optimal`` when it is proven best) or None; ``lower_bound`` is proven."""

    keys: frozenset[Key] | None
    objective: int | None
    lower_bound: int
    optimal: bool
    targets_tried: tuple[int, ...]


def solve_within_gap(
    problem: Problem,
    choices: dict[str, list[Choice]],
    duals: ExactDuals,
    lower_bound: int,
    incumbent: int | None,
    seconds: float,
) -> GapResult:
    """Raise the target from ``lower_bound`` until a rota of cost <= target turns up (the
    best of them is optimal), the target reaches the incumbent (which is then optimal),
    or time runs out. Nothing is tried unless the models of the first two targets stay
    within :data:`MAX_ARCS` (the gap is then too wide to close in the time). ``choices``
    are everyone's graphs priced at ``duals`` (:func:`graph_choices`)."""
    deadline = time.perf_counter() + seconds
    target = max(lower_bound, math.ceil(duals.lagrangian - 1e-6))
    tried: list[int] = []
    if _arcs(choices, duals, target + 1) is None:
        return GapResult(None, None, target, False, ())
    while time.perf_counter() < deadline:
        if incumbent is not None and target >= incumbent:
            return GapResult(None, None, target, True, tuple(tried))
        arcs = _arcs(choices, duals, target)
        if arcs is None:
            break
        tried.append(target)
        found = _solve(problem, arcs, duals, target, deadline - time.perf_counter())
        if found == "infeasible":
            target += 1  # no rota costs <= target
            continue
        if found is None:
            break  # out of time with nothing found
        keys, value, proven = found
        return GapResult(keys, value, value if proven else target, proven, tuple(tried))
    return GapResult(None, None, target, False, tuple(tried))


Choice = tuple[labelling.PersonalGraph, labelling.Priced]


def graph_choices(
    problem: Problem, graphs: dict[str, labelling.PersonalGraph], duals: ExactDuals
) -> dict[str, list[Choice]]:
    """Each person's exact graph (``graphs``, the pricing ones) and, where it counts capped
    types, a relaxed graph that leaves the caps out of its states (the model caps them with
    linear sums instead), each priced once at ``duals``: every target of the exact search and
    the search near the LP (:mod:`.near_lp`) read this one pass. The exact search uses whichever
    of a person's graphs keeps fewer arcs within a gap: counting several caps multiplies the
    states, while leaving out a tight cap lets many rotas through the filter. Arcs are always
    filtered against the person's exact cheapest cost, in ``duals``. The exact graph comes
    first: the search near the LP lists whole rotas from it."""
    choices: dict[str, list[Choice]] = {}
    for staff in problem.staff:
        candidates = [graphs[staff.id]]
        if graphs[staff.id].counted_types:
            try:
                candidates.append(labelling.PersonalGraph(problem, staff, counted_types=()))
            except labelling.Unsupported:
                pass
        choices[staff.id] = [(g, g.price(duals.reward, SCALE)) for g in candidates]
    return choices


def _arcs(
    choices: dict[str, list[Choice]], duals: ExactDuals, target: int
) -> dict[str, tuple[labelling.PersonalGraph, list[Arc]]] | None:
    """Per person, the graph with fewer arcs on rotas within the gap ``target - L`` of their
    cheapest, and those arcs (None if the target is below the bound, someone has no such
    rota, or there are more than :data:`MAX_ARCS` in all)."""
    budget = target - duals.lagrangian
    if budget < 0:
        return None
    out = {}
    total = 0
    for sid, candidates in choices.items():
        graph, arcs = min(
            ((g, g.arcs_within(priced, budget * SCALE, reference=duals.lowest[sid])) for g, priced in candidates),
            key=lambda pair: len(pair[1]),
        )
        total += len(arcs)
        if not arcs or total > MAX_ARCS:
            return None
        out[sid] = (graph, arcs)
    return out


class _ArcMip(IntegerModel):
    """The arc-flow MIP of cost <= ``target`` in HiGHS's column and row arrays: one binary
    per arc (flow conservation through each person's graph, their capped shift types as
    linear sums), an integer shortfall and excess per cover line (capped at what the gap
    affords), and the cost row ``total <= target``."""

    def __init__(
        self,
        problem: Problem,
        arcs: dict[str, tuple[labelling.PersonalGraph, list[Arc]]],
        duals: ExactDuals,
        target: int,
    ) -> None:
        super().__init__()
        on_row: dict[int, list[int]] = defaultdict(list)
        last = problem.horizon_days - 1
        for graph, person_arcs in arcs.values():
            out: dict[tuple[int, int], list[int]] = defaultdict(list)
            into: dict[tuple[int, int], list[int]] = defaultdict(list)
            of_type: dict[str, list[int]] = defaultdict(list)
            for day, start, o, to, _ in person_arcs:
                option = graph.options[day][o]
                arc = self.column(option.own_cost, 1)
                self.keys_of[arc] = option.keys
                out[day, start].append(arc)
                into[day, to].append(arc)
                for key in option.keys:
                    of_type[key[2]].append(arc)
                    for row in duals.key_rows.get(key, ()):
                        on_row[row].append(arc)
            self.row(1, 1, [(a, 1) for a in out[0, 0]])
            for day, node in into:
                if day < last:
                    flow = [(a, 1) for a in into[day, node]] + [(a, -1) for a in out.get((day + 1, node), [])]
                    self.row(0, 0, flow)
            for shift_id, cap in graph.type_caps.items():
                if len(of_type[shift_id]) > cap:
                    self.row(-math.inf, cap, [(a, 1) for a in of_type[shift_id]])
        add_cover_rows(self, duals, on_row, target, people=len(arcs))
        self.row(-math.inf, target, [(j, c) for j, c in enumerate(self.cost) if c])


def _solve(
    problem: Problem,
    arcs: dict[str, tuple[labelling.PersonalGraph, list[Arc]]],
    duals: ExactDuals,
    target: int,
    seconds: float,
    seeds: tuple[int, ...] = SEEDS,
) -> tuple[frozenset[Key], int, bool] | str | None:
    """The arc-flow MIP of cost <= ``target``, solved by HiGHS, one run per seed at once
    (the first to prove its answer stops the others): (keys, cost, proven optimal),
    "infeasible", or None when time ran out with nothing found."""
    mip = _ArcMip(problem, arcs, duals, target)
    runs = race(mip, seeds, seconds)
    if any(status == INFEASIBLE for _, status in runs):
        return "infeasible"
    found = best_found(mip, runs)
    if found is None:
        return None
    keys, value = found
    return keys, value, any(status == OPTIMAL for _, status in runs)


def add_cover_rows(
    model: IntegerModel, duals: ExactDuals, on_row: dict[int, list[int]], target: int, people: int
) -> None:
    """One row per cover line: the columns that work on it (``on_row``), plus an integer
    shortfall and excess, each capped at what a rota of cost <= ``target`` can afford at
    ``duals`` (its reduced cost times the units must fit in ``target - L``)."""
    budget = (target - duals.lagrangian) * SCALE
    for i, (row, pi) in enumerate(zip(duals.rows, duals.pis)):
        under_max = slack_cap(row.under_max if row.sense in ("==", ">=") else 0, row.under_cost * SCALE - pi, budget)
        over_max = slack_cap(people if row.sense in ("==", "<=") else 0, row.over_cost * SCALE + pi, budget)
        under = model.column(row.under_cost, under_max)
        over = model.column(row.over_cost, over_max)
        lo, hi = {"==": (row.rhs, row.rhs), ">=": (row.rhs, math.inf), "<=": (-math.inf, row.rhs)}[row.sense]
        model.row(lo, hi, [(a, 1) for a in on_row.get(i, [])] + [(under, 1), (over, -1)])


def slack_cap(cap: int, reduced_cost: float, budget: float) -> int:
    """The most shortfall (or excess) on a cover line a rota within the gap can afford."""
    return cap if reduced_cost <= 0 else min(cap, int(budget // reduced_cost))

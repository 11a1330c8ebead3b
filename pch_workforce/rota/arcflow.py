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

Why a MIP solver and not CP-SAT: the arc-flow LP is as tight as the column generation
master, and a MIP search built on that LP does the rest. Measured on 2 cores, Instance7 at
T = 1056 (9,180 arcs): SCIP found and proved 1056 in 34 s, CP-SAT with 8 workers found no
rota in 90 s; at T = 1055 SCIP proved there is none in 6 s, CP-SAT in 10 s.

Why HiGHS (through MathOpt, as the mix solves): over the six models that settle Instances
5-7 (T = 1142/1143, 1949/1950, 1055/1056), HiGHS took 20.8 s in all against 31.6 s for
SCIP through MathOpt, one run each on 2 cores; the slowest, Instance7 at T = 1056, took 5.4 s
against 18.6 s. SCIP was the quicker on three of the six, by 0.3-2.3 s.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from ortools.math_opt.python import mathopt

from pch_workforce.rota import labelling
from pch_workforce.rota.colgen import SCALE, ExactDuals
from pch_workforce.rota.problem import Problem

Key = tuple[str, int, str, str]
# Beyond this many arcs the model does not settle in the time a 60 s run can spare, so the
# search does not start (measured on 2 cores: Instance5 at T = 1143, 4,821 arcs, optimal in
# 5 s; Instance7 at T = 1056, 9,180 arcs, optimal in 5.4 s with HiGHS, 34 s with SCIP;
# Instance8 at T = 1300, 56,000-68,000 arcs, no rota in 150 s with SCIP or in 240 s with
# HiGHS, whose root LP alone took 50 s). A judgement call, not a published figure.
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
    graphs: dict[str, labelling.PersonalGraph],
    duals: ExactDuals,
    lower_bound: int,
    incumbent: int | None,
    seconds: float,
) -> GapResult:
    """Raise the target from ``lower_bound`` until a rota of cost <= target turns up (the
    best of them is optimal), the target reaches the incumbent (which is then optimal),
    or time runs out. Nothing is tried unless the models of the first two targets stay
    within :data:`MAX_ARCS` (the gap is then too wide to close in the time).

    ``graphs`` are everyone's exact state graphs (the pricing ones). Where a person has
    capped shift types, a relaxed graph that leaves the caps out of its states (the model
    caps them with linear sums instead) is tried as well, and whichever of the two keeps
    fewer arcs within the gap is used: counting several caps multiplies the states, while
    leaving out a tight cap lets many rotas through the filter. Arcs are always filtered
    against the person's exact cheapest cost, in ``duals``."""
    deadline = time.perf_counter() + seconds
    target = max(lower_bound, math.ceil(duals.lagrangian - 1e-6))
    choices = _graph_choices(problem, graphs, duals)
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


def _graph_choices(
    problem: Problem, graphs: dict[str, labelling.PersonalGraph], duals: ExactDuals
) -> dict[str, list[Choice]]:
    """Each person's exact graph and, where it counts capped types, the relaxed one, each
    priced once at ``duals`` (every target reads the same pass)."""
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
    """Per person, the graph with fewer arcs within the gap ``target - L`` and those arcs
    (None if the target is below the bound or the model would be too big)."""
    budget = (target - duals.lagrangian) * SCALE
    if budget < 0:
        return None
    out = {}
    total = 0
    for sid, candidates in choices.items():
        graph, arcs = min(
            ((g, g.arcs_within(priced, budget, reference=duals.lowest[sid])) for g, priced in candidates),
            key=lambda pair: len(pair[1]),
        )
        total += len(arcs)
        if not arcs or total > MAX_ARCS:
            return None
        out[sid] = (graph, arcs)
    return out


def _solve(
    problem: Problem,
    arcs: dict[str, tuple[labelling.PersonalGraph, list[Arc]]],
    duals: ExactDuals,
    target: int,
    seconds: float,
) -> tuple[frozenset[Key], int, bool] | str | None:
    """The arc-flow MIP of cost <= ``target``, solved by HiGHS: (keys, cost, proven optimal),
    "infeasible", or None when time ran out with nothing found."""
    model = mathopt.Model(name="arc flow")
    cost: list = []
    keys: dict[Key, list[mathopt.Variable]] = defaultdict(list)
    rows: dict[int, list[mathopt.Variable]] = defaultdict(list)
    last = problem.horizon_days - 1
    for sid, (graph, person_arcs) in arcs.items():
        out: dict[tuple[int, int], list] = defaultdict(list)
        into: dict[tuple[int, int], list] = defaultdict(list)
        of_type: dict[str, list] = defaultdict(list)
        for day, start, o, to, _ in person_arcs:
            arc = model.add_binary_variable()
            out[day, start].append(arc)
            into[day, to].append(arc)
            option = graph.options[day][o]
            if option.own_cost:
                cost.append(option.own_cost * arc)
            for key in option.keys:
                keys[key].append(arc)
                of_type[key[2]].append(arc)
                for row in duals.key_rows.get(key, ()):
                    rows[row].append(arc)
        model.add_linear_constraint(mathopt.fast_sum(out[0, 0]) == 1)
        for day, node in into:
            if day < last:
                model.add_linear_constraint(
                    mathopt.fast_sum(into[day, node]) - mathopt.fast_sum(out.get((day + 1, node), [])) == 0
                )
        for shift_id, cap in graph.type_caps.items():
            if len(of_type[shift_id]) > cap:
                model.add_linear_constraint(mathopt.fast_sum(of_type[shift_id]) <= cap)
    budget = (target - duals.lagrangian) * SCALE
    for i, (row, pi) in enumerate(zip(duals.rows, duals.pis)):
        under_max = _slack_cap(row.under_max if row.sense in ("==", ">=") else 0, row.under_cost * SCALE - pi, budget)
        over_max = _slack_cap(len(arcs) if row.sense in ("==", "<=") else 0, row.over_cost * SCALE + pi, budget)
        under = model.add_integer_variable(lb=0, ub=under_max)
        over = model.add_integer_variable(lb=0, ub=over_max)
        lo, hi = {"==": (row.rhs, row.rhs), ">=": (row.rhs, math.inf), "<=": (-math.inf, row.rhs)}[row.sense]
        model.add_linear_constraint(lb=lo, ub=hi, expr=mathopt.fast_sum(rows.get(i, [])) + under - over)
        cost += [row.under_cost * under, row.over_cost * over]
    total = mathopt.fast_sum(cost)
    model.add_linear_constraint(total <= target)
    model.minimize(total)
    params = mathopt.SolveParameters(time_limit=timedelta(seconds=max(0.1, seconds)))
    result = mathopt.solve(model, mathopt.SolverType.HIGHS, params=params)
    reason = result.termination.reason
    if reason in (mathopt.TerminationReason.INFEASIBLE, mathopt.TerminationReason.INFEASIBLE_OR_UNBOUNDED):
        return "infeasible"
    if not result.has_primal_feasible_solution():
        return None
    values = result.variable_values()
    chosen = frozenset(k for k, vs in keys.items() if any(values[v] > 0.5 for v in vs))
    return chosen, round(result.objective_value()), reason == mathopt.TerminationReason.OPTIMAL


def _slack_cap(cap: int, reduced_cost: float, budget: float) -> int:
    """The most shortfall (or excess) on a cover line a rota within the gap can afford."""
    return cap if reduced_cost <= 0 else min(cap, int(budget // reduced_cost))

"""Solve exactly inside the reduced-cost gap: an arc-flow CP-SAT model over the only rotas
that can still be part of a rota costing at most a target.

Column generation ends with cover duals ``pi`` and a Lagrangian bound ``L``. For any rota,
``objective = L + sum over people of (their rota's reduced cost) + sum over cover lines of
(the reduced cost of their shortfall or excess)``, and every term is >= 0. So a rota costing
at most ``T`` uses, for each person, only rotas whose reduced cost is at most ``T - L``, and
leaves a cover line short or over only where that is cheap enough. When ``T - L`` is small
(on the Curtois instances it is 1-4 against objectives of 1,000-2,000), few paths of each
person's state graph (:mod:`.labelling`) survive, and the arcs they use make a small model
whose flows are exactly those rotas. CP-SAT then either finds the best rota of cost <= T,
which is optimal for the whole problem, or proves there is none, which lifts the bound to
T + 1. :func:`solve_within_gap` walks T up from the bound.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from pch_workforce.rota import labelling
from pch_workforce.rota.colgen import SCALE, ExactDuals

Key = tuple[str, int, str, str]
MAX_ARCS = 40_000  # beyond this the model is too big to settle in seconds; give up


@dataclass(frozen=True)
class GapResult:
    """What the search inside the gap proved: the best rota of cost <= ``target`` (its keys
    and cost) when one exists, else None; ``lower_bound`` is proven either way."""

    keys: frozenset[Key] | None
    objective: int | None
    lower_bound: int
    optimal: bool
    targets_tried: tuple[int, ...]


def solve_within_gap(
    graphs: dict[str, labelling.PersonalGraph],
    duals: ExactDuals,
    lower_bound: int,
    incumbent: int | None,
    seconds: float,
    workers: int = 8,
    seed: int = 0,
) -> GapResult:
    """Raise the target from ``lower_bound`` until a rota of cost <= target turns up (it is
    optimal), the target reaches the incumbent (which is then optimal), the model grows
    past :data:`MAX_ARCS`, or time runs out."""
    deadline = time.perf_counter() + seconds
    target = max(lower_bound, math.ceil(duals.lagrangian - 1e-6))
    tried: list[int] = []
    while time.perf_counter() < deadline:
        if incumbent is not None and target >= incumbent:
            return GapResult(None, None, target, True, tuple(tried))
        built = _build(graphs, duals, target)
        if built is None:
            break
        tried.append(target)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        solver.parameters.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
        status = solver.solve(built.model)
        if status == cp_model.OPTIMAL:
            keys = frozenset(k for k, lits in built.keys.items() if any(solver.boolean_value(a) for a in lits))
            value = round(solver.objective_value)
            return GapResult(keys, value, value, True, tuple(tried))
        if status != cp_model.INFEASIBLE:
            break  # out of time (a FEASIBLE rota here is not proven best; the LNS takes over)
        target += 1  # no rota costs <= target
    return GapResult(None, None, target, False, tuple(tried))


@dataclass
class _Built:
    model: cp_model.CpModel
    keys: dict[Key, list[cp_model.IntVar]]


def _build(graphs: dict[str, labelling.PersonalGraph], duals: ExactDuals, target: int) -> _Built | None:
    """The arc-flow model of every rota within the gap ``target - L`` (None if too big)."""
    budget = (target - duals.lagrangian) * SCALE
    m = cp_model.CpModel()
    keys: dict[Key, list[cp_model.IntVar]] = defaultdict(list)
    row_terms: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    cost_terms, reduced_terms = [], []
    total_arcs = 0
    for sid, graph in graphs.items():
        lowest, arcs = graph.arcs_within(duals.reward, SCALE, budget)
        if not arcs:  # the target is below the bound (or the person has no rota)
            return None
        total_arcs += len(arcs)
        if total_arcs > MAX_ARCS:
            return None
        out: dict[tuple[int, int], list] = defaultdict(list)
        into: dict[tuple[int, int], list] = defaultdict(list)
        for day, start, o, to, cost in arcs:
            arc = m.new_bool_var(f"arc[{sid},{day},{start},{o}]")
            out[day, start].append(arc)
            into[day, to].append(arc)
            option = graph.options[day][o]
            if option.own_cost:
                cost_terms.append(option.own_cost * arc)
            reduced_terms.append(round(cost) * arc)
            for key in option.keys:
                keys[key].append(arc)
                for row in duals.key_rows.get(key, ()):
                    row_terms[row].append(arc)
        m.add_exactly_one(out[0, 0])
        last = graph.problem.horizon_days - 1
        for day, node in into:
            if day < last:
                m.add(sum(into[day, node]) == sum(out.get((day + 1, node), [])))
        reduced_terms.append(-round(lowest))
    n_staff = len(graphs)
    for i, (row, pi) in enumerate(zip(duals.rows, duals.pis)):
        count = sum(row_terms.get(i, []))
        under_rc = row.under_cost * SCALE - pi
        over_rc = row.over_cost * SCALE + pi
        under_max = row.under_max if row.sense in ("==", ">=") else 0
        if under_rc > 0:
            under_max = min(under_max, int(budget // under_rc))
        over_max = n_staff if row.sense in ("==", "<=") else 0
        if over_rc > 0:
            over_max = min(over_max, int(budget // over_rc))
        under = m.new_int_var(0, under_max, f"under[{i}]")
        over = m.new_int_var(0, over_max, f"over[{i}]")
        if row.sense == "==":
            m.add(count + under - over == row.rhs)
        elif row.sense == ">=":
            m.add(count + under >= row.rhs)
            m.add(over == 0)
        else:
            m.add(count - over <= row.rhs)
            m.add(under == 0)
        cost_terms += [row.under_cost * under, row.over_cost * over]
        reduced_terms += [under_rc * under, over_rc * over]
    m.add(sum(reduced_terms) <= math.floor(budget + 1e-6))
    m.minimize(sum(cost_terms))
    return _Built(m, dict(keys))

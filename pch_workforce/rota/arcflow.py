"""Solve exactly inside the reduced-cost gap: an arc-flow MIP over the only rotas
that can still be part of a rota costing at most a target (and, where the gap is wide, the
same MIP near the LP optimum).

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

Why HiGHS: over the six models that settle Instances 5-7 (T = 1142/1143, 1949/1950,
1055/1056), HiGHS through MathOpt took 20.8 s in all against 31.6 s for SCIP, one run each on
2 cores. Why the ``highspy`` package and not the HiGHS inside OR-Tools: the newer HiGHS (1.16)
finds Instance8's optimum near the LP (:func:`search_near_the_lp`, 15,000 arcs) in 11-34 s,
where OR-Tools 9.15's took 83-150 s or found nothing in 120 s; and it can be stopped from
another thread, so two runs with different seeds race on the two cores.

Where the gap is too wide for the exact search, :func:`search_near_the_lp` holds each person
to rotas within a smaller reduced-cost cap and searches that model the same way: a heuristic
(finding nothing proves nothing) that finds rotas the local search does not reach.
"""

from __future__ import annotations

import ctypes
import math
import os
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import highspy
import numpy as np

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
# The search near the LP holds each person to rotas within a reduced-cost cap as wide as this
# many arcs allow. A judgement call from Instance8, where it is a lottery on the exact model
# and seed: at one set of duals, 15,038 arcs (a 0.700 cap) gave 1300 in 11 of 12 single-seed
# HiGHS runs of 25-60 s (after 11-34 s), but 14,879 (0.694) gave it in one or two of six 45 s
# runs and 15,099 (0.707) in none of four; at 10,972 (0.5) there is no rota of 1300 at all.
NEAR_ARCS = 15_000
Arc = tuple[int, int, int, int, float]  # day, from, option, to, scaled reduced cost
# One HiGHS run per seed, side by side on the two cores: its tree search is a matter of luck
# (Instance8 at a 0.7 cap, one run each: 1300 found after 11, 14, 27 and 33 s, or not in 60 s).
SEEDS = (0, 1)
OPTIMAL = highspy.HighsModelStatus.kOptimal
INFEASIBLE = highspy.HighsModelStatus.kInfeasible
SOLUTION_FEASIBLE = int(highspy.SolutionStatus.kSolutionStatusFeasible)  # what getInfo() reports


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


@dataclass(frozen=True)
class NearResult:
    """What the search near the LP found: a rota (its keys and cost) or None, the reduced-cost
    cap each person was held to, and how many arcs that left."""

    keys: frozenset[Key] | None
    objective: int | None
    cap: float
    arcs: int


def search_near_the_lp(
    problem: Problem,
    choices: dict[str, list[Choice]],
    duals: ExactDuals,
    target: int,
    seconds: float,
    max_arcs: int = NEAR_ARCS,
    seeds: tuple[int, ...] = SEEDS,
) -> NearResult:
    """The best rota of cost <= ``target`` in which each person works only arcs that lie on
    some rota of theirs within a reduced-cost cap of their cheapest, the cap as wide as
    ``max_arcs`` allows (a path may join such arcs into a dearer rota; the cost row still
    holds the total). A heuristic where the gap is too wide for :func:`solve_within_gap`:
    finding nothing proves nothing, but a rota found is a real one, near the LP optimum,
    where the best rotas lie.

    Why it works: in ``objective = L + sum of reduced costs``, a rota costing little more
    than the bound spreads that little over many people. Instance8's optimum (1300, bound
    1296.6) has no one above 0.57, so a 0.7 cap (15,000 arcs) holds it, where the full gap
    of 3.4 needs 56,000-72,000 arcs, whose root LP alone takes HiGHS 40 s."""
    budget = target - duals.lagrangian
    if budget < 0:
        return NearResult(None, None, 0.0, 0)
    cap, arcs = _widest_cap(choices, duals, budget, max_arcs)
    if arcs is None:
        return NearResult(None, None, cap, 0)
    mip = _ArcMip(problem, arcs, duals, target)
    found = _best_found(mip, _race(mip, seeds, seconds))
    size = sum(len(a) for _, a in arcs.values())
    if found is None:
        return NearResult(None, None, cap, size)
    keys, value = found
    return NearResult(keys, value, cap, size)


def _widest_cap(
    choices: dict[str, list[Choice]], duals: ExactDuals, budget: float, max_arcs: int
) -> tuple[float, dict[str, tuple[labelling.PersonalGraph, list[Arc]]] | None]:
    """The widest per-person reduced-cost cap (at most ``budget``, to 1/100) whose arcs stay
    within ``max_arcs``, by bisection, and those arcs (None if even a zero cap is too many
    or someone has no rota within it)."""

    def arcs_at(cap: float) -> dict[str, tuple[labelling.PersonalGraph, list[Arc]]] | None:
        return _arcs_capped(choices, duals, cap, max_arcs)

    best = arcs_at(budget)
    if best is not None:
        return budget, best
    low, high = 0.0, budget
    best = arcs_at(low)
    if best is None:
        return 0.0, None
    while high - low > 0.01:
        middle = (low + high) / 2
        found = arcs_at(middle)
        if found is None:
            high = middle
        else:
            low, best = middle, found
    return low, best


def _arcs_capped(
    choices: dict[str, list[Choice]], duals: ExactDuals, cap: float, max_arcs: int
) -> dict[str, tuple[labelling.PersonalGraph, list[Arc]]] | None:
    """Each person's arcs on rotas within ``cap`` of their cheapest (the graph with fewer),
    or None if there are more than ``max_arcs`` in all or someone has none."""
    out = {}
    total = 0
    for sid, candidates in choices.items():
        graph, arcs = min(
            ((g, g.arcs_within(priced, cap * SCALE, reference=duals.lowest[sid])) for g, priced in candidates),
            key=lambda pair: len(pair[1]),
        )
        total += len(arcs)
        if not arcs or total > max_arcs:
            return None
        out[sid] = (graph, arcs)
    return out


Choice = tuple[labelling.PersonalGraph, labelling.Priced]


def graph_choices(
    problem: Problem, graphs: dict[str, labelling.PersonalGraph], duals: ExactDuals
) -> dict[str, list[Choice]]:
    """Each person's exact graph (``graphs``, the pricing ones) and, where it counts capped
    types, a relaxed graph that leaves the caps out of its states (the model caps them with
    linear sums instead), each priced once at ``duals``: every target of both searches reads
    this one pass. Whichever of a person's graphs keeps fewer arcs within a gap is used:
    counting several caps multiplies the states, while leaving out a tight cap lets many
    rotas through the filter. Arcs are always filtered against the person's exact cheapest
    cost, in ``duals``."""
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
    budget = target - duals.lagrangian
    return None if budget < 0 else _arcs_capped(choices, duals, budget, MAX_ARCS)


class _ArcMip:
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
        self.cost: list[float] = []
        self.upper: list[float] = []
        self.rows: list[tuple[float, float, list[tuple[int, float]]]] = []
        self.keys_of: dict[int, tuple[Key, ...]] = {}
        on_row: dict[int, list[int]] = defaultdict(list)
        last = problem.horizon_days - 1
        for graph, person_arcs in arcs.values():
            out: dict[tuple[int, int], list[int]] = defaultdict(list)
            into: dict[tuple[int, int], list[int]] = defaultdict(list)
            of_type: dict[str, list[int]] = defaultdict(list)
            for day, start, o, to, _ in person_arcs:
                option = graph.options[day][o]
                arc = self._column(option.own_cost, 1)
                self.keys_of[arc] = option.keys
                out[day, start].append(arc)
                into[day, to].append(arc)
                for key in option.keys:
                    of_type[key[2]].append(arc)
                    for row in duals.key_rows.get(key, ()):
                        on_row[row].append(arc)
            self._row(1, 1, [(a, 1) for a in out[0, 0]])
            for day, node in into:
                if day < last:
                    flow = [(a, 1) for a in into[day, node]] + [(a, -1) for a in out.get((day + 1, node), [])]
                    self._row(0, 0, flow)
            for shift_id, cap in graph.type_caps.items():
                if len(of_type[shift_id]) > cap:
                    self._row(-math.inf, cap, [(a, 1) for a in of_type[shift_id]])
        budget = (target - duals.lagrangian) * SCALE
        for i, (row, pi) in enumerate(zip(duals.rows, duals.pis)):
            under_max = _slack_cap(row.under_max if row.sense in ("==", ">=") else 0, row.under_cost * SCALE - pi, budget)
            over_max = _slack_cap(len(arcs) if row.sense in ("==", "<=") else 0, row.over_cost * SCALE + pi, budget)
            under = self._column(row.under_cost, under_max)
            over = self._column(row.over_cost, over_max)
            lo, hi = {"==": (row.rhs, row.rhs), ">=": (row.rhs, math.inf), "<=": (-math.inf, row.rhs)}[row.sense]
            self._row(lo, hi, [(a, 1) for a in on_row.get(i, [])] + [(under, 1), (over, -1)])
        self._row(-math.inf, target, [(j, c) for j, c in enumerate(self.cost) if c])

    def _column(self, cost: float, upper: float) -> int:
        self.cost.append(cost)
        self.upper.append(upper)
        return len(self.cost) - 1

    def _row(self, lower: float, upper: float, terms: list[tuple[int, float]]) -> None:
        self.rows.append((lower, upper, terms))

    def highs_lp(self) -> highspy.HighsLp:
        """The model as HiGHS's LP structure (row-wise matrix, every column integer)."""
        lp = highspy.HighsLp()
        n = len(self.cost)
        lp.num_col_, lp.num_row_ = n, len(self.rows)
        lp.col_cost_ = np.array(self.cost, dtype=float)
        lp.col_lower_ = np.zeros(n)
        lp.col_upper_ = np.array(self.upper, dtype=float)
        big = highspy.kHighsInf
        lp.row_lower_ = np.array([max(lo, -big) for lo, _, _ in self.rows], dtype=float)
        lp.row_upper_ = np.array([min(hi, big) for _, hi, _ in self.rows], dtype=float)
        starts, index, value = [0], [], []
        for _, _, terms in self.rows:
            index += [j for j, _ in terms]
            value += [c for _, c in terms]
            starts.append(len(index))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(value, dtype=float)
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
        return lp

    def keys(self, values: list[float]) -> frozenset[Key]:
        """The assignments of the arcs a solution uses."""
        return frozenset(k for arc, keys in self.keys_of.items() if values[arc] > 0.5 for k in keys)


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
    runs = _race(mip, seeds, seconds)
    if any(status == INFEASIBLE for _, status in runs):
        return "infeasible"
    found = _best_found(mip, runs)
    if found is None:
        return None
    keys, value = found
    return keys, value, any(status == OPTIMAL for _, status in runs)


class _Stopper:
    """Stops a race's HiGHS runs from another thread (one run proved its answer, or Ctrl-C),
    including a run that has not started yet."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs: list[highspy.Highs] = []
        self.stopped = False

    def watch(self, highs: highspy.Highs) -> None:
        with self._lock:
            self._runs.append(highs)
            if self.stopped:
                highs.cancelSolve()

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            for highs in self._runs:
                highs.cancelSolve()


def _race(
    mip: _ArcMip, seeds: tuple[int, ...], seconds: float
) -> list[tuple[highspy.Highs, highspy.HighsModelStatus]]:
    """Run ``mip`` once per seed, all at once, one thread each, until time runs out or one run
    proves its answer (an optimum, or that there is no rota), which stops the others. Returns
    each run with its status."""
    stopper = _Stopper()
    lp = mip.highs_lp()
    runs = [_highs(lp, seconds, seed) for seed in seeds]

    def run(highs: highspy.Highs) -> highspy.HighsModelStatus:
        stopper.watch(highs)
        if not stopper.stopped:
            highs.run()
        status = highs.getModelStatus()
        if status in (OPTIMAL, INFEASIBLE):
            stopper.stop()
        return status

    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        try:
            statuses = list(pool.map(run, runs))
        except KeyboardInterrupt:  # Ctrl-C: stop the runs before the pool waits for them
            stopper.stop()
            raise
    return list(zip(runs, statuses))


def _best_found(
    mip: _ArcMip, runs: list[tuple[highspy.Highs, highspy.HighsModelStatus]]
) -> tuple[frozenset[Key], int] | None:
    """The cheapest rota any run of ``mip`` found (its assignments and cost), or None."""
    found = [
        (round(highs.getInfo().objective_function_value), highs)
        for highs, _ in runs
        if highs.getInfo().primal_solution_status == SOLUTION_FEASIBLE
    ]
    if not found:
        return None
    value, highs = min(found, key=lambda f: f[0])
    return mip.keys(list(highs.getSolution().col_value)), value


def _highs(lp: highspy.HighsLp, seconds: float, seed: int) -> highspy.Highs:
    """A quiet single-threaded HiGHS holding ``lp``, stoppable from another thread."""
    highs = _new_highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("random_seed", seed % 2_147_483_647)  # HiGHS takes 0..2^31-1
    highs.setOptionValue("time_limit", max(0.1, seconds))
    highs.passModel(lp)
    highs.HandleUserInterrupt = True
    return highs


def _new_highs() -> highspy.Highs:
    """A HiGHS instance. The first one in a process prints HiGHS's banner from C++ straight to
    file descriptor 1, which would corrupt the benchmark's ``--json`` line; it goes to
    /dev/null instead."""
    global _banner_silenced
    if _banner_silenced:
        return highspy.Highs()
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        highs = highspy.Highs()
        ctypes.CDLL(None).fflush(None)  # C's buffered copy of the banner, before fd 1 returns
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    _banner_silenced = True
    return highs


_banner_silenced = False


def _slack_cap(cap: int, reduced_cost: float, budget: float) -> int:
    """The most shortfall (or excess) on a cover line a rota within the gap can afford."""
    return cap if reduced_cost <= 0 else min(cap, int(budget // reduced_cost))

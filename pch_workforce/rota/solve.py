"""Solve a rota problem with CP-SAT and return one typed :class:`RotaReport`.

Build -> solve -> extract, as separate steps: the solution is read back only on OPTIMAL or
FEASIBLE. When the model is infeasible, it is rebuilt with one enforcement literal per hard
rule and subject and solved under those assumptions; the conflicting rules come back in words.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from ortools.sat.python import cp_model

from pch_workforce.rota import arcflow, colgen, lns, near_lp
from pch_workforce.rota.greedy import WarmStartInterrupted, greedy_rota, sequential_rota
from pch_workforce.rota.model import BuildOptions, BuiltModel, build_model, overbooked_rooms_floor
from pch_workforce.rota.problem import Assignment, Problem, Rota
from pch_workforce.rota.relaxation import unsocial_sessions_floor
from pch_workforce.rota.report import (
    InfeasibilityReason,
    RotaReport,
    SoftViolation,
    UncoveredSession,
)
from pch_workforce.solve_report import SolveStatus, relative_gap


@dataclass(frozen=True)
class Progress:
    """Best-so-far figures, passed to ``SolveOptions.progress_callback`` on each new rota."""

    seconds: float
    objective: float
    best_bound: float
    source: str = "search"  # or "warm start" / "hint": a starting rota, before any search


@dataclass(frozen=True)
class SolveOptions:
    """Every solver setting in one place (all reach ``solver.parameters``).

    Reproducibility: with ``deterministic=True`` (the default) the parallel workers are
    interleaved deterministically, so the same problem, seed, ``deterministic_time_limit`` and
    ``workers`` give the same rota, provided the deterministic limit (not ``time_limit``, kept
    as a safety net) is what stops the search. Set ``deterministic=False`` for the fastest
    anytime search (the normal parallel portfolio, limited by wall time), e.g. for benchmarks.

    Large sites and rooms (``repair_with_lns``, off by default; on whatever it says when rooms
    can be overbooked, :attr:`Problem.has_room_limits`): the starting rota is first improved
    week by week (:func:`.lns.sweep`: each team of up to 80 people over each week, exactly, for
    up to ``sweep_share`` of the time, deterministic budget included), then the whole model,
    hinted with the result, gets all the rest (its LP gives the bound). Why: from a rota built
    person by person, one worker's whole-model search on a site with rooms finds little in
    the time (nothing better in 24 s on a 30,000-patient site over 8 weeks), because spreading
    a team over rooms and cover moves many people at once, which a week's exact re-solve does
    directly. Measured on 2 cores, 60 s: the shipped 38,100-patient site over 4 weeks, 5,770
    against a bound of 5,738 (5,784 after 9 s); 30,000 patients over 8 weeks, 5,760 against
    5,743, where the earlier split (whole model for ``search_share``, then the random LNS
    below) ended at 5,885 against 1,740.
    Where there is no starting rota that keeps every hard rule to sweep, the old split runs:
    the whole model for ``search_share`` of the time; if it neither proves the optimum nor shows
    infeasibility, the rota-shaped LNS of :mod:`.lns` improves its rota with a deterministic
    budget, then the whole model, hinted with the LNS rota, gets the rest (all the rest goes
    to the LNS when the search found nothing better than its start).

    Benchmark strategy (``column_generation`` with ``lns_fraction > 0``): where everyone's
    rotas fit a state graph, the exact search inside the reduced-cost gap (:mod:`.arcflow`)
    gets ``gap_search_fraction`` of the time left after column generation, because when it
    runs it settles the instance (Curtois 5-7 proved optimal in 7-28 s); it starts only when
    its models are small. Where it does not start or finds nothing, the search near the LP
    (:mod:`.near_lp`, two HiGHS runs with different seeds, one per core) gets
    ``near_lp_fraction`` of what is left, aiming at ``near_lp_above_bound`` above the bound (a
    judgement call: Curtois 5-7's optima lie 1 above the bound rounded up, Instance8's 3;
    with the earlier arc-flow version of this search, looser aims made HiGHS slower to find
    1300 there). Finding nothing proves nothing, and on a weak LP (Instance9, bound 406
    against 439) it is over in a second. On Instance8 it found 1300 with benchmark seeds 0-7,
    one run each with nothing else running; where it finds nothing, the LNS has only the last
    seconds, from the LP-guided rota (1495 in the one run that missed, seed 2 with another
    process busy on the second core). The README has the full account.

    Why ``workers=1`` by default: on a generated 36-person, 4-week, 4-practice problem
    (``examples.sessions_problem(1, 36, 4, 4)``), one worker proved the optimum (994) in 13.7
    deterministic seconds, while 8 interleaved workers stopped at 1297 (gap 23%) with a
    20-second deterministic limit. The Curtois benchmark, by contrast, wants the full
    8-worker portfolio plus the LNS phase (see ``benchmarks/curtois.py``).
    """

    time_limit: float | None = 60.0
    deterministic_time_limit: float | None = None
    workers: int = 1
    seed: int = 0
    deterministic: bool = True
    linearization_level: int = 2
    hint: Rota | None = None
    warm_start: Literal["none", "greedy", "sequential"] = "sequential"
    warm_start_passes: int = 2
    pattern_flow: bool = False
    lns_fraction: float = 0.0
    first_phase_fraction: float = 0.25
    column_generation: bool = False
    column_generation_fraction: float = 0.5
    gap_search_fraction: float = 0.75
    near_lp_fraction: float = 0.85
    near_lp_above_bound: int = 3
    quick_phase_fraction: float = 0.05
    polish_with_flow: bool = True
    repair_with_lns: bool = False
    search_share: float = 0.4
    sweep_share: float = 1.0
    explain_infeasible: bool = True
    explain_time_limit: float = 30.0
    log_search_progress: bool = False
    log_callback: Callable[[str], None] | None = None
    progress_callback: Callable[[Progress], None] | None = None


def configure_solver(solver: cp_model.CpSolver, options: SolveOptions) -> None:
    """Copy ``options`` onto ``solver.parameters`` (never onto solver attributes)."""
    params = solver.parameters
    params.num_workers = options.workers
    params.random_seed = options.seed
    params.linearization_level = options.linearization_level
    if options.time_limit is not None:
        params.max_time_in_seconds = options.time_limit
    if options.deterministic_time_limit is not None:
        params.max_deterministic_time = options.deterministic_time_limit
    if options.deterministic and options.workers > 1:
        params.interleave_search = True
    params.log_search_progress = options.log_search_progress or options.log_callback is not None
    if options.log_callback is not None:
        params.log_to_stdout = False
        solver.log_callback = options.log_callback


class _ProgressReporter(cp_model.CpSolverSolutionCallback):
    """Passes each CP-SAT rota on, timed from the start of :func:`solve` (model build and warm
    start included, as a user waits for them), not from this CP-SAT run's own start."""

    def __init__(self, callback: Callable[[Progress], None], start: float) -> None:
        super().__init__()
        self._callback = callback
        self._start = start

    def on_solution_callback(self) -> None:
        seconds = time.perf_counter() - self._start
        self._callback(Progress(seconds, self.objective_value, self.best_objective_bound))


def add_hint(bm: BuiltModel, rota: Rota) -> None:
    """Hint every assignment variable from ``rota`` (1 if assigned there, else 0)."""
    values = _hint_values(bm, rota)
    for key, x in bm.x.items():
        bm.model.add_hint(x, values[key])


def warm_start(problem: Problem, options: SolveOptions) -> Rota | None:
    """The starting rota to hint: none, the quick greedy, or per-person sequential solves
    (feasible for every hard rule, so the search starts from a real rota)."""
    if options.warm_start == "greedy":
        return greedy_rota(problem)
    if options.warm_start == "sequential":
        return sequential_rota(problem, seed=options.seed, passes=options.warm_start_passes)
    return None


def solve(problem: Problem, options: SolveOptions | None = None) -> RotaReport:
    """Build, solve and report; explains an infeasible problem by hard-rule name.

    With ``lns_fraction > 0`` (and a wall-time limit) the solve runs in three phases: CP-SAT
    on the whole model for ``first_phase_fraction`` of the time (it often proves small cases
    optimal at once), the rota-shaped LNS of :mod:`pch_workforce.rota.lns` from its best rota
    for ``lns_fraction``, then CP-SAT from the LNS rota for the rest (bound and polish). The
    best rota and the best bound of all phases are reported. This mode is not reproducible
    (wall-time driven); keep ``lns_fraction = 0`` (the default) where the same inputs must
    give the same rota.

    With ``column_generation`` as well (and no fairness rule, see :mod:`.colgen`), the first
    phase is column generation instead: its Lagrangian bound is proven, so it is added to the
    model as a floor on the objective (CP-SAT stops as soon as it meets it), and its LP
    solution guides short CP-SAT solves with the decided assignments fixed. When everyone's
    rotas fit a state graph (:mod:`.labelling`), an exact search inside the reduced-cost gap
    (:mod:`.arcflow`) comes first, for ``gap_search_fraction`` of the time: it finds the
    optimum or lifts the bound.
    """
    options = options or SolveOptions()
    start = time.perf_counter()
    bm = build_model(problem, BuildOptions(pattern_flow=options.pattern_flow))
    # Bounds from counting and from a small relaxation, for the report only, never added to the model:
    # as constraints they held CP-SAT's own bound (the room count) or wrecked its search (the
    # unsocial-sessions relaxation: 1,210 instead of 79 at 20 units on the shipped site). The
    # relaxation (:mod:`.relaxation`) prices the whole-session fairness and MDT costs the LP cannot see.
    counted_floor = max(
        overbooked_rooms_floor(problem),
        unsocial_sessions_floor(problem, deterministic_limit=1.0, seed=options.seed),
    )
    try:
        hint = options.hint or warm_start(problem, options)
    except WarmStartInterrupted as stop:  # Ctrl-C after a whole pass: no search, report that rota
        return _interrupted_warm_start(bm, options, start, stop.rota)
    held = None  # the starting rota, read by a solver, once announced
    if hint is not None:
        try:
            add_hint(bm, hint)
            if options.progress_callback is not None:
                held = _announce_start(bm, hint, options, start)
        except KeyboardInterrupt:  # Ctrl-C before the search: the starting rota as it is
            return _interrupted_warm_start(bm, options, start, hint)
        if held is not None:  # from now on, announce only rotas better than the start
            options = replace(options, progress_callback=_better_than(held.objective_value, options.progress_callback))
    phased = options.lns_fraction > 0 and options.time_limit is not None
    det_spent: float | None = None  # deterministic time of every phase of the default path
    if phased and options.column_generation and colgen.supports(problem):
        status, solver, bound, guide = _column_generation_phase(bm, options, start, hint)
    else:
        wanted = options.repair_with_lns or problem.has_room_limits
        repair = wanted and not phased and options.time_limit is not None
        share = options.first_phase_fraction if phased else options.search_share if repair else 1.0
        det_swept = 0.0
        if repair and hint is not None:
            swept = _sweep_weeks(bm, hint, held, options, start, counted_floor)
            if swept.interrupted:  # Ctrl-C: report the best rota so far, search no more
                common = _report_fields(options, start, SolveStatus.FEASIBLE, swept.deterministic_time)
                return _solution_report(bm, swept.held, common, counted_floor)
            hint, held, det_swept = swept.hint, swept.held, swept.deterministic_time
            if held is not None:  # swept: the whole model, hinted with it, gets all the rest
                share, repair = 1.0, False
        status, solver = _run(bm, options, start, share, det_swept)
        det_spent = det_swept + solver.deterministic_time
        bound = solver.best_objective_bound if status.has_solution else None
        guide = None
        fell_back = False
        if status == SolveStatus.UNKNOWN and hint is not None:
            status, solver, bound = _fall_back_to_hint(bm, hint, solver, held)
            fell_back = status.has_solution
            if held is None:  # not announced yet
                _announce(options, start, solver.objective_value if fell_back else None, bound)
        if repair and status == SolveStatus.FEASIBLE:
            status, solver, bound, det_spent = _repair_with_lns(
                bm, options, start, solver, bound, det_spent, lns_share=1.0 if fell_back else 0.5
            )
    if phased and status == SolveStatus.FEASIBLE:
        status, bm, solver, bound = _lns_then_polish(bm, options, start, solver, bound, guide)
    if phased or det_spent is None:
        det_spent = solver.deterministic_time  # the benchmark's phases report their last solve
    common = _report_fields(options, start, status, det_spent)
    if status == SolveStatus.INFEASIBLE:
        reasons = explain_infeasibility(problem, options) if options.explain_infeasible else ()
        common["seconds"] = time.perf_counter() - start
        return RotaReport(**common, infeasibility=tuple(reasons))
    if not status.has_solution:
        return RotaReport(**common)
    return _solution_report(bm, solver, common, counted_floor if bound is None else max(bound, counted_floor))


def _report_fields(options: SolveOptions, start: float, status: SolveStatus, deterministic_time: float) -> dict:
    """What every report says about the solve itself: status, times, workers, seed, limits."""
    return dict(
        status=status,
        seconds=time.perf_counter() - start,
        deterministic_time=deterministic_time,
        workers=options.workers,
        seed=options.seed,
        time_limit=options.time_limit,
        deterministic_time_limit=options.deterministic_time_limit,
    )


def _run(
    bm: BuiltModel, options: SolveOptions, start: float, share: float, det_spent: float = 0.0
) -> tuple[SolveStatus, cp_model.CpSolver]:
    """One CP-SAT solve of the whole model, limited to ``share`` of what time is left."""
    return _run_model(bm.model, options, start, share, det_spent)


def _wall_seconds(options: SolveOptions, start: float, share: float) -> float:
    """A phase's wall-clock limit: ``share`` of what is left, or, with a deterministic limit, all
    of it. The deterministic limit then shares the time out and the clock is only a safety net:
    a phase cut at its share of the clock (24 s for 8 deterministic units on the shipped site,
    which take about 20 s) would stop on machine speed when busy."""
    left = options.time_limit - (time.perf_counter() - start)  # type: ignore[operator]
    return left if options.deterministic_time_limit is not None else left * share


def _run_model(
    model: cp_model.CpModel, options: SolveOptions, start: float, share: float, det_spent: float = 0.0
) -> tuple[SolveStatus, cp_model.CpSolver]:
    """One CP-SAT solve of ``model``, limited to ``share`` of what time is left (wall-clock,
    and deterministic when a deterministic limit is set; ``det_spent`` of it is used)."""
    solver = cp_model.CpSolver()
    configure_solver(solver, options)
    if options.time_limit is not None:  # warm start and build count against the limit
        solver.parameters.max_time_in_seconds = max(0.1, _wall_seconds(options, start, share))
    if options.deterministic_time_limit is not None:
        det_left = options.deterministic_time_limit - det_spent
        solver.parameters.max_deterministic_time = max(0.01, det_left * share)
    callback = _ProgressReporter(options.progress_callback, start) if options.progress_callback else None
    return SolveStatus.from_cp_sat(solver.solve(model, callback)), solver


def _column_generation_phase(
    bm: BuiltModel, options: SolveOptions, start: float, hint: Rota | None
) -> tuple[SolveStatus, cp_model.CpSolver, float | None, dict | None]:
    """A short plain CP-SAT solve (small cases end here), then column generation for a
    proven bound, then LP-guided CP-SAT solves for a rota. Returns the status, the solver
    holding the best rota, the bound, and the LP solution (to guide the LNS).

    Falls back to the plain first phase when someone has no rota of their own (the full
    model then reports the infeasibility)."""
    status, solver = _run(bm, options, start, options.quick_phase_fraction)
    if status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE):
        return status, solver, solver.best_objective_bound if status.has_solution else None, None
    best = (status, solver) if status.has_solution else None
    initial: dict[str, set] = {}
    for key in hint.keys() if hint is not None else ():
        initial.setdefault(key[0], set()).add(key)
    left = options.time_limit - (time.perf_counter() - start)
    try:
        result = colgen.generate(
            bm.problem,
            left * options.column_generation_fraction,
            initial={sid: frozenset(keys) for sid, keys in initial.items()},
            seed=options.seed,
        )
    except colgen.NoOwnRota:
        status, solver = _run(bm, options, start, options.first_phase_fraction)
        return status, solver, solver.best_objective_bound if status.has_solution else None, None
    bound = None if result.lower_bound is None else math.ceil(result.lower_bound - 1e-6)
    if best is not None:
        bound = max(bound or 0, math.ceil(best[1].best_objective_bound - 1e-6))
    if result.engine is not None and bound is not None:
        bound, exact = _search_the_gap(bm, result.engine, options, start, bound, best)
        if exact is not None and (best is None or exact.objective_value < best[1].objective_value):
            best = (SolveStatus.FEASIBLE, exact)
    if bound is not None:
        _add_objective_floor(bm, bound)
    for share, tolerance in ((0.5, 0.1), (0.5, 1e-6)):
        if best is not None and bound is not None and best[1].objective_value <= bound:
            break
        if tolerance < 0.1 and best is not None and best[0] == SolveStatus.OPTIMAL:
            break  # the LP-guided rota is the best of its neighbourhood: leave the time to the LNS
        sub = colgen.fix_from_lp(bm, result.lp_rota, tolerance)
        status, solver = _run_model(sub, options, start, share)
        if status.has_solution and (best is None or solver.objective_value < best[1].objective_value):
            best = (status, solver)
    if best is None:
        best = _run(bm, options, start, options.first_phase_fraction)
    status, solver = best
    if status.has_solution:  # optimal for a fixed neighbourhood only, unless it meets the bound
        done = bound is not None and solver.objective_value <= bound
        status = SolveStatus.OPTIMAL if done else SolveStatus.FEASIBLE
    return status, solver, bound, result.lp_rota


def _search_the_gap(
    bm: BuiltModel,
    engine: colgen.ColumnGeneration,
    options: SolveOptions,
    start: float,
    bound: int,
    best: tuple[SolveStatus, cp_model.CpSolver] | None,
) -> tuple[int, cp_model.CpSolver | None]:
    """Exact search inside the reduced-cost gap (:mod:`.arcflow`) for ``gap_search_fraction``
    of the time left, when everyone has a state graph; where that finds nothing (the gap is too
    wide), the search near the LP. Returns the bound proved and, when either found a rota, a
    solver holding it."""
    graphs = engine.graphs()
    if graphs is None:
        return bound, None
    left = options.time_limit - (time.perf_counter() - start)
    duals = engine.exact_duals(time.perf_counter() + 0.1 * left)
    if duals is None:
        return bound, None
    choices = arcflow.graph_choices(bm.problem, graphs, duals)  # priced once for both searches
    incumbent = round(best[1].objective_value) if best is not None else None
    found = arcflow.solve_within_gap(
        bm.problem,
        choices,
        duals,
        bound,
        incumbent,
        seconds=max(0.0, options.time_limit - (time.perf_counter() - start)) * options.gap_search_fraction,
    )
    bound = max(bound, found.lower_bound)
    keys = found.keys
    if keys is None and not found.optimal:
        keys = _search_near_the_lp(bm, choices, duals, options, start, bound, incumbent)
    if keys is None:
        return bound, None
    return bound, _solver_holding(bm, {key: int(key in keys) for key in bm.x})


def _search_near_the_lp(
    bm: BuiltModel,
    choices: dict,
    duals: colgen.ExactDuals,
    options: SolveOptions,
    start: float,
    bound: int,
    incumbent: int | None,
) -> frozenset | None:
    """The search near the LP for ``near_lp_fraction`` of the time left, aiming at
    ``near_lp_above_bound`` above the bound (below the incumbent): the rota it found, if any."""
    target = bound + options.near_lp_above_bound
    if incumbent is not None:
        target = min(target, incumbent - 1)
    if options.near_lp_fraction <= 0 or target < bound:
        return None
    left = max(0.0, options.time_limit - (time.perf_counter() - start))
    seeds = (2 * options.seed, 2 * options.seed + 1)  # one HiGHS run per core
    return near_lp.search_near_the_lp(
        bm.problem, choices, duals, target, seconds=left * options.near_lp_fraction, seeds=seeds
    ).keys


def _add_objective_floor(bm: BuiltModel, floor: int) -> None:
    """Add a proven lower bound on the objective as a constraint (CP-SAT then stops there)."""
    if bm.penalties and floor > 0:
        bm.model.add(bm.objective() >= floor)


def _lns_then_polish(
    bm: BuiltModel,
    options: SolveOptions,
    start: float,
    solver: cp_model.CpSolver,
    bound: float | None,
    guide: dict | None = None,
) -> tuple[SolveStatus, BuiltModel, cp_model.CpSolver, float | None]:
    """Phase 2 (rota-shaped LNS) and phase 3 (CP-SAT from the LNS rota, on the model with the
    pattern flow when ``polish_with_flow``: its tighter LP lifts the bound)."""
    values = _values(bm, solver)
    objective = round(solver.objective_value)
    floor = None if bound is None else math.ceil(bound - 1e-6)
    left = options.time_limit - (time.perf_counter() - start)
    lns_seconds = left * options.lns_fraction / (1.0 - options.first_phase_fraction)
    result = lns.improve(
        bm, values, objective, lns_seconds, seed=options.seed, threads=2, floor=floor, guide=guide
    )
    if floor is not None and result.objective <= floor:
        return SolveStatus.OPTIMAL, bm, _solver_holding(bm, result.values), bound
    if result.interrupted:
        return SolveStatus.FEASIBLE, bm, _solver_holding(bm, result.values), bound
    final = build_model(bm.problem, BuildOptions(pattern_flow=options.polish_with_flow))
    if floor is not None:
        _add_objective_floor(final, floor)
    status, bm, solver, bound, _ = _polish(bm, final, result, options, start, bound, 0.0)
    return status, bm, solver, bound


def _polish(
    lns_bm: BuiltModel,
    final: BuiltModel,
    result: lns.LnsResult,
    options: SolveOptions,
    start: float,
    bound: float | None,
    det_spent: float,
) -> tuple[SolveStatus, BuiltModel, cp_model.CpSolver, float | None, float]:
    """CP-SAT on ``final`` (the whole model), hinted with the LNS rota, for the time left:
    the better rota of the two, the bound lifted by that search, and the deterministic time
    spent so far. ``lns_bm`` is the model the LNS rota was found on."""
    final.model.clear_hints()
    for key, x in final.x.items():
        final.model.add_hint(x, result.values[key])
    status, polished = _run(final, options, start, 1.0, det_spent)
    det_spent += polished.deterministic_time
    if status.has_solution:
        bound = polished.best_objective_bound if bound is None else max(bound, polished.best_objective_bound)
        if polished.objective_value <= result.objective:
            done = status == SolveStatus.OPTIMAL or round(polished.objective_value) <= bound
            return (SolveStatus.OPTIMAL if done else SolveStatus.FEASIBLE), final, polished, bound, det_spent
    done = bound is not None and result.objective <= bound
    status = SolveStatus.OPTIMAL if done else SolveStatus.FEASIBLE
    return status, lns_bm, _solver_holding(lns_bm, result.values), bound, det_spent


def _values(bm: BuiltModel, solver: cp_model.CpSolver) -> dict[lns.Key, int]:
    """Every assignment variable's value in ``solver``'s rota (the LNS works on these)."""
    return {key: int(solver.boolean_value(x)) for key, x in bm.x.items()}


def _announce(options: SolveOptions, start: float, objective: float | None, bound: float | None) -> None:
    """Tell the progress callback about a rota found outside CP-SAT's own search."""
    if objective is not None and options.progress_callback is not None:
        options.progress_callback(Progress(time.perf_counter() - start, objective, bound or 0.0))


@dataclass(frozen=True)
class _Swept:
    hint: Rota  # the rota the whole model is now hinted with
    held: cp_model.CpSolver | None  # a solver holding it (None if the start broke a hard rule)
    deterministic_time: float
    interrupted: bool = False


def _sweep_weeks(
    bm: BuiltModel, hint: Rota, held: cp_model.CpSolver | None, options: SolveOptions, start: float, floor: int
) -> _Swept:
    """Before the whole-model search, improve the starting rota week by week (:func:`lns.sweep`)
    for up to ``sweep_share`` of the time, and hint the model with the result. Why first: from
    a rota built person by person, one worker's whole-model search on a site with rooms found
    nothing better in 24 s (30,000 patients over 8 weeks), while the sweep took it from 10,364
    to 5,815 in 11 s; on the shipped site, from 7,944 to 5,782 in 6 s. A starting rota that
    breaks a hard rule (a user's hint) is left to the search. ``floor``: the bound to announce."""
    held = held or _held_if_feasible(bm, hint)
    if held is None:
        return _Swept(hint, None, 0.0)
    det_budget = None
    if options.deterministic_time_limit is not None:
        det_budget = options.deterministic_time_limit * options.sweep_share
    objective = round(held.objective_value)
    result = lns.sweep(
        bm,
        _hint_values(bm, hint),
        objective,
        _wall_seconds(options, start, options.sweep_share),
        seed=options.seed,
        deterministic_seconds=det_budget,
        on_improve=lambda better: _announce(options, start, better, floor),
    )
    if result.objective >= objective:
        return _Swept(hint, held, result.deterministic_time, result.interrupted)
    rota = Rota(assignments=tuple(
        Assignment(staff_id=s, day=d, shift_id=sh, location_id=loc)
        for (s, d, sh, loc), value in sorted(result.values.items()) if value
    ))
    bm.model.clear_hints()
    add_hint(bm, rota)
    return _Swept(rota, _solver_holding(bm, result.values), result.deterministic_time, result.interrupted)


def _repair_with_lns(
    bm: BuiltModel,
    options: SolveOptions,
    start: float,
    solver: cp_model.CpSolver,
    bound: float | None,
    det_spent: float,
    lns_share: float,
) -> tuple[SolveStatus, cp_model.CpSolver, float | None, float]:
    """The rota-shaped LNS from the whole-model search's rota for ``lns_share`` of what is
    left (deterministic budget, one thread: reproducible), then, unless that was all, the
    whole model hinted with the LNS rota for the rest. Returns the status, a solver holding
    the best rota, the bound and the deterministic time spent in all."""
    values = _values(bm, solver)
    floor = None if bound is None else math.ceil(bound - 1e-6)
    det_budget = None
    if options.deterministic_time_limit is not None:
        det_budget = max(0.0, options.deterministic_time_limit - det_spent) * lns_share
    result = lns.improve(
        bm,
        values,
        round(solver.objective_value),
        _wall_seconds(options, start, lns_share),
        seed=options.seed,
        threads=1,
        floor=floor,
        deterministic_seconds=det_budget,
        on_improve=lambda objective: _announce(options, start, objective, bound),
    )
    det_spent += result.deterministic_time
    reached_floor = floor is not None and result.objective <= floor
    if reached_floor or lns_share >= 1.0 or result.interrupted:
        status = SolveStatus.OPTIMAL if reached_floor else SolveStatus.FEASIBLE
        return status, _solver_holding(bm, result.values), bound, det_spent
    status, _, solver, bound, det_spent = _polish(bm, bm, result, options, start, bound, det_spent)
    return status, solver, bound, det_spent


def _interrupted_warm_start(bm: BuiltModel, options: SolveOptions, start: float, rota: Rota) -> RotaReport:
    """The report when Ctrl-C stops the warm start after a whole pass: its rota as it stands
    (``FEASIBLE``, no bound; ``UNKNOWN`` and no rota if it somehow breaks a hard rule). Ctrl-C
    before a whole pass is a plain KeyboardInterrupt: there is no rota to report."""
    held = _held_if_feasible(bm, rota)
    status = SolveStatus.UNKNOWN if held is None else SolveStatus.FEASIBLE
    common = _report_fields(options, start, status, deterministic_time=0.0)
    return RotaReport(**common) if held is None else _solution_report(bm, held, common, None)


def _announce_start(bm: BuiltModel, hint: Rota, options: SolveOptions, start: float) -> cp_model.CpSolver | None:
    """Tell the progress callback about the starting rota if it keeps every hard rule, before
    the search begins: on a large site the search may find nothing better for a long time
    (a 50,000-patient site over 12 weeks: nothing within the minute), and the user should see
    that a rota exists. Returns the solver holding it (None if it breaks a hard rule)."""
    held = _held_if_feasible(bm, hint)
    if held is None:
        return None
    source = "hint" if options.hint is not None else "warm start"
    options.progress_callback(Progress(time.perf_counter() - start, held.objective_value, 0.0, source))
    return held


def _better_than(objective: float, callback: Callable[[Progress], None]) -> Callable[[Progress], None]:
    """``callback``, told only of rotas cheaper than ``objective`` (the announced start), so
    the progress line always shows the best rota so far."""

    def announce(progress: Progress) -> None:
        if progress.objective < objective:
            callback(progress)

    return announce


def _hint_values(bm: BuiltModel, rota: Rota) -> dict:
    """Every assignment variable's value in ``rota`` (1 if assigned there, else 0)."""
    chosen = rota.keys()
    return {key: int(key in chosen) for key in bm.x}


def _held_if_feasible(bm: BuiltModel, rota: Rota) -> cp_model.CpSolver | None:
    """A solver holding ``rota`` (to report it like any other), or None if it breaks a hard rule."""
    held = _solver_holding(bm, _hint_values(bm, rota))
    return held if held.response_proto.status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


def _fall_back_to_hint(
    bm: BuiltModel, hint: Rota, stopped: cp_model.CpSolver, held: cp_model.CpSolver | None = None
) -> tuple[SolveStatus, cp_model.CpSolver, float | None]:
    """CP-SAT found no rota in time, but the warm start is one if it keeps every hard rule
    (the sequential warm start does, by construction): report it rather than nothing, with
    whatever bound the stopped search proved. ``held``: the hint already read by a solver."""
    if held is None:
        held = _held_if_feasible(bm, hint)
    if held is None:
        return SolveStatus.UNKNOWN, stopped, None
    return SolveStatus.FEASIBLE, held, stopped.best_objective_bound


def _solver_holding(bm: BuiltModel, values: dict) -> cp_model.CpSolver:
    """A solver whose solution is exactly ``values`` (so the report reads it like any other)."""
    fixed = bm.model.clone()
    fixed.clear_hints()
    for key, x in bm.x.items():
        domain = fixed.proto.variables[x.index].domain
        domain.clear()
        domain.extend([values[key], values[key]])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.catch_sigint_signal = False  # Ctrl-C is for the caller, not this quick read
    solver.solve(fixed)
    return solver


def _solution_report(
    bm: BuiltModel, solver: cp_model.CpSolver, common: dict, best_bound: float | None
) -> RotaReport:
    p = bm.problem
    objective = round(solver.objective_value) if bm.penalties else 0
    # Every penalty is a weight >= 0 times an amount >= 0, so 0 is always a bound; CP-SAT reports
    # a negative one when it stopped before its LP got going (-1,265 on a 100,000-patient site).
    bound = max(0, round(best_bound)) if bm.penalties and best_bound is not None else 0
    if common["status"] == SolveStatus.FEASIBLE and bm.penalties and objective <= bound:
        common = {**common, "status": SolveStatus.OPTIMAL}  # a bound from outside CP-SAT proves it
    if common["status"] == SolveStatus.OPTIMAL:
        bound = objective
    assignments = tuple(
        Assignment(staff_id=s, day=d, shift_id=sh, location_id=loc)
        for (s, d, sh, loc), x in bm.x.items()
        if solver.boolean_value(x)
    )
    by_rule: dict[str, int] = {}
    violations = []
    for term in bm.penalties:
        amount = round(solver.value(term.expr))
        if amount:
            by_rule[term.rule] = by_rule.get(term.rule, 0) + amount * term.weight
            violations.append(
                SoftViolation(
                    rule=term.rule,
                    subject=term.subject,
                    day=term.day,
                    shift_id=term.shift_id,
                    amount=amount,
                    weight=term.weight,
                )
            )
    counts: dict[tuple[int, str, str, str | None], int] = {}
    for a in assignments:
        skills = p.staff_by_id[a.staff_id].skills
        for skill in (None, *skills):
            k = (a.day, a.shift_id, a.location_id, skill)
            counts[k] = counts.get(k, 0) + 1
    uncovered = tuple(
        UncoveredSession(
            day=r.day,
            shift_id=r.shift_id,
            location_id=r.location_id,
            skill=r.skill,
            minimum=r.minimum,
            assigned=n,
        )
        for r in p.cover
        if (n := counts.get((r.day, r.shift_id, r.location_id, r.skill), 0)) < r.minimum
    )
    return RotaReport(
        **common,
        objective=objective,
        best_bound=bound,
        gap=relative_gap(objective, bound),
        objective_by_rule=by_rule,
        violations=tuple(violations),
        uncovered_sessions=uncovered,
        rota=Rota(assignments=assignments),
    )


def explain_infeasibility(problem: Problem, options: SolveOptions) -> list[InfeasibilityReason]:
    """Name a small set of hard rules that cannot all hold together.

    CP-SAT's sufficient assumptions give a core; a deletion pass then drops every rule whose
    removal keeps the rest infeasible, so the planner sees a minimal-ish set of reasons. The
    whole explanation shares one ``explain_time_limit``: on a large site, where each trial
    can be slow, the pass stops when it runs out and returns the core as far as it got
    (still a set of rules that cannot all hold)."""
    deadline = time.perf_counter() + options.explain_time_limit
    bm = build_model(problem, BuildOptions(explain=True))
    bm.model.clear_objective()
    core = _core(bm, [lit for lit, _ in bm.rule_literals.values()], options, deadline)
    if core is None:
        return []
    i = 0
    while i < len(core) and time.perf_counter() < deadline:
        trial = core[:i] + core[i + 1 :]
        smaller = _core(bm, trial, options, deadline)
        if smaller is not None:
            core = smaller if len(smaller) < len(trial) else trial
        else:
            i += 1
    return [
        InfeasibilityReason(rule=ref.rule, subject=ref.subject, message=ref.message)
        for lit in core
        for ref in [bm.rule_literals[lit.index][1]]
    ]


def _core(bm: BuiltModel, assumptions: list, options: SolveOptions, deadline: float) -> list | None:
    """The sufficient assumptions if proved infeasible under ``assumptions`` before
    ``deadline``, else None (feasible, or not decided in time)."""
    bm.model.clear_assumptions()
    bm.model.add_assumptions(assumptions)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = options.seed
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
    if solver.solve(bm.model) != cp_model.INFEASIBLE:
        return None
    found = set(solver.sufficient_assumptions_for_infeasibility())
    return [lit for lit in assumptions if lit.index in found]


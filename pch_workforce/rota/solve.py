"""Solve a rota problem and return one typed :class:`RotaReport`.

A solve is four steps: build the CP-SAT model; start from a rota (the warm start, or the
caller's hint) hinted to it; run one strategy (:func:`choose_strategy`), whose phases hand each
other one :class:`.Incumbent`; report that incumbent, with why the search stopped. An
infeasible problem is explained by hard-rule name (:mod:`.explain`). Beside those steps, on a
second thread, HiGHS works out a bound on the same model (:mod:`.highs_bound`); the report
gives the best of it, CP-SAT's bound and the counted floor.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace

from pch_workforce.rota.explain import explain_infeasibility
from pch_workforce.rota.greedy import WarmStartInterrupted, sequential_rota
from pch_workforce.rota.highs_bound import BackgroundBound
from pch_workforce.rota.incumbent import Incumbent, evaluate, priced, values_of
from pch_workforce.rota.model import BuildOptions, BuiltModel, build_model, overbooked_rooms_floor
from pch_workforce.rota.options import Progress, SolveOptions
from pch_workforce.rota.problem import Problem, Rota
from pch_workforce.rota.relaxation import unsocial_sessions_floor
from pch_workforce.rota.report import RotaReport, SoftViolation, StoppedBy, UncoveredSession
from pch_workforce.rota.search import Search, StartingRota
from pch_workforce.rota.strategies import plain, repair
from pch_workforce.rota.strategies.steps import hint
from pch_workforce.solve_report import SolveStatus, relative_gap

__all__ = ["Progress", "SolveOptions", "choose_strategy", "explain_infeasibility", "solve", "warm_start"]

Strategy = Callable[[Search], Incumbent]

# The sequential warm start's passes: the second re-plans each person against everyone else's
# first-pass rota (one round of coordinate descent), which repairs most of the cover the first
# pass, placing people one at a time, left uneven.
WARM_START_PASSES = 2


def choose_strategy(problem: Problem, options: SolveOptions) -> Strategy:
    """The one place a solve's strategy is chosen: the caller's ``options.strategy``, or for
    ``"auto"`` the repair where rooms can be overbooked (:attr:`Problem.has_room_limits`) and
    the plain search elsewhere. The decomposition's package is imported only here, only when it
    is chosen, so a plan never loads it (``highspy`` it loads only when a solve starts, for the
    bound of :mod:`.highs_bound`)."""
    name = options.strategy
    if name == "auto":
        name = "repair" if problem.has_room_limits else "search"
    if name == "search":
        return plain.run
    if name == "repair":
        return repair.run
    if name == "decomposition":
        if options.time_limit is None:
            raise ValueError("the decomposition strategy shares out a wall-clock limit: give SolveOptions.time_limit")
        from pch_workforce.rota.decomposition import strategy

        return strategy.run
    raise ValueError(f"unknown rota strategy {name!r}: auto, search, repair or decomposition")


def warm_start(problem: Problem, options: SolveOptions) -> Rota | None:
    """The starting rota to hint: none, or per-person sequential solves (feasible for every
    hard rule, so the search starts from a real rota)."""
    if options.warm_start == "sequential":
        return sequential_rota(problem, seed=options.seed, passes=WARM_START_PASSES)
    return None


def solve(problem: Problem, options: SolveOptions | None = None) -> RotaReport:
    """Build, start, run one strategy, report; explains an infeasible problem by hard-rule name."""
    options = options or SolveOptions()
    strategy = choose_strategy(problem, options)
    start = time.perf_counter()
    bm = build_model(problem, BuildOptions(pattern_flow=options.pattern_flow))
    # the decomposition proves its own bound, and its HiGHS runs already take both cores
    lp_bound = BackgroundBound(bm.model, _seconds_left(options, start), enabled=options.strategy != "decomposition")
    try:
        return _start_and_search(bm, strategy, options, start, lp_bound)
    finally:
        lp_bound.cancel()  # a no-op once it is done; stops it on every other way out


def _start_and_search(
    bm: BuiltModel, strategy: Strategy, options: SolveOptions, start: float, lp_bound: BackgroundBound
) -> RotaReport:
    """Start from a rota, run the strategy and report, with HiGHS's bound if it could help."""
    floor = _counted_floor(bm.problem, options.seed)
    try:
        rota = options.hint or warm_start(bm.problem, options)
    except WarmStartInterrupted as stop:  # Ctrl-C after a whole pass: no search, report that rota
        return _interrupted_warm_start(bm, options, start, stop.rota)
    starting = StartingRota(bm, rota)
    if options.progress_callback is not None:
        options = replace(options, progress_callback=_best_so_far(options.progress_callback))
    if rota is not None:
        try:
            hint(bm, values_of(bm, rota.keys()))
            if options.progress_callback is not None:
                _announce_start(starting, options, start)
        except KeyboardInterrupt:  # Ctrl-C before the search: the starting rota as it is
            return _interrupted_warm_start(bm, options, start, rota)
    result = strategy(Search(bm, options, start, starting, floor))
    if _bound_could_help(result):
        floor = max(floor, _waited_bound(lp_bound, options, start))
    return _report(result, options, start, floor)


def _seconds_left(options: SolveOptions, start: float) -> float | None:
    """What is left of the solve's wall-clock limit (None: no limit)."""
    return None if options.time_limit is None else options.time_limit - (time.perf_counter() - start)


def _waited_bound(lp_bound: BackgroundBound, options: SolveOptions, start: float) -> int:
    """HiGHS's bound, waited for within the solve's time limit (0 if there is none by then, or if
    Ctrl-C stops the wait: the rota is then reported without it)."""
    try:
        return lp_bound.result(wait=_seconds_left(options, start)) or 0
    except KeyboardInterrupt:
        return 0


def _bound_could_help(result: Incumbent) -> bool:
    """Whether a bound could still say something: a rota without a proof of optimality."""
    return result.has_rota and result.status not in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE)


def _counted_floor(problem: Problem, seed: int) -> int:
    """Bounds from counting and from a small relaxation (:mod:`.relaxation`, for the
    whole-session fairness and MDT costs the LP cannot see), for the report only, never added to
    the model: as constraints they would hold back CP-SAT's own bound or its search."""
    return max(
        overbooked_rooms_floor(problem),
        unsocial_sessions_floor(problem, deterministic_limit=1.0, seed=seed),
    )


def _announce_start(starting: StartingRota, options: SolveOptions, start: float) -> None:
    """Tell the progress callback about the starting rota if it keeps every hard rule, before
    the search begins: on a large site the search may find nothing better for a long time, and
    the user should see that a rota exists."""
    held = starting.incumbent
    if held is not None:
        source = "hint" if options.hint is not None else "warm start"
        options.progress_callback(Progress(time.perf_counter() - start, held.objective, 0.0, source))


def _best_so_far(callback: Callable[[Progress], None]) -> Callable[[Progress], None]:
    """``callback``, told only of rotas cheaper than every one before, whichever phase found
    them (a later phase's search may start from scratch), so the progress line always shows
    the best rota so far."""
    best = math.inf

    def announce(progress: Progress) -> None:
        nonlocal best
        if progress.objective < best:
            best = progress.objective
            callback(progress)

    return announce


def _interrupted_warm_start(bm: BuiltModel, options: SolveOptions, start: float, rota: Rota) -> RotaReport:
    """The report when Ctrl-C stops the warm start after a whole pass: its rota as it stands
    (``FEASIBLE``, no bound; ``UNKNOWN`` and no rota if it somehow breaks a hard rule). Ctrl-C
    before a whole pass is a plain KeyboardInterrupt: there is no rota to report."""
    held = evaluate(bm, rota.keys())
    if held is None:
        return RotaReport(**_report_fields(options, start, SolveStatus.UNKNOWN, 0.0, StoppedBy.INTERRUPTED))
    common = _report_fields(options, start, SolveStatus.FEASIBLE, 0.0, StoppedBy.INTERRUPTED)
    return _solution_report(held, common, None)


def _report(result: Incumbent, options: SolveOptions, start: float, floor: int) -> RotaReport:
    """The report of a strategy's final incumbent; an infeasible problem is explained."""
    common = _report_fields(options, start, result.status, result.deterministic_time, result.stopped_by)
    if result.status == SolveStatus.INFEASIBLE:
        reasons = explain_infeasibility(result.bm.problem, options)
        common["seconds"] = time.perf_counter() - start
        return RotaReport(**common, infeasibility=tuple(reasons))
    if not result.has_rota:
        return RotaReport(**common)
    return _solution_report(priced(result), common, floor if result.bound is None else max(result.bound, floor))


def _report_fields(
    options: SolveOptions, start: float, status: SolveStatus, deterministic_time: float, stopped_by: StoppedBy | None
) -> dict:
    """What every report says about the solve itself: status, why it stopped, times, workers,
    seed, limits."""
    return dict(
        status=status,
        stopped_by=stopped_by,
        seconds=time.perf_counter() - start,
        deterministic_time=deterministic_time,
        workers=options.workers,
        seed=options.seed,
        time_limit=options.time_limit,
        deterministic_time_limit=options.deterministic_time_limit,
    )


def _solution_report(incumbent: Incumbent, common: dict, best_bound: float | None) -> RotaReport:
    """The report of a rota: its objective split by rule, every violated soft rule and every
    session left below its cover, read from the incumbent's values."""
    bm = incumbent.bm
    p = bm.problem
    reading = incumbent.reading()
    objective = incumbent.objective if bm.penalties else 0
    # Every penalty is a weight >= 0 times an amount >= 0, so 0 is always a bound; CP-SAT reports
    # a negative one when it stops before its LP gets going.
    bound = max(0, round(best_bound)) if bm.penalties and best_bound is not None else 0
    if common["status"] == SolveStatus.FEASIBLE and bm.penalties and objective <= bound:
        # a bound from outside CP-SAT proves it
        common = {**common, "status": SolveStatus.OPTIMAL, "stopped_by": StoppedBy.OPTIMAL}
    if common["status"] == SolveStatus.OPTIMAL:
        bound = objective
    rota = incumbent.rota()
    by_rule: dict[str, int] = {}
    violations = []
    for term in bm.penalties:
        amount = round(reading.value(term.expr))
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
    for a in rota.assignments:
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
        rota=rota,
    )

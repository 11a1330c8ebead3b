"""What every strategy works with: the built model, the caller's options, one clock from the
start of the solve, the starting rota and one CP-SAT run at a time, returned as an
:class:`.Incumbent` that says why it stopped."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import cached_property

from ortools.sat.python import cp_model

from pch_workforce.rota.incumbent import Incumbent, evaluate, from_cp_sat
from pch_workforce.rota.model import BuiltModel
from pch_workforce.rota.options import Progress, SolveOptions
from pch_workforce.rota.problem import Rota
from pch_workforce.rota.report import StoppedBy
from pch_workforce.solve_report import SolveStatus

# Level 2 puts the linear relaxation of more constraint types in CP-SAT's LP than the default
# level 1 (sat_parameters.proto); on a cover model the LP is what proves the objective bound.
LINEARIZATION_LEVEL = 2


def configure_solver(solver: cp_model.CpSolver, options: SolveOptions) -> None:
    """Copy ``options`` onto ``solver.parameters`` (never onto solver attributes)."""
    params = solver.parameters
    params.num_workers = options.workers
    params.random_seed = options.seed
    params.linearization_level = LINEARIZATION_LEVEL
    if options.time_limit is not None:
        params.max_time_in_seconds = options.time_limit
    if options.deterministic_time_limit is not None:
        params.max_deterministic_time = options.deterministic_time_limit
    if options.deterministic and options.workers > 1:
        params.interleave_search = True
    params.log_search_progress = options.log_callback is not None
    if options.log_callback is not None:
        params.log_to_stdout = False
        solver.log_callback = options.log_callback


class _ProgressReporter(cp_model.CpSolverSolutionCallback):
    """Passes each CP-SAT rota on, timed from the start of the solve (model build and warm
    start included, as a user waits for them), not from this CP-SAT run's own start."""

    def __init__(self, callback: Callable[[Progress], None], start: float) -> None:
        super().__init__()
        self._callback = callback
        self._start = start

    def on_solution_callback(self) -> None:
        seconds = time.perf_counter() - self._start
        self._callback(Progress(seconds, self.objective_value, self.best_objective_bound))


class StartingRota:
    """The starting rota (the warm start or the caller's hint), already hinted to the model.
    Its incumbent (None if it breaks a hard rule) is read once, when first asked for."""

    def __init__(self, bm: BuiltModel, rota: Rota | None) -> None:
        self._bm = bm
        self.rota = rota

    @cached_property
    def incumbent(self) -> Incumbent | None:
        return None if self.rota is None else evaluate(self._bm, self.rota.keys())


def stop_reason(solver: cp_model.CpSolver, status: SolveStatus) -> StoppedBy:
    """Why one CP-SAT run ended. CP-SAT does not say, but each run knows its own limits: a run
    without a proof that stopped short of both was stopped from outside (Ctrl-C)."""
    if status is SolveStatus.OPTIMAL:
        return StoppedBy.OPTIMAL
    if status is SolveStatus.INFEASIBLE:
        return StoppedBy.INFEASIBLE
    params = solver.parameters
    if solver.deterministic_time >= 0.99 * params.max_deterministic_time:
        return StoppedBy.DETERMINISTIC_LIMIT
    # A phase left with almost no time gets a floor of 0.1 s, and CP-SAT stops a few milliseconds
    # short of a limit that small: a margin of 50 ms as well as 5% keeps that a time limit.
    if solver.wall_time >= 0.95 * params.max_time_in_seconds - 0.05:
        return StoppedBy.TIME_LIMIT
    return StoppedBy.INTERRUPTED


class Search:
    """One solve's model, options, clock and starting rota, shared by its phases. ``floor``:
    a bound from counting, announced with rotas found outside CP-SAT (never in the model)."""

    def __init__(
        self, bm: BuiltModel, options: SolveOptions, start: float, starting: StartingRota, floor: int = 0
    ) -> None:
        self.bm = bm
        self.options = options
        self.start = start  # perf_counter() when the solve began: every limit counts from here
        self.starting = starting
        self.floor = floor

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def wall_seconds(self, share: float) -> float:
        """A phase's wall-clock limit: ``share`` of what is left, or, with a deterministic limit,
        all of it (unbounded without a time limit). The deterministic limit then shares the work
        out and the clock is only a safety net, so a phase never stops on machine speed while a
        deterministic budget is left."""
        if self.options.time_limit is None:
            return math.inf
        left = self.options.time_limit - self.elapsed()
        return left if self.options.deterministic_time_limit is not None else left * share

    def deterministic_budget(self, share: float, spent: float) -> float | None:
        """``share`` of the deterministic work left after ``spent`` (None without a limit)."""
        limit = self.options.deterministic_time_limit
        return None if limit is None else max(0.0, limit - spent) * share

    def cp_sat(
        self, share: float, spent: float = 0.0, bm: BuiltModel | None = None, model: cp_model.CpModel | None = None
    ) -> Incumbent:
        """One CP-SAT run of ``bm`` (the solve's model by default), or of ``model``, a copy of
        its model with more constraints, limited to ``share`` of the time and deterministic work
        left after ``spent``: the incumbent it found, charged with ``spent`` plus its own work."""
        bm = bm or self.bm
        options = self.options
        solver = cp_model.CpSolver()
        configure_solver(solver, options)
        if options.time_limit is not None:  # warm start and build count against the limit
            solver.parameters.max_time_in_seconds = max(0.1, self.wall_seconds(share))
        if options.deterministic_time_limit is not None:
            det_left = options.deterministic_time_limit - spent
            solver.parameters.max_deterministic_time = max(0.01, det_left * share)
        callback = _ProgressReporter(options.progress_callback, self.start) if options.progress_callback else None
        status = SolveStatus.from_cp_sat(solver.solve(model or bm.model, callback))
        return from_cp_sat(bm, solver, status, stop_reason(solver, status)).spent(spent)

    def announce(self, objective: float | None, bound: float | None) -> None:
        """Tell the progress callback about a rota found outside CP-SAT's own search."""
        if objective is not None and self.options.progress_callback is not None:
            self.options.progress_callback(Progress(self.elapsed(), objective, bound or 0.0))

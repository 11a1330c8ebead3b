"""A lower bound on the rota objective from HiGHS, worked out on a second thread beside the search.

What: the linear relaxation of the solve's own CP-SAT model (:mod:`.linearize`) handed to HiGHS
(the ``highspy`` package). On a model of at most ``ROOT_CUTS_MAX_VARIABLES`` variables HiGHS
solves its MIP root node: presolve, the LP, then rounds of cutting planes (clique, implied-bound,
knapsack cover and mixed-integer rounding cuts; Achterberg, "Constraint Integer Programming",
2007, ch. 8), with no branching and no primal heuristics. On a larger one (up to ``MAX_VARIABLES``) it
solves the LP alone by its interior-point method, which on a generated 12-week site is far
quicker than the dual simplex the MIP root starts with.

Why: CP-SAT's own bound is its LP plus what one worker's search proves within the limit. On a
PCH site the root cuts see more of the whole-session structure (cover lines a practice's own
team cannot fill, rooms, supervision), and on a large site CP-SAT may not solve its root LP
within the limit at all. The figures are in
``docs/decisions/2026-12-07-column-generation-bound-for-the-pch-rota.md``.

Valid: every rota is an integer point of the model, so the LP's optimum and the root's dual
bound are at most its objective; the objective is an integer, so the bound is rounded up (less
a hair for HiGHS's tolerances).

Deterministic: one thread and no stop on time: the LP runs to its optimum, and the root's cut
rounds stop after ``STALL_CHECKS`` of HiGHS's interrupt checks without a rise of the bound of at
least ``MIN_RISE`` (a count of the algorithm's own steps). The solve's remaining time is only a
safety net: a run it stops, or one the solve cancels, gives no bound at all, never a half-done
one, so the same model gives the same bound or none.

``highspy`` is imported only when a bound is started, so importing the plan path never loads it.
"""

from __future__ import annotations

import math
import threading

from ortools.sat.python import cp_model

from pch_workforce.rota.linearize import LinearModel, NotLinear, linear_relaxation

ROOT_CUTS_MAX_VARIABLES = 60_000  # the shipped 4-week site's model has about 50,000, a 12-week site's 125,000
MAX_VARIABLES = 300_000  # beyond, even the LP would take much of a solve's minute
STALL_CHECKS = 3  # interrupt checks in a row without a rise of the root's bound before it stops
# Relative: a smaller rise since the last one counted is a stall. On a mid-size site the cut
# rounds can creep up by a fraction of a percent each for minutes, meet the time limit and give no
# bound at all; rounds that still matter rise by a few percent. A judgement call (the figures are
# in benchmarks/README.md, under PCH sites).
MIN_RISE = 0.005
TOLERANCE = 1e-6  # relative: HiGHS's optimality and feasibility tolerances, before rounding up
JOIN_AFTER_CANCEL = 1.0  # seconds to let a cancelled run return before leaving it behind (a daemon)


def rounded_bound(value: float) -> int:
    """The least integer objective ``value`` allows, less a hair for HiGHS's tolerances."""
    return math.ceil(value - TOLERANCE * max(1.0, abs(value)))


class BackgroundBound:
    """One HiGHS bound on ``model``'s objective, computed on a daemon thread from a copy of the
    model (the search may add hints to the original meanwhile). ``result`` waits for it;
    ``cancel`` stops it. ``seconds`` (None: no limit) is the safety net described above; with
    ``enabled`` False nothing runs and there is no bound."""

    def __init__(self, model: cp_model.CpModel, seconds: float | None, enabled: bool = True) -> None:
        self._seconds = seconds
        self._lock = threading.Lock()
        self._cancelled = False
        self._bound: int | None = None
        self._highs = None
        self._thread: threading.Thread | None = None
        size = len(model.proto.variables)
        self._root_cuts = size <= ROOT_CUTS_MAX_VARIABLES
        if not enabled or not model.has_objective() or size > MAX_VARIABLES:
            return
        self._model = model.clone()
        from pch_workforce.rota.quiet_highs import new_highs  # loads highspy, here and only here

        self._highs = new_highs()  # the first one silences HiGHS's banner: before the thread starts
        self._thread = threading.Thread(target=self._run, name="highs-bound", daemon=True)
        self._thread.start()

    def result(self, wait: float | None) -> int | None:
        """The bound, waiting at most ``wait`` seconds (None: until it is done); None if there is
        none or it is not done by then (the run is then cancelled)."""
        if self._thread is None:
            return None
        self._thread.join(None if wait is None else max(0.0, wait))
        if self._thread.is_alive():
            self.cancel()
            return None
        with self._lock:
            return None if self._cancelled else self._bound

    def cancel(self) -> None:
        """Stop the run (if any) and give it a moment to return; no bound is kept."""
        with self._lock:
            self._cancelled = True
            if self._highs is not None:
                self._highs.cancelSolve()
        if self._thread is not None:
            self._thread.join(JOIN_AFTER_CANCEL)

    def _run(self) -> None:
        try:
            bound = self._solve(linear_relaxation(self._model.proto))
        except NotLinear:  # a model this module cannot read: no bound, never a wrong one
            bound = None
        except Exception:  # noqa: BLE001 -- HiGHS failing on an optional bound must not fail the solve
            bound = None
        with self._lock:
            self._bound = bound

    def _solve(self, model: LinearModel) -> int | None:
        import highspy

        from pch_workforce.rota.quiet_highs import row_wise_lp

        highs = self._highs
        highs.setOptionValue("threads", 1)
        highs.setOptionValue("random_seed", 0)
        if self._seconds is not None:
            highs.setOptionValue("time_limit", max(0.1, self._seconds))
        highs.passModel(row_wise_lp(
            model.cost, model.lower, model.upper, model.row_lower, model.row_upper,
            model.starts, model.index, model.value, integer=self._root_cuts, offset=model.offset,
        ))
        if self._root_cuts:
            _root_node_only(highs)
        else:
            highs.setOptionValue("solver", "ipm")
        highs.HandleUserInterrupt = True  # so that cancelSolve stops it
        with self._lock:
            if self._cancelled:
                return None
        highs.run()
        status, info = highs.getModelStatus(), highs.getInfo()
        if self._root_cuts:
            done = (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kSolutionLimit,
                    highspy.HighsModelStatus.kInterrupt)  # solved, node limit, or our stall stop
            found = status in done and math.isfinite(info.mip_dual_bound)
            return rounded_bound(info.mip_dual_bound) if found else None
        found = status == highspy.HighsModelStatus.kOptimal
        return rounded_bound(info.objective_function_value) if found else None


def _root_node_only(highs) -> None:
    """The MIP's root node with its cut rounds, no branching, restart or primal heuristics, and a
    deterministic stop once the bound stalls (see the module docstring)."""
    highs.setOptionValue("mip_max_nodes", 1)
    highs.setOptionValue("mip_allow_restart", False)
    highs.setOptionValue("mip_heuristic_effort", 0.0)
    for heuristic in ("feasibility_jump", "rins", "rens", "root_reduced_cost"):
        highs.setOptionValue(f"mip_heuristic_run_{heuristic}", False)
    best, stalled = -math.inf, 0

    def on_check(event) -> None:
        nonlocal best, stalled
        bound = event.data_out.mip_dual_bound
        if not math.isfinite(bound):
            return
        if bound > best + MIN_RISE * max(1.0, abs(bound)):
            best, stalled = bound, 0
            return
        stalled += 1
        if stalled >= STALL_CHECKS:
            event.interrupt()

    highs.cbMipInterrupt.subscribe(on_check)

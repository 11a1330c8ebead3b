"""Solve the mix lexicographically with MathOpt + HiGHS: cover first, then cost.

Three solves of the same model, each keeping the optimum of the one before as a constraint:
1. minimise priority-weighted unmet contacts a week (clinical need first);
2. minimise what the capitated budget pays, keeping stage 1's optimum;
3. minimise what other bodies pay for seconded roles (only when such a role has any freedom),
   so the plan never asks for more of someone else's staff than it needs;
4. minimise the room-sessions of patients seen away from their own practice (only with an estate),
   so patients travel only when the rooms where they are registered are full.

Separate solves rather than one weighted sum: no weight has to be proven safe, and each stage
has its own proven bound. Solutions are read back only on a status with a primal solution, and
at whole sessions (``_at_whole_sessions``) before a stage's optimum is kept for the next.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ortools.math_opt.python import mathopt
from ortools.math_opt.solvers import highs_pb2

from pch_workforce.mix.model import (
    BuiltMix,
    budget_cost,
    build_model,
    other_payers_cost,
    seen_elsewhere,
    weighted_unmet_contacts,
)
from pch_workforce.mix.problem import MixProblem
from pch_workforce.mix.result import StageReport
from pch_workforce.solve_report import SolveStatus

SOLVER_NAME = "HiGHS via OR-Tools MathOpt"
STAGE_UNMET = "weighted_unmet_contacts"
STAGE_BUDGET = "budget_cost"
STAGE_OTHERS = "other_payers_cost"
STAGE_SEEN_ELSEWHERE = "room_sessions_seen_elsewhere"

# Worst last: the overall status of a lexicographic solve is its worst stage.
_SEVERITY = [SolveStatus.OPTIMAL, SolveStatus.FEASIBLE, SolveStatus.UNKNOWN,
             SolveStatus.INFEASIBLE, SolveStatus.MODEL_INVALID]


@dataclass(frozen=True)
class MixOptions:
    """Every solver and explanation setting in one place."""

    time_limit: float = 10.0  # seconds per stage
    marginals: bool = True
    budget_step: float = 10_000.0  # £ a year, for the marginal value of budget
    fte_step: float = 1.0  # FTE, for the marginal value of one more FTE of each role's supply
    explain_infeasible: bool = True
    enable_output: bool = False


@dataclass(frozen=True)
class Solution:
    """Variable values of the final stage, by id."""

    sessions: dict[str, int]
    contacts: dict[tuple[str, str], float]
    unmet: dict[str, float]
    supervise: dict[tuple[str, str], float]
    arrs_claim: dict[str, float]
    seen: dict[tuple[str, str], float]
    weighted_unmet_contacts: float
    weighted_unmet_hours: float
    budget_cost: float


@dataclass(frozen=True)
class LexResult:
    stages: tuple[StageReport, ...]
    solution: Solution | None
    seconds: float

    @property
    def status(self) -> SolveStatus:
        if not self.stages:
            return SolveStatus.UNKNOWN
        return max((s.status for s in self.stages), key=_SEVERITY.index)


def status_from_mathopt(result: mathopt.SolveResult) -> SolveStatus:
    """Map a MathOpt termination once; anything unexpected becomes UNKNOWN or keeps its solution."""
    reason = result.termination.reason
    if reason == mathopt.TerminationReason.OPTIMAL:
        return SolveStatus.OPTIMAL
    if reason in (mathopt.TerminationReason.INFEASIBLE, mathopt.TerminationReason.INFEASIBLE_OR_UNBOUNDED):
        return SolveStatus.INFEASIBLE
    if result.has_primal_feasible_solution():
        return SolveStatus.FEASIBLE
    return SolveStatus.UNKNOWN


def solve_lexicographic(problem: MixProblem, options: MixOptions = MixOptions(),
                        relax: Iterable[str] = (), stages: int = 4) -> LexResult:
    """Build once, then solve stage by stage, fixing each optimum before the next."""
    started = time.perf_counter()
    built = build_model(problem, relax)
    objectives: list[tuple[str, str, Callable[[BuiltMix, MixProblem], mathopt.LinearExpression], float]] = [
        (STAGE_UNMET, "weighted contacts a week", weighted_unmet_contacts, 1e-6),
        (STAGE_BUDGET, "£ a year", budget_cost, 0.01),
    ]
    if _others_have_freedom(problem):
        objectives.append((STAGE_OTHERS, "£ a year", other_payers_cost, 0.01))
    if problem.estate:
        objectives.append((STAGE_SEEN_ELSEWHERE, "room-sessions a week", seen_elsewhere, 1e-6))
    reports: list[StageReport] = []
    solution: Solution | None = None
    previous: mathopt.SolveResult | None = None
    for name, unit, objective, absolute_gap in objectives[:stages]:
        expression = objective(built, problem)
        if name == STAGE_SEEN_ELSEWHERE:
            if previous is None or mathopt.evaluate_expression(expression, previous.variable_values()) <= 1e-9:
                break  # no patient is seen away from their practice: nothing for the tie-break to do
            _hold_all_but(built.model, previous, free=set(built.seen.values()))
        built.model.minimize(expression)
        params = solve_parameters(options, absolute_gap)
        result = solve_with_highs(built.model, params)
        if result is None:
            reports.append(StageReport(stage=name, unit=unit, status=SolveStatus.UNKNOWN, objective=None,
                                       best_bound=None, seconds=0.0))
            break
        status = status_from_mathopt(result)
        bound = _bound(result)
        seconds = result.solve_stats.solve_time.total_seconds()
        if status.has_solution:
            polished = _at_whole_sessions(built, result, params)
            if polished is not result:
                seconds += polished.solve_stats.solve_time.total_seconds()
            result = polished
        value = result.objective_value() if status.has_solution else None
        if value is not None and bound is not None:
            bound = min(bound, value)  # a bound above the whole-session value is the MIP tolerance, not a bound
        reports.append(StageReport(stage=name, unit=unit, status=status, objective=value, best_bound=bound,
                                   seconds=seconds))
        if not status.has_solution or value is None:
            break
        solution = _extract(built, problem, result)
        previous = result
        # Keep this optimum (within a tolerance far below one contact) for the next stages.
        built.model.add_linear_constraint(expression <= value + 1e-7 * max(1.0, abs(value)),
                                          name=f"keep_{name}")
    return LexResult(stages=tuple(reports), solution=solution, seconds=time.perf_counter() - started)


def _hold_all_but(model: mathopt.Model, result: mathopt.SolveResult, free: set[mathopt.Variable]) -> None:
    """Fix every variable not in ``free`` at its value in ``result``.

    The room tie-break moves where patients are seen and nothing else: left free, it would pick
    another of the equally good teams (another split of the ARRS claims, of who does which work),
    moving figures that have nothing to do with rooms.
    """
    values = result.variable_values()
    for variable in model.variables():
        if variable not in free:
            value = min(max(values[variable], variable.lower_bound), variable.upper_bound)
            variable.lower_bound = variable.upper_bound = value


def _at_whole_sessions(built: BuiltMix, result: mathopt.SolveResult,
                       params: mathopt.SolveParameters) -> mathopt.SolveResult:
    """The stage's solution at exactly whole sessions: re-solve the stage (an LP) with each session count
    fixed at its rounded value, and use that when HiGHS returned a session count off a whole number.

    Why: HiGHS accepts an integer variable within its integrality tolerance (``mip_feasibility_tolerance``,
    1e-6), and a cost-minimising stage uses that room, e.g. 1.99999978 sessions of a role costing
    £8,949 a session, £0.002 below the whole-session cost. The next stage's ``keep_`` row then pins the
    cost below what any whole number of sessions can meet (the relative slack, 1e-7 x value, is smaller),
    and HiGHS's presolve, which rounds integer bounds, rightly proves that stage infeasible: the mix was
    reported infeasible although the budget covered it. Taking the objective, the ``keep_`` bound and the
    reported values from whole sessions leaves every later stage a feasible point (the one reported).

    Falls back to HiGHS's own solution if the fixed re-solve finds none (rounding broke a row by more
    than the LP tolerance); nothing changes when the session counts are whole already (the usual case).
    """
    values = result.variable_values()
    whole = {v: float(round(values[v])) for v in [*built.sessions.values(), *built.claiming.values()]}
    if all(values[v] == n for v, n in whole.items()):
        return result
    saved = {v: (v.lower_bound, v.upper_bound) for v in whole}
    try:
        for v, n in whole.items():
            v.lower_bound, v.upper_bound = n, n
        fixed = solve_with_highs(built.model, params)
    finally:
        for v, (low, high) in saved.items():
            v.lower_bound, v.upper_bound = low, high
    return fixed if fixed is not None and status_from_mathopt(fixed).has_solution else result


# HiGHS's final check of a MIP solution against the original rows uses its MIP feasibility tolerance
# (1e-6); a solution off by a hair more (seen: 1.00001e-6 on a marginal re-solve with the estate rows) is
# reported as a solve error, not a solution. The retry accepts a row that far off; the independent
# checker's tolerances (1e-4 h, £0.50) are far wider.
RETRY_MIP_FEASIBILITY_TOLERANCE = 1e-5


def solve_with_highs(model: mathopt.Model, params: mathopt.SolveParameters) -> mathopt.SolveResult | None:
    """One HiGHS solve; on a solver error, once more with a looser MIP feasibility tolerance; None if that
    fails too (the caller reports the stage as UNKNOWN instead of raising a traceback)."""
    try:
        return mathopt.solve(model, mathopt.SolverType.HIGHS, params=params)
    except Exception:  # noqa: BLE001 - OR-Tools raises whatever its status conversion raises
        pass
    looser = dataclasses.replace(params, highs=highs_pb2.HighsOptionsProto(
        double_options={"mip_feasibility_tolerance": RETRY_MIP_FEASIBILITY_TOLERANCE}))
    try:
        return mathopt.solve(model, mathopt.SolverType.HIGHS, params=looser)
    except Exception:  # noqa: BLE001
        return None


def _others_have_freedom(problem: MixProblem) -> bool:
    return any(r.others_cost > 0 and r.max_sessions > r.min_sessions for r in problem.roles)


def solve_parameters(options: MixOptions, absolute_gap: float) -> mathopt.SolveParameters:
    """HiGHS settings for one stage: its time limit and an absolute gap in the stage's own unit."""
    return mathopt.SolveParameters(
        time_limit=dt.timedelta(seconds=options.time_limit),
        relative_gap_tolerance=0.0,
        absolute_gap_tolerance=absolute_gap,
        enable_output=options.enable_output,
    )


def _bound(result: mathopt.SolveResult) -> float | None:
    bound = result.termination.objective_bounds.dual_bound
    return bound if abs(bound) != float("inf") else None


def _extract(built: BuiltMix, problem: MixProblem, result: mathopt.SolveResult) -> Solution:
    values = result.variable_values()
    sessions = {r: round(values[v]) for r, v in built.sessions.items()}
    contacts = {k: max(0.0, values[v]) for k, v in built.contacts.items()}
    unmet = {k: max(0.0, values[v]) for k, v in built.unmet.items()}
    supervise = {k: max(0.0, values[v]) for k, v in built.supervise.items()}
    claims = {r: max(0.0, values[v]) for r, v in built.arrs_claim.items()}
    seen = {k: max(0.0, values[v]) for k, v in built.seen.items()}
    weighted = sum(unmet[s.service] * s.priority_weight for s in problem.services)
    weighted_hours = sum(unmet[s.service] * s.priority_weight * s.reference_minutes / 60 for s in problem.services)
    cost = sum(r.site_cost * r.fte(sessions[r.role]) for r in problem.roles) - sum(claims.values())
    return Solution(sessions=sessions, contacts=contacts, unmet=unmet, supervise=supervise, arrs_claim=claims,
                    seen=seen,
                    weighted_unmet_contacts=weighted, weighted_unmet_hours=weighted_hours, budget_cost=cost)

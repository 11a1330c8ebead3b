"""Solve the trajectory lexicographically, as the mix is solved, and read back each year.

Stages, each keeping the optimum of the one before (HiGHS via MathOpt):
1. priority-weighted unmet contacts summed over the years (need first, every year counting alike);
2. what the capitated budgets pay, summed over the years;
3. what other payers pay (the last tie-break).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.math_opt.python import mathopt

from pch_workforce.memo import by_value
from pch_workforce.mix.model import ARRS_ENVELOPE, BUDGET, CONTINUITY, FTE_MAX, budget_cost, constraint_name
from pch_workforce.mix.problem import MixProblem
from pch_workforce.mix.result import StageReport
from pch_workforce.mix.solve import MixOptions, solve_parameters, solve_with_highs, status_from_mathopt
from pch_workforce.solve_report import SolveStatus
from pch_workforce.trajectory.model import (
    BuiltTrajectory,
    build_trajectory,
    total_budget_cost,
    total_other_payers_cost,
    total_weighted_unmet,
)
from pch_workforce.trajectory.problem import TrajectoryProblem

HIRES_MAX = "hires_max"  # a role's most hires a year (the Trajectory sheet)
Objective = Callable[[BuiltTrajectory, TrajectoryProblem], mathopt.LinearExpression]
STAGES: tuple[tuple[str, str, Objective, float], ...] = (
    ("weighted_unmet_contacts", "weighted contacts a week, summed over the years", total_weighted_unmet, 1e-6),
    ("budget_cost", "£, summed over the years", total_budget_cost, 0.01),
    ("other_payers_cost", "£, summed over the years", total_other_payers_cost, 0.01),
)


@dataclass(frozen=True)
class TrajectoryYear:
    """One financial year of the plan: the team in post, its flows, its cost against its budget."""

    year: str
    population: int
    demand_hours_per_week: float
    unmet_hours_per_week: float
    weighted_unmet_contacts_per_week: float
    fte_by_role: dict[str, float]
    hires_by_role: dict[str, float]  # decided this year (in post after the role's lead time)
    arrivals_by_role: dict[str, float]  # recruits starting this year
    leavers_by_role: dict[str, float]  # FTE that left since the year before
    qualifying_by_role: dict[str, float]
    reductions_by_role: dict[str, float]  # today's staff and trainees not kept (only with redundancies allowed)
    cost_per_fte_by_role: dict[str, float]  # £ a year the budget pays per FTE (its share of pay and on-costs)
    cost_per_year: float  # what the capitated budget pays, net of ARRS: FTE x cost per FTE - ARRS claimed
    budget_per_year: float  # the workforce budget
    arrs_claimed_per_year: float
    binding: tuple[str, ...] = ()  # the rules at their limit this year, by the mix's constraint names


@dataclass(frozen=True)
class Trajectory:
    status: SolveStatus
    years: tuple[TrajectoryYear, ...]
    stages: tuple[StageReport, ...]
    solve_seconds: float


@by_value(maxsize=64)
def solve_trajectory(problem: TrajectoryProblem, options: MixOptions = MixOptions(),
                     relax: tuple[str, ...] = ()) -> Trajectory:
    """Build once, then minimise each stage's objective, keeping every earlier optimum. Solved once per
    process for each problem, options and relaxation (:mod:`pch_workforce.memo`)."""
    started = time.perf_counter()
    built = build_trajectory(problem, relax)
    reports: list[StageReport] = []
    values: dict[mathopt.Variable, float] | None = None
    for name, unit, objective, gap in STAGES:
        expression = objective(built, problem)
        built.model.minimize(expression)
        result = solve_with_highs(built.model, solve_parameters(options, gap))
        status = status_from_mathopt(result) if result is not None else SolveStatus.UNKNOWN
        value = result.objective_value() if result is not None and status.has_solution else None
        reports.append(StageReport(stage=name, unit=unit, status=status, objective=value, best_bound=value,
                                   seconds=result.solve_stats.solve_time.total_seconds() if result else 0.0))
        if value is None or result is None:
            break
        values = {v: _clean(x) for v, x in result.variable_values().items()}
        built.model.add_linear_constraint(expression <= value + 1e-7 * max(1.0, abs(value)), name=f"keep_{name}")
    worst = max((r.status for r in reports), key=_SEVERITY.index)
    years = () if values is None else tuple(_year(built, problem, values, t) for t in range(len(problem.years)))
    return Trajectory(status=worst, years=years, stages=tuple(reports), solve_seconds=time.perf_counter() - started)


NOISE = 1e-5  # FTE, contacts or £ below this are solver tolerance (each stage keeps 1e-7 x its optimum), not plan


def _clean(value: float) -> float:
    return 0.0 if abs(value) < NOISE else value


_SEVERITY = [SolveStatus.OPTIMAL, SolveStatus.FEASIBLE, SolveStatus.UNKNOWN, SolveStatus.INFEASIBLE,
             SolveStatus.MODEL_INVALID]


def _year(built: BuiltTrajectory, problem: TrajectoryProblem, values: dict[mathopt.Variable, float],
          t: int) -> TrajectoryYear:
    mix, year_mix = problem.years[t], built.years[t]

    def value(expression: mathopt.LinearExpression | mathopt.Variable | float) -> float:
        if isinstance(expression, (int, float)):
            return float(expression)
        return float(mathopt.evaluate_expression(expression, values)) if not isinstance(
            expression, mathopt.Variable) else values[expression]

    fte = {r.role: values[year_mix.sessions[r.role]] / r.sessions_per_fte for r in mix.roles}
    hires = {role: values[built.hires[role, t]] for role in problem.roles}
    arrivals, leavers, qualifying, reductions = {}, {}, {}, {}
    for role in problem.roles:
        flow = problem.flow(role)
        if t >= flow.lead_years:
            arrivals[role] = flow.fill_share * values[built.hires[role, t - flow.lead_years]]
        else:
            arrivals[role] = values[built.under_way[role, t]]
        previous = values[built.recruited[role, t - 1]] if t > 0 else 0.0
        leavers[role] = (problem.existing(role, t - 1) - problem.existing(role, t) + flow.leaver_rate * previous
                         if t > 0 else 0.0)
        qualifying[role] = problem.qualifying(role, t)
        reductions[role] = values[built.kept_out[role, t]]
    unmet_contacts = {s.service: values[year_mix.unmet[s.service]] for s in mix.services}
    cost = value(budget_cost(year_mix, mix))
    claimed = sum(values[v] for v in year_mix.arrs_claim.values())
    return TrajectoryYear(
        year=mix.plan_financial_year, population=mix.population,
        demand_hours_per_week=sum(s.demand_hours_per_week for s in mix.services),
        unmet_hours_per_week=sum(unmet_contacts[s.service] * s.reference_minutes / 60 for s in mix.services),
        weighted_unmet_contacts_per_week=sum(unmet_contacts[s.service] * s.priority_weight for s in mix.services),
        fte_by_role=fte, hires_by_role=hires, arrivals_by_role=arrivals, leavers_by_role=leavers,
        qualifying_by_role=qualifying, reductions_by_role=reductions,
        cost_per_fte_by_role={r.role: r.site_cost for r in mix.roles},
        cost_per_year=cost, budget_per_year=mix.workforce_budget_per_year, arrs_claimed_per_year=claimed,
        binding=_binding(problem, mix, fte, hires, cost, claimed))


def _binding(problem: TrajectoryProblem, mix: MixProblem, fte: dict[str, float], hires: dict[str, float],
             cost: float, claimed: float) -> tuple[str, ...]:
    """Rules at their limit in a year: the budget, the ARRS envelope, a role's local supply or its hires a
    year, the continuity limit (names as the one-year mix gives them, plus ``hires_max[role]``)."""
    names = []
    if cost >= mix.workforce_budget_per_year - 1.0:
        names.append(BUDGET)
    if mix.arrs_envelope_per_year is not None and claimed >= mix.arrs_envelope_per_year - 1.0:
        names.append(ARRS_ENVELOPE)
    for role in mix.roles:
        if role.max_sessions > 0 and fte[role.role] * role.sessions_per_fte >= role.max_sessions - 1e-6:
            names.append(constraint_name(FTE_MAX, role.role))
        limit = problem.flow(role.role).max_hires_per_year
        if limit is not None and hires[role.role] >= limit - 1e-6:
            names.append(constraint_name(HIRES_MAX, role.role))
    limit = mix.max_patients_per_gp_fte
    if limit and sum(fte[r.role] for r in mix.roles if r.is_gp) <= mix.population / limit + 1e-6:
        names.append(CONTINUITY)
    return tuple(names)

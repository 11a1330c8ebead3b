"""The multi-year model: one mix per year in one MathOpt model, linked by the stock of staff.

Each year holds every rule of the one-year mix (:func:`pch_workforce.mix.model.build_model`, names
under ``y<year>:``) with its own demand, prices, budget and ARRS envelope. The years are linked per
role by stock and flow, in expected FTE (a leaver rate of 8.8% leaves 0.088 of each FTE, so FTE are
continuous here, where the one-year mix counts whole sessions):

    recruited[t] = (1 - leaver rate) x recruited[t-1] + arriving[t]
    arriving[t]  = fill share x hires[t - lead years], or, before the lead time has passed, recruitment already
                   under way when the plan starts (the one-year mix's assumption: its posts are filled
                   in its year)
    in post[t]   = today's staff still in post[t] + trainees qualified by t + recruited[t] - kept out[t]

and the year's mix works exactly the FTE in post (sessions = sessions per FTE x in post): staff are
paid whether or not the plan finds them work. ``kept out`` is the FTE of today's staff and trainees
not kept in a year, zero unless redundancies are allowed. The objective is the mix's, in its order,
summed over the years: priority-weighted unmet contacts first, then what the budgets pay, then what
other payers pay.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.math_opt.python import mathopt

from pch_workforce.mix.model import FTE_MIN, BuiltMix, budget_cost, build_model, other_payers_cost, \
    weighted_unmet_contacts
from pch_workforce.trajectory.problem import TrajectoryProblem


@dataclass
class BuiltTrajectory:
    """The model, each year's mix variables, and the flow variables by (role, year)."""

    model: mathopt.Model
    years: list[BuiltMix] = field(default_factory=list)
    recruited: dict[tuple[str, int], mathopt.Variable] = field(default_factory=dict)
    hires: dict[tuple[str, int], mathopt.Variable] = field(default_factory=dict)
    under_way: dict[tuple[str, int], mathopt.Variable] = field(default_factory=dict)  # arriving before the lead
    kept_out: dict[tuple[str, int], mathopt.Variable] = field(default_factory=dict)
    balance: dict[tuple[str, int], mathopt.LinearConstraint] = field(default_factory=dict)


def build_trajectory(problem: TrajectoryProblem, relax: tuple[str, ...] = ()) -> BuiltTrajectory:
    """Every year's mix (less the rule families in ``relax``), then the stock-and-flow rows that link them."""
    model = mathopt.Model(name=f"trajectory {problem.years[0].site}")
    built = BuiltTrajectory(model=model)
    for year, mix_problem in enumerate(problem.years):
        year_mix = build_model(mix_problem, relax=(FTE_MIN, *relax), model=model, prefix=f"y{year}:")
        for variable in year_mix.sessions.values():
            variable.integer = False  # expected FTE: leavers leave fractions of posts
        built.years.append(year_mix)
    for role in problem.roles:
        for year in range(len(problem.years)):
            _add_flow(built, problem, role, year)
    return built


def _add_flow(built: BuiltTrajectory, problem: TrajectoryProblem, role: str, year: int) -> None:
    model, flow = built.model, problem.flow(role)
    most = flow.max_hires_per_year if flow.max_hires_per_year is not None else float("inf")
    hires = model.add_variable(lb=0, ub=most, name=f"hires[{role}/{year}]")
    recruited = model.add_variable(lb=0, name=f"recruited[{role}/{year}]")
    kept_out = model.add_variable(lb=0, ub=float("inf") if problem.redundancies_allowed else 0.0,
                                  name=f"kept_out[{role}/{year}]")
    built.hires[role, year], built.recruited[role, year] = hires, recruited
    built.kept_out[role, year] = kept_out
    carried = (1 - flow.leaver_rate) * built.recruited[role, year - 1] if year > 0 else 0.0
    if year >= flow.lead_years:
        arriving = flow.fill_share * built.hires[role, year - flow.lead_years]
    else:
        arriving = built.under_way[role, year] = model.add_variable(lb=0, ub=most, name=f"under_way[{role}/{year}]")
    built.balance[role, year] = model.add_linear_constraint(
        recruited == carried + arriving, name=f"balance[{role}/{year}]")
    qualified = sum(problem.qualifying(role, t) for t in range(year + 1))
    today = problem.existing(role, year)
    model.add_linear_constraint(kept_out <= today + qualified, name=f"kept_out_max[{role}/{year}]")
    in_post = today + qualified + recruited - kept_out
    year_mix = built.years[year]
    spf = problem.years[year].role(role).sessions_per_fte
    model.add_linear_constraint(year_mix.sessions[role] == spf * in_post, name=f"in_post[{role}/{year}]")


def total_weighted_unmet(built: BuiltTrajectory, problem: TrajectoryProblem) -> mathopt.LinearExpression:
    return mathopt.fast_sum(weighted_unmet_contacts(b, p) for b, p in zip(built.years, problem.years, strict=True))


def total_budget_cost(built: BuiltTrajectory, problem: TrajectoryProblem) -> mathopt.LinearExpression:
    return mathopt.fast_sum(budget_cost(b, p) for b, p in zip(built.years, problem.years, strict=True))


def total_other_payers_cost(built: BuiltTrajectory, problem: TrajectoryProblem) -> mathopt.LinearExpression:
    return mathopt.fast_sum(other_payers_cost(b, p) for b, p in zip(built.years, problem.years, strict=True))

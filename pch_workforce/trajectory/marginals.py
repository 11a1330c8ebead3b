"""What one more of something would buy over the years: exact re-solves, as the mix's marginal values.

Two kinds matter for a multi-year plan: £10,000 a year more workforce budget in every year, and one
more FTE a year of hires for each role whose hiring limit holds the plan back in some year.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from pch_workforce.trajectory.problem import TrajectoryProblem
from pch_workforce.trajectory.solve import HIRES_MAX, Trajectory, solve_trajectory

BUDGET_STEP = 10_000.0  # £ a year, every year
HIRES_STEP = 1.0  # FTE a year


@dataclass(frozen=True)
class TrajectoryMarginal:
    """The change, and what it does to the two objectives, summed over the years."""

    subject: str  # "workforce_budget" or "hires_max[role]"
    change: str
    delta_weighted_unmet_contacts_per_week: float  # summed over the years
    delta_budget_cost: float  # £, summed over the years


def marginal_values(problem: TrajectoryProblem, base: Trajectory) -> list[TrajectoryMarginal]:
    """+£10k a year of budget, and +1 FTE a year of hires for every role whose hires limit binds."""
    if not base.years:
        return []
    richer = dataclasses.replace(problem, years=tuple(
        dataclasses.replace(y, workforce_budget_per_year=y.workforce_budget_per_year + BUDGET_STEP)
        for y in problem.years))
    out = [_difference("workforce_budget", f"+£{BUDGET_STEP:,.0f} a year of workforce budget, every year",
                       base, solve_trajectory(richer))]
    capped = sorted({name for y in base.years for name in y.binding if name.startswith(f"{HIRES_MAX}[")})
    for name in capped:
        role = name[len(HIRES_MAX) + 1:-1]
        flow = problem.flow(role)
        assert flow.max_hires_per_year is not None  # it binds, so it is set
        more = dataclasses.replace(problem, flows={**problem.flows, role: dataclasses.replace(
            flow, max_hires_per_year=flow.max_hires_per_year + HIRES_STEP)})
        label = problem.years[0].role(role).name
        out.append(_difference(name, f"+{HIRES_STEP:g} FTE a year of {label} hires", base, solve_trajectory(more)))
    return out


def _difference(subject: str, change: str, base: Trajectory, changed: Trajectory) -> TrajectoryMarginal:
    def totals(t: Trajectory) -> tuple[float, float]:
        return (sum(y.weighted_unmet_contacts_per_week for y in t.years), sum(y.cost_per_year for y in t.years))

    (unmet0, cost0), (unmet1, cost1) = totals(base), totals(changed)
    return TrajectoryMarginal(subject, change, _clean(unmet1 - unmet0, 1e-6), _clean(cost1 - cost0, 0.5))


def _clean(value: float, noise: float) -> float:
    """A difference within the solver's tolerance is no difference."""
    return 0.0 if abs(value) < noise else value

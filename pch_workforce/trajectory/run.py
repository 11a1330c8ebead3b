"""Run the trajectory for a scenario: the central case and the low and high cases beside it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from pch_workforce.errors import InfeasiblePlanError
from pch_workforce.mix.model import BUDGET, CONTINUITY, ENHANCED_ACCESS, SUPERVISION
from pch_workforce.scenario.loader import LoadedScenario
from pch_workforce.trajectory.inputs import CASE_NAMES, CENTRAL, trajectory_problem
from pch_workforce.trajectory.marginals import TrajectoryMarginal, marginal_values
from pch_workforce.trajectory.problem import TrajectoryProblem
from pch_workforce.trajectory.solve import Trajectory, solve_trajectory

# What one change would let a blocked trajectory through, tried in this order.
_RELAXED = (
    (CONTINUITY, "the continuity limit (patients per GP FTE) cannot be kept every year with the GPs that can be "
                 "recruited: a higher limit on the Site sheet, or more GP hires a year on the Trajectory sheet"),
    (BUDGET, "a year's workforce budget cannot pay for the staff the other rules need: a larger income uplift "
             "(Site sheet) or fewer fixed staff"),
    (SUPERVISION, "supervisors' hours cannot give the supervision the supervised roles need in some year"),
    (ENHANCED_ACCESS, "the enhanced-access hours cannot be held in some year"),
)

DEFAULT_YEARS = 5


@dataclass(frozen=True)
class TrajectoryRun:
    """Every case's trajectory, the central one first."""

    site: str
    cases: dict[str, Trajectory]
    reasons: dict[str, list[str]] = field(default_factory=dict)  # why a case has no plan, in words
    marginals: list[TrajectoryMarginal] = field(default_factory=list)  # the central case's

    @property
    def central(self) -> Trajectory:
        return self.cases[CENTRAL]


def run_trajectory(loaded: LoadedScenario, years: int = DEFAULT_YEARS, require_central: bool = True) -> TrajectoryRun:
    """Solve each case; InfeasiblePlanError (exit 3) when the central case has no plan and ``require_central``
    (a one-year plan keeps its trajectory sheet instead, saying why there is none)."""
    problems = {case: trajectory_problem(loaded, years, case) for case in CASE_NAMES}
    cases = {case: solve_trajectory(problem) for case, problem in problems.items()}
    reasons = {case: blocked_by(problems[case]) for case, result in cases.items() if not result.years}
    if CENTRAL in reasons and require_central:
        raise InfeasiblePlanError("trajectory", [
            f"no team meets the hard rules in every one of the {years} years", *reasons[CENTRAL]])
    return TrajectoryRun(site=loaded.scenario.site.name, cases=cases, reasons=reasons,
                         marginals=marginal_values(problems[CENTRAL], cases[CENTRAL]))


def blocked_by(problem: TrajectoryProblem) -> list[str]:
    """The single changes that let the trajectory through: hires a year unlimited, or one rule family
    dropped in every year (a re-solve each, cover stage only)."""
    found = []
    unlimited = dataclasses.replace(problem, flows={role: dataclasses.replace(flow, max_hires_per_year=None)
                                                    for role, flow in problem.flows.items()})
    if any(f.max_hires_per_year is not None for f in problem.flows.values()) and solve_trajectory(unlimited).years:
        found.append("the most hires a year (Trajectory sheet) cannot replace leavers and meet the other rules: "
                     "more hires a year would allow a plan")
    found += [words for family, words in _RELAXED if solve_trajectory(problem, relax=(family,)).years]
    return found or ["the hard rules conflict in some year; no single change found explains it"]

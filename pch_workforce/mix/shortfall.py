"""How much money the least-cost team needs, when the budget is what makes a mix impossible.

A planner who cuts the budget and gets "no feasible mix" needs the size of the gap, not only its
cause: the least the capitated budget must pay for a team that meets every other hard rule (staff
kept where redundancies are not allowed, the continuity limit, supervision, enhanced access) is
one more solve of the same model with the budget row left out and that cost as the objective.
"""

from __future__ import annotations

from dataclasses import dataclass

from pch_workforce.mix.model import BUDGET, budget_cost, build_model
from pch_workforce.mix.problem import MixProblem
from pch_workforce.mix.solve import MixOptions, solve_parameters, solve_with_highs, status_from_mathopt


@dataclass(frozen=True)
class BudgetShortfall:
    """The least-cost team against the workforce budget, £ a year."""

    minimum_cost_per_year: float
    budget_per_year: float

    @property
    def shortfall_per_year(self) -> float:
        return max(0.0, self.minimum_cost_per_year - self.budget_per_year)


def budget_shortfall(problem: MixProblem, options: MixOptions = MixOptions()) -> BudgetShortfall | None:
    """The least the budget must pay for a team meeting every other hard rule, or None when no team
    meets them at any price (then money is not what blocks the plan)."""
    built = build_model(problem, relax=(BUDGET,))
    built.model.minimize(budget_cost(built, problem))
    result = solve_with_highs(built.model, solve_parameters(options, absolute_gap=0.01))
    if result is None or not status_from_mathopt(result).has_solution:
        return None
    return BudgetShortfall(minimum_cost_per_year=result.objective_value(),
                           budget_per_year=problem.workforce_budget_per_year)

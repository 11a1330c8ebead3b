"""Simple year-on-year growth for hand-checked trajectory cases (the product grows the scenario itself:
``pch_workforce.trajectory.inputs``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from pch_workforce.mix.problem import MixProblem
from pch_workforce.trajectory.problem import financial_year


@dataclass(frozen=True)
class Growth:
    """Year-on-year factors from one year to the next (1.0 = no change), index 0 being year 1's."""

    population: Sequence[float] = ()
    demand: Sequence[float] = ()  # contacts: population growth and ageing together
    pay: Sequence[float] = ()
    income: Sequence[float] = ()
    arrs_envelope: Sequence[float] = ()

    def cumulative(self, factors: Sequence[float], year: int) -> float:
        """The product of the first ``year`` factors (1.0 in year 0 and past the list's end, the last kept)."""
        total = 1.0
        for t in range(year):
            total *= factors[t] if t < len(factors) else (factors[-1] if factors else 1.0)
        return total



def grown_year(base: MixProblem, growth: Growth, year: int) -> MixProblem:
    """Year ``year`` of the trajectory: population (and the enhanced-access hours it sets), demand, pay and the
    ARRS maximum rates by the pay factor, the budget by the income factor, the envelope by its own; no
    staff floor (the stock of staff is the floor, set by the flows)."""
    population = growth.cumulative(growth.population, year)
    demand = growth.cumulative(growth.demand, year)
    pay = growth.cumulative(growth.pay, year)
    income = growth.cumulative(growth.income, year)
    envelope = growth.cumulative(growth.arrs_envelope, year)
    roles = tuple(dataclasses.replace(r, min_sessions=0, existing_fte=0.0, annual_cost=r.annual_cost * pay,
                                      arrs_claim_per_fte=r.arrs_claim_per_fte * pay) for r in base.roles)
    services = tuple(dataclasses.replace(s, contacts_per_week=s.contacts_per_week * demand) for s in base.services)
    access = (dataclasses.replace(base.enhanced_access,
                                  required_hours_per_week=base.enhanced_access.required_hours_per_week * population)
              if base.enhanced_access is not None else None)
    return dataclasses.replace(
        base, roles=roles, services=services, enhanced_access=access,
        population=round(base.population * population),
        capitated_budget_per_year=base.capitated_budget_per_year * income,
        workforce_budget_per_year=base.workforce_budget_per_year * income,
        arrs_envelope_per_year=None if base.arrs_envelope_per_year is None else base.arrs_envelope_per_year * envelope,
        plan_financial_year=financial_year(base.plan_financial_year, year) if base.plan_financial_year else "")

"""The trajectory problem: today's mix problem grown year by year, and how staff flow between years.

Plain frozen data, built once, which the multi-year model reads. Each year is a whole
:class:`~pch_workforce.mix.problem.MixProblem` (demand, prices, budget, ARRS envelope of that
year), so every rule of the one-year mix holds in every year; what links the years is the stock of
staff: staff next year = staff this year - leavers + hires that have arrived + trainees qualifying.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pch_workforce.mix.problem import MixProblem


@dataclass(frozen=True)
class RoleFlow:
    """How one role's staff move: ``leaver_rate`` of the FTE recruited by the plan leave each year;
    a hire decided in year t is in post from year t + ``lead_years``; at most ``max_hires_per_year``
    FTE a year can be recruited (None: the local supply cap alone limits it)."""

    role: str
    leaver_rate: float = 0.0
    lead_years: int = 0
    max_hires_per_year: float | None = None


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


@dataclass(frozen=True)
class TrajectoryProblem:
    """``years`` mix problems (year 0 is the plan's first financial year), the flows, the FTE of
    today's named staff still in post at each year (worked out from their leaving years and rates)
    and trainees qualifying into each role each year."""

    years: tuple[MixProblem, ...]
    flows: Mapping[str, RoleFlow]
    existing_fte: Mapping[str, tuple[float, ...]]  # role -> FTE of today's staff in post, by year
    pipeline_fte: Mapping[str, tuple[float, ...]] = field(default_factory=dict)  # role -> FTE qualifying, by year
    redundancies_allowed: bool = False

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(r.role for r in self.years[0].roles)

    def flow(self, role: str) -> RoleFlow:
        return self.flows.get(role, RoleFlow(role))

    def existing(self, role: str, year: int) -> float:
        values = self.existing_fte.get(role, ())
        return values[year] if year < len(values) else 0.0

    def qualifying(self, role: str, year: int) -> float:
        values = self.pipeline_fte.get(role, ())
        return values[year] if year < len(values) else 0.0


def financial_year(first: str, offset: int) -> str:
    """"2027/28" moved on ``offset`` years: "2029/30" for 2."""
    start = int(first[:4]) + offset
    return f"{start}/{(start + 1) % 100:02d}"


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

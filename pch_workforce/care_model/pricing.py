"""Price a role for the plan's financial year: its pay point, the awards since the price year, on-costs.

A care model's salaries are for its ``price_year``. A plan is for the NHS financial year its start
falls in (April to March). When the plan is later than the price year, each salary is uplifted by
the care model's pay award for every year in between (by pay scale: Agenda for Change or salaried
GP); when an award is missing, or the plan is earlier than the price year, the plan is priced at
the price year and the notes say so. Employer NI and pension follow the salary (``derived_annual_cost``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pch_workforce.care_model.model import CareModel, PayScale, derived_annual_cost

APRIL = 4


def financial_year_of(day: dt.date) -> str:
    """The NHS financial year a date falls in: 4 January 2027 is in 2026/27."""
    start = day.year if day.month >= APRIL else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def first_year(financial_year: str) -> int:
    return int(financial_year[:4])


def years_between(price_year: str, plan_year: str) -> list[str]:
    """The financial years after the price year up to and including the plan year (empty if not later)."""
    return [f"{y}/{(y + 1) % 100:02d}" for y in range(first_year(price_year) + 1, first_year(plan_year) + 1)]


@dataclass(frozen=True)
class PricedRole:
    """What one FTE of a role costs in the plan year, and how that was worked out."""

    annual_cost: float
    salary: float
    explanation: str


def award_factor(model: CareModel, scale: PayScale, plan_year: str) -> tuple[float, list[str]]:
    """Product of the pay awards from the price year to the plan year, and the years with no award."""
    factor, missing = 1.0, []
    for year in years_between(model.price_year, plan_year):
        award = model.pay_awards.get(year, {}).get(scale)
        if award is None:
            missing.append(year)
        else:
            factor *= 1 + award.value
    return factor, missing


def price_role(model: CareModel, role_id: str, pay_point: str, plan_year: str) -> PricedRole:
    """Cost per FTE at a pay point in the plan year.

    A cost the care model (or a site override) gives outright is used as it is; a derived one is
    re-derived from the salary at the pay point, uplifted by the awards up to the plan year.
    """
    role = model.roles[role_id]
    if not role.annual_cost.source.startswith("derived:"):
        return PricedRole(role.annual_cost.value, role.pay.salary.value,
                          f"given: £{role.annual_cost.value:,.0f} ({role.annual_cost.source})")
    base = role.pay.at(pay_point).value
    factor, _ = award_factor(model, role.pay.scale, plan_year)
    salary = base * factor
    employment = model.employment.model_dump(mode="json")
    own_pension = role.pay.employer_pension_rate
    pay = {"salary": {"value": salary}, "employer_pension_rate": own_pension.model_dump() if own_pension else None}
    derived = derived_annual_cost(pay, employment)
    assert derived is not None  # the care model validated these inputs
    point = pay_point if role.pay.has_point(pay_point) else f"middle (the band has no {pay_point} point)"
    uplift = f", x {factor:.4f} pay awards to {plan_year}" if factor != 1 else ""
    explanation = f"{point} point £{base:,.0f} ({model.price_year}){uplift}; {derived['source']}"
    return PricedRole(float(derived["value"]), salary, explanation)


def price_year_note(model: CareModel, plan_year: str) -> str | None:
    """One line when the care model's prices are not for the plan's financial year, else None."""
    if plan_year == model.price_year:
        return None
    if first_year(plan_year) < first_year(model.price_year):
        return (f"the care model's prices are for {model.price_year}, later than the plan's financial year "
                f"{plan_year}; the plan is priced at {model.price_year}")
    awards = []
    missing: set[str] = set()
    for scale in PayScale:
        factor, gaps = award_factor(model, scale, plan_year)
        missing.update(gaps)
        awards.append(f"{'AfC' if scale is PayScale.AFC else 'salaried GP'} x {factor:.3f}")
    if missing:
        return (f"the care model's prices are for {model.price_year} but the plan is in {plan_year}; it has no pay "
                f"award for {', '.join(sorted(missing))}, so those years' pay is not uplifted ({'; '.join(awards)})")
    return (f"the care model's prices are for {model.price_year}; the plan is in {plan_year}, so pay is uplifted by "
            f"the care model's pay awards ({'; '.join(awards)})")

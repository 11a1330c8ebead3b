"""Tiny, hand-checkable mix inputs built in code (tests, docs, course exercises).

With ``allowances=ZERO_ALLOWANCES`` an FTE of 37.5 h gives exactly 37.5 clinical hours a week,
so answers can be worked out on paper. Every number is labelled "example", never a care-model
assumption.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pch_workforce.care_model import CareModel
from pch_workforce.scenario.model import (
    AgeBand,
    Employer,
    FundingShare,
    OpeningSlot,
    PopulationCount,
    Practice,
    RolePlan,
    Rurality,
    Scenario,
    Session,
    Sex,
    Site,
    Weekday,
)

SOURCE = "example: hand-checkable test value"
ZERO_ALLOWANCES = {"annual_leave_days": 0, "public_holiday_days": 0, "sickness_absence_share": 0,
                   "cpd_share": 0, "admin_share": 0}


def _s(value: float) -> dict[str, Any]:
    return {"value": value, "source": SOURCE}


@dataclass(frozen=True)
class ExampleRole:
    """A role for an example care model and the site's plan for it."""

    role: str
    annual_cost: float
    existing_fte: float = 0.0
    max_fte: float = 10.0
    staff_group: str = "other"
    hours_per_fte_week: float = 37.5
    sessions_per_fte: float = 10
    arrs_max: float | None = None
    arrs_eligible: bool = False
    arrs_baseline_fte: float = 0.0
    funding: tuple[tuple[str, float], ...] = ()  # (payer, share); empty = the site pays all
    delivers_as: str | None = None
    supervision_hours: float = 0.0
    supervised_by: tuple[str, ...] = ()
    allowances: dict[str, float] = field(default_factory=lambda: dict(ZERO_ALLOWANCES))


@dataclass(frozen=True)
class ExampleService:
    """A service line: ``delivery`` maps role -> (minutes per contact, max share); ``min_shares`` maps
    role -> the least share of the delivered contacts it keeps."""

    service: str
    delivery: dict[str, tuple[float, float]]
    priority_weight: float = 1.0
    minutes_per_contact: float = 30.0
    min_shares: dict[str, float] = field(default_factory=dict)
    remote_share: float | None = None
    home_visit: bool = False


def _cell(minutes: float, share: float, floor: float | None) -> dict[str, Any]:
    cell = {"minutes_per_contact": _s(minutes), "max_share": _s(share)}
    if floor is not None:
        cell["min_share"] = _s(floor)
    return cell


def example_care_model(roles: list[ExampleRole], services: list[ExampleService],
                       arrs_per_weighted_patient: float = 1_000.0,
                       gp_max_contacts_per_day: float = 1_000.0) -> CareModel:
    """A valid CareModel holding only what the mix reads; demand drivers are token values.

    The ARRS envelope (£ per weighted patient) and the GP day are generous unless a case sets them,
    so they bind only where a test means them to."""
    bands = ["0-64", "65+"]
    role_data: dict[str, Any] = {}
    for r in roles:
        data: dict[str, Any] = {
            "name": r.role.replace("_", " ").capitalize(),
            "staff_group": r.staff_group,
            "hours_per_fte_week": _s(r.hours_per_fte_week),
            "sessions_per_fte": _s(r.sessions_per_fte),
            "pay": {"basis": "example", "salary": _s(r.annual_cost)},
            "annual_cost": _s(r.annual_cost),
            "allowances": {k: _s(v) for k, v in r.allowances.items()},
        }
        if r.arrs_max is not None:
            data["arrs_max_reimbursement"] = _s(r.arrs_max)
        if r.supervised_by:
            data["supervision"] = {"hours_per_fte_week": _s(r.supervision_hours), "by": list(r.supervised_by)}
        if r.delivers_as:
            data["delivers_as"] = r.delivers_as
        role_data[r.role] = data
    service_data = {
        s.service: {
            "name": s.service.replace("_", " ").capitalize(),
            "priority_weight": _s(s.priority_weight),
            "minutes_per_contact": _s(s.minutes_per_contact),
            "per_patient_rate": _s(1.0),
            "delivery": {role: _cell(m, share, s.min_shares.get(role)) for role, (m, share) in s.delivery.items()},
            "home_visit": s.home_visit,
            **({"remote_share": _s(s.remote_share)} if s.remote_share is not None else {}),
        }
        for s in services
    }
    return CareModel.model_validate({
        "name": "example",
        "price_year": "2026/27",
        "age_bands": bands,
        "employment": {"employer_ni_rate": _s(0), "ni_secondary_threshold": _s(0), "employer_pension_rate": _s(0),
                       "working_days_per_year": _s(260), "weeks_per_year": _s(52)},
        "consultation_rate": {sex: {band: _s(5.0) for band in bands} for sex in ("female", "male")},
        "dna_rate_by_lead_time": {lead: _s(0.0) for lead in ("same_day", "next_day", "within_week", "beyond_week")},
        "safe_working": {"gp_appointment_minutes": _s(15), "gp_max_contacts_per_day": _s(gp_max_contacts_per_day)},
        "estate": {"other_practice_share": _s(0.25)},
        "arrs": {"envelope_per_weighted_patient": _s(arrs_per_weighted_patient)},
        "deprivation": {"most_vs_least_uplift": _s(0.0)},
        "travel": {"minutes_per_visit": {k: _s(0) for k in ("urban", "town", "village", "hamlet")},
                   "sparse_multiplier": _s(1.0)},
        "roles": role_data,
        "conditions": {},
        "services": service_data,
    })


def example_scenario(roles: list[ExampleRole], workforce_budget: float, population: int = 10_000,
                     max_patients_per_gp_fte: int | None = None, allow_redundancies: bool = False,
                     clinical_rooms: int = 4) -> Scenario:
    """One practice open weekday mornings and afternoons, everyone in one age band; the capitated budget is
    the workforce budget (share 1)."""
    opening = tuple(OpeningSlot(weekday=d, session=s) for d in list(Weekday)[:5] for s in (Session.AM, Session.PM))
    return Scenario(
        site=Site(name="Example PCH", care_model="example", plan_start=dt.date(2027, 1, 4), rota_weeks=1,
                  capitated_budget_per_year=workforce_budget, workforce_share=1.0,
                  max_patients_per_gp_fte=max_patients_per_gp_fte, allow_redundancies=allow_redundancies),
        practices=(Practice(code="P1", name="Example Surgery", list_size=population, rurality=Rurality.URBAN,
                            deprivation_decile=5, clinical_rooms=clinical_rooms, opening=opening, is_hub=True,
                            travel_minutes_to_hub=0),),
        population=(PopulationCount(practice="P1", sex=Sex.FEMALE, age_band=AgeBand.parse("0-64"),
                                    patients=population),),
        registers=(),
        roles=tuple(RolePlan(role=r.role, existing_fte=r.existing_fte, max_fte=r.max_fte,
                             arrs_eligible=r.arrs_eligible, employer=Employer.PRACTICE,
                             arrs_baseline_fte=r.arrs_baseline_fte,
                             funding=tuple(FundingShare(payer=p, share=x) for p, x in r.funding))
                    for r in roles),
        staff=(),
        cover_rules=(),
    )

"""Summaries of a Demand for people and machines: the JSON contract and plausibility figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pch_workforce.care_model import CareModel, StaffGroup
from pch_workforce.demand.types import Demand


@dataclass(frozen=True)
class GpShare:
    """The least and most of all appointments GPs could take under the skill matrix."""

    least: float  # share only a GP may deliver (other roles' max shares cannot cover it)
    most: float  # share GPs are allowed to deliver


def gp_share_bounds(demand: Demand, care_model: CareModel) -> GpShare:
    """Bounds on the GP share of appointments; the mix stage picks the actual share."""
    total = demand.appointments_per_year
    if not total:
        return GpShare(0.0, 0.0)
    least = most = 0.0
    for service in demand.services():
        delivery = care_model.services[service.service].delivery
        gp_max = sum(d.max_share.value for r, d in delivery.items()
                     if care_model.roles[r].staff_group is StaffGroup.GP)
        others = sum(d.max_share.value for r, d in delivery.items()
                     if care_model.roles[r].staff_group is not StaffGroup.GP)
        least += service.appointments_per_year * max(0.0, 1 - others)
        most += service.appointments_per_year * min(1.0, gp_max)
    return GpShare(least / total, most / total)


def demand_json(demand: Demand, care_model: CareModel) -> dict[str, Any]:
    """The `demand --json` object: totals, per service (with drivers) and per practice."""
    share = gp_share_bounds(demand, care_model)
    return {
        "site": demand.site,
        "care_model": demand.care_model,
        "population": demand.population,
        "contacts_per_patient_year": round(demand.appointments_per_patient_year, 4),
        "contacts_unit": "booked appointments (including those not attended), all staff",
        "appointments_per_year": round(demand.appointments_per_year, 1),
        "hours_per_week": round(demand.hours_per_week, 2),
        "gp_share_possible": {"least": round(share.least, 4), "most": round(share.most, 4)},
        "age_sex_rate_by_band": {band: round(rate, 3) for band, rate in demand.band_rates},
        "services": [
            {
                "service": s.service,
                "name": s.name,
                "contacts_per_year": round(s.appointments_per_year, 1),
                "attended_per_year": round(s.attended_per_year, 1),
                "hours_per_week": round(s.hours_per_week, 2),
                "drivers": list(s.drivers),
            }
            for s in demand.services()
        ],
        "practices": [
            {
                "practice": p.practice,
                "population": p.population,
                "contacts_per_year": round(p.appointments_per_year, 1),
                "hours_per_week": round(p.hours_per_week, 2),
            }
            for p in demand.practices()
        ],
    }

"""The figures a PCH board asks about, worked out in one place from plain numbers.

Each calculation is a small pure function over plain values, so it can be checked by hand;
:func:`mix_kpis` and :func:`rota_kpis` gather them for a plan (the Summary sheet, ``--json`` and
``compare`` all read them from here). A figure that cannot be worked out is ``None``, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pch_workforce.care_model import CareModel, StaffGroup
from pch_workforce.mix.result import Mix, ServiceMix
from pch_workforce.pch_rota import PchRota
from pch_workforce.rota.checker import people_beyond_rooms
from pch_workforce.rota.problem import Rota

LTC_PREFIX = "ltc_"


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when the denominator is not positive."""
    return numerator / denominator if denominator > 0 else None


def patients_per_gp_fte(population: int, gp_fte: float) -> float | None:
    """Registered patients per GP FTE (a continuity and safety measure boards track)."""
    return ratio(population, gp_fte)


def gp_fte(roles: Iterable[tuple[str, float]]) -> float:
    """Total FTE of the roles in the GP staff group, from (staff group, FTE) pairs."""
    return sum(fte for group, fte in roles if group == StaffGroup.GP.value)


@dataclass(frozen=True)
class Cover:
    """Demand and what the team meets of it, in contacts and in hours a week."""

    demand_contacts_per_week: float
    met_contacts_per_week: float
    demand_hours_per_week: float
    met_hours_per_week: float

    @property
    def share_met(self) -> float | None:
        """Share of contacts met (contacts add up exactly; role hours differ in length)."""
        return ratio(self.met_contacts_per_week, self.demand_contacts_per_week)


def service_cover(services: Iterable[ServiceMix]) -> Cover:
    """Demand and met demand summed over some service lines."""
    rows = list(services)
    return Cover(
        demand_contacts_per_week=sum(s.demand_contacts_per_week for s in rows),
        met_contacts_per_week=sum(s.demand_contacts_per_week - s.unmet_contacts_per_week for s in rows),
        demand_hours_per_week=sum(s.demand_hours_per_week for s in rows),
        met_hours_per_week=sum(s.demand_hours_per_week - s.unmet_hours_per_week for s in rows),
    )


def ltc_review_services(care_model: CareModel) -> list[str]:
    """Long-term-condition register reviews: the care model's services named ``ltc_*``."""
    return [sid for sid in care_model.services if sid.startswith(LTC_PREFIX)]


def home_visit_services(care_model: CareModel) -> list[str]:
    return [sid for sid, service in care_model.services.items() if service.home_visit]


def continuity_share(sessions: Iterable[tuple[str | None, str]]) -> float | None:
    """Share of (home practice, location) sessions worked at home, over people who have a home."""
    counted = [(home, where) for home, where in sessions if home is not None]
    return ratio(sum(1 for home, where in counted if home == where), len(counted))


@dataclass(frozen=True)
class Budget:
    """The workforce budget against what the plan costs it."""

    available_per_year: float
    used_per_year: float
    population: int

    @property
    def headroom_per_year(self) -> float:
        return self.available_per_year - self.used_per_year

    @property
    def share_used(self) -> float | None:
        return ratio(self.used_per_year, self.available_per_year)

    @property
    def cost_per_patient_per_year(self) -> float | None:
        return ratio(self.used_per_year, self.population)


def shares(weights: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Each key's share of the total weight (all zero when the total is zero)."""
    items = list(weights)
    total = sum(w for _, w in items)
    return {key: (w / total if total > 0 else 0.0) for key, w in items}


@dataclass(frozen=True)
class MixKpis:
    population: int
    budget: Budget
    gp_fte: float
    patients_per_gp_fte: float | None
    all_services: Cover
    ltc_reviews: Cover
    home_visits: Cover


def mix_kpis(mix: Mix, care_model: CareModel) -> MixKpis:
    """The board figures that need only demand and the mix (so compare can show them for scenarios)."""
    gps = gp_fte((r.staff_group, r.fte) for r in mix.roles)
    ltc, visits = set(ltc_review_services(care_model)), set(home_visit_services(care_model))
    return MixKpis(
        population=mix.population,
        budget=Budget(mix.workforce_budget_per_year, mix.cost_per_year, mix.population),
        gp_fte=gps,
        patients_per_gp_fte=patients_per_gp_fte(mix.population, gps),
        all_services=service_cover(mix.services),
        ltc_reviews=service_cover(s for s in mix.services if s.service in ltc),
        home_visits=service_cover(s for s in mix.services if s.service in visits),
    )


@dataclass(frozen=True)
class RotaKpis:
    sessions_rostered: int
    clinical_sessions: int
    continuity: float | None
    uncovered_sessions: int
    people_short: int
    people_beyond_rooms: int


def rota_kpis(pch: PchRota, rota: Rota, uncovered: Iterable[tuple[int, int]]) -> RotaKpis:
    """Continuity and cover from the rota; ``uncovered`` holds (minimum, assigned) per short session."""
    home = {p.staff_id: p.home_practice for p in pch.people}
    clinical = [a for a in rota.assignments if pch.problem.shift_by_id[a.shift_id].clinical]
    short = [(minimum, assigned) for minimum, assigned in uncovered]
    return RotaKpis(
        sessions_rostered=len(rota.assignments),
        clinical_sessions=len(clinical),
        continuity=continuity_share((home.get(a.staff_id), a.location_id) for a in clinical),
        uncovered_sessions=len(short),
        people_short=sum(minimum - assigned for minimum, assigned in short),
        people_beyond_rooms=people_beyond_rooms(pch.problem, rota.assignments),
    )

"""The board KPIs on numbers small enough to check by hand."""

from __future__ import annotations

import pytest

from pch_workforce.care_model.loader import load_care_model
from pch_workforce.mix.result import ServiceMix
from pch_workforce.pch_rota import PchRota, RotaPerson
from pch_workforce.plan.kpis import (
    Budget,
    continuity_share,
    gp_fte,
    home_visit_services,
    ltc_review_services,
    patients_per_gp_fte,
    ratio,
    rota_kpis,
    service_cover,
    shares,
)
from pch_workforce.rota.problem import Assignment, Location, Problem, Rota, ShiftType, Staff
from tests.conftest import REPO


def service(sid: str, demand_contacts: float, unmet_contacts: float, demand_hours: float,
            unmet_hours: float) -> ServiceMix:
    return ServiceMix(service=sid, name=sid, priority_weight=1.0, demand_contacts_per_week=demand_contacts,
                      demand_hours_per_week=demand_hours, unmet_contacts_per_week=unmet_contacts,
                      unmet_hours_per_week=unmet_hours, weighted_unmet_hours_per_week=unmet_hours,
                      weighted_unmet_contacts_per_week=unmet_contacts)


def test_patients_per_gp_fte() -> None:
    assert patients_per_gp_fte(38_100, 17.0) == pytest.approx(2241.18, abs=0.01)
    assert patients_per_gp_fte(10_000, 0.0) is None
    assert gp_fte([("gp", 2.0), ("nurse", 3.0), ("gp", 0.5), ("other", 1.0)]) == 2.5


def test_ratio_is_none_without_a_positive_denominator() -> None:
    assert ratio(3, 4) == 0.75
    assert ratio(3, 0) is None
    assert ratio(3, -1) is None


def test_service_cover_sums_contacts_and_hours() -> None:
    cover = service_cover([service("a", 10, 2, 5, 1), service("b", 30, 0, 10, 0)])
    assert cover.demand_contacts_per_week == 40
    assert cover.met_contacts_per_week == 38
    assert cover.demand_hours_per_week == 15
    assert cover.met_hours_per_week == 14
    assert cover.share_met == pytest.approx(0.95)
    assert service_cover([]).share_met is None


def test_continuity_counts_only_people_with_a_home_practice() -> None:
    sessions = [("P1", "P1"), ("P1", "P2"), (None, "P1"), ("P2", "P2")]
    assert continuity_share(sessions) == pytest.approx(2 / 3)
    assert continuity_share([(None, "P1")]) is None


def test_budget_headroom_share_and_cost_per_patient() -> None:
    budget = Budget(available_per_year=100_000, used_per_year=75_000, population=1_000)
    assert budget.headroom_per_year == 25_000
    assert budget.share_used == 0.75
    assert budget.cost_per_patient_per_year == 75
    assert Budget(0, 10, 0).share_used is None
    assert Budget(50, 60, 10).headroom_per_year == -10  # over budget shows as negative headroom


def test_shares_split_a_total() -> None:
    assert shares([("P1", 1), ("P2", 3)]) == {"P1": 0.25, "P2": 0.75}
    assert shares([("P1", 0), ("P2", 0)]) == {"P1": 0.0, "P2": 0.0}


def test_rota_kpis_leave_the_mdt_and_vacancies_out_of_continuity() -> None:
    people = (RotaPerson("a", "A", "gp", "P1", 9, False), RotaPerson("b", "B", "gp", "P2", 9, False),
              RotaPerson("v", "V", "gp", None, 9, True))

    problem = Problem(
        horizon_days=7,
        shift_types=(ShiftType(id="AM", length_minutes=300), ShiftType(id="PM", length_minutes=330),
                     ShiftType(id="MDT", length_minutes=330, clinical=False)),
        locations=(Location(id="P1", rooms=1), Location(id="P2", rooms=1)),
        staff=tuple(Staff(id=p.staff_id, skills=frozenset({"gp"})) for p in people))
    pch = PchRota(problem=problem, people=people, dates=())
    rota = Rota(assignments=(
        Assignment(staff_id="a", day=0, shift_id="AM", location_id="P1"),  # home
        Assignment(staff_id="a", day=0, shift_id="MDT", location_id="P2"),  # MDT: not clinical
        Assignment(staff_id="b", day=0, shift_id="AM", location_id="P1"),  # away; two in P1's one room
        Assignment(staff_id="b", day=1, shift_id="PM", location_id="P2"),  # home
        Assignment(staff_id="v", day=1, shift_id="PM", location_id="P1"),  # vacancy: no home
    ))
    k = rota_kpis(pch, rota, [(3, 1), (2, 1)])  # type: ignore[arg-type]
    assert k.sessions_rostered == 5
    assert k.clinical_sessions == 4
    assert k.continuity == pytest.approx(2 / 3)
    assert k.uncovered_sessions == 2
    assert k.people_short == 3
    assert k.people_beyond_rooms == 1  # Monday AM at P1


def test_ltc_reviews_and_home_visits_come_from_the_care_model() -> None:
    model = load_care_model("pch-default", [REPO / "models"])
    ltc = ltc_review_services(model)
    assert ltc and all(sid.startswith("ltc_") for sid in ltc)
    assert "ltc_diabetes" in ltc and "home_visits" not in ltc
    assert home_visit_services(model) == [sid for sid, spec in model.services.items() if spec.home_visit]
    assert {"home_visits", "housebound_nursing", "care_home_round"} <= set(home_visit_services(model))

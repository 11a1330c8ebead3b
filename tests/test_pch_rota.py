"""The PCH front end of the rota engine: a site becomes a rostering problem, checked by hand."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pch_workforce.care_model import load_care_model
from pch_workforce.pch_rota import MDT_SHIFT, SESSION_MINUTES, build_pch_rota, check_contracts, vacancy_posts
from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.problem import DayShift
from pch_workforce.rota.solve import SolveOptions, solve
from pch_workforce.rota_policy import RotaPolicy
from pch_workforce.scenario.model import Scenario
from tests.conftest import REPO
from tests.scenario_factory import fitting_scenario, unworkable_scenario

MODEL = load_care_model("pch-default", [REPO / "models"])


def pch(scenario: Scenario | None = None, planned: dict[str, float] | None = None):
    return build_pch_rota(scenario or fitting_scenario(), MODEL, RotaPolicy(), planned_fte=planned)


def test_vacancy_posts_fill_the_planned_sessions() -> None:
    # GP: 2.0 FTE x 9 = 18 planned sessions, named GPs hold 8 + 6 = 14 -> one post of 4 sessions.
    # Nurse: 1.0 FTE x 9 = 9 planned, the named nurse already holds 10 -> no post.
    posts = vacancy_posts(fitting_scenario(), MODEL, {"gp": 2.0, "practice_nurse": 1.0})
    assert [(p.name, p.sessions_per_week, p.vacancy) for p in posts] == [("GP vacancy 1 (4 sessions)", 4, True)]
    big = vacancy_posts(fitting_scenario(), MODEL, {"gp": 3.5})  # 31.5 -> 32 sessions, 18 to add: 9 + 9
    assert [p.sessions_per_week for p in big] == [9, 9]


def test_practices_are_open_as_their_opening_pattern_says() -> None:
    locations = {loc.id: loc for loc in pch().problem.locations}
    hub, other = locations["A1"], locations["B2"]
    assert hub.is_open(1, "EVE") and hub.is_open(5, "AM") and hub.is_open(2, MDT_SHIFT)  # Tue eve, Sat, Wed MDT
    assert not other.is_open(1, "EVE") and not other.is_open(5, "AM") and not other.is_open(2, MDT_SHIFT)
    assert not hub.is_open(6, "AM")  # nobody works on Sunday


def test_leave_is_credited_pro_rata() -> None:
    staff = {s.id: s for s in pch().problem.staff}
    one = staff["S1"]  # 8 sessions a week, leave Mon-Tue of week 2
    assert one.leave_days == frozenset({7, 8})
    credit = round(8 * 2 / 5)  # two weekdays of an 8-session week
    assert one.contract.min_minutes == one.contract.max_minutes == (16 - credit) * SESSION_MINUTES
    assert one.contract.max_sessions_per_week == 8


def test_willingness_and_never_works_become_unavailability() -> None:
    staff = {s.id: s for s in pch().problem.staff}
    assert DayShift(day=1, shift_id="EVE") in staff["S2"].unavailable_shifts  # S2 does not work evenings
    assert DayShift(day=5, shift_id="AM") in staff["S1"].unavailable_shifts  # S1 does not work Saturdays
    assert DayShift(day=2, shift_id="PM") in staff["S1"].unavailable_shifts  # S1 never works Wed PM ...
    assert DayShift(day=2, shift_id=MDT_SHIFT) in staff["S1"].unavailable_shifts  # ... so misses the MDT
    assert DayShift(day=5, shift_id="AM") not in staff["S2"].unavailable_shifts


def test_evenings_and_saturdays_are_shared_pro_rata_to_contracted_sessions() -> None:
    built = pch(planned={"gp": 2.0})
    sessions = {p.staff_id: p.sessions_per_week for p in built.people}
    groups = {g.id: g for g in built.problem.fairness_groups}
    assert groups, "the fitting scenario has people willing to work evenings"
    for group in groups.values():
        assert group.shares == tuple(sessions[sid] for sid in group.staff_ids)
    gp = groups["evenings/gp"]
    assert len(set(gp.shares)) > 1, "named GPs on 8 and 6 sessions and a 4-session post share GP evenings"


def test_cover_lines_and_mdt_representation() -> None:
    cover = pch().problem.cover
    gp_monday = sorted((c.day, c.location_id) for c in cover if c.shift_id == "AM")
    assert gp_monday == [(0, "A1"), (0, "B2"), (7, "A1"), (7, "B2")]
    mdt = sorted((c.day, c.skill, c.minimum) for c in cover if c.shift_id == MDT_SHIFT)
    assert mdt == [(2, "gp", 1), (2, "practice_nurse", 1), (9, "gp", 1), (9, "practice_nurse", 1)]


def test_solved_rota_holds_every_rule_and_every_contract() -> None:
    built = pch(planned={"gp": 2.0})
    report = solve(built.problem, SolveOptions(time_limit=30, deterministic_time_limit=10, workers=2))
    assert report.rota is not None
    check = check_rota(built.problem, report.rota)
    assert check.ok, check.violations
    assert check.objective == report.objective
    worked = Counter(a.staff_id for a in report.rota.assignments)
    for staff in built.problem.staff:
        assert worked[staff.id] * SESSION_MINUTES == staff.contract.min_minutes
    locations = {loc.id: loc for loc in built.problem.locations}
    for a in report.rota.assignments:
        assert locations[a.location_id].is_open(a.day, a.shift_id)


def test_impossible_contract_is_explained_by_name() -> None:
    built = pch(unworkable_scenario())
    # Before solving, in the planner's words: only Friday AM and PM remain in each of 2 weeks.
    assert check_contracts(built) == [
        "Dr Two (gp): contracted 6 sessions a week, 12 over the 2-week rota, but only 4 can be worked "
        "(practice opening, never-works sessions, evenings/Saturdays and the daily limit)"
    ]
    # The solver agrees, and its own explanation names the person and the contract rule.
    report = solve(built.problem, SolveOptions(time_limit=30, workers=2))
    assert report.rota is None and report.status.value == "infeasible"
    assert "Dr Two: must work at least" in report.explain()


@pytest.mark.parametrize("path", sorted((REPO / "scenarios").glob("*.xlsx")), ids=lambda p: p.name)
def test_shipped_scenarios_translate(path: Path) -> None:
    from pch_workforce.scenario.loader import load_scenario

    loaded = load_scenario(path)
    built = build_pch_rota(loaded.scenario, loaded.care_model, loaded.rota_policy)
    assert len(built.problem.staff) == len(loaded.scenario.staff)
    assert built.problem.horizon_days == 7 * loaded.scenario.site.rota_weeks


@pytest.mark.parametrize("path", sorted((REPO / "scenarios").glob("*.xlsx")), ids=lambda p: p.name)
def test_shipped_scenarios_have_workable_contracts(path: Path) -> None:
    from pch_workforce.scenario.loader import load_scenario

    loaded = load_scenario(path)
    assert check_contracts(build_pch_rota(loaded.scenario, loaded.care_model, loaded.rota_policy)) == []


def test_practices_bring_their_clinical_rooms() -> None:
    scenario = fitting_scenario()
    problem = pch(scenario).problem
    assert {loc.id: loc.rooms for loc in problem.locations} == {p.code: p.clinical_rooms for p in scenario.practices}
    assert problem.overbooked_room_weight == RotaPolicy().weight_overbooked_room == 10
    assert problem.has_room_limits

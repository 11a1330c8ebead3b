"""Issue 19's rules, each on a small case worked by hand, with the independent checker agreeing:
sessions at their clock times (an evening uses 1 h 30 of a contract), work that needs no room,
enhanced access against the Network Contract DES hours, and a duty clinician across core hours."""

from __future__ import annotations

from collections import Counter

import pytest

from pch_workforce.care_model import load_care_model
from pch_workforce.pch_rota import (
    DUTY_CLINICIAN,
    ENHANCED_ACCESS,
    build_pch_rota,
    enhanced_access_slots,
)
from pch_workforce.plan.access import access_report
from pch_workforce.rota.checker import check_rota, people_beyond_rooms
from pch_workforce.rota.problem import Assignment, Contract, Location, Problem, Rota, ShiftType, Staff
from pch_workforce.rota.rules import SoftRule
from pch_workforce.rota.solve import SolveOptions, solve
from pch_workforce.rota_policy import RotaPolicy
from tests.conftest import REPO
from tests.scenario_factory import fitting_scenario

MODEL = load_care_model("pch-default", [REPO / "models"])


def test_an_evening_uses_an_hour_and_a_half_of_the_contract() -> None:
    """Morning 300 min + evening 90 = 390: the only way to work exactly 390 minutes in the week is one
    morning and one evening (two mornings are 600, one 300); the checker refuses two evenings (180)."""
    problem = Problem(
        horizon_days=7,
        shift_types=(ShiftType(id="AM", start_minute=480, length_minutes=300),
                     ShiftType(id="EVE", start_minute=1110, length_minutes=90)),
        locations=(Location(id="P1", open_slots=frozenset({(0, "AM"), (1, "AM"), (0, "EVE"), (1, "EVE")})),),
        staff=(Staff(id="a", contract=Contract(min_minutes=390, max_minutes=390)),),
    )
    report = solve(problem, SolveOptions(time_limit=10, workers=1))
    assert report.rota is not None
    assert Counter(a.shift_id for a in report.rota.assignments) == {"AM": 1, "EVE": 1}
    assert check_rota(problem, report.rota).ok
    two_evenings = Rota(assignments=(Assignment(staff_id="a", day=0, shift_id="EVE", location_id="P1"),
                                     Assignment(staff_id="a", day=1, shift_id="EVE", location_id="P1")))
    assert "contracted minutes" in {str(v.rule) for v in check_rota(problem, two_evenings).violations}


def test_the_site_sessions_carry_their_clock_times_into_the_rota() -> None:
    """Default Sessions: weekday 08:00-13:00 (300 min), 13:00-18:30 (330), evening 18:30-20:00 (90),
    Saturday 09:00-13:00 (240); the roomless weekday sessions and the MDT keep their session's times."""
    shifts = build_pch_rota(fitting_scenario(), MODEL, RotaPolicy()).problem.shift_by_id
    assert {k: (s.start_minute, s.length_minutes) for k, s in shifts.items()} == {
        "AM": (480, 300), "PM": (780, 330), "EVE": (1110, 90), "SAT-AM": (540, 240), "SAT-PM": (780, 240),
        "AM-R": (480, 300), "PM-R": (780, 330), "MDT": (780, 330)}
    assert not shifts["AM-R"].holds_room and shifts["AM"].holds_room and not shifts["MDT"].holds_room


def test_a_room_too_few_is_solved_by_work_that_needs_no_room() -> None:
    """One room, two people who must each work Monday morning: in the room, one is overbooked (10
    points); when one may work the morning on the telephone (AM-R, at most once), nobody is."""
    def problem(remote_cap: int) -> Problem:
        return Problem(
            horizon_days=1,
            shift_types=(ShiftType(id="AM", start_minute=480, length_minutes=300),
                         ShiftType(id="AM-R", start_minute=480, length_minutes=300, uses_room=False)),
            locations=(Location(id="P1", rooms=1),),
            staff=tuple(Staff(id=i, contract=Contract(min_minutes=300, max_minutes=300,
                                                      max_shifts_per_type={"AM-R": cap}))
                        for i, cap in (("a", remote_cap), ("b", 0))),
            overbooked_room_weight=10,
        )
    for cap, beyond in ((0, 1), (1, 0)):
        report = solve(problem(cap), SolveOptions(time_limit=10, workers=1))
        assert report.rota is not None and report.objective == 10 * beyond
        check = check_rota(problem(cap), report.rota)
        assert check.ok and check.objective == report.objective
        assert people_beyond_rooms(problem(cap), report.rota.assignments) == beyond


def test_the_mix_room_share_sets_who_may_work_without_a_room() -> None:
    """A GP spending 60% of clinical hours in a room may work the rest by telephone or on visits:
    Dr One's 16 sessions less leave are 3,200 minutes; 40% is 1,280, or 4 sessions of 315 minutes
    on average, split between mornings and afternoons. A role the mix gives no room work needs none;
    a role supervised on site works every session in the building."""
    built = build_pch_rota(fitting_scenario(), MODEL, RotaPolicy(), room_shares={"gp": 0.6, "practice_nurse": 0.0})
    staff = built.problem.staff_by_id
    assert staff["S1"].contract.max_shifts_per_type == {"AM-R": 2, "PM-R": 2}
    assert staff["S1"].needs_room
    assert not staff["S3"].needs_room and staff["S3"].contract.max_shifts_per_type == {"AM-R": 0, "PM-R": 0}


def test_enhanced_access_one_hour_short_is_reported_for_the_week() -> None:
    """A weighted list of 10,500 asks for 60 min per 1,000 = 630 minutes (10.5 h) a week. Alpha opens
    Tuesday evening (90 min in the Network Standard Hours) and Saturday morning (240), 4 rooms each:
    1,320 room-minutes, so each wants ceil(630 / 1,320 x 4) = 2 clinicians. A rota with one GP on
    Tuesday evening and two on Saturday morning gives 90 + 480 = 570 minutes: one hour short; the
    checker finds the evening one clinician short of its enhanced-access minimum."""
    scenario = fitting_scenario()
    scenario = scenario.model_copy(update={"site": scenario.site.model_copy(update={"weighted_list": 10_500})})
    assert sorted(enhanced_access_slots(scenario, MODEL)) == [(1, "A1", "EVE", 90, 2), (5, "A1", "SAT-AM", 240, 2)]
    built = build_pch_rota(scenario, MODEL, RotaPolicy(), planned_fte={"gp": 3.0})
    rota = Rota(assignments=(Assignment(staff_id="S1", day=1, shift_id="EVE", location_id="A1"),
                             Assignment(staff_id="S2", day=5, shift_id="SAT-AM", location_id="A1"),
                             Assignment(staff_id="VAC-gp-1", day=5, shift_id="SAT-AM", location_id="A1")))
    report = access_report(built, rota, scenario, MODEL)
    first = report.weeks[0]
    assert (first.required_hours, first.delivered_hours, first.short_hours) == (10.5, 9.5, pytest.approx(1.0))
    assert report.enhanced_access_hours_per_week == 0.0  # week 2 has nobody in the evening or on Saturday
    lines = tuple(c for c in built.problem.cover if c.skill == ENHANCED_ACCESS and c.day < 7)
    week_one = built.problem.model_copy(update={"cover": lines})
    weight = RotaPolicy().weight_uncovered_session
    assert check_rota(week_one, rota).objective_by_rule[SoftRule.COVER_SHORTFALL] == weight * 1


def test_a_practice_without_a_duty_clinician_lists_the_core_hours_it_misses() -> None:
    """Monday: Dr One at Alpha all day, Dr Two at Beta only in the morning, and Nurse Three (not a duty
    clinician) at Beta in the afternoon: Beta misses 13:00-18:30 on Monday; every other weekday both
    practices miss 08:00-18:30, 10 h 30 each. The checker counts the same missing duty sessions."""
    built = build_pch_rota(fitting_scenario(), MODEL, RotaPolicy())
    rota = Rota(assignments=(Assignment(staff_id="S1", day=0, shift_id="AM", location_id="A1"),
                             Assignment(staff_id="S1", day=0, shift_id="PM", location_id="A1"),
                             Assignment(staff_id="S2", day=0, shift_id="AM", location_id="B2"),
                             Assignment(staff_id="S3", day=0, shift_id="PM", location_id="B2")))
    report = access_report(built, rota, fitting_scenario(), MODEL)
    monday = [(g.practice, g.window, g.reason) for g in report.gaps if g.date.weekday() == 0 and g.date.day == 4]
    assert monday == [("B2", "13:00–18:30", "no duty clinician rostered in the building")]
    assert report.core_hours_uncovered == pytest.approx(5.5 + 9 * 2 * 10.5)  # 2 weeks, 10 weekdays, 2 practices
    duty = tuple(c for c in built.problem.cover if c.skill == DUTY_CLINICIAN)
    assert len(duty) == 10 * 2 * 2  # weekday, practice, morning and afternoon
    only_duty = built.problem.model_copy(update={"cover": duty})
    missing = sum(1 for c in duty) - 3  # Monday: Alpha AM and PM, Beta AM have their duty clinician
    assert check_rota(only_duty, rota).objective_by_rule[SoftRule.COVER_SHORTFALL] == (
        RotaPolicy().weight_uncovered_session * missing)


def test_the_explain_sheet_says_which_week_practice_and_hours_miss_the_access_contract() -> None:
    """The hand rota of the duty-clinician case, read as a plan: Explain has Beta's Monday afternoon
    with its reason, and every week short of enhanced access with its hours."""
    from types import SimpleNamespace

    from pch_workforce.plan.workbook.explain import _access_rows

    scenario = fitting_scenario()
    built = build_pch_rota(scenario, MODEL, RotaPolicy())
    rota = Rota(assignments=(Assignment(staff_id="S1", day=0, shift_id="AM", location_id="A1"),
                             Assignment(staff_id="S1", day=0, shift_id="PM", location_id="A1"),
                             Assignment(staff_id="S2", day=0, shift_id="AM", location_id="B2"),
                             Assignment(staff_id="S1", day=1, shift_id="EVE", location_id="A1")))
    plan = SimpleNamespace(rota=built, rota_report=SimpleNamespace(rota=rota),
                           mix=SimpleNamespace(enhanced_access=None),
                           loaded=SimpleNamespace(scenario=scenario, care_model=MODEL))
    rows = _access_rows(plan)  # type: ignore[arg-type]
    # 3,189 registered patients (no weighted list): 191.3 minutes a week; one evening gives 90 minutes.
    assert rows[0] == ["Rota", "Enhanced access short", "enhanced access", "week 1",
                       "1.5 of the 3.2 hours a week the Network Contract DES asks for in the Network Standard "
                       "Hours: 1.7 h short"]
    assert ["Rota", "Core hours without a duty clinician", "duty clinician", "B2",
            "Mon 04 Jan 2027 13:00–18:30 (5.5 h): no duty clinician rostered in the building"] in rows
    assert sum(1 for r in rows if r[1] == "Enhanced access short") == 2


def test_the_explain_sheet_says_when_the_rooms_cannot_hold_enhanced_access() -> None:
    """The mix's reading: 12 room-hours open in the Network Standard Hours against 15 h asked for."""
    from types import SimpleNamespace

    from pch_workforce.mix.result import EnhancedAccessUse
    from pch_workforce.plan.workbook.explain import _access_rows

    scenario = fitting_scenario()
    built = build_pch_rota(scenario, MODEL, RotaPolicy())
    use = EnhancedAccessUse(required_hours_per_week=15, team_hours_per_week=40, room_hours_per_week=12)
    plan = SimpleNamespace(rota=built, rota_report=SimpleNamespace(rota=Rota()),
                           mix=SimpleNamespace(enhanced_access=use),
                           loaded=SimpleNamespace(scenario=scenario, care_model=MODEL))
    assert _access_rows(plan)[0] == [  # type: ignore[arg-type]
        "Mix", "Estate cannot hold enhanced access", "enhanced access", "site",
        "the practices open 12.0 room-hours a week in the Network Standard Hours, 3.0 fewer than the 15.0 hours the "
        "Network Contract DES asks for: open more evening or Saturday sessions"]

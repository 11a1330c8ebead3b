"""Layer (c): the independent checker catches a hand-broken rota for every hard rule."""

from __future__ import annotations

import pytest
from rota_helpers import person, tiny

from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.problem import (
    Assignment,
    Contract,
    CoverRequirement,
    ForbiddenSuccession,
    Location,
    Rota,
    ShiftRequest,
    ShiftType,
    Staff,
    SupervisorOnSite,
)
from pch_workforce.rota.rules import HardRule

AM = ShiftType(id="AM", length_minutes=240, start_minute=480)
PM = ShiftType(id="PM", length_minutes=240, start_minute=780)
LONG = ShiftType(id="LONG", length_minutes=600, start_minute=480)
SKILLED = ShiftType(id="MS", length_minutes=240, required_skills=frozenset({"minor surgery"}))
H1, H2 = Location(id="H1"), Location(id="H2")


def rota(*cells: tuple) -> Rota:
    """Cells are (day, shift) or (day, shift, location) for staff 'patel'."""
    return Rota(
        assignments=tuple(
            Assignment(staff_id="patel", day=c[0], shift_id=c[1], location_id=c[2] if len(c) > 2 else "ward")
            for c in cells
        )
    )


BROKEN = {
    HardRule.UNKNOWN_ID: (tiny([person()]), Rota(assignments=(Assignment(staff_id="nobody", day=0, shift_id="D", location_id="ward"),))),
    HardRule.ONE_LOCATION_PER_SESSION: (tiny([person()], locations=(H1, H2)), rota((0, "D", "H1"), (0, "D", "H2"))),
    HardRule.MAX_SESSIONS_PER_DAY: (tiny([person()], shifts=(AM, PM)), rota((0, "AM"), (0, "PM"))),
    HardRule.FORBIDDEN_SAME_DAY: (tiny([person(max_shifts_per_day=2)], shifts=(AM, LONG)), rota((0, "AM"), (0, "LONG"))),
    HardRule.LEAVE_AND_UNAVAILABILITY: (
        tiny([Staff(id="patel", leave_days=frozenset({2}))]), rota((2, "D"))),
    HardRule.REQUIRED_SKILL: (tiny([person()], shifts=(SKILLED,)), rota((0, "MS"))),
    HardRule.ALLOWED_LOCATION: (
        tiny([Staff(id="patel", allowed_locations=frozenset({"H1"}))], locations=(H1, H2)), rota((0, "D", "H2"))),
    HardRule.CONTRACTED_SESSIONS: (tiny([person(min_sessions_per_week=2)]), rota((0, "D"))),
    HardRule.CONTRACTED_MINUTES: (tiny([person(max_minutes=480)]), rota((0, "D"), (1, "D"))),
    HardRule.FORBIDDEN_SUCCESSION: (
        tiny([person()], forbidden_successions=(ForbiddenSuccession(shift_id="D", next_shift_id="D"),)),
        rota((0, "D"), (1, "D"))),
    HardRule.MAX_CONSECUTIVE_DAYS: (tiny([person(max_consecutive_days=2)]), rota((0, "D"), (1, "D"), (2, "D"))),
    HardRule.MIN_CONSECUTIVE_DAYS: (tiny([person(min_consecutive_days=2)]), rota((2, "D"))),
    HardRule.MIN_CONSECUTIVE_DAYS_OFF: (
        tiny([person(min_consecutive_days_off=2)]), rota((0, "D"), (1, "D"), (3, "D"), (4, "D"))),
    HardRule.MAX_WEEKENDS: (tiny([person(max_weekends=1)], days=14), rota((5, "D"), (12, "D"))),
    HardRule.MAX_SHIFTS_PER_TYPE: (tiny([person(max_shifts_per_type={"D": 1})]), rota((0, "D"), (3, "D"))),
    HardRule.SUPERVISOR_ON_SITE: (
        tiny([Staff(id="patel", skills=frozenset({"pa"}))], supervision=(
            SupervisorOnSite(id="pa", supervised=frozenset({"pa"}), by=frozenset({"gp"})),)),
        rota((0, "D"))),
    HardRule.FIXED_ASSIGNMENT: (
        tiny([person()], fixed_on=(Assignment(staff_id="patel", day=0, shift_id="D", location_id="ward"),)),
        rota((1, "D"))),
}


@pytest.mark.parametrize("rule", list(BROKEN), ids=lambda r: r.value)
def test_checker_catches_each_broken_rule(rule):
    problem, broken = BROKEN[rule]
    verdict = check_rota(problem, broken)
    assert not verdict.ok
    assert rule in verdict.rules_broken(), verdict.violations


def test_every_hard_rule_has_a_checker_case():
    assert set(BROKEN) == set(HardRule)


def test_runs_touching_the_horizon_ends_are_exempt_from_minimums():
    problem = tiny([person(min_consecutive_days=3, min_consecutive_days_off=3)])
    assert check_rota(problem, rota((0, "D"), (2, "D"), (3, "D"), (4, "D"), (6, "D"))).rules_broken() == {
        HardRule.MIN_CONSECUTIVE_DAYS_OFF
    }
    assert check_rota(problem, rota((0, "D"), (4, "D"), (5, "D"), (6, "D"))).ok


def test_leave_credit_counts_towards_the_weekly_contract():
    p = Staff(id="patel", leave_days=frozenset({0, 1}),
              contract=Contract(min_sessions_per_week=4, leave_credit_sessions=1))
    assert check_rota(tiny([p]), rota((2, "D"), (3, "D"))).ok
    assert not check_rota(tiny([p]), rota((2, "D"))).ok


def test_checker_recomputes_the_objective_by_hand():
    """Cover 2 on day 0 with one person there (100 short), 1 over on day 1, and an unmet
    on request (3): 100 + 1 + 3 = 104."""
    problem = tiny(
        [person(), person("lee", "Nurse Lee")],
        days=2,
        cover=(
            CoverRequirement(day=0, shift_id="D", location_id="ward", minimum=2),
            CoverRequirement(day=1, shift_id="D", location_id="ward", minimum=1),
        ),
        requests=(ShiftRequest(staff_id="lee", day=0, shift_id="D", kind="on", weight=3),),
    )
    both = Rota(assignments=(
        Assignment(staff_id="patel", day=0, shift_id="D", location_id="ward"),
        Assignment(staff_id="patel", day=1, shift_id="D", location_id="ward"),
        Assignment(staff_id="lee", day=1, shift_id="D", location_id="ward"),
    ))
    verdict = check_rota(problem, both)
    assert verdict.ok
    assert verdict.objective == 104
    assert verdict.objective_by_rule == {"cover shortfall": 100, "cover excess": 1, "shift on request": 3}


def test_checker_counts_overbooked_rooms_by_hand():
    """H1 has one room: three on day 0 AM (two overbooked, 2 x 6), two on day 0 PM, one of whom
    needs no room (none overbooked), and one on a non-clinical shift (takes no room)."""
    admin = ShiftType(id="ADM", length_minutes=240, start_minute=1020, clinical=False)
    staff = [Staff(id="a", contract=Contract(max_shifts_per_day=3)), Staff(id="b"), Staff(id="c"),
             Staff(id="d", needs_room=False)]
    problem = tiny(staff, days=1, shifts=(AM, PM, admin), locations=(Location(id="H1", rooms=1), H2),
                   overbooked_room_weight=6)
    cells = [("a", "AM"), ("b", "AM"), ("c", "AM"), ("a", "PM"), ("d", "PM")]
    rota_ = Rota(assignments=tuple(Assignment(staff_id=s, day=0, shift_id=sh, location_id="H1") for s, sh in cells)
                 + (Assignment(staff_id="a", day=0, shift_id="ADM", location_id="H1"),))
    verdict = check_rota(problem, rota_)
    assert verdict.ok, verdict.violations
    assert verdict.objective_by_rule == {"overbooked rooms": 12}

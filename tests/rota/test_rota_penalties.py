"""Layer (b): each soft rule alone, with its exact penalty (amount x weight) asserted."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from rota_helpers import person, solved_optimally, tiny

from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.problem import (
    Assignment,
    Contract,
    CoverRequirement,
    FairnessGroup,
    Location,
    MdtMeeting,
    Rota,
    ShiftRequest,
    ShiftType,
    Staff,
)


def test_cover_excess_costs_weight_over_per_extra_person():
    staff = [person(f"s{i}", f"Nurse {i}", min_sessions_per_week=1) for i in range(3)]
    cover = (CoverRequirement(day=0, shift_id="D", location_id="ward", minimum=1, weight_over=4),)
    report = solved_optimally(tiny(staff, days=1, cover=cover))
    assert report.objective == 8 and report.objective_by_rule == {"cover excess": 8}
    assert [(v.rule, v.amount, v.weight) for v in report.violations] == [("cover excess", 2, 4)]
    assert report.uncovered_sessions == ()


def test_preferred_level_band_is_free():
    staff = [person(f"s{i}", f"Nurse {i}", min_sessions_per_week=1) for i in range(3)]
    cover = (CoverRequirement(day=0, shift_id="D", location_id="ward", minimum=1, preferred=3),)
    assert solved_optimally(tiny(staff, days=1, cover=cover)).objective == 0


def test_conflicting_on_and_off_requests_cost_the_cheaper():
    requests = (
        ShiftRequest(staff_id="patel", day=0, shift_id="D", kind="on", weight=3),
        ShiftRequest(staff_id="patel", day=0, shift_id="D", kind="off", weight=2),
    )
    report = solved_optimally(tiny([person()], days=1, requests=requests))
    assert report.objective_by_rule == {"shift off request": 2}
    (v,) = report.violations
    assert (v.rule, v.subject, v.day, v.shift_id, v.amount, v.weight) == (
        "shift off request", "patel", 0, "D", 1, 2,
    )


def test_day_off_request_without_shift_is_violated_by_any_shift():
    requests = (ShiftRequest(staff_id="patel", day=0, kind="off", weight=4),)
    report = solved_optimally(tiny([person(min_sessions_per_week=1)], days=1, requests=requests))
    assert report.objective_by_rule == {"shift off request": 4}


def test_unmet_on_request_for_unavailable_day_costs_its_weight():
    p = Staff(id="patel", name="Dr Patel", unavailable_days=frozenset({0}))
    requests = (ShiftRequest(staff_id="patel", day=0, shift_id="D", kind="on", weight=3),)
    assert solved_optimally(tiny([p], days=1, requests=requests)).objective_by_rule == {"shift on request": 3}


def test_away_from_home_costs_per_session():
    h1, h2 = Location(id="H1"), Location(id="H2")
    a = Staff(id="A", home_location="H1")
    cover = tuple(CoverRequirement(day=d, shift_id="D", location_id="H2", minimum=1) for d in range(2))
    report = solved_optimally(tiny([a], days=2, locations=(h1, h2), cover=cover, away_from_home_weight=7))
    assert report.objective_by_rule == {"away from home": 14}


def test_unfair_evenings_cost_weight_times_spread():
    eve = ShiftType(id="EVE", length_minutes=150, start_minute=1110)
    staff = [Staff(id="A"), Staff(id="B")]
    cover = tuple(
        CoverRequirement(day=d, shift_id="EVE", location_id="ward", minimum=1, weight_over=10)
        for d in range(3)
    )  # a 4th evening to even it out would cost 10 > 5
    group = FairnessGroup(id="GP evenings", staff_ids=("A", "B"), shift_ids=frozenset({"EVE"}), weight=5)
    report = solved_optimally(tiny(staff, days=3, shifts=(eve,), cover=cover, fairness_groups=(group,)))
    assert report.objective_by_rule == {"unfair share": 5}
    assert report.violations[0].subject == "GP evenings"


def _three_evenings(shares: tuple[int, int]):
    """Three evenings, one person each (a 4th would cost 10); A and B share them by ``shares``."""
    eve = ShiftType(id="EVE", length_minutes=150, start_minute=1110)
    cover = tuple(
        CoverRequirement(day=d, shift_id="EVE", location_id="ward", minimum=1, weight_over=10) for d in range(3)
    )
    group = FairnessGroup(id="GP evenings", staff_ids=("A", "B"), shift_ids=frozenset({"EVE"}), weight=5,
                          shares=shares)
    return tiny([Staff(id="A"), Staff(id="B")], days=3, shifts=(eve,), cover=cover, fairness_groups=(group,))


def _evenings_of(report) -> dict[str, int]:
    return {sid: sum(a.staff_id == sid for a in report.rota.assignments) for sid in ("A", "B")}


def test_evenings_are_shared_pro_rata_to_contracted_sessions():
    """A on 8 sessions, B on 4: A 2 evenings and B 1 is exactly fair (2/8 = 1/4), no penalty;
    by raw counts it would have cost 5."""
    report = solved_optimally(_three_evenings((8, 4)))
    assert report.objective_by_rule == {}
    assert _evenings_of(report) == {"A": 2, "B": 1}


def test_uneven_shares_cost_the_spread_of_loads_rounded_outwards():
    """A on 6, B on 4; loads in A's sessions (B's count x 6/4). A2 B1: 2 and 1.5 -> 2 - 1 = 1
    -> 5. A1 B2: 1 and 3 -> 2 -> 10. A3 B0: 3 and 0 -> 15. So 5, with A on 2."""
    report = solved_optimally(_three_evenings((6, 4)))
    assert report.objective_by_rule == {"unfair share": 5}
    assert _evenings_of(report) == {"A": 2, "B": 1}


@pytest.mark.parametrize(("a_evenings", "penalty"), [
    (2, 5),  # loads (in A's sessions) 2 and 1 x 6/4 = 1.5: 2 - floor(1.5) = 1
    (1, 10),  # 1 and 3: 2
    (3, 15),  # 3 and 0: 3
    (0, 25),  # 0 and 4.5: ceil(4.5) - 0 = 5
])
def test_checker_prices_each_split_by_hand(a_evenings: int, penalty: int):
    """A on 6 sessions, B on 4, three evenings: weight 5 x (highest load rounded up - lowest
    rounded down), loads counted in A's sessions."""
    problem = _three_evenings((6, 4))
    rota = Rota(assignments=tuple(Assignment(staff_id="A" if d < a_evenings else "B", day=d, shift_id="EVE",
                                             location_id="ward") for d in range(3)))
    verdict = check_rota(problem, rota)
    assert verdict.ok and verdict.objective_by_rule == {"unfair share": penalty}


def test_fairness_shares_must_give_one_whole_number_per_member():
    with pytest.raises(ValidationError, match="one whole number >= 1 per member"):
        FairnessGroup(id="g", staff_ids=("A", "B"), shares=(8,))
    with pytest.raises(ValidationError, match="one whole number >= 1 per member"):
        FairnessGroup(id="g", staff_ids=("A", "B"), shares=(8, 0))


def test_saturday_fairness_counts_by_weekday():
    staff = [Staff(id="A"), Staff(id="B")]
    cover = (CoverRequirement(day=5, shift_id="D", location_id="ward", minimum=2),
             CoverRequirement(day=12, shift_id="D", location_id="ward", minimum=1, weight_over=10))
    group = FairnessGroup(id="Saturdays", staff_ids=("A", "B"), weekdays=frozenset({5}), weight=3)
    report = solved_optimally(tiny(staff, days=14, cover=cover, fairness_groups=(group,)))
    assert report.objective_by_rule == {"unfair share": 3}


def _mdt_problem(leave: frozenset[int]):
    am = ShiftType(id="AM", length_minutes=240, start_minute=480)
    mdt = ShiftType(id="MDT", length_minutes=60, start_minute=660, clinical=False)
    a = Staff(id="A", leave_days=leave, contract=Contract(max_shifts_per_day=2))
    return tiny(
        [a],
        days=1,
        shifts=(am, mdt),
        cover=(CoverRequirement(day=0, shift_id="AM", location_id="ward", minimum=1),),
        mdt_meetings=(MdtMeeting(id="MDT", shift_id="MDT", days=(0,), staff_ids=("A",), weight=10),),
    )


def test_missed_mdt_when_it_clashes_with_needed_cover():
    """The MDT overlaps the AM session; covering AM (100) beats attending (10)."""
    report = solved_optimally(_mdt_problem(frozenset()))
    assert report.objective_by_rule == {"missed MDT": 10}


def test_mdt_absence_on_leave_is_excused():
    report = solved_optimally(_mdt_problem(frozenset({0})))
    assert report.objective_by_rule == {"cover shortfall": 100}


def _room_problem(rooms: int | None, *, needs_room: bool = True, weight: int = 10, away: int = 0, second_room=False):
    """Three people who must each work day 0's one session, homed at H1 (``rooms`` rooms);
    with ``second_room`` a second practice H2 with one room is open too."""
    h1 = Location(id="H1", rooms=rooms)
    locations = (h1, Location(id="H2", rooms=1)) if second_room else (h1,)
    staff = [
        Staff(id=f"s{i}", home_location="H1", needs_room=needs_room or i > 0,
              contract=Contract(min_sessions_per_week=1))
        for i in range(3)
    ]
    return tiny(staff, days=1, locations=locations, overbooked_room_weight=weight, away_from_home_weight=away)


def test_overbooked_rooms_cost_weight_per_person_beyond_the_rooms():
    report = solved_optimally(_room_problem(rooms=1))
    assert report.objective_by_rule == {"overbooked rooms": 20}
    assert [(v.rule, v.subject, v.day, v.shift_id, v.amount, v.weight) for v in report.violations] == [
        ("overbooked rooms", "H1", 0, "D", 2, 10)
    ]


def test_someone_who_needs_no_room_is_not_overbooked():
    assert solved_optimally(_room_problem(rooms=1, needs_room=False)).objective_by_rule == {"overbooked rooms": 10}


def test_no_room_limit_and_no_weight_cost_nothing():
    assert solved_optimally(_room_problem(rooms=None)).objective == 0
    assert solved_optimally(_room_problem(rooms=1, weight=0)).objective == 0


def test_a_free_room_elsewhere_beats_overbooking_at_home():
    """H1 has 2 rooms for 3 people; moving one to H2's free room costs 3 (away) against 10."""
    report = solved_optimally(_room_problem(rooms=2, away=3, second_room=True))
    assert report.objective_by_rule == {"away from home": 3}
    assert sum(a.location_id == "H2" for a in report.rota.assignments) == 1


def test_non_clinical_shifts_take_no_room():
    admin = ShiftType(id="D", length_minutes=480, clinical=False)
    problem = _room_problem(rooms=0).model_copy(update={"shift_types": (admin,)})
    assert solved_optimally(problem).objective == 0


def test_rooms_floor_counts_forced_sessions_against_room_sessions():
    """Three people must each work day 0's one session; one room: at least 2 overbooked (20),
    which the solve reports as its bound and, met, proves optimal."""
    from pch_workforce.rota.model import overbooked_rooms_floor

    problem = _room_problem(rooms=1)
    assert overbooked_rooms_floor(problem) == 20
    report = solved_optimally(problem)
    assert report.best_bound == report.objective == 20
    assert overbooked_rooms_floor(_room_problem(rooms=1, needs_room=False)) == 10
    assert overbooked_rooms_floor(_room_problem(rooms=3)) == 0
    assert overbooked_rooms_floor(_room_problem(rooms=1, second_room=True)) == 10  # 3 people, 2 rooms


def test_rooms_floor_leaves_out_what_non_clinical_shifts_can_take():
    """Two people must work 2 sessions each in one day; one room per session, 2 clinical shifts.
    With a non-clinical shift open too, each can do one session there: 2 forced against 2 rooms."""
    from pch_workforce.rota.model import overbooked_rooms_floor

    am = ShiftType(id="AM", length_minutes=240, start_minute=480)
    pm = ShiftType(id="PM", length_minutes=240, start_minute=780)
    admin = ShiftType(id="ADM", length_minutes=240, start_minute=1080, clinical=False)
    staff = [Staff(id=f"s{i}", contract=Contract(min_minutes=480, max_shifts_per_day=3)) for i in range(2)]
    room = (Location(id="H1", rooms=1),)
    clinical_only = tiny(staff, days=1, shifts=(am, pm), locations=room, overbooked_room_weight=5)
    assert overbooked_rooms_floor(clinical_only) == 10  # 4 forced, 2 room-sessions
    with_admin = tiny(staff, days=1, shifts=(am, pm, admin), locations=room, overbooked_room_weight=5)
    assert overbooked_rooms_floor(with_admin) == 0
    assert overbooked_rooms_floor(with_admin.model_copy(update={"locations": (Location(id="H1"),)})) == 0
    assert solved_optimally(clinical_only).objective == 10

"""Layer (a): tiny rotas whose optimum was worked out by hand."""

from __future__ import annotations

from rota_helpers import FAST, person, tiny, two_staff_three_days

from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.problem import (
    Contract,
    CoverRequirement,
    Location,
    ShiftType,
    Staff,
)
from pch_workforce.rota.solve import solve
from pch_workforce.solve_report import SolveStatus


def test_two_staff_three_days_shortfall_and_requests():
    """Cover 2 a day for 3 days; A works at most 2 D shifts, B is away on day 2.

    B must work days 0 and 1. A picks 2 of {0,1,2}: every choice leaves 2 people short (200);
    A's off request on day 0 (3) and on request on day 2 (5) make {1,2} the unique optimum."""
    problem = two_staff_three_days()
    report = solve(problem, FAST)
    assert report.status == SolveStatus.OPTIMAL
    assert report.objective == 200
    assert report.best_bound == 200 and report.gap == 0
    assert report.objective_by_rule == {"cover shortfall": 200}
    worked = {(x.staff_id, x.day) for x in report.rota.assignments}
    assert worked == {("A", 1), ("A", 2), ("B", 0), ("B", 1)}
    assert [(u.day, u.short) for u in report.uncovered_sessions] == [(0, 1), (2, 1)]
    verdict = check_rota(problem, report.rota)
    assert verdict.ok and verdict.objective == 200


def test_two_sites_two_sessions_uncovered_session_reported():
    """A (home H1) may work AM and PM; B (home H2) cannot work AM.

    Cover: AM at H1, AM at H2, PM at H1, one each. A can do one AM only, so one AM is short
    (100) whichever it takes; taking H1's AM avoids the away-from-home cost (2), and A takes the
    PM at H1 too (B would be away). Optimum 100, AM at H2 uncovered. (B may still idle on a
    session without a cover line: that costs nothing.)"""
    am = ShiftType(id="AM", length_minutes=240, start_minute=480)
    pm = ShiftType(id="PM", length_minutes=240, start_minute=780)
    h1, h2 = Location(id="H1"), Location(id="H2")
    a = Staff(id="A", home_location="H1", contract=Contract(max_shifts_per_day=2))
    b = Staff(id="B", home_location="H2", contract=Contract(max_shifts_per_type={"AM": 0}))
    problem = tiny(
        [a, b],
        days=1,
        shifts=(am, pm),
        locations=(h1, h2),
        cover=(
            CoverRequirement(day=0, shift_id="AM", location_id="H1", minimum=1),
            CoverRequirement(day=0, shift_id="AM", location_id="H2", minimum=1),
            CoverRequirement(day=0, shift_id="PM", location_id="H1", minimum=1),
        ),
        away_from_home_weight=2,
    )
    report = solve(problem, FAST)
    assert report.status == SolveStatus.OPTIMAL and report.objective == 100
    assert {(x.staff_id, x.shift_id, x.location_id) for x in report.rota.assignments if x.staff_id == "A"} == {
        ("A", "AM", "H1"),
        ("A", "PM", "H1"),
    }
    assert [(u.shift_id, u.location_id) for u in report.uncovered_sessions] == [("AM", "H2")]
    assert check_rota(problem, report.rota).objective == 100


def test_min_and_max_runs_pin_the_pattern():
    """7 days, work exactly 4 (minutes), runs of 2+ on and 2+ off, max 2 in a row, cover 1 a
    day with over-cost 1 and short-cost 10: with one person at most 4 days are covered, so the
    optimum is 3 short days = 30, with 4 days worked in two interior-legal runs."""
    p = person(
        min_minutes=4 * 480, max_minutes=4 * 480, max_consecutive_days=2,
        min_consecutive_days=2, min_consecutive_days_off=2,
    )
    problem = tiny(
        [p],
        cover=tuple(
            CoverRequirement(day=d, shift_id="D", location_id="ward", minimum=1, weight_under=10)
            for d in range(7)
        ),
    )
    report = solve(problem, FAST)
    assert report.status == SolveStatus.OPTIMAL and report.objective == 30
    days = sorted(x.day for x in report.rota.assignments)
    assert len(days) == 4
    assert check_rota(problem, report.rota).ok


def test_no_cover_means_zero_objective_and_empty_rota():
    report = solve(tiny([person()]), FAST)
    assert report.status == SolveStatus.OPTIMAL
    assert report.objective == 0 and report.rota.assignments == ()

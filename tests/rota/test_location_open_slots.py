"""Locations open only for some weekday sessions: the solver never uses a closed one, the checker notices."""

from __future__ import annotations

from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.problem import (
    Assignment,
    Contract,
    CoverRequirement,
    Location,
    Problem,
    Rota,
    ShiftType,
    Staff,
)
from pch_workforce.rota.solve import SolveOptions, solve


def two_site_problem() -> Problem:
    """One person who must work 3 AM sessions in a week; site B opens Mon AM only, A opens Tue-Wed AM."""
    return Problem(
        horizon_days=7,
        shift_types=(ShiftType(id="AM", length_minutes=250),),
        locations=(Location(id="A", open_slots=frozenset({(1, "AM"), (2, "AM")})),
                   Location(id="B", open_slots=frozenset({(0, "AM")}))),
        staff=(Staff(id="s1", home_location="A", contract=Contract(min_sessions_per_week=3, max_sessions_per_week=3)),),
        cover=(CoverRequirement(day=0, shift_id="AM", location_id="A", minimum=1),),
    )


def test_solver_uses_only_open_locations() -> None:
    problem = two_site_problem()
    report = solve(problem, SolveOptions(time_limit=10, workers=1))
    assert report.rota is not None
    placed = sorted((a.day, a.location_id) for a in report.rota.assignments)
    assert placed == [(0, "B"), (1, "A"), (2, "A")]  # the only three open (day, site) sessions
    assert check_rota(problem, report.rota).ok


def test_checker_flags_a_session_at_a_closed_location() -> None:
    problem = two_site_problem()
    rota = Rota(assignments=(Assignment(staff_id="s1", day=0, shift_id="AM", location_id="A"),
                             Assignment(staff_id="s1", day=1, shift_id="AM", location_id="A"),
                             Assignment(staff_id="s1", day=2, shift_id="AM", location_id="A")))
    result = check_rota(problem, rota)
    assert [v.detail for v in result.violations] == ["AM at A, which is closed then"]

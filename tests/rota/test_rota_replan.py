"""Re-planning: the changed-assignment penalty against a previous rota, and fixed assignments,
on tiny problems worked out by hand; the checker agrees with the model every time."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rota_helpers import FAST, person, tiny

from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.problem import Assignment, CoverRequirement, Rota, Staff, StaffSession
from pch_workforce.rota.rules import HardRule, SoftRule
from pch_workforce.rota.solve import solve
from pch_workforce.solve_report import SolveStatus


def _rota(*cells: tuple[str, int]) -> Rota:
    return Rota(assignments=tuple(Assignment(staff_id=s, day=d, shift_id="D", location_id="ward") for s, d in cells))


PREVIOUS = _rota(("A", 0), ("A", 1), ("B", 2), ("B", 3), ("C", 4))


def _replan(leave_a: bool = True, **kw):
    """Five days, one on the ward each day (100 per person short), at most two D shifts each;
    the previous rota A0 A1 B2 B3 C4, changes at 1 point each; A now on leave on day 1."""
    a = Staff(id="A", leave_days=frozenset({1}) if leave_a else frozenset(), **_most_two())
    staff = [a, Staff(id="B", **_most_two()), Staff(id="C", **_most_two())]
    return tiny(staff, days=5, cover=tuple(CoverRequirement(day=d, shift_id="D", location_id="ward", minimum=1)
                                           for d in range(5)),
                **{"previous": PREVIOUS, "change_weight": 1} | kw)


def _most_two() -> dict:
    return {"contract": person(max_shifts_per_type={"D": 2}).contract}


def _worked(report) -> set[tuple[str, int]]:
    return {(a.staff_id, a.day) for a in report.rota.assignments}


def _agrees(problem, report) -> None:
    verdict = check_rota(problem, report.rota)
    assert verdict.ok, verdict.violations
    assert verdict.objective == report.objective
    assert verdict.objective_by_rule == report.objective_by_rule


def test_an_unchanged_problem_keeps_the_previous_rota():
    problem = _replan(leave_a=False)
    report = solve(problem, replace(FAST, hint=PREVIOUS))
    assert report.status == SolveStatus.OPTIMAL and report.objective == 0
    assert _worked(report) == {("A", 0), ("A", 1), ("B", 2), ("B", 3), ("C", 4)}
    _agrees(problem, report)


def test_an_absence_changes_only_what_it_must():
    """A's day 1 is lost (1 point, whoever covers); B has its two shifts, so only C can cover day 1
    (1 point more): 2 points, against 100 for leaving day 1 short or 2 more for any other shuffle."""
    problem = _replan()
    report = solve(problem, replace(FAST, hint=_rota(("A", 0), ("B", 2), ("B", 3), ("C", 4))))
    assert report.status == SolveStatus.OPTIMAL
    assert _worked(report) == {("A", 0), ("C", 1), ("B", 2), ("B", 3), ("C", 4)}
    assert report.objective_by_rule == {SoftRule.CHANGED_ASSIGNMENT: 2}
    assert sorted((v.subject, v.day) for v in report.violations) == [("A", 1), ("C", 1)]
    _agrees(problem, report)


def test_a_session_held_off_and_a_pinned_one_are_kept():
    """C held off day 1, B pinned to day 2: B moves from day 3 to day 1 and A or C (each with a
    shift to spare) takes day 3: 4 changes (A1 and B3 lost, B1 and day 3 new); covering day 1 any
    other way breaks a pin or changes more."""
    problem = _replan(fixed_off=(StaffSession(staff_id="C", day=1, shift_id="D"),),
                      fixed_on=(Assignment(staff_id="B", day=2, shift_id="D", location_id="ward"),))
    report = solve(problem, FAST)
    assert report.status == SolveStatus.OPTIMAL
    worked = _worked(report)
    assert worked - {("A", 3), ("C", 3)} == {("A", 0), ("B", 1), ("B", 2), ("C", 4)} and len(worked) == 5
    assert report.objective == 4
    _agrees(problem, report)


def test_the_checker_names_a_broken_pin_and_counts_changes_both_ways():
    problem = _replan(fixed_off=(StaffSession(staff_id="C", day=1, shift_id="D"),),
                      fixed_on=(Assignment(staff_id="B", day=2, shift_id="D", location_id="ward"),))
    verdict = check_rota(problem, _rota(("A", 0), ("C", 1), ("B", 3), ("C", 4)))
    assert sorted((v.rule, v.subject, v.day) for v in verdict.violations) == [
        (HardRule.FIXED_ASSIGNMENT, "B", 2), (HardRule.FIXED_ASSIGNMENT, "C", 1)]
    # lost A1 and B2, new C1; day 2 short
    assert verdict.objective_by_rule == {SoftRule.CHANGED_ASSIGNMENT: 3, SoftRule.COVER_SHORTFALL: 100}


def test_a_pin_on_leave_is_infeasible_and_named():
    problem = _replan(fixed_on=(Assignment(staff_id="A", day=1, shift_id="D", location_id="ward"),))
    report = solve(problem, FAST)
    assert report.status == SolveStatus.INFEASIBLE
    assert HardRule.FIXED_ASSIGNMENT in {r.rule for r in report.infeasibility}


def test_the_previous_rota_must_name_known_staff():
    with pytest.raises(ValueError, match="previous rota: unknown staff 'Z'"):
        _replan(previous=_rota(("Z", 0)))


@pytest.mark.parametrize(("weights", "kept"), [((1, 1, 1, 1, 2), 4), ((2, 1, 1, 1, 1), 0)])
def test_per_day_change_weights_settle_a_tie_where_a_change_costs_less(weights, kept):
    """C worked days 0 and 4 and may now work only one D shift: dropping either is one change. At 1
    point a day it is a tie; at 2 points on one of the days, the rota keeps that day and drops the other
    (1 point), and the checker prices the same day weights."""
    previous = _rota(("C", 0), ("C", 4))
    c = Staff(id="C", contract=person(max_shifts_per_type={"D": 1}).contract)
    problem = tiny([c], days=5, **{"previous": previous, "change_weight": 1, "change_weights": weights})
    report = solve(problem, replace(FAST, hint=previous))
    assert report.status == SolveStatus.OPTIMAL and report.objective == 1
    assert _worked(report) == {("C", kept)}
    _agrees(problem, report)


def test_change_weights_need_one_per_day():
    with pytest.raises(ValueError, match="one weight >= 0 for each of the 5 days"):
        tiny([Staff(id="C")], days=5, **{"previous": _rota(("C", 0)), "change_weights": (1, 1)})

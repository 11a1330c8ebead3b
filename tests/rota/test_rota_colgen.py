"""Column generation: its bound never cuts off a rota, and the rotas it leads to check out."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rota_helpers import FAST, curtois_instance, tiny, two_staff_three_days
from test_rota_properties import curtois_like

from pch_workforce.rota.decomposition import colgen
from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.examples import sessions_problem
from pch_workforce.rota.problem import Location, Problem, Staff
from pch_workforce.rota.solve import SolveOptions, solve
from pch_workforce.solve_report import SolveStatus

PHASED = SolveOptions(time_limit=6, workers=2, deterministic=False, strategy="decomposition")


def test_hand_checked_bound_and_rota():
    """Four shifts for six places (as in test_rota_tiny): the LP cannot beat 200 either."""
    problem = two_staff_three_days()
    result = colgen.generate(problem, seconds=10)
    assert math.ceil(result.lower_bound - 1e-6) == 200
    assert result.lp_value == pytest.approx(200)
    report = solve(problem, PHASED)
    assert report.status == SolveStatus.OPTIMAL and report.objective == 200 and report.best_bound == 200
    worked = {(x.staff_id, x.day) for x in report.rota.assignments}
    assert worked == {("A", 1), ("A", 2), ("B", 0), ("B", 1)}


def _lp_rota_is_a_fractional_rota(problem: Problem, lp_rota: dict) -> None:
    per_day: dict[tuple[str, int], float] = {}
    for (sid, day, _, _), share in lp_rota.items():
        assert -1e-9 <= share <= 1 + 1e-9
        per_day[sid, day] = per_day.get((sid, day), 0.0) + share
    for (sid, day), total in per_day.items():
        assert total <= problem.staff_by_id[sid].contract.max_shifts_per_day + 1e-6


def _bound_is_valid(problem: Problem) -> None:
    exact = solve(problem, FAST)
    try:
        result = colgen.generate(problem, seconds=10)
    except colgen.NoOwnRota:
        assert exact.status == SolveStatus.INFEASIBLE
        return
    if exact.status != SolveStatus.OPTIMAL:
        return
    assert result.lower_bound is not None
    assert result.lower_bound <= exact.objective + 1e-6, "the bound cut off the optimum"
    assert result.lower_bound <= result.lp_value + 1e-6
    _lp_rota_is_a_fractional_rota(problem, result.lp_rota)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(curtois_like())
def test_bound_never_exceeds_the_optimum_on_curtois_like_problems(problem):
    _bound_is_valid(problem)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.integers(2, 5), st.integers(1, 3))
def test_bound_never_exceeds_the_optimum_on_session_problems(seed, n_staff, n_locations):
    """Several places, skills, preferred levels above the minimum and MDT meetings."""
    problem = sessions_problem(seed, n_staff=n_staff, weeks=1, n_locations=n_locations)
    _bound_is_valid(problem.model_copy(update={"fairness_groups": ()}))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(curtois_like())
def test_phased_solve_with_column_generation_is_checked(problem):
    report = solve(problem, replace(PHASED, time_limit=4))
    exact = solve(problem, FAST)
    if not report.status.has_solution:
        assert not exact.status.has_solution
        return
    verdict = check_rota(problem, report.rota)
    assert verdict.ok, verdict.violations
    assert verdict.objective == report.objective
    if exact.status == SolveStatus.OPTIMAL:
        assert report.best_bound <= exact.objective <= report.objective


def test_fairness_is_not_priced_so_the_plain_path_runs():
    problem = sessions_problem(3, n_staff=4, weeks=1, n_locations=2)
    assert problem.fairness_groups and not colgen.supports(problem)
    report = solve(problem, PHASED)
    assert report.status.has_solution
    verdict = check_rota(problem, report.rota)
    assert verdict.ok and verdict.objective == report.objective


def test_bound_on_a_curtois_instance_is_far_above_the_compact_lp():
    """Instance2's optimum is 828; column generation's bound proves at least 820 of it."""
    problem = curtois_instance("Instance2")
    result = colgen.generate(problem, seconds=30)
    assert 820 <= result.lower_bound <= 828


def test_room_limits_keep_column_generation_out():
    """Rooms couple people beyond the cover lines, which the master does not price."""
    staff = [Staff(id="a"), Staff(id="b")]
    assert colgen.supports(tiny(staff, locations=(Location(id="ward"),), overbooked_room_weight=5))
    assert colgen.supports(tiny(staff, locations=(Location(id="ward", rooms=1),)))
    assert not colgen.supports(tiny(staff, locations=(Location(id="ward", rooms=1),), overbooked_room_weight=5))

"""Layer (c): whatever the solver returns passes the independent checker, with the same
objective, on random small problems (hypothesis)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.examples import sessions_problem
from pch_workforce.rota.problem import (
    Contract,
    CoverRequirement,
    ForbiddenSuccession,
    Location,
    Problem,
    ShiftRequest,
    ShiftType,
    Staff,
)
from pch_workforce.rota.solve import SolveOptions, solve

OPTIONS = SolveOptions(time_limit=10, deterministic_time_limit=0.5, workers=1, seed=0,
                       explain_time_limit=2)
SHIFTS = (ShiftType(id="E", length_minutes=480), ShiftType(id="L", length_minutes=480),
          ShiftType(id="N", length_minutes=600))
optional_small = st.one_of(st.none(), st.integers(1, 4))


def curtois_contract(draw, days: int, ids: list[str], extra_shifts: int, most_weekends: int, lo: int) -> Contract:
    """Every Curtois contract rule drawn at random (minutes from ``lo``, 480-minute steps)."""
    return Contract(
        min_minutes=lo,
        max_minutes=lo + draw(st.integers(0, extra_shifts)) * 480,
        max_shifts_per_type={sid: draw(st.integers(0, days)) for sid in ids},
        max_consecutive_days=draw(optional_small),
        min_consecutive_days=draw(optional_small),
        min_consecutive_days_off=draw(optional_small),
        max_weekends=draw(st.one_of(st.none(), st.integers(0, most_weekends))),
    )


def random_successions(draw, ids: list[str]) -> tuple[ForbiddenSuccession, ...]:
    """Up to two forbidden successions among ``ids``."""
    return tuple(
        ForbiddenSuccession(shift_id=a, next_shift_id=b)
        for a, b in draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=2))
    )


@st.composite
def curtois_like(draw) -> Problem:
    """One ward, up to three shifts, every Curtois rule drawn at random."""
    days = draw(st.sampled_from([7, 14]))
    shifts = SHIFTS[: draw(st.integers(1, 3))]
    ids = [s.id for s in shifts]
    staff = []
    for i in range(draw(st.integers(1, 4))):
        lo = draw(st.integers(0, 5)) * 480
        staff.append(
            Staff(
                id=f"s{i}",
                unavailable_days=frozenset(draw(st.lists(st.integers(0, days - 1), max_size=3))),
                contract=curtois_contract(draw, days, ids, extra_shifts=6, most_weekends=2, lo=lo),
            )
        )
    successions = random_successions(draw, ids)
    cover = tuple(
        CoverRequirement(day=d, shift_id=s, location_id="ward", minimum=draw(st.integers(0, 3)))
        for d in range(days)
        for s in ids
    )
    requests = tuple(
        ShiftRequest(staff_id=f"s{draw(st.integers(0, len(staff) - 1))}", day=draw(st.integers(0, days - 1)),
                     shift_id=draw(st.sampled_from(ids)), kind=draw(st.sampled_from(["on", "off"])),
                     weight=draw(st.integers(1, 3)))
        for _ in range(draw(st.integers(0, 4)))
    )
    return Problem(horizon_days=days, shift_types=shifts, locations=(Location(id="ward"),),
                   staff=tuple(staff), forbidden_successions=successions, cover=cover, requests=requests)


def _agrees(problem: Problem) -> None:
    report = solve(problem, OPTIONS)
    if report.status.has_solution:
        verdict = check_rota(problem, report.rota)
        assert verdict.ok, verdict.violations
        assert verdict.objective == report.objective
        assert report.best_bound <= report.objective
    elif report.status.value == "infeasible":
        assert report.infeasibility, "an infeasible rota must come with reasons"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(curtois_like())
def test_solver_output_passes_the_checker_on_curtois_like_problems(problem):
    _agrees(problem)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.integers(2, 6), st.integers(1, 3))
def test_solver_output_passes_the_checker_on_session_problems(seed, n_staff, n_locations):
    _agrees(sessions_problem(seed, n_staff=n_staff, weeks=1, n_locations=n_locations))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(curtois_like())
def test_pattern_flow_is_redundant_same_optimum(problem):
    """The layered-graph flow only tightens the LP: it must not cut off any rota."""
    plain = solve(problem, OPTIONS)
    flow = solve(problem, replace(OPTIONS, pattern_flow=True))
    if plain.status.value == "optimal" and flow.status.value == "optimal":
        assert plain.objective == flow.objective
    if plain.status.value == "infeasible":
        assert flow.status.value == "infeasible"
    if flow.status.has_solution:
        assert check_rota(problem, flow.rota).ok

"""Shared builders for the rota tests: tiny problems written out in full."""

from __future__ import annotations

import sys
from pathlib import Path

from pch_workforce.rota.problem import (
    Contract,
    CoverRequirement,
    Location,
    Problem,
    ShiftRequest,
    ShiftType,
    Staff,
)
from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.report import RotaReport
from pch_workforce.rota.solve import SolveOptions, solve
from pch_workforce.solve_report import SolveStatus

REPO = Path(__file__).resolve().parents[2]

D = ShiftType(id="D", length_minutes=480)
WARD = Location(id="ward")


def tiny(staff: list[Staff], days: int = 7, shifts=(D,), locations=(WARD,), **kw) -> Problem:
    """A problem with the given staff over ``days`` days (defaults: one shift, one location)."""
    return Problem(
        horizon_days=days, shift_types=tuple(shifts), locations=tuple(locations), staff=tuple(staff), **kw
    )


def person(sid: str = "patel", name: str = "Dr Patel", **contract) -> Staff:
    return Staff(id=sid, name=name, contract=Contract(**contract))


FAST = SolveOptions(time_limit=20, deterministic_time_limit=10, workers=1, seed=1)
"""Small, deterministic solver settings for tiny cases."""


def solved_optimally(problem: Problem) -> RotaReport:
    """``problem`` solved to a proved optimum at ``FAST``, the independent checker agreeing with the
    model on every hard rule and on the cost of every soft rule."""
    report = solve(problem, FAST)
    assert report.status == SolveStatus.OPTIMAL
    verdict = check_rota(problem, report.rota)
    assert verdict.ok
    assert verdict.objective == report.objective
    assert verdict.objective_by_rule == report.objective_by_rule
    return report


def two_staff_three_days() -> Problem:
    """Cover 2 a day for 3 days; A works at most 2 D shifts, B is away on day 2; A asks for
    day 0 off (3) and day 2 on (5). Optimum 200: two people short whatever is picked, and
    A on {1, 2} is the unique rota that also meets both requests."""
    a = Staff(id="A", contract=Contract(max_shifts_per_type={"D": 2}))
    b = Staff(id="B", unavailable_days=frozenset({2}))
    return tiny(
        [a, b],
        days=3,
        cover=tuple(CoverRequirement(day=d, shift_id="D", location_id="ward", minimum=2) for d in range(3)),
        requests=(
            ShiftRequest(staff_id="A", day=0, shift_id="D", kind="off", weight=3),
            ShiftRequest(staff_id="A", day=2, shift_id="D", kind="on", weight=5),
        ),
    )


def curtois_instance(name: str) -> Problem:
    """A shipped Curtois & Qu instance, read by the benchmark's reader (not a package import)."""
    sys.path.insert(0, str(REPO))
    try:
        from benchmarks.curtois import read_instance
    finally:
        sys.path.remove(str(REPO))
    return read_instance(REPO / "benchmarks" / "data" / "curtois" / f"{name}.txt")

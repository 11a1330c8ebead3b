"""Shared builders for the rota tests: tiny problems written out in full."""

from __future__ import annotations

from pch_workforce.rota.problem import Contract, Location, Problem, ShiftType, Staff
from pch_workforce.rota.solve import SolveOptions

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

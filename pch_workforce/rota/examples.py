"""Named, seeded example problems (for tests, demos and scale benchmarks).

``sessions_problem`` builds a small PCH-like week structure — AM, PM and evening sessions on
weekdays, a Saturday AM, a non-clinical MDT slot — over several locations, with random
contracts, leave and requests drawn from ``random.Random(seed)`` (no hidden globals).
"""

from __future__ import annotations

import random

from pch_workforce.rota.problem import (
    Contract,
    CoverRequirement,
    FairnessGroup,
    ForbiddenSuccession,
    Location,
    MdtMeeting,
    Problem,
    ShiftRequest,
    ShiftType,
    Staff,
)

SESSIONS = (
    ShiftType(id="AM", length_minutes=240, start_minute=8 * 60),
    ShiftType(id="PM", length_minutes=240, start_minute=13 * 60),
    ShiftType(id="EVE", length_minutes=150, start_minute=18 * 60 + 30),
    ShiftType(id="SAT", length_minutes=240, start_minute=9 * 60),
    ShiftType(id="MDT", length_minutes=60, start_minute=12 * 60, clinical=False),
)


def sessions_problem(
    seed: int = 0,
    n_staff: int = 6,
    weeks: int = 1,
    n_locations: int = 2,
    skills: tuple[str, ...] = ("GP", "NURSE"),
) -> Problem:
    """A seeded PCH-like problem; sizes grow with ``n_staff``, ``weeks`` and ``n_locations``."""
    rng = random.Random(seed)
    h = 7 * weeks
    locations = tuple(Location(id=f"P{i + 1}") for i in range(n_locations))
    staff = []
    for i in range(n_staff):
        skill = skills[i % len(skills)]
        leave = frozenset(d for d in range(h) if d % 7 < 5 and rng.random() < 0.08)
        sessions = rng.choice((4, 6, 8))
        staff.append(
            Staff(
                id=f"S{i + 1}",
                name=f"{skill} {i + 1}",
                skills=frozenset({skill}),
                home_location=locations[i % n_locations].id,
                leave_days=leave,
                contract=Contract(
                    min_sessions_per_week=sessions - 2,
                    max_sessions_per_week=sessions,
                    leave_credit_sessions=sessions // 5,
                    max_shifts_per_day=2,
                    max_consecutive_days=5,
                    max_weekends=max(1, weeks // 2),
                ),
            )
        )
    cover = []
    for d in range(h):
        weekday = d % 7
        shifts = ("AM", "PM", "EVE") if weekday < 5 else ("SAT",) if weekday == 5 else ()
        for sh in shifts:
            for loc in locations:
                for skill in skills:
                    need = rng.choice((0, 1, 1, 2)) if sh != "EVE" else rng.choice((0, 1))
                    if need:
                        cover.append(
                            CoverRequirement(
                                day=d, shift_id=sh, location_id=loc.id, skill=skill,
                                minimum=need, preferred=need + 1, weight_under=100, weight_over=2,
                            )
                        )
    requests = [
        ShiftRequest(
            staff_id=s.id, day=rng.randrange(h), shift_id=rng.choice(("AM", "PM", None)),
            kind=rng.choice(("on", "off")), weight=rng.randint(1, 3),
        )
        for s in staff
        for _ in range(weeks)
    ]
    ids = tuple(s.id for s in staff)
    return Problem(
        horizon_days=h,
        shift_types=SESSIONS,
        locations=locations,
        skills=frozenset(skills),
        staff=tuple(staff),
        forbidden_successions=(ForbiddenSuccession(shift_id="EVE", next_shift_id="AM"),),
        cover=tuple(cover),
        requests=tuple(requests),
        fairness_groups=(
            FairnessGroup(id="evenings", staff_ids=ids, shift_ids=frozenset({"EVE"}), weight=5),
            FairnessGroup(id="saturdays", staff_ids=ids, weekdays=frozenset({5}), weight=5),
        ),
        mdt_meetings=(
            MdtMeeting(
                id="weekly MDT", shift_id="MDT", days=tuple(7 * w + 2 for w in range(weeks)),
                location_id=locations[0].id, staff_ids=ids, weight=10,
            ),
        ),
        away_from_home_weight=3,
    )

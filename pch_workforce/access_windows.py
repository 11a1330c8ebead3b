"""Which of a site's open sessions fall inside the access contract's windows, and for how long.

One reading of the Sessions sheet's clock times against the care model's enhanced-access windows
(the Network Standard Hours), shared by the mix (room-hours it can hold enhanced access in), the
rota front end (its cover lines) and the plan's access report (hours delivered).
"""

from __future__ import annotations

from dataclasses import dataclass

from pch_workforce.care_model.access import Access
from pch_workforce.scenario.model import Scenario, SessionTime, Weekday


def minutes_overlap(span: tuple[int, int], other: tuple[int, int]) -> int:
    """Minutes two clock spans (start, end) share."""
    return max(0, min(span[1], other[1]) - max(span[0], other[0]))


def minutes_in_windows(access: Access, span: tuple[int, int], weekday: int) -> int:
    """Minutes of a span on ``weekday`` (0 = Monday) inside the enhanced-access windows (none on Sunday)."""
    if weekday > Weekday.SAT.index:
        return 0
    return sum(minutes_overlap(span, (w.start_minute, w.end_minute))
               for w in access.windows_on(weekday == Weekday.SAT.index))


@dataclass(frozen=True)
class WindowSession:
    """An open session of a practice with minutes inside the enhanced-access windows."""

    practice: str
    weekday: int  # 0 = Monday
    time: SessionTime
    rooms: int
    minutes_inside: int


def window_sessions(scenario: Scenario, access: Access) -> list[WindowSession]:
    """Every open session a week, practice by practice, with minutes inside the windows."""
    found = []
    for practice in scenario.practices:
        for slot in practice.opening:
            time = scenario.session_time(slot.session, slot.weekday is Weekday.SAT)
            inside = minutes_in_windows(access, (time.start_minute, time.end_minute), slot.weekday.index)
            if inside > 0:
                found.append(WindowSession(practice.code, slot.weekday.index, time, practice.clinical_rooms, inside))
    return found

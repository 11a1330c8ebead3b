"""The access contract, read off a rota: enhanced access delivered each week against the Network
Contract DES requirement, and the core hours each open practice goes without a duty clinician.

Worked out from the assignments and the shift types' clock times, not from the solver's cover
lines, so the figures hold whatever the rota engine was asked: an independent account.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from pch_workforce.access_windows import minutes_in_windows, minutes_overlap
from pch_workforce.budget import weighted_list
from pch_workforce.care_model import CareModel
from pch_workforce.pch_rota import (
    DUTY_CLINICIAN,
    ENHANCED_ACCESS,
    SATURDAY,
    PchRota,
    is_remote,
)
from pch_workforce.rota.problem import Rota
from pch_workforce.scenario.model import Scenario, clock


@dataclass(frozen=True)
class EnhancedAccessWeek:
    """One rota week's enhanced-access clinician hours against the required hours."""

    week: int  # 1-based
    delivered_hours: float
    required_hours: float

    @property
    def short_hours(self) -> float:
        return max(0.0, self.required_hours - self.delivered_hours)


@dataclass(frozen=True)
class CoreHoursGap:
    """Part of a weekday's core hours when a practice has no duty clinician in the building."""

    date: dt.date
    practice: str
    start_minute: int
    end_minute: int
    reason: str

    @property
    def hours(self) -> float:
        return (self.end_minute - self.start_minute) / 60

    @property
    def window(self) -> str:
        return f"{clock(self.start_minute)}–{clock(self.end_minute)}"


@dataclass(frozen=True)
class AccessReport:
    weeks: tuple[EnhancedAccessWeek, ...]
    gaps: tuple[CoreHoursGap, ...]

    @property
    def enhanced_access_hours_per_week(self) -> float:
        """The weekly minimum over the rota: the contract asks for the hours every week."""
        return min((w.delivered_hours for w in self.weeks), default=0.0)

    @property
    def enhanced_access_required_hours_per_week(self) -> float:
        return min((w.required_hours for w in self.weeks), default=0.0)

    @property
    def core_hours_uncovered(self) -> float:
        """Practice-hours over the rota with no duty clinician in the building."""
        return sum(g.hours for g in self.gaps)


def access_report(pch: PchRota, rota: Rota, scenario: Scenario, care_model: CareModel) -> AccessReport:
    problem = pch.problem
    access = care_model.access
    if access is None:
        return AccessReport(weeks=(), gaps=())
    required = access.required_enhanced_access_minutes_per_week(weighted_list(scenario)[0]) / 60
    delivered = [0] * problem.num_weeks
    on_duty: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for a in rota.assignments:
        staff, shift = problem.staff_by_id[a.staff_id], problem.shift_by_id[a.shift_id]
        if not shift.clinical or shift.start_minute is None:
            continue
        span = (shift.start_minute, shift.start_minute + shift.length_minutes)
        weekday = a.day % 7
        if ENHANCED_ACCESS in staff.skills:
            delivered[a.day // 7] += minutes_in_windows(access, span, weekday)
        if DUTY_CLINICIAN in staff.skills and not is_remote(a.shift_id):
            on_duty[a.day, a.location_id].append(span)
    weeks = tuple(EnhancedAccessWeek(week + 1, minutes / 60, required) for week, minutes in enumerate(delivered))
    core = (access.core_hours.start_minute, access.core_hours.end_minute)
    gaps = []
    for day in problem.days:
        if day % 7 >= SATURDAY:
            continue
        for location in problem.locations:
            opened = [(s.start_minute, s.start_minute + s.length_minutes) for s in problem.shift_types
                      if s.holds_room and s.start_minute is not None and location.is_open(day, s.id)]
            if not opened:
                continue  # closed all day: no core hours to cover (the GMS contract's closures are the site's)
            for start, end in _uncovered(core, on_duty[day, location.id]):
                closed = not any(minutes_overlap((start, end), span) for span in opened)
                reason = ("the practice is not open then (its opening pattern)" if closed
                          else "no duty clinician rostered in the building")
                gaps.append(CoreHoursGap(pch.dates[day], location.id, start, end, reason))
    return AccessReport(weeks=weeks, gaps=tuple(gaps))


def _uncovered(window: tuple[int, int], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Parts of ``window`` no span covers, in order."""
    gaps, at = [], window[0]
    for start, end in sorted(spans):
        if start > at:
            gaps.append((at, min(start, window[1])))
        at = max(at, end)
        if at >= window[1]:
            break
    if at < window[1]:
        gaps.append((at, window[1]))
    return [(s, e) for s, e in gaps if e > s]

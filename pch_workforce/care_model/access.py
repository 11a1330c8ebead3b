"""The access contract a site's rota must meet: enhanced access and core hours.

``[access]`` in a care model says how many minutes of enhanced-access appointments a PCN owes
each week (Network Contract DES: 60 minutes per 1,000 PCN Adjusted Population), in which
windows (the Network Standard Hours), whose appointments count towards them, the GMS core hours
and which roles may be the duty clinician in them. Every figure carries its source; clock times
are written "HH:MM" in the TOML and read as minutes after midnight.

Role ids are checked against the care model's roles by ``CareModel`` (see ``problems``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from pch_workforce.care_model.sourced import PositiveSourced, SourceText

CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
WEEKDAYS, SATURDAY = "Mon-Fri", "Sat"


def clock_minutes(text: str) -> int:
    """Minutes after midnight of a "HH:MM" 24-hour time."""
    match = CLOCK.match(str(text).strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f'write the time as "HH:MM" on the 24-hour clock, e.g. "18:30"; got {text!r}')
    return int(match.group(1)) * 60 + int(match.group(2))


def clock_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _clock(value: Any) -> str:
    if isinstance(value, dt.time) and not (value.second or value.microsecond):
        return clock_text(value.hour * 60 + value.minute)  # a TOML local time, 18:30:00
    if not isinstance(value, str):
        raise ValueError(f'write the time as "HH:MM" on the 24-hour clock, e.g. "18:30"; got {value!r}')
    return clock_text(clock_minutes(value))


ClockTime = Annotated[str, BeforeValidator(_clock)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ClockSpan(_Frozen):
    """A span of one day from ``start`` to ``end`` ("HH:MM"), not past midnight."""

    start: ClockTime = Field(description='Start, "HH:MM" on the 24-hour clock')
    end: ClockTime = Field(description='End, "HH:MM" on the 24-hour clock; after the start')

    @property
    def start_minute(self) -> int:
        return clock_minutes(self.start)

    @property
    def end_minute(self) -> int:
        return clock_minutes(self.end)

    @property
    def minutes(self) -> int:
        return self.end_minute - self.start_minute

    @model_validator(mode="after")
    def _end_after_start(self) -> ClockSpan:
        if self.end_minute <= self.start_minute:
            raise ValueError(f"ends at {self.end}, not after it starts at {self.start} "
                             "(the end must be later the same day)")
        return self

    def overlaps(self, other: ClockSpan) -> bool:
        return self.start_minute < other.end_minute and other.start_minute < self.end_minute


class AccessWindow(ClockSpan):
    """When enhanced-access appointments may be held: each weekday (Monday to Friday), or Saturday."""

    saturday: bool = Field(description="The window is on Saturday; otherwise on each weekday, Monday to Friday")

    def __str__(self) -> str:
        return f"{SATURDAY if self.saturday else WEEKDAYS} {self.start}-{self.end}"


class CoreHours(ClockSpan):
    """The GMS contract's core hours, each weekday (Monday to Friday), with their source."""

    source: SourceText
    judgement: bool = False


class Access(_Frozen):
    """The access contract: enhanced-access capacity and windows, and core-hours duty cover."""

    enhanced_access_minutes_per_1000: PositiveSourced = Field(
        description="Enhanced-access appointment minutes owed a week per 1,000 PCN adjusted population"
    )
    enhanced_access_windows: tuple[AccessWindow, ...] = Field(
        min_length=1, description="When enhanced-access appointments are held (Network Standard Hours)"
    )
    enhanced_access_windows_source: SourceText
    enhanced_access_windows_judgement: bool = False
    enhanced_access_roles: frozenset[str] = Field(
        min_length=1, description="Roles whose appointments count towards enhanced access"
    )
    enhanced_access_roles_source: SourceText
    enhanced_access_roles_judgement: bool = False
    core_hours: CoreHours = Field(description="GMS core hours, Monday to Friday")
    duty_clinician_roles: frozenset[str] = Field(
        min_length=1, description="Roles that may be the duty clinician on site in core hours"
    )
    duty_clinician_roles_source: SourceText
    duty_clinician_roles_judgement: bool = False

    def required_enhanced_access_minutes_per_week(self, adjusted_population: float) -> float:
        """Enhanced-access minutes owed a week: minutes per 1,000 x population / 1,000.

        Pass the PCN adjusted population; the plan uses the scenario's weighted list when given,
        else the registered list (``pch_workforce.budget.weighted_list``).
        """
        population = float(adjusted_population)
        if not math.isfinite(population) or population < 0:
            raise ValueError(f"adjusted population must be a number >= 0, got {adjusted_population!r}")
        return self.enhanced_access_minutes_per_1000.value * population / 1000

    def windows_on(self, saturday: bool) -> tuple[AccessWindow, ...]:
        return tuple(w for w in self.enhanced_access_windows if w.saturday == saturday)

    def problems(self, role_ids: list[str]) -> list[str]:
        """What is wrong given the model's roles, each named by its key path (``access. ...``)."""
        known = ", ".join(role_ids)
        found = [f'access.{field}: unknown role "{role}"; known roles: {known}'
                 for field in ("enhanced_access_roles", "duty_clinician_roles")
                 for role in sorted(getattr(self, field)) if role not in role_ids]
        for saturday in (False, True):
            windows = self.windows_on(saturday)
            found += [f"access.enhanced_access_windows: {a} and {b} overlap"
                      for i, a in enumerate(windows) for b in windows[i + 1:] if a.overlaps(b)]
        return found

    def described(self) -> tuple[tuple[str, str, str, bool, str], ...]:
        """(setting, what it is, value in words, judgement, source) for the values that are not numbers.

        The minutes per 1,000 are a sourced number and are listed with the other care-model numbers.
        """
        fields = type(self).model_fields
        return (
            ("access.enhanced_access_windows", fields["enhanced_access_windows"].description or "",
             "; ".join(str(w) for w in self.enhanced_access_windows), self.enhanced_access_windows_judgement,
             self.enhanced_access_windows_source),
            ("access.enhanced_access_roles", fields["enhanced_access_roles"].description or "",
             ", ".join(sorted(self.enhanced_access_roles)), self.enhanced_access_roles_judgement,
             self.enhanced_access_roles_source),
            ("access.core_hours", fields["core_hours"].description or "",
             f"{WEEKDAYS} {self.core_hours.start}-{self.core_hours.end}", self.core_hours.judgement,
             self.core_hours.source),
            ("access.duty_clinician_roles", fields["duty_clinician_roles"].description or "",
             ", ".join(sorted(self.duty_clinician_roles)), self.duty_clinician_roles_judgement,
             self.duty_clinician_roles_source),
        )

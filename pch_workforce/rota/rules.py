"""Rule names: the shared vocabulary of the model, the checker and the reports.

Only names live here, no rule logic, so the checker stays independent of the model; and
:class:`Encoding`, each encoding's declaration of the rules it enforces.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class HardRule(StrEnum):
    ONE_LOCATION_PER_SESSION = "one location per session"
    MAX_SESSIONS_PER_DAY = "max sessions per day"
    FORBIDDEN_SAME_DAY = "forbidden same-day shifts"
    LEAVE_AND_UNAVAILABILITY = "leave and unavailability"
    REQUIRED_SKILL = "required skill"
    ALLOWED_LOCATION = "allowed location"
    CONTRACTED_SESSIONS = "contracted sessions"
    CONTRACTED_MINUTES = "contracted minutes"
    FORBIDDEN_SUCCESSION = "forbidden succession"
    MAX_CONSECUTIVE_DAYS = "max consecutive days"
    MIN_CONSECUTIVE_DAYS = "min consecutive days"
    MIN_CONSECUTIVE_DAYS_OFF = "min consecutive days off"
    MAX_WEEKENDS = "max weekends"
    MAX_SHIFTS_PER_TYPE = "max shifts per type"
    SUPERVISOR_ON_SITE = "supervisor on site"
    FIXED_ASSIGNMENT = "fixed assignment"
    UNKNOWN_ID = "unknown id"


class SoftRule(StrEnum):
    COVER_SHORTFALL = "cover shortfall"
    COVER_EXCESS = "cover excess"
    SHIFT_ON_REQUEST = "shift on request"
    SHIFT_OFF_REQUEST = "shift off request"
    AWAY_FROM_HOME = "away from home"
    UNFAIR_SHARE = "unfair share"
    MISSED_MDT = "missed MDT"
    OVERBOOKED_ROOMS = "overbooked rooms"
    CHANGED_ASSIGNMENT = "changed assignment"


@dataclass(frozen=True)
class Encoding:
    """Which hard rules one independent encoding of the contract rules enforces, and, for each
    rule it leaves out, why. Every encoding declares one, and the tests hold each to
    :class:`HardRule`: a rule in neither list fails them, so adding a rule cannot silently
    leave an encoding behind."""

    name: str
    enforced: frozenset[HardRule]
    left_out: Mapping[HardRule, str] = field(default_factory=dict)  # rule -> the reason

    def undeclared(self) -> set[HardRule]:
        """Rules this encoding says nothing about (should be none)."""
        return set(HardRule) - self.enforced - set(self.left_out)

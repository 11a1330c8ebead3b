"""The PCH rota policy: named limits and soft-rule weights a scenario may change.

The RotaRules sheet overrides these by name; the plan reports the values used. Weights are
judgement calls (relative priorities, not published figures) and are labelled as such.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class RotaPolicy(BaseModel):
    """Defaults for the PCH front end of the rota engine."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_sessions_per_day: int = Field(
        2, ge=1, le=3,
        description="Most clinical sessions one person works in a day (a BMA model-contract day is 2 sessions "
                    "of 4 h 10 min). Judgement call for other roles.",
    )
    no_am_after_evening: int = Field(
        1, ge=0, le=1,
        description="1 = nobody works a morning session after an evening session (rest); 0 = allowed. "
                    "Judgement call on top of the Working Time Regulations 1998 (11 h daily rest, reg. 10).",
    )
    max_consecutive_days: int = Field(
        6, ge=1, le=13,
        description="Most consecutive working days. Working Time Regulations 1998 reg. 11: "
                    "24 h uninterrupted rest in each 7 days, so at most 6 in a row.",
    )
    max_saturdays: int = Field(
        2, ge=0, le=52,
        description="Most Saturdays one person works over the rota (judgement call; fair share is weighted below).",
    )
    mdt_weekday: int = Field(
        3, ge=1, le=5, description="Weekday of the weekly MDT meeting, 1 = Monday ... 5 = Friday (site choice).",
    )
    weight_uncovered_session: float = Field(
        100, ge=0, description="Penalty per missing person below a cover minimum (judgement call: highest priority).",
    )
    weight_over_cover: float = Field(
        1, ge=0, description="Penalty per person above the cover minimum (judgement call: mild, spread the team).",
    )
    weight_missed_mdt: float = Field(
        20, ge=0, description="Penalty per core team member missing the weekly MDT meeting (judgement call).",
    )
    weight_away_from_home: float = Field(
        2, ge=0, description="Penalty per session worked away from the home practice (continuity; judgement call).",
    )
    weight_overbooked_room: float = Field(
        10, ge=0,
        description=(
            "Penalty per clinician beyond a practice's clinical rooms in one session (judgement call: below a "
            "missed MDT and an uncovered session, above a session away from home, so the rota moves people to a "
            "practice with a free room)."
        ),
    )
    weight_unfair_evenings: float = Field(
        5, ge=0,
        description=(
            "Penalty per evening or Saturday session of spread within a role, shared pro rata to contracted "
            "sessions (judgement call)."
        ),
    )
    weight_preferred_off: float = Field(
        3, ge=0, description="Penalty per session worked that the person asked to have off (judgement call).",
    )

    @classmethod
    def rule_names(cls) -> list[str]:
        return list(cls.model_fields)

    @classmethod
    def describe(cls) -> list[tuple[str, float, str]]:
        """(name, default, description) for the template's Instructions and the plan's Assumptions."""
        return [(name, info.default, info.description or "") for name, info in cls.model_fields.items()]

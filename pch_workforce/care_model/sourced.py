"""A number that carries where it came from.

Every planning assumption in a care model is a ``Sourced`` value, so the plan can always say
which publication (or which labelled judgement call) a figure rests on. Subclasses only narrow
the allowed range, so a validation error names the key path and the rule it broke.
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

SourceText = Annotated[str, Field(min_length=1, pattern=r"\S")]


class Sourced(BaseModel):
    """A number with its source; ``judgement`` marks a labelled planning judgement call."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float
    source: SourceText = Field(description="Publication, year, table/page and URL, or the reasoning")
    judgement: bool = Field(default=False, description="True when the value is a judgement call")

    @field_validator("value")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value

    def __float__(self) -> float:
        return float(self.value)

    def replaced(self, value: float, source: str, judgement: bool = False) -> Sourced:
        """A copy with a new value and source (the old source no longer applies)."""
        return type(self)(value=value, source=source, judgement=judgement)


class PositiveSourced(Sourced):
    value: Annotated[float, Field(gt=0)]


class NonNegSourced(Sourced):
    value: Annotated[float, Field(ge=0)]


class ShareSourced(Sourced):
    """A proportion between 0 and 1."""

    value: Annotated[float, Field(ge=0, le=1)]


class FractionSourced(Sourced):
    """A proportion strictly below 1 (an allowance that still leaves some working time)."""

    value: Annotated[float, Field(ge=0, lt=1)]

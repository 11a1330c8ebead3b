"""The words the care model and the scenario share: age bands, sex, rurality, financial years.

Both the care model (rates by age band and sex, travel by settlement, its price year) and the
scenario (its population counts, practices and plan year) are written in these terms, on the
same frozen base model, so they sit below both and import nothing from either.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    """Immutable, strict-keyed base: a typo in a field name is an error, not a silent default."""

    model_config = ConfigDict(frozen=True, extra="forbid")


NonNegInt = Annotated[int, Field(ge=0)]
NonNegFloat = Annotated[float, Field(ge=0)]


class Rurality(StrEnum):
    """ONS 2011 Rural-Urban Classification, collapsed to the practice's main setting."""

    URBAN = "urban"
    URBAN_SPARSE = "urban_sparse"
    TOWN = "town"
    TOWN_SPARSE = "town_sparse"
    VILLAGE = "village"
    VILLAGE_SPARSE = "village_sparse"
    HAMLET = "hamlet"
    HAMLET_SPARSE = "hamlet_sparse"

    @property
    def is_rural(self) -> bool:
        return self not in (Rurality.URBAN, Rurality.URBAN_SPARSE)

    @property
    def is_sparse(self) -> bool:
        return self.value.endswith("_sparse")


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


_AGE_BAND = re.compile(r"^\s*(\d{1,3})\s*(?:-\s*(\d{1,3})|\+)\s*$")


class AgeBand(Frozen):
    """An inclusive age range in whole years; ``upper`` is None for an open top band (85+)."""

    lower: NonNegInt
    upper: NonNegInt | None

    @classmethod
    def parse(cls, text: str) -> AgeBand:
        """Read '0-4', '85+' or '90-94' as NHS Digital's registered-patient files write them."""
        match = _AGE_BAND.match(str(text).replace("_", "-"))
        if not match:
            raise ValueError(f'age band must look like "0-4" or "85+", got "{text}"')
        lower = int(match.group(1))
        upper = int(match.group(2)) if match.group(2) is not None else None
        if upper is not None and upper < lower:
            raise ValueError(f'age band "{text}" ends before it starts')
        return cls(lower=lower, upper=upper)

    def contains(self, other: AgeBand) -> bool:
        """True when every age in ``other`` lies in this band."""
        if other.lower < self.lower:
            return False
        if self.upper is None:
            return True
        return other.upper is not None and other.upper <= self.upper

    def overlaps(self, other: AgeBand) -> bool:
        self_top = self.upper if self.upper is not None else 10**6
        other_top = other.upper if other.upper is not None else 10**6
        return self.lower <= other_top and other.lower <= self_top

    def __str__(self) -> str:
        return f"{self.lower}+" if self.upper is None else f"{self.lower}-{self.upper}"


_FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def check_financial_year(text: str) -> str:
    """An NHS financial year written as "2026/27" (April 2026 to March 2027)."""
    match = _FINANCIAL_YEAR.match(str(text).strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f'a financial year is written like "2026/27", got "{text}"')
    return str(text).strip()


def first_calendar_year(financial_year: str) -> int:
    """The calendar year a financial year starts in: 2026 for "2026/27"."""
    return int(check_financial_year(financial_year)[:4])


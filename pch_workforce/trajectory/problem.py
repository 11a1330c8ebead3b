"""The trajectory problem: today's mix problem grown year by year, and how staff flow between years.

Plain frozen data, built once, which the multi-year model reads. Each year is a whole
:class:`~pch_workforce.mix.problem.MixProblem` (demand, prices, budget, ARRS envelope of that
year), so every rule of the one-year mix holds in every year; what links the years is the stock of
staff: staff next year = staff this year - leavers + hires that have arrived + trainees qualifying.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pch_workforce.mix.problem import MixProblem


@dataclass(frozen=True)
class RoleFlow:
    """How one role's staff move: ``leaver_rate`` of the FTE recruited by the plan leave each year;
    ``fill_share`` of a hire decided in year t is in post from year t + ``lead_years``; at most
    ``max_hires_per_year`` FTE a year can be set out to recruit (None: the local supply cap alone
    limits it)."""

    role: str
    leaver_rate: float = 0.0
    lead_years: int = 0
    max_hires_per_year: float | None = None
    fill_share: float = 1.0


@dataclass(frozen=True)
class TrajectoryProblem:
    """``years`` mix problems (year 0 is the plan's first financial year), the flows, the FTE of
    today's named staff still in post at each year (worked out from their leaving years and rates)
    and trainees qualifying into each role each year."""

    years: tuple[MixProblem, ...]
    flows: Mapping[str, RoleFlow]
    existing_fte: Mapping[str, tuple[float, ...]]  # role -> FTE of today's staff in post, by year
    pipeline_fte: Mapping[str, tuple[float, ...]] = field(default_factory=dict)  # role -> FTE qualifying, by year
    redundancies_allowed: bool = False

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(r.role for r in self.years[0].roles)

    def flow(self, role: str) -> RoleFlow:
        return self.flows.get(role, RoleFlow(role))

    def existing(self, role: str, year: int) -> float:
        values = self.existing_fte.get(role, ())
        return values[year] if year < len(values) else 0.0

    def qualifying(self, role: str, year: int) -> float:
        values = self.pipeline_fte.get(role, ())
        return values[year] if year < len(values) else 0.0


def financial_year(first: str, offset: int) -> str:
    """"2027/28" moved on ``offset`` years: "2029/30" for 2."""
    start = int(first[:4]) + offset
    return f"{start}/{(start + 1) % 100:02d}"

"""Errors a user can act on, each mapped to one exit code by the CLI.

Anything else that escapes is a bug (exit 1).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, placed where a planner would fix it."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputError(Exception):
    """Bad input or usage: every problem found, not just the first (exit code 2)."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class InfeasiblePlanError(Exception):
    """The inputs are valid but no plan meets the hard rules; ``reasons`` say what blocks it (exit 3).

    ``shortfall_per_year`` is the £ a year the budget lacks for the least-cost team that meets every
    other hard rule, when money is what blocks the plan (None otherwise)."""

    exit_code = 3

    def __init__(self, stage: str, reasons: list[str], shortfall_per_year: float | None = None) -> None:
        self.stage = stage
        self.reasons = reasons
        self.shortfall_per_year = shortfall_per_year
        super().__init__(f"no feasible {stage}: " + "; ".join(reasons))

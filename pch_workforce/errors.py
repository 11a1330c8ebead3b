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
    """The inputs are valid but no plan meets the hard rules; ``reasons`` say what blocks it (exit 3)."""

    exit_code = 3

    def __init__(self, stage: str, reasons: list[str]) -> None:
        self.stage = stage
        self.reasons = reasons
        super().__init__(f"no feasible {stage}: " + "; ".join(reasons))

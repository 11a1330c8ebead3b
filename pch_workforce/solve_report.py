"""One status type for every optimisation stage (rota, mix): what the solver did, honestly.

The CP-SAT status is mapped once here, so callers never compare raw solver integers, and a
solution is only read back on OPTIMAL or FEASIBLE.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    MODEL_INVALID = "model_invalid"
    UNKNOWN = "unknown"  # stopped (time limit) before any solution or proof

    @property
    def has_solution(self) -> bool:
        return self in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)

    @classmethod
    def from_cp_sat(cls, status: int) -> SolveStatus:
        """Map a ``cp_model`` status code; anything unexpected becomes UNKNOWN."""
        from ortools.sat.python import cp_model

        return {
            cp_model.OPTIMAL: cls.OPTIMAL,
            cp_model.FEASIBLE: cls.FEASIBLE,
            cp_model.INFEASIBLE: cls.INFEASIBLE,
            cp_model.MODEL_INVALID: cls.MODEL_INVALID,
        }.get(status, cls.UNKNOWN)


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """|objective - bound| / max(1, |objective|) for a minimisation; None without both."""
    if objective is None or bound is None:
        return None
    return abs(objective - bound) / max(1.0, abs(objective))


class SolveReport(BaseModel):
    """Generic solver outcome; stage reports (rota, mix) extend it with their own results."""

    model_config = ConfigDict(frozen=True)

    status: SolveStatus
    objective: float | None = Field(default=None, description="None without a solution")
    best_bound: float | None = None
    gap: float | None = Field(default=None, description="relative gap, 0 when proven optimal")
    seconds: float = Field(description="wall time", json_schema_extra={"unit": "s"})
    deterministic_time: float = Field(default=0.0, description="CP-SAT deterministic time units")
    workers: int
    seed: int
    time_limit: float | None = None
    deterministic_time_limit: float | None = None

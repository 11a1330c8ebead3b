"""The typed result of a rota solve: the generic solve report plus what a planner reads."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from pch_workforce.rota.problem import Rota
from pch_workforce.solve_report import SolveReport


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class SoftViolation(_Frozen):
    """One violated soft rule: ``amount`` units (people, sessions) at ``weight`` each."""

    rule: str
    subject: str
    day: int | None
    shift_id: str | None
    amount: int
    weight: int

    @property
    def cost(self) -> int:
        return self.amount * self.weight


class UncoveredSession(_Frozen):
    """A cover line left below its minimum."""

    day: int
    shift_id: str
    location_id: str
    skill: str | None
    minimum: int
    assigned: int

    @property
    def short(self) -> int:
        return self.minimum - self.assigned


class InfeasibilityReason(_Frozen):
    """One hard rule (and subject) in a set that cannot all hold together."""

    rule: str
    subject: str
    message: str


class StoppedBy(StrEnum):
    """Why a solve's last phase stopped, recorded when it stops (not guessed afterwards). Only
    a proof or the deterministic limit gives a rota that the same inputs give again."""

    OPTIMAL = "optimal"  # the rota meets a proven bound
    INFEASIBLE = "infeasible"  # proved: no rota keeps every hard rule
    DETERMINISTIC_LIMIT = "deterministic limit"
    TIME_LIMIT = "time limit"  # the wall clock: depends on machine speed and load
    INTERRUPTED = "interrupted"  # Ctrl-C, or stopped short of every limit without a proof


class RotaReport(SolveReport):
    """Status, objective, bound, gap, times, why the search stopped, the objective split by
    rule, every violated soft rule, the uncovered sessions, the rota (only with a solution)
    and, when infeasible, the hard rules that conflict, in words."""

    stopped_by: StoppedBy | None = None
    objective_by_rule: dict[str, int] = {}
    violations: tuple[SoftViolation, ...] = ()
    uncovered_sessions: tuple[UncoveredSession, ...] = ()
    rota: Rota | None = None
    infeasibility: tuple[InfeasibilityReason, ...] = ()

    def explain(self) -> str:
        """The infeasibility reasons, one sentence per line."""
        return "\n".join(r.message for r in self.infeasibility)

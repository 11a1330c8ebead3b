"""The typed result of a rota solve: the generic solve report plus what a planner reads."""

from __future__ import annotations

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


class RotaReport(SolveReport):
    """Status, objective, bound, gap, times, the objective split by rule, every violated soft
    rule, the uncovered sessions, the rota (only with a solution) and, when infeasible, the
    hard rules that conflict, in words."""

    objective_by_rule: dict[str, int] = {}
    violations: tuple[SoftViolation, ...] = ()
    uncovered_sessions: tuple[UncoveredSession, ...] = ()
    rota: Rota | None = None
    infeasibility: tuple[InfeasibilityReason, ...] = ()

    def explain(self) -> str:
        """The infeasibility reasons, one sentence per line."""
        return "\n".join(r.message for r in self.infeasibility)

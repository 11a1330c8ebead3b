"""The typed result of the mix stage: the team, its work, its cost, what is left, and why.

Plain frozen pydantic values, so a ``Mix`` pickles (sweeps) and dumps to JSON (``--json``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pch_workforce.solve_report import SolveReport, SolveStatus


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


def _unit(unit: str, description: str = "") -> Any:
    return Field(description=description, json_schema_extra={"unit": unit})


class FundingPart(_Frozen):
    """One payer's share of a role's cost."""

    payer: str
    share: float


class RoleMix(_Frozen):
    """How much of one role the plan has, what it costs and how its clinical hours are used."""

    role: str
    name: str
    staff_group: str
    sessions: int = _unit("sessions a week")
    fte: float = _unit("FTE")
    existing_fte: float = _unit("FTE")
    max_fte: float = _unit("FTE", "most the local labour market can supply")
    annual_cost_per_fte: float = _unit("£ a year", "pay + employer on-costs")
    cost_per_year: float = _unit("£ a year", "pay + on-costs for the planned FTE, whoever pays")
    arrs_reimbursement_per_year: float = _unit("£ a year", "claimed from the ARRS envelope")
    arrs_baseline_fte: float = _unit("FTE", "in the ARRS baseline: not claimable (additionality)")
    budget_cost_per_year: float = _unit("£ a year", "what the capitated budget pays, net of ARRS")
    others_cost_per_year: float = _unit("£ a year", "what the other payers pay")
    budget_pays: bool
    funding: tuple[FundingPart, ...] = ()
    cost_basis: str = ""
    clinical_hours_per_week: float = _unit("h a week", "clinical hours after WISN allowances")
    allocated_hours_per_week: float = _unit("h a week", "patient contact hours given to services")
    supervision_hours_per_week: float = _unit("h a week", "hours spent supervising other roles")
    room_hours_per_week: float = _unit("h a week", "patient contact hours face to face at a practice: in a room")

    @property
    def room_share(self) -> float:
        """Share of its clinical hours the role spends in a clinical room: the rest is telephone, video,
        online, visits, supervision or unallocated time, which holds no room (1.0 with no hours)."""
        if self.clinical_hours_per_week <= 0:
            return 1.0
        return min(1.0, self.room_hours_per_week / self.clinical_hours_per_week)

    @property
    def spare_hours_per_week(self) -> float:
        return self.clinical_hours_per_week - self.allocated_hours_per_week - self.supervision_hours_per_week

    @property
    def utilisation(self) -> float | None:
        """Share of clinical hours given to patients or to supervising (None with no FTE)."""
        if self.clinical_hours_per_week <= 0:
            return None
        return (self.allocated_hours_per_week + self.supervision_hours_per_week) / self.clinical_hours_per_week


class Allocation(_Frozen):
    """Hours a week of one service delivered by one role."""

    service: str
    role: str
    contacts_per_week: float = _unit("contacts a week")
    hours_per_week: float = _unit("h a week")


class SupervisionHours(_Frozen):
    """Hours a week one role spends supervising another."""

    supervisor: str
    supervised: str
    hours_per_week: float = _unit("h a week")


class ServiceMix(_Frozen):
    """Demand, cover and unmet demand of one service line, with the reasons for any unmet part."""

    service: str
    name: str
    priority_weight: float
    demand_contacts_per_week: float = _unit("contacts a week")
    demand_hours_per_week: float = _unit("h a week", "at the service's reference minutes per contact")
    unmet_contacts_per_week: float = _unit("contacts a week")
    unmet_hours_per_week: float = _unit("h a week")
    weighted_unmet_hours_per_week: float = _unit("weighted h a week")
    weighted_unmet_contacts_per_week: float = _unit("weighted contacts a week", "unmet contacts x priority")
    why_unmet: tuple[str, ...] = ()

    @property
    def covered_share(self) -> float:
        if self.demand_contacts_per_week <= 0:
            return 1.0
        return 1 - self.unmet_contacts_per_week / self.demand_contacts_per_week


class PracticeEstate(_Frozen):
    """One practice's clinical room-sessions a week against the face-to-face work the mix gives it."""

    practice: str
    name: str
    rooms: int
    room_sessions_per_week: float = _unit("room-sessions a week", "rooms x sessions open")
    room_sessions_needed_per_week: float = _unit("room-sessions a week", "its own patients' face-to-face work")
    room_sessions_held_per_week: float = _unit("room-sessions a week", "held here, other practices' patients included")
    seen_elsewhere_per_week: float = _unit("room-sessions a week", "its patients seen at other practices")
    by_session_type: tuple[tuple[str, float], ...] = ()  # (session type, room-sessions a week)

    @property
    def full(self) -> bool:
        return self.room_sessions_held_per_week >= self.room_sessions_per_week - 1e-6


class Binding(_Frozen):
    """A constraint that holds the plan where it is, by its stable name, with the reason in words."""

    name: str
    rule: str
    subject: str
    detail: str


class Marginal(_Frozen):
    """What one step more of a resource would change, found by re-solving the whole problem.

    Deltas are perturbed minus base: negative unmet or cost means the step helps.
    """

    change: str
    subject: str
    delta_weighted_unmet_contacts_per_week: float = _unit("weighted contacts a week")
    delta_weighted_unmet_hours_per_week: float = _unit("weighted h a week")
    delta_unmet_hours_per_week: float = _unit("h a week")
    delta_budget_cost_per_year: float = _unit("£ a year")
    status: SolveStatus


class StageReport(_Frozen):
    """One stage of the lexicographic solve."""

    stage: str
    unit: str
    status: SolveStatus
    objective: float | None
    best_bound: float | None
    seconds: float


class MixReport(SolveReport):
    """The generic solve report, for the primary objective (weighted unmet contacts a week), plus each stage.

    ``seconds`` is the wall time of all stages of the main solve; marginal re-solves are timed apart.
    """

    solver: str
    stages: tuple[StageReport, ...]
    marginal_seconds: float = 0.0


class ArrsUse(_Frozen):
    """The network's ARRS envelope and how much of it the plan claims (the rest is lost)."""

    envelope_per_year: float = _unit("£ a year", "£ per weighted patient x the weighted list")
    claimed_per_year: float = _unit("£ a year")

    @property
    def unclaimed_per_year(self) -> float:
        return max(0.0, self.envelope_per_year - self.claimed_per_year)


class EnhancedAccessUse(_Frozen):
    """The Network Contract DES's enhanced access against the team and the rooms open for it."""

    required_hours_per_week: float = _unit("h a week", "60 minutes per 1,000 adjusted population")
    team_hours_per_week: float = _unit("h a week", "patient-contact hours of the roles whose appointments count")
    room_hours_per_week: float = _unit("h a week", "rooms x open minutes inside the Network Standard Hours")

    @property
    def rooms_short_hours(self) -> float:
        """Hours a week the rooms open in the Network Standard Hours cannot hold, whatever the team."""
        return max(0.0, self.required_hours_per_week - self.room_hours_per_week)


class Mix(_Frozen):
    """The recommended team for the site, inside the budget, and the explanation of it."""

    site: str
    population: int
    capitated_budget_per_year: float = _unit("£ a year")
    workforce_budget_per_year: float = _unit("£ a year", "workforce share of the capitated budget")
    cost_per_year: float = _unit("£ a year", "what the budget pays: pay + on-costs less ARRS")
    gross_cost_per_year: float = _unit("£ a year", "pay + on-costs of every role, whoever pays")
    arrs_reimbursement_per_year: float = _unit("£ a year", "claimed from the ARRS envelope")
    arrs: ArrsUse | None = None
    others_cost_per_year: float = _unit("£ a year", "what other organisations pay for their roles at the site")
    price_year: str = ""
    plan_financial_year: str = ""
    price_note: str | None = None
    gp_contacts_per_gp_day: float | None = _unit("contacts a GP working day")
    estate: tuple[PracticeEstate, ...] = ()
    enhanced_access: EnhancedAccessUse | None = None
    gp_max_contacts_per_day: float | None = None
    demand_hours_per_week: float = _unit("h a week")
    unmet_hours_per_week: float = _unit("h a week")
    unmet_contacts_per_week: float = _unit("contacts a week")
    weighted_unmet_hours_per_week: float = _unit("weighted h a week")
    weighted_unmet_contacts_per_week: float = _unit("weighted contacts a week")
    roles: tuple[RoleMix, ...]
    allocations: tuple[Allocation, ...]
    supervision: tuple[SupervisionHours, ...]
    services: tuple[ServiceMix, ...]
    binding: tuple[Binding, ...]
    marginals: tuple[Marginal, ...]
    report: MixReport

    def role(self, role_id: str) -> RoleMix:
        return next(r for r in self.roles if r.role == role_id)

    def service(self, service_id: str) -> ServiceMix:
        return next(s for s in self.services if s.service == service_id)

    def hours(self, service_id: str, role_id: str) -> float:
        return sum(a.hours_per_week for a in self.allocations if a.service == service_id and a.role == role_id)

    @property
    def planned_fte(self) -> dict[str, float]:
        """FTE per role: what the rota front end takes (``build_pch_rota(..., planned_fte=mix.planned_fte)``)."""
        return {r.role: r.fte for r in self.roles}

    @property
    def binding_names(self) -> tuple[str, ...]:
        return tuple(b.name for b in self.binding)

    @property
    def fte_per_10k(self) -> dict[str, float]:
        """FTE per 10,000 registered patients by staff group (gp, nurse, other)."""
        totals: dict[str, float] = {}
        for role in self.roles:
            totals[role.staff_group] = totals.get(role.staff_group, 0.0) + role.fte
        scale = 10_000 / self.population if self.population else 0.0
        return {group: fte * scale for group, fte in sorted(totals.items())}

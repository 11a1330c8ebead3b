"""The mix problem: plain, frozen, ID-keyed data the optimiser reads, built once from the inputs.

The optimiser never sees a Scenario or a CareModel, only these terms, so tests and property
checks can build or perturb a problem directly (``dataclasses.replace``) and a sweep can pickle
it. ``problem_from_inputs`` is the one place that joins scenario, care model and demand.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from pch_workforce.care_model import CareModel, StaffGroup
from pch_workforce.errors import InputError, Problem
from pch_workforce.scenario.model import RolePlan, Scenario

SESSION_EPS = 1e-9


@dataclass(frozen=True)
class MixDemand:
    """What the mix must cover: contacts a week per service line for the whole site.

    Contacts, not hours, because each role takes its own minutes per contact (skill matrix).
    """

    service_contacts_per_week: Mapping[str, float]
    population: int | None = None
    travel_minutes_per_contact: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RoleTerms:
    """One role the site has or may recruit, with everything the model needs about it."""

    role: str
    name: str
    staff_group: str
    sessions_per_fte: float
    min_sessions: int
    max_sessions: int
    existing_fte: float
    max_fte: float
    clinical_hours_per_fte_week: float
    annual_cost: float = field(metadata={"unit": "£ a year per FTE, pay + employer on-costs"})
    arrs_reimbursement: float = field(metadata={"unit": "£ a year per FTE reimbursed under ARRS"})
    budget_pays: bool
    supervision_hours_per_fte_week: float = 0.0
    supervised_by: tuple[str, ...] = ()

    @property
    def net_cost(self) -> float:
        """Cost per FTE after ARRS reimbursement."""
        return self.annual_cost - self.arrs_reimbursement

    @property
    def budget_cost(self) -> float:
        """What one FTE costs the capitated budget (nothing if another body pays)."""
        return self.net_cost if self.budget_pays else 0.0

    @property
    def is_gp(self) -> bool:
        return self.staff_group == StaffGroup.GP.value

    def fte(self, sessions: float) -> float:
        return sessions / self.sessions_per_fte


@dataclass(frozen=True)
class DeliveryTerms:
    """One skill-matrix cell: ``role`` may take up to ``max_share`` of the contacts, at its own length."""

    role: str
    minutes_per_contact: float
    max_share: float


@dataclass(frozen=True)
class ServiceTerms:
    service: str
    name: str
    priority_weight: float
    reference_minutes: float
    contacts_per_week: float
    delivery: tuple[DeliveryTerms, ...]
    roles_not_at_site: tuple[str, ...] = ()

    @property
    def demand_hours_per_week(self) -> float:
        """Demand in hours at the service's reference length (the unit unmet demand is counted in)."""
        return self.contacts_per_week * self.reference_minutes / 60


@dataclass(frozen=True)
class MixProblem:
    site: str
    population: int
    capitated_budget_per_year: float
    workforce_share: float
    max_patients_per_gp_fte: int | None
    allow_redundancies: bool
    roles: tuple[RoleTerms, ...]
    services: tuple[ServiceTerms, ...]
    workforce_budget_per_year: float

    def role(self, role_id: str) -> RoleTerms:
        return next(r for r in self.roles if r.role == role_id)

    def service(self, service_id: str) -> ServiceTerms:
        return next(s for s in self.services if s.service == service_id)


def session_bounds(existing_fte: float, max_fte: float, sessions_per_fte: float,
                   allow_redundancies: bool) -> tuple[int, int]:
    """Whole sessions a week between existing staff (or 0) and the labour-market cap.

    An existing FTE that is not a whole number of sessions rounds up (nobody loses part of a
    session); the cap is raised to match if it would fall below that floor.
    """
    low = 0 if allow_redundancies else math.ceil(existing_fte * sessions_per_fte - SESSION_EPS)
    high = math.floor(max_fte * sessions_per_fte + SESSION_EPS)
    return low, max(low, high)


def problem_from_inputs(scenario: Scenario, care_model: CareModel, demand: MixDemand) -> MixProblem:
    """Join the scenario's roles, the care model's terms and the demand; InputError lists every gap."""
    problems = [
        Problem(f"demand.{service_id}", f"unknown service; the care model has {', '.join(care_model.services)}")
        for service_id in demand.service_contacts_per_week
        if service_id not in care_model.services
    ]
    problems += [
        Problem(f"demand.{service_id}", f"contacts a week must be a finite number >= 0, got {value}")
        for service_id, value in demand.service_contacts_per_week.items()
        if not (math.isfinite(value) and value >= 0)
    ]
    problems += [
        Problem(f"demand.{service_id}", f"travel minutes must be a finite number >= 0, got {value}")
        for service_id, value in demand.travel_minutes_per_contact.items()
        if not (math.isfinite(value) and value >= 0)
    ]
    problems += [
        Problem(f"Roles: {plan.role}", "role is not in the care model")
        for plan in scenario.roles
        if plan.role not in care_model.roles
    ]
    if problems:
        raise InputError(problems)
    site = scenario.site
    roles = tuple(_role_terms(plan, care_model, site.allow_redundancies) for plan in scenario.roles)
    at_site = {r.role for r in roles}
    services = tuple(
        _service_terms(service_id, care_model, contacts, at_site,
                       demand.travel_minutes_per_contact.get(service_id, 0.0))
        for service_id, contacts in demand.service_contacts_per_week.items()
    )
    population = demand.population if demand.population is not None else scenario.total_population
    return MixProblem(
        site=site.name,
        population=population,
        capitated_budget_per_year=site.capitated_budget_per_year,
        workforce_share=site.workforce_share,
        max_patients_per_gp_fte=site.max_patients_per_gp_fte,
        allow_redundancies=site.allow_redundancies,
        roles=roles,
        services=services,
        workforce_budget_per_year=site.workforce_budget_per_year,
    )


def _role_terms(plan: RolePlan, care_model: CareModel, allow_redundancies: bool) -> RoleTerms:
    spec = care_model.roles[plan.role]
    sessions_per_fte = spec.sessions_per_fte.value
    low, high = session_bounds(plan.existing_fte, plan.max_fte, sessions_per_fte, allow_redundancies)
    cost = plan.annual_cost_override if plan.annual_cost_override is not None else spec.annual_cost.value
    arrs = 0.0
    if plan.arrs_eligible and spec.arrs_max_reimbursement is not None:
        arrs = min(cost, spec.arrs_max_reimbursement.value)
    supervision = spec.supervision
    return RoleTerms(
        role=plan.role,
        name=spec.name,
        staff_group=spec.staff_group.value,
        sessions_per_fte=sessions_per_fte,
        min_sessions=low,
        max_sessions=high,
        existing_fte=plan.existing_fte,
        max_fte=plan.max_fte,
        clinical_hours_per_fte_week=care_model.clinical_hours_per_fte_week(plan.role),
        annual_cost=cost,
        arrs_reimbursement=arrs,
        budget_pays=plan.budget_pays,
        supervision_hours_per_fte_week=supervision.hours_per_fte_week.value if supervision else 0.0,
        supervised_by=tuple(supervision.by) if supervision else (),
    )


def _service_terms(service_id: str, care_model: CareModel, contacts: float, at_site: set[str],
                   travel_minutes: float) -> ServiceTerms:
    spec = care_model.services[service_id]
    delivery = tuple(
        DeliveryTerms(role=role_id, minutes_per_contact=cell.minutes_per_contact.value + travel_minutes,
                      max_share=cell.max_share.value)
        for role_id, cell in spec.delivery.items()
        if role_id in at_site
    )
    return ServiceTerms(
        service=service_id,
        name=spec.name,
        priority_weight=spec.priority_weight.value,
        reference_minutes=spec.minutes_per_contact.value + travel_minutes,
        contacts_per_week=float(contacts),
        delivery=delivery,
        roles_not_at_site=tuple(role_id for role_id in spec.delivery if role_id not in at_site),
    )

"""The mix problem: plain, frozen, ID-keyed data the optimiser reads, built once from the inputs.

The optimiser never sees a Scenario or a CareModel, only these terms, so tests and property
checks can build or perturb a problem directly (``dataclasses.replace``) and a sweep can pickle
it. ``problem_from_inputs`` is the one place that joins scenario, care model and demand.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from pch_workforce.access_windows import window_sessions
from pch_workforce.budget import site_income, weighted_list
from pch_workforce.care_model import CareModel, StaffGroup
from pch_workforce.care_model.pricing import financial_year_of, price_role, price_year_note
from pch_workforce.errors import InputError, Problem
from pch_workforce.scenario.model import (
    CONTRACT_SESSION_MINUTES,
    SITE_PAYER,
    OpeningSlot,
    Practice,
    RolePlan,
    Scenario,
    Session,
    Weekday,
)

SESSION_EPS = 1e-9


@dataclass(frozen=True)
class MixDemand:
    """What the mix must cover: contacts a week per service line for the whole site.

    Contacts, not hours, because each role takes its own minutes per contact (skill matrix).
    """

    service_contacts_per_week: Mapping[str, float]
    population: int | None = None
    travel_minutes_per_contact: Mapping[str, float] = field(default_factory=dict)
    practice_shares: Mapping[str, Mapping[str, float]] = field(default_factory=dict)  # service -> practice -> share


@dataclass(frozen=True)
class RoleTerms:
    """One role the site has or may recruit, with everything the model needs about it.

    Money: ``site_share`` of ``annual_cost`` falls on the site (the rest on the other payers in
    ``funding``). Of the site's part, up to ``arrs_claim_per_fte`` a year for each FTE above
    ``arrs_baseline_fte`` may be claimed from the network's ARRS envelope (additionality: staff
    in the baseline cannot be claimed).
    """

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
    arrs_claim_per_fte: float = field(default=0.0, metadata={"unit": "£ a year per FTE claimable from ARRS"})
    funding: tuple[tuple[str, float], ...] = ((SITE_PAYER, 1.0),)
    arrs_baseline_fte: float = 0.0
    supervision_hours_per_fte_week: float = 0.0
    supervised_by: tuple[str, ...] = ()
    days_worked_per_fte_year: float = 0.0
    clinical_hours_per_worked_session: float = 0.0
    cost_explanation: str = ""

    @property
    def site_share(self) -> float:
        return site_share(self.funding)

    @property
    def budget_pays(self) -> bool:
        """The capitated budget pays some of this role."""
        return self.site_share > 0

    @property
    def site_cost(self) -> float:
        """What one FTE costs the site before any ARRS claim."""
        return self.annual_cost * self.site_share

    @property
    def others_cost(self) -> float:
        """What one FTE costs the other payers."""
        return self.annual_cost * (1 - self.site_share)

    @property
    def arrs_eligible(self) -> bool:
        return self.arrs_claim_per_fte > 0

    @property
    def is_gp(self) -> bool:
        return self.staff_group == StaffGroup.GP.value

    def fte(self, sessions: float) -> float:
        return sessions / self.sessions_per_fte


@dataclass(frozen=True)
class DeliveryTerms:
    """One skill-matrix cell: ``role`` may take up to ``max_share`` of the contacts, at its own length.

    ``column`` is the skill-matrix column the role works in: its own, or the role it delivers as
    (an ARRS GP works in the GP column). Shares are limits on a column, shared by its roles;
    ``min_share`` is the least share of the delivered contacts the column keeps.
    """

    role: str
    minutes_per_contact: float
    max_share: float
    column: str = ""
    min_share: float = 0.0

    @property
    def scope_column(self) -> str:
        return self.column or self.role


@dataclass(frozen=True)
class ServiceTerms:
    service: str
    name: str
    priority_weight: float
    reference_minutes: float
    contacts_per_week: float
    delivery: tuple[DeliveryTerms, ...]
    roles_not_at_site: tuple[str, ...] = ()
    room_share: float = 0.0
    practice_shares: tuple[tuple[str, float], ...] = ()

    @property
    def demand_hours_per_week(self) -> float:
        """Demand in hours at the service's reference length."""
        return self.contacts_per_week * self.reference_minutes / 60

    def columns(self) -> dict[str, tuple[DeliveryTerms, ...]]:
        """The cells of each skill-matrix column, in delivery order."""
        grouped: dict[str, list[DeliveryTerms]] = {}
        for cell in self.delivery:
            grouped.setdefault(cell.scope_column, []).append(cell)
        return {column: tuple(cells) for column, cells in grouped.items()}


@dataclass(frozen=True)
class PracticeRooms:
    """One practice's clinical rooms and the sessions a week it opens, by session type.

    A room-session is a room for one contracted session of 4 h 10 min, the unit the team's work is
    counted in: an open session holds its clock length over that (a 5 h morning 1.2, a 1 h 30 evening
    0.36), so a long day is not undercounted nor an evening taken for a whole session.
    """

    practice: str
    name: str
    rooms: int
    open_sessions: tuple[tuple[str, int], ...]  # (session type, sessions open a week)
    session_lengths: tuple[tuple[str, float], ...] = ()  # (session type, contracted sessions one open session is)
    travel_minutes_to_hub: float = 0.0  # the Practices sheet's; the only distance between practices it gives

    def length(self, session_type: str) -> float:
        return dict(self.session_lengths).get(session_type, 1.0)

    @property
    def room_sessions(self) -> tuple[tuple[str, float], ...]:
        """Room-sessions a week by session type: every room in every session the practice opens."""
        return tuple((t, self.rooms * n * self.length(t)) for t, n in self.open_sessions)

    @property
    def total(self) -> float:
        return sum(n for _, n in self.room_sessions)

    @property
    def sessions_open(self) -> int:
        return sum(n for _, n in self.open_sessions)


@dataclass(frozen=True)
class EnhancedAccessTerms:
    """The Network Contract DES's enhanced access: the hours a week it asks for, the roles whose
    appointments count, and the room-hours the practices open in the Network Standard Hours."""

    required_hours_per_week: float
    roles: frozenset[str]
    room_hours_per_week: float


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
    arrs_envelope_per_year: float | None = None
    gp_max_contacts_per_day: float | None = None
    weeks_per_year: float = 52.0
    price_year: str = ""
    plan_financial_year: str = ""
    price_note: str | None = None
    estate: tuple[PracticeRooms, ...] = ()
    other_practice_share: float = 0.0
    enhanced_access: EnhancedAccessTerms | None = None

    def role(self, role_id: str) -> RoleTerms:
        return next(r for r in self.roles if r.role == role_id)

    def service(self, service_id: str) -> ServiceTerms:
        return next(s for s in self.services if s.service == service_id)

    def practice(self, code: str) -> PracticeRooms:
        return next(p for p in self.estate if p.practice == code)


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
    plan_year = financial_year_of(site.plan_start)
    roles = tuple(_role_terms(plan, care_model, site.allow_redundancies, plan_year) for plan in scenario.roles)
    at_site = [r.role for r in roles]
    list_shares = {p.code: p.list_size / max(1, scenario.total_population) for p in scenario.practices}
    services = tuple(
        _service_terms(service_id, care_model, contacts, at_site,
                       demand.travel_minutes_per_contact.get(service_id, 0.0),
                       demand.practice_shares.get(service_id) or list_shares)
        for service_id, contacts in demand.service_contacts_per_week.items()
    )
    population = demand.population if demand.population is not None else scenario.total_population
    income = site_income(scenario, care_model)
    arrs_roles = any(r.arrs_eligible for r in roles)
    return MixProblem(
        site=site.name,
        population=population,
        capitated_budget_per_year=income.total_per_year,
        workforce_share=site.workforce_share,
        max_patients_per_gp_fte=site.max_patients_per_gp_fte,
        allow_redundancies=site.allow_redundancies,
        roles=roles,
        services=services,
        workforce_budget_per_year=income.total_per_year * site.workforce_share,
        arrs_envelope_per_year=income.arrs_envelope_per_year if arrs_roles else None,
        gp_max_contacts_per_day=care_model.safe_working.gp_max_contacts_per_day.value,
        weeks_per_year=care_model.employment.weeks_per_year.value,
        price_year=care_model.price_year,
        plan_financial_year=plan_year,
        price_note=price_year_note(care_model, plan_year),
        estate=tuple(practice_rooms(p, scenario) for p in scenario.practices),
        other_practice_share=care_model.estate.other_practice_share.value,
        enhanced_access=enhanced_access_terms(scenario, care_model),
    )


def enhanced_access_terms(scenario: Scenario, care_model: CareModel) -> EnhancedAccessTerms | None:
    """Required hours (minutes per 1,000 x the weighted list, else the registered list) and every room of
    every open session for its minutes inside the Network Standard Hours."""
    access = care_model.access
    if access is None:
        return None
    minutes = sum(s.rooms * s.minutes_inside for s in window_sessions(scenario, access))
    return EnhancedAccessTerms(
        required_hours_per_week=access.required_enhanced_access_minutes_per_week(weighted_list(scenario)[0]) / 60,
        roles=access.enhanced_access_roles, room_hours_per_week=minutes / 60)


SESSION_TYPES = ("AM", "PM", "EVE", "SAT")


def session_type(slot: OpeningSlot) -> str:
    """Weekday mornings, afternoons and evenings, and Saturday: the estate's session types."""
    return "SAT" if slot.weekday is Weekday.SAT else slot.session.value


def practice_rooms(practice: Practice, scenario: Scenario) -> PracticeRooms:
    """The practice's clinical rooms, its open sessions a week by session type, and how many contracted
    sessions one of each is (its clock times on the Sessions sheet; Saturday's the mean of those it opens)."""
    counts = {t: 0 for t in SESSION_TYPES}
    saturday: list[int] = []
    for slot in practice.opening:
        counts[session_type(slot)] += 1
        if slot.weekday is Weekday.SAT:
            saturday.append(scenario.session_time(slot.session, saturday=True).minutes)
    minutes = {t: float(scenario.session_time(Session(t), saturday=False).minutes) for t in ("AM", "PM", "EVE")}
    minutes["SAT"] = (sum(saturday) / len(saturday) if saturday
                      else scenario.session_time(Session.AM, saturday=True).minutes)
    return PracticeRooms(practice=practice.code, name=practice.name, rooms=practice.clinical_rooms,
                         open_sessions=tuple((t, n) for t, n in counts.items() if n),
                         travel_minutes_to_hub=float(practice.travel_minutes_to_hub or 0),
                         session_lengths=tuple((t, m / CONTRACT_SESSION_MINUTES) for t, m in minutes.items()))


def site_share(funding: tuple[tuple[str, float], ...]) -> float:
    """The capitated budget's share of a role's cost."""
    return sum(share for payer, share in funding if payer == SITE_PAYER)


def role_funding(plan: RolePlan, care_model: CareModel) -> tuple[tuple[str, float], ...]:
    """Who pays for a role: the scenario's payers, else the care model's default, else the site."""
    if plan.funding:
        return tuple((f.payer, f.share) for f in plan.funding)
    default = care_model.roles[plan.role].funding
    if default:
        return tuple((SITE_PAYER if p.payer.lower() == SITE_PAYER else p.payer, p.share.value) for p in default)
    return ((SITE_PAYER, 1.0),)


def _role_terms(plan: RolePlan, care_model: CareModel, allow_redundancies: bool, plan_year: str) -> RoleTerms:
    spec = care_model.roles[plan.role]
    sessions_per_fte = spec.sessions_per_fte.value
    low, high = session_bounds(plan.existing_fte, plan.max_fte, sessions_per_fte, allow_redundancies)
    if plan.annual_cost_override is not None:
        cost, explanation = plan.annual_cost_override, "the site's cost per FTE (Roles sheet)"
    else:
        priced = price_role(care_model, plan.role, plan.pay_point.value, plan_year)
        cost, explanation = priced.annual_cost, priced.explanation
    funding = role_funding(plan, care_model)
    site_cost = cost * site_share(funding)
    claim = 0.0
    if plan.arrs_eligible and spec.arrs_max_reimbursement is not None:
        claim = min(site_cost, spec.arrs_max_reimbursement.value)
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
        arrs_claim_per_fte=claim,
        funding=funding,
        arrs_baseline_fte=plan.arrs_baseline_fte,
        supervision_hours_per_fte_week=supervision.hours_per_fte_week.value if supervision else 0.0,
        supervised_by=tuple(supervision.by) if supervision else (),
        days_worked_per_fte_year=care_model.days_worked_per_fte_year(plan.role),
        clinical_hours_per_worked_session=care_model.clinical_hours_per_worked_session(plan.role),
        cost_explanation=explanation,
    )


def _service_terms(service_id: str, care_model: CareModel, contacts: float, at_site: list[str],
                   travel_minutes: float, practice_shares: Mapping[str, float]) -> ServiceTerms:
    spec = care_model.services[service_id]
    delivery = []
    for column, cell in spec.delivery.items():
        for role_id in (r for r in at_site if care_model.deliverers(service_id, r) == column):
            delivery.append(DeliveryTerms(
                role=role_id, minutes_per_contact=care_model.delivery_minutes(cell).value + travel_minutes,
                max_share=cell.max_share.value, column=column,
                min_share=cell.min_share.value if cell.min_share is not None else 0.0))
    columns_at_site = {d.column for d in delivery}
    return ServiceTerms(
        service=service_id,
        name=spec.name,
        priority_weight=spec.priority_weight.value,
        reference_minutes=spec.minutes_per_contact.value + travel_minutes,
        contacts_per_week=float(contacts),
        delivery=tuple(delivery),
        roles_not_at_site=tuple(role_id for role_id in spec.delivery if role_id not in columns_at_site),
        room_share=spec.room_share,
        practice_shares=tuple(practice_shares.items()),
    )

"""The typed CareModel: the planning assumptions a site plan rests on, every number sourced.

A care model says how a registered population turns into demand (consultation rates by age
band and sex, register reviews, per-patient programmes), what each service line is and who may
deliver it (the skill matrix), and what each role costs and how much clinical time an FTE gives
after leave, CPD and admin (WHO WISN allowances). Demand and the mix optimiser read it; nothing
here does I/O.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, Field, field_validator, model_validator

from pch_workforce.care_model.access import Access
from pch_workforce.care_model.sourced import (
    FractionSourced,
    NonNegSourced,
    PositiveSourced,
    ShareSourced,
)
from pch_workforce.care_model.trajectory import TrajectoryDefaults, check_against_model
from pch_workforce.vocabulary import AgeBand, Frozen, Rurality, Sex, check_financial_year


class StaffGroup(StrEnum):
    """The staff groups NHS England's Appointments in General Practice reports (for the GP-share KPI)."""

    GP = "gp"
    NURSE = "nurse"
    OTHER = "other"


class Month(StrEnum):
    JAN = "jan"
    FEB = "feb"
    MAR = "mar"
    APR = "apr"
    MAY = "may"
    JUN = "jun"
    JUL = "jul"
    AUG = "aug"
    SEP = "sep"
    OCT = "oct"
    NOV = "nov"
    DEC = "dec"


class Settlement(StrEnum):
    """Rurality without sparsity: the key of the home-visit travel table."""

    URBAN = "urban"
    TOWN = "town"
    VILLAGE = "village"
    HAMLET = "hamlet"

    @classmethod
    def of(cls, rurality: Rurality) -> Settlement:
        return cls(rurality.value.removesuffix("_sparse"))


class LeadTime(StrEnum):
    """How far ahead a service's appointments are booked: non-attendance follows it (AiGP, 2018)."""

    SAME_DAY = "same_day"
    NEXT_DAY = "next_day"
    WITHIN_WEEK = "within_week"
    BEYOND_WEEK = "beyond_week"


class PayScale(StrEnum):
    """The pay scale a role's salary follows, which decides the annual award it gets."""

    AFC = "afc"
    SALARIED_GP = "salaried_gp"


class Employment(Frozen):
    """On-costs and the working year shared by every role."""

    employer_ni_rate: ShareSourced
    ni_secondary_threshold: NonNegSourced = Field(description="£ a year of pay free of employer NI")
    employer_pension_rate: ShareSourced
    working_days_per_year: PositiveSourced
    weeks_per_year: PositiveSourced


class Pay(Frozen):
    basis: str = Field(min_length=1, description="Pay scale and point, e.g. 'AfC band 7 2026/27'")
    scale: PayScale = Field(default=PayScale.AFC, description="Which annual pay award applies")
    salary: PositiveSourced = Field(description="Basic salary at the middle pay point, £ a year for one FTE")
    bottom: PositiveSourced | None = Field(default=None, description="Entry point of the band or range")
    top: PositiveSourced | None = Field(default=None, description="Top point of the band or range")
    employer_pension_rate: ShareSourced | None = Field(
        default=None, description="Overrides employment.employer_pension_rate for this role"
    )

    def at(self, point: str) -> PositiveSourced:
        """The salary at a pay point (bottom, middle, top); the middle when the band has no such point."""
        chosen = {"bottom": self.bottom, "top": self.top}.get(point)
        return chosen or self.salary

    def has_point(self, point: str) -> bool:
        return point == "middle" or {"bottom": self.bottom, "top": self.top}.get(point) is not None


class Payer(Frozen):
    """A payer's share of a role's cost by default (e.g. the mental-health trust pays half of an MHP)."""

    payer: str = Field(min_length=1)
    share: ShareSourced


class Allowances(Frozen):
    """WISN inputs: time an FTE is not available, and the share of available time not spent with patients."""

    annual_leave_days: NonNegSourced
    public_holiday_days: NonNegSourced
    sickness_absence_share: FractionSourced
    cpd_share: FractionSourced = Field(description="Share of working time for CPD / study")
    admin_share: FractionSourced = Field(
        description="WISN category allowance: share of time on support work (admin, results, MDT)"
    )


class Supervision(Frozen):
    """Supervision a role needs: hours a week from the roles in ``by`` (the mix), and, when ``on_site``,
    one of them at the same practice in every session the role works (on-the-day supervision, the rota)."""

    hours_per_fte_week: NonNegSourced = Field(description="Supervisor hours a week per FTE supervised")
    by: tuple[str, ...] = Field(min_length=1, description="Role ids that may supervise")
    on_site: bool = Field(default=False, description="A supervisor must be on site in each session worked")
    on_site_source: str = Field(default="", description="Why on-the-day supervision on site is needed")


class RoleSpec(Frozen):
    name: str = Field(min_length=1)
    staff_group: StaffGroup
    hours_per_fte_week: PositiveSourced
    sessions_per_fte: PositiveSourced
    pay: Pay
    annual_cost: PositiveSourced = Field(description="£ a year per FTE with employer NI and pension")
    arrs_max_reimbursement: NonNegSourced | None = Field(
        default=None, description="ARRS maximum reimbursable £ a year per WTE (salary + on-costs)"
    )
    allowances: Allowances
    supervision: Supervision | None = None
    scope: str = Field(default="", description="Scope of practice in words; limits are in the skill matrix")
    funding: tuple[Payer, ...] = Field(
        default=(), description="Default payers and shares when the scenario gives none (else the site pays)"
    )
    delivers_as: str | None = Field(
        default=None, description="Role whose skill-matrix cells this role shares (an ARRS GP works as a GP)"
    )


class ConditionSpec(Frozen):
    name: str = Field(min_length=1)
    basis: str = Field(min_length=1, description="Which register or cohort, and its age basis")
    national_prevalence: ShareSourced | None = Field(
        default=None, description="Recorded prevalence in England (share of list or of the age basis)"
    )


class Delivery(Frozen):
    """One cell of the skill matrix: a role may deliver a service, at this length, up to this share.

    ``gp_slot`` cells take the care model's GP appointment length (``safe_working``), so one
    value sets every GP consultation. ``min_share`` is a floor a clinician would insist on (GP
    continuity for complex patients): at least that share of the contacts delivered are this role's.
    """

    minutes_per_contact: PositiveSourced | None = None
    gp_slot: bool = Field(default=False, description="Booked at the GP appointment length")
    max_share: ShareSourced = Field(description="Most of the service's contacts this role may take")
    min_share: ShareSourced | None = Field(
        default=None, description="Least share of the delivered contacts this role keeps"
    )

    @model_validator(mode="after")
    def _one_length(self) -> Delivery:
        if (self.minutes_per_contact is None) == (not self.gp_slot):
            raise ValueError("give minutes_per_contact or gp_slot = true (one of them)")
        if self.min_share is not None and self.min_share.value > self.max_share.value:
            raise ValueError(f"min_share {self.min_share.value:g} is above max_share {self.max_share.value:g}")
        return self


class ServiceSpec(Frozen):
    """A service line, the drivers of its demand, and who may deliver it."""

    name: str = Field(min_length=1)
    description: str = ""
    priority_weight: PositiveSourced = Field(description="Weight of an unmet hour (clinical priority)")
    minutes_per_contact: PositiveSourced = Field(description="Reference length used for demand hours")
    appointment_share: ShareSourced | None = Field(
        default=None, description="Share of the age/sex appointment rate that is this service"
    )
    per_patient_rate: NonNegSourced | None = Field(
        default=None, description="Contacts a year per registered patient, all ages"
    )
    age_rate: dict[str, NonNegSourced] = Field(
        default_factory=dict, description="Contacts a year per patient in an age band"
    )
    age_sex_rate: dict[Sex, dict[str, NonNegSourced]] = Field(
        default_factory=dict, description="Contacts a year per patient of one sex in an age band"
    )
    registers: dict[str, NonNegSourced] = Field(
        default_factory=dict, description="Contacts a year per patient on a register or cohort"
    )
    per_care_home: NonNegSourced | None = Field(
        default=None, description="Contacts a year per care home (the weekly round)"
    )
    per_care_home_admission: NonNegSourced | None = Field(
        default=None, description="Contacts per care-home admission (the assessment)"
    )
    deprivation_sensitive: bool = False
    dna_applies: bool = Field(default=True, description="Booked slots: some are not attended (DNA)")
    lead_time: LeadTime = Field(default=LeadTime.WITHIN_WEEK, description="How far ahead it is booked")
    home_visit: bool = Field(default=False, description="Contacts are home visits: add travel time")
    remote_share: ShareSourced | None = Field(
        default=None, description="Share of contacts by telephone, video or online, or away from the practice: "
                                  "no clinical room needed"
    )
    delivery: dict[str, Delivery] = Field(min_length=1)

    @property
    def room_share(self) -> float:
        """Share of contacts seen face to face at a practice, in a clinical room (none for visits)."""
        if self.home_visit:
            return 0.0
        return 1.0 - (self.remote_share.value if self.remote_share is not None else 0.0)

    @property
    def has_driver(self) -> bool:
        return bool(
            self.appointment_share is not None
            or self.per_patient_rate is not None
            or self.age_rate
            or self.age_sex_rate
            or self.registers
            or self.per_care_home is not None
            or self.per_care_home_admission is not None
        )


class Deprivation(Frozen):
    most_vs_least_uplift: NonNegSourced = Field(
        description="Extra consultations in the most deprived decile over the least deprived"
    )


class Travel(Frozen):
    minutes_per_visit: dict[Settlement, NonNegSourced] = Field(description="Round trip per home visit")
    sparse_multiplier: PositiveSourced


class SafeWorking(Frozen):
    """Limits a GP's consulting day is planned to (BMA safe-working guidance)."""

    gp_appointment_minutes: PositiveSourced = Field(description="Length of a booked GP appointment")
    gp_max_contacts_per_day: PositiveSourced = Field(description="Most patient contacts in a GP working day")


class Estate(Frozen):
    """How face-to-face work meets the practices' clinical rooms."""

    other_practice_share: ShareSourced = Field(
        description="Most of a practice's face-to-face work its patients may be seen for at another practice"
    )


class Arrs(Frozen):
    """The Additional Roles Reimbursement Scheme: the network's envelope (use it or lose it)."""

    envelope_per_weighted_patient: NonNegSourced = Field(description="£ a year per PCN weighted patient")


class IncomeBasis(StrEnum):
    """What an income stream's quantity counts when the scenario leaves it blank."""

    WEIGHTED_LIST = "weighted_list"
    REGISTERED_LIST = "registered_list"
    CARE_HOME_BEDS = "care_home_beds"
    GIVEN = "given"


class IncomeStreamSpec(Frozen):
    """A stream of the site's income: a rate per unit and what the units count."""

    name: str = Field(min_length=1)
    unit: str = Field(min_length=1, description="What one unit is, e.g. 'weighted patient'")
    basis: IncomeBasis
    rate: NonNegSourced = Field(description="£ a year per unit, for the price year")


class NotModelled(Frozen):
    """Something a reader might expect the plan to count, and why it does not."""

    item: str = Field(min_length=1)
    reason: str = Field(min_length=1)


class CareModel(Frozen):
    """One care model, validated; see ``models/pch-default.toml`` for the shipped one."""

    name: str = Field(min_length=1)
    description: str = ""
    price_year: str = Field(description="The NHS financial year its prices are for, e.g. 2026/27")
    pay_awards: dict[str, dict[PayScale, ShareSourced]] = Field(
        default_factory=dict, description="Pay award by financial year after the price year, by pay scale"
    )
    not_modelled: tuple[NotModelled, ...] = ()
    age_bands: tuple[AgeBand, ...] = Field(min_length=1)
    employment: Employment
    consultation_rate: dict[Sex, dict[str, NonNegSourced]] = Field(
        description="All-staff appointments per person-year by sex and age band"
    )
    dna_rate_by_lead_time: dict[LeadTime, FractionSourced] = Field(
        description="Share of booked appointments not attended, by booking lead time"
    )
    safe_working: SafeWorking
    estate: Estate
    access: Access | None = Field(
        default=None, description="The access contract (enhanced access, core hours); None in models written "
                                  "before it, which plan no access rules"
    )
    arrs: Arrs
    income: dict[str, IncomeStreamSpec] = Field(default_factory=dict)
    deprivation: Deprivation
    travel: Travel
    seasonality: dict[Month, PositiveSourced] | None = None
    england_fte_per_10000: dict[StaffGroup, PositiveSourced] | None = Field(
        default=None, description="England's general-practice FTE per 10,000 registered patients by staff group, "
                                  "the yardstick the board summary sets the planned team against"
    )
    roles: dict[str, RoleSpec] = Field(min_length=1)
    conditions: dict[str, ConditionSpec]
    services: dict[str, ServiceSpec] = Field(min_length=1)
    trajectory: Annotated[TrajectoryDefaults | None, AfterValidator(check_against_model)] = Field(
        default=None, description="Defaults of the multi-year trajectory (growth, leavers, lead times); None in "
                                  "models written before it. Last, so it is checked against the roles and bands"
    )

    @field_validator("price_year")
    @classmethod
    def _price_year(cls, value: str) -> str:
        return check_financial_year(value)

    @field_validator("pay_awards")
    @classmethod
    def _award_years(cls, value: dict[str, Any]) -> dict[str, Any]:
        for year in value:
            check_financial_year(year)
        return value

    @field_validator("age_bands", mode="before")
    @classmethod
    def _parse_bands(cls, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return tuple(AgeBand.parse(v) if isinstance(v, str) else v for v in value)
        return value

    @field_validator("age_bands")
    @classmethod
    def _bands_tile_ages(cls, bands: tuple[AgeBand, ...]) -> tuple[AgeBand, ...]:
        expected = 0
        for band in bands:
            if band.lower != expected:
                raise ValueError(f'band "{band}" should start at {expected} (bands must be in order, no gaps)')
            if band.lower % 5:
                raise ValueError(f'band "{band}" must start at a multiple of 5 to hold NHS Digital 5-year bands')
            if band.upper is None:
                expected = -1
                continue
            expected = band.upper + 1
        if expected != -1:
            raise ValueError(f'the last band must be open, e.g. "85+", not "{bands[-1]}"')
        if bands[-1].lower > 95:
            raise ValueError("the open band must start at 95 or below to hold NHS Digital's 95+")
        return bands

    @model_validator(mode="before")
    @classmethod
    def _derive_annual_costs(cls, data: Any) -> Any:
        """Fill in each role's annual cost from its pay and the on-costs when the model omits it."""
        if not isinstance(data, dict):
            return data
        roles, employment = data.get("roles"), data.get("employment")
        if not isinstance(roles, dict) or not isinstance(employment, dict):
            return data
        new_roles = {}
        for role_id, role in roles.items():
            if isinstance(role, dict) and "annual_cost" not in role:
                cost = derived_annual_cost(role.get("pay"), employment)
                if cost is not None:
                    role = {**role, "annual_cost": cost}
            new_roles[role_id] = role
        return {**data, "roles": new_roles}

    @model_validator(mode="after")
    def _references_resolve(self) -> CareModel:
        problems = reference_problems(self)
        if problems:
            raise ValueError("\n".join(problems))
        return self

    # --- lookups the pipeline needs -------------------------------------------------------

    def band_for(self, band: AgeBand) -> AgeBand | None:
        """The care-model band that contains a scenario band, or None if it straddles two."""
        return next((own for own in self.age_bands if own.contains(band)), None)

    def rate(self, sex: Sex, band: AgeBand) -> NonNegSourced:
        return self.consultation_rate[sex][str(band)]

    def available_hours_per_year(self, role_id: str) -> float:
        """WISN available working time: contracted days less holidays and leave, less sickness."""
        role = self.roles[role_id]
        a = role.allowances
        days = self.employment.working_days_per_year.value - a.public_holiday_days.value - a.annual_leave_days.value
        hours_per_day = role.hours_per_fte_week.value / 5
        return max(days, 0.0) * hours_per_day * (1 - a.sickness_absence_share.value)

    def clinical_hours_per_fte_week(self, role_id: str) -> float:
        """Hours a week one FTE spends on patient contacts, averaged over the year (WISN)."""
        a = self.roles[role_id].allowances
        clinical_share = max(0.0, 1 - a.cpd_share.value - a.admin_share.value)
        return self.available_hours_per_year(role_id) * clinical_share / self.employment.weeks_per_year.value

    def category_allowance_factor(self, role_id: str) -> float:
        """WISN CAF = 1 / (1 - share of time on support activities)."""
        return 1 / (1 - self.roles[role_id].allowances.admin_share.value)

    def roles_for(self, service_id: str) -> dict[str, Delivery]:
        return dict(self.services[service_id].delivery)

    def dna_rate(self, service: ServiceSpec) -> float:
        """Share of a service's booked appointments not attended (0 when it is not booked slots)."""
        return self.dna_rate_by_lead_time[service.lead_time].value if service.dna_applies else 0.0

    def delivery_minutes(self, cell: Delivery) -> PositiveSourced:
        """Minutes per contact of a skill-matrix cell (the GP appointment length for ``gp_slot`` cells)."""
        return self.safe_working.gp_appointment_minutes if cell.gp_slot else cell.minutes_per_contact

    def deliverers(self, service_id: str, role_id: str) -> str | None:
        """The skill-matrix column a role works in: its own, or the role it delivers as (None if neither)."""
        cells = self.services[service_id].delivery
        if role_id in cells:
            return role_id
        own = self.roles[role_id].delivers_as if role_id in self.roles else None
        return own if own in cells else None

    def clinical_hours_per_worked_session(self, role_id: str) -> float:
        """Patient-contact hours in one session a person works: the session less its CPD and admin share.

        A clinician in a room holds it for the whole session, so a role's room-sessions are its
        face-to-face hours over this (not over the year-averaged hours, which count leave too).
        """
        role = self.roles[role_id]
        a = role.allowances
        session = role.hours_per_fte_week.value / role.sessions_per_fte.value
        return session * max(0.0, 1 - a.cpd_share.value - a.admin_share.value)

    def days_worked_per_fte_year(self, role_id: str) -> float:
        """Working days one FTE is at work in a year, after holidays, leave and sickness (WISN)."""
        role = self.roles[role_id]
        return self.available_hours_per_year(role_id) / (role.hours_per_fte_week.value / 5)


def derived_annual_cost(pay: Any, employment: dict[str, Any]) -> dict[str, Any] | None:
    """Salary + employer NI above the threshold + employer pension, with the sum in the source text."""
    try:
        salary = float(pay["salary"]["value"])
        ni_rate = float(employment["employer_ni_rate"]["value"])
        threshold = float(employment["ni_secondary_threshold"]["value"])
        own_pension = pay.get("employer_pension_rate")
        pension_rate = float((own_pension or employment["employer_pension_rate"])["value"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    ni = max(0.0, salary - threshold) * ni_rate
    pension = salary * pension_rate
    total = round(salary + ni + pension, 2)
    source = (
        f"derived: salary £{salary:,.0f} + employer NI £{ni:,.0f} ({ni_rate:.2%} above £{threshold:,.0f})"
        f" + employer pension £{pension:,.0f} ({pension_rate:.2%}) = £{total:,.0f}; inputs sourced under"
        " pay and employment"
    )
    return {"value": total, "source": source}


def reference_problems(model: CareModel) -> list[str]:
    """Every id that points nowhere, each named by its key path."""
    problems: list[str] = []
    band_names = [str(b) for b in model.age_bands]
    for sex in Sex:
        rates = model.consultation_rate.get(sex)
        if rates is None:
            problems.append(f"consultation_rate.{sex.value}: missing (need a rate for every age band)")
            continue
        problems += [f"consultation_rate.{sex.value}.{b}: missing" for b in band_names if b not in rates]
        problems += [
            f"consultation_rate.{sex.value}.{key}: not an age band of this model; bands: {', '.join(band_names)}"
            for key in rates
            if key not in band_names
        ]
    for settlement in Settlement:
        if settlement not in model.travel.minutes_per_visit:
            problems.append(f"travel.minutes_per_visit.{settlement.value}: missing")
    role_ids = ", ".join(model.roles)
    problems += [f"dna_rate_by_lead_time.{lead.value}: missing" for lead in LeadTime
                 if lead not in model.dna_rate_by_lead_time]
    for role_id, role in model.roles.items():
        if role.delivers_as is not None and (role.delivers_as not in model.roles or role.delivers_as == role_id):
            problems.append(f'roles.{role_id}.delivers_as: "{role.delivers_as}" is not another role; known: {role_ids}')
        if role.funding and abs(sum(p.share.value for p in role.funding) - 1) > 1e-6:
            problems.append(f"roles.{role_id}.funding: shares add up to "
                            f"{sum(p.share.value for p in role.funding):g}, not 1")
        if role.supervision:
            problems += [
                f"roles.{role_id}.supervision.by: unknown role \"{who}\"; known roles: {role_ids}"
                for who in role.supervision.by
                if who not in model.roles
            ]
            if role_id in role.supervision.by:
                problems.append(f"roles.{role_id}.supervision.by: a role cannot supervise itself")
    if model.access is not None:
        problems += model.access.problems(list(model.roles))
    for service_id, service in model.services.items():
        path = f"services.{service_id}"
        if not service.has_driver:
            problems.append(f"{path}: no demand driver (appointment_share, per_patient_rate, age_rate or registers)")
        problems += [
            f"{path}.age_rate.{key}: not an age band of this model; bands: {', '.join(band_names)}"
            for key in service.age_rate
            if key not in band_names
        ]
        problems += [
            f"{path}.age_sex_rate.{sex.value}.{key}: not an age band of this model; bands: {', '.join(band_names)}"
            for sex, rates in service.age_sex_rate.items()
            for key in rates
            if key not in band_names
        ]
        problems += [
            f"{path}.registers.{key}: unknown condition; known: {', '.join(model.conditions)}"
            for key in service.registers
            if key not in model.conditions
        ]
        problems += [
            f"{path}.delivery.{key}: unknown role; known roles: {role_ids}"
            for key in service.delivery
            if key not in model.roles
        ]
        total_share = sum(d.max_share.value for d in service.delivery.values())
        if total_share < 1 - 1e-9:
            problems.append(
                f"{path}.delivery: max_share adds up to {total_share:.2f}; the roles allowed must be able to"
                " cover the whole service (>= 1)"
            )
    shares = sum(s.appointment_share.value for s in model.services.values() if s.appointment_share)
    if shares > 1 + 1e-9:
        problems.append(f"services: appointment_share adds up to {shares:.3f}, more than all appointments (1)")
    return problems

"""The typed Scenario: one site's planning inputs, validated once at the edge.

Past the workbook reader, code trusts these types. Field descriptions double as template
header comments, so the schema is written once (see ``scenario.schema``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from pch_workforce.vocabulary import (
    AgeBand,
    Frozen,
    NonNegFloat,
    NonNegInt,
    Rurality,
    Sex,
    check_financial_year,
)


class Employer(StrEnum):
    """Who employs a role: a PCH team is drawn from several organisations."""

    PRACTICE = "practice"
    PCN = "pcn"
    COMMUNITY_TRUST = "community_trust"
    MENTAL_HEALTH_TRUST = "mental_health_trust"
    ACUTE_TRUST = "acute_trust"
    LOCAL_AUTHORITY = "local_authority"
    VOLUNTARY_SECTOR = "voluntary_sector"


class Weekday(StrEnum):
    MON = "Mon"
    TUE = "Tue"
    WED = "Wed"
    THU = "Thu"
    FRI = "Fri"
    SAT = "Sat"

    @property
    def index(self) -> int:
        """Monday = 0, as in ``date.weekday()``."""
        return list(Weekday).index(self)


class Session(StrEnum):
    """The PCH working day: morning, afternoon and extended-access evening; Saturday is its own."""

    AM = "AM"
    PM = "PM"
    EVENING = "EVE"


MINUTES_PER_DAY = 24 * 60
# The unit of "Contracted sessions": the BMA model contract's session, 9 in a 37.5-hour week.
CONTRACT_SESSION_MINUTES = 250


def clock(minute: int) -> str:
    """Minutes after midnight as a 24-hour clock time, 08:00."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


class SessionTime(Frozen):
    """The clock times of one session type on weekdays or on Saturday: the rota's sessions become hours."""

    session: Session
    saturday: bool = Field(description="Saturday's session, else the Monday-Friday one")
    start_minute: int = Field(ge=0, lt=MINUTES_PER_DAY, description="Start, minutes after midnight")
    end_minute: int = Field(ge=0, lt=MINUTES_PER_DAY, description="End, minutes after midnight")

    @model_validator(mode="after")
    def _ends_after_start(self) -> SessionTime:
        if self.end_minute < self.start_minute:
            raise ValueError(f"ends {clock(self.end_minute)}, before it starts at {clock(self.start_minute)}")
        if self.end_minute == self.start_minute:
            raise ValueError(f"ends {clock(self.end_minute)}, the time it starts: give a later end")
        return self

    @property
    def key(self) -> tuple[Session, bool]:
        return (self.session, self.saturday)

    @property
    def day(self) -> str:
        """How the Sessions sheet names the day: Weekday or Saturday."""
        return "Saturday" if self.saturday else "Weekday"

    @property
    def minutes(self) -> int:
        return self.end_minute - self.start_minute

    @property
    def label(self) -> str:
        return f"{clock(self.start_minute)}–{clock(self.end_minute)}"


def _session_time(session: Session, saturday: bool, start: str, end: str) -> SessionTime:
    def minute(text: str) -> int:
        hours, minutes = text.split(":")
        return int(hours) * 60 + int(minutes)

    return SessionTime(session=session, saturday=saturday, start_minute=minute(start), end_minute=minute(end))


# Weekday AM + PM = core hours, 08:00-18:30 Monday to Friday: NHS (GMS Contracts) Regulations 2015
# (SI 2015/1862) reg. 3, as quoted by Essex, Doncaster and Lincolnshire LMCs; the same definition read in
# the PMS Agreements Regulations 2015 (SI 2015/1879) reg. 3A. Weekday EVE and Saturday AM + PM = the Network
# Standard Hours of the Network Contract DES enhanced access from 1 October 2022, 18:30-20:00 Monday to
# Friday and 09:00-17:00 Saturday (GPonline, 1 Apr 2022; Doncaster LMC, "Enhanced access"). Where AM ends
# and PM starts (13:00) is a judgement call: no national source gives it. Saturday EVE has no default.
# Sources: docs/estate-access/sources.md, sections 2-4.
DEFAULT_SESSION_TIMES: tuple[SessionTime, ...] = (
    _session_time(Session.AM, False, "08:00", "13:00"),
    _session_time(Session.PM, False, "13:00", "18:30"),
    _session_time(Session.EVENING, False, "18:30", "20:00"),
    _session_time(Session.AM, True, "09:00", "13:00"),
    _session_time(Session.PM, True, "13:00", "17:00"),
)


def _session_order(time: SessionTime) -> tuple[bool, int]:
    return (time.saturday, list(Session).index(time.session))


PLAN_START_YEARS = (2000, 2099)
POPULATION_GROWTH_RANGE = (-0.1, 0.1)  # share of the list a year
INCOME_UPLIFT_RANGE = (-0.1, 0.2)  # share of the income a year

# Age bands of a person in post, as NHS Digital's workforce statistics group them near retirement.
STAFF_AGE_BANDS = ("under 35", "35-44", "45-54", "55-59", "60+")
PRACTICE_CODE_MAX = 12  # characters: the code labels every rota cell


class Site(Frozen):
    name: str = Field(min_length=1, description="Name of the Primary Care Home site")
    care_model: str = Field(
        min_length=1, description="Care model to plan with: a name in models/ or a path to a .toml"
    )
    plan_start: dt.date = Field(description="First day of the plan; must be a Monday")
    rota_weeks: int = Field(ge=1, le=52, description="Weeks the rota covers")
    capitated_budget_per_year: float | None = Field(
        default=None, gt=0,
        description="Capitated budget (£ per year); leave blank when the Income sheet builds it from its streams",
    )
    workforce_share: float = Field(
        gt=0, le=1, description="Share of the capitated budget available for the workforce (0-1)"
    )
    max_patients_per_gp_fte: int | None = Field(
        default=None, gt=0, description="Continuity limit: registered patients per GP FTE"
    )
    allow_redundancies: bool = Field(
        default=False, description="May the plan go below existing FTE of a role?"
    )
    weighted_list: float | None = Field(
        default=None, ge=0,
        description="PCN contractor weighted list (patients): the basis of the ARRS envelope and the global "
                    "sum; blank = the registered list",
    )
    population_growth: float | None = Field(
        default=None, ge=POPULATION_GROWTH_RANGE[0], le=POPULATION_GROWTH_RANGE[1],
        description="Growth of the registered list a year, as a share (0.01 = 1%), for the multi-year "
                    "trajectory; blank = the care model's default",
    )
    income_uplift: float | None = Field(
        default=None, ge=INCOME_UPLIFT_RANGE[0], le=INCOME_UPLIFT_RANGE[1],
        description="Uplift of the site's income a year, as a share (0.02 = 2%), for the multi-year trajectory; "
                    "blank = the care model's default",
    )

    @field_validator("plan_start")
    @classmethod
    def _starts_on_monday(cls, value: dt.date) -> dt.date:
        if value.weekday() != 0:
            raise ValueError(f"plan start must be a Monday, got {value:%A} {value.isoformat()}")
        if not PLAN_START_YEARS[0] <= value.year <= PLAN_START_YEARS[1]:
            # A typo (1027, 9999) is not a plan, and the rota's dates would run off the calendar.
            raise ValueError(f"plan start must be in the years {PLAN_START_YEARS[0]}–{PLAN_START_YEARS[1]}, "
                             f"got {value.isoformat()}")
        return value



class OpeningSlot(Frozen):
    """One weekday session a practice is open for patients."""

    weekday: Weekday
    session: Session


class Practice(Frozen):
    code: str = Field(min_length=1, max_length=PRACTICE_CODE_MAX, description="Short practice code, e.g. P1")
    name: str = Field(min_length=1)
    list_size: NonNegInt = Field(description="Registered patients (must match the Population sheet)")
    rurality: Rurality
    deprivation_decile: int = Field(ge=1, le=10, description="IMD decile, 1 = most deprived")
    clinical_rooms: NonNegInt
    opening: tuple[OpeningSlot, ...] = Field(description="Sessions the practice is open")
    is_hub: bool = Field(description="Hub practice: hosts the MDT meeting and shared clinics")
    travel_minutes_to_hub: NonNegInt

    def is_open(self, weekday: Weekday, session: Session) -> bool:
        return OpeningSlot(weekday=weekday, session=session) in self.opening


class PopulationCount(Frozen):
    practice: str
    sex: Sex
    age_band: AgeBand
    patients: NonNegInt


class RegisterCount(Frozen):
    """Patients on a long-term-condition register (QOF or local) at one practice."""

    practice: str
    condition: str
    patients: NonNegInt


class PayPoint(StrEnum):
    """Where on its pay band or range a role is costed: entry, the middle point, or the top."""

    BOTTOM = "bottom"
    MIDDLE = "middle"
    TOP = "top"


SITE_PAYER = "site"
SHARE_TOLERANCE = 1e-6


class FundingShare(Frozen):
    """One payer's share of a role's pay and on-costs; the payer ``site`` is the capitated budget."""

    payer: str = Field(min_length=1, pattern=r"\S", description="Who pays: site, or the organisation's name")
    share: float = Field(gt=0, le=1, description="Share of the cost, above 0 and at most 1")

    @field_validator("payer")
    @classmethod
    def _tidy(cls, value: str) -> str:
        value = " ".join(value.split())
        return SITE_PAYER if value.lower() == SITE_PAYER else value

    @property
    def is_site(self) -> bool:
        return self.payer == SITE_PAYER


def funding_problem(funding: tuple[FundingShare, ...]) -> str | None:
    """Why a list of payers cannot fund a role (shares must add to 1, each payer once), or None."""
    if not funding:
        return None
    names = [f.payer.lower() for f in funding]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        return f"payer {repeated[0]!r} is listed twice; give each payer once"
    total = sum(f.share for f in funding)
    if abs(total - 1) > SHARE_TOLERANCE:
        return f"the shares add up to {total:g}, not 1"
    return None


class RolePlan(Frozen):
    """A role the site has or may recruit, with the local facts the care model cannot know."""

    role: str = Field(description="Role id from the care model")
    existing_fte: NonNegFloat
    max_fte: NonNegFloat = Field(description="Most FTE the local labour market can supply")
    annual_cost_override: NonNegFloat | None = Field(
        default=None, description="Cost per FTE (£ per year, with on-costs) if not the care model's"
    )
    arrs_eligible: bool
    employer: Employer
    pay_point: PayPoint = Field(default=PayPoint.MIDDLE, description="bottom, middle or top of the pay band")
    arrs_baseline_fte: NonNegFloat = Field(
        default=0.0, description="FTE in the ARRS baseline: staff the site had before, whom ARRS cannot reimburse"
    )
    funding: tuple[FundingShare, ...] = Field(
        default=(), description="Payers and shares; empty = the care model's default for the role, else the site"
    )

    @model_validator(mode="after")
    def _supply_covers_existing(self) -> RolePlan:
        if self.max_fte < self.existing_fte:
            raise ValueError(
                f"most FTE recruitable ({self.max_fte:g}) is below existing FTE ({self.existing_fte:g})"
            )
        problem = funding_problem(self.funding)
        if problem:
            raise ValueError(f"funding: {problem}")
        return self


class LeavePeriod(Frozen):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> LeavePeriod:
        if self.end < self.start:
            raise ValueError(f"leave ends ({self.end}) before it starts ({self.start})")
        return self

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(d) for d in range((self.end - self.start).days + 1)]


class StaffMember(Frozen):
    staff_id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    role: str
    home_practice: str
    sessions_per_week: int = Field(ge=0, le=11, description="Contracted sessions a week (0-11)")
    works_evenings: bool
    works_saturdays: bool
    leave: tuple[LeavePeriod, ...] = ()
    unavailable: tuple[OpeningSlot, ...] = Field(
        default=(), description="Weekday sessions this person never works (e.g. Wed PM)"
    )
    preferred_off: tuple[OpeningSlot, ...] = Field(
        default=(), description="Weekday sessions this person would rather not work (soft)"
    )
    age_band: str | None = Field(
        default=None, description=f"Age band ({', '.join(STAFF_AGE_BANDS)}): who is near retirement"
    )
    leaving_year: str | None = Field(
        default=None, description="Financial year this person is expected to leave or retire, e.g. 2028/29"
    )

    @field_validator("age_band")
    @classmethod
    def _known_age_band(cls, value: str | None) -> str | None:
        if value is not None and value not in STAFF_AGE_BANDS:
            raise ValueError(f"age band must be one of {', '.join(STAFF_AGE_BANDS)}; got \"{value}\"")
        return value

    @field_validator("leaving_year")
    @classmethod
    def _a_financial_year(cls, value: str | None) -> str | None:
        return None if value is None else check_financial_year(value)


class TrajectoryRole(Frozen):
    """How one role's staff move over the multi-year trajectory; a blank value is the care model's default."""

    role: str = Field(min_length=1, description="A role from the Roles sheet")
    leaver_rate: float | None = Field(default=None, ge=0, le=1, description="Share of the role's FTE leaving a year")
    lead_months: float | None = Field(default=None, ge=0, description="Months from deciding to hire to the "
                                                                      "person starting")
    max_hires_per_year: float | None = Field(default=None, ge=0, description="Most FTE the site can hire a year")
    fill_share: float | None = Field(default=None, gt=0, le=1, description="Share of the FTE set out to recruit "
                                                                          "that is in post after the lead time")


class PipelineEntry(Frozen):
    """Trainees who join the team when they qualify, e.g. a GP registrar at a training practice."""

    role: str = Field(min_length=1, description="The role they join as: a role from the Roles sheet")
    qualifying_year: str = Field(description="Financial year they qualify and join, e.g. 2028/29")
    fte: float = Field(gt=0, description="FTE they join at")
    description: str | None = Field(default=None, description="Who they are, e.g. GP registrar at Harbour Surgery")

    @field_validator("qualifying_year")
    @classmethod
    def _a_financial_year(cls, value: str) -> str:
        return check_financial_year(value)


class CoverRule(Frozen):
    """At least ``minimum`` of a role at a practice in one weekday session."""

    practice: str
    role: str
    weekday: Weekday
    session: Session
    minimum: NonNegInt


class CareHome(Frozen):
    """A care home aligned to the site (Enhanced Health in Care Homes): its beds, admissions and practice."""

    name: str = Field(min_length=1)
    practice: str = Field(description="Practice code of the aligned practice")
    beds: NonNegInt
    admissions_per_year: NonNegFloat = Field(description="New and returning residents a year (each needs an assessment)")


class IncomeStream(Frozen):
    """One stream of the site's income; blank quantity or rate take the care model's basis and rate."""

    stream: str = Field(min_length=1, description="An income stream id from the care model, or a local name")
    quantity: NonNegFloat | None = Field(default=None, description="Units a year (patients, beds, points)")
    rate: NonNegFloat | None = Field(default=None, description="£ per unit a year")
    source: str | None = Field(default=None, description="Where the figure comes from, or why")


class RotaRule(Frozen):
    """A named rota rule setting (a limit or a soft-rule weight) that overrides the default."""

    rule: str
    value: float


class Override(Frozen):
    """A care-model value replaced for this site, with the reason or source."""

    path: str = Field(description="Dotted path into the care model, e.g. roles.gp.annual_cost")
    value: float | str | bool
    source: str = Field(min_length=1, description="Why this site differs, or where the figure is from")


class Scenario(Frozen):
    """Everything one site plan needs, after validation."""

    site: Site
    practices: tuple[Practice, ...]
    population: tuple[PopulationCount, ...]
    registers: tuple[RegisterCount, ...]
    roles: tuple[RolePlan, ...]
    staff: tuple[StaffMember, ...]
    cover_rules: tuple[CoverRule, ...]
    rota_rules: tuple[RotaRule, ...] = ()
    overrides: tuple[Override, ...] = ()
    care_homes: tuple[CareHome, ...] = ()
    income: tuple[IncomeStream, ...] = ()
    session_times: tuple[SessionTime, ...] = Field(
        default=DEFAULT_SESSION_TIMES,
        description="Clock times of each session type; a (session, day) not given keeps its default",
    )
    trajectory_roles: tuple[TrajectoryRole, ...] = Field(
        default=(), description="Leaver rates, lead times and hiring limits by role for the multi-year trajectory"
    )
    pipeline: tuple[PipelineEntry, ...] = Field(default=(), description="Trainees qualifying into roles, by year")

    @field_validator("session_times")
    @classmethod
    def _over_defaults(cls, value: tuple[SessionTime, ...]) -> tuple[SessionTime, ...]:
        """Every (session, day) with a time, the given over the defaults, in one order: a scenario that
        restates a default equals one that leaves it out, so a written workbook reads back the same."""
        keys = [time.key for time in value]
        repeated = next((key for key in keys if keys.count(key) > 1), None)
        if repeated:
            raise ValueError(f"session times give {repeated[0]} on {'Saturday' if repeated[1] else 'weekdays'} twice")
        merged = {time.key: time for time in DEFAULT_SESSION_TIMES} | {time.key: time for time in value}
        return tuple(sorted(merged.values(), key=_session_order))

    @model_validator(mode="after")
    def _open_sessions_have_times(self) -> Scenario:
        """A session a practice opens needs clock times, or its hours are unknown (only Saturday EVE has
        no default, and the Practices sheet cannot open it: this guards scenarios built in code)."""
        timed = {time.key for time in self.session_times}
        for practice in self.practices:
            for slot in practice.opening:
                saturday = slot.weekday is Weekday.SAT
                if (slot.session, saturday) not in timed:
                    day = "Saturday" if saturday else "Weekday"
                    raise ValueError(f"{practice.code} opens on {slot.weekday} {slot.session}, which has no clock "
                                     f"times: give them on the Sessions sheet ({slot.session}, {day})")
        return self

    @model_validator(mode="after")
    def _one_budget(self) -> Scenario:
        if self.income and self.site.capitated_budget_per_year is not None:
            raise ValueError("give the capitated budget either on the Site sheet or as Income streams, not both")
        if not self.income and self.site.capitated_budget_per_year is None:
            raise ValueError("no capitated budget: fill in the Site sheet's budget or the Income sheet")
        return self

    @property
    def total_population(self) -> int:
        return sum(row.patients for row in self.population)

    def practice(self, code: str) -> Practice:
        for practice in self.practices:
            if practice.code == code:
                return practice
        raise KeyError(code)

    def role_plan(self, role: str) -> RolePlan | None:
        return next((plan for plan in self.roles if plan.role == role), None)

    def trajectory_role(self, role: str) -> TrajectoryRole | None:
        """The Trajectory sheet's row for a role; None when the role keeps the care model's defaults."""
        return next((row for row in self.trajectory_roles if row.role == role), None)

    def session_time(self, session: Session, saturday: bool) -> SessionTime:
        """The clock times of a session type on weekdays or Saturday; KeyError when none is given
        (only Saturday EVE can lack one, and no practice is then open in it: validation refuses that)."""
        for time in self.session_times:
            if time.key == (session, saturday):
                return time
        raise KeyError((session, saturday))

    def rota_rule_values(self) -> dict[str, float]:
        return {rule.rule: rule.value for rule in self.rota_rules}

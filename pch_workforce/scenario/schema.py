"""The scenario workbook's layout, written once: the reader parses it, the template writer draws it.

Every sheet has a title in row 1, a one-line description in row 2, headers in row 3 and data
from row 4. A row whose first cell starts with "e.g." is an example and is never read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from pch_workforce.scenario import cells
from pch_workforce.scenario.model import (
    DEFAULT_SESSION_TIMES,
    INCOME_UPLIFT_RANGE,
    POPULATION_GROWTH_RANGE,
    PRACTICE_CODE_MAX,
    STAFF_AGE_BANDS,
    CareHome,
    CoverRule,
    Employer,
    IncomeStream,
    LeavePeriod,
    OpeningSlot,
    Override,
    PayPoint,
    PipelineEntry,
    PopulationCount,
    Practice,
    RegisterCount,
    RolePlan,
    RotaRule,
    Rurality,
    Session,
    SessionTime,
    Sex,
    StaffMember,
    TrajectoryRole,
    Weekday,
)

TITLE_ROW = 1
DESCRIPTION_ROW = 2
HEADER_ROW = 3
FIRST_DATA_ROW = 4
EXAMPLE_MARK = "e.g."
MAX_DATA_ROWS = 20_000

YES_NO = ("yes", "no")
SESSIONS = tuple(s.value for s in Session)
WEEKDAYS = tuple(d.value for d in Weekday)
SEXES = tuple(s.value for s in Sex)
RURALITY = tuple(r.value for r in Rurality)
EMPLOYERS = tuple(e.value for e in Employer)
PAY_POINTS = tuple(p.value for p in PayPoint)
SESSION_DAYS = ("Weekday", "Saturday")


@dataclass(frozen=True)
class Column:
    """One column of a data sheet: its header (with units), the field it fills and how to read it."""

    header: str
    field: str
    parse: cells.CellParser
    description: str
    required: bool = True
    choices: str | None = None  # a drop-down list name, resolved by the template writer
    width: int = 16
    other_values_allowed: bool = False  # the drop-down suggests; a value not in it is still read
    # (the header this column took the place of, how to move its values): explains an older workbook
    replaces: tuple[str, str] | None = None
    as_text: bool = False  # the template formats the column as Text, so Excel keeps "2028/29" as typed
    # a column added after workbooks were in use: a workbook whose header row stops before it reads it as blank
    may_be_missing: bool = False


@dataclass(frozen=True)
class SheetSpec:
    """A table sheet: one row per item, built into one model per row."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    build: Callable[[dict[str, Any]], BaseModel]
    examples: tuple[tuple[Any, ...], ...] = ()
    # rows a new template starts with as real data (not "e.g."), so a new workbook states its values
    defaults: tuple[tuple[Any, ...], ...] = ()
    model_error_field: str | None = None  # where a whole-row rule's error is shown
    field_columns: dict[str, str] = field(default_factory=dict)  # model field -> column field

    def column_of(self, field_name: str) -> int:
        """1-based column index of a model field, for placing errors."""
        source = self.field_columns.get(field_name, field_name)
        for index, column in enumerate(self.columns, start=1):
            if column.field == source:
                return index
        return 1


@dataclass(frozen=True)
class Setting:
    """One row of the key/value Site sheet."""

    label: str
    field: str
    parse: cells.CellParser
    description: str
    required: bool = True
    choices: str | None = None
    example: Any = None


SITE_SHEET = "Site"
SITE_TITLE = "Site: the Primary Care Home and its plan"
SITE_DESCRIPTION = "One value per setting in column B. Settings are found by their label in column A."
BUDGET_FIELD = "capitated_budget_per_year"
SITE_SETTINGS: tuple[Setting, ...] = (
    Setting("Site name", "name", cells.text, "Name of the Primary Care Home site", example="Example Coast PCH"),
    Setting("Care model", "care_model", cells.text,
            "Care model to plan with: a name in models/ (pch-default) or a path to a .toml file",
            example="pch-default"),
    Setting("Plan start (a Monday)", "plan_start", cells.date, "First day of the plan (YYYY-MM-DD), a Monday",
            example="2027-01-04"),
    Setting("Rota weeks", "rota_weeks", cells.whole_number(1, 52, "rota weeks"), "Weeks the rota covers (1-52)",
            example=4),
    Setting("Capitated budget (£ per year)", BUDGET_FIELD,
            cells.decimal(0, None, "the capitated budget", lower_open=True),
            "The site's whole capitated budget, £ per year; leave blank when the Income sheet lists the "
            "streams that make it up (give one or the other, not both)", required=False, example=9_500_000),
    Setting("Workforce share of budget (0-1)", "workforce_share",
            cells.decimal(0, 1, "the workforce share", lower_open=True),
            "Share of the budget that pays for the team, e.g. 0.7 for 70%", example=0.7),
    Setting("Weighted list (patients)", "weighted_list", cells.decimal(0, None, "the weighted list"),
            "PCN contractor weighted list: the basis of the ARRS envelope and of the global sum; "
            "leave blank to use the registered list", required=False, example=41_250),
    Setting("Most patients per GP FTE", "max_patients_per_gp_fte",
            cells.whole_number(1, None, "patients per GP FTE"),
            "Continuity limit for the mix; leave blank for none", required=False, example=2000),
    Setting("Allow redundancies (yes/no)", "allow_redundancies", cells.yes_no,
            "May the plan go below the existing FTE of a role?", required=False, choices="yes_no", example="no"),
    Setting("Population growth a year (share)", "population_growth",
            cells.decimal(*POPULATION_GROWTH_RANGE, "population growth"),
            "Multi-year trajectory: growth of the registered list a year, e.g. 0.01 for 1% (a fall is negative); "
            "blank = the care model's default", required=False, example=0.01),
    Setting("Income uplift a year (share)", "income_uplift", cells.decimal(*INCOME_UPLIFT_RANGE, "income uplift"),
            "Multi-year trajectory: uplift of the site's income a year, e.g. 0.02 for 2%; blank = the care "
            "model's default", required=False, example=0.02),
)


def _practice(values: dict[str, Any]) -> Practice:
    days = values["open_days"]
    opening = [OpeningSlot(weekday=d, session=s) for d in days for s in (Session.AM, Session.PM)]
    opening += [OpeningSlot(weekday=d, session=Session.EVENING) for d in values.get("evening_days") or ()]
    if values.get("saturday_am"):
        opening.append(OpeningSlot(weekday=Weekday.SAT, session=Session.AM))
    return Practice(
        code=values["code"], name=values["name"], list_size=values["list_size"],
        rurality=values["rurality"], deprivation_decile=values["deprivation_decile"],
        clinical_rooms=values["clinical_rooms"], opening=tuple(opening), is_hub=values["is_hub"],
        travel_minutes_to_hub=values["travel_minutes_to_hub"],
    )


def _staff(values: dict[str, Any]) -> StaffMember:
    leave = tuple(LeavePeriod(start=s, end=e) for s, e in values.get("leave") or ())
    return StaffMember(
        staff_id=values["staff_id"], name=values["name"], role=values["role"],
        home_practice=values["home_practice"], sessions_per_week=values["sessions_per_week"],
        works_evenings=values["works_evenings"], works_saturdays=values["works_saturdays"],
        leave=leave, unavailable=values.get("unavailable") or (), preferred_off=values.get("preferred_off") or (),
        age_band=values.get("age_band"), leaving_year=values.get("leaving_year"),
    )


def _drop_blank(model: type[BaseModel]) -> Callable[[dict[str, Any]], BaseModel]:
    """Build a model, letting blank optional cells fall back to the model's default."""

    def build(values: dict[str, Any]) -> BaseModel:
        return model(**{key: value for key, value in values.items() if value is not None})

    return build


PRACTICES = SheetSpec(
    name="Practices",
    title="Practices: the member practices of the site",
    description="One row per practice. The list size must equal the practice's total on the Population sheet.",
    columns=(
        Column("Practice code", "code", cells.short_text(PRACTICE_CODE_MAX, "practice code"),
               "Short unique code used on every other sheet, e.g. P1", width=12),
        Column("Practice name", "name", cells.text, "Name of the practice", width=28),
        Column("List size (patients)", "list_size", cells.whole_number(0, None, "list size"),
               "Registered patients on the practice list"),
        Column("Rurality", "rurality", cells.one_of(RURALITY, "rurality"),
               "ONS Rural-Urban Classification of the practice's area; '_sparse' = sparse setting",
               choices="rurality"),
        Column("Deprivation decile (1 = most deprived)", "deprivation_decile",
               cells.whole_number(1, 10, "deprivation decile"), "IMD decile of the practice population, 1-10"),
        Column("Clinical rooms", "clinical_rooms", cells.whole_number(0, None, "clinical rooms"),
               "Consulting and treatment rooms available each session"),
        Column("Open AM and PM on", "open_days", cells.weekdays, "Weekdays open mornings and afternoons, e.g. Mon-Fri"),
        Column("Evening sessions on", "evening_days", cells.weekdays,
               "Weekdays with an extended-access evening session, e.g. Tue, Thu; blank for none", required=False),
        Column("Saturday morning (yes/no)", "saturday_am", cells.yes_no, "Open on Saturday morning?",
               required=False, choices="yes_no"),
        Column("Hub (yes/no)", "is_hub", cells.yes_no, "Hub practice: hosts the MDT meeting", choices="yes_no"),
        Column("Travel to hub (minutes)", "travel_minutes_to_hub", cells.whole_number(0, 600, "travel minutes"),
               "Typical one-way travel time to the hub practice"),
    ),
    build=_practice,
    examples=(("e.g. P1", "Harbour Surgery", 8200, "town_sparse", 3, 6, "Mon-Fri", "Tue, Thu", "yes", "yes", 0),),
    field_columns={"opening": "open_days"},
)

def _saturday(value: Any) -> bool:
    """The Day column: Saturday or Weekday (Monday to Friday)."""
    return cells.one_of(SESSION_DAYS, "day")(value) == "Saturday"


def session_time_row(time: SessionTime) -> tuple[Any, ...]:
    """A session's times as the Sessions sheet holds them: Excel time cells, so Excel shows 08:00."""

    def clock(minute: int) -> dt.time:
        return dt.time(minute // 60, minute % 60)

    return (time.session.value, time.day, clock(time.start_minute), clock(time.end_minute))


SESSIONS_SHEET = SheetSpec(
    name="Sessions",
    title="Sessions: the clock times of each session",
    description="One row per session and day. A session not listed keeps its default time (shown in a new "
                "template); Saturday EVE has none.",
    columns=(
        Column("Session", "session", cells.one_of(SESSIONS, "session"), "AM, PM or EVE", choices="sessions",
               width=10),
        Column("Day", "saturday", _saturday, "Weekday (Monday to Friday) or Saturday", choices="session_days",
               width=12),
        Column("Starts (hh:mm)", "start_minute", cells.clock_time, "When the session starts, e.g. 08:00"),
        Column("Ends (hh:mm)", "end_minute", cells.clock_time, "When the session ends, after it starts, e.g. 13:00"),
    ),
    build=_drop_blank(SessionTime),
    defaults=tuple(session_time_row(time) for time in DEFAULT_SESSION_TIMES),
    model_error_field="end_minute",
)

POPULATION = SheetSpec(
    name="Population",
    title="Population: registered patients by practice, sex and age band",
    description="One row per practice, sex and age band (as in NHS Digital's 'Patients registered at a GP practice').",
    columns=(
        Column("Practice code", "practice", cells.text, "A code from the Practices sheet", choices="practices"),
        Column("Sex", "sex", cells.one_of(SEXES, "sex"), "female or male", choices="sex", width=10),
        Column("Age band (years)", "age_band", cells.age_band, "e.g. 0-4, 5-9, ..., 95+ (type as text)", width=12),
        Column("Patients", "patients", cells.whole_number(0, None, "patients"), "Registered patients in this group"),
    ),
    build=_drop_blank(PopulationCount),
    examples=(("e.g. P1", "female", "0-4", 180),),
)

REGISTERS = SheetSpec(
    name="Registers",
    title="Registers: patients on long-term-condition registers",
    description="One row per practice and condition, from the practice's QOF or local registers.",
    columns=(
        Column("Practice code", "practice", cells.text, "A code from the Practices sheet", choices="practices"),
        Column("Condition", "condition", cells.text, "A condition or cohort id from the care model",
               choices="conditions", width=24),
        Column("Patients", "patients", cells.whole_number(0, None, "patients"), "Patients on the register"),
    ),
    build=_drop_blank(RegisterCount),
    examples=(("e.g. P1", "diabetes", 610),),
)

ROLES = SheetSpec(
    name="Roles",
    title="Roles: the team the site has and may recruit",
    description="One row per role the site may use. Roles not listed are not planned.",
    columns=(
        Column("Role", "role", cells.text, "A role id from the care model", choices="roles", width=28),
        Column("Existing FTE", "existing_fte", cells.decimal(0, None, "existing FTE"),
               "Whole-time equivalents in post now"),
        Column("Most FTE recruitable", "max_fte", cells.decimal(0, None, "most FTE"),
               "Most FTE the local labour market can supply, including those in post"),
        Column("Cost per FTE override (£ per year)", "annual_cost_override", cells.decimal(0, None, "cost per FTE"),
               "Only if the site's cost differs from the care model; salary plus on-costs", required=False),
        Column("ARRS eligible (yes/no)", "arrs_eligible", cells.yes_no,
               "Reimbursed through the Additional Roles Reimbursement Scheme?", choices="yes_no"),
        Column("Employer", "employer", cells.one_of(EMPLOYERS, "employer"), "Employing organisation",
               choices="employers", width=22),
        Column("Funding (payer share; ...)", "funding", cells.funding,
               'Who pays for the role and what share, e.g. "site 0.5; mental health trust 0.5" or '
               '"North Coast Community Trust 1"; shares add up to 1 and "site" is the capitated budget. '
               "Blank = the care model's default for the role, else the site pays all",
               required=False, width=34,
               replaces=("Budget pays (yes/no)", '"yes" becomes "site 1" (or blank for the care model\'s default), '
                                                 '"no" the employer and 1, e.g. "North Coast Community Trust 1"')),
        Column("Pay point (bottom/middle/top)", "pay_point", cells.one_of(PAY_POINTS, "pay point"),
               "Where on the pay band the role is costed; blank = middle", required=False, choices="pay_points"),
        Column("ARRS baseline FTE", "arrs_baseline_fte", cells.decimal(0, None, "ARRS baseline FTE"),
               "FTE of this role in post in the ARRS baseline: ARRS cannot reimburse them; blank = 0",
               required=False),
    ),
    build=_drop_blank(RolePlan),
    examples=(("e.g. gp", 14.5, 17, None, "no", "practice", None, "middle", None),
              ("e.g. mental_health_practitioner", 1, 2, None, "yes", "mental_health_trust",
               "site 0.5; mental health trust 0.5", "top", 0)),
    model_error_field="max_fte",
)

STAFF = SheetSpec(
    name="Staff",
    title="Staff: the named people in post",
    description="One row per person. Leave as dates; 'Never works' as weekday sessions, e.g. Wed PM; Fri PM.",
    columns=(
        Column("Staff ID", "staff_id", cells.text, "Unique ID, e.g. S001", width=10),
        Column("Name", "name", cells.text, "Name as it should appear on the rota", width=22),
        Column("Role", "role", cells.text, "A role from the Roles sheet", choices="roles", width=24),
        Column("Home practice", "home_practice", cells.text, "Practice code where this person usually works",
               choices="practices"),
        Column("Contracted sessions a week", "sessions_per_week",
               cells.whole_number(0, 11, "contracted sessions"), "Sessions a week in the contract, 0-11"),
        Column("Works evenings (yes/no)", "works_evenings", cells.yes_no, "Willing to work evening sessions?",
               choices="yes_no"),
        Column("Works Saturdays (yes/no)", "works_saturdays", cells.yes_no, "Willing to work Saturday sessions?",
               choices="yes_no"),
        Column("Leave (dates)", "leave", cells.leave_periods,
               "Booked leave, e.g. 2027-01-11 to 2027-01-15; 2027-01-29", required=False, width=30),
        Column("Never works", "unavailable", cells.weekday_sessions,
               "Weekday sessions outside the contract, e.g. Wed PM; Fri PM", required=False, width=20),
        Column("Prefers off", "preferred_off", cells.weekday_sessions,
               "Weekday sessions this person would rather not work (a preference)", required=False, width=20),
        Column("Age band", "age_band", cells.one_of(STAFF_AGE_BANDS, "age band"),
               f"Multi-year trajectory: the person's age band ({', '.join(STAFF_AGE_BANDS)}), to see who is near "
               "retirement", required=False, choices="staff_age_bands", width=12, as_text=True, may_be_missing=True),
        Column("Expected leaving year", "leaving_year", cells.financial_year,
               "Multi-year trajectory: the financial year this person is expected to leave or retire, e.g. 2028/29 "
               "(April to March); blank = no date known", required=False, width=14, as_text=True,
               may_be_missing=True),
    ),
    build=_staff,
    examples=(("e.g. S001", "Dr A Example", "gp", "P1", 8, "yes", "no", "2027-01-11 to 2027-01-15", "Wed PM", None,
               "55-59", "2029/30"),),
)

COVER = SheetSpec(
    name="Cover",
    title="Cover: the fewest staff of a role needed in a practice session",
    description="One row per practice, role, weekday and session that needs cover.",
    columns=(
        Column("Practice code", "practice", cells.text, "A code from the Practices sheet", choices="practices"),
        Column("Role", "role", cells.text, "A role from the Roles sheet", choices="roles", width=24),
        Column("Weekday", "weekday", cells.one_of(WEEKDAYS, "weekday"), "Mon-Sat", choices="weekdays", width=10),
        Column("Session", "session", cells.one_of(SESSIONS, "session"), "AM, PM or EVE", choices="sessions",
               width=10),
        Column("Minimum staff", "minimum", cells.whole_number(0, 50, "minimum staff"), "Fewest of this role needed"),
    ),
    build=_drop_blank(CoverRule),
    examples=(("e.g. P1", "gp", "Mon", "AM", 2),),
)

TRAJECTORY = SheetSpec(
    name="Trajectory",
    title="Trajectory: how each role's staff leave and are hired, year on year",
    description="One row per role, for the multi-year trajectory. A role not listed, or a blank cell, takes the "
                "care model's default.",
    columns=(
        Column("Role", "role", cells.text, "A role from the Roles sheet", choices="roles", width=28),
        Column("Leaver rate (share a year)", "leaver_rate", cells.decimal(0, 1, "leaver rate"),
               "Share of the role's FTE that leaves each year, 0-1, e.g. 0.09 for 9%", required=False),
        Column("Recruitment lead time (months)", "lead_months", cells.decimal(0, None, "recruitment lead time"),
               "Months from deciding to hire to the person starting", required=False),
        Column("Most hires a year (FTE)", "max_hires_per_year", cells.decimal(0, None, "most hires a year"),
               "Most FTE of the role the site can recruit in one year", required=False),
        Column("Share of posts filled (0-1)", "fill_share",
               cells.decimal(0, 1, "share of posts filled", lower_open=True),
               "Share of the FTE set out to recruit that is in post after the lead time, e.g. 0.8", required=False,
               may_be_missing=True),
    ),
    build=_drop_blank(TrajectoryRole),
    examples=(("e.g. gp", 0.09, 9, 1.5, 0.8),),
)

PIPELINE = SheetSpec(
    name="Pipeline",
    title="Pipeline: trainees who join the team when they qualify",
    description="One row per trainee or group, e.g. a GP registrar at a training practice, with the financial "
                "year they qualify (April to March).",
    columns=(
        Column("Role", "role", cells.text, "The role they join as: a role from the Roles sheet", choices="roles",
               width=28),
        Column("Qualifying year", "qualifying_year", cells.financial_year,
               "Financial year they qualify and join, e.g. 2028/29", width=14, as_text=True),
        Column("FTE", "fte", cells.decimal(0, None, "FTE", lower_open=True), "FTE they join at, above 0", width=10),
        Column("Description", "description", cells.text, "Who they are, e.g. GP registrar at Harbour Surgery",
               required=False, width=40),
    ),
    build=_drop_blank(PipelineEntry),
    examples=(("e.g. gp", "2028/29", 1, "GP registrar at Harbour Surgery"),),
)

ROTA_RULES = SheetSpec(
    name="RotaRules",
    title="Rota rules: limits and soft-rule weights that differ from the defaults",
    description="One row per rule to change. Rules not listed keep the default shown in the Instructions sheet.",
    columns=(
        Column("Rule", "rule", cells.text, "A rule name from the list", choices="rota_rules", width=34),
        Column("Value", "value", cells.decimal(0, None, "rule value"), "The limit or the weight"),
    ),
    build=_drop_blank(RotaRule),
    examples=(("e.g. max_sessions_per_day", 2),),
)

OVERRIDES = SheetSpec(
    name="Overrides",
    title="Overrides: care-model values this site replaces",
    description="One row per value. The source says why the site differs; it is reported next to the value.",
    columns=(
        Column("Care model path", "path", cells.text, "Dotted path, e.g. roles.gp.annual_cost", width=40),
        Column("Value", "value", cells.scalar, "The new value: a number, yes/no or text"),
        Column("Source or reason", "source", cells.text, "Where the figure comes from, or why", width=40),
    ),
    build=_drop_blank(Override),
    examples=(("e.g. roles.gp.annual_cost", 118000, "Local salaried GP rate 2026/27, PCH finance lead"),),
)

CARE_HOMES = SheetSpec(
    name="Care homes",
    title="Care homes: the homes aligned to the site (Enhanced Health in Care Homes)",
    description="One row per care home, with the practice it is aligned to. Leave it empty if the site has none.",
    columns=(
        Column("Home name", "name", cells.text, "Name of the care home; each home once", width=30),
        Column("Practice code", "practice", cells.text, "The aligned practice: a code from the Practices sheet",
               choices="practices"),
        Column("Beds", "beds", cells.whole_number(0, None, "beds"), "Registered beds"),
        Column("Admissions a year", "admissions_per_year", cells.decimal(0, None, "admissions a year"),
               "New and returning residents a year; each needs an assessment"),
    ),
    build=_drop_blank(CareHome),
    examples=(("e.g. Seaview House", "P1", 40, 30),),
)

INCOME = SheetSpec(
    name="Income",
    title="Income: the streams that make up the capitated budget",
    description="One row per income stream. Fill this in or the Site sheet's capitated budget, not both. "
                "Blank quantity or rate: the care model's.",
    columns=(
        Column("Stream", "stream", cells.text,
               "An income stream id from the care model (see the Lists sheet), or a local name",
               choices="income_streams", other_values_allowed=True, width=26),
        Column("Quantity (units a year)", "quantity", cells.decimal(0, None, "quantity"),
               "Units a year (patients, beds, points); blank = the care model's basis, e.g. the weighted list. "
               "A local stream needs it", required=False),
        Column("Rate (£ per unit a year)", "rate", cells.decimal(0, None, "rate"),
               "£ per unit a year; blank = the care model's rate. A local stream needs it", required=False),
        Column("Source or reason", "source", cells.text, "Where the figure comes from, or why", required=False,
               width=40),
    ),
    build=_drop_blank(IncomeStream),
    examples=(("e.g. global_sum", None, None, "Care model rate and the weighted list"),
              ("e.g. Local frailty contract", 1, 85_000, "ICB agreement 2026/27")),
)

TABLE_SHEETS: tuple[SheetSpec, ...] = (
    PRACTICES, SESSIONS_SHEET, POPULATION, REGISTERS, CARE_HOMES, INCOME, ROLES, STAFF, COVER, TRAJECTORY, PIPELINE,
    ROTA_RULES, OVERRIDES,
)
OPTIONAL_SHEETS = frozenset({SESSIONS_SHEET.name, CARE_HOMES.name, INCOME.name, TRAJECTORY.name, PIPELINE.name,
                             ROTA_RULES.name, OVERRIDES.name})
REQUIRED_NONEMPTY = frozenset({PRACTICES.name, POPULATION.name, ROLES.name})


def setting(field_name: str) -> Setting:
    """The Site setting that fills a field."""
    return next(item for item in SITE_SETTINGS if item.field == field_name)

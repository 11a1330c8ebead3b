"""The Figures sheet: every headline figure in one Section/Measure/Value/Unit table.

The same rows are what ``compare`` reads back from a plan workbook (and works out afresh for a
scenario, without the rota rows), so a measure's section and name are its stable key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl.workbook.workbook import Workbook

from pch_workforce.care_model import CareModel
from pch_workforce.demand.types import Demand
from pch_workforce.mix.result import Mix
from pch_workforce.plan.kpis import mix_kpis, rota_kpis
from pch_workforce.plan.model import Plan
from pch_workforce.plan.summary_json import plan_access, stopped_by
from pch_workforce.plan.workbook.front import note
from pch_workforce.plan.workbook.rota_views import room_use
from pch_workforce.excel.tables import (
    COUNT,
    DECIMAL,
    FTE,
    GBP,
    GENERAL,
    HOURS,
    SHARE,
    Column,
    Styled,
    TableSpec,
    write_table,
)
from pch_workforce.scenario.model import Scenario

SHEET = "Figures"
LEGACY_SHEET = "Summary"  # where plans written before the board summary kept this table (compare reads both)
TABLE = "PlanSummary"
HEADERS = ("Section", "Measure", "Value", "Unit")

SITE = "Site"
DEMAND = "Population and demand"
BUDGET = "Budget"
TEAM = "Team (FTE by role)"
COVERAGE = "Coverage of need"
KPIS = "Board KPIs"
ACCESS = "Estate and access"
ROTA = "Rota quality"
SOLVER = "Solver status"
IN_POST = "Whole team in post"  # FTE of the staff the site has today, against the planned Whole team
SHORTFALL = "Budget short of the least-cost team"  # 0 for a feasible mix; what an infeasible one lacks
MIX_STATUS = "Mix: overall"
BLOCKED_BY = "Mix: what blocks it"  # compare's row for a scenario with no feasible mix
CHANGED_SESSIONS = "Re-plan: sessions changed from the published rota"  # rows of a re-plan only
PEOPLE_AFFECTED = "Re-plan: people affected"


@dataclass(frozen=True)
class Headline:
    """One Summary row; ``section`` + ``measure`` is its key across plans."""

    section: str
    measure: str
    value: Any
    unit: str
    number_format: str = GENERAL

    @property
    def key(self) -> tuple[str, str]:
        return self.section, self.measure


def _maybe(value: float | None, unit: str, number_format: str) -> tuple[Any, str, str]:
    """A figure that may be missing: shown as [x] (not available), as the AF shorthand says."""
    return ("[x]", unit, GENERAL) if value is None else (value, unit, number_format)


def site_headlines(scenario: Scenario, care_model: CareModel, demand: Demand) -> list[Headline]:
    """The headlines that need no mix: the site, its settings, its population and demand (compare shows
    these even for a scenario whose mix is infeasible)."""
    site = scenario.site
    return [
        Headline(SITE, "Site", site.name, "name"),
        Headline(SITE, "Care model", care_model.name, "name"),
        Headline(SITE, "Practices", len(scenario.practices), "practices", COUNT),
        Headline(SITE, "Hub practice", next((p.code for p in scenario.practices if p.is_hub), "[x]"), "code"),
        Headline(SITE, "Redundancies allowed", "yes" if site.allow_redundancies else "no", "yes or no"),
        Headline(SITE, "Continuity limit", *_maybe(site.max_patients_per_gp_fte, "patients per GP FTE", COUNT)),
        Headline(DEMAND, "Registered patients", demand.population, "patients", COUNT),
        Headline(DEMAND, "Appointments per patient", demand.appointments_per_patient_year,
                 "appointments per patient per year", DECIMAL),
        Headline(DEMAND, "Appointments", demand.appointments_per_year, "appointments per year", COUNT),
        Headline(DEMAND, "Clinical hours needed", demand.hours_per_week, "hours per week", HOURS),
    ]


def budget_inputs(financial_year: str, capitated: float, share: float, available: float) -> list[Headline]:
    """The budget a plan has to spend, before any mix."""
    return [
        Headline(BUDGET, "Prices for financial year", financial_year, "year"),
        Headline(BUDGET, "Capitated budget", capitated, "£ per year", GBP),
        Headline(BUDGET, "Workforce share of the budget", share, "per cent", SHARE),
        Headline(BUDGET, "Workforce budget available", available, "£ per year", GBP),
    ]


def scenario_headlines(scenario: Scenario, care_model: CareModel, demand: Demand, mix: Mix) -> list[Headline]:
    """Every headline that needs only the scenario, demand and the mix."""
    k = mix_kpis(mix, care_model)
    rows = [
        *site_headlines(scenario, care_model, demand),
        *budget_inputs(mix.plan_financial_year, mix.capitated_budget_per_year, scenario.site.workforce_share,
                       k.budget.available_per_year),
        Headline(BUDGET, "Pay and on-costs of the team", mix.gross_cost_per_year, "£ per year", GBP),
        Headline(BUDGET, "ARRS reimbursement", mix.arrs_reimbursement_per_year, "£ per year", GBP),
        Headline(BUDGET, "ARRS envelope left unclaimed", mix.arrs.unclaimed_per_year if mix.arrs else 0.0,
                 "£ per year", GBP),
        Headline(BUDGET, "Paid by other organisations", mix.others_cost_per_year, "£ per year", GBP),
        Headline(BUDGET, "Workforce budget used", k.budget.used_per_year, "£ per year", GBP),
        Headline(BUDGET, "Headroom", k.budget.headroom_per_year, "£ per year", GBP),
        Headline(BUDGET, SHORTFALL, 0.0, "£ per year", GBP),
        Headline(BUDGET, "Share of workforce budget used", *_maybe(k.budget.share_used, "per cent", SHARE)),
        Headline(BUDGET, "Budget cost per patient", *_maybe(k.budget.cost_per_patient_per_year,
                                                            "£ per patient per year", DECIMAL)),
    ]
    rows += [Headline(TEAM, r.name, r.fte, "FTE", FTE) for r in mix.roles]
    rows.append(Headline(TEAM, "Whole team", sum(r.fte for r in mix.roles), "FTE", FTE))
    rows.append(Headline(TEAM, IN_POST, sum(r.existing_fte for r in mix.roles), "FTE", FTE))
    cover = k.all_services
    rows += [
        Headline(COVERAGE, "Demand", cover.demand_contacts_per_week, "contacts per week", HOURS),
        Headline(COVERAGE, "Demand met", cover.met_contacts_per_week, "contacts per week", HOURS),
        Headline(COVERAGE, "Share of demand met", *_maybe(cover.share_met, "per cent", SHARE)),
        Headline(COVERAGE, "Clinical hours needed", mix.demand_hours_per_week, "hours per week", HOURS),
        Headline(COVERAGE, "Unmet clinical hours", mix.unmet_hours_per_week, "hours per week", HOURS),
        Headline(COVERAGE, "Services with unmet demand",
                 sum(1 for s in mix.services if s.unmet_hours_per_week > 1e-6), "service lines", COUNT),
        Headline(KPIS, "Patients per GP FTE", *_maybe(k.patients_per_gp_fte, "patients per FTE", COUNT)),
        Headline(KPIS, "LTC reviews covered", *_maybe(k.ltc_reviews.share_met, "per cent", SHARE)),
        Headline(KPIS, "LTC reviews the team can deliver", k.ltc_reviews.met_contacts_per_week,
                 "contacts per week", HOURS),
        Headline(KPIS, "Home visits the team can make", k.home_visits.met_contacts_per_week, "visits per week",
                 HOURS),
        Headline(KPIS, "Share of home-visit need met", *_maybe(k.home_visits.share_met, "per cent", SHARE)),
    ]
    status = mix.report
    rows.append(Headline(SOLVER, MIX_STATUS, status.status.value.upper(), "status"))
    for stage in status.stages:
        rows.append(Headline(SOLVER, f"Mix stage {stage.stage}", stage.status.value.upper(), "status"))
        rows.append(Headline(SOLVER, f"Mix stage {stage.stage}: objective", *_maybe(stage.objective, stage.unit,
                                                                                      DECIMAL)))
    return rows


def plan_headlines(plan: Plan) -> list[Headline]:
    """Every Summary row of a plan: the scenario's headlines with continuity, rota quality and rota status."""
    rows = scenario_headlines(plan.loaded.scenario, plan.loaded.care_model, plan.demand, plan.mix)
    report = plan.rota_report
    rota = report.rota
    assert rota is not None, "a Plan always carries a rota"
    k = rota_kpis(plan.rota, rota, ((u.minimum, u.assigned) for u in report.uncovered_sessions))
    extra = [
        Headline(KPIS, "Continuity: sessions at home practice",
                 *_maybe(k.continuity, "per cent", SHARE)),
        *_access_headlines(plan),
        Headline(ROTA, "Rota weeks", len(plan.rota.dates) // 7, "weeks", COUNT),
        Headline(ROTA, "Named staff", sum(1 for p in plan.rota.people if not p.vacancy), "people", COUNT),
        Headline(ROTA, "Planned posts", sum(1 for p in plan.rota.people if p.vacancy), "posts", COUNT),
        Headline(ROTA, "Sessions rostered", k.sessions_rostered, "sessions", COUNT),
        Headline(ROTA, "Sessions below a cover minimum", k.uncovered_sessions, "sessions", COUNT),
        Headline(ROTA, "People missing from cover minimums", k.people_short, "person-sessions", COUNT),
        Headline(ROTA, "Hard rules broken (independent checker)", len(plan.rota_check.violations), "rules", COUNT),
        *_room_headlines(plan),
        Headline(ROTA, "Soft-rule penalty", *_maybe(report.objective, "penalty points", COUNT)),
        *_replan_headlines(plan),
        Headline(SOLVER, "Rota", report.status.value.upper(), "status"),
        Headline(SOLVER, "Rota: stopped by", stopped_by(report), "how the search ended"),
        Headline(SOLVER, "Rota: best bound", *_maybe(report.best_bound, "penalty points", DECIMAL)),
        Headline(SOLVER, "Rota: gap to best bound", *_maybe(report.gap, "per cent", SHARE)),
        Headline(SOLVER, "Rota: deterministic time used", round(report.deterministic_time, 3),
                 "CP-SAT deterministic time units", DECIMAL),
    ]
    order = [SITE, DEMAND, BUDGET, TEAM, COVERAGE, KPIS, ACCESS, ROTA, SOLVER]
    merged = rows + extra
    return sorted(merged, key=lambda h: order.index(h.section))  # stable: keeps row order within a section


def _replan_headlines(plan: Plan) -> list[Headline]:
    """A re-plan's disruption beside cover and penalty (the Changes sheet lists each change); none for a plan."""
    figures = plan.replan
    if figures is None:
        return []
    return [
        Headline(ROTA, CHANGED_SESSIONS, figures.changed_sessions, "sessions", COUNT),
        Headline(ROTA, PEOPLE_AFFECTED, figures.people_affected, "people", COUNT),
        Headline(ROTA, "Re-plan: sessions the absences took", figures.sessions_lost, "sessions", COUNT),
        Headline(ROTA, "Re-plan: of those, now worked by someone else", figures.sessions_recovered, "sessions",
                 COUNT),
    ]


def _access_headlines(plan: Plan) -> list[Headline]:
    """The estate the mix fills and the access contract the rota meets, as the board summary states them."""
    estate, access = plan.mix.estate, plan_access(plan)
    rows = []
    if estate:
        rows += [Headline(ACCESS, "Room-sessions a week", sum(e.room_sessions_per_week for e in estate),
                          "room-sessions a week", HOURS),
                 Headline(ACCESS, "Room-sessions the team holds", sum(e.room_sessions_held_per_week for e in estate),
                          "room-sessions a week", HOURS)]
    if access.weeks:
        rows += [Headline(ACCESS, "Enhanced access required", access.enhanced_access_required_hours_per_week,
                          "hours a week", HOURS),
                 Headline(ACCESS, "Enhanced access, weakest week", access.enhanced_access_hours_per_week,
                          "hours a week", HOURS)]
    rows.append(Headline(ACCESS, "Core hours without a duty clinician", access.core_hours_uncovered,
                         "practice-hours", HOURS))
    return rows


def _room_headlines(plan: Plan) -> list[Headline]:
    """The estate against the rota: clinical room-sessions there are, and people beyond them
    (none when rooms cost nothing in the rota)."""
    uses = room_use(plan.rota, plan.rota_report.rota)  # type: ignore[arg-type]  # a Plan carries a rota
    if not uses:
        return []
    return [
        Headline(ROTA, "Clinical room-sessions available", sum(u.room_sessions for u in uses), "room-sessions",
                 COUNT),
        Headline(ROTA, "People beyond clinical rooms", sum(u.overbooked_people for u in uses), "person-sessions",
                 COUNT),
    ]


def summary_spec(rows: Iterable[Headline], title: str, description: tuple[str, ...]) -> TableSpec:
    return TableSpec(
        sheet=SHEET, name=TABLE, title=title,
        contents="Headline figures: site, population, budget, team, coverage, board KPIs, rota quality, solver status",
        columns=(Column(HEADERS[0], max_width=22), Column(HEADERS[1], max_width=44),
                 Column(HEADERS[2], max_width=30), Column(HEADERS[3], max_width=34, indent=1)),
        rows=[[h.section, h.measure, Styled(h.value, h.number_format), h.unit] for h in rows],
        description=description, freeze=False)


def write_summary(book: Workbook, plan: Plan) -> TableSpec:
    """The Figures sheet: every headline figure in one table (compare reads it back), solver rows last."""
    site = plan.loaded.scenario.site
    spec = summary_spec(plan_headlines(plan), f"{site.name}: headline figures", (
        f"Budget used is what the capitated budget pays after ARRS reimbursement {note('arrs')}. "
        f"Figures are values, not formulas {note('values')}.",
        f"Definitions: LTC reviews {note('ltc')}, continuity {note('continuity')}, soft-rule penalty "
        f"{note('penalty')}. [x] means not available. The Summary sheet says what they mean for the board.",
    ))
    write_table(book, spec)
    return spec

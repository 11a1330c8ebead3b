"""The Explain sheets: why the plan is what it is, in words, with the numbers behind it.

Explain lists the mix's binding constraints and reasons for unmet demand, then the rota's missed
soft rules, short sessions and the checker's verdict on the hard rules; Marginal values says what
one step more of a resource would change; Rota penalties lists every soft-rule miss.
"""

from __future__ import annotations

from collections import Counter

from openpyxl.workbook.workbook import Workbook

from pch_workforce.plan.model import Plan
from pch_workforce.plan.summary_json import plan_access
from pch_workforce.plan.workbook.front import note
from pch_workforce.plan.workbook.rota_views import room_use, session_words
from pch_workforce.excel.tables import COUNT, DECIMAL, GBP, NOT_APPLICABLE, Column, TableSpec, write_table
from pch_workforce.rota.rules import SoftRule

# What one unit of each soft rule's amount is, so a reader of Rota penalties knows what "2" means.
AMOUNT_UNITS: dict[str, str] = {
    SoftRule.COVER_SHORTFALL: "people short of the minimum",
    SoftRule.COVER_EXCESS: "people above the preferred number",
    SoftRule.SHIFT_ON_REQUEST: "requests not met",
    SoftRule.SHIFT_OFF_REQUEST: "requests not met",
    SoftRule.AWAY_FROM_HOME: "sessions away from the home practice",
    SoftRule.UNFAIR_SHARE: ("sessions between the most and the least loaded, each load pro rata to the "
                            "largest contract in the role (last period's included when planned with --history)"),
    SoftRule.MISSED_MDT: "MDT meetings missed",
    SoftRule.OVERBOOKED_ROOMS: "clinicians beyond the practice's clinical rooms in one session",
    SoftRule.CHANGED_ASSIGNMENT: "sessions changed from the rota before the re-plan (a move counts twice)",
}


def write_explain(book: Workbook, plan: Plan) -> list[TableSpec]:
    specs = [_explain(plan), _marginals(plan), _penalties(plan)]
    for spec in specs:
        write_table(book, spec)
    return specs


def explain_rows(plan: Plan) -> list[list[str]]:
    mix, report = plan.mix, plan.rota_report
    rows = [["Mix", "Binding constraint", b.rule, b.subject, b.detail] for b in mix.binding]
    for s in mix.services:
        if s.unmet_hours_per_week > 1e-6:
            reasons = s.why_unmet or ("no reason recorded",)
            rows += [["Mix", "Unmet demand", "unmet demand", s.name,
                      f"{s.unmet_hours_per_week:,.1f} of {s.demand_hours_per_week:,.1f} hours a week unmet: {why}"]
                     for why in reasons]
    counts = Counter(v.rule for v in report.violations)
    for rule, points in sorted(report.objective_by_rule.items(), key=lambda item: -item[1]):
        if points:
            rows.append(["Rota", "Soft rule missed", rule, "whole rota",
                         f"{points:,} penalty points from {counts.get(rule, 0)} misses (Rota penalties sheet)"])
    for u in report.uncovered_sessions:
        date = plan.rota.dates[u.day]
        rows.append(["Rota", "Session below minimum", "cover minimum", f"{u.location_id} {u.skill or 'any role'}",
                     f"{date:%a %d %b %Y} {session_words(plan.rota, u.shift_id)}: {u.assigned} of "
                     f"{u.minimum} rostered"])
    rows += _room_rows(plan)
    rows += _access_rows(plan)
    if plan.rota_check.ok:
        rows.append(["Rota", "Hard rules", "independent checker", "whole rota",
                     "The independent checker re-read the rota and found every hard rule kept."])
    rows += [["Rota", "Hard rule broken", str(v.rule), v.subject,
              v.detail] for v in plan.rota_check.violations]
    return rows


def _access_rows(plan: Plan) -> list[list[str]]:
    """The access contract as the rota delivers it: each week short of the enhanced-access hours, and
    each weekday window an open practice has no duty clinician in the building, with why."""
    access = plan_access(plan)
    rows = []
    if plan.mix.enhanced_access is not None and plan.mix.enhanced_access.rooms_short_hours:
        use = plan.mix.enhanced_access
        rows.append(["Mix", "Estate cannot hold enhanced access", "enhanced access", "site",
                     f"the practices open {use.room_hours_per_week:,.1f} room-hours a week in the Network Standard "
                     f"Hours, {use.rooms_short_hours:,.1f} fewer than the {use.required_hours_per_week:,.1f} hours the "
                     "Network Contract DES asks for: open more evening or Saturday sessions"])
    rows += [["Rota", "Enhanced access short", "enhanced access", f"week {w.week}",
             f"{w.delivered_hours:,.1f} of the {w.required_hours:,.1f} hours a week the Network Contract DES asks "
             f"for in the Network Standard Hours: {w.short_hours:,.1f} h short"] for w in access.weeks if w.short_hours]
    rows += [["Rota", "Core hours without a duty clinician", "duty clinician", g.practice,
              f"{g.date:%a %d %b %Y} {g.window} ({g.hours:,.1f} h): {g.reason}"] for g in access.gaps]
    return rows


def _room_rows(plan: Plan) -> list[list[str]]:
    """Each practice whose rooms the rota overbooks, with its busiest session: where the estate,
    not the team, is short."""
    rota = plan.rota_report.rota
    if rota is None:
        return []
    names = {p.code: p.name for p in plan.loaded.scenario.practices}
    rows = []
    for use in room_use(plan.rota, rota):
        if not use.overbooked_people:
            continue
        day, shift, people = use.worst  # type: ignore[misc]  # set whenever anyone is overbooked
        date = plan.rota.dates[day]
        practice = f"{use.location_id} {names.get(use.location_id, '')}"
        rows.append(["Rota", "Rooms overbooked", "clinical rooms", practice,
                     f"{use.rostered:,} clinical sessions rostered for {use.room_sessions:,} room-sessions "
                     f"({use.rooms} rooms); {use.overbooked_sessions} sessions overbooked by "
                     f"{use.overbooked_people:,} people in all; the busiest, {date:%a %d %b %Y} "
                     f"{session_words(plan.rota, shift)}, has {people} for {use.rooms} rooms"])
    return rows


def _explain(plan: Plan) -> TableSpec:
    return TableSpec(
        sheet="Explain", name="Explain", title=f"{plan.loaded.scenario.site.name}: why the plan is what it is",
        contents=("Binding constraints, why demand is unmet, missed soft rota rules, short sessions, overbooked rooms, "
                  "hard-rule check"),
        description=(f"Mix rows name the rules that hold the team where it is; rota rows the soft rules it "
                     f"missed {note('penalty')}.",),
        columns=(Column("Stage", max_width=6), Column("Kind", max_width=22), Column("Rule", max_width=22),
                 Column("Subject", max_width=34), Column("In words", max_width=90)),
        rows=explain_rows(plan), freeze_columns=0)


def _marginals(plan: Plan) -> TableSpec:
    return TableSpec(
        sheet="Marginal values", name="MarginalValues",
        title=f"{plan.loaded.scenario.site.name}: what one step more would change",
        contents="The change in unmet demand and cost from one more FTE of a role, or more budget (mix re-solved)",
        description=("Each row re-solves the whole mix with one change; a negative change in unmet hours means the "
                     "step helps.",),
        columns=(Column("Change", max_width=44), Column("Subject", max_width=30),
                 Column("Weighted unmet change (hours per week)", DECIMAL),
                 Column("Unmet change (hours per week)", DECIMAL), Column("Budget cost change (£ per year)", GBP),
                 Column("Status", max_width=10)),
        rows=[[m.change, m.subject, m.delta_weighted_unmet_hours_per_week, m.delta_unmet_hours_per_week,
               m.delta_budget_cost_per_year, m.status.value.upper()] for m in plan.mix.marginals],
        freeze_columns=0)


def _penalties(plan: Plan) -> TableSpec:
    """Every soft-rule miss, the costliest first (then by day, as the rota reads), so a reader meets the
    misses that matter before the long tail of one-point ones."""
    rows = []
    ordered = sorted(plan.rota_report.violations, key=lambda v: (-v.cost, v.day if v.day is not None else -1))
    for v in ordered:
        date = plan.rota.dates[v.day] if v.day is not None else NOT_APPLICABLE
        session = session_words(plan.rota, v.shift_id) if v.shift_id else NOT_APPLICABLE
        rows.append([v.rule, v.subject, date, session, v.amount, AMOUNT_UNITS.get(v.rule, ""), v.weight, v.cost])
    return TableSpec(
        sheet="Rota penalties", name="RotaPenalties",
        title=f"{plan.loaded.scenario.site.name}: every soft rota rule missed",
        contents="Each soft rota rule the rota misses: who or where, when, by how much, and its penalty points",
        description=(f"Penalty = amount x weight {note('penalty')}; the costliest misses first; [z] means not "
                     "applicable (the rule is over the whole rota).",),
        columns=(Column("Rule", max_width=22), Column("Subject", max_width=34),
                 Column("Date", "dd/mm/yyyy", min_width=11), Column("Session", max_width=14),
                 Column("Amount", COUNT), Column("Amount counts", max_width=40),
                 Column("Weight (points each)", COUNT),
                 Column("Penalty (points)", COUNT)),
        rows=rows, freeze_columns=0, empty="None: the rota keeps every soft rule")

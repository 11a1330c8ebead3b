"""The Practice pages sheet: one printed page per practice, for its practice manager.

Each practice's list and demand, the team based there and the hours rostered there by role, its
rooms against the work the plan puts in them, and its cover gaps (sessions below a cover minimum,
core hours without a duty clinician). One table, practice by practice, with a page break after
each, so printing the sheet gives each manager their own page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break, RowBreak

from pch_workforce.plan.model import Plan
from pch_workforce.plan.summary_json import plan_access
from pch_workforce.plan.workbook.rota_views import room_use
from pch_workforce.excel.tables import COUNT, GENERAL, HOURS, Column, Styled, TableSpec, write_table

SHEET = "Practice pages"


def practice_rows(plan: Plan) -> list[list[Any]]:
    """(practice, measure, value, unit) rows, every practice in the scenario's order."""
    scenario, rota = plan.loaded.scenario, plan.rota_report.rota
    assert rota is not None, "a Plan always carries a rota"
    weeks = max(1, len(plan.rota.dates) // 7)
    problem = plan.rota.problem
    people = {p.staff_id: p for p in plan.rota.people}
    role_names = {rid: r.name for rid, r in plan.loaded.care_model.roles.items()}
    demand = {d.practice: d for d in plan.demand.practices()}
    estate = {e.practice: e for e in plan.mix.estate}
    rooms = {u.location_id: u for u in room_use(plan.rota, rota)}
    access = plan_access(plan)
    hours: dict[str, Counter[str]] = defaultdict(Counter)
    for a in rota.assignments:
        shift = problem.shift_by_id[a.shift_id]
        if shift.clinical:
            hours[a.location_id][people[a.staff_id].role] += shift.length_minutes / 60 / weeks
    rows: list[list[Any]] = []
    for practice in scenario.practices:
        code = practice.code
        name = f"{code} {practice.name}"

        def row(measure: str, value: Any, unit: str, number_format: str = HOURS) -> None:
            rows.append([name, measure, Styled(value, number_format), unit])

        row("Registered patients", practice.list_size, "patients", COUNT)
        if code in demand:
            row("Clinical hours its patients need", demand[code].hours_per_week, "hours a week")
        named = [p for p in plan.rota.people if p.home_practice == code]
        row("Named staff based here", sum(1 for p in named if not p.vacancy), "people", COUNT)
        row("Planned posts based here", sum(1 for p in named if p.vacancy), "posts", COUNT)
        row("Clinical hours rostered here", sum(hours[code].values()), "hours a week")
        for role, value in sorted(hours[code].items(), key=lambda kv: -kv[1]):
            row(f"  of which {role_names.get(role, role)}", value, "hours a week")
        if code in estate:
            e = estate[code]
            row("Clinical rooms", e.rooms, "rooms", COUNT)
            row("Room-sessions it opens", e.room_sessions_per_week, "room-sessions a week")
            row("Room-sessions the plan's work takes here", e.room_sessions_held_per_week, "room-sessions a week")
        if code in rooms:
            row("People beyond its rooms (rota)", rooms[code].overbooked_people, "person-sessions", COUNT)
        short = [u for u in plan.rota_report.uncovered_sessions if u.location_id == code]
        row("Sessions below a cover minimum", len(short), "sessions", COUNT)
        gaps = [g for g in access.gaps if g.practice == code]
        row("Core hours without a duty clinician", sum(g.hours for g in gaps), "hours over the rota")
        if not short and not gaps:
            rows.append([name, "Cover gaps", Styled("none", GENERAL), "[z]"])
    return rows


def write_practice_pages(book: Workbook, plan: Plan) -> TableSpec:
    rows = practice_rows(plan)
    spec = TableSpec(
        sheet=SHEET, name="PracticePages", title=f"{plan.loaded.scenario.site.name}: a page for each practice",
        contents="Each practice on its own printed page: list and demand, staff based there, hours rostered by "
                 "role, rooms against the work, cover gaps",
        description=("One block of rows per practice, a page break after each: print the sheet and give each "
                     "practice manager their page. Hours are a week, averaged over the rota.",),
        columns=(Column("Practice", max_width=30), Column("Measure", max_width=44), Column("Value", max_width=14),
                 Column("Unit", max_width=22)),
        rows=rows, freeze=False)
    placed = write_table(book, spec)
    breaks = RowBreak()
    for index in range(1, len(rows)):
        if rows[index][0] != rows[index - 1][0]:
            breaks.append(Break(id=placed.first_row + index - 1))
    placed.sheet.row_breaks = breaks
    placed.sheet.print_title_rows = f"{placed.header_row}:{placed.header_row}"
    return spec

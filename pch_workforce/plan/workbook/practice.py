"""The By practice sheet: for every session, who is at each practice, role by role."""

from __future__ import annotations

from collections import defaultdict

from openpyxl.workbook.workbook import Workbook

from pch_workforce.plan.model import Plan
from pch_workforce.plan.workbook.front import note
from pch_workforce.plan.workbook.rota_views import assignments, session_order, session_words
from pch_workforce.excel.tables import COUNT, Column, TableSpec, write_table


def write_by_practice(book: Workbook, plan: Plan) -> TableSpec:
    rota = plan.rota_report.rota
    assert rota is not None
    people = {p.staff_id: p for p in plan.rota.people}
    role_names = {rid: r.name for rid, r in plan.loaded.care_model.roles.items()}
    practice_names = {p.code: p.name for p in plan.loaded.scenario.practices}
    groups: dict[tuple[int, str, str, str], list[str]] = defaultdict(list)
    for a in assignments(rota):
        groups[a.day, a.shift_id, a.location_id, people[a.staff_id].role].append(people[a.staff_id].name)
    keys = sorted(groups, key=lambda k: (k[0], session_order(k[1]), k[2], k[3]))
    rows = []
    for day, shift, location, role in keys:
        date = plan.rota.dates[day]
        rows.append([date, f"{date:%a}", shift, session_words(plan.rota, shift), location,
                     practice_names.get(location, location), role_names.get(role, role), len(groups[day, shift,
                                                                                                   location, role]),
                     "; ".join(groups[day, shift, location, role])])
    spec = TableSpec(
        sheet="By practice", name="ByPractice", title=f"{plan.loaded.scenario.site.name}: who is where, each session",
        contents="For every day, session and practice: how many of each role are there, and who",
        description=(f"One row per day, session, practice and role; filter on a practice to print its week "
                     f"{note('codes')}.",),
        columns=(Column("Date", "dd/mm/yyyy", min_width=11), Column("Day", max_width=5),
                 Column("Session code", max_width=8), Column("Session", max_width=14),
                 Column("Practice code", max_width=9), Column("Practice", max_width=26), Column("Role", max_width=28),
                 Column("People (count)", COUNT), Column("Who", max_width=70)),
        rows=rows, freeze_columns=0)
    write_table(book, spec)
    return spec

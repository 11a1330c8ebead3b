"""The Session cover sheet: required against rostered people per practice, role and session.

Shortfalls are said in words ("Short by 1") and highlighted; colour never says it alone.
"""

from __future__ import annotations

from openpyxl.workbook.workbook import Workbook

from pch_workforce.plan.model import Plan
from pch_workforce.plan.workbook import palette
from pch_workforce.plan.workbook.rota_views import cover_lines, session_words
from pch_workforce.excel.tables import COUNT, Column, TableSpec, write_table

SHEET = "Session cover"
TABLE = "SessionCover"


def write_session_cover(book: Workbook, plan: Plan) -> TableSpec:
    rota = plan.rota_report.rota
    assert rota is not None
    lines = cover_lines(plan.rota, rota)
    role_names = {rid: r.name for rid, r in plan.loaded.care_model.roles.items()}
    short = [line for line in lines if line.short]
    rows = []
    for line in lines:
        date = plan.rota.dates[line.day]
        rows.append([date, f"{date:%a}", session_words(plan.rota, line.shift_id), line.location_id,
                     role_names.get(line.role, line.role), line.required, line.rostered, line.counting,
                     line.surplus, line.short, line.status])
    spec = TableSpec(
        sheet=SHEET, name=TABLE, title=f"{plan.loaded.scenario.site.name}: cover required against rostered",
        contents="Required against rostered people per practice, role and session; shortfalls in words",
        description=(
            f"{len(short)} of {sum(1 for x in lines if x.required)} session minimums are short "
            f"({sum(x.short for x in short)} people in all). Rostered = counting towards the minimum + surplus; "
            "rows with no minimum list people rostered where the scenario sets none.",
            "The MDT rows are the weekly meeting at the hub: one of each core role is asked for.",
        ),
        columns=(Column("Date", "dd/mm/yyyy", min_width=11), Column("Day", max_width=5),
                 Column("Session", max_width=14), Column("Practice code", max_width=9), Column("Role", max_width=28),
                 Column("Required (people)", COUNT), Column("Rostered (people)", COUNT),
                 Column("Counting towards minimum (people)", COUNT), Column("Surplus (people)", COUNT),
                 Column("Short (people)", COUNT), Column("Status", max_width=16)),
        rows=rows, freeze_columns=0)
    placed = write_table(book, spec)
    for index, line in enumerate(lines):
        if line.short:
            for column in (9, 10):
                cell = placed.cell(index, column)
                cell.fill = palette.SHORT.pattern()
                cell.font = palette.SHORT.font(size=11, bold=column == 10)
    return spec

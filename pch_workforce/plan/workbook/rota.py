"""The Rota sheet: staff down, day and session across, a practice code (and colour) in every cell.

Printable on A4 landscape, one week per page width, with the header row and the names repeated on
every page. Colour doubles the text code; it never carries meaning on its own.
"""

from __future__ import annotations

from collections import defaultdict

from openpyxl.styles import Font
from openpyxl.workbook.workbook import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from pch_workforce.pch_rota import grid_session
from pch_workforce.plan.model import Plan
from pch_workforce.plan.workbook import palette
from pch_workforce.plan.workbook.front import note
from pch_workforce.plan.workbook.rota_views import Slot, assignments, grid_code, grid_slots
from pch_workforce.excel.tables import Column, TableSpec, fill_table, print_setup, BODY_FONT, TITLE_FONT

SHEET = "Rota"
TABLE = "Rota"
LEAVE = "Leave"
LOCK = "*"  # a planner's trailing marker: keep this cell as it is when re-planning
NAME_COLUMNS = 3  # name, role, home practice (the staff id is the last column)
GRID_FONT_SIZE = 10
PAGE_WIDTH_POINTS = 842  # A4 landscape


def rota_grid(plan: Plan) -> tuple[list[Column], list[list[str | None]]]:
    """The grid's columns and rows: each cell holds the codes rostered then, "Leave", or nothing, ending
    in the lock mark (*) where the planner locked it before a re-plan."""
    rota = plan.rota_report.rota
    assert rota is not None
    slots = grid_slots(plan.rota)
    cells: dict[tuple[str, int], list[str]] = defaultdict(list)
    column_of = {(slot.day, slot.session): i for i, slot in enumerate(slots)}
    locked = {(staff_id, day, grid_session(shift)) for staff_id, day, shift in plan.locked}
    for a in assignments(rota):
        slot = next(s for s in slots if s.day == a.day and s.holds(a.shift_id))
        cells[a.staff_id, column_of[slot.day, slot.session]].append(grid_code(a))
    role_names = {rid: r.name for rid, r in plan.loaded.care_model.roles.items()}
    engine = plan.rota.problem.staff_by_id
    rows: list[list[str | None]] = []
    for person in plan.rota.people:
        leave = engine[person.staff_id].leave_days
        row: list[str | None] = [person.name, role_names.get(person.role, person.role),
                                 person.home_practice or "vacancy"]
        for i, slot in enumerate(slots):
            codes = cells.get((person.staff_id, i))
            text = " + ".join(codes) if codes else (LEAVE if slot.day in leave else None)
            if (person.staff_id, slot.day, slot.session) in locked:
                text = f"{text or ''}{LOCK}"
            row.append(text)
        rows.append([*row, person.staff_id])
    columns = [Column("Name", max_width=24), Column("Role", max_width=18), Column("Home practice", max_width=9)]
    columns += [Column(slot.header, min_width=7, max_width=8) for slot in slots]
    columns.append(Column("Staff id", max_width=34))
    return columns, rows


def write_rota(book: Workbook, plan: Plan) -> TableSpec:
    practices = plan.loaded.scenario.practices
    swatches = palette.practice_swatches([p.code for p in practices])
    columns, rows = rota_grid(plan)
    dates = plan.rota.dates
    site = plan.loaded.scenario.site.name
    legend = [(p.code, f"{p.name}{' (hub, hosts the MDT)' if p.is_hub else ''}", swatches[p.code])
              for p in practices] + [(LEAVE, "on leave that day", palette.LEAVE)]
    spec = TableSpec(
        sheet=SHEET, name=TABLE, title=f"{site}: rota {dates[0]:%d %b %Y} to {dates[-1]:%d %b %Y}",
        contents="Who works when and where: staff by day and session, a practice code in every cell, leave in words",
        description=(f"Each cell gives the practice code and session {note('codes')}; sessions are 4 h 10 min "
                     f"{note('sessions')}. Vacancy rows are planned posts not yet filled {note('vacancy')}."
                     + (f" A cell ending in {LOCK} was locked before the re-plan and stays locked in the next one."
                        if plan.locked else ""),
                     "Codes and colours (the code is in every cell; the colour only repeats it):"),
        columns=tuple(columns), rows=rows, freeze_columns=NAME_COLUMNS, font_size=GRID_FONT_SIZE)
    sheet = book.create_sheet(SHEET)
    sheet["A1"] = spec.title
    sheet["A1"].font = TITLE_FONT
    lines = ("This worksheet contains one table.", *spec.description)
    for offset, line in enumerate(lines, start=2):
        sheet.cell(row=offset, column=1, value=line).font = BODY_FONT
    first_legend_row = 2 + len(lines)
    for i, (code, words, swatch) in enumerate(legend):
        _paint(sheet.cell(row=first_legend_row + i, column=1, value=code), swatch, size=11)
        sheet.cell(row=first_legend_row + i, column=2, value=words).font = BODY_FONT
    header_row = first_legend_row + len(legend)
    placed = fill_table(sheet, spec, header_row)
    for r, row in enumerate(rows):
        for c in range(NAME_COLUMNS, len(row) - 1):
            value = row[c]
            if value == LEAVE:
                _paint(placed.cell(r, c), palette.LEAVE)
            elif value and value != LOCK:
                _paint(placed.cell(r, c), swatches[value.split()[0].removesuffix(LOCK)])
    print_week_per_page(sheet, header_row, grid_slots(plan.rota), len(columns))
    return spec


def print_week_per_page(sheet: Worksheet, header_row: int, slots: list[Slot], last_column: int) -> None:
    """One week per A4 landscape page width: a column break after each week, and one scale for all.

    LibreOffice ignores manual breaks under fit-to-page, so the scale is worked out here from the
    column widths of the widest page (the name, role and home practice columns repeat on every page).
    """
    names = f"A:{get_column_letter(NAME_COLUMNS)}"
    print_setup(sheet, title_rows=f"{header_row}:{header_row}", title_columns=names)
    sheet.sheet_properties.pageSetUpPr.fitToPage = False
    weeks = sorted({slot.day // 7 for slot in slots})
    ends = [NAME_COLUMNS + max(i for i, slot in enumerate(slots) if slot.day // 7 == week) + 1 for week in weeks]
    # The staff id (last column) is for filtering on screen; the printed rota stops at the last session.
    sheet.print_area = f"A1:{get_column_letter(ends[-1])}{sheet.max_row}"
    for end in ends[:-1]:
        sheet.col_breaks.append(Break(id=end))
    starts = [1] + [end + 1 for end in ends[:-1]]  # the first page starts with the name columns themselves
    titles = sum(_points(sheet, c) for c in range(1, NAME_COLUMNS + 1))
    widest = max(sum(_points(sheet, c) for c in range(start, end + 1)) + (titles if start > 1 else 0)
                 for start, end in zip(starts, ends, strict=True))
    printable = PAGE_WIDTH_POINTS - 72 * (sheet.page_margins.left + sheet.page_margins.right)
    sheet.page_setup.scale = max(10, min(100, int(printable / widest * 100 * 0.97)))


def _points(sheet: Worksheet, column: int) -> float:
    """A column's printed width in points, as LibreOffice lays it out (about 9.3 px a width unit
    plus 5 px padding, at 0.75 pt a px); Excel's 7 px a unit is narrower, so Excel pages fit too."""
    width = sheet.column_dimensions[get_column_letter(column)].width or 8.43
    return (9.3 * width + 5) * 0.75


def _paint(cell, swatch: palette.Swatch, size: float = GRID_FONT_SIZE) -> None:  # type: ignore[no-untyped-def]
    cell.fill = swatch.pattern()
    cell.font = Font(name="Arial", size=size, color=swatch.text)

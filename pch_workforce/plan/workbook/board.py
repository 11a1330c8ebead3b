"""The Summary sheet: the page a board reads, printable on at most two A4 pages.

Four small tables and one chart, top to bottom: the plan in sentences, headline measures with a
RAG status and the threshold behind it, staff per 10,000 patients against England, and the team by
role (in post against planned) with a native bar chart of the same figures. Solver detail and the
long reference tables live on other sheets (Figures, Explain, Session cover).
"""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pch_workforce.plan.board import AMBER, GREEN, RED, BoardKpi, board_kpis, board_sentences, group_densities, \
    team_changes
from pch_workforce.plan.model import Plan
from pch_workforce.plan.workbook.front import note
from pch_workforce.excel.tables import (
    BODY_FONT,
    COUNT,
    DECIMAL,
    FONT_NAME,
    FTE,
    GENERAL,
    HOURS,
    SHARE,
    TITLE_FONT,
    Column,
    Styled,
    TableSpec,
    fill_table,
    print_setup,
)

SHEET = "Summary"
WIDTHS = {"A": 34, "B": 84, "C": 16, "D": 20, "E": 16, "F": 14, "G": 14}
# Light fills with black text (contrast above 12:1); the status is also written in words.
FILLS = {GREEN: "C6EFCE", AMBER: "FFEB9C", RED: "FFC7CE"}
CAPTION_FONT = Font(name=FONT_NAME, size=13, bold=True)


def write_board(book: Workbook, plan: Plan) -> list[TableSpec]:
    """Add the Summary sheet; returns its tables' specs for the Contents sheet."""
    sheet = book.create_sheet(SHEET)
    site = plan.loaded.scenario.site
    sheet["A1"] = f"{site.name}: the plan for the board"
    sheet["A1"].font = TITLE_FONT
    lines = ("This worksheet contains four tables and a chart: the plan in brief, headline measures with a RAG "
             "status, staff per 10,000 patients against England, and the team by role.",
             f"Every figure is on another sheet too (Figures, Estate, Explain); RAG thresholds are judgement calls "
             f"{note('rag')}. Print this sheet for a board: it fits two A4 pages.")
    for offset, line in enumerate(lines, start=2):
        sheet.cell(row=offset, column=1, value=line).font = BODY_FONT
    row = 2 + len(lines) + 1
    specs = [_brief(plan), _kpis(plan), _densities(plan), _team(plan)]
    captions = ("The plan in brief", "Headline measures", f"Staff per 10,000 patients against England {note('england')}",
                "The team by role: in post and planned")
    placed = None
    for caption, spec in zip(captions, specs, strict=True):
        sheet.cell(row=row, column=1, value=caption).font = CAPTION_FONT
        placed = fill_table(sheet, spec, row + 1)
        if spec.name == "BoardKpis":
            _colour_status(sheet, placed.first_row, placed.last_row)
        row = placed.last_row + 2
    assert placed is not None
    _chart(sheet, placed.first_row, placed.last_row, anchor_row=row)
    _layout(sheet, specs[0], first_row=2 + len(lines) + 2)
    return specs


def _brief(plan: Plan) -> TableSpec:
    return TableSpec(sheet=SHEET, name="PlanInBrief", title="",
                     contents="The plan for the board: the plan in sentences, headline measures with a RAG status, "
                              "staff per 10,000 patients against England, and the team in post and planned (chart)",
                     columns=(Column("Topic"), Column("What the plan says")),
                     rows=[[topic, text] for topic, text in board_sentences(plan)], freeze=False)


def _kpis(plan: Plan) -> TableSpec:
    return TableSpec(sheet=SHEET, name="BoardKpis", title="", contents="",
                     columns=(Column("Measure"), Column("Threshold for the status (judgement)"), Column("Value"),
                              Column("Unit"), Column("Status")),
                     rows=[[k.measure, k.threshold, _value(k), k.unit, k.status] for k in board_kpis(plan)],
                     freeze=False)


def _value(kpi: BoardKpi) -> Styled:
    value = kpi.value
    if value is None:
        return Styled("[x]", GENERAL)
    if isinstance(value, str):
        return Styled(value, GENERAL)
    if kpi.unit.startswith("per cent"):
        return Styled(value, SHARE)
    return Styled(value, COUNT if float(value).is_integer() or kpi.unit == "patients" else HOURS)


def _densities(plan: Plan) -> TableSpec:
    return TableSpec(sheet=SHEET, name="StaffPer10000", title="", contents="",
                     columns=(Column("Staff group"), Column("Roles counted here"), Column("In post (FTE)", FTE),
                              Column("Planned (FTE)", FTE), Column("Change (FTE)", FTE),
                              Column("Planned per 10,000 patients", DECIMAL),
                              Column("England per 10,000 patients", DECIMAL)),
                     rows=[[g.staff_group, g.roles, g.in_post_fte, g.planned_fte, g.planned_fte - g.in_post_fte,
                            g.per_10000,
                            "[x]" if g.england_per_10000 is None else g.england_per_10000]
                           for g in group_densities(plan)], freeze=False)


def _team(plan: Plan) -> TableSpec:
    return TableSpec(sheet=SHEET, name="TeamInPostAndPlanned", title="", contents="",
                     columns=(Column("Role"), Column("Staff group"), Column("In post (FTE)", FTE),
                              Column("Planned (FTE)", FTE), Column("Change (FTE)", FTE)),
                     rows=[[t.role, t.staff_group, t.in_post, t.planned, t.change] for t in team_changes(plan)],
                     freeze=False)


def _colour_status(sheet: Worksheet, first_row: int, last_row: int) -> None:
    for row in range(first_row, last_row + 1):
        cell = sheet.cell(row=row, column=5)
        fill = FILLS.get(str(cell.value))
        if fill:
            cell.fill = PatternFill("solid", start_color=fill, end_color=fill)


def _chart(sheet: Worksheet, first_row: int, last_row: int, anchor_row: int) -> None:
    """In post against planned FTE by role, from the team table's columns C and D."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.title = "FTE by role: in post and planned"
    chart.y_axis.title = "FTE"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # roles read top to bottom in table order
    data = Reference(sheet, min_col=3, max_col=4, min_row=first_row - 1, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first_row, max_row=last_row))
    for series, colour in zip(chart.series, ("768692", "005EB8"), strict=True):  # NHS mid grey, NHS blue
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.legend.position = "b"
    chart.width, chart.height = 30, 0.6 * (last_row - first_row + 1) + 4
    sheet.add_chart(chart, f"A{anchor_row}")


def _layout(sheet: Worksheet, brief: TableSpec, first_row: int) -> None:
    """Fixed widths (four tables share the columns), sentence rows tall enough, two A4 pages at most."""
    for letter, width in WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    for index, (_, text) in enumerate(brief.rows):
        lines = -(-len(str(text)) // (WIDTHS["B"] - 6))
        sheet.row_dimensions[first_row + index].height = 14.5 * lines + 4
        sheet.cell(row=first_row + index, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=first_row, min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    print_setup(sheet)
    sheet.page_setup.fitToHeight = 2
    sheet.print_title_rows = None
    sheet.freeze_panes = None

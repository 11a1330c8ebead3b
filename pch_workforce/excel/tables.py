"""One marked-up Excel table per sheet, laid out the Analysis Function way, written in one place.

Every data sheet of the demand, mix, trajectory, plan and compare workbooks goes through
:func:`write_table`: title in A1, a line saying what the sheet holds, the description, then
exactly one Excel table (with filters) whose header carries the units. Values only, never
formulas: the scenario reader rejects formulas without cached values, and openpyxl cannot store
one. A table may ask for a Total row, written (as values) just under it and outside its ref, so
readers of the table never take it for data.
"""

from __future__ import annotations

import math
from copy import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "Arial"
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=11)
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True)
LINK_FONT = Font(name=FONT_NAME, size=11, color="005EB8", underline="single")  # NHS Blue, 6.4:1 on white

NOT_APPLICABLE = "[z]"  # AF shorthand: a Total row cell whose column does not add up (a rate, share or grade)
NOT_AVAILABLE = "[x]"  # AF shorthand: a Total that cannot be worked out (a row has no figure)
TOTAL_LINE = ("The Total row under the table adds up the columns that add up (counts, FTE, hours, £); "
              "[z] means not applicable: rates, shares, grades and prices are not added up.")

# Number formats: £ whole pounds, FTE to 1 dp, hours to 1 dp, counts, shares as per cent.
GBP = '"£"#,##0'
FTE = "0.0"
HOURS = "#,##0.0"
COUNT = "#,##0"
SHARE = "0.0%"
DECIMAL = "#,##0.00"
GENERAL = "General"

EDGE = Side(style="thin", color="A6A6A6")
GRID = Border(left=EDGE, right=EDGE, top=EDGE, bottom=EDGE)

LINE_HEIGHT = 14.5  # points per line of 11 pt Arial
WIDTH_SAMPLE = 2000  # rows looked at when sizing a column


@dataclass(frozen=True)
class Column:
    """A table column: header text with its unit, e.g. "Cost (£ per year)", and its number format."""

    header: str
    number_format: str = GENERAL
    max_width: int = 48
    min_width: int = 8
    indent: int = 0
    shrink: bool = False  # shrink long text to the width instead of wrapping (ids)
    summed: bool = False  # the Total row adds this column up (FTE, hours, £); others show [z] there


@dataclass(frozen=True)
class Styled:
    """A value that carries its own number format (a Summary row of £ among rows of FTE)."""

    value: Any
    number_format: str


@dataclass(frozen=True)
class TableSpec:
    """Everything one data sheet shows: where, what it is called, and its single table."""

    sheet: str
    name: str
    title: str
    contents: str  # one line for the Contents sheet
    columns: tuple[Column, ...]
    rows: Sequence[Sequence[Any]]
    description: tuple[str, ...] = ()
    freeze_columns: int = 0
    freeze: bool = True
    empty: str = "None"  # what the only row says when there is nothing to list
    font_size: float = 11
    one_line: bool = False  # description on row 2 with the "one table" line, so the header is on row 3
    # Leading labels of a Total row written just under the table, e.g. ("Total", "All roles"); none when empty.
    # It sits outside the table's ref so readers that take every row of the table as data never count it twice.
    total: tuple[str, ...] = ()


@dataclass(frozen=True)
class Placed:
    """Where a table landed, so a sheet module can style cells or anchor a chart beside it."""

    sheet: Worksheet
    header_row: int
    first_row: int
    last_row: int
    last_column: int
    headers: tuple[str, ...] = field(default=())
    total_row: int | None = None  # the sheet row of the Total row under the table, if it has one

    def cell(self, index: int, column: int) -> Cell:
        """Data row ``index`` (0-based) and column ``column`` (0-based)."""
        return self.sheet.cell(row=self.first_row + index, column=column + 1)

    @property
    def ref(self) -> str:
        return f"A{self.header_row}:{get_column_letter(self.last_column)}{self.last_row}"


def write_table(book: Workbook, spec: TableSpec) -> Placed:
    """Add ``spec.sheet`` to ``book`` with the title, description and one named Excel table."""
    sheet = book.create_sheet(spec.sheet)
    sheet["A1"] = spec.title
    sheet["A1"].font = TITLE_FONT
    lines: tuple[str, ...] = ("This worksheet contains one table.", *spec.description,
                              *((TOTAL_LINE,) if has_total(spec) else ()))
    if spec.one_line:
        lines = (" ".join(lines),)
    for offset, line in enumerate(lines, start=2):
        sheet.cell(row=offset, column=1, value=line).font = BODY_FONT
    header_row = 2 + len(lines)
    return fill_table(sheet, spec, header_row)


def fill_table(sheet: Worksheet, spec: TableSpec, header_row: int) -> Placed:
    """Write the header and rows of ``spec`` at ``header_row`` and mark them up as an Excel table."""
    rows = [list(r) for r in spec.rows] or [[spec.empty] + [None] * (len(spec.columns) - 1)]
    headers = tuple(c.header for c in spec.columns)
    if len(set(headers)) != len(headers):
        raise ValueError(f"{spec.sheet}: table headers must be unique: {headers}")
    body = Font(name=FONT_NAME, size=spec.font_size)
    header_font = Font(name=FONT_NAME, size=spec.font_size, bold=True)
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=header_row, column=column, value=header)
        cell.font = header_font
        cell.border = GRID
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    styled: dict[tuple[int, str], Any] = {}  # (column, number format) -> a styled cell to copy from
    for index, row in enumerate(rows):
        if len(row) != len(spec.columns):
            raise ValueError(f"{spec.sheet}: row {index} has {len(row)} values for {len(spec.columns)} columns")
        for column, (value, spec_column) in enumerate(zip(row, spec.columns, strict=True), start=1):
            cell = sheet.cell(row=header_row + 1 + index, column=column)
            number_format = spec_column.number_format
            if isinstance(value, Styled):
                value, number_format = value.value, value.number_format
            cell.value = value
            template = styled.get((column, number_format))
            if template is not None:
                # Copying the style array skips openpyxl's per-assignment style hashing (15x faster).
                cell._style = copy(template._style)
                continue
            cell.number_format = number_format
            cell.font = body
            cell.border = GRID
            cell.alignment = Alignment(vertical="top", indent=spec_column.indent, shrink_to_fit=spec_column.shrink)
            styled[column, number_format] = cell
    last_row = header_row + len(rows)
    total = total_values(spec)
    if total:
        write_total(sheet, spec, last_row + 1, total)
    placed = Placed(sheet, header_row, header_row + 1, last_row, len(headers), headers,
                    last_row + 1 if total else None)
    table = Table(displayName=spec.name, ref=placed.ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    sheet.add_table(table)
    _size_columns(sheet, spec, rows + ([total] if total else []), header_row)
    if spec.freeze:
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=spec.freeze_columns + 1)
    print_setup(sheet, title_rows=f"{header_row}:{header_row}",
                title_columns=f"A:{get_column_letter(spec.freeze_columns)}" if spec.freeze_columns else None)
    return placed


def has_total(spec: TableSpec) -> bool:
    """Whether the table gets a Total row: asked for, and with rows (a total of nothing would only mislead)."""
    return bool(spec.total and spec.rows)


def total_values(spec: TableSpec) -> list[Any]:
    """The Total row's values, worked out from the rows written so it always agrees with them."""
    if not has_total(spec):
        return []
    return [_total_cell(spec, index, column) for index, column in enumerate(spec.columns)]


def _total_cell(spec: TableSpec, index: int, column: Column) -> Any:
    """A label in the leading cells, then the column's sum, or [z] where a sum would mean nothing."""
    if index < len(spec.total):
        return spec.total[index]
    return column_total([row[index] for row in spec.rows]) if column.summed else NOT_APPLICABLE


def column_total(values: Sequence[Any]) -> Any:
    """The sum of a column's figures (an int if all are ints); [x] if any row has no figure."""
    plain = [v.value if isinstance(v, Styled) else v for v in values]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in plain):
        return NOT_AVAILABLE
    return sum(plain) if all(isinstance(v, int) for v in plain) else math.fsum(plain)


def write_total(sheet: Worksheet, spec: TableSpec, row: int, values: Sequence[Any]) -> None:
    """Write the Total row in bold with the table's borders, so it reads as the table's total, not one more line."""
    font = Font(name=FONT_NAME, size=spec.font_size, bold=True)
    for column, (value, spec_column) in enumerate(zip(values, spec.columns, strict=True), start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.number_format = spec_column.number_format if isinstance(value, (int, float)) else GENERAL
        cell.font = font
        cell.border = GRID
        cell.alignment = Alignment(vertical="top", shrink_to_fit=spec_column.shrink)


UNIT_FORMATS = (("Sessions (", COUNT), ("(£", GBP), ("(FTE)", FTE), ("(per cent)", SHARE), ("(share)", DECIMAL),
                ("hours", HOURS), ("(per week)", HOURS), ("(per year)", COUNT), ("(x)", DECIMAL), ("(times)", DECIMAL))


def infer_format(header: str) -> str:
    """A number format from the unit in a header: "Cost (£ per year)" -> whole pounds, and so on."""
    return next((fmt for unit, fmt in UNIT_FORMATS if unit in header), GENERAL)


def columns(headers: Sequence[str]) -> tuple[Column, ...]:
    """Columns whose number formats follow the units in their headers."""
    return tuple(Column(header, infer_format(header)) for header in headers)


def print_setup(sheet: Worksheet, title_rows: str | None = None, title_columns: str | None = None,
                pages_wide: int = 1) -> None:
    """A4 landscape, ``pages_wide`` pages across and as many down as needed, header repeated."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = pages_wide
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.print_options.gridLines = False  # tables carry thin borders instead
    if title_rows:
        sheet.print_title_rows = title_rows
    if title_columns:
        sheet.print_title_cols = title_columns


def text_width(value: Any, number_format: str = GENERAL) -> int:
    """Characters a value takes when shown with ``number_format`` (near enough to size a column)."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return len(str(value))
    if number_format == SHARE:
        return len(f"{value:.1%}")
    if number_format in (GBP, COUNT):
        return len(f"{value:,.0f}") + (1 if number_format == GBP else 0)
    if number_format in (FTE, HOURS):
        return len(f"{value:,.1f}")
    if number_format == DECIMAL:
        return len(f"{value:,.2f}")
    return len(f"{value:g}")


def _size_columns(sheet: Worksheet, spec: TableSpec, rows: list[list[Any]], header_row: int) -> None:
    """Widths that fit the content (up to a cap, then wrap), and row heights for wrapped text."""
    scale = spec.font_size / 11
    widths = []
    for column, spec_column in enumerate(spec.columns):
        longest_word = max(len(word) for word in spec_column.header.split())
        content = max((_cell_width(row[column], spec_column) for row in rows[:WIDTH_SAMPLE]), default=0)
        wanted = max(spec_column.min_width, longest_word + 2, min(content + 2, spec_column.max_width),
                     math.ceil(len(spec_column.header) / 3) + 2)
        width = min(wanted, max(spec_column.max_width, longest_word + 2)) * scale
        widths.append(width)
        sheet.column_dimensions[get_column_letter(column + 1)].width = round(width, 1)
    header_lines = max(_lines(len(c.header), w / scale, words=c.header.split()) for c, w in zip(spec.columns, widths))
    sheet.row_dimensions[header_row].height = LINE_HEIGHT * scale * header_lines + 2
    for index, row in enumerate(rows):
        lines = 1
        for column, value in enumerate(row):
            if spec.columns[column].shrink:
                continue
            if isinstance(value, str) and len(value) > widths[column] / scale:
                sheet.cell(row=header_row + 1 + index, column=column + 1).alignment = Alignment(
                    wrap_text=True, vertical="top", indent=spec.columns[column].indent)
                lines = max(lines, _lines(len(value), widths[column] / scale, words=value.split()))
        if lines > 1:
            sheet.row_dimensions[header_row + 1 + index].height = LINE_HEIGHT * scale * lines + 2


def _cell_width(value: Any, column: Column) -> int:
    if isinstance(value, Styled):
        return text_width(value.value, value.number_format)
    return text_width(value, column.number_format)


def _lines(length: int, width: float, words: Sequence[str] = ()) -> int:
    """Lines a wrapped text needs in a column ``width`` characters wide (words do not split)."""
    usable = max((width - 1) * 1.15, 1)  # proportional fonts fit about 15% more letters than digits
    if not words:
        return max(1, math.ceil(length / usable))
    lines, current = 1, 0
    for word in words:
        needed = len(word) if current == 0 else current + 1 + len(word)
        if needed > usable and current:
            lines, current = lines + 1, len(word)
        else:
            current = needed
    return lines


def write_rows(book: Workbook, sheet: str, name: str, title: str, headers: Sequence[str],
               rows: Sequence[Sequence[Any]], note: str = "") -> Placed:
    """One sheet from headers and rows: formats from the units in the headers, the note beside the
    one-table line, so the header sits on row 3 (the demand and mix workbooks' layout)."""
    return write_table(book, TableSpec(sheet=sheet, name=name, title=title, contents="", columns=columns(headers),
                                       rows=rows, description=(note,) if note else (), one_line=True))


def finish_book(book: Workbook, title: str, subject: str, keywords: str) -> None:
    """Document properties (language en-GB) and open on the first sheet with the cursor in A1."""
    book.properties.title = title
    book.properties.subject = subject
    book.properties.creator = "pch-workforce"
    book.properties.keywords = keywords
    book.properties.language = "en-GB"
    book.active = 0
    for sheet in book.worksheets:
        sheet.sheet_view.tabSelected = sheet is book.worksheets[0]
        if not sheet.freeze_panes:
            sheet.sheet_view.selection[0].activeCell = "A1"
            sheet.sheet_view.selection[0].sqref = "A1"


def new_book() -> Workbook:
    """An empty workbook (openpyxl's default sheet removed)."""
    book = Workbook()
    book.remove(book.active)
    return book

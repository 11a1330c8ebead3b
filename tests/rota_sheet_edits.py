"""Edit a plan workbook's Rota sheet the way a planner would (openpyxl, cells found by their labels)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet


def header_row(sheet: Worksheet) -> int:
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == "Name" and row[1].value == "Role")


def grid_cell(sheet: Worksheet, name: str, header_start: str) -> str:
    """The coordinate of ``name``'s cell in the first column whose header starts ``header_start``
    (e.g. "Mon 04 Jan AM")."""
    top = header_row(sheet)
    column = next(c.column for c in sheet[top] if str(c.value or "").startswith(header_start))
    row = next(r[0].row for r in sheet.iter_rows(min_row=top + 1) if r[0].value == name)
    return sheet.cell(row, column).coordinate


def edited(source: Path, out: Path, edit: Callable[[openpyxl.Workbook], None]) -> Path:
    """A copy of ``source`` with ``edit`` applied, saved as ``out``."""
    book = openpyxl.load_workbook(source)
    edit(book)
    book.save(out)
    return out

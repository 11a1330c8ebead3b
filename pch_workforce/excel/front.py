"""The front of a workbook: a cover sheet, a linked contents table and the numbered notes.

Tables refer to notes as ``[note n]`` (never symbols), numbered in the order the notes are given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.styles import Alignment, Font
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink

from pch_workforce.excel.tables import (
    BODY_FONT,
    FONT_NAME,
    LINK_FONT,
    TITLE_FONT,
    Column,
    TableSpec,
    print_setup,
    write_table,
)


COVER_WIDTH = 72  # characters: fits A4 portrait at 100% (LibreOffice ignores fit-to-width there)


@dataclass(frozen=True)
class Note:
    key: str
    text: str


def write_cover(book: Workbook, title: str, items: Sequence[tuple[str, str]]) -> None:
    """The cover sheet: title in A1, then headed paragraphs in column A (AF cover layout)."""
    sheet = book.create_sheet("Cover", 0)
    sheet["A1"] = title
    sheet["A1"].font = TITLE_FONT
    sheet.column_dimensions["A"].width = COVER_WIDTH
    row = 2
    for heading, text in items:
        sheet.cell(row=row, column=1, value=heading).font = Font(name=FONT_NAME, size=13, bold=True)
        cell = sheet.cell(row=row + 1, column=1, value=text)
        cell.font = BODY_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = max(1, -(-len(text) // (COVER_WIDTH - 8)))
        sheet.row_dimensions[row + 1].height = 14.5 * lines + 2
        row += 2
    print_setup(sheet)
    sheet.page_setup.orientation = "portrait"


def write_contents(book: Workbook, entries: Sequence[tuple[str, str]], name: str = "Contents") -> None:
    """A linked table of contents: one row per sheet after it, sheet name linking to its A1."""
    placed = write_table(book, TableSpec(
        sheet="Contents", name=name, title="Contents", contents="",
        columns=(Column("Sheet name", max_width=24), Column("Table description", max_width=90)),
        rows=[[sheet, description] for sheet, description in entries],
        description=("Select a sheet name to go to that sheet.",), freeze=False))
    book.move_sheet("Contents", offset=1 - book.sheetnames.index("Contents"))
    for index, (sheet, _) in enumerate(entries):
        cell = placed.cell(index, 0)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet}'!A1", display=sheet)
        cell.font = LINK_FONT


def write_notes(book: Workbook, notes: Sequence[Note], name: str = "Notes") -> None:
    write_table(book, TableSpec(
        sheet="Notes", name=name, title="Notes", contents="",
        columns=(Column("Note number", max_width=12), Column("Note text", max_width=100)),
        rows=[[f"note {number}", item.text] for number, item in enumerate(notes, start=1)],
        description=("Tables refer to these notes as [note 1], [note 2] and so on.",), freeze=False))

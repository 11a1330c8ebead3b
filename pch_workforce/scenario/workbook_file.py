"""Open an analyst's workbook safely: size and zip limits, defusedxml, cached formula values.

Nothing here knows the scenario layout; it hands the reader a values-only view of each sheet
plus the cells whose formula has no cached value.
"""

from __future__ import annotations

import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook

from pch_workforce.errors import InputError, Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ROWS_PER_SHEET = 20_000
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class SheetValues:
    """The cached values of one sheet, and formulas that have none (to be reported, not guessed)."""

    name: str
    rows: list[tuple[Any, ...]]  # row 1 first; each tuple holds columns A.. as read
    formulas_without_value: dict[tuple[int, int], str]  # (row, column) -> formula text
    # (row, column) -> (formula text or None, the error as Excel shows it, e.g. "#N/A"): openpyxl reads
    # an error as the plain text "#N/A", which a text column would otherwise take as a name or a code.
    error_values: dict[tuple[int, int], tuple[str | None, str]] = field(default_factory=dict)
    # (row, column) -> the merged range it is hidden in, e.g. "A4:B4", for cells other than its top-left one:
    # Excel shows the top-left value across the range, but the other cells are blank.
    merged_into: dict[tuple[int, int], str] = field(default_factory=dict)

    def cell(self, row: int, column: int) -> Any:
        if row - 1 >= len(self.rows):
            return None
        values = self.rows[row - 1]
        return values[column - 1] if column - 1 < len(values) else None


def open_workbook(path: Path) -> dict[str, SheetValues]:
    """Read every sheet's cached values, or raise InputError naming the file and what is wrong."""
    where = str(path)
    _check_file(path)
    if not openpyxl.DEFUSEDXML:  # fail closed: never parse workbook XML without defusedxml
        raise InputError([Problem(where, "defusedxml is not active in openpyxl, so the workbook is not read "
                                         "(install defusedxml and unset OPENPYXL_DEFUSEDXML)")])
    values_book = _load(path, data_only=True)
    formula_book = _load(path, data_only=False)
    sheets: dict[str, SheetValues] = {}
    problems: list[Problem] = []
    for sheet in values_book.worksheets:
        if sheet.max_row > MAX_ROWS_PER_SHEET:
            problems.append(Problem(f"{sheet.title}", f"has {sheet.max_row:,} rows; the limit is "
                                                      f"{MAX_ROWS_PER_SHEET:,}"))
            continue
        rows: list[tuple[Any, ...]] = []
        errors: dict[tuple[int, int], str] = {}
        for row in sheet.iter_rows():  # one pass: the values, and which of them are Excel errors
            rows.append(tuple(cell.value for cell in row))
            errors.update(((cell.row, cell.column), str(cell.value)) for cell in row if cell.data_type == "e")
        missing: dict[tuple[int, int], str] = {}
        formulas: dict[tuple[int, int], str] = {}
        for row in formula_book[sheet.title].iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas[(cell.row, cell.column)] = str(cell.value)
                    if _value_at(rows, cell.row, cell.column) is None:
                        missing[(cell.row, cell.column)] = str(cell.value)
        error_values = {place: (formulas.get(place), error) for place, error in errors.items()}
        merged_into = {(row, column): str(merged) for merged in sheet.merged_cells.ranges
                       for row, column in merged.cells if (row, column) != (merged.min_row, merged.min_col)}
        sheets[sheet.title] = SheetValues(sheet.title, rows, missing, error_values, merged_into)
    values_book.close()
    formula_book.close()
    if problems:
        raise InputError(problems)
    return sheets


def _value_at(rows: list[tuple[Any, ...]], row: int, column: int) -> Any:
    if row - 1 >= len(rows) or column - 1 >= len(rows[row - 1]):
        return None
    return rows[row - 1][column - 1]


def _check_file(path: Path) -> None:
    where = str(path)
    if not path.exists():
        raise InputError([Problem(where, "file not found")])
    if not path.is_file():
        raise InputError([Problem(where, "is not a file")])
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise InputError([Problem(where, f"is not an Excel workbook (.xlsx or .xlsm); got '{path.suffix or 'no'}' "
                                         "extension")])
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError([Problem(where, f"is {size / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB")])
    if not zipfile.is_zipfile(path):
        raise InputError([Problem(where, "is not an Excel workbook: the file is not a valid .xlsx (zip) "
                                         "container — truncated, or another kind of file renamed")])
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            unzipped = sum(member.file_size for member in members)
            packed = max(1, sum(member.compress_size for member in members))
            if unzipped > MAX_UNZIPPED_BYTES or unzipped / packed > MAX_COMPRESSION_RATIO:
                raise InputError([Problem(where, f"unpacks to {unzipped / 1e6:.0f} MB from {packed / 1e6:.1f} MB "
                                                 "(a zip bomb?); refused")])
            bad = archive.testzip()  # only after the size check: this decompresses every part
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise InputError([Problem(where, f"is damaged and cannot be opened ({error})")]) from None
    if bad is not None:
        raise InputError([Problem(where, f"is damaged: part '{bad}' fails its checksum (truncated or corrupted)")])


def _load(path: Path, data_only: bool) -> Workbook:
    where = str(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions; not the user's problem
            # keep_vba=False: macros in an .xlsm are neither run nor carried anywhere.
            return openpyxl.load_workbook(path, data_only=data_only, keep_vba=False, keep_links=False)
    except Exception as error:  # openpyxl raises many types for damaged files
        raise InputError([Problem(where, _explain_load_failure(error))]) from None


def _explain_load_failure(error: BaseException) -> str:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    names = {type(e).__name__ for e in chain}
    if names & {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"}:
        return ("contains XML entity or DTD declarations (an entity-expansion 'XML bomb'?); refused for safety. "
                "Save a clean copy from Excel or LibreOffice")
    if names & {"BadZipFile", "EOFError"}:
        return "is damaged and cannot be opened (truncated or corrupted zip)"
    return f"cannot be read as an Excel workbook ({type(error).__name__}: {error})"

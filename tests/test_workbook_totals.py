"""Total rows on the plan's Mix, Budget and Risk share sheets, read back with openpyxl.

Each Total row sits just under its table, outside the table's ref, so readers that take every row
of a table as data (test_plan_workbook, anyone filtering in Excel) never count it twice. It adds
up FTE, counts, hours and £; rates, shares, grades and prices show [z] (AF: not applicable).
"""

from __future__ import annotations

from typing import Any

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pch_workforce.plan.model import Plan
from pch_workforce.excel.tables import (
    GBP,
    TOTAL_LINE,
    Column,
    Styled,
    TableSpec,
    column_total,
    new_book,
    write_table,
)
from tests.plan_workbook_fixture import north_coast_plan, north_coast_workbook

SUMMED = {
    "Mix": {"Existing (FTE)", "Planned (FTE)", "Change (FTE)", "Most recruitable (FTE)", "Sessions (per week)",
            "Clinical hours (per week)", "Hours on services (per week)", "Supervising (hours per week)",
            "Spare (hours per week)"},
    "Budget": {"Planned (FTE)", "Pay (£ per year)", "On-costs (£ per year)", "Pay and on-costs (£ per year)",
               "Other payers pay (£ per year)", "ARRS baseline (FTE)", "ARRS reimbursement (£ per year)",
               "Budget pays (£ per year)"},
    "Risk share": {"Registered patients", "Budget used, by list share (£ per year)",
                   "Headroom, by list share (£ per year)", "Demand (hours per week)",
                   "Budget used, by demand share (£ per year)"},
}
LABELS = {"Mix": ("Total", "All roles"), "Budget": ("Total", "All roles"), "Risk share": ("Total", "All practices")}
NOT_SUMMED = {  # rates, shares, grades and per-unit prices: a sum of these means nothing
    "Mix": {"Staff group", "Employer"},
    "Budget": {"Pay point", "Cost per FTE (£ per year)", "Payers", "ARRS eligible",
               "How the cost per FTE was worked out"},
    "Risk share": {"Share of list (per cent)", "Share of demand hours (per cent)"},
}


@pytest.fixture(scope="module")
def plan() -> Plan:
    return north_coast_plan()


@pytest.fixture(scope="module")
def book() -> Workbook:
    return openpyxl.load_workbook(north_coast_workbook())


def table_and_total(sheet: Worksheet) -> tuple[list[dict[str, Any]], dict[str, Any], int]:
    """The table's rows (header -> value), the row just under its ref, and that row's number."""
    (only,) = sheet.tables.values()
    _, header_row, _, last_row = range_boundaries(only.ref)
    headers = [c.value for c in sheet[header_row]]
    rows = [dict(zip(headers, (c.value for c in row), strict=True))
            for row in sheet.iter_rows(min_row=header_row + 1, max_row=last_row, max_col=len(headers))]
    total = dict(zip(headers, (c.value for c in sheet[last_row + 1][:len(headers)]), strict=True))
    return rows, total, last_row + 1


@pytest.mark.parametrize("name", list(SUMMED))
def test_total_row_adds_up_the_rows_above_it(book: Workbook, name: str) -> None:
    rows, total, _ = table_and_total(book[name])
    assert len(rows) > 1
    assert tuple(total[h] for h in list(total)[:2]) == LABELS[name]
    for header in SUMMED[name]:
        assert total[header] == pytest.approx(sum(r[header] for r in rows), abs=1e-6), f"{name}: {header}"


@pytest.mark.parametrize("name", list(SUMMED))
def test_rates_and_shares_are_not_summed(book: Workbook, name: str) -> None:
    _, total, _ = table_and_total(book[name])
    assert {h for h, v in total.items() if v == "[z]"} == NOT_SUMMED[name]
    assert set(list(total)[:2]) | SUMMED[name] | NOT_SUMMED[name] == set(total)  # every column decided


@pytest.mark.parametrize("name", list(SUMMED))
def test_total_row_sits_under_the_table_not_in_it(book: Workbook, name: str) -> None:
    sheet = book[name]
    rows, _, total_row = table_and_total(sheet)
    (only,) = sheet.tables.values()
    _, _, last_column, last_row = range_boundaries(only.ref)
    assert total_row == last_row + 1  # straight under the table: no blank row between
    assert only.autoFilter is not None and only.autoFilter.ref == only.ref  # sorting never moves the total
    assert "Total" not in {next(iter(r.values())) for r in rows}  # a reader by ref never counts it
    cells = sheet[total_row][:last_column]
    assert all(c.font.b for c in cells) and all(c.data_type != "f" for c in cells)  # bold values, no formulas
    assert all(c.value is None for c in sheet[total_row + 1])  # nothing below the total
    assert TOTAL_LINE in [sheet.cell(row=r, column=1).value for r in range(2, last_row)]


def test_totals_match_the_plan_by_hand(book: Workbook, plan: Plan) -> None:
    """Hand-checked figures: the whole team, what the budget pays, and every registered patient."""
    _, mix, _ = table_and_total(book["Mix"])
    _, budget, _ = table_and_total(book["Budget"])
    _, share, _ = table_and_total(book["Risk share"])
    team = sum(r.fte for r in plan.mix.roles)
    assert mix["Planned (FTE)"] == budget["Planned (FTE)"] == pytest.approx(team)
    assert mix["Change (FTE)"] == pytest.approx(team - sum(r.existing_fte for r in plan.mix.roles))
    assert budget["Budget pays (£ per year)"] == pytest.approx(plan.mix.cost_per_year, abs=1)
    assert share["Budget used, by list share (£ per year)"] == pytest.approx(plan.mix.cost_per_year, abs=1)
    assert budget["Pay (£ per year)"] + budget["On-costs (£ per year)"] == pytest.approx(
        budget["Pay and on-costs (£ per year)"], abs=0.01)
    patients = plan.loaded.scenario.total_population
    assert share["Registered patients"] == patients == sum(p.list_size for p in plan.loaded.scenario.practices)
    assert isinstance(share["Registered patients"], int)


def test_column_total_keeps_ints_unwraps_styled_and_refuses_a_missing_figure() -> None:
    assert column_total([1, 2, 3]) == 6 and isinstance(column_total([1, 2, 3]), int)
    assert column_total([0.1, 0.2, Styled(0.7, GBP)]) == pytest.approx(1.0)
    assert column_total([1.0, "[x]"]) == "[x]" and column_total([1, None]) == "[x]"
    assert column_total([True, 1]) == "[x]"


def test_a_table_without_rows_or_without_a_total_gets_no_total_row() -> None:
    columns = (Column("Thing"), Column("Cost (£ per year)", GBP, summed=True))
    book = new_book()
    empty = write_table(book, TableSpec("Empty", "Empty", "t", "c", columns, rows=[], total=("Total",)))
    plain = write_table(book, TableSpec("Plain", "Plain", "t", "c", columns, rows=[["a", 1]]))
    for placed in (empty, plain):
        assert placed.total_row is None
        assert placed.sheet.cell(row=placed.last_row + 1, column=1).value is None
        assert TOTAL_LINE not in [c.value for c in placed.sheet["A"]]
    summed = write_table(book, TableSpec("Summed", "Summed", "t", "c", columns, rows=[["a", 1], ["b", 2]],
                                         total=("Total",)))
    assert summed.total_row == summed.last_row + 1
    assert [c.value for c in summed.sheet[summed.total_row]] == ["Total", 3]
    assert summed.sheet.cell(row=summed.total_row, column=2).number_format == GBP

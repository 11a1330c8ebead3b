"""Funding, pay points, the ARRS baseline, care homes and income streams in the scenario workbook.

Each bad input is one problem at the cell a planner would fix (reader, loader and the real CLI);
a good workbook reads back to the Scenario it was written from.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pch_workforce.care_model import load_care_model
from pch_workforce.care_model.model import IncomeBasis, IncomeStreamSpec
from pch_workforce.cli import main
from pch_workforce.scenario import cells
from pch_workforce.scenario.loader import care_model_dirs, check_against_care_model, load_scenario
from pch_workforce.scenario.model import CareHome, FundingShare, IncomeStream, PayPoint, Scenario
from pch_workforce.scenario.reader import read_scenario, read_scenario_with_rows
from tests.scenario_factory import edit, fitting_scenario, problems_from, write

TRUST = "North Coast Community Trust"


def funded_scenario() -> Scenario:
    """The fitting scenario with every new input used: payers, pay points, a baseline, homes and income."""
    scenario = fitting_scenario()
    gp, nurse = scenario.roles
    roles = (
        gp.model_copy(update={"pay_point": PayPoint.TOP, "arrs_baseline_fte": 0.5}),
        nurse.model_copy(update={"funding": (FundingShare(payer="site", share=0.5),
                                             FundingShare(payer=TRUST, share=0.5)),
                                 "pay_point": PayPoint.BOTTOM}),
    )
    homes = (CareHome(name="Seaview House", practice="A1", beds=40, admissions_per_year=30),
             CareHome(name="Beta Lodge", practice="B2", beds=12, admissions_per_year=8.5))
    income = (IncomeStream(stream="global_sum", quantity=3200, rate=110.5, source="2026/27 contract"),
              IncomeStream(stream="Local frailty contract", quantity=1, rate=85_000, source="ICB agreement"))
    site = scenario.site.model_copy(update={"capitated_budget_per_year": None, "weighted_list": 3350.5})
    return Scenario.model_validate({**dict(scenario), "site": site, "roles": roles, "care_homes": homes,
                                    "income": income})


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """The fitting scenario (budget on the Site sheet, no income streams)."""
    return write(fitting_scenario(), tmp_path / "good.xlsx")


@pytest.fixture
def funded(tmp_path: Path) -> Path:
    return write(funded_scenario(), tmp_path / "funded.xlsx")


def read_problems(path: Path) -> list[str]:
    return problems_from(read_scenario, path)


def load_problems(path: Path) -> list[str]:
    return problems_from(load_scenario, path)


def fill(path: Path, sheet: str, rows: dict[int, tuple[Any, ...]]) -> Path:
    """Type whole rows into a sheet (row number -> values from column A), as a planner would."""
    book = openpyxl.load_workbook(path)
    for row, values in rows.items():
        for column, value in enumerate(values, start=1):
            book[sheet].cell(row, column).value = value  # cell(r, c, None) would keep the old value
    book.save(path)
    return path


# --- a good workbook reads back --------------------------------------------------------------

def test_funded_scenario_reads_back_the_same(funded: Path) -> None:
    assert read_scenario(funded) == funded_scenario()


def test_funded_scenario_loads_and_validates(funded: Path) -> None:
    loaded = load_scenario(funded)
    assert loaded.scenario.income[1].rate == 85_000
    result = CliRunner().invoke(main, ["validate", str(funded), "--json"])
    assert result.exit_code == 0, result.stderr
    assert '"income_streams": 2' in result.stdout and '"care_homes": 2' in result.stdout


def test_typed_values_read_into_the_right_fields(good: Path) -> None:
    """What a planner types, in their own spelling, becomes the Scenario's typed values."""
    fill(good, "Roles", {4: ("gp", 1.5, 3, None, "no", "practice", "Site 50%; North  Coast Community Trust 0.5",
                             "Top", 0.4)})
    fill(good, "Care homes", {4: ("Seaview House", "A1", 40, 30), 5: ("Beta Lodge", "B2", 12, 8.5)})
    fill(good, "Income", {4: ("global_sum", None, None, "care model"), 5: ("Local grant", 2, 1000.0, None)})
    edit(good, "Site", "B8", None)
    edit(good, "Site", "B10", 3350.5)
    scenario = read_scenario(good)
    gp = scenario.roles[0]
    assert gp.funding == (FundingShare(payer="site", share=0.5), FundingShare(payer=TRUST, share=0.5))
    assert gp.pay_point is PayPoint.TOP and gp.arrs_baseline_fte == 0.4
    assert scenario.roles[1].funding == () and scenario.roles[1].pay_point is PayPoint.MIDDLE
    assert scenario.roles[1].arrs_baseline_fte == 0
    assert scenario.care_homes == (CareHome(name="Seaview House", practice="A1", beds=40, admissions_per_year=30),
                                   CareHome(name="Beta Lodge", practice="B2", beds=12, admissions_per_year=8.5))
    assert scenario.income == (IncomeStream(stream="global_sum", source="care model"),
                               IncomeStream(stream="Local grant", quantity=2, rate=1000.0))
    assert scenario.site.capitated_budget_per_year is None and scenario.site.weighted_list == 3350.5


def test_example_rows_on_the_new_sheets_are_never_read(good: Path) -> None:
    """An 'e.g.' income row must not count as an income stream (it would clash with the Site budget)."""
    fill(good, "Income", {4: ("e.g. global_sum", None, None, "example")})
    fill(good, "Care homes", {4: ("e.g. Seaview House", "P9", 40, 30)})
    assert read_scenario(good) == fitting_scenario()


def test_workbook_without_the_new_sheets_and_setting_still_reads(good: Path) -> None:
    """Care homes and Income are optional sheets; a missing Weighted list row reads as blank."""
    book = openpyxl.load_workbook(good)
    del book["Care homes"], book["Income"]
    book["Site"].delete_rows(10)
    book.save(good)
    assert read_scenario(good) == fitting_scenario()


# --- Site: the weighted list and one budget ----------------------------------------------------

def test_negative_weighted_list(good: Path) -> None:
    edit(good, "Site", "B10", -5)
    assert read_problems(good) == [
        "Site!B10: Weighted list (patients): the weighted list must be a number of at least 0, got -5"
    ]


def test_budget_on_the_site_sheet_and_income_streams(good: Path) -> None:
    fill(good, "Income", {4: ("Local grant", 1, 5000, None)})
    assert read_problems(good) == [
        "Site!B8: Capitated budget (£ per year): the Income sheet also gives the budget, as the sum of its "
        "streams; clear one: this cell or the Income sheet's rows"
    ]


def test_neither_a_budget_nor_income_streams(good: Path) -> None:
    edit(good, "Site", "B8", None)
    assert read_problems(good) == [
        "Site!B8: Capitated budget (£ per year) is required unless the Income sheet lists the income streams "
        "that make it up; fill in one of them"
    ]


def test_an_income_row_with_a_mistake_still_counts_as_income(funded: Path) -> None:
    """A bad rate is one problem at its cell, not also 'no budget' at the Site sheet."""
    edit(funded, "Income", "C5", "lots")
    assert read_problems(funded) == [
        'Income!C5: Rate (£ per unit a year): rate must be a number of at least 0, got "lots"'
    ]


# --- Roles: funding, pay point, ARRS baseline ----------------------------------------------------

FUNDING = "Funding (payer share; ...)"


@pytest.mark.parametrize(("text", "message"), [
    ("site half", 'the share of "site" must be a number above 0 and at most 1, got "half"'),
    ("site 0", 'the share of "site" must be a number above 0 and at most 1, got "0"'),
    ("site 1.5", 'the share of "site" must be a number above 0 and at most 1, got "1.5"'),
    ("site -0.5; trust 1.5", 'the share of "site" must be a number above 0 and at most 1, got "-0.5"'),
    ("site", '"site" has no share: write each payer and its share, e.g. "site 0.5"'),
    ("0.5", 'the share 0.5 has no payer: write the payer\'s name before it, e.g. "site 0.5"'),
    ("; 0.5", 'the share 0.5 has no payer: write the payer\'s name before it, e.g. "site 0.5"'),
    ("site 0.5; mental health trust 0.3", "the shares add up to 0.8, not 1"),
    ("site 0.5; Site 0.5", "payer 'site' is listed twice; give each payer once"),
    (f"{TRUST} 0.5; north coast  community trust 0.5",
     "payer 'north coast community trust' is listed twice; give each payer once"),
])
def test_bad_funding_is_placed_at_its_cell(good: Path, text: str, message: str) -> None:
    edit(good, "Roles", "G5", text)
    assert read_problems(good) == [f"Roles!G5: {FUNDING}: {message}"]


@pytest.mark.parametrize(("text", "expected"), [
    ("site 1", (("site", 1.0),)),
    (f"{TRUST} 1", ((TRUST, 1.0),)),
    ("site 0.5; mental health trust 0.5", (("site", 0.5), ("mental health trust", 0.5))),
    ("SITE 0.25, trust 75%", (("site", 0.25), ("trust", 0.75))),
    ("a 0.3333333; b 0.3333333; c 0.3333334", (("a", 0.3333333), ("b", 0.3333333), ("c", 0.3333334))),
])
def test_funding_text_is_read_as_payers_and_shares(text: str, expected: tuple[tuple[str, float], ...]) -> None:
    assert tuple((f.payer, f.share) for f in cells.funding(text)) == expected


def test_funding_in_thirds_reads_back_exactly(tmp_path: Path) -> None:
    """Shares written with 6 digits (0.333333 x 3) would no longer add up to 1."""
    scenario = fitting_scenario()
    thirds = tuple(FundingShare(payer=payer, share=1 / 3) for payer in ("site", TRUST, "mental health trust"))
    roles = (scenario.roles[0].model_copy(update={"funding": thirds}), scenario.roles[1])
    scenario = scenario.model_copy(update={"roles": roles})
    assert read_scenario(write(scenario, tmp_path / "thirds.xlsx")).roles[0].funding == thirds


def test_bad_pay_point(good: Path) -> None:
    edit(good, "Roles", "H4", "highest")
    assert read_problems(good) == [
        'Roles!H4: Pay point (bottom/middle/top): pay point must be one of bottom, middle, top; got "highest"'
    ]


def test_negative_arrs_baseline(good: Path) -> None:
    edit(good, "Roles", "I4", -1)
    assert read_problems(good) == [
        "Roles!I4: ARRS baseline FTE: ARRS baseline FTE must be a number of at least 0, got -1"
    ]


def test_older_roles_layout_names_the_replaced_column_once(good: Path) -> None:
    """A workbook with the old "Budget pays (yes/no)" column: one problem per header, not one per row."""
    book = openpyxl.load_workbook(good)
    roles = book["Roles"]
    roles["G3"] = "Budget pays (yes/no)"
    for row in range(4, 6):
        roles[f"G{row}"], roles[f"H{row}"], roles[f"I{row}"] = "yes", None, None
    roles["H3"] = roles["I3"] = None
    book.save(good)
    found = read_problems(good)
    assert found[0].startswith('Roles!G3: the column "Budget pays (yes/no)" is now "Funding (payer share; ...)": ')
    assert found[1:] == [
        "Roles!H3: header should be \"Pay point (bottom/middle/top)\", found nothing (columns must stay in the "
        "template's order)",
        "Roles!I3: header should be \"ARRS baseline FTE\", found nothing (columns must stay in the template's order)",
    ]


# --- Care homes ------------------------------------------------------------------------------

def test_care_home_at_an_unknown_practice(funded: Path) -> None:
    edit(funded, "Care homes", "B5", "ZZ")
    assert read_problems(funded) == ['Care homes!B5: unknown practice "ZZ": not on the Practices sheet']


def test_duplicate_care_home(funded: Path) -> None:
    edit(funded, "Care homes", "A5", "Seaview House")
    assert read_problems(funded) == ['Care homes!A5: duplicate care home "Seaview House" (first on row 4)']


@pytest.mark.parametrize(("cell", "value", "message"), [
    ("C4", 12.5, "Beds: beds must be a whole number of at least 0, got 12.5"),
    ("D4", -1, "Admissions a year: admissions a year must be a number of at least 0, got -1"),
    ("A4", None, "Home name is required"),
])
def test_bad_care_home_cell(funded: Path, cell: str, value: object, message: str) -> None:
    edit(funded, "Care homes", cell, value)
    assert read_problems(funded) == [f"Care homes!{cell}: {message}"]


# --- Income ----------------------------------------------------------------------------------

def test_income_stream_given_twice(funded: Path) -> None:
    edit(funded, "Income", "A5", "global_sum")
    assert read_problems(funded) == ['Income!A5: duplicate income stream "global_sum" (first on row 4)']


def test_negative_quantity(funded: Path) -> None:
    edit(funded, "Income", "B4", -3)
    assert read_problems(funded) == [
        "Income!B4: Quantity (units a year): quantity must be a number of at least 0, got -3"
    ]


@pytest.mark.parametrize(("blank", "expected"), [
    (("B5",), ["B5"]),
    (("C5",), ["C5"]),
    (("B5", "C5"), ["B5", "C5"]),
])
def test_local_stream_needs_its_quantity_and_rate(funded: Path, blank: tuple[str, ...], expected: list[str]) -> None:
    for cell in blank:
        edit(funded, "Income", cell, None)
    found = load_problems(funded)
    assert [problem.split(":")[0] for problem in found] == [f"Income!{cell}" for cell in expected]
    assert all(problem.split(": ", 1)[1].startswith('"Local frailty contract" is not an income stream of care '
                                                    'model "pch-default" (known: ') for problem in found)
    assert found[-1].endswith("so give its rate (£ per unit a year)" if "C5" in blank
                              else "so give its quantity (units a year)")


def _with_income_specs(**specs: IncomeStreamSpec) -> Any:
    model = load_care_model("pch-default", care_model_dirs())
    return model.model_copy(update={"income": specs})


def _stream(basis: IncomeBasis) -> IncomeStreamSpec:
    return IncomeStreamSpec.model_validate({"name": "Stream", "unit": "weighted patient", "basis": basis,
                                            "rate": {"value": 100.0, "source": "test"}})


def test_known_stream_takes_blank_quantity_and_rate_from_the_care_model(funded: Path) -> None:
    edit(funded, "Income", "B4", None)
    edit(funded, "Income", "C4", None)
    scenario, rows = read_scenario_with_rows(funded)
    care_model = _with_income_specs(global_sum=_stream(IncomeBasis.WEIGHTED_LIST))
    assert check_against_care_model(scenario, care_model, rows) == []


def test_known_stream_with_no_basis_needs_its_quantity(funded: Path) -> None:
    """A stream the care model prices but cannot count (basis "given") once crashed budgeting (exit 1)."""
    edit(funded, "Income", "B4", None)
    scenario, rows = read_scenario_with_rows(funded)
    care_model = _with_income_specs(global_sum=_stream(IncomeBasis.GIVEN))
    assert [str(p) for p in check_against_care_model(scenario, care_model, rows)] == [
        'Income!B4: the care model has no basis for the quantity of "global_sum" (weighted patient); give it'
    ]


# --- through the real CLI: exit 2, the problem at its cell, nothing written ----------------------

CLI_CASES = [
    ("Site", "B10", -5, "Site!B10: Weighted list (patients): the weighted list must be a number of at least 0"),
    ("Site", "B8", 1_000_000, "Site!B8: Capitated budget (£ per year): the Income sheet also gives the budget"),
    ("Roles", "G5", "site 0.5; trust 0.3", f"Roles!G5: {FUNDING}: the shares add up to 0.8, not 1"),
    ("Roles", "G5", "0.5", f"Roles!G5: {FUNDING}: the share 0.5 has no payer"),
    ("Roles", "G5", "site 0.5; site 0.5", f"Roles!G5: {FUNDING}: payer 'site' is listed twice"),
    ("Roles", "G5", "site 2", f'Roles!G5: {FUNDING}: the share of "site" must be a number above 0 and at most 1'),
    ("Roles", "H4", "highest", "Roles!H4: Pay point (bottom/middle/top): pay point must be one of"),
    ("Roles", "I4", -1, "Roles!I4: ARRS baseline FTE: ARRS baseline FTE must be a number of at least 0, got -1"),
    ("Care homes", "B5", "ZZ", 'Care homes!B5: unknown practice "ZZ": not on the Practices sheet'),
    ("Care homes", "A5", "Seaview House", 'Care homes!A5: duplicate care home "Seaview House" (first on row 4)'),
    ("Income", "A5", "global_sum", 'Income!A5: duplicate income stream "global_sum" (first on row 4)'),
    ("Income", "C5", None, 'Income!C5: "Local frailty contract" is not an income stream of care model'),
]


@pytest.mark.parametrize(("sheet", "cell", "value", "expected"), CLI_CASES,
                         ids=[f"{sheet}!{cell}={value}" for sheet, cell, value, _ in CLI_CASES])
def test_validate_places_each_bad_input_at_its_cell(funded: Path, sheet: str, cell: str, value: object,
                                                    expected: str) -> None:
    edit(funded, sheet, cell, value)
    before = sorted(os.listdir(funded.parent))
    result = CliRunner().invoke(main, ["validate", str(funded)])
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert sorted(os.listdir(funded.parent)) == before


def test_validate_without_a_budget_as_a_real_process(good: Path) -> None:
    edit(good, "Site", "B8", None)
    before = sorted(os.listdir(good.parent))
    script = Path(sys.executable).with_name("pch-workforce")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "pch_workforce.cli"]
    completed = subprocess.run([*command, "validate", str(good)], capture_output=True, text=True, check=False)
    assert completed.returncode == 2
    assert "Site!B8: Capitated budget (£ per year) is required unless the Income sheet lists" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert sorted(os.listdir(good.parent)) == before

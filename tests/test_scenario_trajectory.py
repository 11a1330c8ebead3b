"""The multi-year trajectory's scenario inputs (issue 21): staff age bands and expected leaving years, the
Trajectory and Pipeline sheets, population growth and income uplift on the Site sheet. All optional: a workbook
without them reads as before. Bad inputs go through the real CLI: exit 2, the error at its cell, nothing written."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from pch_workforce.scenario import schema
from pch_workforce.scenario.loader import load_scenario
from pch_workforce.scenario.model import PipelineEntry, Scenario, TrajectoryRole
from pch_workforce.scenario.reader import read_scenario
from tests.scenario_factory import edit, fitting_scenario, problems_from, write
from tests.test_cli import entry_point, in_process

NEW_SETTINGS = ("population_growth", "income_uplift")


def trajectory_scenario() -> Scenario:
    """The fitting scenario with every trajectory input filled in."""
    scenario = fitting_scenario()
    staff = list(scenario.staff)
    staff[0] = staff[0].model_copy(update={"age_band": "60+", "leaving_year": "2028/29"})
    staff[2] = staff[2].model_copy(update={"age_band": "55-59"})
    site = scenario.site.model_copy(update={"population_growth": 0.008, "income_uplift": 0.027})
    return scenario.model_copy(update={
        "site": site,
        "staff": tuple(staff),
        "trajectory_roles": (TrajectoryRole(role="gp", leaver_rate=0.088, lead_months=9, max_hires_per_year=1.5),
                             TrajectoryRole(role="practice_nurse", lead_months=5)),
        "pipeline": (PipelineEntry(role="gp", qualifying_year="2028/29", fte=1.0,
                                   description="GP registrar at Alpha Surgery"),),
    })


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    return write(trajectory_scenario(), tmp_path / "s.xlsx")


def site_cell(field: str) -> str:
    """Column B of a Site setting's row, as the template lays them out."""
    index = [setting.field for setting in schema.SITE_SETTINGS].index(field)
    return f"B{schema.FIRST_DATA_ROW + index}"


def column(spec: schema.SheetSpec, field: str) -> str:
    return openpyxl.utils.get_column_letter(spec.column_of(field))


def test_the_new_inputs_read_back_as_written(filled: Path) -> None:
    scenario = load_scenario(filled).scenario
    assert scenario == trajectory_scenario()
    assert scenario.site.population_growth == 0.008 and scenario.site.income_uplift == 0.027
    assert (scenario.staff[0].age_band, scenario.staff[0].leaving_year) == ("60+", "2028/29")
    assert (scenario.staff[1].age_band, scenario.staff[1].leaving_year) == (None, None)
    gp = scenario.trajectory_role("gp")
    assert gp is not None and (gp.leaver_rate, gp.lead_months, gp.max_hires_per_year) == (0.088, 9, 1.5)
    nurse = scenario.trajectory_role("practice_nurse")
    assert nurse is not None and (nurse.leaver_rate, nurse.lead_months, nurse.max_hires_per_year) == (None, 5, None)
    assert scenario.pipeline[0].description == "GP registrar at Alpha Surgery"


def test_the_template_draws_the_new_columns_sheets_and_settings(tmp_path: Path) -> None:
    template = tmp_path / "t.xlsx"
    completed = subprocess.run([*entry_point(), "template", str(template)], capture_output=True, text=True,
                               check=False)
    assert completed.returncode == 0, completed.stderr
    book = openpyxl.load_workbook(template)
    staff = book["Staff"]
    assert (staff["K3"].value, staff["L3"].value) == ("Age band", "Expected leaving year")
    assert "(optional)" in staff["K3"].comment.text and "2028/29" in staff["L3"].comment.text
    assert staff.column_dimensions["L"].number_format == "@"  # typed years stay text
    assert any(dv.formula1 == '"under 35,35-44,45-54,55-59,60+"' for dv in staff.data_validations.dataValidation)
    assert [book["Trajectory"].cell(3, c).value for c in range(1, 5)] == [
        "Role", "Leaver rate (share a year)", "Recruitment lead time (months)", "Most hires a year (FTE)"]
    assert [book["Pipeline"].cell(3, c).value for c in range(1, 5)] == ["Role", "Qualifying year", "FTE", "Description"]
    assert all(str(book[name]["A4"].value).startswith("e.g.") for name in ("Trajectory", "Pipeline"))
    labels = [book["Site"].cell(row, 1).value for row in range(4, 4 + len(schema.SITE_SETTINGS))]
    assert labels[-2:] == ["Population growth a year (share)", "Income uplift a year (share)"]
    # a template filled in with a scenario without the new inputs reads them as blank (the examples are not read)
    path = write(fitting_scenario(), tmp_path / "plain.xlsx")
    assert read_scenario(path) == fitting_scenario()


def test_a_workbook_from_before_the_trajectory_inputs_still_loads(tmp_path: Path) -> None:
    path = write(fitting_scenario(), tmp_path / "old.xlsx")
    book = openpyxl.load_workbook(path)
    del book["Trajectory"]
    del book["Pipeline"]
    book["Staff"].delete_cols(schema.STAFF.column_of("age_band"), 2)
    site = book["Site"]
    first = int(site_cell("population_growth")[1:])
    assert site.cell(first, 1).value == "Population growth a year (share)"
    site.delete_rows(first, len(NEW_SETTINGS))
    book.save(path)
    loaded = load_scenario(path).scenario
    assert loaded == fitting_scenario()
    assert loaded.trajectory_roles == () and loaded.pipeline == ()
    assert all(s.age_band is None and s.leaving_year is None for s in loaded.staff)
    assert loaded.site.population_growth is None and loaded.site.income_uplift is None
    completed = in_process("validate", str(path))
    assert completed.returncode == 0, completed.stderr


def test_a_staff_sheet_with_the_age_band_but_no_leaving_year_column_reads(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    book["Staff"].delete_cols(schema.STAFF.column_of("leaving_year"))
    book.save(filled)
    scenario = read_scenario(filled)
    assert (scenario.staff[0].age_band, scenario.staff[0].leaving_year) == ("60+", None)


def test_financial_years_are_read_in_the_usual_spellings(filled: Path) -> None:
    edit(filled, "Staff", f"{column(schema.STAFF, 'leaving_year')}5", "2030-31")
    edit(filled, "Pipeline", "B4", "2029/2030")
    scenario = read_scenario(filled)
    assert scenario.staff[1].leaving_year == "2030/31"
    assert scenario.pipeline[0].qualifying_year == "2029/30"


@pytest.mark.parametrize(("sheet", "cell", "value", "problem"), [
    ("Staff", "K4", "70", "Staff!K4: Age band: age band must be one of under 35, 35-44, 45-54, 55-59, 60+; got \"70\""),
    ("Staff", "L4", "2028/30", "Staff!L4: Expected leaving year: must be a financial year like 2028/29 (April to "
                               'March), got "2028/30"'),
    ("Trajectory", "A5", "gp", "Trajectory!A5: duplicate row for gp (first on row 4)"),
    ("Trajectory", "D4", -0.5, "Trajectory!D4: Most hires a year (FTE): most hires a year must be a number of at "
                               "least 0, got -0.5"),
    ("Trajectory", "E4", 0, "Trajectory!E4: Share of posts filled (0-1): share of posts filled must be a number "
                            "above 0 and at most 1, got 0"),
    ("Pipeline", "A4", "dentist", 'Pipeline!A4: unknown role "dentist": not on the Roles sheet'),
    ("Pipeline", "C4", 0, "Pipeline!C4: FTE: FTE must be a number above 0, got 0"),
])
def test_a_bad_trajectory_input_is_named_by_its_cell(filled: Path, sheet: str, cell: str, value: object,
                                                     problem: str) -> None:
    edit(filled, sheet, cell, value)
    assert problems_from(read_scenario, filled) == [problem]


# Issue 21's bad inputs, through the command line (in this process, as in test_scenario_sessions): exit 2,
# the sheet, row and column, nothing written.

def _leaver_rate_above_one(path: Path) -> str:
    edit(path, "Trajectory", "B4", 1.5)
    return "Trajectory!B4: Leaver rate (share a year): leaver rate must be a number 0–1, got 1.5"


def _negative_lead_time(path: Path) -> str:
    edit(path, "Trajectory", "C5", -1)
    return "Trajectory!C5: Recruitment lead time (months): recruitment lead time must be a number of at least 0, got -1"


def _leaving_year_before_the_plan(path: Path) -> str:
    edit(path, "Staff", "L4", "2025/26")
    return "Staff!L4: Expected leaving year: 2025/26 is before the plan's first financial year 2026/27"


def _qualifying_year_before_the_plan(path: Path) -> str:
    edit(path, "Pipeline", "B4", "2025/26")
    return "Pipeline!B4: Qualifying year: 2025/26 is before the plan's first financial year 2026/27"


def _trajectory_role_not_on_the_roles_sheet(path: Path) -> str:
    edit(path, "Trajectory", "A5", "paramedic")
    return 'Trajectory!A5: unknown role "paramedic": not on the Roles sheet'


def _population_growth_out_of_range(path: Path) -> str:
    edit(path, "Site", site_cell("population_growth"), 0.25)
    return (f"Site!{site_cell('population_growth')}: Population growth a year (share): population growth must be "
            "a number -0.1–0.1, got 0.25")


BAD_INPUTS: list[Callable[[Path], str]] = [
    _leaver_rate_above_one, _negative_lead_time, _leaving_year_before_the_plan, _qualifying_year_before_the_plan,
    _trajectory_role_not_on_the_roles_sheet, _population_growth_out_of_range,
]


@pytest.mark.parametrize("command", ["validate", "plan"])
@pytest.mark.parametrize("break_it", BAD_INPUTS, ids=lambda f: f.__name__.strip("_"))
def test_bad_input_exits_2_at_its_cell_and_writes_nothing(tmp_path: Path, command: str,
                                                          break_it: Callable[[Path], str]) -> None:
    path = write(trajectory_scenario(), tmp_path / "s.xlsx")
    problem = break_it(path)
    before = sorted(os.listdir(tmp_path))
    out = tmp_path / "out.xlsx"
    args = [command, str(path)] + (["-o", str(out), "--weeks", "1"] if command == "plan" else [])
    completed = in_process(*args)
    assert completed.returncode == 2, completed.stderr
    assert problem in completed.stderr
    assert "Traceback" not in completed.stderr
    assert not out.exists()
    assert sorted(os.listdir(tmp_path)) == before


def test_the_year_a_plan_starts_in_is_not_before_it(filled: Path) -> None:
    """The plan starts on 2027-01-04, in financial year 2026/27: leaving in that year is allowed."""
    edit(filled, "Staff", "L4", "2026/27")
    assert read_scenario(filled).staff[0].leaving_year == "2026/27"


def test_the_shipped_scenario_reads_its_trajectory_inputs(north_coast_path: Path) -> None:
    scenario = load_scenario(north_coast_path).scenario
    assert all(s.age_band is not None for s in scenario.staff)
    for role, share in (("gp", 0.3), ("practice_nurse", 0.33)):  # an older rural and coastal workforce
        people = [s for s in scenario.staff if s.role == role]
        assert sum(s.age_band in ("55-59", "60+") for s in people) / len(people) >= share
    leaving = {(s.staff_id, s.role, s.age_band, s.leaving_year) for s in scenario.staff if s.leaving_year}
    assert leaving == {("S015", "gp", "60+", "2028/29"), ("S027", "practice_nurse", "60+", "2029/30")}
    gp = scenario.trajectory_role("gp")
    assert gp is not None and (gp.lead_months, gp.max_hires_per_year) == (9, 1.5)
    nurse = scenario.trajectory_role("practice_nurse")
    assert nurse is not None and nurse.lead_months == 5
    assert {row.role for row in scenario.trajectory_roles} <= {plan.role for plan in scenario.roles}
    hub = next(p for p in scenario.practices if p.is_hub)
    assert scenario.pipeline == (PipelineEntry(role="gp", qualifying_year="2028/29", fte=1.0,
                                               description=f"GP registrar at {hub.name}"),)
    assert scenario.site.population_growth is None and scenario.site.income_uplift is None  # the care model's

"""`pch-workforce trajectory` through the real CLI on the shipped site: the JSON contract, staff balance and
cost recomputed from it, the workbook with its line charts."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pch_workforce.cli import main
from tests.plan_workbook_fixture import NORTH_COAST

YEAR_KEYS = {"year", "population", "demand_hours_per_week", "unmet_hours_per_week", "fte_by_role", "hires_by_role",
             "leavers_by_role", "cost_per_year", "budget_per_year", "arrs_claimed_per_year"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def summary() -> dict[str, Any]:
    code, out, err = run("trajectory", str(NORTH_COAST), "--years", "5", "--json")
    assert code == 0, err
    return json.loads(out)


def test_five_years_of_north_coast_are_optimal_with_the_contract(summary: dict[str, Any]) -> None:
    assert summary["status"] == "OPTIMAL"
    assert [y["year"] for y in summary["years"]] == ["2026/27", "2027/28", "2028/29", "2029/30", "2030/31"]
    for year in summary["years"]:
        assert YEAR_KEYS <= set(year)
    assert set(summary["binding"]) == {y["year"] for y in summary["years"]}
    assert set(summary["cases"]) == {"low", "high"}
    for case in summary["cases"].values():
        assert {"status", "years", "binding", "reasons"} <= set(case)
        assert case["years"] or case["reasons"]  # a case with no plan says why
    assert summary["solve_seconds"] >= 0


def test_staff_balance_holds_every_year_recomputed_from_the_json(summary: dict[str, Any]) -> None:
    """In post = last year's - leavers + arrivals + trainees qualifying - new reductions, role by role."""
    years = summary["years"]
    for before, year in zip(years, years[1:], strict=False):
        for role, fte in year["fte_by_role"].items():
            expected = (before["fte_by_role"][role] - year["leavers_by_role"][role] + year["arrivals_by_role"][role]
                        + year["qualifying_by_role"][role]
                        - (year["reductions_by_role"][role] - before["reductions_by_role"][role]))
            assert fte == pytest.approx(expected, abs=1e-5), (year["year"], role)


def test_cost_is_fte_times_cost_per_fte_less_arrs_every_year(summary: dict[str, Any]) -> None:
    for year in summary["years"]:
        gross = sum(fte * year["cost_per_fte_by_role"][role] for role, fte in year["fte_by_role"].items())
        assert gross - year["arrs_claimed_per_year"] == pytest.approx(year["cost_per_year"], abs=1.0)
        assert year["cost_per_year"] <= year["budget_per_year"] + 0.01


def test_the_workbook_has_the_trajectory_and_its_line_charts(tmp_path: Path, summary: dict[str, Any]) -> None:
    out = tmp_path / "trajectory.xlsx"
    code, stdout, err = run("trajectory", str(NORTH_COAST), "--years", "5", "-o", str(out))
    assert code == 0, err
    assert "5-year workforce trajectory" in stdout and f"wrote {out}" in stdout
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Cover", "Contents", "Notes", "Trajectory", "Trajectory flows"]
    sheet = book["Trajectory"]
    table = sheet.tables["TrajectoryYears"]
    rows = [[c.value for c in row] for row in sheet[table.ref]]
    central = [r for r in rows[1:] if r[0] == "central"]
    assert [r[1] for r in central] == [y["year"] for y in summary["years"]]
    with zipfile.ZipFile(out) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 3 and all("lineChart" in xml for xml in charts)


def test_bad_trajectory_input_is_exit_2_at_its_cell_with_nothing_written(tmp_path: Path) -> None:
    """A leaver rate of 1.5 on the Trajectory sheet: exit 2, the cell named, no workbook."""
    path = tmp_path / "site.xlsx"
    book = openpyxl.load_workbook(NORTH_COAST)
    sheet = book["Trajectory"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "gp")
    header = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Role")
    column = next(c for c in range(1, sheet.max_column + 1)
                  if str(sheet.cell(header, c).value).startswith("Leaver rate"))
    sheet.cell(row, column).value = 1.5
    book.save(path)
    out = tmp_path / "trajectory.xlsx"
    code, _, err = run("trajectory", str(path), "-o", str(out))
    assert code == 2 and "Traceback" not in err
    assert f"Trajectory!{openpyxl.utils.get_column_letter(column)}{row}" in err
    assert not out.exists()

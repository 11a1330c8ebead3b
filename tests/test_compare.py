"""`pch-workforce compare`: scenarios and plan workbooks side by side, read back with openpyxl."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pch_workforce.cli import main
from pch_workforce.compare import MISSING, PLAN, SCENARIO, difference, labels_for, load_compared
from pch_workforce.plan.workbook.summary import plan_headlines
from tests.plan_workbook_fixture import NORTH_COAST, north_coast_plan, north_coast_workbook


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def comparison(path: Path) -> tuple[list[str], dict[tuple[str, str], dict[str, Any]]]:
    sheet = openpyxl.load_workbook(path)["Comparison"]
    cells = list(sheet[sheet.tables["Comparison"].ref])
    headers = [c.value for c in cells[0]]
    rows = [dict(zip(headers, (c.value for c in row), strict=True)) for row in cells[1:]]
    return headers, {(r["Section"], r["Measure"]): r for r in rows}


def test_a_plan_workbook_reads_back_its_own_summary() -> None:
    item = load_compared(north_coast_workbook(), "plan")
    assert item.kind == PLAN
    expected = plan_headlines(north_coast_plan())
    assert [h.key for h in item.headlines] == [h.key for h in expected]
    # Excel keeps 15 significant digits, so floats come back within a part in 10^14
    assert [h.value for h in item.headlines] == [pytest.approx(h.value, rel=1e-14) if isinstance(h.value, float)
                                                 else h.value for h in expected]
    assert [h.unit for h in item.headlines] == [h.unit for h in expected]


def test_scenario_against_plan_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "compare.xlsx"
    code, stdout, stderr = run("compare", str(NORTH_COAST), str(north_coast_workbook()), "-o", str(out))
    assert code == 0, stderr
    assert f"wrote {out}" in stdout
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Cover", "Contents", "Notes", "Comparison", "Workbooks"]
    assert book.properties.language == "en-GB"
    headers, rows = comparison(out)
    assert headers[3:] == ["north-coast-pch", "north-coast-plan", "north-coast-plan less north-coast-pch"]
    patients = rows["Population and demand", "Registered patients"]
    assert patients["north-coast-pch"] == patients["north-coast-plan"] == north_coast_plan().demand.population
    assert patients["north-coast-plan less north-coast-pch"] == 0
    assert rows["Site", "Site"]["north-coast-plan less north-coast-pch"] == "same"
    rota = rows["Rota quality", "Sessions rostered"]  # the scenario has no rota
    assert rota["north-coast-pch"] == MISSING and rota["north-coast-plan less north-coast-pch"] == MISSING
    cost = rows["Budget", "Workforce budget used"]
    assert cost["north-coast-plan less north-coast-pch"] == pytest.approx(
        cost["north-coast-plan"] - cost["north-coast-pch"], abs=1e-6)
    kinds = {r[0].value: r[2].value for r in book["Workbooks"].iter_rows(min_row=4) if r[0].value}
    assert kinds == {"north-coast-pch": SCENARIO, "north-coast-plan": PLAN}


def test_two_copies_of_a_plan_differ_by_nothing(tmp_path: Path) -> None:
    copy = tmp_path / "north-coast-plan.xlsx"
    shutil.copy(north_coast_workbook(), copy)
    out = tmp_path / "same.xlsx"
    code, _, stderr = run("compare", str(north_coast_workbook()), str(copy), "-o", str(out))
    assert code == 0, stderr
    headers, rows = comparison(out)
    diff = headers[-1]
    assert diff == "north-coast-plan (2) less north-coast-plan"
    assert all(r[diff] in (0, "same") for r in rows.values())


def test_usage_and_input_errors_exit_2_and_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    assert run("compare", str(NORTH_COAST), "-o", str(out))[0] == 2
    code, _, stderr = run("compare", str(NORTH_COAST), str(tmp_path / "missing.xlsx"), "-o", str(out))
    assert code == 2 and "missing.xlsx" in stderr
    code, _, stderr = run("compare", str(NORTH_COAST), str(north_coast_workbook()), "-o", str(NORTH_COAST))
    assert code == 2 and "overwrite" in stderr
    assert not out.exists()


def test_help_has_an_example() -> None:
    code, stdout, _ = run("compare", "--help")
    assert code == 0 and "pch-workforce compare" in stdout and "-o" in stdout


def test_labels_and_differences() -> None:
    assert labels_for([Path("a.xlsx"), Path("x/a.xlsx"), Path("b.xlsx")]) == ["a", "a (2)", "b"]
    assert difference(10, 12.5) == 2.5
    assert difference("OPTIMAL", "OPTIMAL") == "same"
    assert difference("OPTIMAL", "FEASIBLE") == "differs"
    assert difference(None, 3) == MISSING
    assert difference(MISSING, 3) == MISSING

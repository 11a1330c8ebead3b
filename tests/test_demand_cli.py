"""`pch-workforce demand` through click's runner and as a real subprocess, with the workbook read back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pch_workforce.cli import main
from pch_workforce.scenario.model import AgeBand, PopulationCount, Scenario
from tests.scenario_factory import small_scenario, write

# The factory's bands 15-44 and 65-84 straddle care-model bands; move each count into one that fits.
BAND_FIX = {"15-44": "25-44", "65-84": "65-74"}


def fitting_scenario() -> Scenario:
    base = small_scenario()
    population = tuple(
        PopulationCount(practice=p.practice, sex=p.sex, patients=p.patients,
                        age_band=AgeBand.parse(BAND_FIX.get(str(p.age_band), str(p.age_band))))
        for p in base.population
    )
    return base.model_copy(update={"population": population})


@pytest.fixture()
def workbook(tmp_path: Path) -> Path:
    return write(fitting_scenario(), tmp_path / "site.xlsx")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_json_is_one_object_with_the_contract(workbook: Path) -> None:
    code, out, _ = run("demand", str(workbook), "--json")
    assert code == 0
    payload = json.loads(out)
    scenario = fitting_scenario()
    assert payload["population"] == scenario.total_population
    assert isinstance(payload["contacts_per_patient_year"], float) and payload["contacts_per_patient_year"] > 0
    assert payload["hours_per_week"] == pytest.approx(sum(s["hours_per_week"] for s in payload["services"]), abs=0.1)
    assert {p["practice"] for p in payload["practices"]} == {"A1", "B2"}
    assert sum(p["population"] for p in payload["practices"]) == payload["population"]
    same_day = next(s for s in payload["services"] if s["service"] == "same_day")
    assert same_day["contacts_per_year"] > 0 and same_day["drivers"]


def test_plain_output_is_a_table(workbook: Path) -> None:
    code, out, _ = run("demand", str(workbook))
    assert code == 0
    assert "Same-day and urgent care" in out and "hours/wk" in out and "appointments per patient a year" in out


def test_workbook_is_written_and_reads_back(workbook: Path, tmp_path: Path) -> None:
    out_path = tmp_path / "demand.xlsx"
    code, out, _ = run("demand", str(workbook), "-o", str(out_path), "--json")
    assert code == 0
    payload = json.loads(out)
    book = openpyxl.load_workbook(out_path)
    assert book.sheetnames == ["Services", "Practices", "Drivers", "Age rates"]
    for sheet in book.worksheets:
        assert sheet["A1"].value and len(sheet.tables) == 1
    services = book["Services"]
    headers = [c.value for c in services[3]]
    assert "Clinical hours (per week)" in headers
    hours_col = headers.index("Clinical hours (per week)")
    total = sum(row[hours_col] for row in services.iter_rows(min_row=4, values_only=True))
    assert total == pytest.approx(payload["hours_per_week"], abs=0.05)
    assert not list(tmp_path.glob(".demand-*"))  # no temporary file left behind


def test_refuses_to_overwrite_the_scenario(workbook: Path) -> None:
    before = workbook.read_bytes()
    code, _, err = run("demand", str(workbook), "-o", str(workbook))
    assert code == 2 and "overwrite an input" in err
    assert workbook.read_bytes() == before


def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    broken = write(small_scenario(), tmp_path / "straddling.xlsx")  # bands 15-44 do not fit the care model
    out_path = tmp_path / "demand.xlsx"
    code, _, err = run("demand", str(broken), "-o", str(out_path))
    assert code == 2 and "15-44" in err
    assert not out_path.exists()


def test_missing_file_exits_2(tmp_path: Path) -> None:
    code, _, err = run("demand", str(tmp_path / "nope.xlsx"))
    assert code == 2 and err


def test_real_subprocess(workbook: Path) -> None:
    script = Path(sys.executable).with_name("pch-workforce")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "pch_workforce.cli"]
    done = subprocess.run([*command, "demand", str(workbook), "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["population"] == fitting_scenario().total_population

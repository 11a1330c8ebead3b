"""`pch-workforce plan` through the real entry point: workbook and JSON written, errors exit 2 or 3 with nothing written."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pch_workforce.cli import main
from tests.scenario_factory import fitting_scenario, unworkable_scenario, write
from tests.test_cli import entry_point

SUMMARY_KEYS = {
    "demand": {"contacts_per_patient_year", "hours_per_week"},
    "mix": {"status", "cost_per_year", "budget_per_year", "unmet_hours_per_week", "roles"},
    "rota": {"status", "objective", "best_bound", "gap", "seconds", "hard_violations", "uncovered_sessions"},
}

Planned = tuple[subprocess.CompletedProcess[str], Path]  # the finished process and the workbook it wrote


def plan_in_a_process(scenario: Path, out: Path, hash_seed: str) -> subprocess.CompletedProcess[str]:
    """`pch-workforce plan SCENARIO -o OUT --weeks 1 --json OUT.json` as its own process, with this
    PYTHONHASHSEED (the order of sets and dicts)."""
    import os

    args = ["plan", str(scenario), "-o", str(out), "--weeks", "1", "--json", str(out.with_suffix(".json"))]
    return subprocess.run([*entry_point(), *args], capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONHASHSEED": hash_seed})


@pytest.fixture(scope="module")
def planned(north_coast_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Planned:
    """One plan of the shipped site through the real entry point, shared by the tests that read it."""
    out = tmp_path_factory.mktemp("plan") / "plan-1.xlsx"
    return plan_in_a_process(north_coast_path, out, "1"), out


def test_plan_writes_the_workbook_and_the_json_summary(planned: Planned) -> None:
    completed, out = planned
    summary_path = out.with_suffix(".json")
    assert completed.returncode == 0, completed.stderr
    assert "rota ..." in completed.stderr and "plan written to" in completed.stdout
    assert "rota: warm start" in completed.stderr  # a rota exists before the search starts
    summary = json.loads(summary_path.read_text())
    for section, keys in SUMMARY_KEYS.items():
        assert keys <= set(summary[section]), section
    assert summary["rota"]["hard_violations"] == 0
    assert summary["mix"]["status"] == "OPTIMAL"
    assert summary["options"]["lns"] is False and summary["options"]["weeks"] == 1
    book = openpyxl.load_workbook(out)
    assert {"Summary", "Demand", "Mix", "Budget", "Rota", "By practice", "Staff hours", "Explain",
            "Assumptions"} <= set(book.sheetnames)


def test_output_over_the_scenario_is_refused(tmp_path: Path) -> None:
    scenario = write(fitting_scenario(), tmp_path / "s.xlsx")
    before = scenario.read_bytes()
    result = CliRunner().invoke(main, ["plan", str(scenario), "-o", str(scenario)])
    assert result.exit_code == 2 and "would overwrite an input" in result.stderr
    assert scenario.read_bytes() == before


def test_missing_output_folder_is_refused(tmp_path: Path) -> None:
    scenario = write(fitting_scenario(), tmp_path / "s.xlsx")
    result = CliRunner().invoke(main, ["plan", str(scenario), "-o", str(tmp_path / "no" / "plan.xlsx")])
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_infeasible_rota_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    path = write(unworkable_scenario(), tmp_path / "s.xlsx")
    out = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(main, ["plan", str(path), "-o", str(out), "--json", str(tmp_path / "s.json")])
    assert result.exit_code == 3
    assert "Dr Two (gp): contracted 6 sessions a week" in result.stderr
    assert not out.exists() and not (tmp_path / "s.json").exists()


def test_same_scenario_and_seed_same_cells_across_processes(planned: Planned, north_coast_path: Path,
                                                            tmp_path: Path) -> None:
    """Two separate runs with different hash seeds (set and dict order) write the same cell values: the
    shared run (PYTHONHASHSEED=1) and one more here (PYTHONHASHSEED=2)."""
    done, out = planned
    assert done.returncode == 0, done.stderr
    again = tmp_path / "plan-2.xlsx"
    done = plan_in_a_process(north_coast_path, again, "2")
    assert done.returncode == 0, done.stderr
    first, second = openpyxl.load_workbook(out), openpyxl.load_workbook(again)
    assert first.sheetnames == second.sheetnames
    for sheet in first.worksheets:
        assert list(sheet.iter_rows(values_only=True)) == list(second[sheet.title].iter_rows(values_only=True)), \
            sheet.title


def test_a_rota_stopped_by_the_wall_clock_says_so_everywhere(north_coast_path: Path, tmp_path: Path) -> None:
    """Issue 20: a deterministic limit far beyond what 5 s allows, so the wall clock stops the search. The
    terminal, the Cover and the Summary's Rota search row say so and that it may not be reproducible.
    Four weeks: a one-week rota can be proved optimal within the 5 s, and then no clock stops it."""
    out = tmp_path / "plan.xlsx"
    completed = subprocess.run(
        [*entry_point(), "plan", str(north_coast_path), "-o", str(out), "--weeks", "4", "--time-limit", "5",
         "--deterministic-limit", "100000"], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert "stopped by: wall-clock limit (depends on machine speed); running again may give a different rota" \
        in completed.stdout
    book = openpyxl.load_workbook(out)
    cover = [c.value for c in book["Cover"]["A"] if c.value]
    assert cover[cover.index("Reproducing this plan") + 1].startswith(
        "The rota search ended: wall-clock limit (depends on machine speed), not the deterministic limit")
    sheet = book["Summary"]
    kpis = list(sheet[sheet.tables["BoardKpis"].ref])
    (search,) = [row for row in kpis if row[0].value == "Rota search"]
    assert (search[2].value, search[4].value) == ("wall-clock limit (depends on machine speed)", "Amber")

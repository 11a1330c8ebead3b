"""The CLI through click's runner and as a real subprocess: exit codes, messages, nothing written on error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter

from pch_workforce import __version__
from pch_workforce.cli import main
from tests.conftest import SHIPPED_SCENARIOS
from pch_workforce.scenario.reader import read_scenario
from pch_workforce.scenario.writer import Catalogue, build_workbook
from tests.scenario_factory import edit, fitting_scenario, small_scenario, write
from tests.test_scenario_funding import funded_scenario


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def entry_point() -> list[str]:
    script = Path(sys.executable).with_name("pch-workforce")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pch_workforce.cli"]


def in_process(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line run by click's runner in this process, answered as a finished process would be
    (exit code, stdout, stderr). An exception the commands let out is raised here, so a traceback fails
    the test as loudly as it would on a terminal, without paying a new interpreter's start-up per case."""
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(["pch-workforce", *args], result.exit_code, result.stdout, result.stderr)


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


@pytest.mark.parametrize("command", [c for c in main.commands])
def test_every_command_has_help_with_an_example(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Examples:" in out and f"pch-workforce {command}" in out


@pytest.mark.parametrize("scenario", SHIPPED_SCENARIOS, ids=lambda p: p.name)
def test_shipped_scenarios_validate(scenario: Path) -> None:
    code, out, err = run("validate", str(scenario))
    assert code == 0, err
    assert "valid" in out


def test_validate_json_summary(north_coast_path: Path) -> None:
    import json

    code, out, _ = run("validate", str(north_coast_path), "--json")
    summary = json.loads(out)
    assert code == 0
    assert summary["valid"] is True and summary["practices"] == 6
    assert 30_000 <= summary["population"] <= 50_000


def test_template_then_validate_lists_what_is_missing(tmp_path: Path) -> None:
    template = tmp_path / "t.xlsx"
    code, out, _ = run("template", str(template))
    assert code == 0 and template.exists()
    code, _, err = run("validate", str(template))
    assert code == 2
    assert "Site!B4: Site name is required" in err
    assert "Practices: no practices given" in err
    assert "Traceback" not in err


def test_template_has_drop_downs_frozen_headers_and_comments(tmp_path: Path) -> None:
    template = tmp_path / "t.xlsx"
    run("template", str(template))
    book = openpyxl.load_workbook(template)
    assert book.sheetnames[:2] == ["Instructions", "Site"]
    staff = book["Staff"]
    assert staff.freeze_panes == "A4"
    assert staff["E3"].comment is not None
    formulas = {dv.formula1 for dv in staff.data_validations.dataValidation}
    assert '"yes,no"' in formulas and any("Practices!" in f for f in formulas)
    assert str(staff["A4"].value).startswith("e.g.")


def test_template_draws_funding_pay_points_care_homes_and_income(tmp_path: Path) -> None:
    template = tmp_path / "t.xlsx"
    run("template", str(template))
    book = openpyxl.load_workbook(template)
    assert {"Care homes", "Income"} <= set(book.sheetnames)
    roles = book["Roles"]
    assert [roles.cell(3, c).value for c in range(7, 10)] == [
        "Funding (payer share; ...)", "Pay point (bottom/middle/top)", "ARRS baseline FTE"]
    assert all(roles.cell(3, c).comment is not None for c in range(7, 10))
    assert "site 0.5" in roles["G3"].comment.text
    assert any(str(roles.cell(row, 7).value).startswith("site ") for row in (4, 5))  # an example of funding
    drop_downs = {str(dv.sqref): dv for dv in roles.data_validations.dataValidation}
    assert drop_downs["H4:H500"].formula1 == '"bottom,middle,top"'
    homes = book["Care homes"]
    assert [homes.cell(3, c).value for c in range(1, 5)] == ["Home name", "Practice code", "Beds", "Admissions a year"]
    assert str(homes["A4"].value).startswith("e.g.")
    assert {str(dv.sqref): dv.formula1 for dv in homes.data_validations.dataValidation} == {
        "B4:B500": "=Practices!$A$4:$A$500"}
    income = book["Income"]
    assert [income.cell(3, c).value for c in range(1, 5)] == [
        "Stream", "Quantity (units a year)", "Rate (£ per unit a year)", "Source or reason"]
    [stream] = income.data_validations.dataValidation
    assert str(stream.sqref) == "A4:A500" and stream.formula1.startswith("=Lists!")
    assert stream.errorStyle == "information"  # a local stream name is allowed
    instructions = " ".join(str(cell.value) for row in book["Instructions"].iter_rows() for cell in row)
    for word in ("Care homes", "Income", "Funding", "Pay point", "ARRS baseline FTE"):
        assert word in instructions
    site_labels = [book["Site"].cell(row, 1).value for row in range(4, 14)]
    assert "Weighted list (patients)" in site_labels


def test_template_lists_the_care_models_income_streams(tmp_path: Path) -> None:
    catalogue = Catalogue(care_model="test", roles=[("gp", "GP")], conditions=[("copd", "COPD")],
                          income_streams=[("global_sum", "Global sum"), ("qof", "QOF")])
    book = build_workbook(catalogue)
    lists = book["Lists"]
    column = next(c for c in range(1, lists.max_column + 1) if lists.cell(3, c).value == "Income stream id")
    assert [lists.cell(row, column).value for row in (4, 5)] == ["global_sum", "qof"]
    [stream] = book["Income"].data_validations.dataValidation
    letter = get_column_letter(column)
    assert stream.formula1 == f"=Lists!${letter}$4:${letter}$5"


def _copy_into_template(source: Path, template: Path) -> None:
    """Fill a template as a planner would: Site values by label, rows typed below the examples (a row the
    template already holds, such as a default session time, is not typed again)."""
    src, book = openpyxl.load_workbook(source), openpyxl.load_workbook(template)
    site = src["Site"]
    values = {site.cell(row, 1).value: site.cell(row, 2).value for row in range(4, site.max_row + 1)}
    for row in range(4, book["Site"].max_row + 1):
        label = book["Site"].cell(row, 1).value
        if label in values:
            book["Site"].cell(row, 2).value = values[label]
    for name in src.sheetnames:
        if name in ("Instructions", "Site", "Lists"):
            continue
        target = book[name]
        free = next(row for row in range(4, 10_000) if target.cell(row, 1).value is None)
        held = set(target.iter_rows(min_row=4, values_only=True))
        data = [row for row in src[name].iter_rows(min_row=4, values_only=True)
                if row[0] is not None and not str(row[0]).startswith("e.g.") and row not in held]
        for offset, row_values in enumerate(data):
            for column, value in enumerate(row_values, start=1):
                target.cell(free + offset, column).value = value
    book.save(template)


def test_template_filled_in_validates(tmp_path: Path) -> None:
    """The template and the reader agree: its examples are skipped and a filled copy is a valid scenario."""
    template = tmp_path / "t.xlsx"
    assert run("template", str(template))[0] == 0
    _copy_into_template(write(funded_scenario(), tmp_path / "source.xlsx"), template)
    code, out, err = run("validate", str(template))
    assert code == 0, err
    assert "from 2 income streams" in out and "care homes    2" in out
    assert read_scenario(template) == funded_scenario()


def test_template_never_overwrites_without_force(tmp_path: Path) -> None:
    existing = tmp_path / "mine.xlsx"
    existing.write_bytes(b"precious")
    code, _, err = run("template", str(existing))
    assert code == 2 and "already exists" in err
    assert existing.read_bytes() == b"precious"


def test_template_into_missing_folder(tmp_path: Path) -> None:
    code, _, err = run("template", str(tmp_path / "nope" / "t.xlsx"))
    assert code == 2 and "does not exist" in err


def test_bad_workbook_exit_2_placed_errors_no_traceback(tmp_path: Path) -> None:
    path = write(small_scenario(), tmp_path / "s.xlsx")
    book = openpyxl.load_workbook(path)
    book["Staff"]["E5"] = "twelve"
    book["Staff"]["A6"] = "S1"
    book.save(path)
    before = sorted(os.listdir(tmp_path))
    completed = subprocess.run([*entry_point(), "validate", str(path)], capture_output=True, text=True, check=False)
    assert completed.returncode == 2
    assert 'Staff!E5: Contracted sessions a week: contracted sessions must be a whole number 0–11, got "twelve"' \
        in completed.stderr
    assert 'Staff!A6: duplicate staff ID "S1" (first on row 4)' in completed.stderr
    assert "Traceback" not in completed.stderr
    assert sorted(os.listdir(tmp_path)) == before


def test_non_workbook_exit_2_named_by_file(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    completed = subprocess.run([*entry_point(), "validate", str(fake)], capture_output=True, text=True, check=False)
    assert completed.returncode == 2
    assert f"{fake}: is not an Excel workbook" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_usage_error_is_exit_2() -> None:
    code, _, _ = run("validate")
    assert code == 2


def test_rota_with_a_plan_start_at_the_end_of_the_calendar_is_bad_input(tmp_path: Path) -> None:
    """A plan start in 9999 once crashed the rota (dates past the calendar's end) with exit 1."""
    path = write(fitting_scenario(), tmp_path / "s.xlsx")
    edit(path, "Site", "B6", "9999-12-27")
    code, out, err = run("rota", str(path), "--weeks", "1", "--json")
    assert code == 2
    assert "Site!B6: plan start must be in the years 2000–2099, got 9999-12-27" in err
    assert out == ""


def test_rota_with_an_absurd_weight_is_bad_input_not_infeasible(tmp_path: Path) -> None:
    """A weight of 1e300 overflowed CP-SAT (MODEL_INVALID) and the rota said exit 3, 'raise --time-limit'."""
    path = write(fitting_scenario(), tmp_path / "s.xlsx")
    edit(path, "RotaRules", "A5", "weight_uncovered_session")
    edit(path, "RotaRules", "B5", 1e300)
    code, out, err = run("rota", str(path), "--weeks", "1", "--json")
    assert code == 2
    assert ("RotaRules!B5: weight_uncovered_session: a weight must be a whole number 0–1,000,000 (penalty points), "
            "got 1e+300") in err
    assert out == ""


def test_plan_json_on_the_workbook_path_is_refused_and_nothing_is_touched(tmp_path: Path) -> None:
    """`-o p.xlsx --json p.xlsx` once exited 0 after writing the JSON over the plan workbook."""
    path = write(fitting_scenario(), tmp_path / "s.xlsx")
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"last week's plan")
    code, _, err = run("plan", str(path), "-o", str(out), "--json", str(out), "--weeks", "1")
    assert code == 2
    assert f"{out}: is the plan workbook -o; choose another name for the JSON" in err
    assert out.read_bytes() == b"last week's plan"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc, where no file can be created")
def test_plan_json_that_cannot_be_written_is_exit_2_before_the_workbook(tmp_path: Path) -> None:
    """A JSON path that cannot be created gave a traceback (exit 1) after the workbook had been written."""
    path = write(fitting_scenario(), tmp_path / "s.xlsx")
    out = tmp_path / "plan.xlsx"
    code, _, err = run("plan", str(path), "-o", str(out), "--json", "/proc/summary.json", "--weeks", "1")
    assert code == 2
    assert "/proc/summary.json: cannot be written" in err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["s.xlsx"]


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc, where no file can be created")
@pytest.mark.parametrize("command", ["demand", "mix", "rota", "plan", "compare", "template"])
def test_output_folder_where_nothing_can_be_created_is_exit_2(tmp_path: Path, command: str) -> None:
    """`-o /proc/out.xlsx` gave a FileNotFoundError traceback (exit 1) from the atomic save, after the solve."""
    path = str(write(fitting_scenario(), tmp_path / "s.xlsx"))
    args = {"template": ["template"], "compare": ["compare", path, path, "-o"],
            "rota": ["rota", path, "--weeks", "1", "-o"], "plan": ["plan", path, "--weeks", "1", "-o"]}
    code, _, err = run(*args.get(command, [command, path, "-o"]), "/proc/out.xlsx")
    assert code == 2
    assert "/proc/out.xlsx: cannot be written: " in err


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--seed", "2147483648", "2147483648 is not in the range"),
    ("--time-limit", "nan", "must be a number, not nan"),
    ("--deterministic-limit", "nan", "must be a number, not nan"),
])
def test_rota_solver_option_out_of_range_is_a_usage_error(tmp_path: Path, option: str, value: str,
                                                          expected: str) -> None:
    """A seed past 32 bits was an ortools TypeError traceback (exit 1); a limit of nan ran with no limit (exit 0)."""
    path = write(fitting_scenario(), tmp_path / "s.xlsx")
    code, _, err = run("rota", str(path), "--weeks", "1", f"{option}={value}")
    assert code == 2
    assert expected in err


def test_compare_names_the_workbook_each_problem_is_in(tmp_path: Path) -> None:
    """With two scenarios, 'Staff!E5: ...' did not say which file to open."""
    good = write(fitting_scenario(), tmp_path / "base.xlsx")
    bad = write(fitting_scenario(), tmp_path / "budget-cut.xlsx")
    edit(bad, "Staff", "E5", "twelve")
    out = tmp_path / "compare.xlsx"
    code, _, err = run("compare", str(good), str(bad), "-o", str(out))
    assert code == 2
    assert f"{bad}, Staff!E5: Contracted sessions a week: contracted sessions must be a whole number 0–11" in err
    assert not out.exists()


def test_compare_keeps_a_workbook_with_no_feasible_mix(tmp_path: Path) -> None:
    """A £1 budget: existing staff cannot be paid, yet the comparison is written, the case marked and the
    reason given (compare never gives up on the case a planner tries first)."""
    good = write(fitting_scenario(), tmp_path / "base.xlsx")
    bad = write(fitting_scenario(), tmp_path / "budget-cut.xlsx")
    edit(bad, "Site", "B8", 1)
    out = tmp_path / "compare.xlsx"
    code, stdout, err = run("compare", str(good), str(bad), "-o", str(out))
    assert code == 0, err
    assert out.exists()
    assert "budget-cut has no feasible mix" in stdout and "existing staff cost the budget" in stdout

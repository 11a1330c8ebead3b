"""A role renamed on the Roles sheet is one error at the renamed cell, not one per sheet that still uses it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pch_workforce.cli import main
from tests.test_cli import entry_point

STAFF_ROLE, COVER_ROLE = "C", "B"  # the Role column of the Staff and Cover sheets


@pytest.fixture
def scenario(tmp_path: Path, north_coast_path: Path) -> Path:
    """A copy of the shipped scenario to break."""
    return Path(shutil.copy(north_coast_path, tmp_path / "north-coast.xlsx"))


def validate(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(path)])
    return result.exit_code, result.stderr


def roles_cell(path: Path, role: str) -> str:
    """The Roles sheet cell holding ``role``."""
    sheet = openpyxl.load_workbook(path)["Roles"]
    return next(f"A{cell.row}" for cell in sheet["A"] if cell.value == role)


def uses(path: Path, sheet: str, column: str, role: str) -> list[int]:
    """The rows of ``sheet`` whose ``column`` holds ``role``."""
    return [cell.row for cell in openpyxl.load_workbook(path)[sheet][column] if cell.value == role]


def edit(path: Path, changes: dict[tuple[str, str], object]) -> None:
    book = openpyxl.load_workbook(path)
    for (sheet, cell), value in changes.items():
        book[sheet][cell] = value
    book.save(path)


def problem_lines(err: str) -> list[str]:
    return [line.strip() for line in err.splitlines() if line.startswith("  ")]


def test_renamed_role_is_one_error_at_the_roles_cell(scenario: Path) -> None:
    cell = roles_cell(scenario, "gp")
    staff, cover = uses(scenario, "Staff", STAFF_ROLE, "gp"), uses(scenario, "Cover", COVER_ROLE, "gp")
    trajectory, pipeline = uses(scenario, "Trajectory", "A", "gp"), uses(scenario, "Pipeline", "A", "gp")
    assert len(staff) > 1 and len(cover) > 1 and len(trajectory) == len(pipeline) == 1
    edit(scenario, {("Roles", cell): "gp2"})
    completed = subprocess.run([*entry_point(), "validate", str(scenario)], capture_output=True, text=True,
                               check=False)
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    [problem] = problem_lines(completed.stderr)
    assert problem.startswith(f'Roles!{cell}: role "gp2" is not in care model "pch-default"')
    assert (f"the Staff sheet uses it on {len(staff)} rows, the Cover sheet on {len(cover)}, the Trajectory sheet "
            f"on 1 and the Pipeline sheet on 1") in problem
    assert 'was "gp" renamed "gp2" here? Type "gp" back in this cell' in problem
    assert f"those {len(staff) + len(cover) + 2} rows" in problem


def test_a_renamed_role_keeps_independent_errors(scenario: Path) -> None:
    """The rename stands for the old id's uses only: a mistyped role and a bad cell elsewhere still show."""
    cell = roles_cell(scenario, "gp")
    wizard_row = uses(scenario, "Staff", STAFF_ROLE, "practice_nurse")[0]
    edit(scenario, {("Roles", cell): "General Practitioner", ("Staff", f"{STAFF_ROLE}{wizard_row}"): "nurse_wizard",
                    ("Staff", "E5"): "twelve"})
    code, err = validate(scenario)
    assert code == 2 and "Traceback" not in err
    found = problem_lines(err)
    assert found[0].startswith(f'Roles!{cell}: role "General Practitioner" is not in care model')
    assert 'was "gp" renamed "General Practitioner" here?' in found[0]
    assert any(line.startswith("Staff!E5: Contracted sessions a week") for line in found)
    assert f'Staff!{STAFF_ROLE}{wizard_row}: unknown role "nurse_wizard": not on the Roles sheet' in found
    assert not any('unknown role "gp"' in line for line in found)
    assert len(found) == 3


def test_two_renamed_roles_are_paired_by_likeness(scenario: Path) -> None:
    gp, nurse = roles_cell(scenario, "gp"), roles_cell(scenario, "practice_nurse")
    edit(scenario, {("Roles", gp): "GP", ("Roles", nurse): "practice nurse"})
    code, err = validate(scenario)
    assert code == 2
    found = problem_lines(err)
    assert len(found) == 2
    assert found[0].startswith(f'Roles!{gp}: role "GP"') and 'was "gp" renamed "GP"' in found[0]
    assert found[1].startswith(f'Roles!{nurse}: role "practice nurse"')
    assert 'was "practice_nurse" renamed "practice nurse"' in found[1]


def test_an_unknown_role_on_one_staff_row_is_reported_at_that_row(scenario: Path) -> None:
    """The Roles sheet is untouched: nothing was renamed, the Staff cell is the mistake."""
    row = uses(scenario, "Staff", STAFF_ROLE, "paramedic")[0]
    edit(scenario, {("Staff", f"{STAFF_ROLE}{row}"): "paramedik"})
    code, err = validate(scenario)
    assert code == 2 and "Traceback" not in err
    assert problem_lines(err) == [f'Staff!{STAFF_ROLE}{row}: unknown role "paramedik": not on the Roles sheet']


def test_a_role_deleted_from_the_roles_sheet_is_reported_where_it_is_used(scenario: Path) -> None:
    """An id missing from the Roles sheet with no stranger in its place is no rename."""
    row = int(roles_cell(scenario, "paramedic")[1:])
    staff_row = uses(scenario, "Staff", STAFF_ROLE, "paramedic")[0]
    edit(scenario, {("Roles", f"{column}{row}"): None for column in "ABCDEFGHI"})
    code, err = validate(scenario)
    assert code == 2
    assert problem_lines(err) == [f'Staff!{STAFF_ROLE}{staff_row}: unknown role "paramedic": not on the Roles sheet']

"""Never lose a file (issue 20): every command that writes refuses an existing output unless --force."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from pch_workforce.cli import main
from tests.scenario_factory import fitting_scenario, write

BOARD_PACK = b"the board pack saved under this name last month"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", [
    ["demand", "{scenario}", "-o", "{out}"],
    ["mix", "{scenario}", "-o", "{out}"],
    ["rota", "{scenario}", "-o", "{out}", "--weeks", "1"],
    ["plan", "{scenario}", "-o", "{out}", "--weeks", "1"],
    ["compare", "{scenario}", "{scenario}", "-o", "{out}"],
    ["trajectory", "{scenario}", "-o", "{out}", "--years", "2"],
    ["template", "{out}"],
])
def test_an_existing_output_is_kept_without_force(tmp_path: Path, command: list[str]) -> None:
    scenario = write(fitting_scenario(), tmp_path / "site.xlsx")
    out = tmp_path / "board.xlsx"
    out.write_bytes(BOARD_PACK)
    before = digest(out)
    code, err = run(*(part.format(scenario=scenario, out=out) for part in command))
    assert code == 2
    assert f"{out}: already exists; choose another name or pass --force to replace it" in err
    assert digest(out) == before


def test_plan_keeps_an_existing_json_summary_too(tmp_path: Path) -> None:
    scenario = write(fitting_scenario(), tmp_path / "site.xlsx")
    summary = tmp_path / "summary.json"
    summary.write_bytes(BOARD_PACK)
    code, err = run("plan", str(scenario), "-o", str(tmp_path / "new.xlsx"), "--json", str(summary), "--weeks", "1")
    assert code == 2 and "summary.json: already exists" in err
    assert summary.read_bytes() == BOARD_PACK and not (tmp_path / "new.xlsx").exists()


def test_force_replaces_the_output(tmp_path: Path) -> None:
    scenario = write(fitting_scenario(), tmp_path / "site.xlsx")
    out = tmp_path / "mix.xlsx"
    out.write_bytes(BOARD_PACK)
    code, err = run("mix", str(scenario), "-o", str(out), "--force")
    assert code == 0, err
    assert out.read_bytes()[:2] == b"PK"  # an .xlsx zip now, not the old bytes


def test_a_plan_workbook_given_as_a_scenario_is_named_as_such(tmp_path: Path) -> None:
    """Issue 20: a plan workbook where a scenario is expected is one error saying so, not a header error for
    every sheet the two share (the plan's Income sheet and the scenario's, for one)."""
    scenario = write(fitting_scenario(), tmp_path / "site.xlsx")
    plan = tmp_path / "plan.xlsx"
    code, err = run("plan", str(scenario), "-o", str(plan), "--weeks", "1")
    assert code == 0, err
    code, err = run("validate", str(plan))
    assert code == 2
    assert err.count("\n  ") == 1
    assert "this is a plan workbook written by `pch-workforce plan`, not a scenario" in err


def test_validate_finds_a_contract_nobody_could_work_at_its_row(tmp_path: Path, north_coast_path: Path) -> None:
    """Issue 20: a contract that cannot be worked at all was only found by `plan`; `validate` now says so at
    the person's contracted-sessions cell. Dr Penrose (9 sessions) never works nine weekday sessions."""
    import openpyxl

    book = openpyxl.load_workbook(north_coast_path)
    staff = book["Staff"]
    assert staff.cell(4, 1).value == "S001" and staff.cell(4, 5).value == 9
    staff.cell(4, 9).value = "Mon AM; Mon PM; Tue AM; Tue PM; Wed AM; Wed PM; Thu AM; Thu PM; Fri AM"
    path = tmp_path / "unworkable.xlsx"
    book.save(path)
    code, err = run("validate", str(path))
    assert code == 2
    # 9 x 4 h 10 x 4 weeks = 150 h, less the tolerance of half a 5 h 30 afternoon
    assert ("Staff!E4: Dr Amara Penrose (gp): contracted 9 sessions a week, at least 147 h 15 min over the 4-week "
            "rota") in err
    assert "the contract cannot be worked" in err

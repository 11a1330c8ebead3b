"""`plan`/`rota --history PREVIOUS_PLAN.xlsx` through the real entry point: the previous period's
evenings and Saturdays count toward this period's fairness, the Staff hours sheet says so, a re-plan
keeps them, and a bad history workbook is exit 2 with nothing written.

The small test site over one week (three tiny solves in all): the previous period is a two-week rota
of the same site with a leaver, hand-edited so Dr One worked both of its evenings and Dr Two both of
its Saturdays.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from pch_workforce.cli import main
from pch_workforce.plan.cover import load_published
from pch_workforce.rota_policy import RotaPolicy
from tests.rota_sheet_edits import edited, grid_cell
from tests.scenario_factory import fitting_scenario, write

SOLVER = ["--deterministic-limit", "2", "--workers", "1", "--seed", "0"]
EVENINGS = ("Evenings (sessions)", "Evenings worked last period (sessions)", "Fair share of evenings (sessions)")
SATURDAYS = ("Saturdays (sessions)", "Saturdays worked last period (sessions)", "Fair share of Saturdays (sessions)")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, *SOLVER])


def staff_hours(path: Path) -> dict[str, dict[str, Any]]:
    """The Staff hours table by staff id."""
    rows = list(openpyxl.load_workbook(path, read_only=True)["Staff hours"].iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[0] == "Staff id")
    return {r[0]: dict(zip(rows[top], r, strict=True)) for r in rows[top + 1:] if r[0]}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """now.xlsx: the small site, Dr Two willing to do evenings too, from Mon 4 Jan 2027. history.xlsx: the
    rota of the two weeks before, with Dr Gone (S9, since left), edited by hand."""
    path = tmp_path_factory.mktemp("history")
    scenario = fitting_scenario()
    staff = list(scenario.staff)
    staff[1] = staff[1].model_copy(update={"works_evenings": True})
    now = scenario.model_copy(update={"staff": tuple(staff)})
    write(now, path / "now.xlsx")
    gone = staff[0].model_copy(update={"staff_id": "S9", "name": "Dr Gone", "leave": ()})
    before = now.model_copy(update={"site": now.site.model_copy(update={"plan_start": dt.date(2026, 12, 21)}),
                                    "staff": (*staff, gone)})
    write(before, path / "before.xlsx")
    result = run("rota", str(path / "before.xlsx"), "--weeks", "2", "-o", str(path / "before-rota.xlsx"))
    assert result.exit_code == 0, result.stderr

    def by_hand(book: openpyxl.Workbook) -> None:
        sheet = book["Rota"]
        for name, header in (("Dr One", "Tue 22 Dec EVE"), ("Dr One", "Tue 29 Dec EVE"),
                             ("Dr Two", "Sat 26 Dec AM"), ("Dr Two", "Sat 02 Jan AM")):
            sheet[grid_cell(sheet, name, header)] = "A1 SAT-AM" if header.startswith("Sat") else "A1 EVE"
        for row in sheet.iter_rows():  # nobody else worked an evening or a Saturday
            for cell in row[3:]:
                if isinstance(cell.value, str) and cell.value.endswith(("EVE", "SAT-AM")) and \
                        row[0].value not in ("Dr One", "Dr Two"):
                    cell.value = None

    edited(path / "before-rota.xlsx", path / "history.xlsx", by_hand)
    return path


@pytest.fixture(scope="module")
def planned(folder: Path) -> tuple[Result, Path]:
    out = folder / "plan.xlsx"
    result = run("plan", str(folder / "now.xlsx"), "--weeks", "1", "--history", str(folder / "history.xlsx"),
                 "-o", str(out), "--json", str(folder / "plan.json"))
    return result, out


def test_the_history_is_read_from_the_previous_rota_and_the_leaver_named(planned: tuple[Result, Path]) -> None:
    result, out = planned
    assert result.exit_code == 0, result.stderr
    assert "Dr Gone (S9)" in result.stderr and "not in this scenario's staff" in result.stderr
    assert "21 Dec 2026 to 03 Jan 2027: 2 evenings, 2 Saturdays" in result.stderr
    rota = json.loads(out.with_suffix(".json").read_text())["rota"]
    assert rota["worked_last_period"] == {"evenings": 2, "saturdays": 2}  # Dr Gone's would not count
    hours = staff_hours(out)
    assert hours["S1"][EVENINGS[1]] == 2 and hours["S1"][SATURDAYS[1]] == "[z]"  # not willing on Saturdays
    assert hours["S2"][EVENINGS[1]] == 0 and hours["S2"][SATURDAYS[1]] == 2
    assert hours["S3"][EVENINGS[1]] == "[z]"  # the nurse shares neither
    posts = [sid for sid in hours if sid.startswith("VAC-")]
    assert posts and all(hours[sid][EVENINGS[1]] == 0 for sid in posts)  # new to the site: 0
    cover = " ".join(str(c) for row in openpyxl.load_workbook(out, read_only=True)["Cover"].iter_rows(values_only=True)
                     for c in row if c)
    assert "read from its plan (--history)" in cover and "same scenario file and --history workbook" in cover


def test_fair_shares_count_last_period_and_the_penalty_is_the_rule_by_hand(planned: tuple[Result, Path],
                                                                           folder: Path) -> None:
    """Each group's fair shares add up to its sessions now plus last period, pro rata; and the rota's
    unfair-share points are the rule worked from the sheet: weight x (highest load rounded up - lowest
    rounded down), a load being (now + last period) x largest contract / own contract."""
    _, out = planned
    summary = json.loads((folder / "plan.json").read_text())["rota"]
    assert summary["checker_objective"] == summary["objective"] and summary["hard_violations"] == 0
    hours = staff_hours(out)
    weight = round(RotaPolicy().weight_unfair_evenings)
    points = 0
    for worked, before, share in (EVENINGS, SATURDAYS):
        members = [line for line in hours.values() if line[share] != "[z]"]
        assert len(members) >= 2
        total = sum(line[worked] + line[before] for line in members)
        assert sum(line[share] for line in members) == pytest.approx(total)
        contracts = [line["Contracted (sessions per week)"] for line in members]
        assert {round(line[share] / c, 9) for line, c in zip(members, contracts, strict=True)} == {
            round(total / sum(contracts), 9)}
        loads = [Fraction((line[worked] + line[before]) * max(contracts), c)
                 for line, c in zip(members, contracts, strict=True)]
        points += weight * (math.ceil(max(loads)) - math.floor(min(loads)))
    assert summary["objective_by_rule"].get("unfair share", 0) == points > 0


def test_a_replan_keeps_the_history_the_plan_was_made_with(planned: tuple[Result, Path], folder: Path) -> None:
    _, out = planned
    published = load_published(out, folder / "now.xlsx")
    assert published.history == {"evenings": {"S1": 2}, "saturdays": {"S2": 2}}
    groups = {g.id: g.history_of() for g in published.pch.problem.fairness_groups}
    assert groups["evenings/gp"]["S1"] == 2 and groups["saturdays/gp"]["S2"] == 2
    again = folder / "replanned.xlsx"
    result = run("replan", str(out), "--scenario", str(folder / "now.xlsx"), "-o", str(again),
                 "--json", str(folder / "replanned.json"))
    assert result.exit_code == 0, result.stderr
    replanned = json.loads((folder / "replanned.json").read_text())["rota"]
    assert replanned["worked_last_period"] == {"evenings": 2, "saturdays": 2}
    before, after = staff_hours(out), staff_hours(again)
    for sid, line in before.items():
        assert (after[sid][EVENINGS[1]], after[sid][SATURDAYS[1]]) == (line[EVENINGS[1]], line[SATURDAYS[1]])


def test_a_rota_without_history_has_no_last_period_columns(folder: Path) -> None:
    """The previous period's rota was made without --history: its Staff hours sheet is as it always was."""
    line = staff_hours(folder / "before-rota.xlsx")["S1"]
    assert EVENINGS[0] in line and EVENINGS[2] in line and EVENINGS[1] not in line and SATURDAYS[1] not in line


def _refused(folder: Path, command: str, history: Path, *expected: str) -> None:
    out = folder / f"refused-{command}.xlsx"
    result = run(command, str(folder / "now.xlsx"), "--weeks", "1", "--history", str(history), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    for words in expected:
        assert words in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("command", ["plan", "rota"])
def test_a_bad_history_cell_is_exit_2_naming_file_sheet_and_cell(folder: Path, command: str) -> None:
    def typo(book: openpyxl.Workbook) -> None:
        sheet = book["Rota"]
        sheet[grid_cell(sheet, "Dr One", "Tue 29 Dec EVE")] = "Z9 EVE"

    bad = edited(folder / "history.xlsx", folder / "bad-history.xlsx", typo)
    sheet = openpyxl.load_workbook(bad)["Rota"]
    cell = grid_cell(sheet, "Dr One", "Tue 29 Dec EVE")
    _refused(folder, command, bad, f"bad-history.xlsx: Rota!{cell}", "Z9 is not a practice on this rota")


def test_a_history_that_is_not_a_plan_workbook_is_exit_2(folder: Path) -> None:
    _refused(folder, "plan", folder / "now.xlsx", "now.xlsx: has no Rota sheet")
    (folder / "notes.xlsx").write_text("not a workbook")
    _refused(folder, "rota", folder / "notes.xlsx", "notes.xlsx: is not an Excel workbook")


def test_a_history_of_this_period_is_refused(folder: Path, planned: tuple[Result, Path]) -> None:
    _, out = planned
    _refused(folder, "plan", out, "Rota!A1", "does not end before this plan starts (04 Jan 2027)")


def test_an_unreadable_last_period_cell_stops_a_replan(folder: Path, planned: tuple[Result, Path]) -> None:
    _, out = planned

    def typo(book: openpyxl.Workbook) -> None:
        sheet = book["Staff hours"]
        top = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Staff id")
        column = next(c.column for c in sheet[top] if c.value == EVENINGS[1])
        sheet.cell(top + 1, column).value = "two"

    bad = edited(out, folder / "bad-plan.xlsx", typo)
    again = folder / "never.xlsx"
    result = run("replan", str(bad), "--scenario", str(folder / "now.xlsx"), "-o", str(again))
    assert result.exit_code == 2, result.output
    assert "bad-plan.xlsx: Staff hours!" in result.stderr and '"two" is not a number of sessions' in result.stderr
    assert not again.exists()


def test_the_python_api_plans_with_the_same_history(planned: tuple[Result, Path], folder: Path) -> None:
    """``api.plan(..., history=...)`` is ``plan --history``: the same counts in the fairness groups
    and, at the same seed and deterministic limit, the same rota."""
    from pch_workforce import api

    result = api.plan(folder / "now.xlsx", weeks=1, deterministic_limit=2, seed=0, trajectory_years=0,
                      history=folder / "history.xlsx")
    groups = {g.id: g.history_of() for g in result.rota.problem.fairness_groups}
    assert groups["evenings/gp"]["S1"] == 2 and groups["saturdays/gp"]["S2"] == 2
    summary = json.loads((folder / "plan.json").read_text())["rota"]
    assert result.rota_report.objective == summary["objective"] and result.rota_check.ok

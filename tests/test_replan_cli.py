"""`pch-workforce replan` through the real entry point, on the shared one-week North Coast plan: a GP
absent for the week, locked cells, frozen weeks, a hand edit that breaks a rule. The Rota sheets of
the published and re-planned workbooks are compared cell by cell against the Changes sheet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from pch_workforce.cli import main
from tests.plan_workbook_fixture import NORTH_COAST, north_coast_plan, north_coast_workbook
from tests.rota_sheet_edits import edited, grid_cell, header_row
from tests.test_readme_json_keys import FULL_REFERENCE, documented, keys

SOLVER = ["--deterministic-limit", "3", "--workers", "2", "--seed", "0", "--scenario", str(NORTH_COAST)]


def replan(plan: Path, out: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["replan", str(plan), "-o", str(out), "--json", str(out.with_suffix(".json")),
                                     *SOLVER, *args])


def grid(path: Path) -> dict[tuple[str, str], Any]:
    """(staff id, session header) -> the Rota cell's value."""
    sheet = openpyxl.load_workbook(path, read_only=True)["Rota"]
    rows = list(sheet.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[0] == "Name" and r[1] == "Role")
    headers = rows[top]
    return {(row[-1], headers[c]): row[c] for row in rows[top + 1:] if row[0] for c in range(3, len(headers) - 1)}


def changes_sheet(path: Path) -> list[tuple]:
    sheet = openpyxl.load_workbook(path, read_only=True)["Changes"]
    rows = list(sheet.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[0] == "Name")
    return [r for r in rows[top + 1:] if r[0]]


def cell_of(change: dict[str, Any], headers: set[str]) -> str:
    from datetime import date

    day = date.fromisoformat(change["date"])
    return next(h for h in headers if h.startswith(f"{day:%a %d %b} {change['session']} "))


@pytest.fixture(scope="module")
def absent() -> str:
    """The named GP with the most sessions in the published rota."""
    plan = north_coast_plan()
    gps = [p.staff_id for p in plan.rota.people if p.role == "gp" and not p.vacancy]
    return max(gps, key=lambda s: (sum(a.staff_id == s for a in plan.rota_report.rota.assignments), s))


@pytest.fixture(scope="module")
def week_off(absent: str) -> str:
    dates = north_coast_plan().rota.dates
    return f"{absent}:{dates[0]}:{dates[-1]}"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("replan")
    shutil.copy(north_coast_workbook(), path / "plan.xlsx")
    return path


@pytest.fixture(scope="module")
def first(folder: Path, week_off: str) -> tuple[Result, Path]:
    out = folder / "absent.xlsx"
    return replan(folder / "plan.xlsx", out, "--absence", week_off), out


def test_an_absent_gp_changes_only_cells_the_changes_sheet_lists(first, folder: Path, absent: str) -> None:  # type: ignore[no-untyped-def]
    result, out = first
    assert result.exit_code == 0, result.output
    summary = json.loads(out.with_suffix(".json").read_text())
    before, after = grid(folder / "plan.xlsx"), grid(out)
    moved = {key for key in before if before[key] != after[key]}
    headers = {h for _, h in before}
    listed = {(c["staff_id"], cell_of(c, headers)): c for c in summary["changes"]}
    assert moved == set(listed), "every changed cell is listed and every listed cell changed"
    for key, change in listed.items():
        assert (before[key] or "", after[key] or "") == (change["was"], change["now"])
        assert change["reason"] in ("absence", "cover", "rule")
        assert (change["reason"] == "absence") == (change["staff_id"] == absent)
    lost = sum(a.staff_id == absent for a in north_coast_plan().rota_report.rota.assignments)
    assert summary["absences"] == [{**summary["absences"][0], "staff_id": absent, "sessions_lost": lost}]
    assert 0 <= summary["absences"][0]["sessions_recovered"] <= lost
    assert sum(c["reason"] == "absence" and c["was"] != "" for c in summary["changes"]) == lost
    assert all(after[absent, h] == "Leave" for h in headers)
    sessions = [c for c in summary["changes"] if {c["was"], c["now"]} - {"", "Leave"}]
    assert summary["changed_assignments"] == len(sessions) and len(summary["changes"]) == len(changes_sheet(out))
    assert summary["people_affected"] == len({c["staff_id"] for c in sessions})
    assert summary["locked_kept"] is True
    assert summary["rota"]["hard_violations"] == 0
    assert summary["rota"]["objective"] == summary["rota"]["checker_objective"]
    described = documented("replan", FULL_REFERENCE)
    assert set(summary) <= described and described - {"replan", "plan"} <= keys(summary)


def table(path: Path, sheet: str, name: str) -> list[dict[str, Any]]:
    """An Excel table's rows as dicts by header."""
    ws = openpyxl.load_workbook(path)[sheet]
    rows = [[c.value for c in row] for row in ws[ws.tables[name].ref]]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_changed_sessions_and_people_are_headline_figures_beside_cover_and_penalty(first, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """The Figures and Summary sheets carry the Changes sheet's count of changed sessions and people,
    next to cover and penalty; a plan that is not a re-plan has neither row."""
    out = first[1]
    sessions = [r for r in changes_sheet(out) if {r[4], r[5]} - {None, "Leave"}]  # Was, Now: a session moved
    people = len({r[1] for r in sessions})
    summary = json.loads(out.with_suffix(".json").read_text())
    figures = {r["Measure"]: r["Value"] for r in table(out, "Figures", "PlanSummary") if r["Section"] == "Rota quality"}
    measures = list(figures)
    assert figures["Re-plan: sessions changed from the published rota"] == len(sessions) > 0
    assert figures["Re-plan: people affected"] == people
    assert figures["Re-plan: sessions the absences took"] == summary["absences"][0]["sessions_lost"]
    assert figures["Re-plan: of those, now worked by someone else"] == summary["absences"][0]["sessions_recovered"]
    assert measures.index("Re-plan: sessions changed from the published rota") == \
        measures.index("Soft-rule penalty") + 1
    board = {r["Measure"]: r for r in table(out, "Summary", "BoardKpis")}
    assert board["Sessions changed by the re-plan"]["Value"] == len(sessions)
    assert board["People affected by the re-plan"]["Value"] == people
    order = list(board)
    assert order.index("Sessions changed by the re-plan") == order.index("Sessions below a cover minimum") + 1
    brief = dict((r["Topic"], r["What the plan says"]) for r in table(out, "Summary", "PlanInBrief"))
    assert f"{len(sessions)} sessions changed for {people} people" in brief["Re-plan"]
    plain = {r["Measure"] for r in table(folder / "plan.xlsx", "Figures", "PlanSummary")}
    assert not {m for m in plain if m.startswith("Re-plan")}
    assert "Re-plan" not in {r["Topic"] for r in table(folder / "plan.xlsx", "Summary", "PlanInBrief")}


def test_same_inputs_and_seed_give_the_same_changes(first, folder: Path, week_off: str) -> None:  # type: ignore[no-untyped-def]
    again = folder / "again.xlsx"
    result = replan(folder / "plan.xlsx", again, "--absence", week_off)
    assert result.exit_code == 0, result.output
    assert changes_sheet(again) == changes_sheet(first[1])


def test_a_replanned_workbook_can_be_replanned_its_leave_kept(first, folder: Path, absent: str) -> None:  # type: ignore[no-untyped-def]
    """The absence is Leave on the new Rota sheet, read back as leave: nothing breaks, nothing is absent anew."""
    out = folder / "second.xlsx"
    result = replan(first[1], out)
    assert result.exit_code == 0, result.output
    summary = json.loads(out.with_suffix(".json").read_text())
    assert summary["absences"] == [] and "absence" not in {c["reason"] for c in summary["changes"]}
    assert summary["rota"]["hard_violations"] == 0
    assert all(value == "Leave" for (staff, _), value in grid(out).items() if staff == absent)


def test_locked_cells_never_change(first, folder: Path, week_off: str) -> None:  # type: ignore[no-untyped-def]
    """Lock one cell the plain re-plan emptied or changed ("... *") and hold off one it filled ("*")."""
    summary = json.loads(first[1].with_suffix(".json").read_text())
    others = [c for c in summary["changes"] if c["reason"] != "absence"]
    keep = next(c for c in others if c["was"])
    off = next(c for c in others if not c["was"])
    names = {c["staff_id"]: c["name"] for c in others}

    def lock_by_header(book) -> None:  # type: ignore[no-untyped-def]
        sheet = book["Rota"]
        headers = {str(c.value) for c in sheet[header_row(sheet)] if c.value}
        for change, text in ((keep, keep["was"] + "*"), (off, "*")):
            sheet[grid_cell(sheet, names[change["staff_id"]], cell_of(change, headers))].value = text

    locked = edited(folder / "plan.xlsx", folder / "locked.xlsx", lock_by_header)
    out = folder / "locked-out.xlsx"
    result = replan(locked, out, "--absence", week_off)
    assert result.exit_code == 0, result.output
    after, headers = grid(out), {h for _, h in grid(locked)}
    assert after[keep["staff_id"], cell_of(keep, headers)] == keep["was"] + "*"  # kept, and still marked
    assert after[off["staff_id"], cell_of(off, headers)] == "*"
    assert sum(str(value).endswith("*") for value in after.values()) == 2  # no other cell gains a mark
    replanned = json.loads(out.with_suffix(".json").read_text())
    assert replanned["locked_kept"] is True and replanned["locked_cells"] == 2
    again = folder / "locked-again.xlsx"  # the marks are read back: a second re-plan keeps the locks untyped
    result = replan(out, again)
    assert result.exit_code == 0, result.output
    second = json.loads(again.with_suffix(".json").read_text())
    assert second["locked_kept"] is True and second["locked_cells"] == 2
    assert grid(again)[keep["staff_id"], cell_of(keep, headers)] == keep["was"] + "*"


def test_a_frozen_week_changes_only_the_absent_persons_cells(folder: Path, week_off: str, absent: str) -> None:
    out = folder / "frozen.xlsx"
    result = replan(folder / "plan.xlsx", out, "--absence", week_off, "--frozen-weeks", "1")
    assert result.exit_code == 0, result.output
    before, after = grid(folder / "plan.xlsx"), grid(out)
    assert {key[0] for key in before if before[key] != after[key]} == {absent}
    summary = json.loads(out.with_suffix(".json").read_text())
    assert {c["reason"] for c in summary["changes"]} == {"absence"}
    assert summary["locked_kept"] is True and summary["absences"][0]["sessions_recovered"] == 0


def test_a_hand_edit_breaking_a_rule_is_named_by_cell_and_nothing_is_written(folder: Path) -> None:
    plan = north_coast_plan()
    person = next(p for p in plan.rota.people if p.role == "gp" and not p.vacancy)
    monday = plan.rota.dates[0]
    where: list[str] = []

    def two_places(book) -> None:  # type: ignore[no-untyped-def]
        sheet = book["Rota"]
        where.append(grid_cell(sheet, person.name, f"{monday:%a %d %b} AM"))
        sheet[where[0]].value = "P1 AM + P2 AM"

    broken = edited(folder / "plan.xlsx", folder / "broken.xlsx", two_places)
    out = folder / "broken-out.xlsx"
    result = replan(broken, out)
    assert result.exit_code == 2, result.output
    assert f"Rota!{where[0]}" in result.output and "one location per session" in result.output
    assert not out.exists() and not out.with_suffix(".json").exists()

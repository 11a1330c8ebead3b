"""`pch-workforce cover` through the real entry point: for a session left open (a GP's cell cleared, as a
manager would on a sick day), every candidate it offers keeps every hard rule when applied (independent
checker), its points are the checker's change in the rota's penalty, and they come best first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pch_workforce.cli import main
from pch_workforce.plan.cover import load_published
from pch_workforce.rota import Assignment, Rota, check_rota
from tests.conftest import SCENARIOS
from tests.plan_workbook_fixture import NORTH_COAST, north_coast_plan, north_coast_workbook
from tests.rota_sheet_edits import edited, grid_cell


def cover(*args: str) -> Result:
    return CliRunner().invoke(main, ["cover", *args])


@pytest.fixture(scope="module")
def open_session(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The plan with a named GP's first weekday session in a room cleared; (workbook, --session, their id)."""
    plan = north_coast_plan()
    people = {p.staff_id: p for p in plan.rota.people}
    gone = min((a for a in plan.rota_report.rota.assignments
                if people[a.staff_id].role == "gp" and not people[a.staff_id].vacancy
                and a.shift_id in ("AM", "PM") and plan.rota.dates[a.day].weekday() < 5),
               key=lambda a: (a.day, a.shift_id, a.staff_id))
    date = plan.rota.dates[gone.day]
    name = people[gone.staff_id].name

    def clear(book) -> None:  # type: ignore[no-untyped-def]
        sheet = book["Rota"]
        sheet[grid_cell(sheet, name, f"{date:%a %d %b} {gone.shift_id}")].value = None

    path = edited(north_coast_workbook(), tmp_path_factory.mktemp("cover") / "sick.xlsx", clear)
    return path, f"{gone.location_id}:{date.isoformat()}:{gone.shift_id}", gone.staff_id


def test_every_candidate_keeps_every_hard_rule_and_they_come_best_first(open_session) -> None:  # type: ignore[no-untyped-def]
    path, session, _ = open_session
    result = cover(str(path), "--session", session, "--role", "gp", "--scenario", str(NORTH_COAST), "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["candidates"], "some GP can always be moved or added to a weekday session"
    published = load_published(path, NORTH_COAST)
    base = check_rota(published.pch.problem, published.rota)
    assert answer["objective"] == base.objective
    practice, date, shift = session.split(":")
    day = published.day(published.read.first_date.fromisoformat(date))
    for c in answer["candidates"]:
        kept = [a for a in published.rota.assignments if not (a.staff_id == c["staff_id"] and a.day == day and (
            c["change"].startswith("move from") and a.location_id == c["change"].split()[2]
            and a.shift_id == c["change"].split()[3]))]
        trial = Rota(assignments=(*kept, Assignment(staff_id=c["staff_id"], day=day, shift_id=shift,
                                                    location_id=practice)))
        check = check_rota(published.pch.problem, trial)
        assert check.ok, (c, check.violations[:2])
        assert check.objective - base.objective == c["points"]
        assert c["role"] == "gp"
    points = [c["points"] for c in answer["candidates"]]
    assert points == sorted(points)
    assert all(n["reason"] for n in answer["not_offered"])


def test_the_terminal_ranks_them_and_the_scenario_is_found_by_its_cover_name(open_session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path, session, _ = open_session
    monkeypatch.chdir(SCENARIOS.parent)  # scenarios/north-coast-pch.xlsx, as the plan's Cover names it
    result = cover(str(path), "--session", session, "--role", "gp", "--top", "3")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(session.split(":")[0])
    assert lines[1].lstrip().startswith("1. ") and "points" in lines[1]
    assert "not offered" in lines[-1]


@pytest.mark.parametrize(("args", "message"), [
    (["--session", "P1-2027-01-05-AM"], "give PRACTICE:DATE:SESSION"),
    (["--session", "P9:2027-01-05:AM"], "is not a practice of this plan"),
    (["--session", "P1:2030-01-07:AM"], "is outside the rota"),
    (["--session", "P1:2027-01-05:SAT-AM"], "SAT-AM does not fall on a Tuesday"),
    (["--session", "P1:2027-01-05:AM", "--role", "astronaut"], "is not a role on this rota"),
])
def test_a_bad_session_is_exit_2_naming_the_option(open_session, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    path, _, _ = open_session
    result = cover(str(path), "--scenario", str(NORTH_COAST), *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_another_scenario_is_refused(open_session) -> None:  # type: ignore[no-untyped-def]
    path, session, _ = open_session
    result = cover(str(path), "--session", session, "--scenario", str(SCENARIOS / "market-town-pch.xlsx"))
    assert result.exit_code == 2
    assert "is not the scenario this plan was made from" in result.stderr

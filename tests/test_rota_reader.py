"""The Rota sheet read back: exactly the plan's assignments and leave, hand edits read, bad cells placed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from pch_workforce.errors import InputError
from pch_workforce.output import save_workbook_atomic
from pch_workforce.plan.rota_reader import ReadRota, read_rota
from pch_workforce.plan.workbook import rota_workbook
from tests.plan_workbook_fixture import north_coast_plan, north_coast_workbook
from tests.rota_sheet_edits import edited, grid_cell, header_row

Key = tuple[str, dt.date, str, str]  # staff id, date, shift id, practice


def plan_assignments() -> set[Key]:
    plan = north_coast_plan()
    assert plan.rota_report.rota is not None
    return {(a.staff_id, plan.rota.dates[a.day], a.shift_id, a.location_id) for a in plan.rota_report.rota.assignments}


def read_assignments(rota: ReadRota) -> set[Key]:
    keys = [(a.staff_id, a.date, a.shift_id, a.practice) for a in rota.assignments]
    assert len(keys) == len(set(keys))
    return set(keys)


@pytest.fixture(scope="module")
def rota() -> ReadRota:
    return read_rota(north_coast_workbook())


def test_reads_back_exactly_the_plans_assignments(rota: ReadRota) -> None:
    plan = north_coast_plan()
    assert read_assignments(rota) == plan_assignments()
    shifts = plan.rota.problem.shift_by_id
    for a in rota.assignments:
        shift = shifts[a.shift_id]
        assert (a.start_minute, a.end_minute) == (shift.start_minute, shift.start_minute + shift.length_minutes)
        assert a.holds_room == shift.holds_room
    assert any(not a.holds_room and not a.mdt for a in rota.assignments)  # the fixture has "-R" sessions
    assert any(a.mdt for a in rota.assignments) and any(a.date.weekday() == 5 for a in rota.assignments)


def test_reads_people_leave_period_and_practices(rota: ReadRota) -> None:
    plan = north_coast_plan()
    assert [(p.staff_id, p.name, p.home_practice) for p in rota.people] == [
        (p.staff_id, p.name, p.home_practice) for p in plan.rota.people]
    column_dates = {c.date for c in rota.columns}
    expected_leave = {(s, plan.rota.dates[d]) for s, staff in plan.rota.problem.staff_by_id.items()
                      for d in staff.leave_days if plan.rota.dates[d] in column_dates}
    assert expected_leave and {(d.staff_id, d.date) for d in rota.leave} == expected_leave
    assert (rota.first_date, rota.last_date) == (plan.rota.dates[0], plan.rota.dates[-1])
    scenario = plan.loaded.scenario
    assert rota.site == scenario.site.name
    assert rota.practices == {p.code: p.name for p in scenario.practices}
    assert rota.hub == next(p.code for p in scenario.practices if p.is_hub)


def test_reads_the_rota_workbook_too(tmp_path: Path) -> None:
    path = save_workbook_atomic(rota_workbook(north_coast_plan()), tmp_path / "rota.xlsx")
    assert read_assignments(read_rota(path)) == plan_assignments()


def _free_cell(rota: ReadRota, header_start: str) -> tuple[str, dt.date]:
    """A person with nothing in the first column whose header starts so (not on leave that day)."""
    column = next(c for c in rota.columns if c.header.startswith(header_start))
    busy = {(a.staff_id, a.date, a.session) for a in rota.assignments} | {(d.staff_id, d.date, column.session)
                                                                        for d in rota.leave}
    person = next(p for p in rota.people if (p.staff_id, column.date, column.session) not in busy)
    return person.name, column.date


def test_hand_edits_are_read(rota: ReadRota, tmp_path: Path) -> None:
    weekday, weekday_date = _free_cell(rota, "Mon")
    saturday, saturday_date = _free_cell(rota, "Sat")
    cleared = rota.assignments[0]
    ids = {p.name: p.staff_id for p in rota.people}

    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["Rota"]
        sheet[grid_cell(sheet, weekday, "Mon")] = " p2 am-r "  # case and spaces forgiven
        sheet[grid_cell(sheet, saturday, "Sat")] = "P1 AM"  # read as the Saturday session
        sheet[cleared.cell.split("!")[1]] = None

    after = read_assignments(read_rota(edited(north_coast_workbook(), tmp_path / "edited.xlsx", edit)))
    before = read_assignments(rota)
    assert before - after == {(cleared.staff_id, cleared.date, cleared.shift_id, cleared.practice)}
    assert after - before == {(ids[weekday], weekday_date, "AM-R", "P2"),
                              (ids[saturday], saturday_date, "SAT-AM", "P1")}


def test_a_trailing_star_locks_a_cell_and_a_star_alone_holds_a_session_off(rota: ReadRota, tmp_path: Path) -> None:
    locked = rota.assignments[0]
    name, date = _free_cell(rota, "Mon")
    ids = {p.name: p.staff_id for p in rota.people}

    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["Rota"]
        where = locked.cell.split("!")[1]
        sheet[where] = f"{sheet[where].value} *"
        sheet[grid_cell(sheet, name, "Mon")] = "*"

    after = read_rota(edited(north_coast_workbook(), tmp_path / "locked.xlsx", edit))
    assert read_assignments(after) == read_assignments(rota)
    assert [(a.staff_id, a.date, a.shift_id) for a in after.assignments if a.locked] == [
        (a.staff_id, a.date, a.shift_id) for a in rota.assignments if a.cell == locked.cell]
    off = [(o.staff_id, o.date, o.shifts) for o in after.locked_off]
    assert off == [(ids[name], date, next(c for c in rota.columns if c.header.startswith("Mon")).shifts())]
    assert not any(a.locked for a in rota.assignments) and rota.locked_off == ()


def test_every_bad_cell_is_named_with_what_is_wrong(rota: ReadRota, tmp_path: Path) -> None:
    free = [p.name for p in rota.people if not any(a.staff_id == p.staff_id and a.date == rota.first_date
                                                    and a.session == "AM" for a in rota.assignments)
            and not any(d.staff_id == p.staff_id and d.date == rota.first_date for d in rota.leave)]
    places: dict[str, str] = {}

    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["Rota"]
        for name, value, expected in zip(free, ("P9 AM", "P1 PM", 42, "P1"), (
                '"P9 AM": P9 is not a practice on this rota (the key above the table lists P1, P2, P3, P4, P5, P6)',
                '"P1 PM": PM is not a session this column (Mon 04 Jan AM 08:00–13:00) takes; it takes AM or AM-R',
                "42 is not a practice code and session",
                '"P1" is not a practice code and session')):
            cell = grid_cell(sheet, name, "Mon")
            sheet[cell] = value
            places[f"Rota!{cell}"] = expected
        row = next(r[0].row for r in sheet.iter_rows(min_row=header_row(sheet) + 1) if r[0].value == free[4])
        sheet.cell(row, 1, "Dr Nobody")
        places[f"Rota!A{row}"] = '"Dr Nobody" is not a person in this plan'

    with pytest.raises(InputError) as raised:
        read_rota(edited(north_coast_workbook(), tmp_path / "bad.xlsx", edit))
    problems = {p.where: p.message for p in raised.value.problems}
    assert set(problems) == set(places)
    for where, expected in places.items():
        assert expected in problems[where], (where, problems[where])


def test_a_workbook_without_a_rota_sheet_is_refused(north_coast_path: Path) -> None:
    with pytest.raises(InputError, match="has no Rota sheet"):
        read_rota(north_coast_path)


def test_a_header_that_does_not_parse_is_placed(tmp_path: Path) -> None:
    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["Rota"]
        sheet.cell(header_row(sheet), 4, "Mon 04 Jan morning")
        sheet.cell(header_row(sheet), 5, "Tue 04 Jan PM 13:00–18:30")

    with pytest.raises(InputError) as raised:
        read_rota(edited(north_coast_workbook(), tmp_path / "header.xlsx", edit))
    messages = [str(p) for p in raised.value.problems]
    assert any(m.startswith("Rota!D") and "is not a day and session" in m for m in messages)
    assert any(m.startswith("Rota!E") and "04 Jan 2027 is a Mon" in m for m in messages)


def test_dates_come_from_the_title_checked_against_the_session_cover(tmp_path: Path) -> None:
    source = north_coast_workbook()

    def no_title(book: openpyxl.Workbook) -> None:
        book["Rota"]["A1"] = None

    untitled = edited(source, tmp_path / "no-title.xlsx", no_title)
    assert read_assignments(read_rota(untitled)) == plan_assignments()  # dates from the Session cover sheet

    def wrong_year(book: openpyxl.Workbook) -> None:  # 4 Jan 2021 was a Monday too
        book["Rota"]["A1"] = str(book["Rota"]["A1"].value).replace("2027", "2021")

    with pytest.raises(InputError, match=r"rota's period 04 Jan 2021 to 10 Jan 2021 disagrees with Session cover!A\d+"):
        read_rota(edited(source, tmp_path / "2021.xlsx", wrong_year))

    def nothing_dated(book: openpyxl.Workbook) -> None:
        no_title(book)
        for name in ("Session cover", "By practice"):
            del book[name]

    with pytest.raises(InputError, match=r"Rota!A1: .* the year of the session columns cannot be told"):
        read_rota(edited(source, tmp_path / "undated.xlsx", nothing_dated))

"""`pch-workforce calendar` through the real entry point: the .ics files parse with icalendar and match
the Rota sheet cell by cell; bad input writes nothing; the same plan gives byte-identical files."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import openpyxl
import pytest
from click.testing import CliRunner, Result

from pch_workforce.cli import main
from pch_workforce.plan.ics import file_names, person_calendars, saved_at
from pch_workforce.plan.rota_reader import ReadRota, RotaAssignment, RotaRow, SessionColumn
from tests.plan_workbook_fixture import north_coast_plan, north_coast_workbook
from tests.rota_sheet_edits import edited, grid_cell

LONDON = ZoneInfo("Europe/London")
CELL = re.compile(r"\((Rota!([A-Z]+)(\d+))\)")


def calendar(*args: str) -> Result:
    return CliRunner().invoke(main, ["calendar", *args])


def parsed(folder: Path) -> dict[str, icalendar.Calendar]:
    """Each file's calendar, keyed by the person's name (the calendar's NAME)."""
    calendars = {}
    for path in sorted(folder.glob("*.ics")):
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        calendars[str(cal["NAME"]).split(": ")[0]] = cal
    return calendars


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("calendars") / "north-coast"
    result = calendar(str(north_coast_workbook()), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "sessions and" in result.stdout
    return out


def test_every_event_is_a_rota_cell_and_every_worked_cell_an_event(written: Path) -> None:
    sheet = openpyxl.load_workbook(north_coast_workbook())["Rota"]
    top = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Name")
    practices = {}
    for row in range(top - 1, 1, -1):
        if sheet.cell(row, 2).value is None:
            break
        practices[sheet.cell(row, 1).value] = str(sheet.cell(row, 2).value).removesuffix(" (hub, hosts the MDT)")
    calendars = parsed(written)
    seen: set[tuple[str, str]] = set()  # (cell, code) of each session event
    leave_events: set[tuple[str, str]] = set()  # (name, "Mon 04 Jan")
    for name, cal in calendars.items():
        worked = any(e["SUMMARY"] != "Leave" for e in cal.events)
        assert [tz["TZID"] for tz in cal.timezones] == (["Europe/London"] if worked else [])
        for event in cal.events:
            cell, column, row = CELL.search(str(event["DESCRIPTION"])).groups()
            assert sheet[f"A{row}"].value == name
            value = str(sheet[f"{column}{row}"].value)
            header = str(sheet[f"{column}{top}"].value)  # e.g. "Mon 04 Jan AM 08:00–13:00"
            if event["SUMMARY"] == "Leave":
                assert value == "Leave" and not isinstance(event.start, dt.datetime)
                assert header.startswith(f"{event.start:%a %d %b} ") and event.end == event.start + dt.timedelta(days=1)
                leave_events.add((name, f"{event.start:%a %d %b}"))
                continue
            start, end = event.start, event.end
            assert start.tzinfo == LONDON and end.tzinfo == LONDON
            assert header == f"{start:%a %d %b} {header.split()[3]} {start:%H:%M}–{end:%H:%M}"
            code = re.search(r"rota: (\S+ \S+),", str(event["DESCRIPTION"])).group(1)
            assert code in value.split(" + ")
            practice = code.split()[0]
            assert event["LOCATION"] == practices[practice]
            assert str(event["SUMMARY"]).startswith(f"{practice} {practices[practice]}: ")
            seen.add((cell, code))
    worked_cells, leave_cells = set(), set()
    for row in sheet.iter_rows(min_row=top + 1):
        for c in row[3:-1]:  # the session columns (the last is the staff id)
            if c.value == "Leave":
                leave_cells.add((row[0].value, " ".join(str(sheet.cell(top, c.column).value).split()[:3])))
            elif c.value:
                worked_cells |= {(f"Rota!{c.coordinate}", code) for code in str(c.value).split(" + ")}
    assert worked_cells == seen
    assert leave_cells and leave_cells == leave_events


def test_events_are_the_plans_sessions_at_their_clock_times(written: Path) -> None:
    plan = north_coast_plan()
    assert plan.rota_report.rota is not None
    names = {p.staff_id: p.name for p in plan.rota.people}
    shifts = plan.rota.problem.shift_by_id
    practices = {p.code: p.name for p in plan.loaded.scenario.practices}
    expected = set()
    for a in plan.rota_report.rota.assignments:
        shift = shifts[a.shift_id]
        assert shift.start_minute is not None
        start = dt.datetime.combine(plan.rota.dates[a.day], dt.time(), LONDON)
        start += dt.timedelta(minutes=shift.start_minute)
        end = start + dt.timedelta(minutes=shift.length_minutes)
        expected.add((names[a.staff_id], start, end, practices[a.location_id]))
    got = [(name, e.start, e.end, str(e["LOCATION"])) for name, cal in parsed(written).items() for e in cal.events
           if e["SUMMARY"] != "Leave"]
    assert len(got) == len(set(got)) and set(got) == expected
    uids = [str(e["UID"]) for cal in parsed(written).values() for e in cal.events]
    assert len(uids) == len(set(uids))


def test_same_plan_twice_gives_byte_identical_files(written: Path, tmp_path: Path) -> None:
    result = calendar(str(north_coast_workbook()), "-o", str(tmp_path / "again"))
    assert result.exit_code == 0, result.stderr
    first = {p.name: p.read_bytes() for p in written.glob("*.ics")}
    assert first and first == {p.name: p.read_bytes() for p in (tmp_path / "again").glob("*.ics")}


def test_a_bad_cell_is_exit_2_naming_it_and_nothing_is_written(tmp_path: Path) -> None:
    plan = north_coast_plan()
    name = plan.rota.people[0].name

    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["Rota"]
        sheet[grid_cell(sheet, name, "Mon")] = "P1 Tuesday"

    bad = edited(north_coast_workbook(), tmp_path / "bad.xlsx", edit)
    cell = grid_cell(openpyxl.load_workbook(bad)["Rota"], name, "Mon")
    out = tmp_path / "out"
    result = calendar(str(bad), "-o", str(out))
    assert result.exit_code == 2
    assert f'Rota!{cell}: "P1 Tuesday": Tuesday is not a session this column' in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


@pytest.mark.parametrize("which", ["missing", "scenario"])
def test_a_plan_that_is_not_one_is_exit_2(which: str, north_coast_path: Path, tmp_path: Path) -> None:
    plan = tmp_path / "nothing.xlsx" if which == "missing" else north_coast_path
    result = calendar(str(plan), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert ("file not found" if which == "missing" else "has no Rota sheet") in result.stderr
    assert not (tmp_path / "out").exists()


def test_existing_files_are_kept_without_force(written: Path, tmp_path: Path) -> None:
    out = tmp_path / "calendars"
    assert calendar(str(north_coast_workbook()), "-o", str(out)).exit_code == 0
    victim = sorted(out.glob("*.ics"))[0]
    victim.write_text("mine")
    refused = calendar(str(north_coast_workbook()), "-o", str(out))
    assert refused.exit_code == 2 and "pass --force" in refused.stderr
    assert victim.read_text() == "mine"
    assert calendar(str(north_coast_workbook()), "-o", str(out), "--force").exit_code == 0
    assert victim.read_bytes() == (written / victim.name).read_bytes()


def test_file_names_are_safe_and_unique() -> None:
    people = tuple(RotaRow(i, staff, name, "GP", "P1") for i, (staff, name) in enumerate([
        ("S1", "Dr Siân O'Neil"), ("S2", "Dr Sian O Neil"), ("S3", "DR SIAN O-NEIL"), ("S4", "con"),
        ("S/5", "???"), ("S6", "x" * 300)]))
    names = file_names(people)
    assert names["S1"] == "dr-sian-o-neil.ics"
    assert len(set(names.values())) == len(people)
    assert names["S4"] == "con-s4.ics" and names["S/5"] == "s-5.ics"
    assert all(re.fullmatch(r"[a-z0-9-]{1,80}\.ics", n) for n in names.values())


def test_a_summer_session_is_in_british_summer_time() -> None:
    day = dt.date(2027, 6, 7)  # a Monday in BST
    column = SessionColumn(4, "Mon 07 Jun AM 08:00–13:00", day, "AM", 480, 780)
    rota = ReadRota("Test Site", day, day, {"P1": "Market Cross Surgery"}, "P1", (column,),
                    (RotaRow(5, "S1", "Dr A", "GP", "P1"),),
                    (RotaAssignment("S1", day, "AM", "P1", 480, 780, "Rota!D5"),), ())
    stamp = dt.datetime(2027, 5, 1, 9, 30, tzinfo=dt.timezone.utc)
    (made,), empty = person_calendars(rota, stamp)
    assert not empty
    text = made.content.decode()
    assert "DTSTART;TZID=Europe/London:20270607T080000" in text and "DTSTAMP:20270501T093000Z" in text
    event = icalendar.Calendar.from_ical(made.content).events[0]
    assert event.start.utcoffset() == dt.timedelta(hours=1)
    assert event["SUMMARY"] == "P1 Market Cross Surgery: morning session"


def test_the_stamp_is_when_the_workbook_was_saved() -> None:
    saved = openpyxl.load_workbook(north_coast_workbook()).properties.modified
    stamp = saved_at(north_coast_workbook(), dt.date(2000, 1, 1))
    assert stamp == saved.replace(tzinfo=dt.timezone.utc, microsecond=0)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc, where no folder can be made")
def test_a_folder_that_cannot_be_made_is_exit_2() -> None:
    result = calendar(str(north_coast_workbook()), "-o", "/proc/calendars")
    assert result.exit_code == 2 and "/proc/calendars: cannot be written" in result.stderr

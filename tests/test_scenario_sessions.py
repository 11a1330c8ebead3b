"""The Sessions sheet (issue 19): each session's clock times, read from Excel times or text, with defaults;
and issue 19's bad inputs through the real CLI: exit 2, the error at its cell, nothing written."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pytest
from pydantic import ValidationError

from pch_workforce.scenario.loader import load_scenario
from pch_workforce.scenario.model import (
    DEFAULT_SESSION_TIMES,
    OpeningSlot,
    Scenario,
    Session,
    SessionTime,
    Weekday,
)
from pch_workforce.scenario.reader import read_scenario
from tests.conftest import REPO
from tests.scenario_factory import edit, fitting_scenario, problems_from, write
from tests.test_cli import in_process


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write(fitting_scenario(), tmp_path / "s.xlsx")


def test_defaults_are_core_hours_and_network_standard_hours() -> None:
    scenario = fitting_scenario()
    assert scenario.session_times == DEFAULT_SESSION_TIMES
    assert [(t.session, t.day, t.label, t.minutes) for t in DEFAULT_SESSION_TIMES] == [
        (Session.AM, "Weekday", "08:00–13:00", 300),
        (Session.PM, "Weekday", "13:00–18:30", 330),
        (Session.EVENING, "Weekday", "18:30–20:00", 90),
        (Session.AM, "Saturday", "09:00–13:00", 240),
        (Session.PM, "Saturday", "13:00–17:00", 240),
    ]
    with pytest.raises(KeyError):
        scenario.session_time(Session.EVENING, saturday=True)  # Saturday EVE has no default


def test_a_new_template_states_the_default_times_as_data(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(write(None, tmp_path / "t.xlsx"))["Sessions"]
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0] is not None]
    assert rows[0] == ("AM", "Weekday", dt.time(8, 0), dt.time(13, 0))  # a real row, not "e.g."
    assert len(rows) == 5
    assert sheet["C4"].number_format == "hh:mm"


def test_times_are_read_from_excel_time_cells_fractions_and_text(good: Path) -> None:
    book = openpyxl.load_workbook(good)
    sheet = book["Sessions"]
    sheet["C4"] = "7:30"  # weekday AM starts, typed as text
    sheet["D4"] = dt.time(12, 30)  # an Excel time cell
    sheet["C5"], sheet["C5"].number_format = 0.5625, "General"  # a fraction of a day, 13:30, not shown as a time
    sheet["D6"] = "20:15"
    book.save(good)
    assert isinstance(openpyxl.load_workbook(good)["Sessions"]["C5"].value, float)
    scenario = read_scenario(good)
    assert scenario.session_time(Session.AM, saturday=False).label == "07:30–12:30"
    assert scenario.session_time(Session.PM, saturday=False).start_minute == 13 * 60 + 30
    evening = scenario.session_time(Session.EVENING, saturday=False)
    assert (evening.label, evening.minutes) == ("18:30–20:15", 105)
    assert scenario.session_time(Session.AM, saturday=True) == DEFAULT_SESSION_TIMES[3]


def test_a_session_left_out_keeps_its_default_and_saturday_evening_can_be_given(good: Path) -> None:
    book = openpyxl.load_workbook(good)
    sheet = book["Sessions"]
    sheet.delete_rows(5, 4)  # keep only weekday AM
    sheet["C4"], sheet["D4"] = "08:30", "12:30"
    sheet.append(("EVE", "Saturday", "17:00", "18:00"))
    book.save(good)
    scenario = read_scenario(good)
    assert scenario.session_time(Session.AM, saturday=False).label == "08:30–12:30"
    assert scenario.session_time(Session.PM, saturday=False) == DEFAULT_SESSION_TIMES[1]
    assert scenario.session_time(Session.EVENING, saturday=True).label == "17:00–18:00"
    assert len(scenario.session_times) == 6


def test_a_workbook_without_the_sheet_reads_the_defaults_quietly(good: Path, recwarn: pytest.WarningsRecorder) -> None:
    book = openpyxl.load_workbook(good)
    del book["Sessions"]
    book.save(good)
    loaded = load_scenario(good)
    assert loaded.scenario == fitting_scenario()
    assert loaded.scenario.session_times == DEFAULT_SESSION_TIMES
    assert not recwarn.list


@pytest.mark.parametrize(("edits", "problem"), [
    ({"C4": "13:00", "D4": "12:00"}, "Sessions!D4: ends 12:00, before it starts at 13:00"),
    ({"D4": dt.time(8, 0)}, "Sessions!D4: ends 08:00, the time it starts: give a later end"),
    ({"C5": "1pm"}, 'Sessions!C5: Starts (hh:mm): must be a time of day like 08:00 (24-hour clock), got "1pm"'),
    ({"D5": "25:00"}, 'Sessions!D5: Ends (hh:mm): must be a time of day like 08:00 (24-hour clock), got "25:00"'),
    ({"D5": 13}, "Sessions!D5: Ends (hh:mm): must be a time of day like 08:00 (24-hour clock), got the date "
                 "1900-01-13"),  # 13 typed into a time cell is 13 days, which openpyxl reads as a date
    ({"B6": "Sunday"}, 'Sessions!B6: Day: day must be one of Weekday, Saturday; got "Sunday"'),
    ({"A8": "AM"}, "Sessions!A8: duplicate row for AM / Saturday (first on row 7)"),
])
def test_a_bad_session_row_is_named_by_its_cell(good: Path, edits: dict[str, object], problem: str) -> None:
    for cell, value in edits.items():
        edit(good, "Sessions", cell, value)
    assert problems_from(read_scenario, good) == [problem]


def test_a_practice_open_in_a_session_without_times_is_refused() -> None:
    scenario = fitting_scenario()
    practice = scenario.practices[0]
    opening = practice.opening + (OpeningSlot(weekday=Weekday.SAT, session=Session.EVENING),)
    practices = (practice.model_copy(update={"opening": opening}),) + scenario.practices[1:]
    fields = dict(scenario) | {"practices": practices}
    with pytest.raises(ValidationError, match=r"A1 opens on Sat EVE, which has no clock times"):
        Scenario(**fields)
    saturday_evening = SessionTime(session=Session.EVENING, saturday=True, start_minute=17 * 60, end_minute=18 * 60)
    timed = Scenario(**fields | {"session_times": (saturday_evening,)})
    assert timed.session_time(Session.EVENING, saturday=True) == saturday_evening


# Issue 19's bad inputs, through the command line (in this process: a process per case only added the
# interpreter's start-up; test_cli runs the real console script).

def _local_care_model(folder: Path, supervisor: str) -> Path:
    """The default care model with the physician associate's supervisor replaced, as a site would copy it."""
    text = (REPO / "models" / "pch-default.toml").read_text()
    head, section, tail = text.partition("[roles.physician_associate.supervision]")
    assert 'by = ["gp"]' in tail
    path = folder / "local-care-model.toml"
    path.write_text(head + section + tail.replace('by = ["gp"]', f'by = ["{supervisor}"]', 1))
    return path


def _session_ends_before_it_starts(path: Path) -> str:
    edit(path, "Sessions", "D4", "07:00")
    return "Sessions!D4: ends 07:00, before it starts at 08:00"


def _negative_clinical_rooms(path: Path) -> str:
    edit(path, "Practices", "F4", -1)
    return "Practices!F4: Clinical rooms: clinical rooms must be a whole number of at least 0, got -1"


def _unknown_supervisor_in_the_sites_care_model(path: Path) -> str:
    """A scenario names a supervisor role only through its own care model file (Site "Care model"): the
    Overrides sheet replaces single values, and ``supervision.by`` is a list (see the next case)."""
    edit(path, "Site", "B5", str(_local_care_model(path.parent, "consultant_geriatrician")))
    return ('Site!B5: care model: ' + str(path.parent / "local-care-model.toml") +
            ': roles.physician_associate.supervision.by: unknown role "consultant_geriatrician"')


def _supervisor_as_an_override(path: Path) -> str:
    edit(path, "Overrides", "A4", "roles.physician_associate.supervision.by")
    edit(path, "Overrides", "B4", "consultant_geriatrician")
    return ('Overrides!A4: "roles.physician_associate.supervision.by" is a list, which the Overrides sheet cannot '
            "change (it sets one value); give the site its own care model (Site sheet, Care model) with the list "
            "changed")


BAD_INPUTS = [_session_ends_before_it_starts, _negative_clinical_rooms, _unknown_supervisor_in_the_sites_care_model,
              _supervisor_as_an_override]


@pytest.mark.parametrize("command", ["validate", "plan"])
@pytest.mark.parametrize("break_it", BAD_INPUTS, ids=lambda f: f.__name__.strip("_"))
def test_bad_input_exits_2_at_its_cell_and_writes_nothing(tmp_path: Path, command: str, break_it) -> None:
    path = write(fitting_scenario(), tmp_path / "s.xlsx")
    problem = break_it(path)
    before = sorted(os.listdir(tmp_path))
    out = tmp_path / "out.xlsx"
    args = [command, str(path)] + (["-o", str(out), "--weeks", "1"] if command == "plan" else [])
    completed = in_process(*args)
    assert completed.returncode == 2, completed.stderr
    assert problem in completed.stderr
    assert "Traceback" not in completed.stderr
    assert not out.exists()
    assert sorted(os.listdir(tmp_path)) == before

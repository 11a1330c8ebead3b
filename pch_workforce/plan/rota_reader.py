"""Read a plan workbook's Rota sheet back as the user left it: who works which session where, and leave.

The exact inverse of ``plan/workbook/rota.py``: the title "<site>: rota 04 Jan 2027 to 31 Jan 2027"
in A1, the practice key above the table, then one header row (Name, Role, Home practice, one
column per day and session such as "Mon 04 Jan AM 08:00–13:00", Staff id) and one row per person.
A cell holds "P1 AM", "P1 AM-R" (no clinical room), "P1 EVE", "P1 SAT-AM", "P1 MDT", several of
those joined by " + ", "Leave", or nothing. A planner may end a cell with the lock marker "*"
("P1 AM*": this stays as it is when the rota is re-planned; "*" alone: this person stays off that
session), which the reader returns as lock flags. The header carries no year, so the column dates come
from the title's period and are checked against the real dates of the Session cover (or By
practice) sheet. The header row is found by its labels, never by a fixed row number (see the
workbook conventions); anything that is not what the writer writes, or what a planner would type
for it, is an InputError naming the cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pch_workforce.errors import InputError, Problem
from pch_workforce.pch_rota import MDT_SHIFT, SATURDAY, grid_session, is_remote, remote_id, shift_id
from pch_workforce.plan.workbook.rota import LEAVE, LOCK, SHEET
from pch_workforce.plan.workbook.session_cover import SHEET as SESSION_COVER
from pch_workforce.scenario.cells import clock_time, describe, is_blank
from pch_workforce.scenario.model import Session, clock
from pch_workforce.scenario.reader import cell_ref
from pch_workforce.scenario.workbook_file import SheetValues, open_workbook

NAME_HEADERS = ("Name", "Role", "Home practice")
STAFF_ID = "Staff id"
NO_HOME = "vacancy"  # what the writer puts in Home practice for a post with none
HUB_NOTE = " (hub, hosts the MDT)"  # the writer's suffix on the hub's name in the key
JOIN = "+"  # the writer joins two codes in one cell with " + "
STAFF_HOURS = "Staff hours"
BY_PRACTICE = "By practice"
DATED_SHEETS = (SESSION_COVER, BY_PRACTICE)  # sheets whose first column holds each row's real date
# English abbreviations as the writer's strftime gives them, matched without the locale.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE = r"\d{1,2} [A-Za-z]{3} \d{4}"
TITLE = re.compile(rf"^(?P<site>.*): rota (?P<first>{_DATE}) to (?P<last>{_DATE})$")
HEADER = re.compile(r"^(?P<weekday>[A-Za-z]{3}) (?P<day>\d{1,2}) (?P<month>[A-Za-z]{3}) "
                    rf"(?P<session>{'|'.join(s.value for s in Session)}) "
                    r"(?P<start>\d{1,2}[:.]\d{2})\s*[–-]\s*(?P<end>\d{1,2}[:.]\d{2})$")
SESSION_WORDS = {Session.AM.value: "morning", Session.PM.value: "afternoon", Session.EVENING.value: "evening"}


@dataclass(frozen=True)
class SessionColumn:
    """One session column of the grid: its date, session and clock times (from the header)."""

    column: int  # 1-based sheet column
    header: str
    date: dt.date
    session: str  # the grid's session: "AM", "PM" or "EVE"
    start_minute: int
    end_minute: int

    @property
    def saturday(self) -> bool:
        return self.date.weekday() == SATURDAY

    def shifts(self) -> tuple[str, ...]:
        """The session codes a cell in this column may hold, as the rota engine names them."""
        session = Session(self.session)
        if self.saturday:
            return (shift_id(session, saturday=True),)
        codes = [session.value]
        if session in (Session.AM, Session.PM):
            codes.append(remote_id(session))
        if session == Session.PM:
            codes.append(MDT_SHIFT)
        return tuple(codes)


@dataclass(frozen=True)
class RotaRow:
    """One person (or planned post) on the grid."""

    row: int
    staff_id: str
    name: str
    role: str
    home_practice: str | None  # None for a post with no home practice


@dataclass(frozen=True)
class RotaAssignment:
    """One worked session: who, when, where, and whether it holds a clinical room."""

    staff_id: str
    date: dt.date
    shift_id: str  # the engine's id: "AM", "PM-R", "SAT-AM", "MDT"...
    practice: str
    start_minute: int
    end_minute: int
    cell: str  # e.g. "Rota!F14"
    locked: bool = False  # the cell ends with the lock marker "*"

    @property
    def session(self) -> str:
        """The grid's session (column): "AM", "PM" or "EVE"; the MDT is an afternoon."""
        return grid_session(self.shift_id)

    @property
    def mdt(self) -> bool:
        return self.shift_id == MDT_SHIFT

    @property
    def holds_room(self) -> bool:
        """A clinical session in a room: not telephone/video/visits ("-R"), not the MDT."""
        return not self.mdt and not is_remote(self.shift_id)

    @property
    def times(self) -> str:
        return f"{clock(self.start_minute)}–{clock(self.end_minute)}"


@dataclass(frozen=True)
class LeaveDay:
    """A day someone is on leave (a "Leave" cell; the writer fills every session column of the day)."""

    staff_id: str
    date: dt.date
    cell: str  # the first "Leave" cell of the day


@dataclass(frozen=True)
class LockedOff:
    """A cell holding only the lock marker "*": the person stays off that session."""

    staff_id: str
    date: dt.date
    shifts: tuple[str, ...]  # every engine shift the column holds (e.g. "PM", "PM-R", "MDT")
    cell: str


@dataclass(frozen=True)
class ReadRota:
    """The Rota sheet as typed records, in the sheet's order."""

    site: str
    first_date: dt.date
    last_date: dt.date
    practices: dict[str, str]  # code -> name, from the key above the table
    hub: str | None
    columns: tuple[SessionColumn, ...]
    people: tuple[RotaRow, ...]
    assignments: tuple[RotaAssignment, ...]
    leave: tuple[LeaveDay, ...]
    locked_off: tuple[LockedOff, ...] = ()

    def of(self, staff_id: str) -> tuple[list[RotaAssignment], list[LeaveDay]]:
        """One person's sessions and leave days, in date order."""
        return ([a for a in self.assignments if a.staff_id == staff_id],
                [day for day in self.leave if day.staff_id == staff_id])


def read_rota(path: Path) -> ReadRota:
    """Open a plan (or rota) workbook safely and read its Rota sheet; InputError names each bad cell."""
    return rota_from_sheets(open_workbook(Path(path)), str(path))


def rota_from_sheets(sheets: dict[str, SheetValues], source: str) -> ReadRota:
    """The Rota sheet of an opened workbook (``source`` names the file in errors)."""
    if SHEET not in sheets:
        raise InputError([Problem(source, f"has no {SHEET} sheet: give a plan workbook written by "
                                          "`pch-workforce plan` (or a rota workbook from `pch-workforce rota -o`)")])
    sheet = sheets[SHEET]
    header_row = _header_row(sheet)
    practices, hub = _practice_key(sheet, header_row)
    site, period = _period(sheet, sheets)
    columns, staff_column, problems = _columns(sheet, header_row, period)
    if problems:
        raise InputError(problems)
    if not columns:
        raise InputError([Problem(cell_ref(SHEET, header_row, len(NAME_HEADERS) + 1), "no session columns after "
                                  "Home practice (headers like \"Mon 04 Jan AM 08:00–13:00\")")])
    problems += _check_dated_sheets(sheets, columns, period)
    problems += [Problem(cell_ref(SHEET, row, column), f"holds the formula {formula} with no saved value: type the "
                                                       "code itself (e.g. P1 AM)")
                 for (row, column), formula in sorted(sheet.formulas_without_value.items()) if row > header_row]
    known = _known_people(sheets.get(STAFF_HOURS))
    people: list[RotaRow] = []
    assignments: list[RotaAssignment] = []
    leave: list[LeaveDay] = []
    locked_off: list[LockedOff] = []
    for row, values in _body(sheet, header_row):
        person = _person(row, values, staff_column, known, problems)
        if person is None:
            continue
        if person.staff_id in {p.staff_id for p in people}:
            problems.append(Problem(cell_ref(SHEET, row, 1), f"{person.name} ({person.staff_id}) has a second row; "
                                                             "each person has one row"))
            continue
        people.append(person)
        for column in columns:
            where = cell_ref(SHEET, row, column.column)
            value = sheet.cell(row, column.column)
            if isinstance(value, str) and value.strip() == LOCK:
                locked_off.append(LockedOff(person.staff_id, column.date, column.shifts(), where))
                continue
            _read_cell(value, where, person, column, practices, assignments, leave, problems)
    if problems:
        raise InputError(problems)
    first, last = period
    return ReadRota(site, first, last, practices, hub, tuple(columns), tuple(people), tuple(assignments),
                    tuple(leave), tuple(locked_off))


def _header_row(sheet: SheetValues) -> int:
    for index, values in enumerate(sheet.rows, start=1):
        if tuple(_text(v) for v in values[:len(NAME_HEADERS)]) == NAME_HEADERS:
            return index
    raise InputError([Problem(SHEET, f"no header row with {', '.join(NAME_HEADERS)} in columns A to C: the "
                                     "table's header row was changed or removed")])


def _practice_key(sheet: SheetValues, header_row: int) -> tuple[dict[str, str], str | None]:
    """The key above the table: one row per practice (code, name) and one for Leave."""
    practices: dict[str, str] = {}
    hub = None
    row = header_row - 1
    while row >= 1 and not is_blank(sheet.cell(row, 1)) and not is_blank(sheet.cell(row, 2)):
        code, words = _text(sheet.cell(row, 1)), _text(sheet.cell(row, 2))
        if code != LEAVE:
            if words.endswith(HUB_NOTE):
                words, hub = words.removesuffix(HUB_NOTE), code
            practices[code] = words
        row -= 1
    if not practices:
        raise InputError([Problem(cell_ref(SHEET, header_row - 1, 1),
                                  "no practice key (code and name) above the table, so the codes in its cells "
                                  "cannot be told apart")])
    return dict(reversed(practices.items())), hub


def _period(sheet: SheetValues, sheets: dict[str, SheetValues]) -> tuple[str, tuple[dt.date, dt.date]]:
    """The site and the rota's first and last dates: from the title in A1, or else from the real dates
    of the Session cover or By practice sheet (whole weeks, Monday to Sunday)."""
    title = _text(sheet.cell(1, 1))
    match = TITLE.match(title)
    if match is not None:
        first, last = _date(match["first"]), _date(match["last"])
        if first is not None and last is not None and first <= last:
            return match["site"], (first, last)
    dated = [day for name in DATED_SHEETS if name in sheets for _, day in _dated_rows(sheets[name])]
    if not dated:
        raise InputError([Problem(cell_ref(SHEET, 1, 1),
                                  f"the title {describe(title)} does not end \"rota 04 Jan 2027 to 31 Jan 2027\", "
                                  "and no Session cover or By practice sheet holds the dates, so the year of the "
                                  "session columns cannot be told")])
    first = min(dated) - dt.timedelta(days=min(dated).weekday())
    last = max(dated) + dt.timedelta(days=6 - max(dated).weekday())
    return title.split(": rota")[0], (first, last)


def _date(text: str) -> dt.date | None:
    """'04 Jan 2027' without the locale (strptime's %b follows it)."""
    day, month, year = text.split()
    try:
        return dt.date(int(year), MONTHS.index(month.title()) + 1, int(day))
    except ValueError:
        return None


def _columns(sheet: SheetValues, header_row: int,
             period: tuple[dt.date, dt.date]) -> tuple[list[SessionColumn], int | None, list[Problem]]:
    """The session columns after Home practice, up to the Staff id column (or the last header)."""
    values = sheet.rows[header_row - 1]
    by_day_month = {(d.day, d.month): d for d in _days(*period)}
    columns: list[SessionColumn] = []
    problems: list[Problem] = []
    staff_column = None
    for column in range(len(NAME_HEADERS) + 1, len(values) + 1):
        header = _text(values[column - 1])
        where = cell_ref(SHEET, header_row, column)
        if header == STAFF_ID:
            staff_column = column
            break
        if not header:
            break
        match = HEADER.match(header)
        if match is None:
            problems.append(Problem(where, f"the header {describe(header)} is not a day and session like "
                                           "\"Mon 04 Jan AM 08:00–13:00\""))
            continue
        month = match["month"].title()
        day = by_day_month.get((int(match["day"]), MONTHS.index(month) + 1)) if month in MONTHS else None
        if day is None:
            problems.append(Problem(where, f"{describe(header)} is not a date of the rota, "
                                           f"{period[0]:%d %b %Y} to {period[1]:%d %b %Y} ({SHEET}!A1)"))
            continue
        if WEEKDAYS[day.weekday()] != match["weekday"].title():
            problems.append(Problem(where, f"{describe(header)}: {day:%d %b %Y} is a {WEEKDAYS[day.weekday()]}"))
            continue
        start, end = clock_time(match["start"]), clock_time(match["end"])
        if end <= start:
            problems.append(Problem(where, f"{describe(header)}: the session ends before it starts"))
            continue
        columns.append(SessionColumn(column, header, day, match["session"], start, end))
    seen: dict[tuple[dt.date, str], str] = {}
    for c in columns:
        where = cell_ref(SHEET, header_row, c.column)
        if (c.date, c.session) in seen:
            problems.append(Problem(where, f"{describe(c.header)} repeats column {seen[c.date, c.session]}"))
        seen.setdefault((c.date, c.session), where)
    return columns, staff_column, problems


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    for offset in range((last - first).days + 1):
        yield first + dt.timedelta(days=offset)


def _dated_rows(sheet: SheetValues) -> Iterator[tuple[int, dt.date]]:
    """(row, date) for each row of a table whose first column is headed Date."""
    header = next((i for i, values in enumerate(sheet.rows, start=1) if values and _text(values[0]) == "Date"), None)
    if header is None:
        return
    for row in range(header + 1, len(sheet.rows) + 1):
        value = sheet.cell(row, 1)
        if isinstance(value, dt.datetime):
            yield row, value.date()
        elif isinstance(value, dt.date):
            yield row, value


def _check_dated_sheets(sheets: dict[str, SheetValues], columns: list[SessionColumn],
                        period: tuple[dt.date, dt.date]) -> list[Problem]:
    """A real date on the Session cover or By practice sheet that no column has means the title's
    period (and so every column's year) is wrong: say so once, at the first such row."""
    dates = {c.date for c in columns}
    for name in DATED_SHEETS:
        if name not in sheets:
            continue
        for row, day in _dated_rows(sheets[name]):
            if day not in dates:
                return [Problem(cell_ref(SHEET, 1, 1),
                                f"the rota's period {period[0]:%d %b %Y} to {period[1]:%d %b %Y} disagrees with "
                                f"{cell_ref(name, row, 1)}, dated {day.isoformat()}, which no session column has")]
    return []


def _known_people(sheet: SheetValues | None) -> dict[str, str] | None:
    """Staff id -> name of everyone the plan rostered (the Staff hours table), or None without it."""
    if sheet is None:
        return None
    for index, values in enumerate(sheet.rows, start=1):
        if tuple(_text(v) for v in values[:2]) == (STAFF_ID, "Name"):
            known = {}
            for values in sheet.rows[index:]:
                if is_blank(values[0] if values else None):
                    break
                known[_text(values[0])] = _text(values[1] if len(values) > 1 else None)
            return known
    return None


def _body(sheet: SheetValues, header_row: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The table's rows below the header, skipping rows the user cleared."""
    for row in range(header_row + 1, len(sheet.rows) + 1):
        values = sheet.rows[row - 1]
        if not all(is_blank(v) for v in values):
            yield row, values


def _person(row: int, values: tuple[Any, ...], staff_column: int | None, known: dict[str, str] | None,
            problems: list[Problem]) -> RotaRow | None:
    """Who a row is: the name must be someone in the plan (the Staff hours sheet); the Staff id
    column, when present, must agree with it."""
    name, role, home = (_text(values[i] if i < len(values) else None) for i in range(len(NAME_HEADERS)))
    where = cell_ref(SHEET, row, 1)
    row_id = _text(values[staff_column - 1]) if staff_column and staff_column <= len(values) else ""
    if not name:
        problems.append(Problem(where, "a row with no name: every row of the rota is one person"))
        return None
    if known is not None:
        ids = [staff for staff, known_name in known.items() if known_name == name]
        if not ids:
            hint = f"; the row's staff id {row_id} is {known[row_id]}" if row_id in known else ""
            problems.append(Problem(where, f"{describe(name)} is not a person in this plan (the {STAFF_HOURS} sheet "
                                           f"lists everyone rostered){hint}"))
            return None
        if row_id and row_id not in ids:
            problems.append(Problem(cell_ref(SHEET, row, staff_column or 1),
                                    f"staff id {describe(row_id)} is not {name}'s ({', '.join(ids)})"))
            return None
        staff = row_id or ids[0]
    else:
        staff = row_id or name
    return RotaRow(row, staff, name, role, None if home in ("", NO_HOME) else home)


def _read_cell(value: Any, where: str, person: RotaRow, column: SessionColumn, practices: dict[str, str],
               assignments: list[RotaAssignment], leave: list[LeaveDay], problems: list[Problem]) -> None:
    """One cell: blank, "Leave", or practice codes and sessions joined by " + "."""
    if is_blank(value):
        return
    if not isinstance(value, str):
        problems.append(Problem(where, f"{describe(value)} is not a practice code and session{_examples(practices)}"))
        return
    text = value.strip()
    locked = text.endswith(LOCK)
    text = text.removesuffix(LOCK).rstrip()
    if text.lower() == LEAVE.lower():
        if not any(day.staff_id == person.staff_id and day.date == column.date for day in leave):
            leave.append(LeaveDay(person.staff_id, column.date, where))
        return
    parts = text.split(JOIN)
    for part in parts:
        parsed = _code(part.strip(), column, practices)
        if isinstance(parsed, str):
            problems.append(Problem(where, f"{describe(text)}: {parsed}" if len(parts) > 1 else parsed))
            continue
        practice, shift = parsed
        assignments.append(RotaAssignment(person.staff_id, column.date, shift, practice, column.start_minute,
                                          column.end_minute, where, locked))


def _code(part: str, column: SessionColumn, practices: dict[str, str]) -> tuple[str, str] | str:
    """(practice, shift id) for "P1 AM-R", or what is wrong with it. Case is forgiven, and a bare
    session in a Saturday column ("P1 AM") is read as that Saturday session ("P1 SAT-AM")."""
    words = part.split()
    if len(words) < 2:
        return f"{describe(part)} is not a practice code and session{_examples(practices)}"
    code, session = " ".join(words[:-1]), words[-1].upper()
    practice = next((p for p in practices if p.lower() == code.lower()), None)
    if practice is None:
        return (f"{describe(part)}: {code} is not a practice on this rota (the key above the table lists "
                f"{', '.join(practices)})")
    allowed = column.shifts()
    if column.saturday and session in SESSION_WORDS:
        session = shift_id(Session(session), saturday=True)
    if session not in allowed:
        return (f"{describe(part)}: {words[-1]} is not a session this column ({column.header}) takes; it takes "
                f"{' or '.join(allowed)}")
    return practice, session


def _examples(practices: dict[str, str]) -> str:
    code = next(iter(practices))
    return (f' (write e.g. "{code} AM", "{code} PM-R" with no clinical room, "{code} MDT" or "{LEAVE}", '
            "or leave it blank)")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()

"""One calendar file per person (iCalendar, RFC 5545) from a plan's Rota sheet, so staff see their rota on a phone.

Each worked session is a VEVENT at its practice, in UK local time (DTSTART;TZID=Europe/London with
a VTIMEZONE written from the IANA zone, RFC 5545 §3.6.5), with the practice code and name, the session
in words and the Rota cell it came from. Each day of leave is an all-day event "Leave" marked free
(TRANSP:TRANSPARENT), one a day, so that a later rota changing one day changes one event.

UIDs are derived from the site, the person, the date and the session (RFC 5545 §3.8.4.7: the same
event keeps its UID when the rota is re-issued, so a calendar updates it rather than adding a copy).
DTSTAMP is the plan workbook's last-saved time (its document properties), not the clock: the same
workbook gives byte-identical files, and a re-saved plan's events carry the newer stamp. A person
with neither sessions nor leave gets no file (an iCalendar object needs at least one component).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from openpyxl.packaging.core import DocumentProperties
from openpyxl.xml.constants import ARC_CORE
from openpyxl.xml.functions import fromstring

from pch_workforce.errors import InputError, Problem
from pch_workforce.output import temp_file_beside
from pch_workforce.pch_rota import SATURDAY, is_remote
from pch_workforce.plan.rota_reader import SESSION_WORDS, LeaveDay, ReadRota, RotaAssignment, RotaRow

LONDON = ZoneInfo("Europe/London")
PRODID = "-//pch-workforce//rota calendar//EN"
UID_DOMAIN = "pch-workforce"
LEAVE_SUMMARY = "Leave"
SUFFIX = ".ics"
STEM_MAX = 60  # characters: well inside every file system's name limit, with room for a staff id
# Names Windows will not open as files, whatever the extension.
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
SHOWN_CLASHES = 5


@dataclass(frozen=True)
class PersonCalendar:
    """One person's calendar, ready to write."""

    staff_id: str
    name: str
    file_name: str
    sessions: int
    leave_days: int
    content: bytes


def person_calendars(rota: ReadRota, stamp: dt.datetime) -> tuple[list[PersonCalendar], list[RotaRow]]:
    """A calendar for each person with a session or a day of leave, and the people with neither."""
    names = file_names(rota.people)
    site = slug(rota.site) or "rota"
    calendars, empty = [], []
    for person in rota.people:
        worked, leave = rota.of(person.staff_id)
        if not worked and not leave:
            empty.append(person)
            continue
        calendar = Calendar.new(prodid=PRODID, uid=f"{site}-{slug(person.staff_id)}@{UID_DOMAIN}",
                                name=f"{person.name}: {rota.site} rota")
        calendar.calscale = "GREGORIAN"
        for event in [*session_events(rota, site, worked, stamp), *(leave_event(site, d, stamp) for d in leave)]:
            calendar.add_component(event)
        if worked:  # the zone's rules for whole years, as calendar programs expect them
            calendar.add_missing_timezones(first_date=dt.date(rota.first_date.year, 1, 1),
                                           last_date=dt.date(rota.last_date.year + 1, 1, 1))
        calendars.append(PersonCalendar(person.staff_id, person.name, names[person.staff_id], len(worked),
                                        len(leave), calendar.to_ical()))
    return calendars, empty


def session_events(rota: ReadRota, site: str, worked: list[RotaAssignment], stamp: dt.datetime) -> list[Event]:
    """An event per worked session; a second code in the same cell gets its own UID."""
    seen: Counter[tuple[dt.date, str]] = Counter()
    events = []
    for a in worked:
        key = (a.date, a.session)
        repeat = f"-{seen[key]}" if seen[key] else ""
        seen[key] += 1
        name = rota.practices[a.practice]
        day = dt.datetime.combine(a.date, dt.time(), LONDON)
        events.append(Event.new(
            uid=f"{site}-{slug(a.staff_id)}-{a.date:%Y%m%d}-{a.session.lower()}{repeat}@{UID_DOMAIN}",
            stamp=stamp, summary=f"{a.practice} {name}: {session_words(a)}", location=name,
            start=day + dt.timedelta(minutes=a.start_minute), end=day + dt.timedelta(minutes=a.end_minute),
            description=f"{rota.site} rota: {a.practice} {a.shift_id}, {a.times} ({a.cell})."))
    return events


def session_words(assignment: RotaAssignment) -> str:
    """The session in words: "morning session", "Saturday morning session", "MDT meeting and admin"."""
    if assignment.mdt:
        return "MDT meeting and admin"
    words = f"{SESSION_WORDS[assignment.session]} session"
    if assignment.date.weekday() == SATURDAY:
        words = f"Saturday {words}"
    if is_remote(assignment.shift_id):
        words += " (telephone, video or visits: no clinical room)"
    return words


def leave_event(site: str, day: LeaveDay, stamp: dt.datetime) -> Event:
    return Event.new(uid=f"{site}-{slug(day.staff_id)}-{day.date:%Y%m%d}-leave@{UID_DOMAIN}", stamp=stamp,
                     summary=LEAVE_SUMMARY, start=day.date, end=day.date + dt.timedelta(days=1),
                     transparency="TRANSPARENT", description=f"On leave ({day.cell}).")


def slug(text: str) -> str:
    """Lower-case ASCII letters and digits joined by hyphens: 'Dr Siân O'Neil' -> 'dr-sian-o-neil'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def file_names(people: tuple[RotaRow, ...]) -> dict[str, str]:
    """A file name per person, safe on any file system and unique even where names are not (or
    differ only in case or accents): the name's slug, else the staff id's, with the staff id added
    on a clash or a name Windows reserves."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for person in people:
        staff = slug(person.staff_id)
        stem = slug(person.name)[:STEM_MAX].strip("-") or staff or "person"
        if stem in used or stem in RESERVED:
            stem = f"{stem}-{staff}" if staff else stem
        base, n = stem, 2
        while stem in used or stem in RESERVED:
            stem, n = f"{base}-{n}", n + 1
        used.add(stem)
        names[person.staff_id] = stem + SUFFIX
    return names


def saved_at(path: Path, fallback: dt.date) -> dt.datetime:
    """When the workbook was last saved (its core document properties), in UTC; ``fallback`` at
    midnight UTC when it does not say. Read after ``open_workbook`` has checked the file, with
    openpyxl's defusedxml parser."""
    try:
        with zipfile.ZipFile(path) as archive:
            properties = DocumentProperties.from_tree(fromstring(archive.read(ARC_CORE)))
        saved = properties.modified or properties.created
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile):
        saved = None
    if saved is None:
        return dt.datetime.combine(fallback, dt.time(), dt.timezone.utc)
    saved = saved.replace(microsecond=0)
    return saved.replace(tzinfo=dt.timezone.utc) if saved.tzinfo is None else saved.astimezone(dt.timezone.utc)


def write_calendars(calendars: list[PersonCalendar], folder: Path, force: bool) -> list[Path]:
    """Write every file into ``folder`` (made if missing), or none: files already there are kept
    unless ``force``, and each file is written beside its place and renamed in at the end."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError([Problem(str(folder), "is a file, not a folder")])
    if not folder.parent.resolve().is_dir():
        raise InputError([Problem(str(folder), f"folder {folder.parent} does not exist")])
    targets = [folder / c.file_name for c in calendars]
    clashes = [t for t in targets if t.exists()]
    if clashes and not force:
        shown = ", ".join(t.name for t in clashes[:SHOWN_CLASHES])
        more = f" and {len(clashes) - SHOWN_CLASHES} more" if len(clashes) > SHOWN_CLASHES else ""
        raise InputError([Problem(str(folder), f"already holds {shown}{more}; choose another folder or pass --force "
                                               "to replace them")])
    made = not folder.exists()
    staged: list[Path] = []
    try:
        if made:
            folder.mkdir()
        for calendar, target in zip(calendars, targets, strict=True):
            staged.append(temp_file_beside(target, ".tmp"))
            staged[-1].write_bytes(calendar.content)
        for temp, target in zip(staged, targets, strict=True):
            os.replace(temp, target)
    except (OSError, InputError) as error:
        for temp in staged:
            temp.unlink(missing_ok=True)
        if made and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        if isinstance(error, InputError):
            raise
        raise InputError([Problem(str(folder), f"cannot be written: {error.strerror or error}")]) from None
    return targets

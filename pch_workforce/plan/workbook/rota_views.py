"""The rota seen from each side a planner asks about: the grid, each session's cover, each person.

Worked out once from the report's assignments and the problem, so the Rota, By practice,
Session cover and Staff hours sheets (and the tests that reconcile them) read the same numbers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from pch_workforce.pch_rota import MDT_SHIFT, SATURDAY, PchRota, grid_session, shift_id
from pch_workforce.rota.problem import Assignment, Rota
from pch_workforce.scenario.model import Session, clock

GRID_SESSIONS = (Session.AM.value, Session.PM.value, Session.EVENING.value)
SESSION_ORDER = {Session.AM.value: 0, Session.PM.value: 1, Session.EVENING.value: 2}


def session_order(shift: str) -> int:
    return SESSION_ORDER.get(grid_session(shift), 9)


def session_words(pch: PchRota, shift: str) -> str:
    """A shift in words with its clock times, e.g. "morning 08:00–13:00"."""
    found = pch.problem.shift_by_id.get(shift)
    return found.name if found is not None and found.name else shift


@dataclass(frozen=True)
class Slot:
    """One column of the rota grid: a day and a session at its clock times (the MDT and the sessions
    holding no room show in their session's column)."""

    day: int
    date: dt.date
    session: str
    times: str = ""

    @property
    def header(self) -> str:
        return f"{self.date:%a %d %b} {self.session} {self.times}".rstrip()

    def holds(self, shift: str) -> bool:
        return grid_session(shift) == self.session


def grid_slots(pch: PchRota) -> list[Slot]:
    """Every day and session some practice is open (or the MDT meets), in date order."""
    open_slots: set[tuple[int, str]] = set()
    for location in pch.problem.locations:
        for weekday, shift in location.open_slots or ():
            open_slots.add((weekday, grid_session(shift)))
    slots = []
    for day, date in enumerate(pch.dates):
        for session in GRID_SESSIONS:
            if (date.weekday(), session) in open_slots:
                shift = pch.problem.shift_by_id.get(shift_id(Session(session), date.weekday() == SATURDAY))
                slots.append(Slot(day, date, session, "" if shift is None or shift.start_minute is None else
                                  f"{clock(shift.start_minute)}–{clock(shift.start_minute + shift.length_minutes)}"))
    return slots


def assignments(rota: Rota) -> list[Assignment]:
    """Assignments in a stable order: day, session, location, person."""
    return sorted(rota.assignments, key=lambda a: (a.day, session_order(a.shift_id), a.shift_id,
                                                   a.location_id, a.staff_id))


def grid_code(assignment: Assignment) -> str:
    """The text in a rota cell: practice code then session, e.g. "P1 AM" or "P1 MDT"."""
    return f"{assignment.location_id} {assignment.shift_id}"


@dataclass(frozen=True)
class CoverLine:
    """Required against rostered people for one practice, role and session."""

    day: int
    shift_id: str
    location_id: str
    role: str
    required: int
    rostered: int

    @property
    def counting(self) -> int:
        """People who count towards the minimum."""
        return min(self.required, self.rostered)

    @property
    def surplus(self) -> int:
        return max(0, self.rostered - self.required)

    @property
    def short(self) -> int:
        return max(0, self.required - self.rostered)

    @property
    def status(self) -> str:
        if self.short:
            return f"Short by {self.short}"
        if self.required == 0:
            return "No minimum set"
        return f"Met, {self.surplus} over" if self.surplus else "Met"


def cover_lines(pch: PchRota, rota: Rota) -> list[CoverLine]:
    """Every (day, session, practice, role) with a cover minimum or anyone rostered.

    Sum of ``rostered`` over the role lines is the number of sessions rostered; each line splits it
    into ``counting`` (towards the minimum) plus ``surplus``. Lines for the access contract's skills
    (duty clinician, enhanced access) count the same people again.
    """
    role = {p.staff_id: p.role for p in pch.people}
    rostered = Counter((a.day, a.shift_id, a.location_id, role[a.staff_id]) for a in rota.assignments)
    required: dict[tuple[int, str, str, str], int] = defaultdict(int)
    for requirement in pch.problem.cover:
        key = (requirement.day, requirement.shift_id, requirement.location_id, requirement.skill or "any")
        required[key] += requirement.minimum
    # Lines for a skill that is not a role (the access contract's duty clinician, enhanced access)
    # count everyone holding it.
    roles = set(role.values())
    by_skill = {skill for (*_, skill) in required if skill not in roles}
    if by_skill:
        skills = {s.id: s.skills for s in pch.problem.staff}
        rostered.update((a.day, a.shift_id, a.location_id, skill) for a in rota.assignments
                        for skill in by_skill & skills[a.staff_id])
    # The shift id breaks the PM/MDT tie: set order changes with the interpreter's hash seed.
    keys = sorted(set(rostered) | set(required), key=lambda k: (k[0], session_order(k[1]), k[1], k[2], k[3]))
    return [CoverLine(day, shift, location, who, required.get((day, shift, location, who), 0),
                      rostered.get((day, shift, location, who), 0)) for day, shift, location, who in keys]


@dataclass(frozen=True)
class StaffLine:
    """One person's contract against what the rota gives them."""

    staff_id: str
    due_minutes: int  # contracted minutes over the rota, less the leave credit
    rostered_minutes: int
    rostered: int  # sessions
    clinical: int
    without_room: int
    mdt: int
    evenings: int
    saturdays: int
    away_from_home: int
    leave_days: int

    @property
    def due_hours(self) -> float:
        return self.due_minutes / 60

    @property
    def hours(self) -> float:
        return self.rostered_minutes / 60

    @property
    def difference_hours(self) -> float:
        return (self.rostered_minutes - self.due_minutes) / 60


def staff_lines(pch: PchRota, rota: Rota) -> list[StaffLine]:
    """Per person, in rota order: hours due (contract less leave credit) and hours and sessions rostered."""
    by_staff: dict[str, list[Assignment]] = defaultdict(list)
    for a in rota.assignments:
        by_staff[a.staff_id].append(a)
    engine = pch.problem.staff_by_id
    lines = []
    for person in pch.people:
        worked = by_staff.get(person.staff_id, [])
        contract = engine[person.staff_id].contract
        shifts = pch.problem.shift_by_id
        lines.append(StaffLine(
            staff_id=person.staff_id,
            due_minutes=((contract.min_minutes or 0) + (contract.max_minutes or 0)) // 2,
            rostered_minutes=sum(shifts[a.shift_id].length_minutes for a in worked),
            rostered=len(worked),
            clinical=sum(1 for a in worked if shifts[a.shift_id].clinical),
            without_room=sum(1 for a in worked if shifts[a.shift_id].clinical and not shifts[a.shift_id].holds_room),
            mdt=sum(1 for a in worked if a.shift_id == MDT_SHIFT),
            evenings=sum(1 for a in worked if grid_session(a.shift_id) == Session.EVENING.value),
            saturdays=sum(1 for a in worked if pch.dates[a.day].weekday() == SATURDAY),
            away_from_home=sum(1 for a in worked if person.home_practice is not None and a.shift_id != MDT_SHIFT
                               and a.location_id != person.home_practice),
            leave_days=len(engine[person.staff_id].leave_days),
        ))
    return lines


@dataclass(frozen=True)
class RoomUse:
    """One practice's clinical rooms over the rota: what it has and what the rota puts in them."""

    location_id: str
    rooms: int
    room_sessions: int  # rooms x clinical sessions the practice is open
    rostered: int  # clinical sessions rostered there by people who need a room
    overbooked_people: int  # summed over sessions: people beyond the rooms
    overbooked_sessions: int  # sessions with anyone beyond the rooms
    worst: tuple[int, str, int] | None  # (day, shift, people there) of the most overbooked session


def room_use(pch: PchRota, rota: Rota) -> list[RoomUse]:
    """Each practice with a room limit, in problem order (none when rooms cost nothing)."""
    problem = pch.problem
    if not problem.has_room_limits:
        return []
    clinical = [s.id for s in problem.shift_types if s.holds_room]
    needs = {s.id for s in problem.staff if s.needs_room}
    there = Counter((a.day, a.shift_id, a.location_id) for a in rota.assignments
                    if a.shift_id in clinical and a.staff_id in needs)
    out = []
    for loc in problem.locations:
        if loc.rooms is None:
            continue
        sessions = [(day, shift) for day in problem.days for shift in clinical if loc.is_open(day, shift)]
        counts = {s: there[s[0], s[1], loc.id] for s in sessions}
        over = {s: n - loc.rooms for s, n in counts.items() if n > loc.rooms}
        worst = max(over, key=lambda s: (over[s], -s[0]), default=None)
        out.append(RoomUse(loc.id, loc.rooms, loc.rooms * len(sessions), sum(counts.values()), sum(over.values()),
                           len(over), None if worst is None else (worst[0], worst[1], counts[worst])))
    return out

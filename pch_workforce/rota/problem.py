"""The typed rostering problem: what the engine is asked to solve.

Everything is keyed by string IDs (staff, shift types, locations, skills) and day indices
``0 .. horizon_days - 1``; day 0 is always a Monday, so ``day % 7 == 5`` is a Saturday.
The models are frozen and validated once here, so the model builder and the checker can
trust them.

Horizon-boundary convention (shared with the Curtois & Qu benchmark): a run of working days
or of days off that touches day 0 or the last day is not held to a minimum length, because
the days beyond the horizon are unknown; maximum-run windows are checked only where they
lie wholly inside the horizon.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cached_property, lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SATURDAY = 5
SUNDAY = 6


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ShiftType(_Frozen):
    """A session or shift, e.g. AM, PM, EVE, SAT, or non-clinical MDT/admin."""

    id: str
    name: str = ""
    length_minutes: int = Field(gt=0, description="paid length", json_schema_extra={"unit": "min"})
    start_minute: int | None = Field(
        default=None, ge=0, description="start, minutes after midnight; None if not known"
    )
    clinical: bool = True
    uses_room: bool = Field(
        default=True,
        description="a clinical shift worked in one of the location's rooms (False: e.g. telephone, video or "
        "visits, which hold no room)",
    )
    required_skills: frozenset[str] = Field(
        default=frozenset(), description="staff must hold at least one of these (empty: anyone)"
    )
    locations: frozenset[str] | None = Field(
        default=None, description="locations where this shift runs (None: every location)"
    )

    @property
    def holds_room(self) -> bool:
        """Whether working it takes one of the location's rooms."""
        return self.clinical and self.uses_room

    @property
    def end_minute(self) -> int | None:
        return None if self.start_minute is None else self.start_minute + self.length_minutes

    def overlaps(self, other: ShiftType) -> bool:
        """True if both have known times and the intervals intersect."""
        if self.start_minute is None or other.start_minute is None:
            return False
        return self.start_minute < other.end_minute and other.start_minute < self.end_minute  # type: ignore[operator]


class Location(_Frozen):
    id: str
    name: str = ""
    open_slots: frozenset[tuple[int, str]] | None = Field(
        default=None,
        description="(weekday 0=Mon..6=Sun, shift id) pairs when the location is open; None: always open",
    )
    rooms: int | None = Field(
        default=None,
        ge=0,
        description="rooms for clinical shifts: people beyond this many on one clinical shift here, among "
        "those who need a room, are overbooked (a soft rule); None: no limit",
    )

    def is_open(self, day: int, shift_id: str) -> bool:
        return self.open_slots is None or (day % 7, shift_id) in self.open_slots


class DayShift(_Frozen):
    day: int = Field(ge=0)
    shift_id: str


class Contract(_Frozen):
    """A staff member's contract and working-pattern limits; None means no limit."""

    min_sessions_per_week: int | None = Field(default=None, ge=0)
    max_sessions_per_week: int | None = Field(default=None, ge=0)
    min_minutes: int | None = Field(default=None, ge=0, description="over the horizon")
    max_minutes: int | None = Field(default=None, ge=0, description="over the horizon")
    leave_credit_sessions: int = Field(
        default=0, ge=0, description="sessions credited towards the weekly contract per leave day"
    )
    leave_credit_minutes: int = Field(
        default=0, ge=0, description="minutes credited towards the horizon contract per leave day"
    )
    max_shifts_per_type: dict[str, int] = Field(default_factory=dict)
    max_shifts_per_day: int = Field(default=1, ge=1)
    max_consecutive_days: int | None = Field(default=None, ge=1)
    min_consecutive_days: int | None = Field(default=None, ge=1)
    min_consecutive_days_off: int | None = Field(default=None, ge=1)
    max_weekends: int | None = Field(default=None, ge=0)


class Staff(_Frozen):
    id: str
    name: str = ""
    skills: frozenset[str] = frozenset()
    home_location: str | None = None
    allowed_locations: frozenset[str] | None = Field(
        default=None, description="locations this person may work at (None: any)"
    )
    contract: Contract = Contract()
    unavailable_days: frozenset[int] = frozenset()
    unavailable_shifts: frozenset[DayShift] = frozenset()
    leave_days: frozenset[int] = Field(
        default=frozenset(), description="days of leave: unavailable, and credited to the contract"
    )
    needs_room: bool = Field(default=True, description="counts against a location's rooms on clinical shifts")

    @property
    def label(self) -> str:
        return self.name or self.id

    def is_available(self, day: int, shift_id: str) -> bool:
        return (
            day not in self.unavailable_days
            and day not in self.leave_days
            and (day, shift_id) not in _as_pairs(_Same(self.unavailable_shifts))
        )


class _Same:
    """A set as a cache key by identity: equal but distinct sets of many sessions (everyone who
    never works evenings has one) would otherwise be compared element by element on every lookup,
    which cost more than the cache saved. The cache holds the key, so the set stays alive (and its
    id unique) while cached."""

    __slots__ = ("value",)

    def __init__(self, value: frozenset[DayShift]) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.value is self.value


@lru_cache(maxsize=4096)
def _as_pairs(shifts: _Same) -> frozenset[tuple[int, str]]:
    """Unavailable sessions as plain (day, shift id) pairs. :meth:`Staff.is_available` is asked
    about every day and shift of every model build, where making a ``DayShift`` for each question
    dominated large builds; a copied ``Staff`` with other sessions has another set, so its own."""
    return frozenset((s.day, s.shift_id) for s in shifts.value)


class ForbiddenSuccession(_Frozen):
    """Working ``shift_id`` on day d forbids ``next_shift_id`` on day d+1 (e.g. rest)."""

    shift_id: str
    next_shift_id: str


class ForbiddenSameDay(_Frozen):
    """The two shifts may not both be worked by one person on the same day."""

    shift_id: str
    other_shift_id: str


class CoverRequirement(_Frozen):
    """Soft cover target for one day, shift, location and (optional) skill."""

    day: int = Field(ge=0)
    shift_id: str
    location_id: str
    skill: str | None = Field(default=None, description="None: anyone counts")
    minimum: int = Field(ge=0)
    preferred: int | None = Field(default=None, ge=0, description="None: same as minimum")
    weight_under: int = Field(default=100, ge=0, description="per person below minimum")
    weight_over: int = Field(default=1, ge=0, description="per person above preferred")

    @property
    def upper(self) -> int:
        return self.minimum if self.preferred is None else max(self.preferred, self.minimum)


class ShiftRequest(_Frozen):
    """A staff request to work (``on``) or not work (``off``) a shift, or any shift if None."""

    staff_id: str
    day: int = Field(ge=0)
    shift_id: str | None = None
    kind: Literal["on", "off"]
    weight: int = Field(ge=0)


class FairnessGroup(_Frozen):
    """Staff who should share unsocial sessions fairly, in proportion to ``shares`` (e.g. each
    person's contracted sessions a week; None: equal shares).

    Each person's load is their count of unsocial sessions scaled to the largest share
    (count x largest share / their share: what it would be on the largest contract). Penalty =
    weight x (highest load rounded up - lowest load rounded down); with equal shares, simply
    the most minus the fewest. Rounding outwards keeps the model's coefficients small (the
    shares themselves): an exact spread in lcm-scaled units multiplies them, which weakens the
    LP and slows the search badly on large sites.

    Why pro rata: a part-timer on 4 sessions a week doing as many evenings as a colleague on 8
    does twice their share. The Part-time Workers (Prevention of Less Favourable Treatment)
    Regulations 2000 (SI 2000/1551) apply "the pro rata principle" when judging less
    favourable treatment (reg. 5(3),
    https://www.legislation.gov.uk/uksi/2000/1551/regulation/5); applying it to the share of
    unsocial sessions is our judgement call.

    A session counts if its shift is in ``shift_ids`` (when given) and its weekday is in
    ``weekdays`` (when given), e.g. evenings ``{"EVE"}`` or Saturdays ``weekdays={5}``.

    ``history`` carries fairness across rota periods: the sessions of this kind each member
    already worked in the previous period, added to their count before scaling, so someone who
    did the evenings last time is given fewer now. Judgement call: history is the raw count of
    sessions worked, whatever the previous period's length, and is weighed by this period's
    shares; the rule then balances the running total over both periods, which is what staff
    compare, and a count needs no assumption about how a shorter or longer period would have
    gone.
    """

    id: str
    staff_ids: tuple[str, ...]
    shift_ids: frozenset[str] | None = None
    weekdays: frozenset[int] | None = None
    weight: int = Field(default=1, ge=0)
    shares: tuple[int, ...] | None = Field(default=None, description="one per staff id, each >= 1")
    history: tuple[int, ...] | None = Field(
        default=None,
        description="one per staff id, each >= 0: sessions of the group's kind worked in the previous rota period "
        "(None: none)",
    )

    @model_validator(mode="after")
    def _one_share_each(self) -> FairnessGroup:
        if self.shares is not None and (len(self.shares) != len(self.staff_ids) or min(self.shares, default=1) < 1):
            raise ValueError(f"fairness group {self.id}: shares must give one whole number >= 1 per member")
        if self.history is not None and (len(self.history) != len(self.staff_ids) or min(self.history, default=0) < 0):
            raise ValueError(f"fairness group {self.id}: history must give one whole number >= 0 per member")
        return self

    def share_of(self) -> dict[str, int]:
        """Each member's share (1 each when none are given)."""
        return dict(zip(self.staff_ids, self.shares or (1,) * len(self.staff_ids), strict=True))

    def history_of(self) -> dict[str, int]:
        """Each member's sessions worked in the previous period (0 each when none are given)."""
        return dict(zip(self.staff_ids, self.history or (0,) * len(self.staff_ids), strict=True))

    def counts(self, day: int, shift_id: str) -> bool:
        return (self.shift_ids is None or shift_id in self.shift_ids) and (
            self.weekdays is None or day % 7 in self.weekdays
        )


class MdtMeeting(_Frozen):
    """A meeting (a shift type) that every listed person should attend on each listed day.

    Soft: each person missing a meeting day costs ``weight``. People unavailable that day
    (leave, unavailability) are excused.
    """

    id: str
    shift_id: str
    days: tuple[int, ...]
    location_id: str | None = Field(default=None, description="None: any location counts")
    staff_ids: tuple[str, ...]
    weight: int = Field(default=10, ge=0)


class SupervisorOnSite(_Frozen):
    """Co-presence: a person holding a skill in ``supervised`` (and none in ``by``) works a
    shift in ``shift_ids`` at a location only if someone holding a skill in ``by`` works that
    same day and shift at that location (e.g. on-the-day supervision by a senior clinician).

    Hard, and the one hard rule that couples people: the warm start places supervisors first
    and the supervised only where a supervisor already is."""

    id: str
    supervised: frozenset[str] = Field(min_length=1, description="skills that need a supervisor on site")
    by: frozenset[str] = Field(min_length=1, description="skills that may supervise them")
    shift_ids: frozenset[str] | None = Field(
        default=None, description="shifts it applies to (None: every clinical shift)"
    )
    name: str = Field(default="", description="the supervisors in words, e.g. 'a GP' (default: their skills)")

    @property
    def supervisor_words(self) -> str:
        return self.name or "someone with " + " or ".join(sorted(self.by))

    def applies_to(self, staff: Staff) -> bool:
        """Whether ``staff`` needs a supervisor under this rule (a supervisor needs none)."""
        return bool(staff.skills & self.supervised) and not staff.skills & self.by

    def supervises(self, staff: Staff) -> bool:
        return bool(staff.skills & self.by)

    def covers(self, shift: ShiftType) -> bool:
        return shift.clinical if self.shift_ids is None else shift.id in self.shift_ids


class Assignment(_Frozen):
    staff_id: str
    day: int
    shift_id: str
    location_id: str


class StaffSession(_Frozen):
    """One person's shift on one day, wherever it is worked (e.g. a session held off)."""

    staff_id: str
    day: int
    shift_id: str


class Rota(_Frozen):
    """A solution: who works which shift, on which day, where."""

    assignments: tuple[Assignment, ...] = ()

    def keys(self) -> set[tuple[str, int, str, str]]:
        """(staff, day, shift, location) of every assignment: the model's variable keys."""
        return {(a.staff_id, a.day, a.shift_id, a.location_id) for a in self.assignments}

    def by_staff_day(self) -> dict[tuple[str, int], list[Assignment]]:
        out: dict[tuple[str, int], list[Assignment]] = {}
        for a in self.assignments:
            out.setdefault((a.staff_id, a.day), []).append(a)
        return out


class Problem(_Frozen):
    """A rostering problem over ``horizon_days`` days starting on a Monday."""

    horizon_days: int = Field(gt=0)
    start_date: dt.date | None = None
    shift_types: tuple[ShiftType, ...]
    locations: tuple[Location, ...]
    skills: frozenset[str] = frozenset()
    staff: tuple[Staff, ...]
    forbidden_successions: tuple[ForbiddenSuccession, ...] = ()
    forbidden_same_day: tuple[ForbiddenSameDay, ...] = ()
    cover: tuple[CoverRequirement, ...] = ()
    requests: tuple[ShiftRequest, ...] = ()
    fairness_groups: tuple[FairnessGroup, ...] = ()
    mdt_meetings: tuple[MdtMeeting, ...] = ()
    supervision: tuple[SupervisorOnSite, ...] = Field(
        default=(), description="who may work only where a supervisor is on site (hard, couples people)"
    )
    away_from_home_weight: int = Field(default=0, ge=0, description="per session away from home")
    overbooked_room_weight: int = Field(
        default=0, ge=0, description="per person beyond a location's rooms on one clinical shift"
    )
    previous: Rota | None = Field(
        default=None,
        description="a rota to stay close to when re-planning: each of its assignments not kept, and each "
        "new assignment it lacks, costs change_weight (a move elsewhere is both)",
    )
    change_weight: int = Field(default=0, ge=0, description="per assignment changed from the previous rota")
    change_weights: tuple[int, ...] | None = Field(
        default=None,
        description="per day of the horizon, the weight of an assignment changed that day, each >= 0 (None: "
        "change_weight every day); e.g. a re-plan that would rather move sessions in an absence's own week",
    )
    fixed_on: tuple[Assignment, ...] = Field(
        default=(), description="assignments that must be worked exactly so (hard: locked cells, frozen weeks)"
    )
    fixed_off: tuple[StaffSession, ...] = Field(
        default=(), description="sessions the person must not work anywhere (hard: locked-off cells, frozen weeks)"
    )

    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached_property,))

    def change_weight_on(self, day: int) -> int:
        """The weight of one assignment changed from the previous rota on ``day``."""
        return self.change_weight if self.change_weights is None else self.change_weights[day]

    def model_copy(self, *, update: dict | None = None, deep: bool = False) -> Problem:
        """A copy without the cached lookups (``staff_by_id``, ``shift_by_id``): pydantic copies
        an instance's ``__dict__``, cached values included, so a copy with other staff would
        otherwise look up the original's."""
        copied = super().model_copy(update=update, deep=deep)
        for name in _CACHED:
            copied.__dict__.pop(name, None)
        return copied

    @model_validator(mode="after")
    def _check_references(self) -> Problem:
        errors = list(_reference_errors(self))
        if errors:
            raise ValueError("; ".join(errors))
        return self

    @property
    def days(self) -> range:
        return range(self.horizon_days)

    @property
    def num_weeks(self) -> int:
        return -(-self.horizon_days // 7)

    def week_days(self, week: int) -> range:
        return range(7 * week, min(7 * week + 7, self.horizon_days))

    def weekends(self) -> list[tuple[int, ...]]:
        """Saturday/Sunday day pairs (clipped to the horizon), one per week."""
        out = []
        for w in range(self.num_weeks):
            days = tuple(d for d in (7 * w + SATURDAY, 7 * w + SUNDAY) if d < self.horizon_days)
            if days:
                out.append(days)
        return out

    @property
    def has_room_limits(self) -> bool:
        """Whether overbooked rooms cost anything: a rule that couples people beyond the cover lines."""
        return self.overbooked_room_weight > 0 and any(loc.rooms is not None for loc in self.locations)

    @cached_property
    def shift_by_id(self) -> dict[str, ShiftType]:
        return {s.id: s for s in self.shift_types}

    @cached_property
    def staff_by_id(self) -> dict[str, Staff]:
        return {s.id: s for s in self.staff}

    def date_of(self, day: int) -> dt.date | None:
        return None if self.start_date is None else self.start_date + dt.timedelta(days=day)

    def day_label(self, day: int) -> str:
        date = self.date_of(day)
        weekday = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[day % 7]
        return f"{weekday} {date.isoformat()}" if date else f"day {day} ({weekday}, week {day // 7 + 1})"

    def same_day_conflicts(self) -> set[frozenset[str]]:
        """Pairs of shifts one person may not work on the same day (explicit or overlapping)."""
        pairs = {frozenset((r.shift_id, r.other_shift_id)) for r in self.forbidden_same_day}
        for i, a in enumerate(self.shift_types):
            for b in self.shift_types[i + 1 :]:
                if a.overlaps(b):
                    pairs.add(frozenset((a.id, b.id)))
        return pairs

    def staff_locations(self, staff: Staff, shift: ShiftType, day: int | None = None) -> list[str]:
        """Locations where ``staff`` may work ``shift`` (on ``day``, if given: open then), in problem order."""
        return [
            loc.id
            for loc in self.locations
            if (shift.locations is None or loc.id in shift.locations)
            and (staff.allowed_locations is None or loc.id in staff.allowed_locations)
            and (day is None or loc.is_open(day, shift.id))
        ]

    def can_work(self, staff: Staff, day: int, shift: ShiftType) -> bool:
        """Whether an assignment of ``staff`` to ``shift`` on ``day`` is allowed at all."""
        return (
            staff.is_available(day, shift.id)
            and _has_required_skill(staff, shift)
            and staff.contract.max_shifts_per_type.get(shift.id, 1) > 0
            and bool(self.staff_locations(staff, shift, day))
        )

    def week_capacity(self, staff: Staff, week: int) -> int:
        """Sessions ``staff`` could physically work in ``week`` (availability, skills, opening, per day)."""
        return sum(
            min(staff.contract.max_shifts_per_day, sum(1 for s in self.shift_types if self.can_work(staff, day, s)))
            for day in self.week_days(week)
        )

    def supervisor_could_be_on_site(self, staff: Staff, day: int, shift: ShiftType) -> bool:
        """Whether every supervision rule ``staff`` needs on ``shift`` has a supervisor who could
        work that session (availability, skills, opening) at a location open to both."""
        places = set(self.staff_locations(staff, shift, day))
        return all(
            any(
                self.can_work(v, day, shift) and places & set(self.staff_locations(v, shift, day))
                for v in self.staff
                if rule.supervises(v)
            )
            for rule in self.supervision
            if rule.applies_to(staff) and rule.covers(shift)
        )

    def for_person(self, staff: Staff, cover: tuple[CoverRequirement, ...] = ()) -> Problem:
        """This problem reduced to one person (their requests and meetings) with ``cover``.

        Every hard rule but supervision on site concerns one person, so the warm start and
        column generation solve these; supervision is dropped here (alone, a supervised person
        could never work) and the warm start holds it against the others' fixed rotas. Built
        anew (not ``model_copy``) so no cached lookup of the full problem leaks in."""
        fields = {name: getattr(self, name) for name in Problem.model_fields}
        return Problem(
            **fields
            | {
                "staff": (staff,),
                "cover": cover,
                "requests": tuple(q for q in self.requests if q.staff_id == staff.id),
                "fairness_groups": (),
                "supervision": (),
                "previous": None
                if self.previous is None
                else Rota(assignments=tuple(a for a in self.previous.assignments if a.staff_id == staff.id)),
                "fixed_on": tuple(a for a in self.fixed_on if a.staff_id == staff.id),
                "fixed_off": tuple(f for f in self.fixed_off if f.staff_id == staff.id),
                "mdt_meetings": tuple(
                    m.model_copy(update={"staff_ids": (staff.id,)})
                    for m in self.mdt_meetings
                    if staff.id in m.staff_ids
                ),
            }
        )

    def iter_allowed(self) -> Iterator[tuple[Staff, int, ShiftType, str]]:
        """Every (staff, day, shift, location) assignment that the filtering rules allow."""
        for staff in self.staff:
            for day in self.days:
                for shift in self.shift_types:
                    if self.can_work(staff, day, shift):
                        for loc in self.staff_locations(staff, shift, day):
                            yield staff, day, shift, loc


_CACHED = tuple(name for name, value in vars(Problem).items() if isinstance(value, cached_property))


def _has_required_skill(staff: Staff, shift: ShiftType) -> bool:
    return not shift.required_skills or bool(staff.skills & shift.required_skills)


def _reference_errors(p: Problem) -> Iterator[str]:
    """Yield one fix-it message per dangling or duplicated ID."""
    shift_ids = [s.id for s in p.shift_types]
    loc_ids = [loc.id for loc in p.locations]
    staff_ids = [s.id for s in p.staff]
    for kind, ids in (("shift type", shift_ids), ("location", loc_ids), ("staff", staff_ids)):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            yield f"duplicate {kind} id(s) {dupes}: give each a unique id"
    shifts, locs, staff = set(shift_ids), set(loc_ids), set(staff_ids)
    h = p.horizon_days
    if p.start_date is not None and p.start_date.weekday() != 0:
        yield f"start_date {p.start_date} is not a Monday: day 0 must be a Monday"
    if p.change_weights is not None and (len(p.change_weights) != h or min(p.change_weights, default=0) < 0):
        yield f"change_weights: give one weight >= 0 for each of the {h} days"

    def day_ok(d: int, where: str) -> Iterator[str]:
        if not 0 <= d < h:
            yield f"{where}: day {d} is outside the horizon 0..{h - 1}"

    for s in p.shift_types:
        for loc in s.locations or ():
            if loc not in locs:
                yield f"shift {s.id}: unknown location {loc!r}"
    for loc in p.locations:
        for weekday, sid in sorted(loc.open_slots or ()):
            if sid not in shifts:
                yield f"location {loc.id}: open slot names unknown shift {sid!r}"
            if not 0 <= weekday <= 6:
                yield f"location {loc.id}: open slot weekday {weekday} is not 0..6"
    for m in p.staff:
        c = m.contract
        if m.home_location is not None and m.home_location not in locs:
            yield f"staff {m.id}: unknown home location {m.home_location!r}"
        for loc in m.allowed_locations or ():
            if loc not in locs:
                yield f"staff {m.id}: unknown allowed location {loc!r}"
        for sid in c.max_shifts_per_type:
            if sid not in shifts:
                yield f"staff {m.id}: max_shifts_per_type names unknown shift {sid!r}"
        for ds in m.unavailable_shifts:
            if ds.shift_id not in shifts:
                yield f"staff {m.id}: unavailable shift names unknown shift {ds.shift_id!r}"
        for d in sorted(m.unavailable_days | m.leave_days | {x.day for x in m.unavailable_shifts}):
            yield from day_ok(d, f"staff {m.id}")
    for r in p.forbidden_successions:
        for sid in (r.shift_id, r.next_shift_id):
            if sid not in shifts:
                yield f"forbidden succession: unknown shift {sid!r}"
    for r2 in p.forbidden_same_day:
        for sid in (r2.shift_id, r2.other_shift_id):
            if sid not in shifts:
                yield f"forbidden same-day pair: unknown shift {sid!r}"
    for c2 in p.cover:
        yield from day_ok(c2.day, "cover")
        if c2.shift_id not in shifts:
            yield f"cover on day {c2.day}: unknown shift {c2.shift_id!r}"
        if c2.location_id not in locs:
            yield f"cover on day {c2.day}: unknown location {c2.location_id!r}"
    for q in p.requests:
        yield from day_ok(q.day, f"request of {q.staff_id}")
        if q.staff_id not in staff:
            yield f"request: unknown staff {q.staff_id!r}"
        if q.shift_id is not None and q.shift_id not in shifts:
            yield f"request of {q.staff_id}: unknown shift {q.shift_id!r}"
    for g in p.fairness_groups:
        for sid in g.staff_ids:
            if sid not in staff:
                yield f"fairness group {g.id}: unknown staff {sid!r}"
        for sh in g.shift_ids or ():
            if sh not in shifts:
                yield f"fairness group {g.id}: unknown shift {sh!r}"
    for sup in p.supervision:
        for sh in sorted(sup.shift_ids or ()):
            if sh not in shifts:
                yield f"supervision {sup.id}: unknown shift {sh!r}"
        if sup.supervised & sup.by:
            yield f"supervision {sup.id}: {sorted(sup.supervised & sup.by)} both need and give supervision"
    before = p.previous.assignments if p.previous else ()
    pinned = [("previous rota", a.staff_id, a.day, a.shift_id, a.location_id) for a in before]
    pinned += [("fixed assignment", a.staff_id, a.day, a.shift_id, a.location_id) for a in p.fixed_on]
    pinned += [("fixed off", f.staff_id, f.day, f.shift_id, None) for f in p.fixed_off]
    for what, sid, day, sh, loc in pinned:
        yield from day_ok(day, f"{what} of {sid}")
        if sid not in staff:
            yield f"{what}: unknown staff {sid!r}"
        if sh not in shifts:
            yield f"{what} of {sid}: unknown shift {sh!r}"
        if loc is not None and loc not in locs:
            yield f"{what} of {sid}: unknown location {loc!r}"
    for mt in p.mdt_meetings:
        if mt.shift_id not in shifts:
            yield f"MDT {mt.id}: unknown shift {mt.shift_id!r}"
        if mt.location_id is not None and mt.location_id not in locs:
            yield f"MDT {mt.id}: unknown location {mt.location_id!r}"
        for d in mt.days:
            yield from day_ok(d, f"MDT {mt.id}")
        for sid in mt.staff_ids:
            if sid not in staff:
                yield f"MDT {mt.id}: unknown staff {sid!r}"

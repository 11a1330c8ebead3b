"""An independent checker: reads a problem and a rota, lists every broken hard rule and
recomputes the objective from scratch.

It shares no rule code with :mod:`pch_workforce.rota.model` (only the rule *names*), and works
on plain counts and runs rather than solver variables, so a modelling slip shows up as a
disagreement between the two.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from pch_workforce.rota.problem import Assignment, Problem, Rota, Staff
from pch_workforce.rota.rules import Encoding, HardRule, SoftRule

ENCODING = Encoding("checker", enforced=frozenset(HardRule))
"""The checker judges every hard rule (the tests hold this to :class:`HardRule`)."""


@dataclass(frozen=True)
class HardViolation:
    rule: HardRule
    subject: str
    day: int | None
    detail: str


@dataclass
class CheckResult:
    violations: list[HardViolation] = field(default_factory=list)
    objective: int = 0
    objective_by_rule: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.violations

    def rules_broken(self) -> set[HardRule]:
        return {v.rule for v in self.violations}


def check_rota(problem: Problem, rota: Rota) -> CheckResult:
    """Check every hard rule and recompute every soft-rule cost of ``rota``."""
    result = CheckResult()
    p = problem
    known = _Known(p)
    valid = []
    for a in rota.assignments:
        problem_text = known.problem_with(a.staff_id, a.day, a.shift_id, a.location_id)
        if problem_text:
            result.violations.append(HardViolation(HardRule.UNKNOWN_ID, a.staff_id, a.day, problem_text))
        else:
            valid.append(a)
    # shifts[(staff, day)] -> list of (shift, location)
    shifts: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    for a in valid:
        shifts[a.staff_id, a.day].append((a.shift_id, a.location_id))
    for staff in p.staff:
        days = {d: shifts.get((staff.id, d), []) for d in p.days}
        result.violations.extend(_staff_violations(p, staff, days))
    result.violations.extend(_unsupervised(p, valid))
    result.violations.extend(broken_pins(p, valid))
    _costs(p, valid, shifts, result)
    return result


class _Known:
    def __init__(self, p: Problem) -> None:
        self.staff = {s.id for s in p.staff}
        self.shifts = {s.id for s in p.shift_types}
        self.locs = {loc.id for loc in p.locations}
        self.h = p.horizon_days

    def problem_with(self, staff: str, day: int, shift: str, loc: str) -> str:
        for what, value, pool in (("staff", staff, self.staff), ("shift", shift, self.shifts), ("location", loc, self.locs)):
            if value not in pool:
                return f"unknown {what} {value!r}"
        return "" if 0 <= day < self.h else f"day {day} outside the horizon"


def _v(rule: HardRule, staff: Staff, day: int | None, detail: str) -> HardViolation:
    return HardViolation(rule, staff.id, day, detail)


def _staff_violations(p: Problem, s: Staff, days: dict[int, list[tuple[str, str]]]):
    c = s.contract
    length = {t.id: t.length_minutes for t in p.shift_types}
    shift = {t.id: t for t in p.shift_types}
    open_slots = {loc.id: loc.open_slots for loc in p.locations}
    forbidden_next = {(r.shift_id, r.next_shift_id) for r in p.forbidden_successions}
    same_day_banned = {frozenset((r.shift_id, r.other_shift_id)) for r in p.forbidden_same_day}
    timed = [t for t in p.shift_types if t.start_minute is not None]
    for i, a in enumerate(timed):
        for b in timed[i + 1 :]:
            a0, b0 = a.start_minute, b.start_minute
            if a0 < b0 + b.length_minutes and b0 < a0 + a.length_minutes:  # type: ignore[operator]
                same_day_banned.add(frozenset((a.id, b.id)))
    for d, worked in days.items():
        ids = [sh for sh, _ in worked]
        for sh, n in Counter(ids).items():
            if n > 1:
                yield _v(HardRule.ONE_LOCATION_PER_SESSION, s, d, f"{sh} assigned {n} times")
        if len(set(ids)) > c.max_shifts_per_day:
            yield _v(HardRule.MAX_SESSIONS_PER_DAY, s, d, f"{len(set(ids))} sessions")
        distinct = sorted(set(ids))
        for i, a in enumerate(distinct):
            for b in distinct[i + 1 :]:
                if frozenset((a, b)) in same_day_banned:
                    yield _v(HardRule.FORBIDDEN_SAME_DAY, s, d, f"{a} with {b}")
        for sh, loc in worked:
            t = shift[sh]
            if d in s.leave_days or d in s.unavailable_days or any(
                u.day == d and u.shift_id == sh for u in s.unavailable_shifts
            ):
                yield _v(HardRule.LEAVE_AND_UNAVAILABILITY, s, d, f"{sh} while unavailable")
            if t.required_skills and not (t.required_skills & s.skills):
                yield _v(HardRule.REQUIRED_SKILL, s, d, f"{sh} needs {sorted(t.required_skills)}")
            if (t.locations is not None and loc not in t.locations) or (
                s.allowed_locations is not None and loc not in s.allowed_locations
            ):
                yield _v(HardRule.ALLOWED_LOCATION, s, d, f"{sh} at {loc}")
            if open_slots[loc] is not None and (d % 7, sh) not in open_slots[loc]:
                yield _v(HardRule.ALLOWED_LOCATION, s, d, f"{sh} at {loc}, which is closed then")
        if d + 1 in days:
            for a in set(ids):
                for b, _ in days[d + 1]:
                    if (a, b) in forbidden_next:
                        yield _v(HardRule.FORBIDDEN_SUCCESSION, s, d + 1, f"{b} after {a}")
    per_type = Counter(sh for worked in days.values() for sh, _ in worked)
    for sh, k in c.max_shifts_per_type.items():
        if per_type[sh] > k:
            yield _v(HardRule.MAX_SHIFTS_PER_TYPE, s, None, f"{per_type[sh]} x {sh} > {k}")
    # weekly sessions with leave credit
    for week in range(-(-p.horizon_days // 7)):
        week_days = [d for d in days if d // 7 == week]
        total = sum(len(days[d]) for d in week_days)
        total += c.leave_credit_sessions * sum(1 for d in week_days if d in s.leave_days)
        if c.min_sessions_per_week is not None and total < c.min_sessions_per_week:
            yield _v(HardRule.CONTRACTED_SESSIONS, s, None, f"week {week + 1}: {total} < {c.min_sessions_per_week}")
        if c.max_sessions_per_week is not None and total > c.max_sessions_per_week:
            yield _v(HardRule.CONTRACTED_SESSIONS, s, None, f"week {week + 1}: {total} > {c.max_sessions_per_week}")
    minutes = sum(length[sh] for worked in days.values() for sh, _ in worked)
    minutes += c.leave_credit_minutes * len(s.leave_days)
    if c.min_minutes is not None and minutes < c.min_minutes:
        yield _v(HardRule.CONTRACTED_MINUTES, s, None, f"{minutes} < {c.min_minutes}")
    if c.max_minutes is not None and minutes > c.max_minutes:
        yield _v(HardRule.CONTRACTED_MINUTES, s, None, f"{minutes} > {c.max_minutes}")
    # runs of working days / days off
    pattern = [bool(days[d]) for d in sorted(days)]
    last = len(pattern) - 1
    for on, first, end in _runs(pattern):
        run = end - first + 1
        interior = first > 0 and end < last
        if on and c.max_consecutive_days is not None and run > c.max_consecutive_days:
            yield _v(HardRule.MAX_CONSECUTIVE_DAYS, s, first, f"{run} days from day {first}")
        if on and interior and c.min_consecutive_days is not None and run < c.min_consecutive_days:
            yield _v(HardRule.MIN_CONSECUTIVE_DAYS, s, first, f"{run} days from day {first}")
        if not on and interior and c.min_consecutive_days_off is not None and run < c.min_consecutive_days_off:
            yield _v(HardRule.MIN_CONSECUTIVE_DAYS_OFF, s, first, f"{run} days off from day {first}")
    if c.max_weekends is not None:
        weekends = {d // 7 for d, on in enumerate(pattern) if on and d % 7 in (5, 6)}
        if len(weekends) > c.max_weekends:
            yield _v(HardRule.MAX_WEEKENDS, s, None, f"{len(weekends)} weekends > {c.max_weekends}")


def _unsupervised(p: Problem, valid: list[Assignment]) -> Iterator[HardViolation]:
    """Supervision on site: each covered session worked by someone who needs a supervisor has
    another person there, same day, shift and location, holding a supervising skill."""
    clinical = {t.id for t in p.shift_types if t.clinical}
    skills = {s.id: s.skills for s in p.staff}
    there: dict[tuple[int, str, str], set[str]] = defaultdict(set)
    for a in valid:
        there[a.day, a.shift_id, a.location_id].add(a.staff_id)
    for rule in p.supervision:
        shifts = clinical if rule.shift_ids is None else rule.shift_ids
        for a in valid:
            mine = skills[a.staff_id]
            if a.shift_id not in shifts or not mine & rule.supervised or mine & rule.by:
                continue
            others = there[a.day, a.shift_id, a.location_id] - {a.staff_id}
            if not any(skills[o] & rule.by for o in others):
                detail = f"{a.shift_id} at {a.location_id} with no supervisor ({', '.join(sorted(rule.by))}) on site"
                yield HardViolation(HardRule.SUPERVISOR_ON_SITE, a.staff_id, a.day, detail)


def _runs(pattern: list[bool]) -> list[tuple[bool, int, int]]:
    """Maximal runs as (value, first index, last index)."""
    runs: list[tuple[bool, int, int]] = []
    for i, v in enumerate(pattern):
        if runs and runs[-1][0] == v:
            runs[-1] = (v, runs[-1][1], i)
        else:
            runs.append((v, i, i))
    return runs


def _costs(p: Problem, valid, shifts, result: CheckResult) -> None:
    by_rule: Counter[str] = Counter()
    skills = {s.id: s.skills for s in p.staff}
    on_cover: Counter[tuple] = Counter()
    for a in valid:
        on_cover[a.day, a.shift_id, a.location_id, None] += 1
        for k in skills[a.staff_id]:
            on_cover[a.day, a.shift_id, a.location_id, k] += 1
    for r in p.cover:
        n = on_cover[r.day, r.shift_id, r.location_id, r.skill]
        top = r.minimum if r.preferred is None else max(r.minimum, r.preferred)
        by_rule[SoftRule.COVER_SHORTFALL] += r.weight_under * max(0, r.minimum - n)
        by_rule[SoftRule.COVER_EXCESS] += r.weight_over * max(0, n - top)
    for q in p.requests:
        worked = [sh for sh, _ in shifts.get((q.staff_id, q.day), [])]
        hit = bool(worked) if q.shift_id is None else q.shift_id in worked
        if q.kind == "on" and not hit:
            by_rule[SoftRule.SHIFT_ON_REQUEST] += q.weight
        if q.kind == "off" and hit:
            by_rule[SoftRule.SHIFT_OFF_REQUEST] += q.weight
    if len(p.locations) > 1:
        homes = {s.id: s.home_location for s in p.staff}
        away = sum(1 for a in valid if homes[a.staff_id] is not None and a.location_id != homes[a.staff_id])
        by_rule[SoftRule.AWAY_FROM_HOME] += p.away_from_home_weight * away
    for g in p.fairness_groups:
        if len(g.staff_ids) < 2:
            continue
        tally = g.history_of()  # the previous period's sessions count first
        for a in valid:
            if a.staff_id in tally and (g.shift_ids is None or a.shift_id in g.shift_ids) and (
                g.weekdays is None or a.day % 7 in g.weekdays
            ):
                tally[a.staff_id] += 1
        share = g.share_of()
        largest = max(share.values())
        load = [Fraction(tally[sid] * largest, share[sid]) for sid in g.staff_ids]
        by_rule[SoftRule.UNFAIR_SHARE] += g.weight * (math.ceil(max(load)) - math.floor(min(load)))
    staff = {s.id: s for s in p.staff}
    for m in p.mdt_meetings:
        for sid in m.staff_ids:
            s = staff[sid]
            for d in m.days:
                excused = d in s.leave_days or d in s.unavailable_days or any(
                    u.day == d and u.shift_id == m.shift_id for u in s.unavailable_shifts
                )
                attended = any(
                    sh == m.shift_id and (m.location_id is None or loc == m.location_id)
                    for sh, loc in shifts.get((sid, d), [])
                )
                if not excused and not attended:
                    by_rule[SoftRule.MISSED_MDT] += m.weight
    by_rule[SoftRule.OVERBOOKED_ROOMS] += p.overbooked_room_weight * people_beyond_rooms(p, valid)
    by_rule[SoftRule.CHANGED_ASSIGNMENT] += sum(p.change_weight_on(day) for _, day, _, _ in changed(p, valid))
    result.objective_by_rule = {k: v for k, v in by_rule.items() if v}
    result.objective = sum(by_rule.values())


def people_beyond_rooms(p: Problem, valid: Iterable[Assignment]) -> int:
    """People beyond a location's rooms, summed over its shifts that hold a room (among people needing one)."""
    clinical = {s.id for s in p.shift_types if s.holds_room}
    needs = {s.id for s in p.staff if s.needs_room}
    rooms = {loc.id: loc.rooms for loc in p.locations if loc.rooms is not None}
    in_rooms = Counter(
        (a.day, a.shift_id, a.location_id)
        for a in valid
        if a.shift_id in clinical and a.staff_id in needs and a.location_id in rooms
    )
    return sum(max(0, n - rooms[loc]) for (_, _, loc), n in in_rooms.items())


def broken_pins(p: Problem, valid: Iterable[Assignment]) -> Iterator[HardViolation]:
    """Fixed assignments not worked exactly so, and sessions held off that are worked."""
    keys = {(a.staff_id, a.day, a.shift_id, a.location_id) for a in valid}
    sessions = {(sid, day, sh) for sid, day, sh, _ in keys}
    for a in p.fixed_on:
        if (a.staff_id, a.day, a.shift_id, a.location_id) not in keys:
            detail = f"{a.shift_id} at {a.location_id} is fixed but not worked"
            yield HardViolation(HardRule.FIXED_ASSIGNMENT, a.staff_id, a.day, detail)
    for f in p.fixed_off:
        if (f.staff_id, f.day, f.shift_id) in sessions:
            yield HardViolation(HardRule.FIXED_ASSIGNMENT, f.staff_id, f.day, f"{f.shift_id} is held off but worked")


def changed(p: Problem, valid: Iterable[Assignment]) -> set[tuple[str, int, str, str]]:
    """Assignments in exactly one of the previous rota and this one (none without a previous rota)."""
    if p.previous is None:
        return set()
    now = {(a.staff_id, a.day, a.shift_id, a.location_id) for a in valid}
    return now ^ p.previous.keys()

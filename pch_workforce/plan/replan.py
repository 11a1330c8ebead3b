"""Re-plan a published rota after absences, changing as little as it can.

The plan's rota problem is rebuilt from its scenario and the rota read back as the planner left it
(:func:`pch_workforce.plan.cover.load_published`, which counts leave on the Rota sheet the scenario
lacks, typed or an earlier re-plan's, as leave). That rota must keep every hard rule before anything
is re-planned (a hand edit that breaks one is named by cell). Each absence becomes leave in the
scenario, credited to the contract as leave always is, and the rota is solved again with the old rota
(less the absent sessions) as the start and a penalty for every assignment changed from it (the
engine's ``changed assignment`` rule), so the new rota moves what the absences force and what the
other rules then make worth moving. Cells a planner locked (a trailing ``*``) and the first frozen
weeks are pinned as hard rules. Every cell that differs is listed with a reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pch_workforce import __version__
from pch_workforce.errors import InfeasiblePlanError, InputError, Problem
from pch_workforce.pch_rota import check_contracts, grid_session
from pch_workforce.plan.cover import PublishedRota, load_published, with_leave
from pch_workforce.plan.model import Plan, PlanOptions, ReplanFigures
from pch_workforce.plan.run import RotaProgress, pch_problem, rota_solve_options, solved_rota, years_ahead
from pch_workforce.rota import Assignment, Rota, StaffSession, check_rota
from pch_workforce.rota.problem import Problem as RotaProblem
from pch_workforce.scenario.loader import LoadedScenario

# Points per assignment changed from the published rota (a move is two: one lost, one new). A judgement
# call: above a session away from home (2), a person over cover (1), a preferred session off (3) and a
# step of unfair evenings (5), so the rota is not reshuffled for small gains; a move (16) stays below a
# missed MDT (20) and far below a person short of a cover minimum (100), so cover is still recovered.
CHANGE_WEIGHT = 8
# Points more per assignment changed outside the weeks an absence falls in. A judgement call: contracts
# are met over the whole rota, so a colleague who covers can often be given the time back in any week at
# the same cost; one point more settles such ties inside the absence's week, as a manager would, while a
# move outside (18) stays below a missed MDT (20).
OUTSIDE_ABSENT_WEEKS = 1
LEAVE = "Leave"
Resolved = tuple[str, str, dt.date, dt.date]  # staff id, name, first and last day of an absence in the rota


@dataclass(frozen=True)
class Absence:
    """STAFF:FROM:TO as typed: a staff id or exact name, and the first and last dates (inclusive)."""

    staff: str
    start: dt.date
    end: dt.date

    @classmethod
    def parse(cls, text: str) -> Absence:
        parts = text.rsplit(":", 2)
        if len(parts) != 3 or not parts[0].strip():
            raise InputError([Problem("--absence", f"{text!r}: give STAFF:FROM:TO, e.g. GP01:2027-01-05:2027-01-08")])
        try:
            start, end = (dt.date.fromisoformat(p.strip()) for p in parts[1:])
        except ValueError:
            raise InputError([Problem("--absence", f"{text!r}: FROM and TO are dates (YYYY-MM-DD)")]) from None
        if end < start:
            raise InputError([Problem("--absence", f"{text!r}: ends before it starts")])
        return cls(parts[0].strip(), start, end)


@dataclass(frozen=True)
class Change:
    """One Rota cell that differs between the published rota and the re-plan."""

    staff_id: str
    name: str
    date: dt.date
    session: str  # the grid's session: AM, PM or EVE
    was: str
    now: str
    reason: str  # "absence", "cover" (stepping into a session an absence left) or "rule" (a knock-on)

    @property
    def moves_a_session(self) -> bool:
        """Whether a session is lost or gained (not only a blank cell turned to Leave)."""
        return self.was not in ("", LEAVE) or self.now not in ("", LEAVE)


@dataclass(frozen=True)
class AbsenceOutcome:
    staff_id: str
    name: str
    start: dt.date
    end: dt.date
    sessions_lost: int  # sessions the person was rostered for in the absence
    sessions_recovered: int  # of those, the ones someone new now works (same date, session and practice)


@dataclass(frozen=True)
class Replan:
    plan: Plan
    changes: tuple[Change, ...]
    absences: tuple[AbsenceOutcome, ...]
    locked_kept: bool  # every locked cell and every session of the frozen weeks is as it was
    locked_cells: int
    frozen_weeks: int

    @property
    def figures(self) -> ReplanFigures:
        assert self.plan.replan is not None, "a re-plan's plan carries its figures"
        return self.plan.replan

    @property
    def changed_assignments(self) -> int:
        """Cells whose sessions changed (a blank cell turned to Leave is listed, but not counted)."""
        return self.figures.changed_sessions

    @property
    def people_affected(self) -> int:
        return self.figures.people_affected


def replan(plan_path: Path, scenario_path: Path | None, absences: list[Absence], frozen_weeks: int,
           options: PlanOptions, change_weight: int = CHANGE_WEIGHT,
           on_rota_progress: RotaProgress | None = None) -> Replan:
    """Check the published rota, apply the absences, pin locks and frozen weeks, solve, compare."""
    published = load_published(plan_path, scenario_path)
    pch_dates = published.pch.dates
    weeks = len(pch_dates) // 7
    _refuse_broken(published)
    if not 0 <= frozen_weeks <= weeks:
        raise InputError([Problem("--frozen-weeks", f"{frozen_weeks} is not 0 to the rota's {weeks} weeks")])
    resolved = [_resolve(published.loaded, a, pch_dates) for a in absences]
    assert published.loaded is not None
    loaded = with_leave(published.loaded, _periods(resolved))
    pch = pch_problem(loaded, published.demand, published.mix, weeks, published.history)
    blocked = check_contracts(pch)
    if blocked:
        raise InfeasiblePlanError("rota", blocked)
    away = {(staff_id, day) for staff_id, days in _absent_days(resolved, pch_dates).items() for day in days}
    previous = Rota(assignments=tuple(a for a in published.rota.assignments if (a.staff_id, a.day) not in away))
    fixed_on, fixed_off = _pins(published, away, frozen_weeks)
    fields = {name: getattr(pch.problem, name) for name in RotaProblem.model_fields}
    absent_weeks = {day // 7 for _, day in away}
    outside = OUTSIDE_ABSENT_WEEKS if change_weight and absent_weeks else 0
    weights = tuple(change_weight + (0 if day // 7 in absent_weeks else outside) for day in range(len(pch_dates)))
    problem = RotaProblem(**fields | {"previous": previous, "change_weight": change_weight, "change_weights": weights,
                                      "fixed_on": fixed_on, "fixed_off": fixed_off})
    solve_options = dataclasses.replace(rota_solve_options(options, on_rota_progress), hint=previous)
    report = solved_rota(problem, solve_options)
    pch = dataclasses.replace(pch, problem=problem)
    plan = Plan(loaded=loaded, demand=published.demand, mix=published.mix, rota=pch, rota_report=report,
                rota_check=check_rota(problem, report.rota), options=options, tool_version=__version__,
                created=dt.datetime.now().replace(microsecond=0), trajectory=years_ahead(loaded, options))
    new = report.rota.keys()
    new_sessions = {key[:3] for key in new}
    kept = all((a.staff_id, a.day, a.shift_id, a.location_id) in new for a in fixed_on) and not any(
        (s.staff_id, s.day, s.shift_id) in new_sessions for s in fixed_off)
    changes = tuple(_changes(published, report.rota, away))
    outcomes = tuple(_outcomes(published, report.rota, resolved))
    plan = dataclasses.replace(plan, replan=replan_figures(changes, outcomes), locked=_locked(published))
    return Replan(plan=plan, changes=changes, absences=outcomes, locked_kept=kept,
                  locked_cells=sum(1 for a in published.read.assignments if a.locked) + len(published.read.locked_off),
                  frozen_weeks=frozen_weeks)


def replan_figures(changes: tuple[Change, ...], absences: tuple[AbsenceOutcome, ...]) -> ReplanFigures:
    """The headline figures of the Changes sheet, for the Summary and Figures sheets."""
    moved = [c for c in changes if c.moves_a_session]
    absent = {a.staff_id for a in absences}
    return ReplanFigures(changed_sessions=len(moved), people_affected=len({c.staff_id for c in moved}),
                         sessions_lost=sum(a.sessions_lost for a in absences),
                         sessions_recovered=sum(a.sessions_recovered for a in absences),
                         others_changed=sum(c.reason != "absence" for c in moved),
                         others_affected=len({c.staff_id for c in moved} - absent))


def _locked(published: PublishedRota) -> frozenset[tuple[str, int, str]]:
    """The planner's locks as (staff id, day, shift id), so the re-planned Rota sheet marks them again and
    a second re-plan keeps them without retyping (frozen weeks are an option of each re-plan, not marks)."""
    read = published.read
    on = {(a.staff_id, published.day(a.date), a.shift_id) for a in read.assignments if a.locked}
    off = {(o.staff_id, published.day(o.date), shift) for o in read.locked_off for shift in o.shifts}
    return frozenset(on | off)


def _periods(resolved: list[Resolved]) -> dict[str, list[tuple[dt.date, dt.date]]]:
    out: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for staff_id, _, start, end in resolved:
        out[staff_id].append((start, end))
    return out


def _refuse_broken(published: PublishedRota) -> None:
    """The rota as edited must keep every hard rule of the plan (before any new absence): a re-plan
    starts from it and pins parts of it, so a break is the planner's to fix first, named by cell."""
    verdict = check_rota(published.pch.problem, published.rota)
    if verdict.ok:
        return
    rows = {p.staff_id: p.row for p in published.read.people}
    problems = []
    for v in verdict.violations:
        cells = [a.cell for a in published.read.assignments
                 if a.staff_id == v.subject and v.day is not None and published.day(a.date) == v.day]
        where = ", ".join(dict.fromkeys(cells)) or f"Rota!A{rows.get(v.subject, '?')}"
        problems.append(Problem(where, f"breaks the hard rule '{v.rule.value}' ({_name(published, v.subject)}: "
                                       f"{v.detail}); fix the cell, then re-plan"))
    raise InputError(problems)


def _resolve(loaded: LoadedScenario | None, absence: Absence, dates: tuple[dt.date, ...]) -> Resolved:
    """(staff id, name, first, last) of an absence, clipped to the rota; the person must be named staff."""
    assert loaded is not None
    staff = loaded.scenario.staff
    match = [s for s in staff if s.staff_id == absence.staff] or [s for s in staff if s.name == absence.staff]
    if len(match) != 1:
        why = "is named by more than one member of staff: give the staff id" if match else (
            "is not a member of staff of the scenario (a staff id or exact name; planned posts cannot be absent)")
        raise InputError([Problem("--absence", f"{absence.staff!r} {why}")])
    start, end = max(absence.start, dates[0]), min(absence.end, dates[-1])
    if end < start:
        raise InputError([Problem("--absence", f"{absence.staff} {absence.start} to {absence.end} is outside the "
                                               f"rota ({dates[0]} to {dates[-1]})")])
    return match[0].staff_id, match[0].name, start, end


def _absent_days(resolved: list[Resolved], dates: tuple[dt.date, ...]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = defaultdict(set)
    for staff_id, _, start, end in resolved:
        out[staff_id] |= {(d - dates[0]).days for d in dates if start <= d <= end}
    return out


def _pins(published: PublishedRota, away: set[tuple[str, int]],
          frozen_weeks: int) -> tuple[tuple[Assignment, ...], tuple[StaffSession, ...]]:
    """Locked cells and every session of the frozen weeks as hard pins; an absence wins over a frozen
    week, but a locked cell on an absent day is a contradiction to fix."""
    read, problem = published.read, published.pch.problem
    clash = [a.cell for a in read.assignments if a.locked and (a.staff_id, published.day(a.date)) in away]
    if clash:
        raise InputError([Problem(", ".join(clash), "is locked (*) but the person is absent then: remove the lock "
                                                    "or the absence")])
    frozen = range(7 * frozen_weeks)
    on = {(a.staff_id, published.day(a.date), a.shift_id, a.practice) for a in read.assignments if a.locked}
    on |= {(a.staff_id, a.day, a.shift_id, a.location_id) for a in published.rota.assignments
           if a.day in frozen and (a.staff_id, a.day) not in away}
    off = {(o.staff_id, published.day(o.date), shift) for o in read.locked_off for shift in o.shifts
           if shift in problem.shift_by_id}
    worked = {key[:3] for key in published.rota.keys()}
    off |= {(s.id, day, t.id) for s in problem.staff for day in frozen for t in problem.shift_types
            if (s.id, day) not in away and (s.id, day, t.id) not in worked}
    return (tuple(Assignment(staff_id=s, day=d, shift_id=sh, location_id=loc) for s, d, sh, loc in sorted(on)),
            tuple(StaffSession(staff_id=s, day=d, shift_id=sh) for s, d, sh in sorted(off)))


def _cells(rota: Rota) -> dict[tuple[str, int, str], str]:
    """(staff, day, grid session) -> the Rota cell's text, as the workbook writes it."""
    codes: dict[tuple[str, int, str], list[str]] = defaultdict(list)
    for a in sorted(rota.assignments, key=lambda a: (a.day, a.shift_id, a.location_id)):
        codes[a.staff_id, a.day, grid_session(a.shift_id)].append(f"{a.location_id} {a.shift_id}")
    return {key: " + ".join(values) for key, values in codes.items()}


def _changes(published: PublishedRota, new: Rota, away: set[tuple[str, int]]) -> list[Change]:
    """Every cell that differs, in date, session and sheet order, with its reason; an absent day's
    cells all read Leave, as the Rota sheet writes them."""
    before, after = _cells(published.rota), _cells(new)
    on_leave = {(d.staff_id, published.day(d.date)) for d in published.read.leave}
    for column in published.read.columns:
        for staff_id, day in away:
            if published.day(column.date) == day:
                key = (staff_id, day, column.session)
                before.setdefault(key, LEAVE if (staff_id, day) in on_leave else "")
                after[key] = LEAVE
    lost_slots = {(a.day, grid_session(a.shift_id)) for a in published.rota.assignments
                  if (a.staff_id, a.day) in away}
    order = {p.staff_id: i for i, p in enumerate(published.pch.people)}
    sessions = {"AM": 0, "PM": 1, "EVE": 2}
    changes = []
    for key in sorted(set(before) | set(after), key=lambda k: (k[1], sessions.get(k[2], 3), order.get(k[0], 0))):
        staff_id, day, session = key
        was, now = before.get(key, ""), after.get(key, "")
        if was == now:
            continue
        if (staff_id, day) in away:
            reason = "absence"
        elif (day, session) in lost_slots and now:
            reason = "cover"
        else:
            reason = "rule"
        changes.append(Change(staff_id, _name(published, staff_id), published.pch.dates[day], session, was, now,
                              reason))
    return changes


def _outcomes(published: PublishedRota, new: Rota,
              resolved: list[Resolved]) -> list[AbsenceOutcome]:
    """Per absence: the sessions it took and how many of them someone new now works."""
    added = defaultdict(int)
    for a in set(new.assignments) - set(published.rota.assignments):
        added[a.day, grid_session(a.shift_id), a.location_id] += 1
    out = []
    for staff_id, name, start, end in resolved:
        lost = [a for a in published.rota.assignments
                if a.staff_id == staff_id and start <= published.pch.dates[a.day] <= end]
        recovered = 0
        for a in lost:
            slot = (a.day, grid_session(a.shift_id), a.location_id)
            if added[slot] > 0:
                added[slot] -= 1
                recovered += 1
        out.append(AbsenceOutcome(staff_id, name, start, end, len(lost), recovered))
    return out


def _name(published: PublishedRota, staff_id: str) -> str:
    return next((p.name for p in published.pch.people if p.staff_id == staff_id), staff_id)

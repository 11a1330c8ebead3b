"""Who could take one session of a published rota: candidates ranked by what each would cost.

A plan's rota problem is rebuilt from its scenario (the same demand, the same optimal mix, the same
rules), the rota is read back from the plan workbook as the user edited it, and each person who
could take the session is tried one at a time: added to it, or moved to it from another practice in
the same session. Only changes that keep every hard rule, by the independent checker, are offered;
they are ranked by the change in the rota's penalty points, rule by rule, so a manager sees what each
choice costs (a session away from home, an unfair share of evenings, one more than the cover wants).
Everyone else is listed with the first hard rule that rules them out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pch_workforce.errors import InputError, Problem
from pch_workforce.pch_rota import History, PchRota, grid_session, shift_id
from pch_workforce.plan.history import history_from_staff_hours
from pch_workforce.plan.rota_reader import ReadRota, rota_from_sheets
from pch_workforce.plan.run import pch_problem, rota_problem
from pch_workforce.plan.workbook import file_digest
from pch_workforce.rota import Assignment, Rota, check_rota
from pch_workforce.rota.checker import CheckResult
from pch_workforce.demand import Demand
from pch_workforce.mix import Mix
from pch_workforce.scenario.loader import LoadedScenario, load_scenario
from pch_workforce.scenario.model import LeavePeriod, Session
from pch_workforce.scenario.workbook_file import SheetValues, open_workbook

COVER_SHEET = "Cover"
_SOURCE = re.compile(r"Scenario file (.+?) \(SHA-256 ([0-9a-f]{64})\)")
_SESSIONS = {"AM": (Session.AM, False), "PM": (Session.PM, False), "EVE": (Session.EVENING, False),
             "SAT-AM": (Session.AM, True), "SAT-PM": (Session.PM, True)}


@dataclass(frozen=True)
class PublishedRota:
    """A plan's rota problem rebuilt from its scenario, and its rota as the workbook now holds it."""

    pch: PchRota
    read: ReadRota
    rota: Rota
    loaded: LoadedScenario | None = None  # the scenario, demand and mix it was rebuilt from
    demand: Demand | None = None
    mix: Mix | None = None
    history: History | None = None  # the previous period's evenings and Saturdays the plan counted

    def day(self, date: dt.date) -> int:
        return (date - self.pch.dates[0]).days


@dataclass(frozen=True)
class OpenSession:
    practice: str
    date: dt.date
    session: str  # the engine's shift id: "AM", "PM", "EVE", "SAT-AM", "SAT-PM"

    @classmethod
    def parse(cls, text: str) -> OpenSession:
        """PRACTICE:DATE:SESSION, e.g. P1:2027-01-05:AM (SESSION one of AM, PM, EVE, SAT-AM, SAT-PM)."""
        parts = text.split(":")
        if len(parts) != 3:
            raise InputError([Problem("--session", f"{text!r}: give PRACTICE:DATE:SESSION, e.g. P1:2027-01-05:AM")])
        practice, date_text, session = (p.strip() for p in parts)
        try:
            date = dt.date.fromisoformat(date_text)
        except ValueError:
            raise InputError([Problem("--session", f"{date_text!r} is not a date (YYYY-MM-DD)")]) from None
        session = session.upper()
        if session not in _SESSIONS:
            raise InputError([Problem("--session", f"{session!r} is not a session: one of {', '.join(_SESSIONS)}")])
        return cls(practice, date, session)


@dataclass(frozen=True)
class Candidate:
    """One person who could take the session, and what it would cost."""

    staff_id: str
    name: str
    role: str
    change: str  # "add" or "move from P2"
    points: int  # change in the rota's penalty points (negative: better)
    points_by_rule: dict[str, int]  # only the rules that change
    week_sessions: int  # sessions that week after the change


@dataclass(frozen=True)
class NotOffered:
    staff_id: str
    name: str
    role: str
    reason: str


@dataclass(frozen=True)
class CoverAnswer:
    session: OpenSession
    shift_id: str
    role: str | None
    cover_before: int  # people of the role (or anyone) on the session before
    minimum: int | None
    candidates: tuple[Candidate, ...]
    not_offered: tuple[NotOffered, ...]
    objective: int


def load_published(plan_path: Path, scenario_path: Path | None = None, mix_marginals: bool = True) -> PublishedRota:
    """Rebuild the plan's rota problem and read its rota back (leave on the Rota sheet that the scenario
    lacks counts as leave; the previous period's evenings and Saturdays on the Staff hours sheet, when the
    plan was made with --history, count toward fairness again). The scenario must be the one the plan came
    from (its SHA-256 is on the Cover sheet): a changed scenario gives another mix and other rules, so the
    answer would not be about this rota. Without ``scenario_path``, the file the Cover names is looked
    for beside the plan, here, and in ``scenarios/``. ``mix_marginals=False``: see :func:`rota_problem`."""
    sheets = open_workbook(Path(plan_path))
    name, digest = _source(sheets, plan_path)
    if scenario_path is None:
        places = [Path(plan_path).parent / name, Path(name), Path("scenarios") / name]
        scenario_path = next((p for p in places if p.is_file() and file_digest(p) == digest), None)
        if scenario_path is None:
            raise InputError([Problem(str(plan_path), f"made from {name}, which is not beside the plan, here or in "
                                                      "scenarios/ unchanged: give it with --scenario")])
    elif file_digest(Path(scenario_path)) != digest:
        raise InputError([Problem(str(scenario_path), "is not the scenario this plan was made from (its SHA-256 "
                                                      "differs from the one on the plan's Cover sheet); plan again")])
    read = rota_from_sheets(sheets, str(plan_path))
    history = history_from_staff_hours(sheets, str(plan_path))
    weeks = ((read.last_date - read.first_date).days + 1) // 7
    scenario = load_scenario(scenario_path)
    demand, mix, pch = rota_problem(scenario, weeks, history=history, mix_marginals=mix_marginals)
    loaded = with_leave(scenario, typed_leave(scenario, read))
    if loaded is not scenario:
        pch = pch_problem(loaded, demand, mix, weeks, history)
    if pch.dates[0] != read.first_date:
        raise InputError([Problem(f"{plan_path}: Rota", f"starts on {read.first_date}, but the scenario's plan starts "
                                                        f"on {pch.dates[0]}")])
    known = {s.id for s in pch.problem.staff}
    unknown = sorted({a.staff_id for a in read.assignments} - known)
    if unknown:
        raise InputError([Problem(f"{plan_path}: Rota", f"staff {', '.join(unknown)} are not in the scenario")])
    rota = Rota(assignments=tuple(Assignment(staff_id=a.staff_id, day=(a.date - read.first_date).days,
                                             shift_id=a.shift_id, location_id=a.practice) for a in read.assignments))
    return PublishedRota(pch=pch, read=read, rota=rota, loaded=loaded, demand=demand, mix=mix, history=history)


def typed_leave(loaded: LoadedScenario, read: ReadRota) -> dict[str, list[tuple[dt.date, dt.date]]]:
    """Leave days on the Rota sheet that the scenario lacks (typed by a planner, or an absence a re-plan
    wrote), by staff id: leave for the contract too, or the rota would seem to break it."""
    members = {s.staff_id: s for s in loaded.scenario.staff}
    out: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for day in read.leave:
        member = members.get(day.staff_id)
        if member is not None and not any(p.start <= day.date <= p.end for p in member.leave):
            out.setdefault(day.staff_id, []).append((day.date, day.date))
    return out


def with_leave(loaded: LoadedScenario, periods: Mapping[str, list[tuple[dt.date, dt.date]]]) -> LoadedScenario:
    """The scenario with these leave periods (first, last) added to each person's (itself when none)."""
    if not periods:
        return loaded
    staff = tuple(s.model_copy(update={"leave": s.leave + tuple(LeavePeriod(start=a, end=b)
                                                                for a, b in periods[s.staff_id])})
                  if s.staff_id in periods else s for s in loaded.scenario.staff)
    return dataclasses.replace(loaded, scenario=loaded.scenario.model_copy(update={"staff": staff}))


def _source(sheets: dict[str, SheetValues], plan_path: Path) -> tuple[str, str]:
    """The scenario file name and SHA-256 the plan's Cover sheet gives."""
    cover = sheets.get(COVER_SHEET)
    for row in cover.rows if cover else []:
        for cell in row:
            if isinstance(cell, str) and (m := _SOURCE.search(cell)):
                return m.group(1), m.group(2)
    raise InputError([Problem(f"{plan_path}: {COVER_SHEET}", "names no scenario file (SHA-256): give a plan workbook "
                                                             "written by `pch-workforce plan`")])


def cover_options(published: PublishedRota, wanted: OpenSession, role: str | None) -> CoverAnswer:
    """Everyone who could take ``wanted``, ranked by the change in penalty points (then fewest sessions
    that week); only changes the checker finds keep every hard rule are offered."""
    problem = published.pch.problem
    if wanted.practice not in {loc.id for loc in problem.locations}:
        raise InputError([Problem("--session", f"{wanted.practice!r} is not a practice of this plan")])
    day = published.day(wanted.date)
    if not 0 <= day < len(published.pch.dates):
        raise InputError([Problem("--session", f"{wanted.date} is outside the rota "
                                               f"({published.pch.dates[0]} to {published.pch.dates[-1]})")])
    session, saturday = _SESSIONS[wanted.session]
    if saturday != (wanted.date.weekday() == 5):
        raise InputError([Problem("--session", f"{wanted.session} does not fall on a "
                                               f"{wanted.date:%A}: use SAT-AM or SAT-PM on a Saturday only")])
    shift = shift_id(session, saturday)
    people = {p.staff_id: p for p in published.pch.people}
    if role is not None and role not in {p.role for p in people.values()}:
        raise InputError([Problem("--role", f"{role!r} is not a role on this rota: one of "
                                            f"{', '.join(sorted({p.role for p in people.values()}))}")])
    base = check_rota(problem, published.rota)
    same_slot = {a.staff_id: a for a in published.rota.assignments if a.day == day and grid_session(a.shift_id) == grid_session(shift)}
    here = [a for a in same_slot.values() if a.location_id == wanted.practice]
    candidates, not_offered = [], []
    for person in published.pch.people:
        if role is not None and person.role != role:
            continue
        if person.staff_id in same_slot and same_slot[person.staff_id].location_id == wanted.practice:
            continue  # already there
        moved = same_slot.get(person.staff_id)
        kept = tuple(a for a in published.rota.assignments if a is not moved)
        trial = Rota(assignments=kept + (Assignment(staff_id=person.staff_id, day=day, shift_id=shift,
                                                    location_id=wanted.practice),))
        result = check_rota(problem, trial)
        if not result.ok:
            not_offered.append(NotOffered(person.staff_id, person.name, person.role, _first_reason(result)))
            continue
        candidates.append(Candidate(
            staff_id=person.staff_id, name=person.name, role=person.role,
            change=f"move from {moved.location_id} {moved.shift_id}" if moved else "add",
            points=result.objective - base.objective, points_by_rule=_rule_changes(base, result),
            week_sessions=sum(1 for a in trial.assignments if a.staff_id == person.staff_id and a.day // 7 == day // 7)))
    candidates.sort(key=lambda c: (c.points, c.week_sessions, c.staff_id))
    minimum = next((r.minimum for r in problem.cover if r.day == day and r.shift_id == shift
                    and r.location_id == wanted.practice and r.skill == role), None)
    before = sum(1 for a in here if a.shift_id == shift and (role is None or people[a.staff_id].role == role))
    return CoverAnswer(session=wanted, shift_id=shift, role=role, cover_before=before, minimum=minimum,
                       candidates=tuple(candidates), not_offered=tuple(not_offered), objective=base.objective)


def _first_reason(result: CheckResult) -> str:
    first = result.violations[0]
    return f"{first.rule.value}: {first.detail}"


def _rule_changes(base: CheckResult, after: CheckResult) -> dict[str, int]:
    rules = set(base.objective_by_rule) | set(after.objective_by_rule)
    changes = {rule: after.objective_by_rule.get(rule, 0) - base.objective_by_rule.get(rule, 0) for rule in rules}
    return {rule: delta for rule, delta in sorted(changes.items()) if delta}

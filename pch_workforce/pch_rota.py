"""The PCH front end of the rota engine: a site scenario (and the mix's planned posts) → a rota problem.

Named staff are rostered as they are; posts the mix adds beyond the named staff become
placeholder posts ("GP vacancy 1, 9 sessions"), so the rota also shows whether the planned
team can cover the sessions.

Modelling choices, each a judgement call stated once here:
- Sessions run at their clock times (the scenario's Sessions sheet: by default weekday mornings
  08:00-13:00 and afternoons 13:00-18:30, so the two cover the GMS core hours; evenings
  18:30-20:00 and Saturday 09:00-13:00 and 13:00-17:00, the Network Standard Hours). A contract
  is counted in minutes: a contracted session is 4 h 10 min (the BMA model contract, 9 sessions
  in 37.5 h), so an evening uses 1 h 30 min of it. Over the rota each person works their
  contracted minutes to within ``CONTRACT_TOLERANCE_MINUTES_PER_WEEK`` a week either way, or half
  the longest session if that is more (sessions of 5 h, 5 h 30 min and 1 h 30 min cannot hit every
  contract exactly), and at most their contracted number of sessions in any week.
- The weekly MDT meeting is held at the hub in the afternoon of the MDT weekday, as the
  afternoon's session; each core role must be represented (a soft rule, weighted by
  ``weight_missed_mdt``), so clinics are not emptied for it.
- A clinical session at a practice holds one of its clinical rooms; people beyond the rooms in
  one session are overbooked (a soft rule, weighted by ``weight_overbooked_room``). Work that
  needs no room (telephone, video, online, home and care-home visits) is a weekday morning or
  afternoon "-R" session based at a practice: each person may work as many of them as their
  role's share of hours outside a room in the mix allows (``RoleMix.room_share``), so the rota's
  room use follows the mix's. A role the mix gives no room work needs no room at all. Roles
  supervised on site work every session in the building, by their supervisor.
- A role the care model says needs on-the-day supervision on site (``supervision.on_site``)
  works a clinical session at a practice only when one of its supervising roles (or a role that
  delivers as one, e.g. an ARRS GP as a GP) works that session there: a hard rule. Vacancy posts
  of the role are held to it too; the MDT meeting is not a clinical session.
- The access contract is cover: each open practice wants a duty clinician (a care-model role) in
  the building in every weekday session inside core hours, and each session in the Network
  Standard Hours wants enough clinicians of the enhanced-access roles for the site's required
  minutes a week, spread over the open evening and Saturday rooms in proportion to them. Both
  are soft (``weight_uncovered_session``), so a shortfall is reported by week, practice and
  hours instead of making the rota impossible.
- Leave is credited pro rata: a weekday of leave is one fifth of the weekly contract.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pch_workforce.access_windows import minutes_overlap, window_sessions
from pch_workforce.budget import weighted_list
from pch_workforce.care_model import CareModel
from pch_workforce.rota.problem import (
    Contract,
    CoverRequirement,
    DayShift,
    FairnessGroup,
    ForbiddenSuccession,
    Location,
    Problem,
    ShiftRequest,
    ShiftType,
    Staff,
    SupervisorOnSite,
)
from pch_workforce.rota_policy import RotaPolicy
from pch_workforce.scenario.model import CONTRACT_SESSION_MINUTES, Scenario, Session, StaffMember

SESSION_MINUTES = CONTRACT_SESSION_MINUTES  # 4 h 10 min: BMA model contract, 9 sessions in 37.5 h
CONTRACT_TOLERANCE_MINUTES_PER_WEEK = 30  # judgement call: within half an hour a week of the contract
MDT_SHIFT = "MDT"
SATURDAY = 5
REMOTE = "-R"  # suffix of a session holding no room: telephone, video, online or visits
ENHANCED_ACCESS = "enhanced access"  # skill tokens the access contract's cover lines count
DUTY_CLINICIAN = "duty clinician"
FULL_ROOM_SHARE = 0.999  # a role this much in rooms has no remote sessions
# Judgement call: the roles whose view a PCH multidisciplinary team meeting needs each week
# (medical, nursing, medicines, community nursing, mental health, social care, coordination).
MDT_CORE_ROLES = (
    "gp", "practice_nurse", "advanced_nurse_practitioner", "clinical_pharmacist", "district_nurse",
    "mental_health_practitioner", "social_worker", "care_coordinator", "social_prescribing_link_worker",
)
SESSION_WORDS = {Session.AM: "Morning", Session.PM: "Afternoon", Session.EVENING: "Evening"}
# The unsocial sessions each role's willing staff share fairly: fairness group ids are "<kind>/<role>".
UNSOCIAL_KINDS = ("evenings", "saturdays")
UNSOCIAL_SESSIONS: dict[str, dict[str, frozenset[Any]]] = {
    "evenings": {"shift_ids": frozenset({Session.EVENING.value})},
    "saturdays": {"weekdays": frozenset({SATURDAY})},
}
# kind -> staff id -> sessions of that kind worked in the previous rota period (see FairnessGroup.history)
History = Mapping[str, Mapping[str, int]]


def shift_id(session: Session, saturday: bool) -> str:
    """The engine's shift id of a scenario session: weekday "AM", "PM", "EVE"; Saturday "SAT-AM"."""
    return f"SAT-{session.value}" if saturday else session.value


def remote_id(session: Session) -> str:
    return session.value + REMOTE


def grid_session(shift: str) -> str:
    """The scenario session a shift id belongs to (the rota grid's column): "AM", "PM" or "EVE"."""
    if shift == MDT_SHIFT:
        return Session.PM.value
    return shift.removeprefix("SAT-").removesuffix(REMOTE)


def is_remote(shift: str) -> bool:
    return shift.endswith(REMOTE)


def shift_types(scenario: Scenario) -> tuple[ShiftType, ...]:
    """Each session at its clock times, weekday morning and afternoon sessions holding no room, and
    the MDT (the MDT weekday's afternoon, at the hub)."""
    types = []
    for time in scenario.session_times:
        day = "Saturday " if time.saturday else ""
        types.append(ShiftType(id=shift_id(time.session, time.saturday),
                               name=f"{day}{SESSION_WORDS[time.session].lower()} {time.label}",
                               start_minute=time.start_minute, length_minutes=time.minutes))
    for session in (Session.AM, Session.PM):
        time = scenario.session_time(session, saturday=False)
        types.append(ShiftType(id=remote_id(session), name=f"{SESSION_WORDS[session].lower()} {time.label}: "
                               "telephone, video or visits (no clinical room)", start_minute=time.start_minute,
                               length_minutes=time.minutes, uses_room=False))
    pm = scenario.session_time(Session.PM, saturday=False)
    types.append(ShiftType(id=MDT_SHIFT, name=f"MDT meeting and admin {pm.label}, at the hub",
                           start_minute=pm.start_minute, length_minutes=pm.minutes, clinical=False))
    return tuple(types)


@dataclass(frozen=True)
class RotaPerson:
    """Who a rota line is: a named member of staff or a placeholder post from the mix."""

    staff_id: str
    name: str
    role: str
    home_practice: str | None
    sessions_per_week: int
    vacancy: bool


@dataclass(frozen=True)
class PchRota:
    """The engine problem plus what the plan needs to show it in PCH terms."""

    problem: Problem
    people: tuple[RotaPerson, ...]
    dates: tuple[dt.date, ...]

    def person(self, staff_id: str) -> RotaPerson:
        return next(p for p in self.people if p.staff_id == staff_id)


def check_contracts(built: PchRota) -> list[str]:
    """Before solving: each person's contracted minutes must fit the sessions they can work at all.

    Says in the planner's words what a solver would only call infeasible.
    """
    return [reason for _, reason in contract_problems(built)]


def contract_problems(built: PchRota) -> list[tuple[str, str]]:
    """(staff id, why) for each person whose contract cannot be worked (see ``check_contracts``)."""
    problem = built.problem
    reasons: list[tuple[str, str]] = []
    for staff, person in zip(problem.staff, built.people, strict=True):
        needed = staff.contract.min_minutes or 0
        possible = _workable_minutes(problem, staff, supervised=False)
        supervised = any(rule.applies_to(staff) for rule in problem.supervision)
        with_supervisor = _workable_minutes(problem, staff, supervised=True) if supervised else possible
        if with_supervisor < needed:
            weeks = problem.num_weeks
            leave = f" after {len(staff.leave_days)} day(s) of leave" if staff.leave_days else ""
            why = "(practice opening, never-works sessions, evenings/Saturdays and the daily limit)"
            if possible >= needed:
                possible = with_supervisor
                words = " or ".join(r.supervisor_words for r in problem.supervision if r.applies_to(staff))
                why = f"with {words} able to be on site (their leave, opening and never-works sessions)"
            reasons.append((person.staff_id,
                            f"{person.name} ({person.role}): contracted {person.sessions_per_week} sessions a week, "
                            f"at least {_hours(needed)} over the {weeks}-week rota{leave}, but only "
                            f"{_hours(possible)} can be worked {why}"))
    return reasons


def _hours(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes % 60 else f"{minutes // 60} h"


def _workable_minutes(problem: Problem, staff: Staff, supervised: bool) -> int:
    """Most minutes ``staff`` could work over the rota: each day its longest workable sessions that
    do not overlap (up to the daily limit), each week its longest days up to the weekly session cap."""
    possible = 0
    for week in range(problem.num_weeks):
        days = []
        for day in problem.week_days(week):
            by_start: dict[int | None, int] = {}
            for shift in problem.shift_types:
                if problem.can_work(staff, day, shift) and (
                        not supervised or problem.supervisor_could_be_on_site(staff, day, shift)):
                    by_start[shift.start_minute] = max(by_start.get(shift.start_minute, 0), shift.length_minutes)
            days += sorted(by_start.values(), reverse=True)[:staff.contract.max_shifts_per_day]
        cap = staff.contract.max_sessions_per_week
        possible += sum(sorted(days, reverse=True)[:cap])
    return possible


def vacancy_posts(scenario: Scenario, care_model: CareModel, planned_fte: Mapping[str, float],
                  need: Mapping[str, Mapping[str, float]] | None = None) -> list[RotaPerson]:
    """Posts the mix plans beyond the named staff, in whole sessions, at most one FTE each, each with
    a home practice (see :func:`post_homes`)."""
    posts: list[RotaPerson] = []
    for role, fte in planned_fte.items():
        per_fte = int(round(care_model.roles[role].sessions_per_fte.value))
        planned = int(round(fte * per_fte))
        named = sum(s.sessions_per_week for s in scenario.staff if s.role == role)
        sizes = []
        extra = planned - named
        while extra > 0:
            sizes.append(min(per_fte, extra))
            extra -= sizes[-1]
        homes = post_homes(scenario, role, planned, sizes, (need or {}).get(role))
        label = care_model.roles[role].name
        for number, (size, home) in enumerate(zip(sizes, homes, strict=True), start=1):
            unit = "session" if size == 1 else "sessions"
            posts.append(RotaPerson(staff_id=f"VAC-{role}-{number}", name=f"{label} vacancy {number} "
                                    f"({size} {unit}, {home})", role=role, home_practice=home,
                                    sessions_per_week=size, vacancy=True))
    return posts


def post_homes(scenario: Scenario, role: str, planned_sessions: int, sizes: list[int],
               need: Mapping[str, float] | None) -> list[str]:
    """A home practice for each post: the role's planned sessions are shared over the practices by
    need (``plan.post_homes``: the Cover sheet's minimums, else its patients' contacts; list size when
    there is no need to go by), named staff fill their
    own practice's share first, and each post, largest first, goes where most share is unfilled
    (ties to the first practice in the scenario's order). Nobody is recruited to six practices."""
    codes = [p.code for p in scenario.practices]
    weights = {code: max(0.0, (need or {}).get(code, 0.0)) for code in codes}
    if sum(weights.values()) <= 0:
        weights = {p.code: float(p.list_size) for p in scenario.practices}
    total = sum(weights.values()) or 1.0
    unfilled = {code: planned_sessions * weights[code] / total for code in codes}
    for member in scenario.staff:
        if member.role == role and member.home_practice in unfilled:
            unfilled[member.home_practice] -= member.sessions_per_week
    homes = [""] * len(sizes)
    for index in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        home = max(codes, key=lambda code: (unfilled[code], -codes.index(code)))
        homes[index] = home
        unfilled[home] -= sizes[index]
    return homes


def build_pch_rota(scenario: Scenario, care_model: CareModel, policy: RotaPolicy,
                   planned_fte: Mapping[str, float] | None = None, weeks: int | None = None,
                   room_shares: Mapping[str, float] | None = None,
                   need: Mapping[str, Mapping[str, float]] | None = None,
                   history: History | None = None) -> PchRota:
    """Translate the site into the general rostering problem.

    ``room_shares`` is each role's share of its clinical hours in a clinical room (the mix's
    ``RoleMix.room_share``); without it every clinical session holds a room. ``need`` is each role's
    work by practice (``plan.post_homes.role_need_by_practice``), which gives planned posts a home.
    ``history`` is each person's evenings and Saturdays in the previous rota period, which the
    fairness groups count (see :class:`FairnessGroup`).
    """
    weeks = weeks or scenario.site.rota_weeks
    horizon = 7 * weeks
    start = scenario.site.plan_start
    dates = tuple(start + dt.timedelta(days=d) for d in range(horizon))
    hub = next(p.code for p in scenario.practices if p.is_hub)
    people = [RotaPerson(s.staff_id, s.name, s.role, s.home_practice, s.sessions_per_week, False)
              for s in scenario.staff]
    if planned_fte:
        people += vacancy_posts(scenario, care_model, planned_fte, need)
    members = {s.staff_id: s for s in scenario.staff}
    types = shift_types(scenario)
    supervision = tuple(_supervision(care_model, {p.role for p in people}, types))
    supervised = {role for rule in supervision for role in rule.supervised}
    terms = _StaffTerms(policy, dates, types, care_model, dict(room_shares or {}), supervised)
    staff = tuple(terms.staff(person, members.get(person.staff_id)) for person in people)
    successions = [ForbiddenSuccession(shift_id=evening, next_shift_id=morning)
                   for evening in (t.id for t in types if grid_session(t.id) == Session.EVENING.value)
                   for morning in (t.id for t in types if grid_session(t.id) == Session.AM.value)]
    problem = Problem(
        horizon_days=horizon,
        start_date=start,
        shift_types=types,
        locations=tuple(_location(p.code, p.name, scenario, policy, hub) for p in scenario.practices),
        skills=frozenset(skill for s in staff for skill in s.skills),
        staff=staff,
        forbidden_successions=tuple(successions) if policy.no_am_after_evening else (),
        cover=tuple(_cover(scenario, policy, hub, dates, {p.role for p in people}, types)
                    + access_cover(scenario, care_model, policy, dates)),
        requests=tuple(_requests(scenario, policy, dates)),
        fairness_groups=tuple(_fairness(people, members, policy, history)),
        supervision=supervision,
        away_from_home_weight=round(policy.weight_away_from_home),
        overbooked_room_weight=round(policy.weight_overbooked_room),
    )
    return PchRota(problem=problem, people=tuple(people), dates=dates)


def _location(code: str, name: str, scenario: Scenario, policy: RotaPolicy, hub: str) -> Location:
    """A practice is open for the sessions its opening pattern lists (weekday mornings and afternoons
    also for work that needs no room), with its clinical rooms; the hub also hosts the MDT."""
    practice = scenario.practice(code)
    slots = set()
    for slot in practice.opening:
        saturday = slot.weekday.index == SATURDAY
        slots.add((slot.weekday.index, shift_id(slot.session, saturday)))
        if not saturday and slot.session in (Session.AM, Session.PM):
            slots.add((slot.weekday.index, remote_id(slot.session)))
    if code == hub:
        slots.add((policy.mdt_weekday - 1, MDT_SHIFT))
    return Location(id=code, name=name, open_slots=frozenset(slots), rooms=practice.clinical_rooms)


def _leave_days(member: StaffMember | None, dates: tuple[dt.date, ...]) -> set[int]:
    if member is None:
        return set()
    leave = {day for period in member.leave for day in period.days()}
    return {index for index, date in enumerate(dates) if date in leave}


@dataclass(frozen=True)
class _StaffTerms:
    """What turns a rota line into an engine member of staff: contract minutes, unavailability,
    the skills the access contract counts, and the share of sessions that may hold no room."""

    policy: RotaPolicy
    dates: tuple[dt.date, ...]
    types: tuple[ShiftType, ...]
    care_model: CareModel
    room_shares: dict[str, float]
    supervised: set[str]

    def staff(self, person: RotaPerson, member: StaffMember | None) -> Staff:
        leave = _leave_days(member, self.dates)
        weeks = len(self.dates) // 7
        weekly = person.sessions_per_week * SESSION_MINUTES
        leave_weekdays = sum(1 for d in leave if self.dates[d].weekday() < 5)
        total = max(0, weekly * weeks - round(weekly * leave_weekdays / 5))
        # Whole sessions of 5 h or 5 h 30 min cannot always come within half an hour a week of a short
        # contract over a short rota: half the longest session is always reachable.
        longest = max(t.length_minutes for t in self.types if t.clinical)
        tolerance = max(CONTRACT_TOLERANCE_MINUTES_PER_WEEK * weeks, longest // 2)
        share = 1.0 if person.role in self.supervised else self.room_shares.get(person.role, 1.0)
        remote = self._remote_caps(share, total)
        return Staff(
            id=person.staff_id,
            name=person.name,
            skills=frozenset({person.role} | self._access_skills(person.role)),
            home_location=person.home_practice,
            contract=Contract(
                max_sessions_per_week=person.sessions_per_week,
                min_minutes=max(0, total - tolerance) if total else 0,
                max_minutes=total + tolerance if total else 0,
                max_shifts_per_day=self.policy.max_sessions_per_day,
                max_consecutive_days=self.policy.max_consecutive_days,
                max_weekends=self.policy.max_saturdays,
                max_shifts_per_type=remote,
            ),
            unavailable_shifts=frozenset(self._unavailable(member)),
            leave_days=frozenset(leave),
            needs_room=share > 1e-6,
        )

    def _remote_caps(self, room_share: float, total_minutes: int) -> dict[str, int]:
        """At most the role's share of hours outside a room, in weekday sessions, split between
        mornings and afternoons (none when the role works all in rooms, or holds none: then it needs
        no room at all and works ordinary sessions)."""
        remote = [t for t in self.types if is_remote(t.id)]
        if room_share >= FULL_ROOM_SHARE or room_share <= 1e-6:
            return {t.id: 0 for t in remote}
        typical = sum(t.length_minutes for t in remote) / len(remote)
        sessions = int((1 - room_share) * total_minutes / typical)
        return {t.id: (sessions + i) // len(remote) for i, t in enumerate(remote)}

    def _access_skills(self, role: str) -> set[str]:
        access = self.care_model.access
        if access is None:
            return set()
        return ({ENHANCED_ACCESS} if role in access.enhanced_access_roles else set()) | (
            {DUTY_CLINICIAN} if role in access.duty_clinician_roles else set())

    def _unavailable(self, member: StaffMember | None) -> set[DayShift]:
        unavailable: set[DayShift] = set()
        if member is None:
            return unavailable
        for index, date in enumerate(self.dates):
            weekday = date.weekday()
            for shift in self.types:
                session = grid_session(shift.id)
                if ((not member.works_evenings and session == Session.EVENING.value)
                        or (weekday == SATURDAY and not member.works_saturdays)
                        or any(slot.weekday.index == weekday and slot.session.value == session
                               for slot in member.unavailable)):
                    unavailable.add(DayShift(day=index, shift_id=shift.id))
        return unavailable


def _cover(scenario: Scenario, policy: RotaPolicy, hub: str, dates: tuple[dt.date, ...],
           roles: set[str], types: tuple[ShiftType, ...]) -> list[CoverRequirement]:
    lines = []
    for index, date in enumerate(dates):
        for rule in scenario.cover_rules:
            if rule.weekday.index == date.weekday() and rule.minimum > 0:
                lines.append(CoverRequirement(
                    day=index, shift_id=shift_id(rule.session, date.weekday() == SATURDAY),
                    location_id=rule.practice, skill=rule.role,
                    minimum=rule.minimum, weight_under=round(policy.weight_uncovered_session),
                    weight_over=round(policy.weight_over_cover)))
        if date.weekday() == policy.mdt_weekday - 1:
            lines += [CoverRequirement(day=index, shift_id=MDT_SHIFT, location_id=hub, skill=role, minimum=1,
                                       weight_under=round(policy.weight_missed_mdt), weight_over=0)
                      for role in MDT_CORE_ROLES if role in roles]
    return lines


def access_cover(scenario: Scenario, care_model: CareModel, policy: RotaPolicy,
                 dates: tuple[dt.date, ...]) -> list[CoverRequirement]:
    """The access contract as cover lines: a duty clinician in every open weekday session inside core
    hours, and enough enhanced-access clinicians in the Network Standard Hours sessions for the
    required minutes a week, each session's minimum in proportion to its rooms x minutes inside the
    windows (``enhanced_access_slots``)."""
    if care_model.access is None:
        return []
    weight = round(policy.weight_uncovered_session)
    core = care_model.access.core_hours
    lines = []
    minimums = {(weekday, practice, shift): people
                for weekday, practice, shift, _, people in enhanced_access_slots(scenario, care_model)}
    for index, date in enumerate(dates):
        weekday = date.weekday()
        for practice in scenario.practices:
            for slot in practice.opening:
                if slot.weekday.index != weekday:
                    continue
                saturday = weekday == SATURDAY
                time = scenario.session_time(slot.session, saturday)
                shift = shift_id(slot.session, saturday)
                if not saturday and minutes_overlap((time.start_minute, time.end_minute),
                                                    (core.start_minute, core.end_minute)) > 0:
                    lines.append(CoverRequirement(day=index, shift_id=shift, location_id=practice.code,
                                                  skill=DUTY_CLINICIAN, minimum=1, weight_under=weight,
                                                  weight_over=0))
                people = minimums.get((weekday, practice.code, shift), 0)
                if people:
                    lines.append(CoverRequirement(day=index, shift_id=shift, location_id=practice.code,
                                                  skill=ENHANCED_ACCESS, minimum=people, weight_under=weight,
                                                  weight_over=0))
    return lines


def enhanced_access_slots(scenario: Scenario, care_model: CareModel) -> list[tuple[int, str, str, int, int]]:
    """(weekday, practice, shift id, minutes inside the Network Standard Hours, clinicians wanted) for
    every open session with minutes in the windows and rooms to hold them. Clinicians wanted: the
    required minutes a week spread over the rooms x minutes in the windows, rounded up per session, at
    most the rooms."""
    access = care_model.access
    if access is None:
        return []
    required = access.required_enhanced_access_minutes_per_week(weighted_list(scenario)[0])
    slots = [s for s in window_sessions(scenario, access) if s.rooms > 0]
    capacity = sum(s.minutes_inside * s.rooms for s in slots)
    fill = min(1.0, required / capacity) if capacity else 0.0
    return [(s.weekday, s.practice, shift_id(s.time.session, s.time.saturday), s.minutes_inside,
             min(s.rooms, math.ceil(fill * s.rooms - 1e-9))) for s in slots]


def _requests(scenario: Scenario, policy: RotaPolicy, dates: tuple[dt.date, ...]) -> list[ShiftRequest]:
    """A session asked off is asked off whether it holds a room or not."""
    weight = round(policy.weight_preferred_off)
    requests = []
    for member in scenario.staff:
        for slot in member.preferred_off:
            for index, date in enumerate(dates):
                if date.weekday() != slot.weekday.index:
                    continue
                saturday = date.weekday() == SATURDAY
                ids = [shift_id(slot.session, saturday)]
                if not saturday and slot.session in (Session.AM, Session.PM):
                    ids.append(remote_id(slot.session))
                requests += [ShiftRequest(staff_id=member.staff_id, day=index, shift_id=i, kind="off", weight=weight)
                             for i in ids]
    return requests


def counts_as(kind: str, weekday: int, shift: str) -> bool:
    """Whether a session of ``shift`` on ``weekday`` (0 = Monday) counts toward ``kind`` ("evenings"
    or "saturdays"): the fairness groups' own test, for a previous period's rota too."""
    return _kind_test(kind).counts(weekday, shift)


@functools.cache
def _kind_test(kind: str) -> FairnessGroup:
    return FairnessGroup(id=kind, staff_ids=(), **UNSOCIAL_SESSIONS[kind])


def unsocial_groups(problem: Problem) -> Iterator[tuple[str, FairnessGroup]]:
    """(kind, group) for each evenings or Saturdays fairness group of two or more (:func:`_fairness`)."""
    for group in problem.fairness_groups:
        kind = group.id.split("/", 1)[0]
        if kind in UNSOCIAL_KINDS and len(group.staff_ids) >= 2:
            yield kind, group


def worked_last_period(problem: Problem) -> dict[tuple[str, str], int] | None:
    """(kind, staff id) -> sessions of that kind the group member worked in the previous period; None
    when the plan counts no previous period."""
    groups = list(unsocial_groups(problem))
    if not any(group.history is not None for _, group in groups):
        return None
    return {(kind, staff_id): n for kind, group in groups for staff_id, n in group.history_of().items()}


def _fairness(people: list[RotaPerson], members: dict[str, StaffMember], policy: RotaPolicy,
              history: History | None = None) -> list[FairnessGroup]:
    """Within a role, those willing share evenings, and Saturdays, pro rata to their contracted
    sessions a week (a 4-session GP does half the evenings of an 8-session one). With ``history``,
    each member's sessions of the kind in the previous period count too (0 for someone not in it)."""
    groups = []
    weight = round(policy.weight_unfair_evenings)
    sessions = {p.staff_id: max(1, p.sessions_per_week) for p in people}
    flags = {"evenings": "works_evenings", "saturdays": "works_saturdays"}
    for role in sorted({p.role for p in people}):
        for kind in UNSOCIAL_KINDS:
            willing = tuple(p.staff_id for p in people if p.role == role
                            and (p.vacancy or getattr(members[p.staff_id], flags[kind])))
            if len(willing) < 2:
                continue
            before = None if history is None else tuple(history.get(kind, {}).get(s, 0) for s in willing)
            groups.append(FairnessGroup(id=f"{kind}/{role}", staff_ids=willing, weight=weight,
                                        shares=tuple(sessions[s] for s in willing), history=before,
                                        **UNSOCIAL_SESSIONS[kind]))
    return groups


def _supervision(care_model: CareModel, roles: set[str], types: tuple[ShiftType, ...]) -> list[SupervisorOnSite]:
    """On-the-day supervision on site, for each rostered role whose care-model supervision says
    ``on_site``: its supervisors are the roles in ``by`` and every role that delivers as one (never
    the role itself: a role that delivers as its own supervisor still needs one)."""
    rules = []
    for role_id in sorted(roles):
        spec = care_model.roles.get(role_id)
        if spec is None or spec.supervision is None or not spec.supervision.on_site:
            continue
        by = spec.supervision.by
        supervisors = {r for r, other in care_model.roles.items() if r in by or other.delivers_as in by} - {role_id}
        if not supervisors:  # supervised only by itself: the care model's checks should refuse it
            continue
        names = " or ".join(care_model.roles[r].name if r in care_model.roles else r for r in by)
        rules.append(SupervisorOnSite(id=f"supervision/{role_id}", supervised=frozenset({role_id}),
                                      by=frozenset(supervisors),
                                      shift_ids=frozenset(t.id for t in types if t.holds_room),
                                      name=f"a supervisor ({names})"))
    return rules

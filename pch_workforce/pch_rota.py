"""The PCH front end of the rota engine: a site scenario (and the mix's planned posts) → a rota problem.

Named staff are rostered as they are; posts the mix adds beyond the named staff become
placeholder posts ("GP vacancy 1, 9 sessions"), so the rota also shows whether the planned
team can cover the sessions.

Modelling choices, each a judgement call stated once here:
- Every session (AM, PM, evening, Saturday morning, the MDT-and-admin session) counts as one
  contracted session of 4 h 10 min, the BMA model-contract session; the evening's clock times
  follow the Network standard hours (18:30-20:00) but it is paid as a session.
- The weekly MDT meeting is held at the hub in the afternoon of the MDT weekday, as the
  afternoon's session; each core role must be represented (a soft rule, weighted by
  ``weight_missed_mdt``), so clinics are not emptied for it.
- Every clinical session (AM, PM, evening) needs one of the practice's clinical rooms; people
  beyond the rooms in one session are overbooked (a soft rule, weighted by
  ``weight_overbooked_room``), so the rota spreads the team over the practices and sessions
  with a free room, and shows where the estate, not the team, is short.
- A role the care model says needs on-the-day supervision on site (``supervision.on_site``)
  works a clinical session at a practice only when one of its supervising roles (or a role that
  delivers as one, e.g. an ARRS GP as a GP) works that session there: a hard rule. Vacancy posts
  of the role are held to it too; the MDT meeting is not a clinical session.
- Leave is credited pro rata: a weekday of leave is one fifth of the weekly contract, rounded
  to whole sessions over the rota.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

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
from pch_workforce.scenario.model import Scenario, Session, StaffMember

SESSION_MINUTES = 250  # 4 h 10 min: BMA model contract, 9 sessions in 37.5 h
MDT_SHIFT = "MDT"
SATURDAY = 5
SHIFT_TYPES = (
    ShiftType(id=Session.AM.value, name="Morning session", start_minute=8 * 60 + 30, length_minutes=SESSION_MINUTES),
    ShiftType(id=Session.PM.value, name="Afternoon session", start_minute=13 * 60 + 30,
              length_minutes=SESSION_MINUTES),
    ShiftType(id=Session.EVENING.value, name="Evening session (18:30-20:00, paid as a session)",
              start_minute=18 * 60 + 30, length_minutes=SESSION_MINUTES),
    ShiftType(id=MDT_SHIFT, name="MDT meeting and admin (afternoon, at the hub)", start_minute=13 * 60 + 30,
              length_minutes=SESSION_MINUTES, clinical=False),
)
CLINICAL_SESSIONS = frozenset(s.id for s in SHIFT_TYPES if s.clinical)
# Judgement call: the roles whose view a PCH multidisciplinary team meeting needs each week
# (medical, nursing, medicines, community nursing, mental health, social care, coordination).
MDT_CORE_ROLES = (
    "gp", "practice_nurse", "advanced_nurse_practitioner", "clinical_pharmacist", "district_nurse",
    "mental_health_practitioner", "social_worker", "care_coordinator", "social_prescribing_link_worker",
)


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
    """Before solving: each person's contracted sessions must fit the sessions they can work at all.

    Says in the planner's words what a solver would only call infeasible.
    """
    return [reason for _, reason in contract_problems(built)]


def contract_problems(built: PchRota) -> list[tuple[str, str]]:
    """(staff id, why) for each person whose contract cannot be worked (see ``check_contracts``)."""
    problem = built.problem
    reasons: list[tuple[str, str]] = []
    for staff, person in zip(problem.staff, built.people, strict=True):
        needed = (staff.contract.min_minutes or 0) // SESSION_MINUTES
        possible = _workable_sessions(problem, staff, supervised=False)
        supervised = any(rule.applies_to(staff) for rule in problem.supervision)
        with_supervisor = _workable_sessions(problem, staff, supervised=True) if supervised else possible
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
                            f"{needed} over the {weeks}-week rota{leave}, but only {possible} can be worked {why}"))
    return reasons


def _workable_sessions(problem: Problem, staff: Staff, supervised: bool) -> int:
    """Sessions ``staff`` could work over the rota, week by week within their weekly contract."""
    possible = 0
    for week in range(problem.num_weeks):
        week_cap = problem.week_capacity(staff, week, supervised)
        possible += min(week_cap, staff.contract.max_sessions_per_week or week_cap)
    return possible


def vacancy_posts(scenario: Scenario, care_model: CareModel,
                  planned_fte: Mapping[str, float]) -> list[RotaPerson]:
    """Posts the mix plans beyond the named staff, in whole sessions, at most one FTE each."""
    posts: list[RotaPerson] = []
    for role, fte in planned_fte.items():
        per_fte = int(round(care_model.roles[role].sessions_per_fte.value))
        planned = int(round(fte * per_fte))
        named = sum(s.sessions_per_week for s in scenario.staff if s.role == role)
        extra = planned - named
        number = 0
        while extra > 0:
            number += 1
            size = min(per_fte, extra)
            label = care_model.roles[role].name
            unit = "session" if size == 1 else "sessions"
            posts.append(RotaPerson(staff_id=f"VAC-{role}-{number}", name=f"{label} vacancy {number} "
                                    f"({size} {unit})", role=role, home_practice=None,
                                    sessions_per_week=size, vacancy=True))
            extra -= size
    return posts


def build_pch_rota(scenario: Scenario, care_model: CareModel, policy: RotaPolicy,
                   planned_fte: Mapping[str, float] | None = None, weeks: int | None = None) -> PchRota:
    """Translate the site into the general rostering problem."""
    weeks = weeks or scenario.site.rota_weeks
    horizon = 7 * weeks
    start = scenario.site.plan_start
    dates = tuple(start + dt.timedelta(days=d) for d in range(horizon))
    hub = next(p.code for p in scenario.practices if p.is_hub)
    people = [RotaPerson(s.staff_id, s.name, s.role, s.home_practice, s.sessions_per_week, False)
              for s in scenario.staff]
    if planned_fte:
        people += vacancy_posts(scenario, care_model, planned_fte)
    members = {s.staff_id: s for s in scenario.staff}
    staff = tuple(_engine_staff(person, members.get(person.staff_id), policy, dates) for person in people)
    problem = Problem(
        horizon_days=horizon,
        start_date=start,
        shift_types=SHIFT_TYPES,
        locations=tuple(_location(p.code, p.name, scenario, policy, hub) for p in scenario.practices),
        skills=frozenset(p.role for p in people),
        staff=staff,
        forbidden_successions=(ForbiddenSuccession(shift_id=Session.EVENING.value, next_shift_id=Session.AM.value),)
        if policy.no_am_after_evening else (),
        cover=tuple(_cover(scenario, policy, hub, dates, {p.role for p in people})),
        requests=tuple(_requests(scenario, policy, dates)),
        fairness_groups=tuple(_fairness(people, members, policy)),
        supervision=tuple(_supervision(care_model, {p.role for p in people})),
        away_from_home_weight=round(policy.weight_away_from_home),
        overbooked_room_weight=round(policy.weight_overbooked_room),
    )
    return PchRota(problem=problem, people=tuple(people), dates=dates)


def _location(code: str, name: str, scenario: Scenario, policy: RotaPolicy, hub: str) -> Location:
    """A practice is open for the sessions its opening pattern lists, with its clinical rooms;
    the hub also hosts the MDT."""
    practice = scenario.practice(code)
    slots = {(slot.weekday.index, slot.session.value) for slot in practice.opening}
    if code == hub:
        slots.add((policy.mdt_weekday - 1, MDT_SHIFT))
    return Location(id=code, name=name, open_slots=frozenset(slots), rooms=practice.clinical_rooms)


def _leave_days(member: StaffMember | None, dates: tuple[dt.date, ...]) -> set[int]:
    if member is None:
        return set()
    leave = {day for period in member.leave for day in period.days()}
    return {index for index, date in enumerate(dates) if date in leave}


def _engine_staff(person: RotaPerson, member: StaffMember | None, policy: RotaPolicy,
                  dates: tuple[dt.date, ...]) -> Staff:
    leave = _leave_days(member, dates)
    weeks = len(dates) // 7
    leave_weekdays = sum(1 for d in leave if dates[d].weekday() < 5)
    credit = round(person.sessions_per_week * leave_weekdays / 5)
    total = max(0, person.sessions_per_week * weeks - credit)
    unavailable: set[DayShift] = set()
    for index, date in enumerate(dates):
        weekday = date.weekday()
        if member is not None and not member.works_evenings:
            unavailable.add(DayShift(day=index, shift_id=Session.EVENING.value))
        if member is not None and weekday == SATURDAY and not member.works_saturdays:
            unavailable.update(DayShift(day=index, shift_id=s.id) for s in SHIFT_TYPES)
        for slot in (member.unavailable if member is not None else ()):
            if slot.weekday.index == weekday:
                unavailable.add(DayShift(day=index, shift_id=slot.session.value))
                if slot.session is Session.PM:
                    unavailable.add(DayShift(day=index, shift_id=MDT_SHIFT))
    return Staff(
        id=person.staff_id,
        name=person.name,
        skills=frozenset({person.role}),
        home_location=person.home_practice,
        contract=Contract(
            max_sessions_per_week=person.sessions_per_week,
            min_minutes=total * SESSION_MINUTES,
            max_minutes=total * SESSION_MINUTES,
            max_shifts_per_day=policy.max_sessions_per_day,
            max_consecutive_days=policy.max_consecutive_days,
            max_weekends=policy.max_saturdays,
        ),
        unavailable_shifts=frozenset(unavailable),
        leave_days=frozenset(leave),
    )


def _cover(scenario: Scenario, policy: RotaPolicy, hub: str, dates: tuple[dt.date, ...],
           roles: set[str]) -> list[CoverRequirement]:
    lines = []
    for index, date in enumerate(dates):
        for rule in scenario.cover_rules:
            if rule.weekday.index == date.weekday() and rule.minimum > 0:
                lines.append(CoverRequirement(
                    day=index, shift_id=rule.session.value, location_id=rule.practice, skill=rule.role,
                    minimum=rule.minimum, weight_under=round(policy.weight_uncovered_session),
                    weight_over=round(policy.weight_over_cover)))
        if date.weekday() == policy.mdt_weekday - 1:
            lines += [CoverRequirement(day=index, shift_id=MDT_SHIFT, location_id=hub, skill=role, minimum=1,
                                       weight_under=round(policy.weight_missed_mdt), weight_over=0)
                      for role in MDT_CORE_ROLES if role in roles]
    return lines


def _requests(scenario: Scenario, policy: RotaPolicy, dates: tuple[dt.date, ...]) -> list[ShiftRequest]:
    weight = round(policy.weight_preferred_off)
    requests = []
    for member in scenario.staff:
        for slot in member.preferred_off:
            requests += [ShiftRequest(staff_id=member.staff_id, day=index, shift_id=slot.session.value, kind="off",
                                      weight=weight)
                         for index, date in enumerate(dates) if date.weekday() == slot.weekday.index]
    return requests


def _fairness(people: list[RotaPerson], members: dict[str, StaffMember],
              policy: RotaPolicy) -> list[FairnessGroup]:
    """Within a role, those willing share evenings, and Saturdays, pro rata to their contracted
    sessions a week (a 4-session GP does half the evenings of an 8-session one)."""
    groups = []
    weight = round(policy.weight_unfair_evenings)
    sessions = {p.staff_id: max(1, p.sessions_per_week) for p in people}
    for role in sorted({p.role for p in people}):
        def willing(flag: str, role: str = role) -> tuple[str, ...]:
            return tuple(p.staff_id for p in people if p.role == role
                         and (p.vacancy or getattr(members[p.staff_id], flag)))
        evenings, saturdays = willing("works_evenings"), willing("works_saturdays")
        if len(evenings) > 1:
            groups.append(FairnessGroup(id=f"evenings/{role}", staff_ids=evenings,
                                        shift_ids=frozenset({Session.EVENING.value}), weight=weight,
                                        shares=tuple(sessions[s] for s in evenings)))
        if len(saturdays) > 1:
            groups.append(FairnessGroup(id=f"saturdays/{role}", staff_ids=saturdays,
                                        weekdays=frozenset({SATURDAY}), weight=weight,
                                        shares=tuple(sessions[s] for s in saturdays)))
    return groups


def _supervision(care_model: CareModel, roles: set[str]) -> list[SupervisorOnSite]:
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
                                      by=frozenset(supervisors), shift_ids=CLINICAL_SESSIONS,
                                      name=f"a supervisor ({names})"))
    return rules

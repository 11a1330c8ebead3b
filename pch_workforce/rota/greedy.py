"""A quick greedy rota, used as a CP-SAT solution hint.

Day by day, it fills cover lines (highest shortfall weight first) with the staff member furthest
below their contract, skipping anyone an upper-limit rule would stop (leave, skills, sessions a
day, successions, consecutive days, weekends, per-type and contract maxima). Minimum rules are
not guaranteed: the hint only has to be a good start, CP-SAT repairs the rest.
"""

from __future__ import annotations

from collections import defaultdict

from pch_workforce.rota.problem import Assignment, Problem, Rota, ShiftType, Staff


class _State:
    def __init__(self, p: Problem) -> None:
        self.p = p
        self.day_shifts: dict[tuple[str, int], set[str]] = defaultdict(set)
        self.per_type: dict[tuple[str, str], int] = defaultdict(int)
        self.week_sessions: dict[tuple[str, int], int] = defaultdict(int)
        self.minutes: dict[str, int] = defaultdict(int)
        self.weekends: dict[str, set[int]] = defaultdict(set)
        self.succ = {(r.shift_id, r.next_shift_id) for r in p.forbidden_successions}
        self.same_day = p.same_day_conflicts()

    def allowed(self, s: Staff, day: int, shift: ShiftType) -> bool:
        p, c = self.p, s.contract
        today = self.day_shifts[s.id, day]
        if shift.id in today or len(today) >= c.max_shifts_per_day or not p.can_work(s, day, shift):
            return False
        if any(frozenset((shift.id, t)) in self.same_day for t in today):
            return False
        if any((t, shift.id) in self.succ for t in self.day_shifts[s.id, day - 1]):
            return False
        if c.max_shifts_per_type.get(shift.id, 10**9) <= self.per_type[s.id, shift.id]:
            return False
        if c.max_sessions_per_week is not None:
            leave = sum(1 for d in p.week_days(day // 7) if d in s.leave_days)
            used = self.week_sessions[s.id, day // 7] + leave * c.leave_credit_sessions
            if used >= c.max_sessions_per_week:
                return False
        if c.max_minutes is not None:
            credit = len(s.leave_days) * c.leave_credit_minutes
            if self.minutes[s.id] + credit + shift.length_minutes > c.max_minutes:
                return False
        if not today and c.max_consecutive_days is not None:
            run = 0
            while day - run - 1 >= 0 and self.day_shifts[s.id, day - run - 1]:
                run += 1
            if run + 1 > c.max_consecutive_days:
                return False
        if day % 7 >= 5 and c.max_weekends is not None:
            week = day // 7
            if week not in self.weekends[s.id] and len(self.weekends[s.id]) >= c.max_weekends:
                return False
        return True

    def assign(self, s: Staff, day: int, shift: ShiftType) -> None:
        self.day_shifts[s.id, day].add(shift.id)
        self.per_type[s.id, shift.id] += 1
        self.week_sessions[s.id, day // 7] += 1
        self.minutes[s.id] += shift.length_minutes
        if day % 7 >= 5:
            self.weekends[s.id].add(day // 7)

    def hunger(self, s: Staff) -> int:
        """How far below the contract minimum ``s`` still is (larger: pick first)."""
        c = s.contract
        need = (c.min_minutes or c.max_minutes or 0) - self.minutes[s.id]
        return need


def greedy_rota(problem: Problem) -> Rota:
    """A fast, usually-feasible rota for hinting the solver."""
    p = problem
    state = _State(p)
    out: list[Assignment] = []
    by_day = defaultdict(list)
    for req in p.cover:
        by_day[req.day].append(req)
    for day in p.days:
        for req in sorted(by_day[day], key=lambda r: (-r.weight_under, r.shift_id, r.location_id)):
            shift = p.shift_by_id[req.shift_id]
            have = sum(
                1
                for a in out
                if a.day == day and a.shift_id == req.shift_id and a.location_id == req.location_id
                and (req.skill is None or req.skill in p.staff_by_id[a.staff_id].skills)
            )
            candidates = [
                s
                for s in p.staff
                if (req.skill is None or req.skill in s.skills)
                and req.location_id in p.staff_locations(s, shift, day)
                and state.allowed(s, day, shift)
            ]
            candidates.sort(key=lambda s: (s.home_location != req.location_id, -state.hunger(s), s.id))
            for s in candidates[: max(0, req.minimum - have)]:
                state.assign(s, day, shift)
                out.append(Assignment(staff_id=s.id, day=day, shift_id=shift.id, location_id=req.location_id))
    return Rota(assignments=tuple(out))


def sequential_rota(
    problem: Problem, work_per_staff: float = 0.2, seed: int = 0, passes: int = 1
) -> Rota:
    """Staff one at a time, each given their best own rota against the cover still missing;
    further passes re-plan each person against everyone else's rota (coordinate descent).
    ``work_per_staff`` is a deterministic-time limit, so the result is reproducible.

    Every hard rule concerns one person, so each small single-person solve returns a rota
    that is feasible for them; stacked up they form a feasible, usually good, start for the
    full model (which only has to improve it). Staff with no feasible rota of their own are
    left unassigned (the full solve then explains why)."""
    from ortools.sat.python import cp_model

    from pch_workforce.rota.model import BuildOptions, build_model

    assigned: dict[tuple[int, str, str, str | None], int] = defaultdict(int)
    own: dict[str, list[Assignment]] = {}
    order = sorted(problem.staff, key=lambda s: -(s.contract.min_minutes or 0))
    for round_ in range(passes):
        for staff in order:
            for a in own.pop(staff.id, []):  # take this person out, then re-plan them
                for skill in (None, *staff.skills):
                    assigned[a.day, a.shift_id, a.location_id, skill] -= 1
            sub = _single_staff_problem(problem, staff, assigned)
            bm = build_model(sub, BuildOptions(pattern_flow=False))
            solver = cp_model.CpSolver()
            solver.parameters.num_workers = 1
            solver.parameters.random_seed = seed + round_
            solver.parameters.max_deterministic_time = work_per_staff  # reproducible
            if solver.solve(bm.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                continue
            mine = [
                Assignment(staff_id=sid, day=day, shift_id=shift_id, location_id=loc)
                for (sid, day, shift_id, loc), x in bm.x.items()
                if solver.boolean_value(x)
            ]
            own[staff.id] = mine
            for a in mine:
                for skill in (None, *staff.skills):
                    assigned[a.day, a.shift_id, a.location_id, skill] += 1
    return Rota(assignments=tuple(a for s in problem.staff for a in own.get(s.id, [])))


def _single_staff_problem(p: Problem, staff: Staff, assigned: dict) -> Problem:
    """``p`` reduced to one person, with cover lowered by what others already provide."""
    cover = []
    for r in p.cover:
        if r.skill is not None and r.skill not in staff.skills:
            continue
        have = assigned[r.day, r.shift_id, r.location_id, r.skill]
        cover.append(
            r.model_copy(
                update={"minimum": max(0, r.minimum - have), "preferred": max(0, r.upper - have)}
            )
        )
    fields = {name: getattr(p, name) for name in Problem.model_fields}
    return Problem(
        **fields
        | {
            "staff": (staff,),
            "cover": tuple(cover),
            "requests": tuple(q for q in p.requests if q.staff_id == staff.id),
            "fairness_groups": (),
            "mdt_meetings": tuple(
                m.model_copy(update={"staff_ids": (staff.id,)})
                for m in p.mdt_meetings
                if staff.id in m.staff_ids
            ),
        }
    )  # built anew (not model_copy) so no cached lookup of the full problem leaks in

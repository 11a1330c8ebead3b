"""The sequential warm start: each person's best own rota against the cover still missing,
planned one person at a time and then re-planned (:func:`sequential_rota`). Every step keeps
every hard rule, so the whole-model search starts from a real rota."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from pch_workforce.rota.model import (
    BuildOptions,
    BuiltModel,
    build_model,
    penalise_cover_shortfall_and_excess,
)
from pch_workforce.rota.problem import (
    Assignment,
    CoverRequirement,
    Problem,
    Rota,
    Staff,
)


class WarmStartTimedOut(Exception):
    """The deadline passed before the first whole pass: only ``placed`` of ``total`` people
    have a rota, so there is no rota that keeps every hard rule yet."""

    def __init__(self, placed: int, total: int) -> None:
        super().__init__(f"the warm start placed {placed} of {total} people by the deadline")
        self.placed, self.total = placed, total


class WarmStartInterrupted(Exception):
    """Ctrl-C during the warm start, after at least one whole pass: ``rota`` is the last
    whole pass's rota (it keeps every hard rule), for the caller to report as it stands."""

    def __init__(self, rota: Rota) -> None:
        super().__init__("interrupted")
        self.rota = rota


def sequential_rota(
    problem: Problem,
    work_per_staff: float = 0.2,
    seed: int = 0,
    passes: int = 1,
    deadline: float | None = None,
    linearization_level: int | None = None,
    stop_improving: float | None = None,
) -> Rota:
    """Staff one at a time, each given their best own rota against the cover still missing;
    further passes re-plan each person against everyone else's rota (coordinate descent).
    ``work_per_staff`` is a deterministic-time limit, so the result is reproducible.

    Ctrl-C stops the passes (the per-person solves leave SIGINT to Python, as CP-SAT would
    otherwise take it as "stop this one person's solve" and go on to the next): before a
    whole pass it raises KeyboardInterrupt, after one :class:`WarmStartInterrupted`.

    Every hard rule but supervision on site concerns one person, so each small single-person
    solve returns a rota that is feasible for them; stacked up they form a feasible, usually
    good, start for the full model (which only has to improve it). Supervision is held
    against the others' rotas as they stand (:func:`_hold_supervision`): supervisors are
    placed first, the supervised only where a supervisor already is, and a re-planned
    supervisor stays wherever someone relies on them alone, so the rota keeps it after every
    person's step. Staff with no feasible rota of their own are left unassigned (the full
    solve then explains why); a re-plan that finds nothing in one attempt keeps the person's
    rota from the pass before (no longer limits: see :func:`_solve_person`).

    Each person's step also pays the overbooked-room weight for any session where the
    others already fill the rooms (:class:`_RoomsTaken`), so a start on a site short of rooms
    sends people to a practice with a free one where the whole model would.

    Each person's model holds only the cover lines they could count towards (see
    :func:`_reachable_cover`): a line they cannot work would only add a fixed shortfall (a
    constant) to their objective. Their model without cover is built once and copied for
    each pass (:class:`_PersonModel`). The tests check the rota equals the plain
    implementation's (every skill line, ``build_model`` per person and pass).

    With a ``deadline`` (a ``time.perf_counter()`` value; wall time, so not reproducible) the
    passes stop there: after a whole pass the rota as it stands is returned (every person's
    step keeps every hard rule), before one :class:`WarmStartTimedOut` is raised. They also
    stop after a pass that moved nobody's rota, or, after the first pass, at
    ``stop_improving``. Each person then gets one solve with ``linearization_level``, hinted
    with their rota from the pass before (so a re-plan never makes the rota worse), and, if
    that finds nothing, one search for any rota of theirs (objective dropped) up to the
    deadline. Why: on long horizons (half a year and more of Curtois-style contracts) CP-SAT's
    default single-worker search often finds no rota of a person's own at all within its
    deterministic limit, while with the LP relaxation of ``linearization_level=2``, or
    without the objective, it finds one at once."""
    assigned: dict[tuple[int, str, str, str | None], int] = defaultdict(int)
    rooms = _RoomsTaken(problem)
    own: dict[str, list[Assignment]] = {}
    order = _placing_order(problem)
    reach = _reachable_cover(problem)
    people: dict[str, _PersonModel] = {}
    lowered: dict[tuple[int, int], CoverRequirement] = {}
    whole: dict[str, list[Assignment]] | None = None  # everyone's rota after the last whole pass
    try:
        for round_ in range(passes):
            changed = False
            for staff in order:
                if deadline is not None and time.perf_counter() >= deadline:
                    if whole is None:
                        raise WarmStartTimedOut(len(own), len(order))
                    return _rota_of(problem, own)
                if whole is not None and stop_improving is not None and time.perf_counter() >= stop_improving:
                    return _rota_of(problem, own)
                previous = own.pop(staff.id, [])
                for a in previous:  # take this person out, then re-plan them
                    for skill in (None, *staff.skills):
                        assigned[a.day, a.shift_id, a.location_id, skill] -= 1
                rooms.take(staff, previous, -1)
                person = people.get(staff.id) or _PersonModel(problem, staff, reach[staff.id])
                people[staff.id] = person
                if round_ == passes - 1:
                    del people[staff.id]  # not needed again
                bm = person.with_cover(assigned, lowered, rooms.full_for(staff))
                _hold_supervision(bm, problem, staff, own)
                # with a rota from the pass before to keep, one attempt: growing the limit can cost
                # many seconds on one person of a large site, who mostly keeps their rota anyway
                attempts = 1 if previous else 4
                if deadline is None and linearization_level is None:
                    mine = _solve_person(bm, seed + round_, work_per_staff, attempts) or previous
                else:
                    mine = _solve_person_by(bm, seed + round_, work_per_staff, deadline, linearization_level, previous)
                    mine = mine or previous
                if not mine:
                    continue
                own[staff.id] = mine
                changed = changed or mine != previous
                for a in mine:
                    for skill in (None, *staff.skills):
                        assigned[a.day, a.shift_id, a.location_id, skill] += 1
                rooms.take(staff, mine, +1)
            whole = dict(own)
            if deadline is not None and not changed:
                break  # nobody's rota moved: a fixed point of the re-planning
    except KeyboardInterrupt:
        if whole is None:
            raise
        # the rota as it stood before this person's step (their rota is unchanged since the last
        # whole pass): every step keeps every hard rule, supervision included
        raise WarmStartInterrupted(_rota_of(problem, whole | own)) from None
    return _rota_of(problem, own)


def _placing_order(p: Problem) -> list[Staff]:
    """Supervisors before those they supervise (by depth in the supervision chain), then the
    largest contracts first. Without supervision rules: largest contracts first."""
    depth = {s.id: 0 for s in p.staff}
    for _ in p.supervision:  # a chain has at most one link per rule
        for rule in p.supervision:
            above = 1 + max((depth[v.id] for v in p.staff if rule.supervises(v)), default=0)
            for s in p.staff:
                if rule.applies_to(s):
                    depth[s.id] = max(depth[s.id], above)
    return sorted(p.staff, key=lambda s: (depth[s.id], -(s.contract.min_minutes or 0)))


def _hold_supervision(bm: BuiltModel, p: Problem, staff: Staff, own: dict[str, list[Assignment]]) -> None:
    """Supervision on site in ``staff``'s own model, against everyone else's rota (``own``) as
    it stands: where they need a supervisor, only sessions where one already is; where they
    supervise, every session in which someone relies on them alone stays theirs."""
    for rule in p.supervision:
        if rule.applies_to(staff):
            present = _sessions_of(p, own, staff.id, rule.supervises)
            for key, x in bm.x.items():
                if key[1:] not in present and rule.covers(p.shift_by_id[key[2]]):
                    _fix(bm, x, 0)
        if rule.supervises(staff):
            alone = _sessions_of(p, own, staff.id, rule.applies_to) - _sessions_of(p, own, staff.id, rule.supervises)
            for day, shift_id, loc in alone:
                key = (staff.id, day, shift_id, loc)
                if key in bm.x and rule.covers(p.shift_by_id[shift_id]):
                    _fix(bm, bm.x[key], 1)


def _sessions_of(
    p: Problem, own: dict[str, list[Assignment]], but: str, who: Callable[[Staff], bool]
) -> set[tuple[int, str, str]]:
    """(day, shift, location) worked by anyone but ``but`` for whom ``who`` holds."""
    return {
        (a.day, a.shift_id, a.location_id)
        for sid, mine in own.items()
        if sid != but and who(p.staff_by_id[sid])
        for a in mine
    }


def _fix(bm: BuiltModel, x: cp_model.IntVar, value: int) -> None:
    domain = bm.model.proto.variables[x.index].domain
    domain.clear()
    domain.extend([value, value])


def _rota_of(p: Problem, own: dict[str, list[Assignment]]) -> Rota:
    return Rota(assignments=tuple(a for s in p.staff for a in own.get(s.id, [])))


def _solve_person(bm: BuiltModel, seed: int, work: float, attempts: int = 4) -> list[Assignment] | None:
    """One person's rota, or None if they have none. A large person (many weeks and places)
    may need more than ``work`` deterministic seconds to find any rota, so the limit grows
    fourfold up to ``attempts`` times before giving up: still reproducible, and nobody is
    left out of the warm start (which would make it break their contract) just for time."""
    for attempt in range(attempts):
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.max_deterministic_time = work * 4**attempt  # reproducible
        solver.parameters.catch_sigint_signal = False  # Ctrl-C stops the warm start, not one person
        status = solver.solve(bm.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return [
                Assignment(staff_id=sid, day=day, shift_id=shift_id, location_id=loc)
                for (sid, day, shift_id, loc), x in bm.x.items()
                if solver.boolean_value(x)
            ]
        if status == cp_model.INFEASIBLE:
            return None
    return None


def _solve_person_by(
    bm: BuiltModel,
    seed: int,
    work: float,
    deadline: float | None,
    linearization_level: int | None,
    hint: list[Assignment],
) -> list[Assignment] | None:
    """One person's rota within ``deadline``: one solve of their model (``work``
    deterministic seconds, hinted with ``hint``), then, if that found nothing, a search for
    any rota of theirs (objective dropped) for the time left; None if they have none or time
    ran out."""
    model = bm.model
    if hint:
        chosen = {(a.staff_id, a.day, a.shift_id, a.location_id) for a in hint}
        for key, x in bm.x.items():
            model.add_hint(x, key in chosen)
    for attempt in range(2):
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.catch_sigint_signal = False
        if linearization_level is not None:
            solver.parameters.linearization_level = linearization_level
        if attempt == 0:
            solver.parameters.max_deterministic_time = work
        if deadline is not None:
            solver.parameters.max_time_in_seconds = max(0.01, deadline - time.perf_counter())
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return [
                Assignment(staff_id=sid, day=day, shift_id=shift_id, location_id=loc)
                for (sid, day, shift_id, loc), x in bm.x.items()
                if solver.boolean_value(x)
            ]
        if status == cp_model.INFEASIBLE or (deadline is not None and time.perf_counter() >= deadline):
            return None
        model = bm.model.clone()
        model.clear_objective()
    return None


def _reachable_cover(p: Problem) -> dict[str, tuple[int, ...]]:
    """For each staff id, the indices of the cover lines (in problem order) that person could
    count towards: a session they can work (:meth:`Problem.can_work`) at a location open to them, for the
    line's skill if it names one. These are exactly the lines their assignment variables
    appear in when ``build_model`` builds their single-person problem."""
    by_slot: dict[tuple[int, str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(p.cover):
        by_slot[r.day, r.shift_id, r.location_id].append(i)
    out: dict[str, tuple[int, ...]] = {}
    for staff in p.staff:
        lines: list[int] = []
        for day in p.days:
            for shift in p.shift_types:
                if not p.can_work(staff, day, shift):
                    continue
                for loc in p.staff_locations(staff, shift, day):
                    lines += by_slot.get((day, shift.id, loc), ())
        out[staff.id] = tuple(
            i for i in sorted(lines) if p.cover[i].skill is None or p.cover[i].skill in staff.skills
        )
    return out


class _PersonModel:
    """One person's single-person model, built once and reused by every pass.

    ``build_model`` lays a model out as: variables, hard rules, then the soft rules, of which
    only cover (the first) adds variables or constraints, or changes from pass to pass. So the
    model without cover (``core``) is built once; each pass copies it and adds the lowered
    cover lines with ``penalise_cover_shortfall_and_excess``. CP-SAT keeps an objective as
    its terms sorted by variable and the cover variables come after the core's, so the
    objective is the core's terms followed by the cover's. The result is the model
    ``build_model`` gives for :func:`_single_staff_problem` (same variables, constraints,
    names and objective, in the same order; the tests compare the two), without rebuilding
    the rest of it every pass."""

    def __init__(self, p: Problem, staff: Staff, cover: tuple[int, ...]) -> None:
        self.p, self.cover = p, cover
        self.core = build_model(p.for_person(staff), BuildOptions(pattern_flow=False))
        objective = self.core.model.proto.objective
        self.objective = (list(objective.vars), list(objective.coeffs), objective.offset)
        self.has_objective = bool(self.core.penalties)
        self.core.penalties = []  # in the objective already; dropped to save memory

    def with_cover(
        self, assigned: dict, lowered: dict | None = None, full_rooms: frozenset[tuple[int, str, str]] = frozenset()
    ) -> BuiltModel:
        """The person's full model against the cover still missing, given ``assigned``
        (``lowered``: a cache of lowered lines shared by everyone, see :func:`_lowered`), each
        session in ``full_rooms`` (day, shift, location) costing them an overbooked room."""
        core = self.core
        cover = _lowered(self.p.cover, self.cover, assigned, {} if lowered is None else lowered)
        bm = BuiltModel(
            problem=core.problem.model_copy(update={"cover": cover}),
            model=core.model.clone(),
            explain=False,
            x=core.x,
            y=core.y,
            works=core.works,
        )
        penalise_cover_shortfall_and_excess(bm)  # fresh variables, numbered after the core's
        if bm.penalties:
            bm.model.minimize(bm.objective())  # the cover terms alone
            if self.has_objective:
                objective = bm.model.proto.objective
                vars_, coeffs, offset = self.objective
                vars_, coeffs = vars_ + list(objective.vars), coeffs + list(objective.coeffs)
                objective.vars.clear()
                objective.vars.extend(vars_)
                objective.coeffs.clear()
                objective.coeffs.extend(coeffs)
                objective.offset += offset
        # else: the copy already holds the core's objective (or none)
        _charge_full_rooms(bm, full_rooms)
        return bm  # its penalties: the cover terms only


class _RoomsTaken:
    """How many people who need a room each (day, shift, location) with rooms holds in the
    rota as it stands, so each person's step pays for a room it would overbook: the whole
    model's marginal cost of that session (:func:`.model.penalise_overbooked_rooms`). Without
    it each person is placed as if alone in the building, and the search inherits the
    crowding."""

    def __init__(self, p: Problem) -> None:
        self.p = p
        self.rooms = {loc.id: loc.rooms for loc in p.locations if loc.rooms is not None} if p.has_room_limits else {}
        self.taken: dict[tuple[int, str, str], int] = defaultdict(int)

    def _counts(self, staff: Staff, a: Assignment) -> bool:
        return staff.needs_room and a.location_id in self.rooms and self.p.shift_by_id[a.shift_id].holds_room

    def take(self, staff: Staff, assignments: list[Assignment], sign: int) -> None:
        for a in assignments:
            if self._counts(staff, a):
                self.taken[a.day, a.shift_id, a.location_id] += sign

    def full_for(self, staff: Staff) -> frozenset[tuple[int, str, str]]:
        """The sessions where ``staff`` would be one person beyond the rooms."""
        if not self.rooms or not staff.needs_room:
            return frozenset()
        return frozenset(slot for slot, n in self.taken.items() if n >= self.rooms[slot[2]])


def _charge_full_rooms(bm: BuiltModel, full: frozenset[tuple[int, str, str]]) -> None:
    """Add the overbooked-room weight to the objective coefficient of each of ``bm``'s
    assignments in a full session (a session that holds no room is never in ``full``)."""
    weight = bm.problem.overbooked_room_weight
    extra = [(x.index, weight) for key, x in bm.x.items() if key[1:] in full]
    if not extra:
        return
    objective = bm.model.proto.objective
    coeffs = dict(zip(objective.vars, objective.coeffs))
    for index, w in extra:
        coeffs[index] = coeffs.get(index, 0) + w
    ordered = sorted(coeffs.items())
    objective.vars.clear()
    objective.vars.extend(v for v, _ in ordered)
    objective.coeffs.clear()
    objective.coeffs.extend(c for _, c in ordered)


def _lowered(
    cover: tuple[CoverRequirement, ...], lines: tuple[int, ...], assigned: dict, cache: dict
) -> tuple[CoverRequirement, ...]:
    """The ``lines`` of ``cover`` lowered by what others already provide (``assigned``, by
    day, shift, location and skill); lines nobody else covers are kept as they are, and each
    (line, amount) is made once (``cache``)."""
    out = []
    for i in lines:
        r = cover[i]
        have = assigned.get((r.day, r.shift_id, r.location_id, r.skill), 0)
        if have == 0:
            out.append(r)
            continue
        key = (i, have)
        if key not in cache:
            cache[key] = r.model_copy(
                update={"minimum": max(0, r.minimum - have), "preferred": max(0, r.upper - have)}
            )
        out.append(cache[key])
    return tuple(out)


def _single_staff_problem(
    p: Problem, staff: Staff, assigned: dict, lines: tuple[int, ...] | None = None
) -> Problem:
    """``p`` reduced to one person, with cover lowered by what others already provide
    (``lines``: indices of the cover lines to keep, by default every line for a skill they
    hold). :func:`sequential_rota` builds the same model through :class:`_PersonModel`."""
    if lines is None:
        lines = tuple(i for i, r in enumerate(p.cover) if r.skill is None or r.skill in staff.skills)
    return p.for_person(staff, _lowered(p.cover, lines, assigned, {}))

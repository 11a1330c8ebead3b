"""Rota-shaped large neighbourhood search: free some people (all days), some days (all
people), or a block of both; fix everything else to the current rota; re-solve; keep
improvements.

CP-SAT's own LNS picks neighbourhoods from the constraint graph; rostering has a known
shape (a person's fortnight, a week of cover), and freeing exactly those blocks lets a small
exact sub-solve repair a run pattern or a cover gap that generic neighbourhoods cut through.
Neighbourhood sizes adapt: grow after a sub-solve proves optimal fast, shrink after a timeout.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ortools.sat.python import cp_model

from pch_workforce.rota.model import BuiltModel
from pch_workforce.rota.report import StoppedBy

Key = tuple[str, int, str, str]

# CP-SAT's deterministic clock barely counts loading and presolving a sub-model, which is
# most of a sub-solve's cost on a large site (the whole model is cloned with most variables
# fixed). The LNS's deterministic budget therefore also charges each sub-solve this much per
# variable, so the budget tracks the real cost. Calibrated on one generated 12-week site of
# about 120,000 variables: a judgement call.
LOAD_CHARGE_PER_VARIABLE = 1.5e-6

# The sweep's week blocks: a week of days, and teams of at most this many people (whole home
# locations). One block for a whole site of a typical PCH's size lets people trade rooms and
# cover across practices, which separate teams cannot; on larger sites, teams keep each week's
# block small enough to solve exactly within its limit. Judgement calls from runs on generated
# sites, not published figures.
SWEEP_DAYS = 7
SWEEP_MAX_PEOPLE = 80
SWEEP_BLOCK_DETERMINISTIC_SECONDS = 2.0
# A fairness group freed over the whole horizon is split into chunks of at most this many
# person-days: a week team's. A judgement call, like the sizes above.
SWEEP_GROUP_PERSON_DAYS = SWEEP_MAX_PEOPLE * SWEEP_DAYS


@dataclass
class LnsResult:
    values: dict[Key, int]
    objective: int
    iterations: int
    improvements: int
    deterministic_time: float = 0.0
    interrupted: bool = False  # Ctrl-C: ``values`` is the best rota so far, nothing more should run
    solution: tuple[int, ...] | None = None  # every model variable in the best rota; None: no gain
    stopped_by: StoppedBy | None = None  # None: it ran its course (the sweep's every block)


def _short_days(bm: BuiltModel, values: dict[Key, int]) -> list[int]:
    """Days with a cover line below its minimum in the current rota."""
    count: dict[tuple[int, str, str], int] = {}
    for (sid, day, shift_id, loc), v in values.items():
        if v:
            count[day, shift_id, loc] = count.get((day, shift_id, loc), 0) + 1
    return sorted({r.day for r in bm.problem.cover if count.get((r.day, r.shift_id, r.location_id), 0) < r.minimum})


def _disagreements(values: dict[Key, int], guide: dict[Key, float] | None) -> list[tuple[str, int]]:
    """(person, day) where the rota and the LP solution ``guide`` differ by at least a half."""
    if not guide:
        return []
    return sorted({(k[0], k[1]) for k, v in values.items() if abs(v - guide.get(k, 0.0)) >= 0.5})


def _neighbourhood(
    rng: random.Random,
    staff: list[str],
    horizon: int,
    size: float,
    short: list[int],
    disagree: list[tuple[str, int]],
) -> tuple[set[str], range]:
    """A block of staff x days; ``size`` in (0, 1] scales how much is freed. A quarter of the
    blocks centre a window on a day left short of cover, where the objective is made; with
    an LP guide, a third go where the rota and the LP disagree (the people who differ, or
    everyone around a day where they do)."""
    kind = rng.random()
    if disagree and kind < 0.33:
        who, day = rng.choice(disagree)
        if rng.random() < 0.5:
            w = max(3, min(horizon, round(size * 0.4 * horizon)))
            d0 = min(max(0, day - w // 2), horizon - w)
            return set(staff), range(d0, d0 + w)
        people = sorted({s for s, _ in disagree})
        k = max(2, round(size * 0.25 * len(staff)))
        chosen = {who, *rng.sample(people, min(k - 1, len(people)))}
        return chosen, range(horizon)
    kind = rng.random()
    if short and kind < 0.25:
        w = max(3, min(horizon, round(size * 0.4 * horizon)))
        d0 = min(max(0, rng.choice(short) - w // 2), horizon - w)
        return set(staff), range(d0, d0 + w)
    kind = rng.random()
    if kind < 0.35:  # a few people, whole horizon
        k = max(2, round(size * 0.25 * len(staff)))
        return set(rng.sample(staff, min(k, len(staff)))), range(horizon)
    if kind < 0.6:  # everyone, a window of days
        w = max(2, min(horizon, round(size * 0.4 * horizon)))
        d0 = rng.randrange(horizon - w + 1)
        return set(staff), range(d0, d0 + w)
    k = max(2, round(size * 0.5 * len(staff)))
    w = max(3, min(horizon, round(size * 0.8 * horizon)))
    d0 = rng.randrange(horizon - w + 1)
    return set(rng.sample(staff, min(k, len(staff)))), range(d0, d0 + w)


def _sub_solve(
    bm: BuiltModel,
    current: dict[Key, int],
    objective: int,
    free_staff: set[str],
    free_days: range,
    seconds: float,
    seed: int,
    deterministic_seconds: float | None = None,
) -> tuple[int, float | None, dict[Key, int] | None, float, tuple[int, ...] | None]:
    """Re-solve the freed block with everything else fixed: the status, the objective, every
    assignment's value and the charge (see ``LOAD_CHARGE_PER_VARIABLE``), and the whole model's
    solution (the clone keeps every variable's index, so it is the whole model's too)."""
    sub = bm.model.clone()
    sub.clear_hints()  # the incumbent replaces any earlier hint (a variable hinted twice is invalid)
    _require_improvement(sub, objective)
    days = set(free_days)
    free: list[Key] = []
    for key, x in bm.x.items():
        value = current[key]
        if key[0] in free_staff and key[1] in days:
            free.append(key)
            sub.add_hint(sub.get_bool_var_from_proto_index(x.index), value)
        else:
            domain = sub.proto.variables[x.index].domain
            domain.clear()
            domain.extend([value, value])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = seconds
    if deterministic_seconds is not None:
        solver.parameters.max_deterministic_time = deterministic_seconds
    solver.parameters.linearization_level = 2
    solver.parameters.catch_sigint_signal = False  # Ctrl-C stops the LNS, not one sub-solve
    status = solver.solve(sub)
    charge = solver.deterministic_time + LOAD_CHARGE_PER_VARIABLE * len(sub.proto.variables)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status, None, None, charge, None
    values = dict(current)  # the fixed part is the incumbent: read back only what was freed
    values.update((key, int(solver.boolean_value(bm.x[key]))) for key in free)
    return status, solver.objective_value, values, charge, tuple(solver.response_proto.solution)


def sweep_teams(bm: BuiltModel, n: int = 0) -> list[set[str]]:
    """The sweep's teams for pass ``n``: whole home locations, packed in order into teams
    of up to :data:`SWEEP_MAX_PEOPLE` (people cover, share rooms and swap sessions mostly with
    their own practice's). Each pass starts the packing one location further on, so locations
    that one pass puts in different teams share one in a later pass: a practice's people who
    work away, and the people who fill their rooms at home, then meet in one block."""
    by_home: dict[str | None, list[str]] = {}
    for staff in bm.problem.staff:
        by_home.setdefault(staff.home_location, []).append(staff.id)
    homes = list(by_home.values())
    first = n % len(homes)
    teams: list[set[str]] = []
    for ids in homes[first:] + homes[:first]:
        if teams and len(teams[-1]) + len(ids) <= SWEEP_MAX_PEOPLE:
            teams[-1].update(ids)
        else:
            teams.append(set(ids))
    return teams


def sharing_groups(bm: BuiltModel) -> list[list[str]]:
    """People who share out unsocial sessions: the fairness groups, joined where they have a
    member in common (one role's evenings and Saturdays), largest first, each in staff order."""
    joined: dict[str, str] = {}

    def root(staff_id: str) -> str:
        while joined.setdefault(staff_id, staff_id) != staff_id:
            staff_id = joined[staff_id]
        return staff_id

    for group in bm.problem.fairness_groups:
        first = root(group.staff_ids[0])
        for staff_id in group.staff_ids[1:]:
            joined[root(staff_id)] = first
    members: dict[str, list[str]] = {}
    for staff in bm.problem.staff:
        if staff.id in joined:
            members.setdefault(root(staff.id), []).append(staff.id)
    return sorted((m for m in members.values() if len(m) > 1), key=len, reverse=True)


def sweep_blocks(bm: BuiltModel, n: int, rng: random.Random) -> list[tuple[set[str], range]]:
    """The sweep's neighbourhoods for pass ``n``: each group that shares out unsocial sessions
    over the whole horizon, then each team of :func:`sweep_teams` over each week in turn, each
    pass's weeks starting half a week later than the last's (so runs that cross a week's end
    are repaired too).

    Why both: a week block cannot move an evening from one week to another, so it cannot even
    out a fairness group's loads, which are counted over the whole horizon; a group block can,
    and trades each evening against its members' other sessions. A group too large to free
    over the whole horizon in one block (more person-days than a week team's) is split into
    chunks, shuffled by ``rng`` each pass so that different members meet."""
    horizon = bm.problem.horizon_days
    most = max(2, SWEEP_GROUP_PERSON_DAYS // horizon)
    blocks: list[tuple[set[str], range]] = []
    for members in sharing_groups(bm):
        if len(members) > most:
            members = rng.sample(members, len(members))
        blocks += [(set(members[i : i + most]), range(horizon)) for i in range(0, len(members), most)]
    width = min(SWEEP_DAYS, horizon)
    first = (n * (SWEEP_DAYS // 2)) % SWEEP_DAYS
    starts = sorted({min(d, horizon - width) for d in range(first, horizon, SWEEP_DAYS)})
    teams = sweep_teams(bm, n)
    return blocks + [(team, range(d0, d0 + width)) for d0 in starts for team in teams]


def sweep(
    bm: BuiltModel,
    values: dict[Key, int],
    objective: int,
    seconds: float,
    seed: int = 0,
    deterministic_seconds: float | None = None,
    on_improve: Callable[[int], None] | None = None,
) -> LnsResult:
    """Improve a rota block by block: re-solve each block of :func:`sweep_blocks` exactly (up
    to :data:`SWEEP_BLOCK_DETERMINISTIC_SECONDS` each) with everything else fixed, keeping each
    improvement before the next block. A starting rota built person by person leaves each
    session's crowding (rooms, cover) and each group's share of evenings to chance; a week of
    a whole team, or a role's whole horizon, is small enough to solve at once and is exactly
    where those are settled. Passes repeat until one gains nothing (no block of it can improve
    the rota), at ``seconds`` of wall time, or when the sub-solves' charge reaches
    ``deterministic_seconds`` (then reproducible: see :func:`improve`)."""
    rng = random.Random(seed)
    deadline = time.perf_counter() + seconds
    it = gains = 0
    spent = 0.0
    solution = None
    stopped_by = None
    gained, n = True, 0
    try:
        while gained and stopped_by is None:
            before = gains
            for team, days in sweep_blocks(bm, n, rng):
                if (left := deadline - time.perf_counter()) <= 0.2:
                    stopped_by = StoppedBy.TIME_LIMIT
                    break
                limit = SWEEP_BLOCK_DETERMINISTIC_SECONDS
                if deterministic_seconds is not None:
                    if (det_left := deterministic_seconds - spent) <= 0.01:
                        stopped_by = StoppedBy.DETERMINISTIC_LIMIT
                        break
                    limit = min(limit, det_left)
                it += 1
                _, found, better, charge, whole = _sub_solve(
                    bm, values, objective, team, days, left, rng.randrange(1 << 30), limit
                )
                spent += charge
                if found is not None and round(found) < objective:
                    objective, values, solution = round(found), better, whole
                    gains += 1
                    if on_improve is not None:
                        on_improve(objective)
            gained, n = gains > before, n + 1
    except KeyboardInterrupt:  # Ctrl-C: keep the best so far
        stopped_by = StoppedBy.INTERRUPTED
    return LnsResult(
        values=values, objective=objective, iterations=it, improvements=gains, deterministic_time=spent,
        interrupted=stopped_by is StoppedBy.INTERRUPTED, solution=solution, stopped_by=stopped_by,
    )


def _require_improvement(model: cp_model.CpModel, objective: int) -> None:
    """Cut the objective to at most ``objective - 1``: a sub-solve that cannot improve then
    stops at once (infeasible) instead of re-proving the incumbent."""
    obj = model.proto.objective
    if obj.scaling_factor not in (0.0, 1.0):
        return
    domain = obj.domain
    domain.clear()
    domain.extend([-(2**50), round(objective - 1 - obj.offset)])


def improve(
    bm: BuiltModel,
    values: dict[Key, int],
    objective: int,
    seconds: float,
    seed: int = 0,
    threads: int = 2,
    on_improve: Callable[[int], None] | None = None,
    floor: int | None = None,
    guide: dict[Key, float] | None = None,
    deterministic_seconds: float | None = None,
) -> LnsResult:
    """Improve a rota (``values`` of every x variable) for ``seconds`` of wall time, or until
    it meets ``floor`` (a proven lower bound). ``guide`` (an LP solution, e.g. from column
    generation) steers some neighbourhoods to where the rota departs from it.

    Runs ``threads`` sub-solves at a time from the same incumbent and keeps the best.

    With ``deterministic_seconds`` the search is reproducible: every sub-solve is limited in
    CP-SAT's deterministic time, and the search stops when their sum (plus a load charge per
    sub-solve, see ``LOAD_CHARGE_PER_VARIABLE``) reaches the budget, so
    the same rota, seed and budget give the same result on any machine, busy or not, as long
    as the wall-clock ``seconds`` (then only a safety net) is not what stops it."""
    rng = random.Random(seed)
    staff = [s.id for s in bm.problem.staff]
    horizon = bm.problem.horizon_days
    deadline = time.perf_counter() + seconds
    size, it, gains, spent = 0.3, 0, 0, 0.0
    solution = None
    stopped_by = StoppedBy.TIME_LIMIT
    try:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            while (left := deadline - time.perf_counter()) > 0.2:
                if floor is not None and objective <= floor:
                    stopped_by = StoppedBy.OPTIMAL
                    break
                # deterministic: each sub-solve stops on its deterministic share, the clock only
                # as a safety net (a fixed 2 s cap would stop some on machine speed, and two runs
                # with the same seed and limit could then differ)
                budget = left if deterministic_seconds is not None else min(2.0, left)
                det_budget = None
                if deterministic_seconds is not None:
                    if (det_left := deterministic_seconds - spent) <= 0.01:
                        stopped_by = StoppedBy.DETERMINISTIC_LIMIT
                        break
                    det_budget = min(1.0, det_left / threads)
                jobs = []
                short = _short_days(bm, values)
                disagree = _disagreements(values, guide)
                for _ in range(threads):
                    free_staff, free_days = _neighbourhood(rng, staff, horizon, size, short, disagree)
                    it += 1
                    jobs.append(
                        pool.submit(
                            _sub_solve, bm, values, objective, free_staff, free_days, budget,
                            rng.randrange(1 << 30), det_budget,
                        )
                    )
                results = [j.result() for j in jobs]
                spent += sum(r[3] for r in results)
                proved = sum(1 for status, *_ in results if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE))
                size = min(1.0, size * 1.1) if proved == len(results) else max(0.05, size * 0.85)
                best = min((r for r in results if r[1] is not None), key=lambda r: r[1], default=None)
                if best is not None and round(best[1]) < objective:
                    objective, values, solution = round(best[1]), best[2], best[4]
                    gains += 1
                    if on_improve is not None:
                        on_improve(objective)
    except KeyboardInterrupt:  # Ctrl-C (the sub-solves leave it to Python): keep the best so far
        stopped_by = StoppedBy.INTERRUPTED
    if floor is not None and objective <= floor:
        stopped_by = StoppedBy.OPTIMAL
    return LnsResult(
        values=values, objective=objective, iterations=it, improvements=gains, deterministic_time=spent,
        interrupted=stopped_by is StoppedBy.INTERRUPTED, solution=solution, stopped_by=stopped_by,
    )

"""The sequential warm start (``greedy.sequential_rota``): feasible, reproducible, and the same
rota as the plain implementation it replaced (a full ``build_model`` per person and pass, on
every cover line for a skill they hold), which is kept below as the reference."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest
from ortools.sat.python import cp_model

from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.examples import sessions_problem
from pch_workforce.rota.greedy import (
    _PersonModel,
    _reachable_cover,
    _single_staff_problem,
    sequential_rota,
)
from pch_workforce.rota.model import BuildOptions, build_model
from pch_workforce.rota.problem import Assignment, Problem, Rota, Staff


def reference_sequential_rota(
    problem: Problem, work_per_staff: float = 0.2, seed: int = 0, passes: int = 1
) -> Rota:
    """The warm start as first written: every pass rebuilds each person's whole model from a
    problem holding every cover line for a skill they hold (lines they cannot work included)."""
    assigned: dict = defaultdict(int)
    own: dict[str, list[Assignment]] = {}
    order = sorted(problem.staff, key=lambda s: -(s.contract.min_minutes or 0))
    for round_ in range(passes):
        for staff in order:
            for a in own.pop(staff.id, []):
                for skill in (None, *staff.skills):
                    assigned[a.day, a.shift_id, a.location_id, skill] -= 1
            sub = _reference_single_staff_problem(problem, staff, assigned)
            bm = build_model(sub, BuildOptions(pattern_flow=False))
            solver = cp_model.CpSolver()
            solver.parameters.num_workers = 1
            solver.parameters.random_seed = seed + round_
            solver.parameters.max_deterministic_time = work_per_staff
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


def _reference_single_staff_problem(p: Problem, staff: Staff, assigned: dict) -> Problem:
    cover = []
    for r in p.cover:
        if r.skill is not None and r.skill not in staff.skills:
            continue
        have = assigned[r.day, r.shift_id, r.location_id, r.skill]
        cover.append(
            r.model_copy(update={"minimum": max(0, r.minimum - have), "preferred": max(0, r.upper - have)})
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
                m.model_copy(update={"staff_ids": (staff.id,)}) for m in p.mdt_meetings if staff.id in m.staff_ids
            ),
        }
    )


def restricted(seed: int, n_staff: int, weeks: int, n_locations: int) -> Problem:
    """``sessions_problem`` with staff tied to one or two sites, some days unavailable and
    evenings run at two sites only, so that many cover lines are out of a person's reach."""
    p = sessions_problem(seed, n_staff, weeks, n_locations)
    locs = [loc.id for loc in p.locations]
    staff = []
    for i, s in enumerate(p.staff):
        home = locs.index(s.home_location)
        allowed = {locs[home], locs[(home + 1) % len(locs)]} if i % 3 else {locs[home]}
        off = {d for d in range(7 * weeks) if (d + i) % 11 == 0}
        staff.append(s.model_copy(update={"allowed_locations": frozenset(allowed), "unavailable_days": frozenset(off)}))
    shifts = tuple(
        sh.model_copy(update={"locations": frozenset(locs[:2])}) if sh.id == "EVE" else sh for sh in p.shift_types
    )
    return Problem(**{name: getattr(p, name) for name in Problem.model_fields} | {"staff": tuple(staff), "shift_types": shifts})


CASES = [
    pytest.param(lambda: sessions_problem(1, 12, 2, 3), id="sessions-12x2wk"),
    pytest.param(lambda: sessions_problem(2, 20, 4, 4), id="sessions-20x4wk"),
    pytest.param(lambda: restricted(3, 18, 2, 6), id="restricted-18x2wk"),
    pytest.param(lambda: restricted(5, 16, 3, 5), id="restricted-16x3wk"),
]


@pytest.mark.parametrize("make", CASES)
def test_warm_start_keeps_every_hard_rule(make):
    problem = make()
    rota = sequential_rota(problem, seed=0, passes=2)
    verdict = check_rota(problem, rota)
    assert verdict.ok, verdict.violations[:5]
    assert rota.assignments


@pytest.mark.parametrize("make", CASES[:1] + CASES[2:3])
def test_warm_start_is_reproducible(make):
    problem = make()
    assert sequential_rota(problem, seed=4, passes=2) == sequential_rota(problem, seed=4, passes=2)


@pytest.mark.parametrize("make", CASES)
@pytest.mark.parametrize("passes", [1, 2])
def test_warm_start_equals_the_reference_implementation(make, passes):
    problem = make()
    assert sequential_rota(problem, seed=1, passes=passes) == reference_sequential_rota(problem, seed=1, passes=passes)


@pytest.mark.parametrize("make", CASES)
def test_reused_person_model_is_the_model_build_model_gives(make):
    """The copied core plus cover is, proto for proto, ``build_model`` on the person's problem."""
    problem = make()
    reach = _reachable_cover(problem)
    rng = random.Random(7)
    for staff in problem.staff[::3]:
        person = _PersonModel(problem, staff, reach[staff.id])
        for _ in range(2):
            assigned = defaultdict(int)
            for r in problem.cover:
                if rng.random() < 0.5:
                    assigned[r.day, r.shift_id, r.location_id, r.skill] = rng.randint(0, 3)
            expected = build_model(_single_staff_problem(problem, staff, assigned, reach[staff.id]))
            got = person.with_cover(assigned, {})
            assert str(got.model.proto) == str(expected.model.proto)
            assert got.x.keys() == expected.x.keys()


def test_reachable_cover_drops_only_lines_nobody_could_count_for_that_person():
    problem = restricted(3, 18, 2, 6)
    reach = _reachable_cover(problem)
    for staff in problem.staff:
        keys = {k[1:] for k in build_model(_single_staff_problem(problem, staff, {})).x}
        kept = set(reach[staff.id])
        for i, r in enumerate(problem.cover):
            counts = (r.skill is None or r.skill in staff.skills) and (r.day, r.shift_id, r.location_id) in keys
            assert (i in kept) == counts
    assert sum(map(len, reach.values())) < sum(
        1 for s in problem.staff for r in problem.cover if r.skill is None or r.skill in s.skills
    )


def test_a_person_needing_more_work_gets_a_longer_solve_not_left_out():
    """Too little deterministic time finds no rota; the escalating retries find one that
    keeps every rule of that person (so the warm start does not break their contract)."""
    from pch_workforce.rota.greedy import _solve_person

    problem = sessions_problem(3, n_staff=6, weeks=4, n_locations=3)
    person = problem.staff[0]
    single = _single_staff_problem(problem, person, defaultdict(int))
    bm = build_model(single)
    assert _solve_person(bm, 0, 1e-9, attempts=1) is None
    found = _solve_person(bm, 0, 1e-9, attempts=12)
    assert found
    assert check_rota(single, Rota(assignments=tuple(found))).ok


def interrupt_on_call(monkeypatch, n: int) -> None:
    """Make the n-th per-person solve raise KeyboardInterrupt, as Ctrl-C would."""
    from pch_workforce.rota import greedy

    real, calls = greedy._solve_person, []

    def solve_person(*args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(greedy, "_solve_person", solve_person)


def test_ctrl_c_after_a_whole_pass_gives_the_rota_as_it_stands(monkeypatch):
    """Interrupted while re-planning the third person of pass 2: the first two have their
    pass-2 rotas, everyone else (the third included) their pass-1 rota, and it is a rota."""
    from pch_workforce.rota.greedy import WarmStartInterrupted

    problem = sessions_problem(2, 20, 4, 4)
    one, two = sequential_rota(problem, passes=1), sequential_rota(problem, passes=2)
    interrupt_on_call(monkeypatch, len(problem.staff) + 3)
    with pytest.raises(WarmStartInterrupted) as stopped:
        sequential_rota(problem, passes=2)
    order = sorted(problem.staff, key=lambda s: -(s.contract.min_minutes or 0))
    by_person = lambda rota, sid: {a for a in rota.assignments if a.staff_id == sid}  # noqa: E731
    for i, staff in enumerate(order):
        expected = two if i < 2 else one
        assert by_person(stopped.value.rota, staff.id) == by_person(expected, staff.id), staff.id
    assert check_rota(problem, stopped.value.rota).ok


def test_ctrl_c_in_the_first_pass_is_a_plain_interrupt(monkeypatch):
    problem = sessions_problem(2, 20, 4, 4)
    interrupt_on_call(monkeypatch, 5)
    with pytest.raises(KeyboardInterrupt):
        sequential_rota(problem, passes=2)


def test_solve_reports_the_interrupted_warm_start_without_searching(monkeypatch):
    from pch_workforce.rota.solve import SolveOptions, solve
    from pch_workforce.solve_report import SolveStatus

    problem = sessions_problem(2, 20, 4, 4)
    interrupt_on_call(monkeypatch, len(problem.staff) + 3)
    report = solve(problem, SolveOptions(time_limit=30, deterministic_time_limit=5.0))
    assert report.status == SolveStatus.FEASIBLE and report.deterministic_time == 0.0
    verdict = check_rota(problem, report.rota)
    assert verdict.ok and verdict.objective == report.objective

    interrupt_on_call(monkeypatch, 5)  # before a whole pass there is no rota: a plain interrupt
    with pytest.raises(KeyboardInterrupt):
        solve(problem, SolveOptions(time_limit=30, deterministic_time_limit=5.0))


def test_a_re_plan_that_finds_nothing_keeps_the_rota_from_the_pass_before_in_one_attempt(monkeypatch):
    """Growing the limit is for someone with no rota yet; in a later pass a person who already
    has one gets one attempt (at 30,000 patients over 12 weeks, four growing attempts on one
    person cost 25 s and found nothing)."""
    from pch_workforce.rota import greedy

    problem = sessions_problem(seed=3, n_staff=6, weeks=2, n_locations=2)
    first_pass = sequential_rota(problem, passes=1)
    real, attempts_seen = greedy._solve_person, []

    def fails_after_the_first_pass(bm, seed, work, attempts=4):
        attempts_seen.append((seed, attempts))
        return real(bm, seed, work, attempts) if seed == 0 else None

    monkeypatch.setattr(greedy, "_solve_person", fails_after_the_first_pass)
    rota = sequential_rota(problem, passes=2)
    assert [a for s, a in attempts_seen if s == 0] == [4] * len(problem.staff)
    assert [a for s, a in attempts_seen if s == 1] == [1] * len(problem.staff)
    assert set(rota.assignments) == set(first_pass.assignments)
    assert check_rota(problem, rota).ok


def test_each_person_is_placed_knowing_which_rooms_are_taken():
    """Three people of H1 must each work day 0's one session; H1 has one room, H2 two. Placed
    one at a time, the first takes H1's room and the next two pay 3 each to work at H2 rather
    than 10 each beyond H1's room: 6, the optimum, where a start blind to rooms gives 20."""
    from pch_workforce.rota.incumbent import evaluate
    from pch_workforce.rota.problem import Location

    from tests.rota.rota_helpers import D, tiny

    staff = [
        Staff(id=f"s{i}", home_location="H1", contract={"min_minutes": 480, "max_minutes": 480}) for i in range(3)
    ]
    problem = tiny(
        staff, days=1, shifts=(D,), locations=(Location(id="H1", rooms=1), Location(id="H2", rooms=2)),
        overbooked_room_weight=10, away_from_home_weight=3,
    )
    rota = sequential_rota(problem, passes=1)
    assert check_rota(problem, rota).ok
    assert sorted(a.location_id for a in rota.assignments) == ["H1", "H2", "H2"]
    priced = evaluate(build_model(problem), {(a.staff_id, a.day, a.shift_id, a.location_id) for a in rota.assignments})
    assert priced is not None and priced.objective == 6

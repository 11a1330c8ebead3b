"""The state-graph pricer and the exact search inside the reduced-cost gap.

The graph shares no rule code with the CP-SAT model or the checker, so it is held to both:
its cheapest rota costs what the person's CP-SAT model proves optimal, every rota it lists
passes the checker, and on tiny cases it lists exactly the rotas a brute force over every
assignment (judged by the checker) finds within the threshold.
"""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rota_helpers import curtois_instance, two_staff_three_days
from test_rota_properties import SHIFTS, curtois_contract, curtois_like, random_successions

from pch_workforce.rota.decomposition import arcflow, colgen, labelling, near_lp
from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.examples import sessions_problem
from pch_workforce.rota.problem import (
    Assignment,
    Location,
    Problem,
    Rota,
    ShiftRequest,
    Staff,
)

SCALE = colgen.SCALE


def _rota(keys) -> Rota:
    return Rota(assignments=tuple(Assignment(staff_id=s, day=d, shift_id=sh, location_id=loc) for s, d, sh, loc in sorted(keys)))


def _choices(problem: Problem, engine: colgen.ColumnGeneration, duals: colgen.ExactDuals) -> dict:
    return arcflow.graph_choices(problem, engine.graphs(), duals)


def _random_reward(problem: Problem, seed: int) -> dict:
    rng = random.Random(seed)
    _, key_rows = colgen.cover_rows(problem)
    return {k: rng.choice((0, 0, rng.randint(0, 150 * SCALE))) for k in key_rows}


def _same_optimum_as_cp_sat(problem: Problem, seed: int) -> None:
    reward = _random_reward(problem, seed)
    for staff in problem.staff:
        graph = labelling.PersonalGraph(problem, staff)
        lowest = graph.price(reward, SCALE).lowest
        cols, bound = colgen._Pricer(problem, staff, seed=0).price(reward, 30.0, None)
        if not cols:
            assert lowest == float("inf")
            continue
        best_cp = min(SCALE * c.cost - sum(reward.get(k, 0) for k in c.keys) for c in cols)
        assert bound == best_cp, "the CP-SAT pricing did not prove its optimum in time"
        assert lowest == best_cp
        found = graph.best(reward, SCALE)
        assert found is not None
        scaled, keys, own = found
        person = problem.for_person(staff)
        check = check_rota(person, _rota(keys))
        assert check.ok, check.violations
        assert check.objective == own == graph.own_cost(keys)
        assert scaled == SCALE * own - sum(reward.get(k, 0) for k in keys)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(curtois_like(), st.integers(0, 1000))
def test_cheapest_rota_matches_cp_sat_on_curtois_like_problems(problem, seed):
    _same_optimum_as_cp_sat(problem, seed)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.integers(1, 3), st.integers(1, 2))
def test_cheapest_rota_matches_cp_sat_on_session_problems(seed, n_staff, n_locations):
    """Two sessions a day, locations, weekly contracts with leave credit, MDT, away from home."""
    _same_optimum_as_cp_sat(sessions_problem(seed, n_staff, 1, n_locations), seed)


def _brute_force(problem: Problem, reward: dict, slack: float) -> set[frozenset]:
    """Every rota of the (single) person within ``slack`` of the cheapest, by trying every
    one-shift-a-day assignment and asking the checker."""
    staff = problem.staff[0]
    shifts = [s.id for s in problem.shift_types]
    found = {}
    for choice in itertools.product([None, *shifts], repeat=problem.horizon_days):
        keys = frozenset((staff.id, d, sh, "ward") for d, sh in enumerate(choice) if sh is not None)
        check = check_rota(problem, _rota(keys))
        if check.ok:
            found[keys] = SCALE * check.objective - sum(reward.get(k, 0) for k in keys)
    if not found:
        return set()
    low = min(found.values())
    return {k for k, v in found.items() if v <= low + slack}


@st.composite
def one_person_week(draw) -> Problem:
    """One person, one week, up to two shifts, every Curtois rule drawn at random."""
    shifts = SHIFTS[: draw(st.integers(1, 2))]
    ids = [sh.id for sh in shifts]
    lo = draw(st.integers(0, 4)) * 480
    staff = Staff(
        id="p",
        unavailable_days=frozenset(draw(st.lists(st.integers(0, 6), max_size=2))),
        contract=curtois_contract(draw, 7, ids, extra_shifts=3, most_weekends=1, lo=lo),
    )
    successions = random_successions(draw, ids)
    requests = tuple(
        ShiftRequest(staff_id="p", day=draw(st.integers(0, 6)), shift_id=draw(st.sampled_from([*ids, None])),
                     kind=draw(st.sampled_from(["on", "off"])), weight=draw(st.integers(1, 3)))
        for _ in range(draw(st.integers(0, 3)))
    )
    return Problem(horizon_days=7, shift_types=shifts, locations=(Location(id="ward"),), staff=(staff,),
                   forbidden_successions=successions, requests=requests)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_person_week(), st.integers(0, 1000), st.integers(0, 3))
def test_enumeration_lists_exactly_the_rotas_within_the_threshold(person, seed, slack_units):
    rng = random.Random(seed)
    reward = {("p", d, sh.id, "ward"): rng.choice((0, rng.randint(0, 4 * SCALE))) for d in range(7) for sh in person.shift_types}
    slack = slack_units * SCALE
    graph = labelling.PersonalGraph(person, person.staff[0])
    listed = [keys for _, keys, _ in graph.enumerate(graph.price(reward, SCALE), slack)]
    assert len(listed) == len(set(listed)), "a rota was listed twice"
    assert set(listed) == _brute_force(person, reward, slack)


def test_hand_checked_case_is_solved_exactly_inside_the_gap():
    """Two people short whatever is picked (200), and A on {1, 2} meets both requests."""
    problem = two_staff_three_days()
    engine = colgen.ColumnGeneration(problem)
    duals = engine.exact_duals(deadline=float("inf"))
    assert duals is not None and duals.lagrangian == pytest.approx(200)
    found = arcflow.solve_within_gap(problem, _choices(problem, engine, duals), duals, 200, None, seconds=20)
    assert found.optimal and found.objective == 200
    assert found.keys == {("A", 1, "D", "ward"), ("A", 2, "D", "ward"), ("B", 0, "D", "ward"), ("B", 1, "D", "ward")}


def test_published_optimum_of_curtois_instance6_is_found_and_proved():
    """Best known 1950 (Curtois & Qu): the search inside the gap finds it and proves it."""
    problem = curtois_instance("Instance6")
    engine = colgen.ColumnGeneration(problem)
    duals = engine.exact_duals(deadline=float("inf"))
    assert duals is not None and 1948 < duals.lagrangian <= 1950
    found = arcflow.solve_within_gap(problem, _choices(problem, engine, duals), duals, 0, None, seconds=120)
    assert found.optimal and found.objective == 1950
    check = check_rota(problem, _rota(found.keys))
    assert check.ok and check.objective == 1950


def test_search_near_the_lp_narrows_the_cap_to_the_column_budget_and_finds_the_optimum():
    """Optimum 200 = the bound, so every person's rota in it has reduced cost 0: a target of
    205 allows caps up to 5, but with only as many rotas as a zero cap lets in, the bisection
    narrows the cap below 5 and the optimum is still found."""
    problem = two_staff_three_days()
    engine = colgen.ColumnGeneration(problem)
    duals = engine.exact_duals(deadline=float("inf"))
    choices = _choices(problem, engine, duals)
    at_zero = near_lp.search_near_the_lp(problem, choices, duals, 200, seconds=20, max_columns=10_000)
    assert at_zero.cap == 0 and at_zero.objective == 200
    wide = near_lp.search_near_the_lp(problem, choices, duals, 205, seconds=20, max_columns=10_000)
    assert wide.cap == 5 and wide.columns > at_zero.columns
    narrow = near_lp.search_near_the_lp(problem, choices, duals, 205, seconds=20, max_columns=at_zero.columns)
    assert narrow.cap < 5 and narrow.columns <= at_zero.columns
    assert narrow.objective == 200
    assert narrow.keys == {("A", 1, "D", "ward"), ("A", 2, "D", "ward"), ("B", 0, "D", "ward"), ("B", 1, "D", "ward")}


def test_search_near_the_lp_finds_nothing_below_the_bound():
    problem = two_staff_three_days()
    engine = colgen.ColumnGeneration(problem)
    duals = engine.exact_duals(deadline=float("inf"))
    found = near_lp.search_near_the_lp(problem, _choices(problem, engine, duals), duals, 199, seconds=20)
    assert found.keys is None and found.objective is None


def test_search_near_the_lp_finds_nothing_when_even_a_zero_cap_lets_in_too_many_rotas():
    problem = two_staff_three_days()
    engine = colgen.ColumnGeneration(problem)
    duals = engine.exact_duals(deadline=float("inf"))
    choices = _choices(problem, engine, duals)
    at_zero = near_lp.search_near_the_lp(problem, choices, duals, 200, seconds=20)
    found = near_lp.search_near_the_lp(problem, choices, duals, 205, seconds=20, max_columns=at_zero.columns - 1)
    assert found.keys is None and found.columns == 0


def test_rota_near_the_lp_keeps_everyone_within_the_cap_and_checks_out():
    """Curtois Instance2 (bound and optimum 828) held to 600 rotas (a cap of 1 lets in 494,
    a cap of 2, 848): the rota found is a real one (the checker recomputes its cost), of cost
    at most the target, and everyone works a rota within the cap of their cheapest at the
    duals, as listed."""
    problem = curtois_instance("Instance2")
    engine = colgen.ColumnGeneration(problem)
    duals = engine.exact_duals(deadline=float("inf"))
    graphs = engine.graphs()
    found = near_lp.search_near_the_lp(problem, _choices(problem, engine, duals), duals, 830, seconds=60, max_columns=600)
    assert 1 < found.cap < 2 and found.columns <= 600
    assert found.keys is not None and 828 <= found.objective <= 830
    check = check_rota(problem, _rota(found.keys))
    assert check.ok and check.objective == found.objective
    for staff in problem.staff:
        mine = frozenset(k for k in found.keys if k[0] == staff.id)
        graph = graphs[staff.id]
        reduced = SCALE * graph.own_cost(mine) - sum(duals.reward.get(k, 0) for k in mine) - duals.lowest[staff.id]
        assert 0 <= reduced <= found.cap * SCALE + 1e-6, staff.id

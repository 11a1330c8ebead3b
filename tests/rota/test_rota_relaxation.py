"""The unsocial-sessions relaxation: a valid lower bound on the rota objective that sees whole sessions."""

from __future__ import annotations

from pch_workforce.rota.examples import sessions_problem
from pch_workforce.rota.problem import CoverRequirement, DayShift, FairnessGroup, Location, Problem, ShiftType, Staff
from pch_workforce.rota.relaxation import unsocial_sessions, unsocial_sessions_floor
from pch_workforce.rota.solve import SolveOptions, solve


def one_evening(shares: tuple[int, int]) -> Problem:
    """One evening (Monday) needs one of A and B, any more evening work costs 100 a person; they share
    evenings pro rata to ``shares``."""
    return Problem(
        horizon_days=7,
        shift_types=(ShiftType(id="DAY", length_minutes=480), ShiftType(id="EVE", length_minutes=90)),
        locations=(Location(id="L"),),
        staff=(Staff(id="A", skills=frozenset({"gp"})), Staff(id="B", skills=frozenset({"gp"}))),
        cover=tuple(CoverRequirement(day=day, shift_id="EVE", location_id="L", skill="gp", minimum=int(day == 0),
                                     weight_under=100, weight_over=100) for day in range(7)),
        fairness_groups=(FairnessGroup(id="evenings", staff_ids=("A", "B"), shift_ids=frozenset({"EVE"}), weight=5,
                                       shares=shares),),
    )


def test_a_whole_evening_cannot_be_shared_and_the_floor_knows_it() -> None:
    """By hand: A (share 2) takes it: loads 1 and 0, spread 1, 5 points; B (share 1) would be 2 x 1 = 2
    against 0, 10 points; leaving it uncovered, or both working, or more evenings to even the loads up
    cost 100. The LP spreads the one evening 2:1 and sees nothing."""
    problem = one_evening((2, 1))
    assert unsocial_sessions(problem) == {(0, "EVE"), (1, "EVE"), (2, "EVE"), (3, "EVE"), (4, "EVE"), (5, "EVE"),
                                          (6, "EVE")}
    assert unsocial_sessions_floor(problem) == 5
    report = solve(problem, SolveOptions(time_limit=30, deterministic_time_limit=5, workers=1))
    assert report.objective == 5 and report.best_bound == 5


def test_the_floor_never_exceeds_a_rota_the_engine_finds() -> None:
    for shares in ((1, 1), (3, 1), (9, 4)):
        problem = one_evening(shares)
        report = solve(problem, SolveOptions(time_limit=30, deterministic_time_limit=5, workers=1))
        assert report.objective is not None and unsocial_sessions_floor(problem) <= report.objective


def test_a_copied_problem_looks_up_its_own_staff_not_the_originals():
    """The relaxation is a ``model_copy`` of the problem with other staff; pydantic copies cached
    lookups with the instance, so the copy must drop them or it would find the original staff
    (their contracts and availability) by id."""
    problem = sessions_problem(0, 6, 1, 2)
    original = problem.staff_by_id[problem.staff[0].id]  # cached on the original
    rested = original.model_copy(update={"unavailable_shifts": frozenset(
        DayShift(day=d, shift_id=s.id) for d in problem.days for s in problem.shift_types)})
    copied = problem.model_copy(update={"staff": (rested, *problem.staff[1:])})
    assert copied.staff_by_id[original.id] is rested
    assert original.is_available(0, "AM") and not copied.staff_by_id[original.id].is_available(0, "AM")
    assert problem.staff_by_id[original.id] is original

"""The estate in the mix (issue 19, item 1): face-to-face work fits the practices' clinical rooms.

Zero WISN allowances: 1 FTE = 37.5 clinical hours a week in 10 sessions, so a worked session holds a room
for 3.75 clinical hours. The example practice opens weekday mornings and afternoons: 10 sessions a week.
"""

from __future__ import annotations

import pytest
from ortools.math_opt.python import mathopt

from pch_workforce.mix import Mix, MixDemand, MixOptions, mix_violations, problem_from_inputs, solve_mix
from pch_workforce.mix import solve as mix_solve
from pch_workforce.mix.examples import ExampleRole, ExampleService, example_care_model, example_scenario
from pch_workforce.mix.solve import solve_lexicographic
from pch_workforce.solve_report import SolveStatus

NURSE = [ExampleRole("nurse", 40_000, max_fte=5)]


def solve(services: list[ExampleService], demand: dict[str, float], rooms: int) -> Mix:
    care_model = example_care_model(NURSE, services)
    scenario = example_scenario(NURSE, 1_000_000, clinical_rooms=rooms)
    mix = solve_mix(scenario, care_model, MixDemand(demand), MixOptions())
    assert mix_violations(problem_from_inputs(scenario, care_model, MixDemand(demand)), mix) == []
    return mix


def test_a_room_too_few_leaves_face_to_face_work_unmet_and_says_what_a_room_is_worth() -> None:
    """1 room open 5 mornings of 5 h (1.2 contracted sessions of 4 h 10 each) and 5 afternoons of 5 h 30
    (1.32): 12.6 room-sessions x 3.75 h = 47.25 h = 94.5 contacts of 30 minutes; 100 are asked for, so
    5.5 are unmet. One more room doubles the room-sessions (all 100 met: -5.5); one more 1 h 30 evening
    adds 0.36 of a room-session (1.35 h = 2.7 contacts: -2.7)."""
    mix = solve([ExampleService("clinic", {"nurse": (30, 1.0)})], {"clinic": 100}, rooms=1)
    assert mix.service("clinic").unmet_contacts_per_week == pytest.approx(5.5, abs=1e-3)
    assert "estate_rooms[P1]" in mix.binding_names
    assert mix.service("clinic").why_unmet[0].startswith("estate: the clinical rooms are full at P1")
    estate = mix.estate[0]
    assert estate.room_sessions_per_week == pytest.approx(12.6)
    assert estate.room_sessions_held_per_week == pytest.approx(12.6)
    assert estate.by_session_type == (("AM", pytest.approx(6.0)), ("PM", pytest.approx(6.6)))
    worth = {m.change: m.delta_weighted_unmet_contacts_per_week for m in mix.marginals}
    assert worth["+1 clinical room at P1 Example Surgery"] == pytest.approx(-5.5, abs=1e-3)
    assert worth["+1 evening session a week at P1 Example Surgery"] == pytest.approx(-2.7, abs=1e-3)


def test_remote_work_needs_no_room() -> None:
    """Half of it by telephone: 100 contacts need 50 x 30 min = 25 h in rooms = 6.67 room-sessions of 10."""
    mix = solve([ExampleService("clinic", {"nurse": (30, 1.0)}, remote_share=0.5)], {"clinic": 100}, rooms=1)
    assert mix.unmet_contacts_per_week == 0
    assert mix.estate[0].room_sessions_needed_per_week == pytest.approx(25 / 3.75)
    assert "estate_rooms[P1]" not in mix.binding_names


def test_home_visits_need_no_room_and_a_practice_without_rooms_sees_no_one_there() -> None:
    services = [ExampleService("visits", {"nurse": (30, 1.0)}, home_visit=True),
                ExampleService("clinic", {"nurse": (30, 1.0)})]
    mix = solve(services, {"visits": 40, "clinic": 40}, rooms=0)
    assert mix.service("visits").unmet_contacts_per_week == 0
    assert mix.service("clinic").unmet_contacts_per_week == pytest.approx(40, abs=1e-3)


def test_a_solver_error_is_retried_with_a_looser_tolerance_and_never_a_traceback(monkeypatch) -> None:
    """HiGHS can call a solution a few millionths off a row a solve error. The mix retries once with a looser
    MIP feasibility tolerance; if that fails too, the stage is UNKNOWN with no solution, not an exception."""
    care_model = example_care_model(NURSE, [ExampleService("clinic", {"nurse": (30, 1.0)})])
    problem = problem_from_inputs(example_scenario(NURSE, 1_000_000), care_model, MixDemand({"clinic": 10}))
    real = mathopt.solve
    calls: list[mathopt.SolveParameters] = []

    def first_call_fails(model, solver, params):  # type: ignore[no-untyped-def]
        calls.append(params)
        if len(calls) == 1:
            raise RuntimeError("HighsStatus: kError [INTERNAL]")
        return real(model, solver, params=params)

    monkeypatch.setattr(mix_solve.mathopt, "solve", first_call_fails)
    result = solve_lexicographic(problem, MixOptions(marginals=False))
    assert result.status is SolveStatus.OPTIMAL
    assert calls[1].highs.double_options["mip_feasibility_tolerance"] == mix_solve.RETRY_MIP_FEASIBILITY_TOLERANCE

    def always_fails(model, solver, params):  # type: ignore[no-untyped-def]
        raise RuntimeError("HighsStatus: kError [INTERNAL]")

    monkeypatch.setattr(mix_solve.mathopt, "solve", always_fails)
    failed = solve_lexicographic(problem, MixOptions(marginals=False))
    assert failed.solution is None and failed.status is SolveStatus.UNKNOWN


def _with_access(required_hours: float, room_hours: float = 100.0):
    from dataclasses import replace

    from pch_workforce.mix.problem import EnhancedAccessTerms

    services = [ExampleService("clinic", {"nurse": (30, 1.0)})]
    care_model = example_care_model(NURSE, services)
    scenario = example_scenario(NURSE, 1_000_000)
    problem = problem_from_inputs(scenario, care_model, MixDemand({"clinic": 10}))
    terms = EnhancedAccessTerms(required_hours_per_week=required_hours, roles=frozenset({"nurse"}),
                                room_hours_per_week=room_hours)
    return replace(problem, enhanced_access=terms)


def test_the_team_reserves_the_enhanced_access_hours() -> None:
    """10 contacts of 30 minutes need 5 h: 2 nurse sessions of 3.75 h. The DES asks for 15 h a week of
    enhanced-access appointments, so the mix keeps 4 sessions (15 h), says the rule binds, and the
    checker agrees; the 12 h of rooms open in the windows are 3 h short, which the mix reports."""
    from pch_workforce.mix.stage import solve_mix_problem

    problem = _with_access(15, room_hours=12)
    mix = solve_mix_problem(problem)
    assert mix.role("nurse").sessions == 4
    assert "enhanced_access" in mix.binding_names
    assert mix_violations(problem, mix) == []
    assert mix.enhanced_access is not None
    assert (mix.enhanced_access.team_hours_per_week, mix.enhanced_access.rooms_short_hours) == (15, 3)
    cheaper = mix.model_copy(update={"roles": tuple(r.model_copy(update={"sessions": 3}) for r in mix.roles)})
    assert ("enhanced access: the roles that count hold 11.250 h a week, 15.000 are asked for"
            in mix_violations(problem, cheaper))  # the checker also notices the FTE and costs no longer match


def test_enhanced_access_beyond_the_supply_is_named_as_the_block() -> None:
    """5 FTE of nurses hold at most 187.5 h a week: 200 h of enhanced access cannot be reserved, and the
    diagnosis names the rule."""
    from pch_workforce.mix.checks import diagnose_infeasible

    problem = _with_access(200)
    assert solve_lexicographic(problem, MixOptions(), stages=1).solution is None
    reasons = diagnose_infeasible(problem, MixOptions())
    assert any(r.startswith("the enhanced-access roles cannot hold the 200.0 hours a week") for r in reasons), reasons


def _practices(*rooms_and_travel: tuple[int, int]):  # type: ignore[no-untyped-def]
    """The example site split into practices of 5,000 patients each: (clinical rooms, minutes to the hub)
    per practice, the first the hub."""
    scenario = example_scenario(NURSE, 1_000_000)
    first, count = scenario.practices[0], scenario.population[0]
    practices = tuple(first.model_copy(update={
        "code": f"P{i}", "name": f"Surgery {i}", "list_size": 5_000, "clinical_rooms": rooms, "is_hub": i == 1,
        "travel_minutes_to_hub": travel}) for i, (rooms, travel) in enumerate(rooms_and_travel, start=1))
    population = tuple(count.model_copy(update={"practice": p.code, "patients": 5_000}) for p in practices)
    return scenario.model_copy(update={"practices": practices, "population": population})


def _solve_sites(contacts: float, *rooms_and_travel: tuple[int, int]) -> Mix:
    services = [ExampleService("clinic", {"nurse": (30, 1.0)})]
    care_model, scenario = example_care_model(NURSE, services), _practices(*rooms_and_travel)
    mix = solve_mix(scenario, care_model, MixDemand({"clinic": contacts}), MixOptions(marginals=False))
    assert mix_violations(problem_from_inputs(scenario, care_model, MixDemand({"clinic": contacts})), mix) == []
    return mix


def test_patients_are_seen_at_their_own_practice_while_its_rooms_have_space() -> None:
    """100 contacts of 30 min split half and half: each practice's patients take 25 h = 6.67 room-sessions,
    inside either practice's 12.6. Nobody needs to travel, so nobody is seen elsewhere (the last stage)."""
    mix = _solve_sites(100, (1, 0), (4, 10))
    assert mix.unmet_contacts_per_week == pytest.approx(0, abs=1e-6)
    for line in mix.estate:
        assert line.room_sessions_needed_per_week == pytest.approx(25 / 3.75)
        assert line.seen_elsewhere_per_week == pytest.approx(0, abs=1e-6)
        assert line.room_sessions_held_per_week == pytest.approx(25 / 3.75)


def test_a_full_practice_sends_at_most_its_share_elsewhere_and_only_it_does() -> None:
    """300 contacts: each practice's patients would take 75 h = 20 room-sessions. P1's one room gives 12.6;
    at most a quarter of what its patients are seen for may be elsewhere: x <= 0.25 (12.6 + x), x = 4.2, so
    P1's patients are seen for 16.8 room-sessions. Met contacts are shared by list (half each), so P2's
    patients are seen for 16.8 too: 2 x 16.8 x 3.75 h = 126 h = 252 contacts met, 48 unmet. P2 holds its
    own 16.8 and P1's 4.2, and none of P2's patients travel."""
    mix = _solve_sites(300, (1, 0), (4, 10))
    p1, p2 = mix.estate
    assert mix.unmet_contacts_per_week == pytest.approx(48, abs=1e-3)
    assert p1.room_sessions_held_per_week == pytest.approx(12.6)
    assert p1.seen_elsewhere_per_week == pytest.approx(4.2, abs=1e-4)
    assert p1.room_sessions_needed_per_week == pytest.approx(16.8, abs=1e-4)
    assert p2.room_sessions_needed_per_week == pytest.approx(16.8, abs=1e-4)
    assert p2.seen_elsewhere_per_week == pytest.approx(0, abs=1e-6)
    assert p2.room_sessions_held_per_week == pytest.approx(21, abs=1e-4)


@pytest.mark.parametrize("near_first", [True, False])
def test_a_full_practice_sends_its_patients_to_the_nearest_practice_with_rooms(near_first: bool) -> None:
    """Three practices of 5,000 and 450 contacts (150 each). P1, the hub, has one room (12.6 room-sessions,
    less than its patients need, so some go elsewhere); the other two are 10 and 40 minutes from the hub,
    each with four rooms and free room-sessions. All of P1's overflow goes to the nearer; the farther holds
    only its own patients (both orders: an unweighted tie-break always picked the last practice)."""
    near, far = (4, 10), (4, 40)
    mix = _solve_sites(450, (1, 0), *((near, far) if near_first else (far, near)))
    p1 = mix.estate[0]
    nearer, farther = (mix.estate[1], mix.estate[2]) if near_first else (mix.estate[2], mix.estate[1])
    assert p1.room_sessions_held_per_week == pytest.approx(12.6)
    assert p1.seen_elsewhere_per_week > 1.0
    assert farther.room_sessions_held_per_week == pytest.approx(farther.room_sessions_needed_per_week, abs=1e-4)
    assert nearer.room_sessions_held_per_week == pytest.approx(
        nearer.room_sessions_needed_per_week + p1.seen_elsewhere_per_week, abs=1e-4)

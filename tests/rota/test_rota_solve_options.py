"""Solver settings reach ``solver.parameters``; same seed and deterministic limit, same rota;
one function chooses the strategy; the report says why the search stopped."""

from __future__ import annotations

from ortools.sat.python import cp_model

from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.examples import sessions_problem
from pch_workforce.rota.problem import Rota
import pytest

from pch_workforce.rota.report import StoppedBy
from pch_workforce.rota.search import LINEARIZATION_LEVEL, configure_solver
from pch_workforce.rota.solve import Progress, SolveOptions, choose_strategy, solve, warm_start
from pch_workforce.rota.strategies import plain, repair
from pch_workforce.solve_report import SolveStatus, relative_gap

from rota_helpers import two_staff_three_days


def test_options_are_applied_to_solver_parameters():
    solver = cp_model.CpSolver()
    configure_solver(solver, SolveOptions(time_limit=12.5, deterministic_time_limit=3.0, workers=3, seed=42))
    params = solver.parameters
    assert params.num_workers == 3
    assert params.random_seed == 42
    assert params.max_deterministic_time == 3.0
    assert params.max_time_in_seconds == 12.5
    assert params.linearization_level == LINEARIZATION_LEVEL == 2
    assert params.interleave_search  # deterministic parallel search


def test_non_deterministic_mode_leaves_the_portfolio_free():
    solver = cp_model.CpSolver()
    configure_solver(solver, SolveOptions(workers=8, deterministic=False))
    assert solver.parameters.num_workers == 8 and not solver.parameters.interleave_search


def test_same_seed_and_deterministic_limit_give_the_same_rota():
    problem = sessions_problem(seed=7, n_staff=5, weeks=1, n_locations=2)
    options = SolveOptions(time_limit=None, deterministic_time_limit=0.5, workers=2, seed=5)
    first, second = solve(problem, options), solve(problem, options)
    assert first.status.has_solution
    assert first.rota == second.rota
    assert first.objective == second.objective
    assert (first.workers, first.seed, first.deterministic_time_limit) == (2, 5, 0.5)
    assert check_rota(problem, first.rota).objective == first.objective


def test_progress_callback_sees_best_so_far():
    seen: list[Progress] = []
    problem = sessions_problem(seed=1, n_staff=4, weeks=1)
    report = solve(problem, SolveOptions(deterministic_time_limit=1.0, workers=1,
                                         progress_callback=seen.append, warm_start="none"))
    assert seen and all(p.best_bound <= p.objective for p in seen)
    assert seen[-1].objective == report.objective


def test_log_callback_receives_the_search_log():
    lines: list[str] = []
    solve(sessions_problem(seed=2, n_staff=3), SolveOptions(deterministic_time_limit=0.5, workers=1,
                                                           log_callback=lines.append))
    assert any("CP-SAT" in line for line in lines)


def test_hint_from_previous_rota_is_accepted_and_kept_when_optimal():
    problem = sessions_problem(seed=3, n_staff=3, weeks=1, n_locations=1)
    first = solve(problem, SolveOptions(time_limit=20, workers=1))
    assert first.status == SolveStatus.OPTIMAL
    again = solve(problem, SolveOptions(time_limit=20, workers=1, hint=first.rota, warm_start="none"))
    assert again.objective == first.objective


def test_relative_gap():
    assert relative_gap(100, 90) == 0.1
    assert relative_gap(0, 0) == 0
    assert relative_gap(None, 3) is None
    assert SolveStatus.from_cp_sat(cp_model.FEASIBLE) == SolveStatus.FEASIBLE
    assert SolveStatus.from_cp_sat(cp_model.UNKNOWN) == SolveStatus.UNKNOWN


def test_warm_start_is_reported_when_the_search_finds_nothing_in_time():
    """A limit too short for CP-SAT to finish presolve: the (feasible) warm start is the rota."""
    problem = sessions_problem(5, n_staff=10, weeks=2, n_locations=3)
    seen: list[Progress] = []
    options = SolveOptions(time_limit=30, deterministic_time_limit=1e-6, workers=1, progress_callback=seen.append)
    report = solve(problem, options)
    assert report.status == SolveStatus.FEASIBLE
    assert [p.objective for p in seen] == [report.objective]  # announced once, before the search
    assert seen[0].source == "warm start"
    start = warm_start(problem, options)
    assert set(report.rota.assignments) == set(start.assignments)
    verdict = check_rota(problem, report.rota)
    assert verdict.ok and verdict.objective == report.objective
    assert report.best_bound <= report.objective


def test_no_warm_start_and_no_time_means_no_rota():
    problem = sessions_problem(5, n_staff=10, weeks=2, n_locations=3)
    report = solve(problem, SolveOptions(time_limit=30, deterministic_time_limit=1e-6, warm_start="none"))
    assert report.status == SolveStatus.UNKNOWN and report.rota is None


def test_the_warm_start_is_announced_before_the_search_improves_on_it():
    problem = sessions_problem(2, n_staff=12, weeks=2, n_locations=3)
    seen: list[Progress] = []
    options = SolveOptions(time_limit=30, deterministic_time_limit=5.0, workers=1, progress_callback=seen.append)
    report = solve(problem, options)
    first, later = seen[0], seen[1:]
    assert first.source == "warm start"
    assert first.objective == check_rota(problem, warm_start(problem, options)).objective
    assert later and all(p.source == "search" for p in later)
    objectives, seconds = [p.objective for p in seen], [p.seconds for p in seen]
    assert objectives == sorted(objectives, reverse=True) and len(set(objectives)) == len(objectives)  # best so far
    assert seconds == sorted(seconds)  # one clock, from the start of the solve
    assert seen[-1].objective == report.objective < first.objective


def test_a_hint_that_breaks_a_hard_rule_is_not_announced():
    """An empty rota breaks everyone's contract: the first rota announced comes from the search."""
    problem = sessions_problem(2, n_staff=6, weeks=1, n_locations=2)
    seen: list[Progress] = []
    solve(problem, SolveOptions(time_limit=30, deterministic_time_limit=2.0, workers=1,
                                hint=Rota(), progress_callback=seen.append))
    assert check_rota(problem, Rota()).violations
    assert seen and all(p.source == "search" for p in seen)


def test_a_negative_solver_bound_is_reported_as_zero():
    """Every penalty is non-negative, so the report never shows a bound below 0 (CP-SAT gave
    -1,265 on a large site it stopped early); the gap is then measured from 0."""
    import importlib

    from pch_workforce.rota.incumbent import evaluate
    from pch_workforce.rota.model import build_model

    solve_module = importlib.import_module("pch_workforce.rota.solve")  # the package re-exports solve()

    problem = sessions_problem(1, 6, 1, 2)
    rota = warm_start(problem, SolveOptions(time_limit=10, deterministic_time_limit=5))
    incumbent = evaluate(build_model(problem), rota.keys())
    common = solve_module._report_fields(SolveOptions(), 0.0, SolveStatus.FEASIBLE, 0.0, None)
    report = solve_module._solution_report(incumbent, common, -1265.0)
    assert report.objective > 0 and report.best_bound == 0
    assert report.gap == relative_gap(report.objective, 0) == 1.0
    verdict = check_rota(problem, report.rota)
    assert verdict.ok and verdict.objective == report.objective  # the rota read back as it was


def test_auto_repairs_where_rooms_can_be_overbooked_and_searches_plainly_elsewhere():
    plain_site = sessions_problem(1, 6, 1, 2)
    assert not plain_site.has_room_limits
    assert choose_strategy(plain_site, SolveOptions()) is plain.run
    assert choose_strategy(plain_site, SolveOptions(strategy="repair")) is repair.run
    with_rooms = _with_one_room_each(plain_site)
    assert with_rooms.has_room_limits
    assert choose_strategy(with_rooms, SolveOptions()) is repair.run
    assert choose_strategy(with_rooms, SolveOptions(strategy="search")) is plain.run


def _with_one_room_each(problem):
    locations = tuple(loc.model_copy(update={"rooms": 1}) for loc in problem.locations)
    return problem.model_copy(update={"locations": locations, "overbooked_room_weight": 1})


def test_the_decomposition_is_chosen_only_by_name_and_needs_a_wall_clock_limit():
    problem = sessions_problem(1, 6, 1, 2)
    from pch_workforce.rota.decomposition import strategy

    assert choose_strategy(problem, SolveOptions(strategy="decomposition", time_limit=10)) is strategy.run
    with pytest.raises(ValueError, match="time_limit"):
        choose_strategy(problem, SolveOptions(strategy="decomposition", time_limit=None))
    with pytest.raises(ValueError, match="unknown rota strategy"):
        choose_strategy(problem, SolveOptions(strategy="greedy"))


def test_the_report_says_the_search_was_stopped_by_its_deterministic_limit():
    problem = sessions_problem(seed=1, n_staff=12, weeks=2, n_locations=3)
    report = solve(problem, SolveOptions(time_limit=60, deterministic_time_limit=0.3, workers=1))
    assert report.status == SolveStatus.FEASIBLE and report.stopped_by == StoppedBy.DETERMINISTIC_LIMIT
    assert report.deterministic_time == pytest.approx(0.3, abs=0.01)


def test_the_report_says_the_search_proved_its_rota_optimal():
    report = solve(two_staff_three_days(), SolveOptions(deterministic_time_limit=5.0, workers=1))
    assert report.status == SolveStatus.OPTIMAL and report.stopped_by == StoppedBy.OPTIMAL


def test_the_report_says_the_search_was_stopped_by_the_wall_clock():
    """No deterministic limit and a wall-clock limit far too short to prove this one optimal."""
    problem = sessions_problem(seed=5, n_staff=40, weeks=4, n_locations=4)
    report = solve(problem, SolveOptions(time_limit=1.0, workers=1, warm_start="none"))
    assert report.status != SolveStatus.OPTIMAL and report.stopped_by == StoppedBy.TIME_LIMIT


def test_the_report_says_an_infeasible_problem_was_proved_so():
    from rota_helpers import FAST, person, tiny

    report = solve(tiny([person(min_sessions_per_week=8)]), FAST)  # one session a day, seven days
    assert report.status == SolveStatus.INFEASIBLE and report.stopped_by == StoppedBy.INFEASIBLE


def test_a_run_stopped_short_of_both_limits_without_a_proof_was_interrupted():
    """CP-SAT does not say why it stopped: each run compares its work with its own limits."""
    from types import SimpleNamespace

    from pch_workforce.rota.search import stop_reason

    def run(deterministic: float, wall: float) -> SimpleNamespace:
        limits = SimpleNamespace(max_deterministic_time=10.0, max_time_in_seconds=100.0)
        return SimpleNamespace(parameters=limits, deterministic_time=deterministic, wall_time=wall)

    assert stop_reason(run(10.0, 30.0), SolveStatus.FEASIBLE) == StoppedBy.DETERMINISTIC_LIMIT
    assert stop_reason(run(4.0, 100.0), SolveStatus.FEASIBLE) == StoppedBy.TIME_LIMIT
    assert stop_reason(run(4.0, 30.0), SolveStatus.UNKNOWN) == StoppedBy.INTERRUPTED
    assert stop_reason(run(4.0, 30.0), SolveStatus.OPTIMAL) == StoppedBy.OPTIMAL



def test_a_phase_left_the_smallest_time_limit_stopped_on_time_not_by_ctrl_c():
    """A phase that starts with the clock nearly spent gets 0.1 s, and CP-SAT stops a few ms short of it
    (seen: 0.095 s of 0.1); that is the time limit, which the plan must report as such."""
    from types import SimpleNamespace

    from pch_workforce.rota.search import stop_reason

    run = SimpleNamespace(parameters=SimpleNamespace(max_deterministic_time=1e5, max_time_in_seconds=0.1),
                          deterministic_time=0.011, wall_time=0.0949)
    assert stop_reason(run, SolveStatus.UNKNOWN) == StoppedBy.TIME_LIMIT


def test_the_plain_search_is_one_whole_model_run_for_all_the_time(monkeypatch):
    from pch_workforce.rota import lns
    from pch_workforce.rota.search import Search

    shares: list[float] = []
    real = Search.cp_sat

    def spy(self, share, *args, **kwargs):
        shares.append(share)
        return real(self, share, *args, **kwargs)

    def no_lns(*args, **kwargs):
        raise AssertionError("the plain search ran the LNS")

    monkeypatch.setattr(Search, "cp_sat", spy)
    monkeypatch.setattr(lns, "improve", no_lns)
    monkeypatch.setattr(lns, "sweep", no_lns)
    problem = sessions_problem(seed=1, n_staff=12, weeks=2, n_locations=3)
    report = solve(problem, SolveOptions(time_limit=60, deterministic_time_limit=0.3, strategy="search"))
    assert shares == [1.0] and report.status.has_solution and check_rota(problem, report.rota).ok


def test_the_progress_line_hears_only_of_rotas_better_than_any_before():
    """A later phase's search may start from scratch and find a worse rota than an earlier
    phase's: the progress callback is not told of it."""
    import importlib

    solve_module = importlib.import_module("pch_workforce.rota.solve")
    seen: list[float] = []
    announce = solve_module._best_so_far(lambda p: seen.append(p.objective))
    for objective in (10, 12, 9, 9, 4):
        announce(Progress(0.0, objective, 0.0))
    assert seen == [10, 9, 4]

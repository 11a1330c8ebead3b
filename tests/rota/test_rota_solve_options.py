"""Solver settings reach ``solver.parameters``; same seed and deterministic limit, same rota."""

from __future__ import annotations

from ortools.sat.python import cp_model

from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.examples import sessions_problem
from pch_workforce.rota.problem import Rota
from pch_workforce.rota.solve import Progress, SolveOptions, configure_solver, solve, warm_start
from pch_workforce.solve_report import SolveStatus, relative_gap


def test_options_are_applied_to_solver_parameters():
    solver = cp_model.CpSolver()
    configure_solver(solver, SolveOptions(time_limit=12.5, deterministic_time_limit=3.0, workers=3,
                                          seed=42, linearization_level=1))
    params = solver.parameters
    assert params.num_workers == 3
    assert params.random_seed == 42
    assert params.max_deterministic_time == 3.0
    assert params.max_time_in_seconds == 12.5
    assert params.linearization_level == 1
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

    from pch_workforce.rota.model import build_model

    solve_module = importlib.import_module("pch_workforce.rota.solve")  # the package re-exports solve()

    problem = sessions_problem(1, 6, 1, 2)
    rota = warm_start(problem, SolveOptions(time_limit=10, deterministic_time_limit=5))
    bm = build_model(problem)
    holding = solve_module._solver_holding(bm, solve_module._hint_values(bm, rota))
    common = solve_module._report_fields(SolveOptions(), 0.0, SolveStatus.FEASIBLE, 0.0)
    report = solve_module._solution_report(bm, holding, common, -1265.0)
    assert report.objective > 0 and report.best_bound == 0
    assert report.gap == relative_gap(report.objective, 0) == 1.0

"""The benchmark strategy (CP-SAT, rota-shaped LNS, CP-SAT polish) returns checked rotas."""

from __future__ import annotations

import sys

from rota_helpers import curtois_instance

from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.examples import sessions_problem
from pch_workforce.rota.greedy import sequential_rota
from pch_workforce.rota.lns import improve
from pch_workforce.rota.model import build_model
from pch_workforce.rota.solve import SolveOptions, solve


def test_lns_never_worsens_and_stays_feasible():
    problem = sessions_problem(seed=11, n_staff=8, weeks=2, n_locations=2)
    start = sequential_rota(problem)
    bm = build_model(problem)
    chosen = {(a.staff_id, a.day, a.shift_id, a.location_id) for a in start.assignments}
    values = {key: int(key in chosen) for key in bm.x}
    first = check_rota(problem, start)
    assert first.ok
    result = improve(bm, values, first.objective, seconds=2.0, seed=3)
    assert result.objective <= first.objective
    assert result.iterations > 0
    # the LNS rota, read back from its values, checks out with the objective it claims
    from pch_workforce.rota.problem import Assignment, Rota

    rota = Rota(assignments=tuple(
        Assignment(staff_id=s, day=d, shift_id=sh, location_id=loc)
        for (s, d, sh, loc), v in result.values.items() if v
    ))
    verdict = check_rota(problem, rota)
    assert verdict.ok and verdict.objective == result.objective


def test_phased_solve_on_a_curtois_instance_is_checked():
    problem = curtois_instance("Instance4")
    report = solve(problem, SolveOptions(time_limit=8, workers=2, deterministic=False, lns_fraction=0.5))
    assert report.status.has_solution
    verdict = check_rota(problem, report.rota)
    assert verdict.ok
    assert verdict.objective == report.objective
    assert report.best_bound <= report.objective
    assert report.objective >= 1716  # the proven optimum


def test_ctrl_c_during_the_lns_keeps_its_best_rota_and_runs_nothing_more(monkeypatch):
    """A KeyboardInterrupt from a sub-solve (Ctrl-C; the sub-solves leave SIGINT to Python)
    ends the LNS with the best rota so far; in the repair (where the week sweep makes the
    sub-solves) the solve then reports it without searching or polishing."""
    from pch_workforce.rota import lns
    from pch_workforce.solve_report import SolveStatus

    real, calls = lns._sub_solve, []

    def sub_solve(*args, **kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(lns, "_sub_solve", sub_solve)
    problem = sessions_problem(seed=11, n_staff=8, weeks=2, n_locations=2)
    bm = build_model(problem)
    chosen = sequential_rota(problem).keys()
    values = {key: int(key in chosen) for key in bm.x}
    result = improve(bm, values, check_rota(problem, sequential_rota(problem)).objective, seconds=30.0, seed=3, threads=1)
    assert result.interrupted and result.iterations == 4

    solve_module = sys.modules["pch_workforce.rota.solve"]  # the package exports solve() under this name

    def nothing_after_ctrl_c(*args, **kwargs):
        raise AssertionError("searched or polished after Ctrl-C")

    monkeypatch.setattr(solve_module, "_polish", nothing_after_ctrl_c)
    monkeypatch.setattr(solve_module, "_run", nothing_after_ctrl_c)
    calls.clear()
    calls.extend([1, 1])  # the next sub-solve is the 4th call: interrupted at once
    problem = sessions_problem(seed=1, n_staff=12, weeks=2, n_locations=3)  # the repair tests' case
    report = solve(problem, SolveOptions(time_limit=60, deterministic_time_limit=0.3, workers=1,
                                         repair_with_lns=True))
    assert len(calls) == 4 and report.status == SolveStatus.FEASIBLE
    verdict = check_rota(problem, report.rota)
    assert verdict.ok and verdict.objective == report.objective


def _start(problem):
    start = sequential_rota(problem)
    bm = build_model(problem)
    chosen = start.keys()
    return bm, {key: int(key in chosen) for key in bm.x}, check_rota(problem, start).objective


def test_deterministic_lns_leaves_the_clock_as_a_safety_net(monkeypatch):
    """With a deterministic budget, no sub-solve is cut by a short wall-clock cap (a 2 s cap made
    two runs of the shipped site differ, 5,830 against 5,771, with the same seed and limit):
    each gets the LNS's whole remaining time, and its deterministic share stops it. Without a
    budget, sub-solves keep the 2 s cap."""
    from pch_workforce.rota import lns

    caps: list[float] = []
    original = lns._sub_solve

    def spy(bm, current, objective, free_staff, free_days, seconds, *args, **kwargs):
        caps.append(seconds)
        return original(bm, current, objective, free_staff, free_days, seconds, *args, **kwargs)

    monkeypatch.setattr(lns, "_sub_solve", spy)
    bm, values, objective = _start(sessions_problem(seed=11, n_staff=8, weeks=2, n_locations=2))
    lns.improve(bm, values, objective, seconds=30.0, seed=3, threads=1, deterministic_seconds=0.3)
    assert caps and min(caps) > 20.0
    caps.clear()
    lns.improve(bm, values, objective, seconds=1.0, seed=3, threads=1)
    assert caps and max(caps) <= 2.0


def test_deterministic_phases_get_the_whole_wall_clock_as_a_safety_net():
    """A phase of a deterministic solve is stopped by its deterministic share; its wall-clock
    limit is what is left of the whole, not the same share of it."""
    import importlib
    import time

    solve_module = importlib.import_module("pch_workforce.rota.solve")  # the package re-exports solve()
    bm = build_model(sessions_problem(seed=11, n_staff=8, weeks=2, n_locations=2))
    start = time.perf_counter()
    options = SolveOptions(time_limit=50, deterministic_time_limit=0.2)
    _, solver = solve_module._run_model(bm.model, options, start, 0.4)
    assert solver.parameters.max_time_in_seconds > 45
    assert abs(solver.parameters.max_deterministic_time - 0.08) < 1e-9
    _, timed = solve_module._run_model(bm.model, SolveOptions(time_limit=50), start, 0.4)
    assert timed.parameters.max_time_in_seconds < 21


def test_sweep_blocks_take_each_team_over_each_week_then_weeks_shifted_by_half(monkeypatch):
    """Teams are whole home locations, at most SWEEP_MAX_PEOPLE a team unless one location is
    bigger; pass one takes days 0-6 and 7-13, pass two 3-9 and 7-13 (the last week clipped)."""
    from pch_workforce.rota import lns

    problem = sessions_problem(seed=1, n_staff=12, weeks=2, n_locations=3)
    homes: dict[str, list[str]] = {}
    for s in problem.staff:
        homes.setdefault(s.home_location, []).append(s.id)
    sizes = sorted(len(ids) for ids in homes.values())
    monkeypatch.setattr(lns, "SWEEP_MAX_PEOPLE", sizes[-1])  # no two locations fit in one team
    blocks = lns.sweep_blocks(build_model(problem))
    teams = [team for team, days in blocks if days == range(0, 7)]
    assert sorted(len(t) for t in teams) == sizes
    assert sorted(sorted(t) for t in teams) == sorted(sorted(ids) for ids in homes.values())
    assert [days for _, days in blocks][:: len(teams)] == [range(0, 7), range(7, 14), range(3, 10), range(7, 14)]
    assert len(blocks) == 4 * len(teams)
    monkeypatch.setattr(lns, "SWEEP_MAX_PEOPLE", 80)
    assert [(len(team), days) for team, days in lns.sweep_blocks(build_model(problem))][:1] == [(12, range(0, 7))]


def test_sweep_improves_a_start_reproducibly_and_its_rota_checks_out():
    from pch_workforce.rota.lns import sweep
    from pch_workforce.rota.problem import Assignment, Rota

    problem = sessions_problem(seed=11, n_staff=8, weeks=2, n_locations=2)
    bm, values, objective = _start(problem)
    first = sweep(bm, values, objective, seconds=60.0, seed=3, deterministic_seconds=2.0)
    again = sweep(bm, values, objective, seconds=60.0, seed=3, deterministic_seconds=2.0)
    assert first.values == again.values and first.objective == again.objective
    assert first.objective < objective and first.improvements > 0
    rota = Rota(assignments=tuple(
        Assignment(staff_id=s, day=d, shift_id=sh, location_id=loc)
        for (s, d, sh, loc), v in first.values.items() if v
    ))
    verdict = check_rota(problem, rota)
    assert verdict.ok and verdict.objective == first.objective

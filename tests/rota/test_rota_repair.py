"""The repair strategy (:mod:`pch_workforce.rota.strategies.repair`), for rooms and large
sites: the week sweep improves the starting rota before the whole-model search, within the
deterministic budget; it is reproducible, what it returns keeps every hard rule, and without
rooms or ``strategy="repair"`` it does not run."""

from __future__ import annotations

import pytest

from pch_workforce.rota import lns
from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.examples import sessions_problem
from pch_workforce.rota.report import StoppedBy
from pch_workforce.rota.solve import SolveOptions, solve
from pch_workforce.solve_report import SolveStatus

from rota_helpers import two_staff_three_days


def _spy(monkeypatch: pytest.MonkeyPatch, name: str) -> list[dict]:
    """Every call of ``lns.<name>`` during the test: its start, result and budget."""
    calls: list[dict] = []
    original = getattr(lns, name)

    def spy(bm, values, objective, seconds, **kwargs):
        result = original(bm, values, objective, seconds, **kwargs)
        calls.append({"start": objective, "result": result.objective, **kwargs})
        return result

    monkeypatch.setattr(lns, name, spy)
    return calls


@pytest.fixture
def lns_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Every call of the random LNS (``lns.improve``)."""
    return _spy(monkeypatch, "improve")


@pytest.fixture
def sweep_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Every call of the week sweep (``lns.sweep``)."""
    return _spy(monkeypatch, "sweep")


def _short_search() -> SolveOptions:
    """Too little deterministic time for the whole model to prove this problem optimal."""
    return SolveOptions(time_limit=60, deterministic_time_limit=0.3, workers=1, seed=0, strategy="repair")


def test_the_sweep_improves_the_start_before_the_search_and_keeps_every_hard_rule(sweep_calls, lns_calls):
    problem = sessions_problem(seed=1, n_staff=12, weeks=2, n_locations=3)
    report = solve(problem, _short_search())
    assert report.status == SolveStatus.FEASIBLE
    [call] = sweep_calls
    assert 0 < call["deterministic_seconds"] <= 0.3
    assert report.objective <= call["result"] < call["start"]  # the search starts from the swept rota
    assert lns_calls == []  # the whole model, hinted with it, gets the rest
    check = check_rota(problem, report.rota)
    assert check.ok and check.objective == report.objective
    assert report.best_bound <= report.objective
    assert report.deterministic_time == pytest.approx(0.3, abs=0.05)  # the whole budget, no more
    assert report.stopped_by == StoppedBy.DETERMINISTIC_LIMIT


def test_without_a_starting_rota_the_random_lns_repairs_instead(sweep_calls, lns_calls):
    problem = sessions_problem(seed=1, n_staff=12, weeks=2, n_locations=3)
    options = SolveOptions(time_limit=60, deterministic_time_limit=1.0, workers=1, seed=0, strategy="repair",
                           warm_start="none")
    report = solve(problem, options)
    assert sweep_calls == []
    # optimal only if HiGHS's bound (rota/highs_bound.py) meets the rota after the search
    assert report.status.has_solution and check_rota(problem, report.rota).ok
    [call] = lns_calls  # the whole model stopped short of the optimum: the LNS repairs its rota
    assert call["threads"] == 1 and report.objective <= call["result"] <= call["start"]
    assert call["deterministic_seconds"] < 1.0  # its share of the budget; the polish has the rest
    assert report.deterministic_time == pytest.approx(1.0, abs=0.05)


def test_lns_repair_is_reproducible():
    problem = sessions_problem(seed=1, n_staff=12, weeks=2, n_locations=3)
    first, second = solve(problem, _short_search()), solve(problem, _short_search())
    assert first.rota == second.rota and first.objective == second.objective


def test_no_lns_when_the_search_proves_the_optimum(lns_calls):
    problem = two_staff_three_days()
    report = solve(problem, SolveOptions(deterministic_time_limit=5.0, workers=1, strategy="repair"))
    assert report.status == SolveStatus.OPTIMAL
    assert lns_calls == []


def test_no_lns_by_default(lns_calls, sweep_calls):
    problem = sessions_problem(seed=1, n_staff=12, weeks=2, n_locations=3)
    options = SolveOptions(time_limit=60, deterministic_time_limit=0.3, workers=1)
    report = solve(problem, options)
    assert report.status.has_solution and lns_calls == [] and sweep_calls == []
    assert check_rota(problem, report.rota).ok


def test_the_sweep_is_skipped_when_the_start_breaks_a_hard_rule(sweep_calls, lns_calls):
    """An empty hint breaks every contract: nothing to sweep, so the whole model searches first
    and the random LNS repairs its rota."""
    from pch_workforce.rota.problem import Rota

    problem = sessions_problem(seed=1, n_staff=12, weeks=2, n_locations=3)
    options = SolveOptions(time_limit=60, deterministic_time_limit=1.0, workers=1, strategy="repair", hint=Rota())
    report = solve(problem, options)
    assert sweep_calls == [] and len(lns_calls) == 1
    assert report.status.has_solution and check_rota(problem, report.rota).ok


def test_rooms_choose_the_repair_without_asking(sweep_calls):
    """Rooms that can be overbooked couple people beyond the cover lines: ``auto`` repairs."""
    problem = sessions_problem(seed=1, n_staff=12, weeks=2, n_locations=3)
    rooms = tuple(loc.model_copy(update={"rooms": 2}) for loc in problem.locations)
    problem = problem.model_copy(update={"locations": rooms, "overbooked_room_weight": 5})
    report = solve(problem, SolveOptions(time_limit=60, deterministic_time_limit=0.3, workers=1))
    assert len(sweep_calls) == 1
    check = check_rota(problem, report.rota)
    assert check.ok and check.objective == report.objective

"""The default path's LNS repair: it runs only when the whole-model search stops short, it is
reproducible, and what it returns keeps every hard rule."""

from __future__ import annotations

import pytest

from pch_workforce.rota import lns
from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.examples import sessions_problem
from pch_workforce.rota.solve import SolveOptions, solve
from pch_workforce.solve_report import SolveStatus

from rota_helpers import two_staff_three_days


@pytest.fixture
def lns_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Every call of ``lns.improve`` during the test: its start, result and budget."""
    calls: list[dict] = []
    original = lns.improve

    def spy(bm, values, objective, seconds, **kwargs):
        result = original(bm, values, objective, seconds, **kwargs)
        calls.append({"start": objective, "result": result.objective, **kwargs})
        return result

    monkeypatch.setattr(lns, "improve", spy)
    return calls


def _short_search() -> SolveOptions:
    """Too little deterministic time for the whole model to prove this problem optimal."""
    return SolveOptions(time_limit=60, deterministic_time_limit=0.3, workers=1, seed=0, repair_with_lns=True)


def test_lns_repairs_a_search_that_stops_short_and_keeps_every_hard_rule(lns_calls):
    problem = sessions_problem(seed=1, n_staff=12, weeks=2, n_locations=3)
    report = solve(problem, _short_search())
    assert report.status == SolveStatus.FEASIBLE
    [call] = lns_calls
    assert call["threads"] == 1 and 0 < call["deterministic_seconds"] < 0.3
    assert report.objective <= call["result"] <= call["start"]
    check = check_rota(problem, report.rota)
    assert check.ok and check.objective == report.objective
    assert report.best_bound <= report.objective
    assert report.deterministic_time == pytest.approx(0.3, abs=0.05)  # the whole budget, no more


def test_lns_repair_is_reproducible():
    problem = sessions_problem(seed=1, n_staff=12, weeks=2, n_locations=3)
    first, second = solve(problem, _short_search()), solve(problem, _short_search())
    assert first.rota == second.rota and first.objective == second.objective


def test_no_lns_when_the_search_proves_the_optimum(lns_calls):
    problem = two_staff_three_days()
    report = solve(problem, SolveOptions(deterministic_time_limit=5.0, workers=1, repair_with_lns=True))
    assert report.status == SolveStatus.OPTIMAL
    assert lns_calls == []


def test_no_lns_by_default(lns_calls):
    problem = sessions_problem(seed=1, n_staff=12, weeks=2, n_locations=3)
    options = SolveOptions(time_limit=60, deterministic_time_limit=0.3, workers=1)
    report = solve(problem, options)
    assert report.status.has_solution and lns_calls == []
    assert check_rota(problem, report.rota).ok

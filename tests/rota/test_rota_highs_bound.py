"""HiGHS's bound beside the search (:mod:`pch_workforce.rota.highs_bound`): exact where the answer
is known by hand, never above a rota the independent checker prices, the same on every run, and
reported by the solve."""

from __future__ import annotations

import pytest
from rota_helpers import FAST, person, tiny

from pch_workforce.rota import highs_bound
from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.examples import sessions_problem
from pch_workforce.rota.highs_bound import BackgroundBound
from pch_workforce.rota.model import build_model
from pch_workforce.rota.problem import CoverRequirement, FairnessGroup, Location, Problem, SupervisorOnSite
from pch_workforce.rota.solve import SolveOptions, solve
from pch_workforce.solve_report import SolveStatus


@pytest.fixture(params=["root cuts", "LP"])
def method(request, monkeypatch):
    """Both ways the bound is worked out: the MIP root node (small models) and the LP (large)."""
    if request.param == "LP":
        monkeypatch.setattr(highs_bound, "ROOT_CUTS_MAX_VARIABLES", 0)
    return request.param


def bound_of(problem: Problem) -> int | None:
    return BackgroundBound(build_model(problem).model, seconds=60).result(wait=None)


def cover_one_a_day(days: int, **kw) -> tuple[CoverRequirement, ...]:
    return tuple(CoverRequirement(day=d, shift_id="D", location_id="ward", minimum=1, **kw) for d in range(days))


def test_a_shortfall_forced_by_contracts_is_proved(method):
    """Cover of one a day for four days; A may work one D, B two: a day is short (100) whatever
    the rota, and already the LP counts it."""
    problem = tiny([person("A", max_shifts_per_type={"D": 1}), person("B", max_shifts_per_type={"D": 2})],
                   days=4, cover=cover_one_a_day(4))
    assert bound_of(problem) == 100


def test_the_lp_shares_a_fairness_group_fractionally_and_the_bound_stays_below_the_optimum(method):
    """Three D shifts, one person each (a second costs 100), shared fairly by A and B (weight 5):
    the optimum is 5 (two against one), but the LP gives each 1.5 and prices the rule at 0."""
    group = FairnessGroup(id="g", staff_ids=("A", "B"), weight=5)
    problem = tiny([person("A"), person("B")], days=3, cover=cover_one_a_day(3, weight_over=100),
                   fairness_groups=(group,))
    bound = bound_of(problem)
    assert bound == 0 if method == "LP" else 0 <= bound <= 5
    assert solve(problem, FAST).objective == 5


def _pch_like(seed: int, n_staff: int = 6) -> Problem:
    """A seeded PCH-like problem with every rule that couples people: fairness (in the example),
    rooms at the first practice and nurses supervised by a GP."""
    base = sessions_problem(seed=seed, n_staff=n_staff, weeks=1, n_locations=2)
    first, *rest = base.locations
    return base.model_copy(update={
        "locations": (Location(id=first.id, rooms=1), *rest),
        "overbooked_room_weight": 7,
        "supervision": (SupervisorOnSite(id="sup", supervised=frozenset({"NURSE"}), by=frozenset({"GP"}),
                                         shift_ids=frozenset({"SAT"})),) if seed % 2 else (),
    })


@pytest.mark.parametrize("seed", range(6))
def test_the_bound_never_exceeds_a_checked_rota_and_repeats(seed, method):
    problem = _pch_like(seed)
    report = solve(problem, SolveOptions(time_limit=20, deterministic_time_limit=0.5, workers=1, seed=0))
    verdict = check_rota(problem, report.rota)
    assert verdict.ok
    bound = bound_of(problem)
    assert bound is not None
    assert 0 <= bound <= verdict.objective
    assert bound_of(problem) == bound  # deterministic: same model, same bound
    assert report.best_bound >= bound  # the solve reports it (or better)


def test_the_report_carries_the_bound_when_the_search_stops_early():
    """CP-SAT stopped at once proves next to nothing; the reported bound is HiGHS's."""
    problem = _pch_like(3, n_staff=4)
    report = solve(problem, SolveOptions(time_limit=20, deterministic_time_limit=0.001, workers=1, seed=0))
    assert report.status == SolveStatus.FEASIBLE
    assert report.best_bound >= bound_of(problem) > 0


def test_a_bound_not_ready_in_time_is_none_and_cancelled():
    bound = BackgroundBound(build_model(sessions_problem(seed=0, n_staff=30, weeks=4)).model, seconds=60)
    assert bound.result(wait=0) is None
    bound.cancel()  # again, harmlessly
    assert bound.result(wait=None) is None


def test_a_model_without_objective_or_too_large_gets_no_bound(monkeypatch):
    no_cost = tiny([person("A")], days=2)
    assert bound_of(no_cost) is None
    monkeypatch.setattr(highs_bound, "MAX_VARIABLES", 1)
    assert bound_of(tiny([person("A")], days=2, cover=cover_one_a_day(2))) is None


def test_rounding_up_allows_for_the_solver_tolerance():
    assert highs_bound.rounded_bound(111.2882) == 112
    assert highs_bound.rounded_bound(8488.0000000001) == 8488
    assert highs_bound.rounded_bound(-0.0000000001) == 0


class _FakeHighs:
    """Stands in for ``highspy.Highs`` to catch the callback the root-node settings subscribe."""

    def __init__(self) -> None:
        self.options: dict = {}
        self.callback = None
        outer = self

        class _Callbacks:
            def subscribe(self, callback) -> None:
                outer.callback = callback

        self.cbMipInterrupt = _Callbacks()

    def setOptionValue(self, name: str, value) -> None:
        self.options[name] = value


def _checks_until_interrupted(bounds: list[float]) -> int | None:
    """Feed the root's dual bounds to the stall rule one interrupt check at a time; the check on
    which it stops the run (1-based), or None if it never does."""
    from types import SimpleNamespace

    highs = _FakeHighs()
    highs_bound._root_node_only(highs)
    assert highs.options["mip_max_nodes"] == 1
    for n, bound in enumerate(bounds, start=1):
        stopped = []
        event = SimpleNamespace(data_out=SimpleNamespace(mip_dual_bound=bound), interrupt=lambda: stopped.append(1))
        highs.callback(event)
        if stopped:
            return n
    return None


def test_the_cut_rounds_stop_when_the_bound_creeps_and_not_while_it_climbs():
    """Rises under half a percent since the last counted rise are stalls (a 2,432 bound creeping
    by a few points a round stops after three of them); rises of a few percent, as North Coast's
    rounds give, keep it going."""
    inf = float("inf")
    assert _checks_until_interrupted([-inf, 2432.3, 2437.9, 2440.9, 2442.1, 2445.1]) == 5
    assert _checks_until_interrupted([96.5, 101.5, 103.9, 105.4, 108.5, 110.3, 111.3]) is None
    assert _checks_until_interrupted([100.0, 100.0, 100.0, 100.0]) == 4
    assert _checks_until_interrupted([100.0, 100.4, 100.0, 100.6, 101.2]) is None

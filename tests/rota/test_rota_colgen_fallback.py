"""Column generation's CP-SAT pricing, for people whose state graph would be too large.

Pricing falls back from the state graph (:mod:`.labelling`) to the person's own CP-SAT model
when the graph is too big; starting columns are then costed by that model
(``_Pricer.own_cost``). These tests reach that path on purpose, both by forcing it on a
hand-checked case and with a person whose limited counts really are too many for a graph.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from rota_helpers import FAST, WARD, tiny, two_staff_three_days

from pch_workforce.rota.decomposition import colgen, labelling
from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.problem import Contract, CoverRequirement, ShiftRequest, ShiftType, Staff
from pch_workforce.rota.solve import SolveOptions, solve
from pch_workforce.solve_report import SolveStatus

PHASED = SolveOptions(time_limit=8, workers=2, deterministic=False, strategy="decomposition")
SHIFTS = tuple(ShiftType(id=f"S{i}", length_minutes=480) for i in range(5))


def _columns(rota) -> dict[str, frozenset]:
    out: dict[str, set] = {}
    for key in rota.keys():
        out.setdefault(key[0], set()).add(key)
    return {sid: frozenset(keys) for sid, keys in out.items()}


def test_forced_cp_sat_pricing_proves_the_hand_checked_bound(monkeypatch):
    """As test_rota_colgen's hand-checked case (optimum 200), with every person priced by
    CP-SAT and the optimal rota's columns given at the start (costed by ``own_cost``)."""
    problem = two_staff_three_days()
    optimum = solve(problem, FAST)
    assert optimum.objective == 200
    monkeypatch.setattr(labelling, "MAX_COUNTS", 0)  # no person gets a state graph
    engine = colgen.ColumnGeneration(problem, initial=_columns(optimum.rota))
    assert all(isinstance(p, colgen._Pricer) for p in engine.pricers.values())
    assert engine.graphs() is None
    # A on days 1-2 meets both requests (own cost 0); B's rota has no requests
    assert {c.staff_id: c.cost for c in engine.master.columns} == {"A": 0, "B": 0}
    result = colgen.generate(problem, seconds=20, initial=_columns(optimum.rota))
    assert math.ceil(result.lower_bound - 1e-6) == 200


def test_own_cost_of_a_starting_column_is_its_requests(monkeypatch):
    """A starting rota that breaks A's requests (day 0 off, weight 3; day 2 on, weight 5)."""
    problem = two_staff_three_days()
    monkeypatch.setattr(labelling, "MAX_COUNTS", 0)
    pricer = colgen._Pricer(problem, problem.staff_by_id["A"], seed=0)
    assert pricer.own_cost(frozenset({("A", 0, "D", "ward"), ("A", 1, "D", "ward")})) == 8
    with pytest.raises(ValueError):  # three D shifts: A may work at most two
        pricer.own_cost(frozenset({("A", d, "D", "ward") for d in range(3)}))


def _too_many_counts() -> tuple:
    """Two people over four weeks, five shift types each capped below the horizon and a cap on
    minutes: 11^5 x 29 combinations of counts, more than a state graph takes."""
    caps = {s.id: 10 for s in SHIFTS}
    contract = Contract(max_shifts_per_type=caps, max_minutes=28 * 480, min_minutes=10 * 480, max_consecutive_days=5)
    staff = [Staff(id=sid, contract=contract) for sid in ("a", "b")]
    cover = tuple(
        CoverRequirement(day=d, shift_id=s.id, location_id="ward", minimum=1 if (d + i) % 3 == 0 else 0)
        for d in range(28)
        for i, s in enumerate(SHIFTS)
    )
    requests = (ShiftRequest(staff_id="a", day=3, shift_id="S1", kind="on", weight=2),)
    return tiny(staff, days=28, shifts=SHIFTS, locations=(WARD,), cover=cover, requests=requests)


def test_a_person_too_large_for_a_graph_is_priced_by_cp_sat_and_the_bound_holds():
    problem = _too_many_counts()
    with pytest.raises(labelling.Unsupported):
        labelling.PersonalGraph(problem, problem.staff[0])
    exact = solve(problem, FAST)
    assert exact.status == SolveStatus.OPTIMAL
    result = colgen.generate(problem, seconds=20, initial=_columns(exact.rota))
    assert all(isinstance(p, colgen._Pricer) for p in result.engine.pricers.values())
    assert result.lower_bound is not None and result.lower_bound <= exact.objective + 1e-6


def test_the_benchmark_strategy_solves_it_and_the_checker_agrees():
    problem = _too_many_counts()
    exact = solve(problem, FAST)
    report = solve(problem, replace(PHASED))
    assert report.status.has_solution
    verdict = check_rota(problem, report.rota)
    assert verdict.ok, verdict.violations
    assert verdict.objective == report.objective
    assert report.best_bound <= exact.objective <= report.objective


def test_past_its_deadline_column_generation_builds_no_more_graphs():
    """Graph building cannot eat the time: after the deadline everyone is priced by CP-SAT,
    and the bound is still the hand-checked 200."""
    problem = two_staff_three_days()
    engine = colgen.ColumnGeneration(problem, deadline=0.0)  # long past
    assert all(isinstance(p, colgen._Pricer) for p in engine.pricers.values())
    engine.converge(deadline=float("inf"))
    assert math.ceil(engine.lower_bound - 1e-6) == 200

"""Layer (b): every hard rule has a case where it alone (with the contract that forces work)
makes the rota infeasible, and the explanation names that rule and its subject."""

from __future__ import annotations

import pytest
from rota_helpers import FAST, person, tiny

from pch_workforce.rota.problem import ForbiddenSameDay, ForbiddenSuccession, ShiftType, Staff, Contract
from pch_workforce.rota.rules import HardRule
from pch_workforce.rota.solve import solve
from pch_workforce.solve_report import SolveStatus

AM = ShiftType(id="AM", length_minutes=240, start_minute=480)
PM = ShiftType(id="PM", length_minutes=240, start_minute=780)
N = ShiftType(id="N", length_minutes=600)


def _explained(problem) -> dict[str, list[str]]:
    report = solve(problem, FAST)
    assert report.status == SolveStatus.INFEASIBLE
    assert report.rota is None and report.objective is None
    out: dict[str, list[str]] = {}
    for reason in report.infeasibility:
        out.setdefault(reason.rule, []).append(reason.message)
    return out


CASES = {
    HardRule.MAX_SESSIONS_PER_DAY: lambda: tiny(
        [person(min_sessions_per_week=8)], shifts=(AM, PM)
    ),
    HardRule.FORBIDDEN_SAME_DAY: lambda: tiny(
        [person(min_sessions_per_week=14, max_shifts_per_day=2)],
        shifts=(AM, PM),
        forbidden_same_day=(ForbiddenSameDay(shift_id="AM", other_shift_id="PM"),),
    ),
    HardRule.LEAVE_AND_UNAVAILABILITY: lambda: tiny(
        [Staff(id="patel", name="Dr Patel", leave_days=frozenset({0, 1, 2, 3}),
               contract=Contract(min_sessions_per_week=5))]
    ),
    HardRule.REQUIRED_SKILL: lambda: tiny(
        [person(min_sessions_per_week=1)],
        shifts=(ShiftType(id="MS", length_minutes=240, required_skills=frozenset({"minor surgery"})),),
    ),
    HardRule.CONTRACTED_SESSIONS: lambda: tiny([person(min_sessions_per_week=3, max_sessions_per_week=2)]),
    HardRule.CONTRACTED_MINUTES: lambda: tiny([person(min_minutes=8 * 480)]),
    HardRule.FORBIDDEN_SUCCESSION: lambda: tiny(
        [person(min_sessions_per_week=2)],
        days=2,
        shifts=(N,),
        forbidden_successions=(ForbiddenSuccession(shift_id="N", next_shift_id="N"),),
    ),
    HardRule.MAX_CONSECUTIVE_DAYS: lambda: tiny([person(min_sessions_per_week=7, max_consecutive_days=5)]),
    HardRule.MIN_CONSECUTIVE_DAYS: lambda: tiny(
        [Staff(id="patel", name="Dr Patel", unavailable_days=frozenset({0, 2, 3, 4, 5, 6}),
               contract=Contract(min_sessions_per_week=1, min_consecutive_days=2))]
    ),
    HardRule.MIN_CONSECUTIVE_DAYS_OFF: lambda: tiny(
        [Staff(id="patel", name="Dr Patel", unavailable_days=frozenset({3}),
               contract=Contract(min_sessions_per_week=6, min_consecutive_days_off=2))]
    ),
    HardRule.MAX_WEEKENDS: lambda: tiny([person(min_sessions_per_week=6, max_weekends=1)], days=14),
    HardRule.MAX_SHIFTS_PER_TYPE: lambda: tiny(
        [person(min_sessions_per_week=3, max_shifts_per_type={"D": 2})]
    ),
}


@pytest.mark.parametrize("rule", list(CASES), ids=lambda r: r.value)
def test_rule_alone_makes_infeasible_and_is_named(rule):
    reasons = _explained(CASES[rule]())
    assert rule in reasons, reasons
    assert all(msg.startswith("Dr Patel: ") for msgs in reasons.values() for msg in msgs)


def test_leave_explanation_reads_like_a_planner_sentence():
    reasons = _explained(CASES[HardRule.LEAVE_AND_UNAVAILABILITY]())
    assert reasons[HardRule.CONTRACTED_SESSIONS] == [
        "Dr Patel: contracted 5 sessions, but only 3 available after leave in week 1"
    ]
    assert len(reasons[HardRule.LEAVE_AND_UNAVAILABILITY]) >= 2


def test_rules_not_involved_are_not_blamed():
    """Max weekends and a per-type limit that do not bind stay out of the explanation."""
    problem = tiny([person(min_sessions_per_week=7, max_consecutive_days=5, max_weekends=1,
                           max_shifts_per_type={"D": 7})])
    reasons = _explained(problem)
    assert set(reasons) == {HardRule.CONTRACTED_SESSIONS, HardRule.MAX_CONSECUTIVE_DAYS}


def test_feasible_once_the_blamed_rule_is_relaxed():
    problem = tiny([person(min_sessions_per_week=6, max_consecutive_days=5)])
    assert solve(problem, FAST).status == SolveStatus.OPTIMAL


def test_explanation_out_of_time_still_names_conflicting_rules():
    """With no time left for the deletion pass, the unminimised core is returned: it still
    holds the rules a full explanation names (here the leave that leaves too few days)."""
    from dataclasses import replace

    from pch_workforce.rota.solve import explain_infeasibility

    problem = CASES[HardRule.LEAVE_AND_UNAVAILABILITY]()
    full = {(r.rule, r.message) for r in explain_infeasibility(problem, FAST)}
    hurried = {(r.rule, r.message) for r in explain_infeasibility(problem, replace(FAST, explain_time_limit=0.0))}
    assert full and full <= hurried

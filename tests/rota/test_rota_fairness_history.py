"""Fairness with history: unsocial sessions worked in the previous rota period count toward this one's.

Each case is worked by hand; the solver's rota is checked by the independent checker, whose
penalty must equal the model's.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from rota_helpers import solved_optimally, tiny

from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.decomposition import colgen
from pch_workforce.rota.problem import Assignment, CoverRequirement, FairnessGroup, Problem, Rota, ShiftType, Staff
from pch_workforce.rota.relaxation import unsocial_sessions_floor

EVE = ShiftType(id="EVE", length_minutes=90, start_minute=1110)


def evenings(days: int, history: tuple[int, int] | None, shares: tuple[int, int] | None = None) -> Problem:
    """One evening a day for ``days`` days, one person each (a second costs 10 > any unfairness
    saved); A and B share them, A and B having worked ``history`` evenings last period."""
    cover = tuple(CoverRequirement(day=d, shift_id="EVE", location_id="ward", minimum=1, weight_over=10)
                  for d in range(days))
    group = FairnessGroup(id="GP evenings", staff_ids=("A", "B"), shift_ids=frozenset({"EVE"}), weight=5,
                          shares=shares, history=history)
    return tiny([Staff(id="A"), Staff(id="B")], days=days, shifts=(EVE,), cover=cover, fairness_groups=(group,))


def _evenings_of(report) -> dict[str, int]:
    return {sid: sum(a.staff_id == sid for a in report.rota.assignments) for sid in ("A", "B")}


def _rota(a_days: set[int], days: int) -> Rota:
    return Rota(assignments=tuple(Assignment(staff_id="A" if d in a_days else "B", day=d, shift_id="EVE",
                                             location_id="ward") for d in range(days)))


def test_two_evenings_worked_last_period_give_this_periods_to_the_other() -> None:
    """A worked 2 evenings last period, B none. Two evenings now: both to B evens it at 2 and 2
    (0 points); one each is 3 against 1 (10); without history one each is the fair split."""
    report = solved_optimally(evenings(2, history=(2, 0)))
    assert _evenings_of(report) == {"A": 0, "B": 2}
    assert report.objective_by_rule == {}
    assert _evenings_of(solved_optimally(evenings(2, history=None))) == {"A": 1, "B": 1}


def test_history_beyond_this_periods_evenings_still_costs_the_spread() -> None:
    """A worked 5 last period: B takes both evenings now and the totals are 5 and 2, spread 3,
    15 points; the model and the checker agree on it."""
    report = solved_optimally(evenings(2, history=(5, 0)))
    assert _evenings_of(report) == {"A": 0, "B": 2}
    assert report.objective_by_rule == {"unfair share": 15}
    assert report.violations[0].amount == 3


@pytest.mark.parametrize(("a_days", "penalty"), [
    (set(), 15),  # totals 5 and 2: 3
    ({0}, 25),  # 6 and 1: 5
    ({0, 1}, 35),  # 7 and 0: 7
])
def test_checker_adds_history_before_the_spread(a_days: set[int], penalty: int) -> None:
    verdict = check_rota(evenings(2, history=(5, 0)), _rota(a_days, 2))
    assert verdict.ok and verdict.objective_by_rule == {"unfair share": penalty}


@pytest.mark.parametrize(("a_evenings", "penalty"), [
    (3, 5),  # A on 8 sessions, B on 4 with 1 last period; loads in A's sessions: 3 and (0 + 1) x 2 = 2: 1
    (2, 10),  # 2 and (1 + 1) x 2 = 4: 2
    (1, 25),  # 1 and 6: 5
])
def test_history_is_scaled_pro_rata_like_this_periods_sessions(a_evenings: int, penalty: int) -> None:
    problem = evenings(3, history=(0, 1), shares=(8, 4))
    assert check_rota(problem, _rota(set(range(a_evenings)), 3)).objective_by_rule == {"unfair share": penalty}


def test_the_solver_weighs_history_pro_rata() -> None:
    """Same as above: A takes all three (5 points) where, without B's evening last period, 2 and 1
    would be exactly fair."""
    report = solved_optimally(evenings(3, history=(0, 1), shares=(8, 4)))
    assert _evenings_of(report) == {"A": 3, "B": 0}
    assert report.objective == 5


def test_history_must_give_one_whole_number_per_member() -> None:
    with pytest.raises(ValidationError, match="one whole number >= 0 per member"):
        FairnessGroup(id="g", staff_ids=("A", "B"), history=(1,))
    with pytest.raises(ValidationError, match="one whole number >= 0 per member"):
        FairnessGroup(id="g", staff_ids=("A", "B"), history=(1, -1))
    assert FairnessGroup(id="g", staff_ids=("A", "B")).history_of() == {"A": 0, "B": 0}


def test_the_unsocial_sessions_floor_counts_history() -> None:
    """A worked 3 last period; one evening now: to B, 3 against 1, 10 points (to A, 20). The floor
    must see it (without history it would be 5: one evening between two)."""
    problem = evenings(1, history=(3, 0))
    assert unsocial_sessions_floor(problem) == 10
    assert unsocial_sessions_floor(evenings(1, history=None)) == 5
    assert solved_optimally(problem).objective == 10


def test_column_generation_refuses_fairness_with_history() -> None:
    assert not colgen.supports(evenings(2, history=(2, 0)))
    alone = FairnessGroup(id="alone", staff_ids=("A",), shift_ids=frozenset({"EVE"}), weight=5, history=(4,))
    assert colgen.supports(tiny([Staff(id="A")], days=2, shifts=(EVE,), fairness_groups=(alone,)))

"""Mix cases found by the property tests, kept as plain hand-checked tests (built as MixProblem directly)."""

from __future__ import annotations

import pytest

from pch_workforce.mix import MixOptions, MixProblem, mix_violations, solve_mix_problem
from pch_workforce.mix.problem import DeliveryTerms, RoleTerms, ServiceTerms
from pch_workforce.solve_report import SolveStatus


def _role(role_id: str, max_sessions: int, annual_cost: float, budget_pays: bool) -> RoleTerms:
    return RoleTerms(role=role_id, name=role_id.upper(), staff_group="other", sessions_per_fte=9.0,
                     min_sessions=0, max_sessions=max_sessions, existing_fte=0.0, max_fte=max_sessions / 9,
                     clinical_hours_per_fte_week=15.0, annual_cost=annual_cost,
                     funding=(("site", 1.0),) if budget_pays else (("another body", 1.0),))


# Hypothesis's case (less a role with no supply and a service with no demand, which changed nothing).
BUDGET_TO_THE_PENNY = MixProblem(
    site="prop", population=10_000, capitated_budget_per_year=17_898.0, workforce_share=1.0,
    max_patients_per_gp_fte=None, allow_redundancies=False,
    roles=(_role("a", 2, 80_540.5, budget_pays=True), _role("b", 1, 25_000.0, budget_pays=False)),
    services=(
        ServiceTerms("s2", "s2", priority_weight=1.0, reference_minutes=20.0, contacts_per_week=29.0,
                     delivery=(DeliveryTerms("a", minutes_per_contact=10.0, max_share=0.6),)),
        ServiceTerms("s3", "s3", priority_weight=3.0, reference_minutes=20.0, contacts_per_week=6.0,
                     delivery=(DeliveryTerms("b", minutes_per_contact=10.0, max_share=0.3),
                               DeliveryTerms("a", minutes_per_contact=30.0, max_share=1.0))),
    ),
    workforce_budget_per_year=17_898.0,
)


def test_budget_that_just_covers_whole_sessions_is_not_reported_infeasible() -> None:
    """A session is 15 / 9 = 5/3 clinical h. a costs 80,540.50 / 9 = £8,948.94 a session, so its 2 sessions
    cost £17,897.89, 11p inside the £17,898 budget; b (1 session, another body pays) is £25,000 / 9.

    Weights per contact: s2 1, s3 3. An hour of a removes 6 weighted contacts either way (6 s2 contacts or
    2 s3 contacts); b can only take 30% of s3 = 1.8 contacts, removing 5.4. Demand 29 + 3 x 6 = 47 weighted
    contacts; a's 10/3 h remove 20 and b 5.4, leaving 21.6 weighted contacts, which at 20 minutes a contact
    are 7.2 weighted hours a week however a splits its time (s2 and s3 both weigh 3 per reference hour).

    HiGHS used to return 1.99999978 sessions of a (whole within its integrality tolerance) in the cost
    stage, £0.002 under the whole-session cost, and the last stage, held to that cost, was infeasible.
    """
    mix = solve_mix_problem(BUDGET_TO_THE_PENNY, MixOptions(marginals=False))
    assert mix_violations(BUDGET_TO_THE_PENNY, mix) == []
    assert mix.report.status is SolveStatus.OPTIMAL
    assert [s.status for s in mix.report.stages] == [SolveStatus.OPTIMAL] * 3
    assert mix.role("a").sessions == 2 and mix.role("b").sessions == 1
    assert mix.planned_fte == pytest.approx({"a": 2 / 9, "b": 1 / 9})
    assert mix.weighted_unmet_contacts_per_week == pytest.approx(21.6, abs=1e-4)
    assert mix.weighted_unmet_hours_per_week == pytest.approx(7.2, abs=1e-4)
    assert mix.cost_per_year == pytest.approx(2 * 80_540.5 / 9)
    assert mix.gross_cost_per_year == pytest.approx(2 * 80_540.5 / 9 + 25_000 / 9)
    # Each stage's objective is at whole sessions (the cost stage to the penny, not £0.002 under it).
    assert mix.report.stages[1].objective == pytest.approx(2 * 80_540.5 / 9, abs=1e-6)
    assert mix.report.stages[2].objective == pytest.approx(25_000 / 9, abs=1e-6)

"""The multi-year model on hand-checked cases: each year a whole mix, linked by the stock of staff.

Roles have no WISN allowances, so 1 FTE = 37.5 clinical hours a week = 10 sessions, and 75 contacts of
30 minutes a week are exactly 1 FTE of work.
"""

from __future__ import annotations

import pytest

from pch_workforce.mix import MixDemand, problem_from_inputs, solve_mix
from pch_workforce.mix.examples import ExampleRole, ExampleService, example_care_model, example_scenario
from pch_workforce.mix.problem import MixProblem
from pch_workforce.solve_report import SolveStatus
from pch_workforce.trajectory.problem import RoleFlow, TrajectoryProblem, financial_year
from tests.trajectory_growth import Growth, grown_year
from pch_workforce.trajectory.solve import Trajectory, solve_trajectory

NURSE = [ExampleRole("nurse", 50_000, max_fte=5)]
ONE_FTE_OF_WORK = [ExampleService("clinic", {"nurse": (30, 1.0)})]


def base(roles: list[ExampleRole], services: list[ExampleService], demand: dict[str, float],
         budget: float) -> MixProblem:
    return problem_from_inputs(example_scenario(roles, budget), example_care_model(roles, services), MixDemand(demand))


def trajectory(problem: MixProblem, years: int, growth: Growth = Growth(), flows: dict[str, RoleFlow] | None = None,
               existing: dict[str, tuple[float, ...]] | None = None,
               pipeline: dict[str, tuple[float, ...]] | None = None) -> Trajectory:
    result = solve_trajectory(TrajectoryProblem(
        years=tuple(grown_year(problem, growth, t) for t in range(years)), flows=flows or {},
        existing_fte=existing or {}, pipeline_fte=pipeline or {}))
    assert result.status is SolveStatus.OPTIMAL
    return result


def test_financial_years_move_on() -> None:
    assert financial_year("2026/27", 0) == "2026/27" and financial_year("2026/27", 3) == "2029/30"
    assert financial_year("2099/00", 1) == "2100/01"


def test_with_no_growth_leavers_or_pipeline_every_year_is_todays_mix() -> None:
    """£60,000 buys 1.2 nurse FTE = 45 h: urgent (30 h) met, 15 of routine's 30 h unmet (30 contacts, weight 1)."""
    services = [ExampleService("urgent", {"nurse": (30, 1.0)}, priority_weight=3),
                ExampleService("routine", {"nurse": (30, 1.0)}, priority_weight=1)]
    demand = {"urgent": 60, "routine": 60}
    problem = base(NURSE, services, demand, 60_000)
    mix = solve_mix(example_scenario(NURSE, 60_000), example_care_model(NURSE, services), MixDemand(demand))
    result = trajectory(problem, 4)
    for year in result.years:
        assert year.fte_by_role["nurse"] == pytest.approx(mix.planned_fte["nurse"])
        assert year.cost_per_year == pytest.approx(mix.cost_per_year)
        assert year.weighted_unmet_contacts_per_week == pytest.approx(mix.weighted_unmet_contacts_per_week)
        assert year.unmet_hours_per_week == pytest.approx(mix.unmet_hours_per_week)
    assert [y.year for y in result.years] == [financial_year(problem.plan_financial_year, t) for t in range(4)]
    assert sum(result.years[0].arrivals_by_role.values()) == pytest.approx(1.2)  # recruited once, in year 0
    assert all(y.hires_by_role["nurse"] == pytest.approx(0) for y in result.years[1:])


def test_a_retirement_in_year_2_with_a_12_month_lead_forces_a_hire_in_year_1() -> None:
    """Today's nurse (1 FTE, all the work) retires at the start of year 2; recruiting takes a year, so the
    replacement is hired in year 1, not before (a year-0 hire would be paid for a year with no work)."""
    problem = base([ExampleRole("nurse", 50_000, existing_fte=1, max_fte=5)], ONE_FTE_OF_WORK, {"clinic": 75},
                   1_000_000)
    result = trajectory(problem, 4, flows={"nurse": RoleFlow("nurse", lead_years=1)},
                        existing={"nurse": (1.0, 1.0, 0.0, 0.0)})
    assert [y.hires_by_role["nurse"] for y in result.years] == pytest.approx([0, 1, 0, 0], abs=1e-5)
    assert [y.fte_by_role["nurse"] for y in result.years] == pytest.approx([1, 1, 1, 1], abs=1e-5)
    assert [y.leavers_by_role["nurse"] for y in result.years] == pytest.approx([0, 0, 1, 0])
    assert all(y.unmet_hours_per_week == pytest.approx(0, abs=1e-6) for y in result.years)


def test_a_pipeline_trainee_replaces_the_hire() -> None:
    """The same retirement, with a trainee qualifying into the role in year 2: nobody is hired."""
    problem = base([ExampleRole("nurse", 50_000, existing_fte=1, max_fte=5)], ONE_FTE_OF_WORK, {"clinic": 75},
                   1_000_000)
    result = trajectory(problem, 4, flows={"nurse": RoleFlow("nurse", lead_years=1)},
                        existing={"nurse": (1.0, 1.0, 0.0, 0.0)}, pipeline={"nurse": (0.0, 0.0, 1.0, 0.0)})
    assert all(y.hires_by_role["nurse"] == pytest.approx(0, abs=1e-5) for y in result.years)
    assert [y.fte_by_role["nurse"] for y in result.years] == pytest.approx([1, 1, 1, 1], abs=1e-5)
    assert [y.qualifying_by_role["nurse"] for y in result.years] == [0, 0, 1, 0]


def test_a_budget_growing_slower_than_pay_leaves_need_unmet_in_the_later_years() -> None:
    """1 FTE of work at £50,000 on a £50,000 budget; pay +5% a year, the budget +2%, 10% of recruits leave
    each year. Year 1 affords 51,000 / 52,500 = 0.9714 FTE (1.07 h a week unmet), year 2
    52,020 / 55,125 = 0.9437 FTE (2.11 h unmet); leavers let the team shrink to fit."""
    problem = base(NURSE, ONE_FTE_OF_WORK, {"clinic": 75}, 50_000)
    result = trajectory(problem, 3, Growth(pay=(1.05,), income=(1.02,)),
                        flows={"nurse": RoleFlow("nurse", leaver_rate=0.1)})
    unmet = [y.unmet_hours_per_week for y in result.years]
    assert unmet == pytest.approx([0, 37.5 * (1 - 51_000 / 52_500), 37.5 * (1 - 52_020 / 55_125)], abs=1e-4)
    assert [y.budget_per_year for y in result.years] == pytest.approx([50_000, 51_000, 52_020])
    assert all(y.cost_per_year <= y.budget_per_year + 0.01 for y in result.years)
    assert ["workforce_budget" in y.binding for y in result.years] == [True, True, True]  # the Explain rows


def test_staff_balance_holds_every_year() -> None:
    """In post = last year's - leavers + arrivals + qualifying, recomputed from the reported flows."""
    problem = base([ExampleRole("nurse", 50_000, existing_fte=2, max_fte=5)], ONE_FTE_OF_WORK, {"clinic": 150},
                   1_000_000)
    result = trajectory(problem, 5, Growth(demand=(1.05,)), flows={"nurse": RoleFlow("nurse", leaver_rate=0.1,
                                                                                      lead_years=1)},
                        existing={"nurse": (2.0, 1.8, 1.62, 1.458, 1.3122)}, pipeline={"nurse": (0, 0, 0.5, 0, 0)})
    for before, year in zip(result.years, result.years[1:], strict=False):
        expected = (before.fte_by_role["nurse"] - year.leavers_by_role["nurse"] + year.arrivals_by_role["nurse"]
                    + year.qualifying_by_role["nurse"])
        assert year.fte_by_role["nurse"] == pytest.approx(expected, abs=1e-6)
    assert result.years[-1].unmet_hours_per_week == pytest.approx(0, abs=1e-6)  # demand grows, hires keep up


def test_ten_thousand_a_year_more_meets_the_need_the_budget_left() -> None:
    """The case above with £10,000 a year more: years 1 and 2 afford their whole FTE, so the 2.143 + 4.224
    weighted contacts a week left unmet are met, for £1,500 + £3,105 more."""
    from pch_workforce.trajectory.marginals import marginal_values

    problem = base(NURSE, ONE_FTE_OF_WORK, {"clinic": 75}, 50_000)
    growth = Growth(pay=(1.05,), income=(1.02,))
    flows = {"nurse": RoleFlow("nurse", leaver_rate=0.1)}
    built = TrajectoryProblem(years=tuple(grown_year(problem, growth, t) for t in range(3)), flows=flows,
                              existing_fte={})
    result = solve_trajectory(built)
    (money,) = marginal_values(built, result)
    unmet = 75 * (1 - 51_000 / 52_500) + 75 * (1 - 52_020 / 55_125)
    assert money.subject == "workforce_budget"
    assert money.delta_weighted_unmet_contacts_per_week == pytest.approx(-unmet, abs=1e-4)
    assert money.delta_budget_cost == pytest.approx(1_500 + 3_105, abs=0.5)


def test_half_the_posts_filled_means_setting_out_to_recruit_twice_as_many() -> None:
    """The year-2 retirement with half of recruitment succeeding: 2 FTE set out to recruit in year 1 for 1 in
    post in year 2."""
    problem = base([ExampleRole("nurse", 50_000, existing_fte=1, max_fte=5)], ONE_FTE_OF_WORK, {"clinic": 75},
                   1_000_000)
    result = trajectory(problem, 3, flows={"nurse": RoleFlow("nurse", lead_years=1, fill_share=0.5)},
                        existing={"nurse": (1.0, 1.0, 0.0)})
    assert [y.hires_by_role["nurse"] for y in result.years] == pytest.approx([0, 2, 0], abs=1e-5)
    assert [y.arrivals_by_role["nurse"] for y in result.years] == pytest.approx([0, 0, 1], abs=1e-5)

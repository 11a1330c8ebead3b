"""Hand-checkable mix cases, each worked out on paper in its docstring.

All roles use zero WISN allowances unless a test says otherwise, so 1 FTE = 37.5 clinical hours
a week = 10 sessions of 3.75 h, and every answer can be checked by hand.
"""

from __future__ import annotations

import pickle

import pytest

from pch_workforce.errors import InfeasiblePlanError, InputError
from pch_workforce.mix import Mix, MixDemand, MixOptions, mix_violations, problem_from_inputs, solve_mix
from pch_workforce.mix.examples import ExampleRole, ExampleService, example_care_model, example_scenario
from pch_workforce.solve_report import SolveStatus


def solve(roles: list[ExampleRole], services: list[ExampleService], demand: dict[str, float], budget: float,
          options: MixOptions = MixOptions(), **site: object) -> Mix:
    """Solve and run the independent checker on the result."""
    care_model = example_care_model(roles, services)
    scenario = example_scenario(roles, budget, **site)  # type: ignore[arg-type]
    mix_demand = MixDemand(demand)
    mix = solve_mix(scenario, care_model, mix_demand, options)
    assert mix_violations(problem_from_inputs(scenario, care_model, mix_demand), mix) == []
    return mix


CHEAP_DEAR = [ExampleRole("cheap", 40_000, max_fte=1), ExampleRole("dear", 80_000, max_fte=2)]
ONE_SERVICE = [ExampleService("same_day", {"cheap": (30, 1.0), "dear": (30, 1.0)})]


def test_cheaper_role_takes_the_work_up_to_its_cap_then_the_dearer_one() -> None:
    """100 contacts x 30 min = 50 h. Cheap: 1 FTE cap = 37.5 h. Dear: 12.5 h = 3.33 sessions -> 4 sessions.
    Cost 40,000 + 0.4 x 80,000 = 72,000."""
    mix = solve(CHEAP_DEAR, ONE_SERVICE, {"same_day": 100}, budget=1_000_000)
    assert mix.report.status is SolveStatus.OPTIMAL
    assert mix.role("cheap").sessions == 10 and mix.role("dear").sessions == 4
    assert mix.hours("same_day", "cheap") == pytest.approx(37.5)
    assert mix.hours("same_day", "dear") == pytest.approx(12.5, abs=1e-4)
    assert mix.cost_per_year == pytest.approx(72_000)
    assert mix.unmet_hours_per_week == 0
    assert mix.planned_fte == {"cheap": 1.0, "dear": 0.4}
    assert "fte_max[cheap]" in mix.binding_names
    assert "workforce_budget" not in mix.binding_names


def test_marginal_value_of_one_more_fte_of_the_cheap_role() -> None:
    """Cheap supply 2 FTE: cheap does all 50 h = 13.33 sessions -> 14 sessions = 56,000, saving 16,000."""
    mix = solve(CHEAP_DEAR, ONE_SERVICE, {"same_day": 100}, budget=1_000_000)
    cheap = next(m for m in mix.marginals if m.subject == "cheap")
    dear = next(m for m in mix.marginals if m.subject == "dear")
    budget = next(m for m in mix.marginals if m.subject == "workforce_budget")
    assert cheap.delta_budget_cost_per_year == pytest.approx(-16_000)
    assert dear.delta_budget_cost_per_year == 0 and budget.delta_budget_cost_per_year == 0
    assert cheap.delta_weighted_unmet_contacts_per_week == 0


NURSE = [ExampleRole("nurse", 50_000, max_fte=5)]
TWO_PRIORITIES = [ExampleService("urgent", {"nurse": (30, 1.0)}, priority_weight=3),
                  ExampleService("routine", {"nurse": (30, 1.0)}, priority_weight=1)]


def test_small_budget_leaves_the_lowest_priority_service_unmet_and_says_the_budget_binds() -> None:
    """£60,000 buys 12 sessions = 45 h. Urgent 60 x 30 min = 30 h is met; routine gets 15 of 30 h: 30 of its
    60 contacts are unmet, at weight 1 an objective of 30 weighted contacts."""
    mix = solve(NURSE, TWO_PRIORITIES, {"urgent": 60, "routine": 60}, budget=60_000)
    assert mix.role("nurse").sessions == 12
    assert mix.service("urgent").unmet_hours_per_week == 0
    assert mix.service("routine").unmet_hours_per_week == pytest.approx(15, abs=1e-4)
    assert mix.weighted_unmet_hours_per_week == pytest.approx(15, abs=1e-4)
    assert mix.weighted_unmet_contacts_per_week == pytest.approx(30, abs=1e-4)
    assert mix.report.objective == pytest.approx(30, abs=1e-4)
    assert "workforce_budget" in mix.binding_names
    assert mix.service("routine").why_unmet[0].startswith("budget binds")
    assert mix.service("urgent").why_unmet == ()


def test_marginal_value_of_ten_thousand_pounds() -> None:
    """+£10,000 buys 2 sessions = 7.5 h = 15 contacts of routine work (weight 1), cost +£10,000."""
    mix = solve(NURSE, TWO_PRIORITIES, {"urgent": 60, "routine": 60}, budget=60_000)
    budget = next(m for m in mix.marginals if m.subject == "workforce_budget")
    assert budget.delta_weighted_unmet_contacts_per_week == pytest.approx(-15, abs=1e-4)
    assert budget.delta_weighted_unmet_hours_per_week == pytest.approx(-7.5, abs=1e-4)
    assert budget.delta_budget_cost_per_year == pytest.approx(10_000)


def test_priority_weights_are_per_contact_so_the_heavier_service_is_covered_first() -> None:
    """Swap the weights: now routine is covered and urgent is left short."""
    swapped = [ExampleService("urgent", {"nurse": (30, 1.0)}, priority_weight=1),
               ExampleService("routine", {"nurse": (30, 1.0)}, priority_weight=3)]
    mix = solve(NURSE, swapped, {"urgent": 60, "routine": 60}, budget=60_000)
    assert mix.service("routine").unmet_hours_per_week == 0
    assert mix.service("urgent").unmet_hours_per_week == pytest.approx(15, abs=1e-4)


def test_scope_limit_caps_the_cheap_role_share() -> None:
    """Cheap may take 30% of 100 contacts = 30 contacts = 15 h (4 sessions); dear takes 35 h (10 sessions)."""
    roles = [ExampleRole("cheap", 40_000), ExampleRole("dear", 80_000)]
    services = [ExampleService("same_day", {"cheap": (30, 0.3), "dear": (30, 1.0)})]
    mix = solve(roles, services, {"same_day": 100}, budget=1_000_000)
    assert mix.hours("same_day", "cheap") == pytest.approx(15)
    assert mix.role("cheap").sessions == 4 and mix.role("dear").sessions == 10
    assert "scope_limit[same_day/cheap]" in mix.binding_names


def test_unmet_demand_explained_by_supply_and_scope() -> None:
    """130 contacts (65 h): cheap may take 30% = 39 (19.5 h), dear is capped at 1 FTE = 75 contacts (37.5 h),
    so 16 contacts = 8 h are unmet, for those two reasons."""
    roles = [ExampleRole("cheap", 40_000), ExampleRole("dear", 80_000, max_fte=1)]
    services = [ExampleService("same_day", {"cheap": (30, 0.3), "dear": (30, 1.0)})]
    mix = solve(roles, services, {"same_day": 130}, budget=1_000_000)
    service = mix.service("same_day")
    assert service.unmet_hours_per_week == pytest.approx(8, abs=1e-4)
    assert any(w.startswith("supply: Dear") for w in service.why_unmet)
    assert any(w.startswith("scope limit: Cheap") for w in service.why_unmet)
    assert "fte_max[dear]" in mix.binding_names


def test_arrs_reimbursement_makes_a_dearer_eligible_role_cheaper_for_the_budget() -> None:
    """Y costs 60,000 but ARRS pays 50,000 (net 10,000) against X's 40,000: Y takes all 37.5 h (1 FTE)."""
    roles = [ExampleRole("x", 40_000), ExampleRole("y", 60_000, arrs_max=50_000, arrs_eligible=True)]
    services = [ExampleService("s", {"x": (30, 1.0), "y": (30, 1.0)})]
    mix = solve(roles, services, {"s": 75}, budget=1_000_000)
    assert mix.role("y").fte == 1 and mix.role("x").fte == 0
    assert mix.cost_per_year == pytest.approx(10_000)
    assert mix.role("y").arrs_reimbursement_per_year == pytest.approx(50_000)
    assert mix.gross_cost_per_year == pytest.approx(60_000)


def test_arrs_reimbursement_never_exceeds_the_cost() -> None:
    """min(cost, ARRS cap): a 45,000 role with a 50,000 cap costs the budget nothing, not -5,000."""
    roles = [ExampleRole("y", 45_000, arrs_max=50_000, arrs_eligible=True, existing_fte=1)]
    mix = solve(roles, [ExampleService("s", {"y": (30, 1.0)})], {"s": 75}, budget=1)
    assert mix.role("y").arrs_reimbursement_per_year == pytest.approx(45_000)
    assert mix.cost_per_year == pytest.approx(0)


def test_wisn_allowances_reduce_clinical_hours() -> None:
    """Leave 27 + 8 days, sickness 5%, CPD 10%, admin 10%: (260 - 35) x 7.5 x 0.95 x 0.8 / 52 = 24.663 h/FTE.
    50 h needs 20.27 -> 21 sessions (2.1 FTE)."""
    allowances = {"annual_leave_days": 27, "public_holiday_days": 8, "sickness_absence_share": 0.05,
                  "cpd_share": 0.1, "admin_share": 0.1}
    roles = [ExampleRole("nurse", 50_000, allowances=allowances)]
    mix = solve(roles, [ExampleService("s", {"nurse": (30, 1.0)})], {"s": 100}, budget=1_000_000)
    assert mix.role("nurse").sessions == 21
    assert mix.role("nurse").clinical_hours_per_week == pytest.approx(2.1 * 1282.5 / 52)


def test_supervision_takes_supervisor_clinical_hours() -> None:
    """GP 1 FTE (37.5 h) supervises a PA 1 FTE at 3.75 h/FTE: 33.75 + 37.5 = 71.25 of 75 h; 3.75 h unmet."""
    roles = [ExampleRole("gp", 100_000, max_fte=1, staff_group="gp"),
             ExampleRole("pa", 60_000, max_fte=1, supervision_hours=3.75, supervised_by=("gp",))]
    services = [ExampleService("s", {"gp": (30, 1.0), "pa": (30, 1.0)})]
    mix = solve(roles, services, {"s": 150}, budget=1_000_000)
    assert mix.role("gp").supervision_hours_per_week == pytest.approx(3.75)
    assert mix.unmet_hours_per_week == pytest.approx(3.75, abs=1e-4)
    assert "supervision_ratio[pa]" in mix.binding_names


def test_continuity_limit_sets_the_gp_floor() -> None:
    """10,000 patients at most 2,000 per GP FTE need 5 GP FTE though 10 h of work needs only 0.3."""
    roles = [ExampleRole("gp", 100_000, staff_group="gp")]
    mix = solve(roles, [ExampleService("s", {"gp": (30, 1.0)})], {"s": 20}, budget=1_000_000,
                max_patients_per_gp_fte=2000)
    assert mix.role("gp").fte == 5
    assert "continuity_limit" in mix.binding_names


def test_existing_staff_are_kept_unless_redundancies_are_allowed() -> None:
    """Existing 3 FTE, work for 10 h (3 sessions): kept at 3 FTE, or cut to 0.3 FTE when allowed."""
    roles = [ExampleRole("nurse", 50_000, existing_fte=3)]
    services = [ExampleService("s", {"nurse": (30, 1.0)})]
    kept = solve(roles, services, {"s": 20}, budget=1_000_000)
    assert kept.role("nurse").fte == 3 and "fte_min[nurse]" in kept.binding_names
    cut = solve(roles, services, {"s": 20}, budget=1_000_000, allow_redundancies=True)
    assert cut.role("nurse").fte == pytest.approx(0.3)


def test_existing_fractional_fte_rounds_up_to_whole_sessions() -> None:
    roles = [ExampleRole("nurse", 50_000, existing_fte=0.25, max_fte=0.25)]
    mix = solve(roles, [ExampleService("s", {"nurse": (30, 1.0)})], {"s": 0}, budget=1_000_000)
    assert mix.role("nurse").sessions == 3


def test_roles_another_body_pays_are_used_first_but_not_over_asked() -> None:
    """A seconded role (another body pays) covers the work free to the budget, at the fewest sessions."""
    roles = [ExampleRole("own", 40_000),
             ExampleRole("seconded", 50_000, funding=(("community trust", 1.0),), max_fte=5)]
    mix = solve(roles, [ExampleService("s", {"own": (30, 1.0), "seconded": (30, 1.0)})], {"s": 20},
                budget=1_000_000)
    assert mix.cost_per_year == 0
    assert mix.role("seconded").sessions == 3
    assert [s.stage for s in mix.report.stages] == ["weighted_unmet_contacts", "budget_cost", "other_payers_cost"]


def test_home_visit_travel_adds_to_every_role_minutes() -> None:
    roles = [ExampleRole("gp", 100_000)]
    care_model = example_care_model(roles, [ExampleService("hv", {"gp": (20, 1.0)}, minutes_per_contact=20)])
    scenario = example_scenario(roles, 1_000_000)
    mix = solve_mix(scenario, care_model, MixDemand({"hv": 30}, travel_minutes_per_contact={"hv": 10}))
    assert mix.hours("hv", "gp") == pytest.approx(15)
    assert mix.demand_hours_per_week == pytest.approx(15)


def test_report_is_honest_and_the_mix_pickles() -> None:
    mix = solve(CHEAP_DEAR, ONE_SERVICE, {"same_day": 100}, budget=1_000_000)
    report = mix.report
    assert report.status is SolveStatus.OPTIMAL and report.gap == 0
    assert report.objective == pytest.approx(report.best_bound)
    assert all(s.status is SolveStatus.OPTIMAL for s in report.stages)
    cost_stage = report.stages[1]
    assert cost_stage.objective == pytest.approx(72_000) and cost_stage.best_bound == pytest.approx(72_000)
    assert pickle.loads(pickle.dumps(mix)) == mix


def test_same_inputs_same_mix() -> None:
    first = solve(NURSE, TWO_PRIORITIES, {"urgent": 60, "routine": 90}, budget=80_000)
    second = solve(NURSE, TWO_PRIORITIES, {"urgent": 60, "routine": 90}, budget=80_000)
    assert first.model_dump(exclude={"report"}) == second.model_dump(exclude={"report"})


# --- no mix at all ------------------------------------------------------------------------


def test_existing_staff_over_budget_is_infeasible_with_the_numbers() -> None:
    roles = [ExampleRole("nurse", 50_000, existing_fte=2)]
    with pytest.raises(InfeasiblePlanError) as caught:
        solve(roles, [ExampleService("s", {"nurse": (30, 1.0)})], {"s": 10}, budget=60_000)
    (reason,) = caught.value.reasons
    assert "existing staff" in reason and "£100,000" in reason and "£60,000" in reason
    assert caught.value.exit_code == 3
    assert caught.value.shortfall_per_year == pytest.approx(40_000, abs=1)  # the least-cost team is the existing one


def test_continuity_beyond_gp_supply_is_infeasible() -> None:
    roles = [ExampleRole("gp", 100_000, staff_group="gp", max_fte=3)]
    with pytest.raises(InfeasiblePlanError) as caught:
        solve(roles, [ExampleService("s", {"gp": (30, 1.0)})], {"s": 10}, budget=10_000_000,
              max_patients_per_gp_fte=2000)
    assert "5.00 GP FTE" in caught.value.reasons[0] and "3.00" in caught.value.reasons[0]


def test_continuity_against_budget_is_found_by_relaxing_rules() -> None:
    """5 GP FTE cost £500,000; the budget is £300,000 and nobody is employed yet: budget vs continuity."""
    roles = [ExampleRole("gp", 100_000, staff_group="gp")]
    with pytest.raises(InfeasiblePlanError) as caught:
        solve(roles, [ExampleService("s", {"gp": (30, 1.0)})], {"s": 10}, budget=300_000,
              max_patients_per_gp_fte=2000)
    text = " ".join(caught.value.reasons)
    assert "workforce budget" in text and "continuity" in text and "relaxing" not in text
    # the least-cost team is the 5 GP FTE the continuity limit needs: £500,000 against £300,000
    assert caught.value.shortfall_per_year == pytest.approx(200_000, abs=1)
    assert caught.value.reasons[0].startswith("the least-cost team that meets every other hard rule costs the budget "
                                              "£500,000 a year, £200,000 more than the workforce budget of £300,000")


def test_supervised_staff_without_any_supervisor_is_infeasible() -> None:
    roles = [ExampleRole("pa", 60_000, existing_fte=1, supervision_hours=2, supervised_by=("gp",))]
    care_model = example_care_model(
        roles + [ExampleRole("gp", 100_000, staff_group="gp")], [ExampleService("s", {"pa": (30, 1.0)})])
    scenario = example_scenario(roles, 1_000_000)
    with pytest.raises(InfeasiblePlanError) as caught:
        solve_mix(scenario, care_model, MixDemand({"s": 10}))
    assert "supervision" in caught.value.reasons[0]


def test_unknown_service_in_demand_is_an_input_error() -> None:
    care_model = example_care_model(NURSE, TWO_PRIORITIES)
    with pytest.raises(InputError) as caught:
        solve_mix(example_scenario(NURSE, 1), care_model, MixDemand({"urgent": 1, "dentistry": 5}))
    assert "dentistry" in str(caught.value)

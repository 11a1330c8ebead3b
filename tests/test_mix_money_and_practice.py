"""Hand-checked mix cases for money as it flows and safe, current practice (issue 18).

Zero WISN allowances: 1 FTE = 37.5 clinical hours a week = 10 sessions, so each answer can be
worked out on paper (see each docstring). Every result also passes the independent checker.
"""

from __future__ import annotations

import pytest

from pch_workforce.mix import Mix, MixDemand, MixOptions, mix_violations, problem_from_inputs, solve_mix
from pch_workforce.mix.examples import ExampleRole, ExampleService, example_care_model, example_scenario

POPULATION = 10_000


def solve(roles: list[ExampleRole], services: list[ExampleService], demand: dict[str, float],
          budget: float = 1_000_000, arrs_per_patient: float = 1_000.0,
          gp_max_contacts_per_day: float = 1_000.0) -> Mix:
    care_model = example_care_model(roles, services, arrs_per_weighted_patient=arrs_per_patient,
                                    gp_max_contacts_per_day=gp_max_contacts_per_day)
    scenario = example_scenario(roles, budget, population=POPULATION)
    mix_demand = MixDemand(demand)
    mix = solve_mix(scenario, care_model, mix_demand, MixOptions())
    assert mix_violations(problem_from_inputs(scenario, care_model, mix_demand), mix) == []
    return mix


def test_the_arrs_envelope_caps_what_is_claimed_and_binds() -> None:
    """Envelope £2 x 10,000 weighted patients = £20,000. Y costs 60,000 and could claim 50,000 a FTE, X costs
    45,000 and claims nothing. 75 contacts x 30 min = 37.5 h = 1 FTE. Y nets 10,000 a FTE until the envelope
    is spent at 0.4 FTE; beyond that Y costs 60,000 against X's 45,000. So Y 4 sessions, X 6: cost
    0.4 x 60,000 - 20,000 + 0.6 x 45,000 = 31,000, the whole envelope claimed, and the envelope binds."""
    roles = [ExampleRole("x", 45_000), ExampleRole("y", 60_000, arrs_max=50_000, arrs_eligible=True)]
    mix = solve(roles, [ExampleService("s", {"x": (30, 1.0), "y": (30, 1.0)})], {"s": 75}, arrs_per_patient=2)
    assert mix.role("y").sessions == 4 and mix.role("x").sessions == 6
    assert mix.arrs is not None
    assert mix.arrs.envelope_per_year == pytest.approx(20_000)
    assert mix.arrs.claimed_per_year == pytest.approx(20_000)
    assert mix.arrs.unclaimed_per_year == pytest.approx(0)
    assert mix.cost_per_year == pytest.approx(31_000)
    assert "arrs_envelope" in mix.binding_names


def test_unclaimed_envelope_is_money_left_on_the_table() -> None:
    """Envelope £10 x 10,000 = £100,000; one FTE of Y claims its maximum £50,000; £50,000 is lost."""
    roles = [ExampleRole("y", 60_000, arrs_max=50_000, arrs_eligible=True, max_fte=1)]
    mix = solve(roles, [ExampleService("s", {"y": (30, 1.0)})], {"s": 75}, arrs_per_patient=10)
    assert mix.arrs is not None and mix.arrs.claimed_per_year == pytest.approx(50_000)
    assert mix.arrs.unclaimed_per_year == pytest.approx(50_000)
    assert "arrs_envelope" not in mix.binding_names


def test_additionality_excludes_the_baseline() -> None:
    """Y has 1 FTE in post, all of it in the ARRS baseline. 150 contacts = 75 h = 2 FTE. Only the second
    FTE is additional: claim 50,000, cost 2 x 60,000 - 50,000 = 70,000."""
    roles = [ExampleRole("y", 60_000, arrs_max=50_000, arrs_eligible=True, existing_fte=1, max_fte=2,
                         arrs_baseline_fte=1)]
    mix = solve(roles, [ExampleService("s", {"y": (30, 1.0)})], {"s": 150})
    assert mix.role("y").fte == 2
    assert mix.role("y").arrs_reimbursement_per_year == pytest.approx(50_000)
    assert mix.cost_per_year == pytest.approx(70_000)


def test_a_baseline_above_the_team_claims_nothing_when_redundancies_are_allowed() -> None:
    """Baseline 2 FTE, but with redundancies allowed the plan needs only 1 FTE (75 contacts): nothing is
    additional, so nothing is claimed and the site pays the full 60,000."""
    roles = [ExampleRole("y", 60_000, arrs_max=50_000, arrs_eligible=True, existing_fte=2, max_fte=2,
                         arrs_baseline_fte=2)]
    care_model = example_care_model(roles, [ExampleService("s", {"y": (30, 1.0)})])
    scenario = example_scenario(roles, 1_000_000, population=POPULATION, allow_redundancies=True)
    mix = solve_mix(scenario, care_model, MixDemand({"s": 75}), MixOptions(marginals=False))
    assert mix.role("y").fte == 1
    assert mix.role("y").arrs_reimbursement_per_year == pytest.approx(0)
    assert mix.cost_per_year == pytest.approx(60_000)


def test_a_half_funded_role_costs_the_site_half() -> None:
    """Z costs 60,000; the site pays half and a mental-health trust half. 1 FTE: site 30,000, trust 30,000."""
    roles = [ExampleRole("z", 60_000, funding=(("site", 0.5), ("mental health trust", 0.5)), max_fte=1)]
    mix = solve(roles, [ExampleService("s", {"z": (30, 1.0)})], {"s": 75})
    z = mix.role("z")
    assert z.budget_cost_per_year == pytest.approx(30_000) and z.others_cost_per_year == pytest.approx(30_000)
    assert mix.cost_per_year == pytest.approx(30_000) and mix.gross_cost_per_year == pytest.approx(60_000)
    assert [(f.payer, f.share) for f in z.funding] == [("site", 0.5), ("mental health trust", 0.5)]


def test_arrs_reimburses_only_the_site_share_of_a_half_funded_role() -> None:
    """Half of 60,000 is the site's 30,000; ARRS may reimburse up to 50,000 a FTE but never more than the
    site pays, so it claims 30,000 and the site pays nothing."""
    roles = [ExampleRole("z", 60_000, funding=(("site", 0.5), ("mental health trust", 0.5)), max_fte=1,
                         arrs_max=50_000, arrs_eligible=True)]
    mix = solve(roles, [ExampleService("s", {"z": (30, 1.0)})], {"s": 75})
    assert mix.role("z").arrs_reimbursement_per_year == pytest.approx(30_000)
    assert mix.cost_per_year == pytest.approx(0)


def test_a_role_another_organisation_pays_for_spends_none_of_the_budget() -> None:
    """A £1 budget, and a district nurse the community trust pays: the nurse covers the 75 contacts at no
    cost to the site; the plan shows the trust's 50,000."""
    roles = [ExampleRole("dn", 50_000, funding=(("community trust", 1.0),), max_fte=1)]
    mix = solve(roles, [ExampleService("s", {"dn": (30, 1.0)})], {"s": 75}, budget=1)
    assert mix.unmet_hours_per_week == 0
    assert mix.cost_per_year == 0 and mix.others_cost_per_year == pytest.approx(50_000)
    assert not mix.role("dn").budget_pays


def test_gp_contacts_per_day_stay_within_the_safe_limit() -> None:
    """GP FTE works 260 days a year = 5 a week (zero allowances). At 10 contacts a day, 1 FTE gives 50 contacts
    a week, though its 37.5 h could give 150 of 15 minutes. 100 contacts, GP supply 1 FTE: 50 unmet."""
    roles = [ExampleRole("gp", 100_000, staff_group="gp", max_fte=1)]
    mix = solve(roles, [ExampleService("s", {"gp": (15, 1.0)})], {"s": 100}, gp_max_contacts_per_day=10)
    assert mix.service("s").unmet_contacts_per_week == pytest.approx(50, abs=1e-4)
    assert mix.gp_contacts_per_gp_day == pytest.approx(10)
    assert "gp_contacts_per_day[gp]" in mix.binding_names
    assert any(w.startswith("safe working") for w in mix.service("s").why_unmet)


def test_a_gp_share_floor_holds_other_roles_back_and_says_so() -> None:
    """GP keeps at least half of the contacts delivered. GP supply 1 FTE = 75 contacts of 30 min; a nurse could
    do them all, but may do at most as many as the GP: 150 of 200 delivered, 50 unmet."""
    roles = [ExampleRole("gp", 100_000, staff_group="gp", max_fte=1), ExampleRole("nurse", 40_000)]
    services = [ExampleService("complex", {"gp": (30, 1.0), "nurse": (30, 1.0)}, min_shares={"gp": 0.5})]
    mix = solve(roles, services, {"complex": 200})
    assert mix.hours("complex", "gp") == pytest.approx(37.5, abs=1e-4)
    assert mix.hours("complex", "nurse") == pytest.approx(37.5, abs=1e-4)
    assert mix.service("complex").unmet_contacts_per_week == pytest.approx(50, abs=1e-4)
    assert "share_floor[complex/gp]" in mix.binding_names
    assert any(w.startswith("share floor") for w in mix.service("complex").why_unmet)


def test_unmet_need_counts_contacts_so_speed_at_one_service_buys_nothing() -> None:
    """One nurse FTE (37.5 h) does A and B in 15 minutes each: 150 contacts. A's reference length is 30
    minutes, B's 15; B weighs 1.5 a contact, A 1. In contacts, an hour on B is worth 6 and on A 4, so B is
    covered first. (Counted in reference hours, A would win: 4 x 0.5 h x 1 = 2 against 4 x 0.25 h x 1.5.)"""
    roles = [ExampleRole("nurse", 40_000, max_fte=1)]
    services = [ExampleService("a", {"nurse": (15, 1.0)}, priority_weight=1, minutes_per_contact=30),
                ExampleService("b", {"nurse": (15, 1.0)}, priority_weight=1.5, minutes_per_contact=15)]
    mix = solve(roles, services, {"a": 150, "b": 150})
    assert mix.service("b").unmet_contacts_per_week == pytest.approx(0, abs=1e-4)
    assert mix.service("a").unmet_contacts_per_week == pytest.approx(150, abs=1e-4)
    assert mix.report.objective == pytest.approx(150, abs=1e-4)


def test_a_role_that_delivers_as_another_shares_its_scope_limit() -> None:
    """An ARRS GP delivers as a GP: the GP column may take 30% of 100 contacts, whichever GP does them."""
    roles = [ExampleRole("gp", 100_000, staff_group="gp", max_fte=0.2),
             ExampleRole("arrs_gp", 100_000, staff_group="gp", delivers_as="gp", arrs_max=90_000,
                         arrs_eligible=True),
             ExampleRole("nurse", 200_000)]
    services = [ExampleService("s", {"gp": (30, 0.3), "nurse": (30, 1.0)})]
    mix = solve(roles, services, {"s": 100})
    gp_contacts = sum(a.contacts_per_week for a in mix.allocations if a.role in ("gp", "arrs_gp"))
    assert gp_contacts == pytest.approx(30, abs=1e-4)
    assert mix.hours("s", "arrs_gp") > 0  # net £10,000 a FTE: cheaper than the GP
    assert "scope_limit[s/gp]" in mix.binding_names

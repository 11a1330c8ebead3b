"""Invariants of the mix on random small problems (built directly as MixProblem, so they stay fast).

Each property follows from the feasible set growing or shrinking, so it must hold for the MIP
exactly (up to solver tolerances), and every result must pass the independent checker.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pch_workforce.mix import MixOptions, MixProblem, mix_violations, solve_mix_problem
from pch_workforce.mix.problem import DeliveryTerms, RoleTerms, ServiceTerms

OPTIONS = MixOptions(marginals=False)
PROPERTY_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROLE_IDS = ("a", "b", "c")
SERVICE_IDS = ("s1", "s2", "s3")


@st.composite
def roles(draw: st.DrawFn, generous: bool = False) -> tuple[RoleTerms, ...]:
    count = draw(st.integers(1, 3))
    out = []
    for role_id in ROLE_IDS[:count]:
        sessions_per_fte = draw(st.sampled_from([9.0, 10.0]))
        max_sessions = draw(st.integers(60, 90) if generous else st.integers(0, 30))
        cost = draw(st.floats(25_000, 120_000))
        funding = draw(st.sampled_from([(("site", 1.0),), (("site", 0.5), ("trust", 0.5)), (("trust", 1.0),)]))
        site_share = sum(x for p, x in funding if p == "site")
        out.append(RoleTerms(
            role=role_id, name=role_id.upper(), staff_group="other", sessions_per_fte=sessions_per_fte,
            min_sessions=draw(st.integers(0, min(max_sessions, 5))), max_sessions=max_sessions,
            existing_fte=0.0, max_fte=max_sessions / sessions_per_fte,
            clinical_hours_per_fte_week=draw(st.floats(15, 37.5)),
            annual_cost=cost, funding=funding,
            arrs_claim_per_fte=draw(st.just(0.0) | st.floats(0, cost * site_share)),
            arrs_baseline_fte=draw(st.sampled_from([0.0, 0.0, 0.3, 1.0])),
        ))
    return tuple(out)


@st.composite
def problems(draw: st.DrawFn, generous: bool = False) -> MixProblem:
    """Random small problems; ``generous`` ones (ample supply, budget, a full-scope role per service)
    usually cover all demand."""
    role_terms = draw(roles(generous))
    services = []
    for service_id in SERVICE_IDS[:draw(st.integers(1, 3))]:
        cells = draw(st.lists(st.sampled_from([r.role for r in role_terms]), min_size=1, max_size=3, unique=True))
        services.append(ServiceTerms(
            service=service_id, name=service_id, priority_weight=draw(st.sampled_from([1.0, 3.0, 8.0])),
            reference_minutes=draw(st.sampled_from([10.0, 20.0, 30.0])),
            # none, or at least a contact a month: a few millionths of a contact (drawn once, 1e-5) is no
            # real demand, and covering it exactly hires a session the tie tolerance below cannot see
            contacts_per_week=draw(st.one_of(st.just(0.0), st.floats(0.25, 200))),
            delivery=tuple(DeliveryTerms(role=r, minutes_per_contact=draw(st.sampled_from([10.0, 15.0, 30.0])),
                                         max_share=1.0 if generous and i == 0 else
                                         draw(st.sampled_from([0.3, 0.6, 1.0]))) for i, r in enumerate(cells)),
        ))
    floor = sum(r.site_cost * r.fte(r.min_sessions) for r in role_terms)
    budget = floor + (5_000_000 if generous else draw(st.floats(0, 400_000)))
    envelope = draw(st.none() | st.floats(0, 300_000)) if any(r.arrs_eligible for r in role_terms) else None
    return MixProblem(site="prop", population=10_000, capitated_budget_per_year=budget, workforce_share=1.0,
                      max_patients_per_gp_fte=None, allow_redundancies=False, roles=role_terms,
                      services=tuple(services), workforce_budget_per_year=budget, arrs_envelope_per_year=envelope)


def _close_or_below(after: float, before: float) -> bool:
    return after <= before + 1e-5 * max(1.0, abs(before))


@PROPERTY_SETTINGS
@given(problems())
def test_every_mix_passes_the_independent_checker(problem: MixProblem) -> None:
    mix = solve_mix_problem(problem, OPTIONS)
    assert mix_violations(problem, mix) == []
    assert mix.report.status.value == "optimal"


@PROPERTY_SETTINGS
@given(problems(), st.floats(1_000, 200_000))
def test_more_budget_never_covers_less(problem: MixProblem, extra: float) -> None:
    before = solve_mix_problem(problem, OPTIONS)
    richer = replace(problem, workforce_budget_per_year=problem.workforce_budget_per_year + extra)
    after = solve_mix_problem(richer, OPTIONS)
    assert _close_or_below(after.weighted_unmet_contacts_per_week, before.weighted_unmet_contacts_per_week)


@PROPERTY_SETTINGS
@given(problems(generous=True), st.floats(1.0, 2.0))
def test_more_demand_never_costs_less_at_full_cover(problem: MixProblem, factor: float) -> None:
    base = solve_mix_problem(problem, OPTIONS)
    more = replace(problem, services=tuple(replace(s, contacts_per_week=s.contacts_per_week * factor)
                                           for s in problem.services))
    bigger = solve_mix_problem(more, OPTIONS)
    assume(base.unmet_hours_per_week == 0 and bigger.unmet_hours_per_week == 0)
    assert _close_or_below(base.cost_per_year, bigger.cost_per_year)


@PROPERTY_SETTINGS
@given(problems(), st.data())
def test_removing_a_role_from_the_skill_matrix_never_improves_the_plan(problem: MixProblem,
                                                                       data: st.DataObject) -> None:
    """Lexicographically: unmet never falls, and at equal unmet the cost never falls."""
    service = data.draw(st.sampled_from(problem.services))
    cell = data.draw(st.sampled_from(service.delivery))
    narrower = replace(problem, services=tuple(
        replace(s, delivery=tuple(c for c in s.delivery if c != cell)) if s is service else s
        for s in problem.services))
    base = solve_mix_problem(problem, OPTIONS)
    after = solve_mix_problem(narrower, OPTIONS)
    assert _close_or_below(base.weighted_unmet_contacts_per_week, after.weighted_unmet_contacts_per_week)
    if abs(after.weighted_unmet_contacts_per_week - base.weighted_unmet_contacts_per_week) <= 1e-5:
        assert _close_or_below(base.cost_per_year, after.cost_per_year)

"""The mix stage end to end: inputs -> problem -> checks -> lexicographic solve -> explained ``Mix``."""

from __future__ import annotations

from pch_workforce.care_model import CareModel
from pch_workforce.errors import InfeasiblePlanError
from pch_workforce.memo import by_value
from pch_workforce.mix.checks import diagnose_infeasible, infeasibility_reasons
from pch_workforce.mix.shortfall import budget_shortfall
from pch_workforce.mix.explain import (
    allocated_hours,
    binding_constraints,
    capacity_hours,
    enhanced_access_hours,
    estate_holding,
    gp_contacts_per_gp_day,
    held_at,
    marginal_values,
    room_hours,
    room_placement,
    supervision_hours,
    why_unmet,
)
from pch_workforce.mix.problem import (
    MixDemand,
    MixProblem,
    PracticeRooms,
    RoleTerms,
    ServiceTerms,
    problem_from_inputs,
)
from pch_workforce.mix.result import (
    Allocation,
    ArrsUse,
    EnhancedAccessUse,
    FundingPart,
    Marginal,
    Mix,
    MixReport,
    PracticeEstate,
    RoleMix,
    ServiceMix,
    SupervisionHours,
)
from pch_workforce.mix.solve import SOLVER_NAME, LexResult, MixOptions, Solution, solve_lexicographic
from pch_workforce.scenario.model import Scenario
from pch_workforce.solve_report import SolveStatus, relative_gap

STAGE = "staff mix"
# Contacts a week below which "unmet" is solver tolerance (MIP gap and the lexicographic stage's slack
# left ~1e-4 on North Coast), not unmet demand; half the independent checker's 1e-3 cover tolerance.
UNMET_EPS = 5e-4


def solve_mix(scenario: Scenario, care_model: CareModel, demand: MixDemand,
              options: MixOptions = MixOptions()) -> Mix:
    """The recommended team for a site.

    Parameters
    ----------
    scenario, care_model
        The validated inputs (site budget, roles the site has or may recruit; costs, allowances,
        skill matrix).
    demand
        Contacts a week per service line for the whole site (see ``mix_input_from_demand``).

    Raises
    ------
    InputError
        Demand names a service the care model does not have (exit 2).
    InfeasiblePlanError
        No team meets the hard rules; the reasons say which and by how much (exit 3).
    """
    return solve_mix_problem(problem_from_inputs(scenario, care_model, demand), options)


@by_value(maxsize=16)
def solve_mix_problem(problem: MixProblem, options: MixOptions = MixOptions()) -> Mix:
    """Check, solve lexicographically, explain; raise InfeasiblePlanError with reasons in words.
    Solved once per process for each problem and options (:mod:`pch_workforce.memo`)."""
    reasons = infeasibility_reasons(problem)
    if reasons:
        raise _infeasible(problem, options, reasons)
    lex = solve_lexicographic(problem, options)
    if lex.solution is None:
        if lex.status is SolveStatus.INFEASIBLE:
            if not options.explain_infeasible:
                raise InfeasiblePlanError(STAGE, ["the hard rules conflict (explanation switched off)"])
            raise _infeasible(problem, options, diagnose_infeasible(problem, options))
        raise InfeasiblePlanError(STAGE, [f"the solver stopped ({lex.status.value}) before finding any mix within "
                                          f"{options.time_limit:g} s a stage; this is not a proof that none exists"])
    marginals, marginal_seconds = marginal_values(problem, lex.solution, options) if options.marginals else ((), 0.0)
    return assemble_mix(problem, lex, lex.solution, marginals, marginal_seconds, options)


SHORTFALL_LEAD = "the least-cost team that meets every other hard rule"


def _infeasible(problem: MixProblem, options: MixOptions, reasons: list[str]) -> InfeasiblePlanError:
    """The reasons, led by the money the least-cost team needs when the budget is what blocks."""
    gap = budget_shortfall(problem, options)
    if gap is None or gap.shortfall_per_year < 0.5:
        return InfeasiblePlanError(STAGE, reasons)
    if any(f"£{gap.shortfall_per_year:,.0f} more" in reason for reason in reasons):  # said already (existing staff)
        return InfeasiblePlanError(STAGE, reasons, shortfall_per_year=gap.shortfall_per_year)
    lead = (f"{SHORTFALL_LEAD} costs the budget £{gap.minimum_cost_per_year:,.0f} "
            f"a year, £{gap.shortfall_per_year:,.0f} more than the workforce budget of £{gap.budget_per_year:,.0f}: "
            "the budget must grow by at least that for a plan without other changes")
    return InfeasiblePlanError(STAGE, [lead, *reasons], shortfall_per_year=gap.shortfall_per_year)


def assemble_mix(problem: MixProblem, lex: LexResult, solution: Solution, marginals: tuple[Marginal, ...],
                 marginal_seconds: float, options: MixOptions) -> Mix:
    """Turn raw values into the typed, explained result."""
    roles = tuple(_role_mix(problem, solution, role) for role in problem.roles)
    allocations = tuple(
        _allocation(solution, service.service, cell.role, cell.minutes_per_contact)
        for service in problem.services
        for cell in service.delivery
        if solution.contacts[service.service, cell.role] > 1e-9
    )
    estate = estate_holding(problem, solution, marginals)
    services = tuple(_service_mix(problem, solution, service, estate) for service in problem.services)
    primary = lex.stages[0]
    report = MixReport(
        status=lex.status,
        objective=primary.objective,
        best_bound=primary.best_bound,
        gap=relative_gap(primary.objective, primary.best_bound),
        seconds=lex.seconds,
        workers=1,  # HiGHS threads are a global, not a MathOpt parameter; its MIP search is serial
        seed=0,  # HiGHS default; same problem, same plan (checked in benchmarks/mix_speed.py)
        time_limit=options.time_limit,
        solver=SOLVER_NAME,
        stages=lex.stages,
        marginal_seconds=marginal_seconds,
    )
    return Mix(
        site=problem.site,
        population=problem.population,
        capitated_budget_per_year=problem.capitated_budget_per_year,
        workforce_budget_per_year=problem.workforce_budget_per_year,
        cost_per_year=sum(r.budget_cost_per_year for r in roles),
        gross_cost_per_year=sum(r.cost_per_year for r in roles),
        arrs_reimbursement_per_year=sum(r.arrs_reimbursement_per_year for r in roles),
        arrs=(ArrsUse(envelope_per_year=problem.arrs_envelope_per_year,
                      claimed_per_year=sum(solution.arrs_claim.values()))
              if problem.arrs_envelope_per_year is not None else None),
        others_cost_per_year=sum(r.others_cost_per_year for r in roles),
        price_year=problem.price_year,
        plan_financial_year=problem.plan_financial_year,
        price_note=problem.price_note,
        gp_contacts_per_gp_day=gp_contacts_per_gp_day(problem, solution),
        gp_max_contacts_per_day=problem.gp_max_contacts_per_day,
        estate=_practice_estates(problem, solution),
        enhanced_access=_enhanced_access(problem, solution),
        demand_hours_per_week=sum(s.demand_hours_per_week for s in services),
        unmet_hours_per_week=sum(s.unmet_hours_per_week for s in services),
        unmet_contacts_per_week=sum(s.unmet_contacts_per_week for s in services),
        weighted_unmet_hours_per_week=sum(s.weighted_unmet_hours_per_week for s in services),
        weighted_unmet_contacts_per_week=sum(s.weighted_unmet_contacts_per_week for s in services),
        roles=roles,
        allocations=allocations,
        supervision=tuple(SupervisionHours(supervisor=b, supervised=q, hours_per_week=h)
                          for (b, q), h in solution.supervise.items() if h > 1e-9),
        services=services,
        binding=binding_constraints(problem, solution, estate),
        marginals=marginals,
        report=report,
    )


def _role_mix(problem: MixProblem, solution: Solution, role: RoleTerms) -> RoleMix:
    sessions = solution.sessions[role.role]
    fte = role.fte(sessions)
    claim = solution.arrs_claim.get(role.role, 0.0)
    return RoleMix(
        role=role.role,
        name=role.name,
        staff_group=role.staff_group,
        sessions=sessions,
        fte=fte,
        existing_fte=role.existing_fte,
        max_fte=role.max_fte,
        annual_cost_per_fte=role.annual_cost,
        cost_per_year=fte * role.annual_cost,
        arrs_reimbursement_per_year=claim,
        arrs_baseline_fte=role.arrs_baseline_fte,
        budget_cost_per_year=fte * role.site_cost - claim,
        others_cost_per_year=fte * role.others_cost,
        budget_pays=role.budget_pays,
        funding=tuple(FundingPart(payer=payer, share=share) for payer, share in role.funding),
        cost_basis=role.cost_explanation,
        clinical_hours_per_week=capacity_hours(role, solution),
        allocated_hours_per_week=allocated_hours(problem, solution, role.role),
        room_hours_per_week=room_hours(problem, solution, role.role),
        supervision_hours_per_week=supervision_hours(solution, role.role),
    )


def _enhanced_access(problem: MixProblem, solution: Solution) -> EnhancedAccessUse | None:
    terms = problem.enhanced_access
    if terms is None:
        return None
    return EnhancedAccessUse(required_hours_per_week=terms.required_hours_per_week,
                             team_hours_per_week=enhanced_access_hours(problem, solution),
                             room_hours_per_week=terms.room_hours_per_week)


def _practice_estates(problem: MixProblem, solution: Solution) -> tuple[PracticeEstate, ...]:
    placed = room_placement(problem, solution)
    return tuple(PracticeEstate(
        practice=practice.practice,
        name=practice.name,
        rooms=practice.rooms,
        room_sessions_per_week=practice.total,
        room_sessions_needed_per_week=sum(v for (p, _), v in placed.items() if p == practice.practice),
        room_sessions_held_per_week=held_at(placed, practice.practice),
        seen_elsewhere_per_week=sum(v for (p, q), v in placed.items() if p == practice.practice != q),
        by_session_type=practice.room_sessions,
    ) for practice in problem.estate)


def _allocation(solution: Solution, service_id: str, role_id: str, minutes: float) -> Allocation:
    contacts = solution.contacts[service_id, role_id]
    return Allocation(service=service_id, role=role_id, contacts_per_week=contacts, hours_per_week=contacts * minutes / 60)


def _service_mix(problem: MixProblem, solution: Solution, service: ServiceTerms,
                 estate: list[PracticeRooms]) -> ServiceMix:
    unmet = solution.unmet[service.service]
    unmet = 0.0 if unmet < UNMET_EPS else unmet
    hours = unmet * service.reference_minutes / 60
    return ServiceMix(
        service=service.service,
        name=service.name,
        priority_weight=service.priority_weight,
        demand_contacts_per_week=service.contacts_per_week,
        demand_hours_per_week=service.demand_hours_per_week,
        unmet_contacts_per_week=unmet,
        unmet_hours_per_week=hours,
        weighted_unmet_hours_per_week=hours * service.priority_weight,
        weighted_unmet_contacts_per_week=unmet * service.priority_weight,
        why_unmet=why_unmet(problem, solution, service, estate) if unmet else (),
    )

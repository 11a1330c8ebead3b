"""Explain a mix: which rules bind, what one step more of a resource is worth, why demand is unmet.

"Binding" is read from the solution, counting integer contract steps: a rule binds when the plan
sits on it or within one session of it and that session has a use. For example, the budget binds
when there is unmet demand and what is left of the budget cannot pay for one more session of any
role that could still grow and could deliver it.

Marginal values are *re-solved*, not LP duals: the whole lexicographic problem is solved again
with £10k more budget, or with the supply cap of one role raised by 1 FTE, and the difference
in weighted unmet hours and in budget cost is reported. With integer sessions that is the true
value of the whole step (an LP dual would only be a local rate of the relaxation).
"""

from __future__ import annotations

import time
from dataclasses import replace

from pch_workforce.mix.model import BUDGET, CAPACITY, CONTINUITY, FTE_MAX, FTE_MIN, SCOPE, SUPERVISION, constraint_name
from pch_workforce.mix.problem import MixProblem, RoleTerms, ServiceTerms, session_bounds
from pch_workforce.mix.result import Binding, Marginal
from pch_workforce.mix.solve import MixOptions, Solution, solve_lexicographic
from pch_workforce.solve_report import SolveStatus

TOL = 1e-6
SCOPE_TOL = 1e-5  # relative: the lexicographic stages keep each optimum to about 1e-7
IDLE_HOURS = 1e-3  # h a week


# --- solution arithmetic ------------------------------------------------------------------


def allocated_hours(problem: MixProblem, solution: Solution, role_id: str) -> float:
    return sum(
        solution.contacts[s.service, c.role] * c.minutes_per_contact / 60
        for s in problem.services
        for c in s.delivery
        if c.role == role_id
    )


def supervision_hours(solution: Solution, role_id: str) -> float:
    return sum(v for (b, _), v in solution.supervise.items() if b == role_id)


def capacity_hours(role: RoleTerms, solution: Solution) -> float:
    return role.fte(solution.sessions[role.role]) * role.clinical_hours_per_fte_week


def spare_hours(problem: MixProblem, solution: Solution, role: RoleTerms) -> float:
    used = allocated_hours(problem, solution, role.role) + supervision_hours(solution, role.role)
    return capacity_hours(role, solution) - used


def session_hours(role: RoleTerms) -> float:
    """Clinical hours a week one more session of this role would add."""
    return role.clinical_hours_per_fte_week / role.sessions_per_fte


def session_budget_cost(role: RoleTerms) -> float:
    return role.budget_cost / role.sessions_per_fte


def fully_used(problem: MixProblem, solution: Solution, role: RoleTerms) -> bool:
    """No whole session of clinical time is left over."""
    return spare_hours(problem, solution, role) < session_hours(role) - TOL


def scope_full(service: ServiceTerms, solution: Solution, role_id: str) -> bool:
    cell = next(c for c in service.delivery if c.role == role_id)
    if cell.max_share >= 1 or service.contacts_per_week <= 0:
        return False
    limit = cell.max_share * service.contacts_per_week
    return solution.contacts[service.service, role_id] >= limit - SCOPE_TOL * max(1.0, limit)


def can_grow(role: RoleTerms, solution: Solution) -> bool:
    return solution.sessions[role.role] < role.max_sessions


def budget_left(problem: MixProblem, solution: Solution) -> float:
    return problem.workforce_budget_per_year - solution.budget_cost


def budget_blocks(problem: MixProblem, solution: Solution, role: RoleTerms) -> bool:
    """One more session of this budget-paid role does not fit in what is left of the budget."""
    return role.budget_cost > 0 and can_grow(role, solution) and (
        budget_left(problem, solution) < session_budget_cost(role) - TOL
    )


def _useful_roles(problem: MixProblem, solution: Solution) -> set[str]:
    """Roles that could deliver some unmet demand (scope not yet full)."""
    useful: set[str] = set()
    for service in problem.services:
        if solution.unmet[service.service] <= TOL:
            continue
        useful |= {c.role for c in service.delivery if not scope_full(service, solution, c.role)}
    return useful


def budget_binds(problem: MixProblem, solution: Solution) -> bool:
    useful = _useful_roles(problem, solution)
    return any(budget_blocks(problem, solution, r) for r in problem.roles if r.role in useful)


def _could_buy_more(problem: MixProblem, solution: Solution, role: RoleTerms) -> bool:
    """One more session of this role is within its supply cap and the budget."""
    return can_grow(role, solution) and not budget_blocks(problem, solution, role)


def _supervisors_stuck(problem: MixProblem, solution: Solution, role: RoleTerms) -> bool:
    """The role needs supervision and none of its supervisors has time now or can grow."""
    if role.supervision_hours_per_fte_week <= 0:
        return False
    supervisors = [r for r in problem.roles if r.role in role.supervised_by]
    return all(spare_hours(problem, solution, b) <= IDLE_HOURS and not _could_buy_more(problem, solution, b)
               for b in supervisors)


# --- binding constraints ------------------------------------------------------------------


def binding_constraints(problem: MixProblem, solution: Solution) -> tuple[Binding, ...]:
    """Every rule that holds the plan where it is, in the order a reader meets them."""
    found: list[Binding] = []
    if budget_binds(problem, solution):
        left = budget_left(problem, solution)
        found.append(Binding(name=BUDGET, rule=BUDGET, subject="site", detail=(
            f"£{solution.budget_cost:,.0f} of the £{problem.workforce_budget_per_year:,.0f} workforce budget is "
            f"used; the £{left:,.0f} left does not pay for one more session of a role that could cover unmet demand")))
    found += _continuity_binding(problem, solution)
    for role in problem.roles:
        found += _role_bindings(problem, solution, role)
    for service in problem.services:
        for cell in service.delivery:
            if scope_full(service, solution, cell.role):
                found.append(Binding(
                    name=constraint_name(SCOPE, service.service, cell.role), rule=SCOPE,
                    subject=f"{service.service}/{cell.role}",
                    detail=f"{problem.role(cell.role).name} takes its maximum {cell.max_share:.0%} of {service.name}"))
    return tuple(found)


def _continuity_binding(problem: MixProblem, solution: Solution) -> list[Binding]:
    limit = problem.max_patients_per_gp_fte
    gps = [r for r in problem.roles if r.is_gp]
    if limit is None or not gps:
        return []
    need = problem.population / limit
    have = sum(r.fte(solution.sessions[r.role]) for r in gps)
    step = min(1 / r.sessions_per_fte for r in gps)
    if have - need >= step - TOL:
        return []
    return [Binding(name=CONTINUITY, rule=CONTINUITY, subject="gp", detail=(
        f"{problem.population:,} patients at most {limit:,} per GP FTE need {need:.2f} GP FTE; the plan has "
        f"{have:.2f}, no more than it must"))]


def _role_bindings(problem: MixProblem, solution: Solution, role: RoleTerms) -> list[Binding]:
    found: list[Binding] = []
    sessions = solution.sessions[role.role]
    full = fully_used(problem, solution, role)
    spare = max(0.0, spare_hours(problem, solution, role))
    if sessions >= role.max_sessions and full and role.max_sessions > 0:
        found.append(Binding(name=constraint_name(FTE_MAX, role.role), rule=FTE_MAX, subject=role.role, detail=(
            f"{role.name} is at the most the local market can supply ({role.fte(role.max_sessions):g} FTE) "
            f"and every hour is used")))
    if sessions <= role.min_sessions and role.min_sessions > 0 and not full:
        found.append(Binding(name=constraint_name(FTE_MIN, role.role), rule=FTE_MIN, subject=role.role, detail=(
            f"{role.name} is kept at existing staff ({role.existing_fte:g} FTE, no redundancies) with "
            f"{spare:.1f} clinical hours a week spare")))
    if full and sessions > 0:
        found.append(Binding(name=constraint_name(CAPACITY, role.role), rule=CAPACITY, subject=role.role, detail=(
            f"{role.name}: all {capacity_hours(role, solution):.1f} clinical hours a week are in use "
            f"({spare:.1f} spare, less than one session)")))
    if role.supervision_hours_per_fte_week > 0 and sessions > 0:
        supervisors = [problem.role(b) for b in role.supervised_by if any(r.role == b for r in problem.roles)]
        if supervisors and all(fully_used(problem, solution, b) and not _could_buy_more(problem, solution, b)
                               for b in supervisors):
            need = role.fte(sessions) * role.supervision_hours_per_fte_week
            found.append(Binding(name=constraint_name(SUPERVISION, role.role), rule=SUPERVISION, subject=role.role,
                                 detail=(f"{role.name} needs {need:.1f} h a week of supervision from "
                                         f"{', '.join(b.name for b in supervisors)}, whose hours are all in use "
                                         "and cannot grow (supply cap or budget)")))
    return found


# --- why demand is unmet ------------------------------------------------------------------


def why_unmet(problem: MixProblem, solution: Solution, service: ServiceTerms) -> tuple[str, ...]:
    """For a service with unmet demand, what stops each role that may deliver it from doing more."""
    if solution.unmet[service.service] <= TOL:
        return ()
    reasons: list[str] = []
    if not service.delivery:
        reasons.append("no role at the site may deliver it (skill matrix)")
    for cell in service.delivery:
        role = problem.role(cell.role)
        spare = spare_hours(problem, solution, role)
        if scope_full(service, solution, cell.role):
            reasons.append(f"scope limit: {role.name} may take at most {cell.max_share:.0%} of it, and does")
        elif spare > IDLE_HOURS:
            reasons.append(f"{role.name}: {spare:.2f} h a week left unused (solver tolerance)")
        elif not can_grow(role, solution):
            reasons.append(f"supply: {role.name} is capped at {role.fte(role.max_sessions):g} FTE, all hours in use")
        elif budget_blocks(problem, solution, role):
            reasons.append(f"budget binds: one more session of {role.name} costs "
                           f"£{session_budget_cost(role):,.0f} a year, more than the "
                           f"£{budget_left(problem, solution):,.0f} left")
        elif _supervisors_stuck(problem, solution, role):
            reasons.append(f"supervision: more {role.name} would need supervision from "
                           f"{' or '.join(role.supervised_by)}, whose hours are all in use")
        else:
            reasons.append(f"{role.name}: all hours in use on higher-priority work")
    reasons += [f"no {role_id} at the site (the skill matrix allows one)" for role_id in service.roles_not_at_site]
    return tuple(sorted(dict.fromkeys(reasons), key=_reason_order))


def _reason_order(reason: str) -> int:
    for rank, prefix in enumerate(("budget", "supply", "supervision", "scope", "no ")):
        if reason.startswith(prefix):
            return rank
    return 9


# --- marginal values ----------------------------------------------------------------------


def marginal_values(problem: MixProblem, base: Solution, options: MixOptions) -> tuple[tuple[Marginal, ...], float]:
    """Re-solve with +budget_step £ and with each role's supply cap +fte_step FTE; also the seconds taken."""
    started = time.perf_counter()
    perturbed: list[tuple[str, str, MixProblem]] = [(
        f"+£{options.budget_step:,.0f} workforce budget", BUDGET,
        replace(problem, workforce_budget_per_year=problem.workforce_budget_per_year + options.budget_step),
    )]
    for role in problem.roles:
        perturbed.append((f"+{options.fte_step:g} FTE {role.name} supply", role.role,
                          replace(problem, roles=tuple(_more_supply(r, options.fte_step, problem.allow_redundancies)
                                                       if r.role == role.role else r for r in problem.roles))))
    marginals = tuple(_marginal(change, subject, p, problem, base, options) for change, subject, p in perturbed)
    return marginals, time.perf_counter() - started


def _more_supply(role: RoleTerms, step: float, allow_redundancies: bool) -> RoleTerms:
    max_fte = role.max_fte + step
    _, high = session_bounds(role.existing_fte, max_fte, role.sessions_per_fte, allow_redundancies)
    return replace(role, max_fte=max_fte, max_sessions=max(high, role.max_sessions))


def _marginal(change: str, subject: str, perturbed: MixProblem, problem: MixProblem, base: Solution,
              options: MixOptions) -> Marginal:
    result = solve_lexicographic(perturbed, options, stages=2)
    after = result.solution
    if after is None:
        return Marginal(change=change, subject=subject, delta_weighted_unmet_hours_per_week=0.0,
                        delta_unmet_hours_per_week=0.0, delta_budget_cost_per_year=0.0, status=result.status)
    return Marginal(
        change=change,
        subject=subject,
        delta_weighted_unmet_hours_per_week=_clean(after.weighted_unmet_hours - base.weighted_unmet_hours),
        delta_unmet_hours_per_week=_clean(_unmet_hours(perturbed, after) - _unmet_hours(problem, base)),
        delta_budget_cost_per_year=_clean(after.budget_cost - base.budget_cost, 0.01),
        status=result.status if result.status is not SolveStatus.INFEASIBLE else SolveStatus.UNKNOWN,
    )


def _unmet_hours(problem: MixProblem, solution: Solution) -> float:
    return sum(solution.unmet[s.service] * s.reference_minutes / 60 for s in problem.services)


def _clean(value: float, tol: float = 1e-6) -> float:
    return 0.0 if abs(value) < tol else value

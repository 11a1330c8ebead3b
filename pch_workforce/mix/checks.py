"""Why no mix is possible, in words a site manager can act on.

Demand is soft (unmet demand is allowed), so only the hard rules can make a mix impossible:
existing staff over budget, a continuity limit the GP supply cannot meet, supervision nobody can
give. The common cases are checked before building, with the numbers; anything else is found
by re-solving with one rule family (then two) switched off and naming the ones that unblock it.
"""

from __future__ import annotations

from itertools import combinations

from pch_workforce.mix.model import BUDGET, CONTINUITY, ENHANCED_ACCESS, FTE_MIN, RELAXABLE, SUPERVISION
from pch_workforce.mix.problem import MixProblem
from pch_workforce.mix.solve import MixOptions, solve_lexicographic


def least_claim(problem: MixProblem) -> float:
    """The most ARRS could reimburse for existing staff alone: above each role's baseline, inside the envelope."""
    if problem.arrs_envelope_per_year is None:
        return 0.0
    claimable = sum(r.arrs_claim_per_fte * max(0.0, r.fte(r.min_sessions) - r.arrs_baseline_fte)
                    for r in problem.roles)
    return min(claimable, problem.arrs_envelope_per_year)


def check_existing_staff_budget(problem: MixProblem) -> list[str]:
    """Existing staff alone (rounded up to whole sessions), less what ARRS can reimburse for them,
    must fit the workforce budget."""
    floor = sum(r.site_cost * r.fte(r.min_sessions) for r in problem.roles) - least_claim(problem)
    if floor <= problem.workforce_budget_per_year + 1e-6:
        return []
    over = floor - problem.workforce_budget_per_year
    return [
        f"existing staff cost the budget £{floor:,.0f} a year (pay + on-costs less ARRS), £{over:,.0f} more than "
        f"the workforce budget of £{problem.workforce_budget_per_year:,.0f} "
        f"({problem.workforce_share:.0%} of the £{problem.capitated_budget_per_year:,.0f} capitated budget), "
        "and redundancies are not allowed: raise the budget or the workforce share, or allow redundancies"
    ]


def check_continuity_supply(problem: MixProblem) -> list[str]:
    """The continuity limit needs population / limit GP FTE; the GP supply must reach it."""
    limit = problem.max_patients_per_gp_fte
    if limit is None or problem.population <= 0:
        return []
    need = problem.population / limit
    gps = [r for r in problem.roles if r.is_gp]
    most = sum(r.fte(r.max_sessions) for r in gps)
    if most >= need - 1e-9:
        return []
    if not gps:
        return [f"the continuity limit of {limit:,} patients per GP FTE needs {need:.2f} GP FTE for "
                f"{problem.population:,} patients, but the site has no GP role"]
    return [f"the continuity limit of {limit:,} patients per GP FTE needs {need:.2f} GP FTE for "
            f"{problem.population:,} patients, but at most {most:.2f} GP FTE can be recruited (max FTE on the "
            "Roles sheet): raise the GP supply or the limit"]


def check_supervisors_exist(problem: MixProblem) -> list[str]:
    """Existing staff who need supervision need a supervising role at the site."""
    at_site = {r.role for r in problem.roles}
    reasons = []
    for role in problem.roles:
        if role.supervision_hours_per_fte_week > 0 and role.min_sessions > 0:
            if not at_site.intersection(role.supervised_by) or all(
                problem.role(b).max_sessions == 0 for b in role.supervised_by if b in at_site
            ):
                reasons.append(f"{role.name} ({role.existing_fte:g} FTE kept) needs supervision by "
                               f"{' or '.join(role.supervised_by)}, but the site has none")
    return reasons


def infeasibility_reasons(problem: MixProblem) -> list[str]:
    """The cheap checks, before any model is built."""
    return check_existing_staff_budget(problem) + check_continuity_supply(problem) + check_supervisors_exist(problem)


_IN_WORDS = {
    BUDGET: "the workforce budget (£{budget:,.0f} a year) cannot pay for the staff the other rules require",
    CONTINUITY: "the continuity limit ({limit:,} patients per GP FTE) needs more GP time than the budget and "
                "supply allow",
    SUPERVISION: "supervisors' clinical hours cannot give the supervision the supervised roles need",
    FTE_MIN: "existing staff cannot all be kept (redundancies are not allowed)",
    ENHANCED_ACCESS: "the enhanced-access roles cannot hold the {access:,.1f} hours a week of appointments the Network "
                     "Contract DES asks for within the budget and supply",
}

# What change, on its own, lets a plan through: the Site sheet setting or input to change.
_REMEDY = {
    BUDGET: "more budget",
    CONTINUITY: "a higher limit (Site sheet, Most patients per GP FTE) or more GP supply (Roles sheet, Max FTE)",
    SUPERVISION: "more of the supervising roles or less supervision per supervised FTE",
    FTE_MIN: "allowing redundancies (Site sheet)",
    ENHANCED_ACCESS: "more of the roles whose appointments count, or more budget",
}


def diagnose_infeasible(problem: MixProblem, options: MixOptions) -> list[str]:
    """Name the rules whose removal (alone, then in pairs) makes a mix possible, each with the change
    that would allow a plan in a planner's words (never a rule family's id)."""
    reasons = infeasibility_reasons(problem)
    if reasons:
        return reasons
    families = [f for f in RELAXABLE if f != FTE_MIN or not problem.allow_redundancies]
    for size in (1, 2):
        unblocking = [group for group in combinations(families, size)
                      if solve_lexicographic(problem, options, relax=group, stages=1).solution is not None]
        if unblocking:
            return [_unblocked_by(group, problem) for group in unblocking]
    return ["the hard rules (budget, continuity, supervision, existing staff, enhanced access) conflict; no single "
            "rule or pair explains it"]


def _unblocked_by(group: tuple[str, ...], problem: MixProblem) -> str:
    causes = " and ".join(_words(f, problem) for f in group)
    changes = " together with ".join(_REMEDY[f] for f in group)
    return f"{causes}: {changes} would allow a plan"


def _words(family: str, problem: MixProblem) -> str:
    access = problem.enhanced_access.required_hours_per_week if problem.enhanced_access else 0.0
    return _IN_WORDS[family].format(budget=problem.workforce_budget_per_year,
                                    limit=problem.max_patients_per_gp_fte, access=access)

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

from pch_workforce.mix.model import (
    ARRS_ENVELOPE,
    BUDGET,
    CAPACITY,
    CONTINUITY,
    ENHANCED_ACCESS,
    ESTATE,
    FTE_MAX,
    FTE_MIN,
    GP_CONTACTS,
    SCOPE,
    SHARE_FLOOR,
    SUPERVISION,
    constraint_name,
)
from pch_workforce.mix.problem import MixProblem, PracticeRooms, RoleTerms, ServiceTerms, session_bounds
from pch_workforce.mix.result import Binding, Marginal
from pch_workforce.mix.solve import MixOptions, Solution, solve_lexicographic
from pch_workforce.solve_report import SolveStatus

TOL = 1e-6
UNMET_CONTACTS = 5e-4  # contacts a week below which unmet demand is solver tolerance (as in stage.UNMET_EPS)
# Weighted contacts a week below which a marginal change is the lexicographic stages' slack (1e-7 of the
# objective, about 3e-4 on North Coast), not a real change.
DELTA_TOL = 1e-3
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


def enhanced_access_hours(problem: MixProblem, solution: Solution) -> float:
    """Patient-contact hours a week of the roles whose appointments count towards enhanced access."""
    terms = problem.enhanced_access
    if terms is None:
        return 0.0
    return sum(solution.sessions[r.role] * r.clinical_hours_per_worked_session
               for r in problem.roles if r.role in terms.roles)


def room_hours(problem: MixProblem, solution: Solution, role_id: str) -> float:
    """Patient-contact hours a week of ``role_id`` that need a clinical room: face-to-face at a practice."""
    return sum(
        solution.contacts[s.service, c.role] * c.minutes_per_contact / 60 * s.room_share
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


def arrs_left(problem: MixProblem, solution: Solution) -> float:
    """£ a year of the ARRS envelope not claimed (use it or lose it)."""
    if problem.arrs_envelope_per_year is None:
        return 0.0
    return max(0.0, problem.arrs_envelope_per_year - sum(solution.arrs_claim.values()))


def session_budget_cost(role: RoleTerms, problem: MixProblem, solution: Solution) -> float:
    """What one more session costs the budget: the site's share, less what ARRS would reimburse for it
    (when the role is above its baseline and the envelope has room)."""
    cost = role.site_cost / role.sessions_per_fte
    if not role.arrs_eligible:
        return cost
    above_baseline = role.fte(solution.sessions[role.role] + 1) > role.arrs_baseline_fte
    claim = role.arrs_claim_per_fte / role.sessions_per_fte if above_baseline else 0.0
    return cost - min(claim, arrs_left(problem, solution))


def fully_used(problem: MixProblem, solution: Solution, role: RoleTerms) -> bool:
    """No whole session of clinical time is left over."""
    return spare_hours(problem, solution, role) < session_hours(role) - TOL


def column_contacts(service: ServiceTerms, solution: Solution, column: str) -> float:
    return sum(solution.contacts[service.service, c.role] for c in service.delivery if c.scope_column == column)


def scope_full(service: ServiceTerms, solution: Solution, role_id: str) -> bool:
    """The role's skill-matrix column (shared with roles that deliver as it) takes its maximum share."""
    cell = next(c for c in service.delivery if c.role == role_id)
    if cell.max_share >= 1 or service.contacts_per_week <= 0:
        return False
    limit = cell.max_share * service.contacts_per_week
    return column_contacts(service, solution, cell.scope_column) >= limit - SCOPE_TOL * max(1.0, limit)


def delivered_contacts(service: ServiceTerms, solution: Solution) -> float:
    return sum(solution.contacts[service.service, c.role] for c in service.delivery)


def floor_tight(service: ServiceTerms, solution: Solution, column: str) -> bool:
    """A column sits on its least share of the delivered contacts (so others can do more only with it)."""
    cells = service.columns().get(column, ())
    if not cells or cells[0].min_share <= 0:
        return False
    delivered = delivered_contacts(service, solution)
    if delivered <= TOL:
        return False
    kept = column_contacts(service, solution, column)
    return kept <= cells[0].min_share * delivered + SCOPE_TOL * max(1.0, delivered)


def room_need(problem: MixProblem, solution: Solution, practice: str) -> float:
    """Room-sessions a week one practice's patients' face-to-face work takes (``model.room_sessions_needed``)."""
    need = 0.0
    for service in problem.services:
        share = dict(service.practice_shares).get(practice, 0.0) * service.room_share
        for cell in service.delivery:
            per_session = problem.role(cell.role).clinical_hours_per_worked_session
            if share > 0 and per_session > 0:
                hours = solution.contacts[service.service, cell.role] * cell.minutes_per_contact / 60 * share
                need += hours / per_session
    return need


def room_placement(problem: MixProblem, solution: Solution) -> dict[tuple[str, str], float]:
    """Room-sessions of practice p's patients held at practice q: the solver's placement, scaled so each
    practice's patients hold exactly what their work needs (the model only asks for at least that)."""
    placed: dict[tuple[str, str], float] = {}
    for practice in problem.estate:
        p = practice.practice
        held = sum(v for (a, _), v in solution.seen.items() if a == p)
        scale = room_need(problem, solution, p) / held if held > 0 else 0.0
        placed.update({(a, q): v * scale for (a, q), v in solution.seen.items() if a == p})
    return placed


def held_at(placed: dict[tuple[str, str], float], practice: str) -> float:
    """Room-sessions a week held at a practice (a ``room_placement``), other practices' patients included."""
    return sum(v for (_, q), v in placed.items() if q == practice)


def rooms_full(problem: MixProblem, solution: Solution) -> list[PracticeRooms]:
    """Practices whose every room-session is held (to a tolerance far below one room for one session)."""
    placed = room_placement(problem, solution)
    return [p for p in problem.estate if held_at(placed, p.practice) >= p.total - 1e-3]


def unmet_face_to_face(problem: MixProblem, solution: Solution) -> float:
    """Unmet contacts a week that would have been seen face to face at a practice."""
    return sum(solution.unmet[s.service] * s.room_share for s in problem.services)


def estate_candidates(problem: MixProblem, solution: Solution) -> list[PracticeRooms]:
    """Full practices, when face-to-face demand is left unmet: where the rooms may be what holds it."""
    if unmet_face_to_face(problem, solution) <= UNMET_CONTACTS:
        return []
    return rooms_full(problem, solution)


def estate_holding(problem: MixProblem, solution: Solution, marginals: tuple[Marginal, ...]) -> list[PracticeRooms]:
    """Full practices whose rooms hold the plan back: one more room or evening there, re-solved, meets more
    need. Without marginal values (switched off), every full practice while face-to-face need is unmet."""
    candidates = estate_candidates(problem, solution)
    if not marginals:
        return candidates
    helped = {m.subject for m in marginals if m.delta_weighted_unmet_contacts_per_week < -DELTA_TOL}
    return [p for p in candidates if constraint_name(ESTATE, p.practice) in helped]


def gp_contacts_per_week(problem: MixProblem, solution: Solution, role: RoleTerms) -> float:
    return sum(solution.contacts[s.service, c.role] for s in problem.services for c in s.delivery
               if c.role == role.role)


def gp_day_limit_per_week(problem: MixProblem, solution: Solution, role: RoleTerms) -> float:
    """Most contacts a week the safe-working limit allows this GP role's planned FTE."""
    if problem.gp_max_contacts_per_day is None:
        return float("inf")
    days = role.fte(solution.sessions[role.role]) * role.days_worked_per_fte_year / problem.weeks_per_year
    return problem.gp_max_contacts_per_day * days


def gp_day_full(problem: MixProblem, solution: Solution, role: RoleTerms) -> bool:
    if not role.is_gp or solution.sessions[role.role] <= 0:
        return False
    limit = gp_day_limit_per_week(problem, solution, role)
    return gp_contacts_per_week(problem, solution, role) >= limit - SCOPE_TOL * max(1.0, limit)


def gp_contacts_per_gp_day(problem: MixProblem, solution: Solution) -> float | None:
    """Patient contacts per GP working day across the GP roles (BMA safe working: at most 25)."""
    gps = [r for r in problem.roles if r.is_gp]
    days = sum(r.fte(solution.sessions[r.role]) * r.days_worked_per_fte_year / problem.weeks_per_year for r in gps)
    if days <= 0:
        return None
    return sum(gp_contacts_per_week(problem, solution, r) for r in gps) / days


def can_grow(role: RoleTerms, solution: Solution) -> bool:
    return solution.sessions[role.role] < role.max_sessions


def budget_left(problem: MixProblem, solution: Solution) -> float:
    return problem.workforce_budget_per_year - solution.budget_cost


def budget_blocks(problem: MixProblem, solution: Solution, role: RoleTerms) -> bool:
    """One more session of this budget-paid role does not fit in what is left of the budget."""
    more = session_budget_cost(role, problem, solution)
    return more > 0 and can_grow(role, solution) and budget_left(problem, solution) < more - TOL


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


def binding_constraints(problem: MixProblem, solution: Solution,
                        estate: list[PracticeRooms] | None = None) -> tuple[Binding, ...]:
    """Every rule that holds the plan where it is, in the order a reader meets them; ``estate`` are the
    practices whose rooms hold it (``estate_holding``), else every full one while need is unmet."""
    found: list[Binding] = []
    if budget_binds(problem, solution):
        left = budget_left(problem, solution)
        found.append(Binding(name=BUDGET, rule=BUDGET, subject="site", detail=(
            f"£{solution.budget_cost:,.0f} of the £{problem.workforce_budget_per_year:,.0f} workforce budget is "
            f"used; the £{left:,.0f} left does not pay for one more session of a role that could cover unmet demand")))
    found += _arrs_binding(problem, solution)
    found += _estate_bindings(problem, solution, estate_candidates(problem, solution) if estate is None else estate)
    found += _continuity_binding(problem, solution)
    found += _enhanced_access_binding(problem, solution)
    for role in problem.roles:
        found += _role_bindings(problem, solution, role)
    for service in problem.services:
        for column, cells in service.columns().items():
            names = " and ".join(problem.role(c.role).name for c in cells)
            if scope_full(service, solution, cells[0].role):
                found.append(Binding(
                    name=constraint_name(SCOPE, service.service, column), rule=SCOPE,
                    subject=f"{service.service}/{column}",
                    detail=f"{names} take{'s' if len(cells) == 1 else ''} the maximum {cells[0].max_share:.0%} "
                           f"of {service.name}"))
            if floor_tight(service, solution, column):
                found.append(Binding(
                    name=constraint_name(SHARE_FLOOR, service.service, column), rule=SHARE_FLOOR,
                    subject=f"{service.service}/{column}",
                    detail=f"{names} keep{'s' if len(cells) == 1 else ''} the least share the care model sets, "
                           f"{cells[0].min_share:.0%} of the {service.name} delivered; other roles can do more "
                           f"of it only alongside more {names} time"))
    return tuple(found)


def _enhanced_access_binding(problem: MixProblem, solution: Solution) -> list[Binding]:
    """Enhanced access binds when the roles whose appointments count have no more hours than it asks for."""
    terms = problem.enhanced_access
    if terms is None or terms.required_hours_per_week <= 0:
        return []
    held = enhanced_access_hours(problem, solution)
    if held > terms.required_hours_per_week + IDLE_HOURS:
        return []
    return [Binding(name=ENHANCED_ACCESS, rule=ENHANCED_ACCESS, subject="site", detail=(
        f"the enhanced-access roles hold {held:,.1f} patient-contact hours a week, no more than the "
        f"{terms.required_hours_per_week:,.1f} the Network Contract DES asks for in the evening and Saturday "
        "sessions"))]


def _arrs_binding(problem: MixProblem, solution: Solution) -> list[Binding]:
    """The envelope binds when it is all claimed and some role could claim more of it: staff above the
    baseline not yet claimed for, or a claimable role that could still grow."""
    envelope = problem.arrs_envelope_per_year
    if envelope is None or arrs_left(problem, solution) > 1.0:
        return []
    if not any(_could_claim_more(role, solution) for role in problem.roles if role.arrs_eligible):
        return []
    claimed = sum(solution.arrs_claim.values())
    return [Binding(name=ARRS_ENVELOPE, rule=ARRS_ENVELOPE, subject="site", detail=(
        f"ARRS claims use the whole envelope (£{claimed:,.0f} of £{envelope:,.0f} a year); any more of the "
        "ARRS roles is paid in full from the workforce budget"))]


def _estate_bindings(problem: MixProblem, solution: Solution, holding: list[PracticeRooms]) -> list[Binding]:
    """One row per practice whose rooms are all in use and hold face-to-face work back."""
    unmet = unmet_face_to_face(problem, solution)
    found = []
    placed = room_placement(problem, solution)
    for practice in holding:
        q = practice.practice
        own = sum(v for (p, _), v in placed.items() if p == q)
        away = sum(v for (p, at), v in placed.items() if p == q and at != q)
        found.append(Binding(name=constraint_name(ESTATE, q), rule=ESTATE, subject=q, detail=(
            f"{q} {practice.name}: all {practice.total:,.0f} room-sessions a week are in use ({practice.rooms} "
            f"clinical rooms in {practice.sessions_open} open sessions); its patients' "
            f"face-to-face work takes {own:,.1f}, {away:,.1f} of it at other practices (at most "
            f"{problem.other_practice_share:.0%}); {unmet:,.1f} face-to-face contacts a week are unmet on the site")))
    return found


def _could_claim_more(role: RoleTerms, solution: Solution) -> bool:
    claimable = role.arrs_claim_per_fte * max(0.0, role.fte(solution.sessions[role.role]) - role.arrs_baseline_fte)
    return solution.arrs_claim.get(role.role, 0.0) < claimable - 1.0 or can_grow(role, solution)


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
    if gp_day_full(problem, solution, role):
        found.append(Binding(name=constraint_name(GP_CONTACTS, role.role), rule=GP_CONTACTS, subject=role.role,
                             detail=(f"{role.name}: {problem.gp_max_contacts_per_day:g} patient contacts a working "
                                     "day, the safe-working limit; the rest of their time goes to longer contacts")))
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


def why_unmet(problem: MixProblem, solution: Solution, service: ServiceTerms,
              estate: list[PracticeRooms] | None = None) -> tuple[str, ...]:
    """For a service with unmet demand, what stops each role that may deliver it from doing more;
    ``estate`` as for ``binding_constraints``."""
    full = estate_candidates(problem, solution) if estate is None else estate
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
        elif held := _floors_held_by_others(problem, solution, service, cell.scope_column):
            reasons.append(f"share floor: {role.name} may do more only alongside more {held} time "
                           "(the care model keeps them a least share)")
        elif gp_day_full(problem, solution, role):
            reasons.append(f"safe working: {role.name} at {problem.gp_max_contacts_per_day:g} contacts a working "
                           "day, the safe limit")
        elif service.room_share > 0 and full:  # before spare hours: a room too few leaves part of a session idle
            reasons.append(f"estate: the clinical rooms are full at {', '.join(p.practice for p in full)}, so "
                           f"{role.name} cannot see more of it face to face")
        elif spare > IDLE_HOURS:
            reasons.append(f"{role.name}: {spare:.2f} h a week left unused (solver tolerance)")
        elif not can_grow(role, solution):
            reasons.append(f"supply: {role.name} is capped at {role.fte(role.max_sessions):g} FTE, all hours in use")
        elif budget_blocks(problem, solution, role):
            reasons.append(f"budget binds: one more session of {role.name} costs "
                           f"£{session_budget_cost(role, problem, solution):,.0f} a year, more than the "
                           f"£{budget_left(problem, solution):,.0f} left")
        elif _supervisors_stuck(problem, solution, role):
            reasons.append(f"supervision: more {role.name} would need supervision from "
                           f"{' or '.join(role.supervised_by)}, whose hours are all in use")
        else:
            reasons.append(f"{role.name}: all hours in use on higher-priority work")
    reasons += [f"no {role_id} at the site (the skill matrix allows one)" for role_id in service.roles_not_at_site]
    return tuple(sorted(dict.fromkeys(reasons), key=_reason_order))


def _floors_held_by_others(problem: MixProblem, solution: Solution, service: ServiceTerms, column: str) -> str:
    """The roles of other skill-matrix columns sitting on their least share of the service, in words."""
    held = [c for other, cells in service.columns().items() if other != column and floor_tight(service, solution, other)
            for c in cells]
    return " and ".join(problem.role(c.role).name for c in held)


def _reason_order(reason: str) -> int:
    for rank, prefix in enumerate(("budget", "supply", "estate", "supervision", "safe working", "share floor", "scope",
                                   "no ")):
        if reason.startswith(prefix):
            return rank
    return 9


# --- marginal values ----------------------------------------------------------------------


def marginal_values(problem: MixProblem, base: Solution, options: MixOptions) -> tuple[tuple[Marginal, ...], float]:
    """Re-solve with +budget_step £, with one more room and one more evening at each practice whose rooms are
    full, and with each role's supply cap +fte_step FTE; also the seconds taken."""
    started = time.perf_counter()
    perturbed: list[tuple[str, str, MixProblem]] = [(
        f"+£{options.budget_step:,.0f} workforce budget", BUDGET,
        replace(problem, workforce_budget_per_year=problem.workforce_budget_per_year + options.budget_step),
    )]
    for practice in rooms_full(problem, base):
        perturbed.append((f"+1 clinical room at {practice.practice} {practice.name}", f"{ESTATE}[{practice.practice}]",
                          _with_practice(problem, replace(practice, rooms=practice.rooms + 1))))
        perturbed.append((f"+1 evening session a week at {practice.practice} {practice.name}",
                          f"{ESTATE}[{practice.practice}]", _with_practice(problem, _one_more_evening(practice))))
    for role in problem.roles:
        perturbed.append((f"+{options.fte_step:g} FTE {role.name} supply", role.role,
                          replace(problem, roles=tuple(_more_supply(r, options.fte_step, problem.allow_redundancies)
                                                       if r.role == role.role else r for r in problem.roles))))
    marginals = tuple(_marginal(change, subject, p, problem, base, options) for change, subject, p in perturbed)
    return marginals, time.perf_counter() - started


def _with_practice(problem: MixProblem, changed: PracticeRooms) -> MixProblem:
    return replace(problem, estate=tuple(changed if p.practice == changed.practice else p for p in problem.estate))


def _one_more_evening(practice: PracticeRooms) -> PracticeRooms:
    """The practice opens one more evening session a week, all its rooms with it."""
    sessions = dict(practice.open_sessions)
    sessions["EVE"] = sessions.get("EVE", 0) + 1
    return replace(practice, open_sessions=tuple(sessions.items()))


def _more_supply(role: RoleTerms, step: float, allow_redundancies: bool) -> RoleTerms:
    max_fte = role.max_fte + step
    _, high = session_bounds(role.existing_fte, max_fte, role.sessions_per_fte, allow_redundancies)
    return replace(role, max_fte=max_fte, max_sessions=max(high, role.max_sessions))


def _marginal(change: str, subject: str, perturbed: MixProblem, problem: MixProblem, base: Solution,
              options: MixOptions) -> Marginal:
    result = solve_lexicographic(perturbed, options, stages=2)
    after = result.solution
    if after is None:
        return Marginal(change=change, subject=subject, delta_weighted_unmet_contacts_per_week=0.0,
                        delta_weighted_unmet_hours_per_week=0.0, delta_unmet_hours_per_week=0.0,
                        delta_budget_cost_per_year=0.0, status=result.status)
    return Marginal(
        change=change,
        subject=subject,
        delta_weighted_unmet_contacts_per_week=_clean(after.weighted_unmet_contacts - base.weighted_unmet_contacts,
                                                      DELTA_TOL),
        delta_weighted_unmet_hours_per_week=_clean(after.weighted_unmet_hours - base.weighted_unmet_hours),
        delta_unmet_hours_per_week=_clean(_unmet_hours(perturbed, after) - _unmet_hours(problem, base)),
        delta_budget_cost_per_year=_clean(after.budget_cost - base.budget_cost, 0.01),
        status=result.status if result.status is not SolveStatus.INFEASIBLE else SolveStatus.UNKNOWN,
    )


def _unmet_hours(problem: MixProblem, solution: Solution) -> float:
    return sum(solution.unmet[s.service] * s.reference_minutes / 60 for s in problem.services)


def _clean(value: float, tol: float = 1e-6) -> float:
    return 0.0 if abs(value) < tol else value

"""The staff-mix model: one MathOpt MIP, built from one named function per rule family.

Variables
    ``sessions[r]``     integer sessions a week of role r (FTE = sessions / sessions per FTE), the
                        contract step a post can have;
    ``contacts[s, r]``  contacts a week of service s delivered by role r, only where the skill
                        matrix allows (hours = contacts x that role's minutes per contact / 60);
    ``unmet[s]``        contacts a week of service s nobody delivers (allowed, but penalised);
    ``supervise[b, q]`` hours a week supervisor role b spends supervising role q;
    ``arrs_claim[r]``   £ a year claimed from the network's ARRS envelope for role r;
    ``seen[p, q]``      room-sessions a week of practice p's patients' face-to-face work held at practice q;
    ``claiming[r]``     binary, only where redundancies could take a role below its ARRS baseline:
                        whether any of it is claimed (additionality makes the claimable FTE
                        max(0, FTE - baseline), which needs it).

Why MathOpt + HiGHS rather than CP-SAT: the model is a small linear programme with a handful
of integer variables (sessions per role) and continuous flows (hours). A MIP solver takes
fractional hours and pounds as they are (CP-SAT would need every coefficient scaled to
integers), proves optimality in milliseconds, and its LP machinery keeps the door open for
duals. Marginal values are nevertheless computed by re-solving perturbed problems (see
``explain.py``), because a MIP has no duals that are valid across integer steps.

``build_model`` lists the rules in reading order; ``relax`` drops whole rule families, which
``checks.diagnose_infeasible`` uses to say which rule blocks a plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.math_opt.python import mathopt

from pch_workforce.mix.problem import MixProblem

BUDGET = "workforce_budget"
ARRS_ENVELOPE = "arrs_envelope"
ARRS_ADDITIONALITY = "arrs_additionality"
GP_CONTACTS = "gp_contacts_per_day"
SHARE_FLOOR = "share_floor"
ESTATE = "estate_rooms"
ESTATE_TRAVEL = "estate_travel"
ENHANCED_ACCESS = "enhanced_access"
CONTINUITY = "continuity_limit"
SUPERVISION = "supervision_ratio"
CAPACITY = "role_capacity"
SCOPE = "scope_limit"
COVER = "service_cover"
FTE_MIN = "fte_min"
FTE_MAX = "fte_max"

# The rule families that can make a mix impossible. The ARRS claims, share floors and the GP day cannot:
# each holds at zero (no claim, nothing delivered), so unmet demand, not infeasibility, is their effect.
RELAXABLE = (BUDGET, CONTINUITY, SUPERVISION, FTE_MIN, ENHANCED_ACCESS)


def constraint_name(family: str, *subject: str) -> str:
    """Stable readable name, e.g. ``role_capacity[gp]`` or ``scope_limit[same_day/paramedic]``."""
    return f"{family}[{'/'.join(subject)}]" if subject else family


@dataclass
class BuiltMix:
    """The model, its variables by id and its constraints by stable name."""

    model: mathopt.Model
    sessions: dict[str, mathopt.Variable] = field(default_factory=dict)
    contacts: dict[tuple[str, str], mathopt.Variable] = field(default_factory=dict)
    unmet: dict[str, mathopt.Variable] = field(default_factory=dict)
    supervise: dict[tuple[str, str], mathopt.Variable] = field(default_factory=dict)
    arrs_claim: dict[str, mathopt.Variable] = field(default_factory=dict)
    claiming: dict[str, mathopt.Variable] = field(default_factory=dict)
    seen: dict[tuple[str, str], mathopt.Variable] = field(default_factory=dict)
    constraints: dict[str, mathopt.LinearConstraint] = field(default_factory=dict)
    prefix: str = ""  # before every variable and constraint name: one model can hold a mix per year

    def named(self, name: str) -> str:
        """The name in the MathOpt model (names must be unique there); ``constraints`` keys stay bare."""
        return self.prefix + name

    def fte(self, problem: MixProblem, role_id: str) -> mathopt.LinearExpression:
        return self.sessions[role_id] * (1 / problem.role(role_id).sessions_per_fte)


def build_model(problem: MixProblem, relax: Iterable[str] = (), model: mathopt.Model | None = None,
                prefix: str = "") -> BuiltMix:
    """Variables, then every rule in reading order (less any family named in ``relax``); into ``model``
    with names under ``prefix`` when given (a multi-year model holds one mix per year)."""
    relax = frozenset(relax)
    built = add_variables(problem, model, prefix)
    add_fte_bounds(built, problem, keep_floor=FTE_MIN not in relax)
    add_service_cover(built, problem)
    add_role_capacity(built, problem)
    add_scope_limits(built, problem)
    add_share_floors(built, problem)
    add_arrs_claims(built, problem)
    add_estate(built, problem)
    if ENHANCED_ACCESS not in relax:
        add_enhanced_access(built, problem)
    if SUPERVISION not in relax:
        add_supervision_ratios(built, problem)
    if BUDGET not in relax:
        add_workforce_budget(built, problem)
    if CONTINUITY not in relax:
        add_continuity_limit(built, problem)
    if GP_CONTACTS not in relax:
        add_gp_contacts_per_day(built, problem)
    return built


def add_variables(problem: MixProblem, model: mathopt.Model | None = None, prefix: str = "") -> BuiltMix:
    built = BuiltMix(model=model or mathopt.Model(name=f"mix {problem.site}"), prefix=prefix)
    model = built.model
    for role in problem.roles:
        built.sessions[role.role] = model.add_integer_variable(
            lb=0, name=built.named(f"sessions[{role.role}]"))
    for service in problem.services:
        built.unmet[service.service] = model.add_variable(
            lb=0, ub=service.contacts_per_week, name=built.named(f"unmet[{service.service}]")
        )
        for cell in service.delivery:
            built.contacts[service.service, cell.role] = model.add_variable(
                lb=0, ub=service.contacts_per_week, name=built.named(f"contacts[{service.service}/{cell.role}]")
            )
    for role in problem.roles:
        if role.arrs_eligible and problem.arrs_envelope_per_year is not None:
            built.arrs_claim[role.role] = model.add_variable(lb=0, name=built.named(f"arrs_claim[{role.role}]"))
            if role.fte(role.min_sessions) < role.arrs_baseline_fte - 1e-9:
                built.claiming[role.role] = model.add_binary_variable(name=built.named(f"claiming[{role.role}]"))
    at_site = {r.role for r in problem.roles}
    for role in problem.roles:
        for supervisor in role.supervised_by:
            if supervisor in at_site:
                built.supervise[supervisor, role.role] = model.add_variable(
                    lb=0, name=built.named(f"supervise[{supervisor}/{role.role}]")
                )
    return built


def add_fte_bounds(built: BuiltMix, problem: MixProblem, keep_floor: bool = True) -> None:
    """FTE between existing staff (no redundancies unless the site allows them) and the local supply."""
    for role in problem.roles:
        variable = built.sessions[role.role]
        variable.upper_bound = role.max_sessions
        variable.lower_bound = role.min_sessions if keep_floor else 0


def add_service_cover(built: BuiltMix, problem: MixProblem) -> None:
    """Every contact of demand is delivered by an allowed role or counted as unmet."""
    for service in problem.services:
        delivered = mathopt.fast_sum(built.contacts[service.service, c.role] for c in service.delivery)
        built.constraints[constraint_name(COVER, service.service)] = built.model.add_linear_constraint(
            delivered + built.unmet[service.service] == service.contacts_per_week,
            name=built.named(constraint_name(COVER, service.service)),
        )


def add_role_capacity(built: BuiltMix, problem: MixProblem) -> None:
    """Clinical hours after WISN allowances (leave, sickness, CPD, admin) cover the hours a role is given,
    including the hours it spends supervising others."""
    for role in problem.roles:
        allocated = mathopt.fast_sum(
            built.contacts[service.service, cell.role] * (cell.minutes_per_contact / 60)
            for service in problem.services
            for cell in service.delivery
            if cell.role == role.role
        )
        supervising = mathopt.fast_sum(v for (b, _), v in built.supervise.items() if b == role.role)
        available = built.fte(problem, role.role) * role.clinical_hours_per_fte_week
        name = constraint_name(CAPACITY, role.role)
        built.constraints[name] = built.model.add_linear_constraint(
            allocated + supervising <= available, name=built.named(name))


def add_scope_limits(built: BuiltMix, problem: MixProblem) -> None:
    """A skill-matrix column may take at most its ``max_share`` of a service's contacts; roles that
    deliver as another (an ARRS GP as a GP) share that role's limit."""
    for service in problem.services:
        for column, cells in service.columns().items():
            if cells[0].max_share >= 1:
                continue
            name = constraint_name(SCOPE, service.service, column)
            taken = mathopt.fast_sum(built.contacts[service.service, c.role] for c in cells)
            built.constraints[name] = built.model.add_linear_constraint(
                taken <= cells[0].max_share * service.contacts_per_week, name=built.named(name)
            )


def add_share_floors(built: BuiltMix, problem: MixProblem) -> None:
    """A column with a ``min_share`` keeps at least that share of the contacts delivered (GP continuity
    for complex patients, GP leadership of care homes): other roles may do more only alongside it."""
    for service in problem.services:
        delivered = mathopt.fast_sum(built.contacts[service.service, c.role] for c in service.delivery)
        for column, cells in service.columns().items():
            if cells[0].min_share <= 0:
                continue
            name = constraint_name(SHARE_FLOOR, service.service, column)
            kept = mathopt.fast_sum(built.contacts[service.service, c.role] for c in cells)
            built.constraints[name] = built.model.add_linear_constraint(
                kept >= cells[0].min_share * delivered, name=built.named(name)
            )


def room_sessions_needed(built: BuiltMix, problem: MixProblem, practice: str) -> mathopt.LinearExpression:
    """Room-sessions a week the face-to-face work of one practice's patients takes: each role's contacts
    x minutes x the service's face-to-face share x the practice's share of the service, over the
    patient-contact hours in one session the role works (a clinician holds the room all session)."""
    terms = []
    for service in problem.services:
        share = dict(service.practice_shares).get(practice, 0.0) * service.room_share
        if share <= 0:
            continue
        for cell in service.delivery:
            per_session = problem.role(cell.role).clinical_hours_per_worked_session
            if per_session > 0:
                hours = cell.minutes_per_contact / 60 * share
                terms.append(built.contacts[service.service, cell.role] * (hours / per_session))
    return mathopt.fast_sum(terms)


def add_estate(built: BuiltMix, problem: MixProblem) -> None:
    """Face-to-face work fits the clinical rooms: each practice's patients are seen in its own rooms, or up
    to the care model's share at another practice of the site, and no practice holds more room-sessions a
    week than its rooms give in the sessions it opens (weekday mornings, afternoons and evenings, and
    Saturdays, summed: nothing yet ties work to one session type)."""
    if not problem.estate:
        return
    model = built.model
    codes = [p.practice for p in problem.estate]
    for p in codes:
        for q in codes:
            built.seen[p, q] = model.add_variable(lb=0, name=built.named(f"seen[{p}/{q}]"))
    for practice in problem.estate:
        q = practice.practice
        held = mathopt.fast_sum(built.seen[p, q] for p in codes)
        name = constraint_name(ESTATE, q)
        built.constraints[name] = model.add_linear_constraint(held <= practice.total, name=built.named(name))
    for p in codes:
        need = room_sessions_needed(built, problem, p)
        # >= rather than ==: holding a room longer than the work needs is never useful, and an equality row
        # left HiGHS claiming optimality with a 1e-6 primal infeasibility on a marginal re-solve.
        model.add_linear_constraint(mathopt.fast_sum(built.seen[p, q] for q in codes) >= need,
                                    name=built.named(f"room_need[{p}]"))
        elsewhere = mathopt.fast_sum(built.seen[p, q] for q in codes if q != p)
        name = constraint_name(ESTATE_TRAVEL, p)
        built.constraints[name] = model.add_linear_constraint(
            elsewhere <= problem.other_practice_share * need, name=built.named(name))


def add_enhanced_access(built: BuiltMix, problem: MixProblem) -> None:
    """The team reserves the Network Contract DES's enhanced-access hours: the roles whose appointments
    count have at least that many patient-contact hours a week (the rota places them in the evening and
    Saturday sessions; whether the rooms open then can hold them is reported, not a rule of the mix)."""
    terms = problem.enhanced_access
    if terms is None or terms.required_hours_per_week <= 0:
        return
    hours = mathopt.fast_sum(built.sessions[r.role] * r.clinical_hours_per_worked_session
                             for r in problem.roles if r.role in terms.roles)
    built.constraints[ENHANCED_ACCESS] = built.model.add_linear_constraint(
        hours >= terms.required_hours_per_week, name=built.named(ENHANCED_ACCESS))


def add_arrs_claims(built: BuiltMix, problem: MixProblem) -> None:
    """ARRS reimburses at most its maximum per FTE above the baseline (additionality), never more than
    the site pays, and all claims together stay inside the network's envelope (use it or lose it)."""
    if not built.arrs_claim:
        return
    for role_id, claim in built.arrs_claim.items():
        role = problem.role(role_id)
        rate = role.arrs_claim_per_fte
        above_baseline = built.fte(problem, role_id) - role.arrs_baseline_fte
        name = constraint_name(ARRS_ADDITIONALITY, role_id)
        if role_id in built.claiming:
            # FTE may fall below the baseline: claim only when claiming, and then only above the baseline.
            switch = built.claiming[role_id]
            most = rate * role.fte(role.max_sessions)
            built.constraints[name] = built.model.add_linear_constraint(
                claim <= rate * above_baseline + rate * role.arrs_baseline_fte * (1 - switch), name=built.named(name))
            built.model.add_linear_constraint(claim <= most * switch, name=built.named(f"{name}_switch"))
        else:
            built.constraints[name] = built.model.add_linear_constraint(
                claim <= rate * above_baseline, name=built.named(name))
    total = mathopt.fast_sum(built.arrs_claim.values())
    built.constraints[ARRS_ENVELOPE] = built.model.add_linear_constraint(
        total <= problem.arrs_envelope_per_year, name=built.named(ARRS_ENVELOPE))


def add_gp_contacts_per_day(built: BuiltMix, problem: MixProblem) -> None:
    """A GP's patient contacts, over the days a GP FTE is at work in a year, stay at or below the safe
    limit a day (BMA safe-working guidance: 25)."""
    limit = problem.gp_max_contacts_per_day
    if limit is None:
        return
    for role in problem.roles:
        if not role.is_gp or role.days_worked_per_fte_year <= 0:
            continue
        contacts = mathopt.fast_sum(
            built.contacts[service.service, cell.role] for service in problem.services
            for cell in service.delivery if cell.role == role.role)
        days_a_week = built.fte(problem, role.role) * (role.days_worked_per_fte_year / problem.weeks_per_year)
        name = constraint_name(GP_CONTACTS, role.role)
        built.constraints[name] = built.model.add_linear_constraint(
            contacts <= limit * days_a_week, name=built.named(name))


def add_supervision_ratios(built: BuiltMix, problem: MixProblem) -> None:
    """Each FTE of a supervised role needs its hours a week of supervision from the roles allowed to give it."""
    for role in problem.roles:
        if role.supervision_hours_per_fte_week <= 0:
            continue
        given = mathopt.fast_sum(v for (_, q), v in built.supervise.items() if q == role.role)
        needed = built.fte(problem, role.role) * role.supervision_hours_per_fte_week
        name = constraint_name(SUPERVISION, role.role)
        built.constraints[name] = built.model.add_linear_constraint(given >= needed, name=built.named(name))


def add_workforce_budget(built: BuiltMix, problem: MixProblem) -> None:
    """The site's share of pay and on-costs, less what it claims from ARRS, stays inside the
    workforce share of the capitated budget."""
    name = BUDGET
    built.constraints[name] = built.model.add_linear_constraint(
        budget_cost(built, problem) <= problem.workforce_budget_per_year, name=built.named(name)
    )


def add_continuity_limit(built: BuiltMix, problem: MixProblem) -> None:
    """Registered patients per GP FTE stay at or below the site's limit (GP FTE >= population / limit)."""
    limit = problem.max_patients_per_gp_fte
    if limit is None:
        return
    gp_fte = mathopt.fast_sum(built.fte(problem, r.role) for r in problem.roles if r.is_gp)
    name = CONTINUITY
    built.constraints[name] = built.model.add_linear_constraint(
        gp_fte >= problem.population / limit, name=built.named(name))


# --- objectives (the lexicographic stages) -------------------------------------------------


def weighted_unmet_contacts(built: BuiltMix, problem: MixProblem) -> mathopt.LinearExpression:
    """Unmet contacts a week, each times its service's clinical priority.

    Contacts, not hours: counted in hours at a service's reference length, a role quicker than the
    reference at one service would "meet" more need there per hour worked and drift to it.
    """
    return mathopt.fast_sum(built.unmet[s.service] * s.priority_weight for s in problem.services)


def budget_cost(built: BuiltMix, problem: MixProblem) -> mathopt.LinearExpression:
    """£ a year the capitated budget pays: the site's share of each role, less the ARRS claims."""
    gross = mathopt.fast_sum(built.fte(problem, r.role) * r.site_cost for r in problem.roles if r.site_cost)
    return gross - mathopt.fast_sum(built.arrs_claim.values())


def other_payers_cost(built: BuiltMix, problem: MixProblem) -> mathopt.LinearExpression:
    """£ a year other bodies pay for their share of roles working at the site (a tie-break after cost)."""
    return mathopt.fast_sum(built.fte(problem, r.role) * r.others_cost for r in problem.roles if r.others_cost)


def seen_elsewhere(built: BuiltMix, problem: MixProblem) -> mathopt.LinearExpression:
    """Room-sessions a week of patients seen at a practice other than their own, each times the journey
    (the last tie-break).

    Nothing before this stage prices a patient's journey, so without it the room placement is
    whatever the LP's vertex happens to be: patients sent across the site while their own practice
    has free rooms, or to its farthest practice. Patients are seen where they are registered unless
    the rooms there are full, and then at the nearest practice with room. The journey between two
    practices is taken through the hub (each one's travel to the hub, summed; at least a minute), the
    only distances a scenario gives: a judgement call.
    """
    travel = {p.practice: p.travel_minutes_to_hub for p in problem.estate}
    return mathopt.fast_sum(v * max(1.0, travel[p] + travel[q]) for (p, q), v in built.seen.items() if p != q)

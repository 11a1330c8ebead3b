"""An independent checker: re-derive every hard rule of the mix from the result alone.

It does not reuse the model's expressions, so a mistake in building the model shows up as a
violation here. Property tests run it on every solver result.
"""

from __future__ import annotations

from collections import defaultdict

from pch_workforce.mix.problem import MixProblem
from pch_workforce.mix.result import Mix

HOURS_TOL = 1e-4  # h a week
MONEY_TOL = 0.5  # £ a year


def mix_violations(problem: MixProblem, mix: Mix) -> list[str]:
    """Every hard rule the mix breaks, in words (empty when the mix is valid)."""
    problems: list[str] = []
    roles = {r.role: r for r in problem.roles}
    planned = {r.role: r for r in mix.roles}
    if set(planned) != set(roles):
        problems.append(f"roles differ: planned {sorted(planned)} vs problem {sorted(roles)}")
        return problems
    allowed = {(s.service, c.role): c for s in problem.services for c in s.delivery}
    hours: dict[str, float] = defaultdict(float)
    delivered: dict[str, float] = defaultdict(float)
    by_column: dict[tuple[str, str], float] = defaultdict(float)
    for a in mix.allocations:
        cell = allowed.get((a.service, a.role))
        if cell is None:
            problems.append(f"{a.role} delivers {a.service}, which the skill matrix does not allow")
            continue
        if abs(a.hours_per_week - a.contacts_per_week * cell.minutes_per_contact / 60) > HOURS_TOL:
            problems.append(f"{a.service}/{a.role}: hours do not match contacts x minutes")
        hours[a.role] += a.contacts_per_week * cell.minutes_per_contact / 60
        delivered[a.service] += a.contacts_per_week
        by_column[a.service, cell.scope_column] += a.contacts_per_week
    for (service_id, column), taken in by_column.items():
        cell = next(c for c in problem.service(service_id).delivery if c.scope_column == column)
        limit = cell.max_share * problem.service(service_id).contacts_per_week
        if taken > limit + HOURS_TOL:
            problems.append(f"scope: {column} takes {taken:.3f} of {service_id}, limit {limit:.3f}")
    for s in problem.services:
        unmet = mix.service(s.service).unmet_contacts_per_week
        if unmet < -HOURS_TOL or abs(delivered[s.service] + unmet - s.contacts_per_week) > 1e-3:
            problems.append(f"cover: {s.service} delivered {delivered[s.service]:.3f} + unmet {unmet:.3f} "
                            f"!= demand {s.contacts_per_week:.3f}")
    given: dict[str, float] = defaultdict(float)
    received: dict[str, float] = defaultdict(float)
    for sup in mix.supervision:
        if sup.supervisor not in roles[sup.supervised].supervised_by:
            problems.append(f"{sup.supervisor} may not supervise {sup.supervised}")
        given[sup.supervisor] += sup.hours_per_week
        received[sup.supervised] += sup.hours_per_week
    for role_id, terms in roles.items():
        plan = planned[role_id]
        if not terms.min_sessions <= plan.sessions <= terms.max_sessions:
            problems.append(f"FTE bounds: {role_id} has {plan.sessions} sessions, allowed "
                            f"{terms.min_sessions}..{terms.max_sessions}")
        fte = plan.sessions / terms.sessions_per_fte
        if abs(plan.fte - fte) > 1e-9:
            problems.append(f"{role_id}: FTE {plan.fte} is not sessions / sessions per FTE")
        capacity = fte * terms.clinical_hours_per_fte_week
        if hours[role_id] + given[role_id] > capacity + HOURS_TOL:
            problems.append(f"capacity: {role_id} works {hours[role_id] + given[role_id]:.3f} h, has {capacity:.3f}")
        need = fte * terms.supervision_hours_per_fte_week
        if received[role_id] < need - HOURS_TOL:
            problems.append(f"supervision: {role_id} gets {received[role_id]:.3f} h, needs {need:.3f}")
    claims = {r.role: r.arrs_reimbursement_per_year for r in mix.roles}
    problems += _arrs_violations(problem, mix, claims)
    problems += _floor_and_day_violations(problem, mix)
    problems += _estate_violations(problem, mix)
    gross = sum(planned[r].sessions / t.sessions_per_fte * t.site_cost for r, t in roles.items())
    cost = gross - sum(claims.values())
    if abs(cost - mix.cost_per_year) > MONEY_TOL:
        problems.append(f"cost: reported £{mix.cost_per_year:,.2f}, recomputed £{cost:,.2f}")
    if cost > problem.workforce_budget_per_year + MONEY_TOL:
        problems.append(f"budget: £{cost:,.2f} over the workforce budget £{problem.workforce_budget_per_year:,.2f}")
    if problem.max_patients_per_gp_fte is not None:
        gp_fte = sum(planned[r].sessions / t.sessions_per_fte for r, t in roles.items() if t.is_gp)
        if gp_fte * problem.max_patients_per_gp_fte < problem.population - 1e-6:
            problems.append(f"continuity: {gp_fte:.3f} GP FTE for {problem.population} patients")
    return problems


def _arrs_violations(problem: MixProblem, mix: Mix, claims: dict[str, float]) -> list[str]:
    """Claims only for eligible roles, above their baseline, at most their maximum, inside the envelope."""
    problems: list[str] = []
    for role in problem.roles:
        claim = claims.get(role.role, 0.0)
        fte = mix.role(role.role).fte
        most = role.arrs_claim_per_fte * max(0.0, fte - role.arrs_baseline_fte)
        if claim > most + MONEY_TOL:
            problems.append(f"ARRS: {role.role} claims £{claim:,.2f}, at most £{most:,.2f} above its baseline")
        if claim < -MONEY_TOL:
            problems.append(f"ARRS: {role.role} has a negative claim")
    envelope = problem.arrs_envelope_per_year
    if envelope is not None and sum(claims.values()) > envelope + MONEY_TOL:
        problems.append(f"ARRS: claims £{sum(claims.values()):,.2f} exceed the envelope £{envelope:,.2f}")
    if envelope is None and any(c > MONEY_TOL for c in claims.values()):
        problems.append("ARRS: claims without an envelope")
    return problems


def _floor_and_day_violations(problem: MixProblem, mix: Mix) -> list[str]:
    """Share floors of skill-matrix columns, and GP contacts within the safe day."""
    problems: list[str] = []
    contacts = {(a.service, a.role): a.contacts_per_week for a in mix.allocations}
    for service in problem.services:
        delivered = sum(contacts.get((service.service, c.role), 0.0) for c in service.delivery)
        for cell in service.delivery:
            if cell.min_share <= 0:
                continue
            kept = sum(contacts.get((service.service, c.role), 0.0) for c in service.delivery
                       if c.scope_column == cell.scope_column)
            if kept < cell.min_share * delivered - HOURS_TOL:
                problems.append(f"share floor: {cell.scope_column} keeps {kept:.3f} of {delivered:.3f} "
                                f"{service.service} contacts, below {cell.min_share:.0%}")
    if problem.gp_max_contacts_per_day is not None:
        for role in problem.roles:
            if not role.is_gp:
                continue
            given = sum(n for (_, r), n in contacts.items() if r == role.role)
            days = mix.role(role.role).fte * role.days_worked_per_fte_year / problem.weeks_per_year
            if given > problem.gp_max_contacts_per_day * days + HOURS_TOL:
                problems.append(f"safe working: {role.role} gives {given:.2f} contacts a week in {days:.2f} "
                                f"working days, more than {problem.gp_max_contacts_per_day:g} a day")
    return problems


def _estate_violations(problem: MixProblem, mix: Mix) -> list[str]:
    """Face-to-face work recomputed from the allocations fits each practice's rooms, travelling at most the
    care model's share."""
    problems: list[str] = []
    reported = {e.practice: e for e in mix.estate}
    if set(reported) != {p.practice for p in problem.estate}:
        return [f"estate: practices differ: {sorted(reported)}"]
    contacts = {(a.service, a.role): a.contacts_per_week for a in mix.allocations}
    for practice in problem.estate:
        need = 0.0
        for service in problem.services:
            share = dict(service.practice_shares).get(practice.practice, 0.0) * service.room_share
            for cell in service.delivery:
                per_session = problem.role(cell.role).clinical_hours_per_worked_session
                if share > 0 and per_session > 0:
                    hours = contacts.get((service.service, cell.role), 0.0) * cell.minutes_per_contact / 60
                    need += hours * share / per_session
        line = reported[practice.practice]
        if line.room_sessions_needed_per_week < need - HOURS_TOL:
            problems.append(f"estate: {practice.practice} patients need {need:.3f} room-sessions, "
                            f"{line.room_sessions_needed_per_week:.3f} are held for them")
        if line.room_sessions_held_per_week > practice.total + HOURS_TOL:
            problems.append(f"estate: {practice.practice} holds {line.room_sessions_held_per_week:.3f} room-sessions "
                            f"of {practice.total:g}")
        if line.seen_elsewhere_per_week > problem.other_practice_share * line.room_sessions_needed_per_week + HOURS_TOL:
            problems.append(f"estate: {practice.practice} patients seen elsewhere beyond "
                            f"{problem.other_practice_share:.0%} of their room-sessions")
    problems += _enhanced_access_violations(problem, mix)
    return problems


def _enhanced_access_violations(problem: MixProblem, mix: Mix) -> list[str]:
    """The enhanced-access roles' patient-contact hours, from their sessions, reach the DES's hours."""
    terms = problem.enhanced_access
    if terms is None or terms.required_hours_per_week <= 0:
        return []
    planned = {r.role: r.sessions for r in mix.roles}
    held = sum(planned[r.role] * r.clinical_hours_per_worked_session for r in problem.roles if r.role in terms.roles)
    if held < terms.required_hours_per_week - HOURS_TOL:
        return [f"enhanced access: the roles that count hold {held:.3f} h a week, "
                f"{terms.required_hours_per_week:.3f} are asked for"]
    return []

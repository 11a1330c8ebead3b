"""The mix as one JSON object (the `mix --json` contract) and as plain-text lines for the terminal.

Contract keys, always present: status, objective, best_bound, solve_seconds, population,
budget_per_year, cost_per_year, unmet_hours_per_week, roles [{role, fte, cost_per_year, utilisation,
funding}], binding, price_year, plan_financial_year, arrs {envelope_per_year, claimed_per_year,
unclaimed_per_year} (null when no role is ARRS eligible), gp_contacts_per_gp_day.
"""

from __future__ import annotations

from typing import Any

from pch_workforce.mix.result import Mix


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def mix_json(mix: Mix) -> dict[str, Any]:
    report = mix.report
    return {
        "status": report.status.value.upper(),
        "objective": _r(report.objective),
        "objective_name": "priority-weighted unmet contacts a week (stage 1 of a lexicographic solve; cost is stage 2)",
        "best_bound": _r(report.best_bound),
        "gap": _r(report.gap, 9),
        "solve_seconds": _r(report.seconds),
        "solver": report.solver,
        "stages": [{"stage": s.stage, "unit": s.unit, "status": s.status.value.upper(), "objective": _r(s.objective),
                    "best_bound": _r(s.best_bound), "solve_seconds": _r(s.seconds)} for s in report.stages],
        "site": mix.site,
        "population": mix.population,
        "price_year": mix.price_year,
        "plan_financial_year": mix.plan_financial_year,
        "price_note": mix.price_note,
        "budget_per_year": _r(mix.capitated_budget_per_year, 2),
        "workforce_budget_per_year": _r(mix.workforce_budget_per_year, 2),
        "cost_per_year": _r(mix.cost_per_year, 2),
        "gross_cost_per_year": _r(mix.gross_cost_per_year, 2),
        "arrs_reimbursement_per_year": _r(mix.arrs_reimbursement_per_year, 2),
        "arrs": None if mix.arrs is None else {
            "envelope_per_year": _r(mix.arrs.envelope_per_year, 2),
            "claimed_per_year": _r(mix.arrs.claimed_per_year, 2),
            "unclaimed_per_year": _r(mix.arrs.unclaimed_per_year, 2)},
        "others_cost_per_year": _r(mix.others_cost_per_year, 2),
        "gp_contacts_per_gp_day": _r(mix.gp_contacts_per_gp_day, 3),
        "estate": [{"practice": e.practice, "name": e.name, "rooms": e.rooms,
                    "room_sessions_per_week": _r(e.room_sessions_per_week, 3),
                    "room_sessions_needed_per_week": _r(e.room_sessions_needed_per_week, 3),
                    "room_sessions_held_per_week": _r(e.room_sessions_held_per_week, 3),
                    "seen_elsewhere_per_week": _r(e.seen_elsewhere_per_week, 3),
                    "room_sessions_by_session_type": {t: n for t, n in e.by_session_type}} for e in mix.estate],
        "enhanced_access": None if mix.enhanced_access is None else {
            "required_hours_per_week": _r(mix.enhanced_access.required_hours_per_week, 3),
            "team_hours_per_week": _r(mix.enhanced_access.team_hours_per_week, 3),
            "room_hours_per_week": _r(mix.enhanced_access.room_hours_per_week, 3)},
        "demand_hours_per_week": _r(mix.demand_hours_per_week, 3),
        "unmet_hours_per_week": _r(mix.unmet_hours_per_week, 3),
        "unmet_contacts_per_week": _r(mix.unmet_contacts_per_week, 3),
        "weighted_unmet_hours_per_week": _r(mix.weighted_unmet_hours_per_week, 3),
        "weighted_unmet_contacts_per_week": _r(mix.weighted_unmet_contacts_per_week, 3),
        "roles": [{"role": r.role, "name": r.name, "staff_group": r.staff_group, "fte": _r(r.fte),
                   "sessions": r.sessions, "existing_fte": r.existing_fte, "max_fte": r.max_fte,
                   "cost_per_year": _r(r.cost_per_year, 2), "budget_cost_per_year": _r(r.budget_cost_per_year, 2),
                   "arrs_reimbursement_per_year": _r(r.arrs_reimbursement_per_year, 2),
                   "clinical_hours_per_week": _r(r.clinical_hours_per_week, 3),
                   "allocated_hours_per_week": _r(r.allocated_hours_per_week, 3),
                   "supervision_hours_per_week": _r(r.supervision_hours_per_week, 3),
                   "utilisation": _r(r.utilisation, 4),
                   "others_cost_per_year": _r(r.others_cost_per_year, 2),
                   "arrs_baseline_fte": r.arrs_baseline_fte,
                   "funding": [{"payer": f.payer, "share": f.share} for f in r.funding]} for r in mix.roles],
        "services": [{"service": s.service, "name": s.name, "priority_weight": s.priority_weight,
                      "demand_hours_per_week": _r(s.demand_hours_per_week, 3),
                      "demand_contacts_per_week": _r(s.demand_contacts_per_week, 3),
                      "unmet_hours_per_week": _r(s.unmet_hours_per_week, 3),
                      "unmet_contacts_per_week": _r(s.unmet_contacts_per_week, 3), "why_unmet": list(s.why_unmet)}
                     for s in mix.services],
        "allocation": [{"service": a.service, "role": a.role, "hours_per_week": _r(a.hours_per_week, 3)}
                       for a in mix.allocations],
        "binding": list(mix.binding_names),
        "binding_detail": [{"name": b.name, "detail": b.detail} for b in mix.binding],
        "marginal_values": [{"change": m.change, "subject": m.subject,
                             "delta_weighted_unmet_contacts_per_week": _r(m.delta_weighted_unmet_contacts_per_week, 3),
                             "delta_weighted_unmet_hours_per_week": _r(m.delta_weighted_unmet_hours_per_week, 3),
                             "delta_unmet_hours_per_week": _r(m.delta_unmet_hours_per_week, 3),
                             "delta_budget_cost_per_year": _r(m.delta_budget_cost_per_year, 2),
                             "status": m.status.value.upper()} for m in mix.marginals],
        "fte_per_10000_patients": {k: _r(v, 2) for k, v in mix.fte_per_10k.items()},
    }


def mix_lines(mix: Mix) -> list[str]:
    """A readable summary: status, team, cost against budget, unmet demand and why, what binds."""
    report = mix.report
    lines = [
        f"{mix.site}: {mix.population:,} patients",
        f"Prices: {mix.price_note}" if mix.price_note else f"Prices for {mix.price_year}, the plan's financial year",
        f"status {report.status.value.upper()} ({report.solver}); weighted unmet {report.objective:,.2f} contacts/wk "
        f"(bound {report.best_bound:,.2f}); cost stage "
        + ", ".join(f"{s.stage} {s.objective:,.2f} (bound {s.best_bound:,.2f})" for s in report.stages[1:]
                    if s.objective is not None and s.best_bound is not None)
        + f"; {report.seconds:.3f} s",
        "",
        f"{'Role':<34}{'FTE':>7}{'existing':>9}{'max':>6}{'budget £/yr':>13}{'hours/wk':>10}{'used':>8}{'use %':>7}",
    ]
    for r in mix.roles:
        used = r.allocated_hours_per_week + r.supervision_hours_per_week
        lines.append(f"{r.name[:33]:<34}{r.fte:>7.2f}{r.existing_fte:>9.2f}{r.max_fte:>6.1f}"
                     f"{r.budget_cost_per_year:>13,.0f}{r.clinical_hours_per_week:>10.1f}{used:>8.1f}"
                     f"{'' if r.utilisation is None else f'{r.utilisation:.0%}':>7}")
    lines += [
        f"{'Total':<34}{sum(r.fte for r in mix.roles):>7.2f}{'':>15}{mix.cost_per_year:>13,.0f}",
        "",
        f"Budget: £{mix.cost_per_year:,.0f} of £{mix.workforce_budget_per_year:,.0f} a year for the workforce "
        f"(gross £{mix.gross_cost_per_year:,.0f}, ARRS reimburses £{mix.arrs_reimbursement_per_year:,.0f}, "
        f"other organisations pay £{mix.others_cost_per_year:,.0f})",
    ]
    if mix.arrs is not None:
        lines.append(f"ARRS envelope: £{mix.arrs.envelope_per_year:,.0f} a year; claimed "
                     f"£{mix.arrs.claimed_per_year:,.0f}; left unclaimed (lost) £{mix.arrs.unclaimed_per_year:,.0f}")
    if mix.gp_contacts_per_gp_day is not None:
        lines.append(f"GP contacts per GP working day: {mix.gp_contacts_per_gp_day:.1f} "
                     f"(safe-working limit {mix.gp_max_contacts_per_day:g})")
    if mix.estate:
        lines.append("Estate (room-sessions a week, face-to-face work): " + "; ".join(
            f"{e.practice} {e.room_sessions_held_per_week:,.1f} of {e.room_sessions_per_week:,.0f}"
            for e in mix.estate))
    if mix.enhanced_access is not None:
        access = mix.enhanced_access
        lines.append(f"Enhanced access: {access.required_hours_per_week:,.1f} h a week asked for; the roles that count "
                     f"hold {access.team_hours_per_week:,.1f} h; the rooms open in the Network Standard Hours hold "
                     f"{access.room_hours_per_week:,.1f} h"
                     + (f", {access.rooms_short_hours:,.1f} h short" if access.rooms_short_hours else ""))
    lines.append(f"Demand: {mix.demand_hours_per_week:,.1f} h/wk; unmet {mix.unmet_hours_per_week:,.1f} h/wk "
                 f"({mix.unmet_contacts_per_week:,.1f} contacts)")
    for s in mix.services:
        if s.unmet_hours_per_week > 0:
            lines.append(f"  {s.name}: {s.unmet_hours_per_week:,.1f} of {s.demand_hours_per_week:,.1f} h/wk unmet "
                         f"(priority {s.priority_weight:g}) because:")
            lines += [f"    - {why}" for why in s.why_unmet]
    lines += ["", "Binding:"] + [f"  {b.name}: {b.detail}" for b in mix.binding]
    useful = [m for m in mix.marginals if m.delta_weighted_unmet_contacts_per_week or m.delta_budget_cost_per_year]
    if mix.marginals:
        lines += ["", "Marginal values (re-solved):"]
        lines += [f"  {m.change}: weighted unmet {m.delta_weighted_unmet_contacts_per_week:+,.2f} contacts/wk, "
                  f"cost {m.delta_budget_cost_per_year:+,.0f} £/yr" for m in useful]
        if len(useful) < len(mix.marginals):
            lines.append(f"  ({len(mix.marginals) - len(useful)} other steps change nothing)")
    return lines

"""The `plan --json SUMMARY.json` contract: a plan's headline figures for scripts.

Always present: ``demand.contacts_per_patient_year``, ``demand.hours_per_week``, ``mix.status``,
``mix.cost_per_year``, ``mix.budget_per_year``, ``mix.unmet_hours_per_week``, ``mix.roles``,
``rota.status``, ``rota.objective``, ``rota.best_bound``, ``rota.gap``, ``rota.seconds``,
``rota.hard_violations`` (count, from the independent checker) and ``rota.uncovered_sessions``
(count of sessions left below a cover minimum; each is listed under ``rota.uncovered``),
``rota.people_beyond_rooms`` (person-sessions beyond a practice's clinical rooms) and
``rota.clinical_person_sessions``; ``kpis.enhanced_access_hours_per_week`` and
``kpis.enhanced_access_required_hours_per_week`` (each the weekly minimum over the rota),
``kpis.core_hours_uncovered`` (practice-hours with no duty clinician in the building, each listed
under ``kpis.core_hours_gaps``) and ``kpis.enhanced_access_weeks``. ``rota`` is
the ``rota --json`` object. ``demand`` and ``mix`` are the
``demand --json`` and ``mix --json`` objects, so scripts read one shape everywhere.
"""

from __future__ import annotations

from typing import Any

from pch_workforce.demand.summary import demand_json
from pch_workforce.mix.summary import mix_json
from pch_workforce.pch_rota import UNSOCIAL_KINDS, worked_last_period
from pch_workforce.plan.access import AccessReport, access_report
from pch_workforce.plan.kpis import mix_kpis, rota_kpis
from pch_workforce.plan.model import Plan
from pch_workforce.rota.report import RotaReport, StoppedBy
from pch_workforce.solve_report import SolveStatus
from pch_workforce.trajectory.summary import trajectory_json


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def plan_summary(plan: Plan) -> dict[str, Any]:
    mix_k = mix_kpis(plan.mix, plan.loaded.care_model)
    rota_k = _rota_kpis(plan)
    access = plan_access(plan)
    options = plan.options
    return {
        "site": plan.scenario_name,
        "scenario": str(plan.loaded.path),
        "tool_version": plan.tool_version,
        "options": {"time_limit": options.time_limit, "deterministic_time_limit": options.deterministic_time_limit,
                    "workers": options.workers, "seed": options.seed, "weeks": len(plan.rota.dates) // 7,
                    "lns": options.lns},
        "demand": demand_json(plan.demand, plan.loaded.care_model),
        "mix": mix_json(plan.mix),
        "rota": rota_json(plan),
        "trajectory": None if plan.trajectory is None else trajectory_json(plan.trajectory),
        "kpis": {
            "patients_per_gp_fte": _r(mix_k.patients_per_gp_fte, 1),
            "continuity_share": _r(rota_k.continuity),
            "ltc_reviews_covered_share": _r(mix_k.ltc_reviews.share_met),
            "home_visits_per_week": _r(mix_k.home_visits.met_contacts_per_week, 2),
            "home_visit_need_met_share": _r(mix_k.home_visits.share_met),
            "demand_met_share": _r(mix_k.all_services.share_met),
            "budget_headroom_per_year": _r(mix_k.budget.headroom_per_year, 2),
            "budget_used_share": _r(mix_k.budget.share_used),
            "budget_cost_per_patient_per_year": _r(mix_k.budget.cost_per_patient_per_year, 2),
            "enhanced_access_hours_per_week": _r(access.enhanced_access_hours_per_week, 2),
            "enhanced_access_required_hours_per_week": _r(access.enhanced_access_required_hours_per_week, 2),
            "enhanced_access_weeks": [{"week": w.week, "delivered_hours": _r(w.delivered_hours, 2),
                                       "required_hours": _r(w.required_hours, 2)} for w in access.weeks],
            "core_hours_uncovered": _r(access.core_hours_uncovered, 2),
            "core_hours_gaps": [{"date": g.date.isoformat(), "practice": g.practice, "hours": g.window,
                                 "reason": g.reason} for g in access.gaps],
        },
    }


def _rota_kpis(plan: Plan) -> Any:
    report = plan.rota_report
    assert report.rota is not None, "a Plan always carries a rota"
    return rota_kpis(plan.rota, report.rota, ((u.minimum, u.assigned) for u in report.uncovered_sessions))


def plan_access(plan: Plan) -> AccessReport:
    """The access contract as the rota delivers it (enhanced access, core hours)."""
    assert plan.rota_report.rota is not None, "a Plan always carries a rota"
    return access_report(plan.rota, plan.rota_report.rota, plan.loaded.scenario, plan.loaded.care_model)


_STOPPED_BY = {
    StoppedBy.OPTIMAL: "proved optimal",
    StoppedBy.INFEASIBLE: "proved infeasible",
    StoppedBy.DETERMINISTIC_LIMIT: "deterministic limit (reproducible)",
    StoppedBy.TIME_LIMIT: "wall-clock limit (depends on machine speed)",
    StoppedBy.INTERRUPTED: "interrupted",
}


def _worked_last_period(plan: Plan) -> dict[str, int] | None:
    """The previous period's evenings and Saturdays the fairness rule counted (``--history``, or the history
    a re-planned plan was made with), summed over the groups' members; None when it counted none."""
    before = worked_last_period(plan.rota.problem)
    if before is None:
        return None
    totals = dict.fromkeys(UNSOCIAL_KINDS, 0)
    for (kind, _), sessions in before.items():
        totals[kind] += sessions
    return totals


def stopped_by(report: RotaReport) -> str:
    """Why the search ended, as the engine recorded it when it stopped: only a proof or the
    deterministic limit gives a reproducible rota."""
    if report.status is SolveStatus.OPTIMAL:
        return _STOPPED_BY[StoppedBy.OPTIMAL]
    if report.status is SolveStatus.INFEASIBLE:
        return _STOPPED_BY[StoppedBy.INFEASIBLE]
    return _STOPPED_BY[report.stopped_by or StoppedBy.INTERRUPTED]


def rota_json(plan: Plan) -> dict[str, Any]:
    """The `rota --json` contract, also the ``rota`` part of the plan summary."""
    report, check = plan.rota_report, plan.rota_check
    people = plan.rota.people
    kpis = _rota_kpis(plan)
    return {
        "status": report.status.value.upper(),
        "stopped_by": stopped_by(report),
        "objective": _r(report.objective),
        "best_bound": _r(report.best_bound),
        "gap": _r(report.gap, 9),
        "seconds": _r(report.seconds, 3),
        "deterministic_time": _r(report.deterministic_time, 3),
        "workers": report.workers,
        "seed": report.seed,
        "hard_violations": len(check.violations),
        "hard_violation_detail": [{"rule": str(v.rule), "subject": v.subject, "day": v.day, "detail": v.detail}
                                  for v in check.violations],
        "checker_objective": check.objective,
        "uncovered_sessions": len(report.uncovered_sessions),
        "people_missing": sum(u.short for u in report.uncovered_sessions),
        "uncovered": [{"date": plan.rota.dates[u.day].isoformat(), "session": u.shift_id,
                       "practice": u.location_id, "role": u.skill, "minimum": u.minimum, "assigned": u.assigned}
                      for u in report.uncovered_sessions],
        "objective_by_rule": dict(report.objective_by_rule),
        "soft_violations": [{"rule": v.rule, "subject": v.subject, "day": v.day, "session": v.shift_id,
                             "amount": v.amount, "weight": v.weight} for v in report.violations],
        "worked_last_period": _worked_last_period(plan),
        "weeks": len(plan.rota.dates) // 7,
        "staff": sum(1 for p in people if not p.vacancy),
        "planned_posts": [p.name for p in people if p.vacancy],
        "sessions_rostered": kpis.sessions_rostered,
        "clinical_person_sessions": kpis.clinical_sessions,
        "people_beyond_rooms": kpis.people_beyond_rooms,
    }

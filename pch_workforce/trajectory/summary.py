"""The `trajectory --json` contract and the terminal lines."""

from __future__ import annotations

from typing import Any

from pch_workforce.trajectory.inputs import CENTRAL
from pch_workforce.trajectory.run import TrajectoryRun
from pch_workforce.trajectory.solve import Trajectory, TrajectoryYear


def _r(value: float, digits: int = 3) -> float:
    return round(value, digits) + 0.0  # + 0.0 turns -0.0 into 0.0


def year_json(year: TrajectoryYear) -> dict[str, Any]:
    return {
        "year": year.year,
        "population": year.population,
        "demand_hours_per_week": _r(year.demand_hours_per_week, 2),
        "unmet_hours_per_week": _r(year.unmet_hours_per_week, 2),
        "fte_by_role": {role: _r(v, 6) for role, v in year.fte_by_role.items()},
        "hires_by_role": {role: _r(v, 6) for role, v in year.hires_by_role.items()},
        "arrivals_by_role": {role: _r(v, 6) for role, v in year.arrivals_by_role.items()},
        "leavers_by_role": {role: _r(v, 6) for role, v in year.leavers_by_role.items()},
        "qualifying_by_role": {role: _r(v, 6) for role, v in year.qualifying_by_role.items()},
        "reductions_by_role": {role: _r(v, 6) for role, v in year.reductions_by_role.items()},
        "cost_per_fte_by_role": {role: _r(v, 2) for role, v in year.cost_per_fte_by_role.items()},
        "cost_per_year": _r(year.cost_per_year, 2),
        "budget_per_year": _r(year.budget_per_year, 2),
        "arrs_claimed_per_year": _r(year.arrs_claimed_per_year, 2),
    }


def case_json(trajectory: Trajectory, reasons: list[str] | None = None) -> dict[str, Any]:
    return {
        "status": trajectory.status.value.upper(),
        "reasons": reasons or [],
        "years": [year_json(y) for y in trajectory.years],
        "binding": {y.year: list(y.binding) for y in trajectory.years},
        "solve_seconds": _r(trajectory.solve_seconds),
    }


def trajectory_json(run: TrajectoryRun) -> dict[str, Any]:
    """The central case at the top level, the low and high cases in the same shape under ``cases``."""
    out = {"site": run.site, **case_json(run.central)}
    out["cases"] = {name: case_json(t, run.reasons.get(name)) for name, t in run.cases.items() if name != CENTRAL}
    out["marginal_values"] = [{"subject": m.subject, "change": m.change,
                               "delta_weighted_unmet_contacts_per_week": _r(m.delta_weighted_unmet_contacts_per_week),
                               "delta_budget_cost": _r(m.delta_budget_cost, 2)} for m in run.marginals]
    out["solve_seconds"] = _r(sum(t.solve_seconds for t in run.cases.values()))
    return out


def trajectory_lines(run: TrajectoryRun) -> list[str]:
    """Year by year: the team, its flows, need left unmet and cost against budget; then the other cases."""
    central = run.central
    lines = [f"{run.site}: {len(central.years)}-year workforce trajectory ({central.status.value})",
             f"{'year':<9}{'FTE':>7}{'hires':>7}{'leavers':>9}{'trainees':>9}{'unmet h/wk':>12}"
             f"{'cost £':>13}{'budget £':>13}  binding"]
    for y in central.years:
        lines.append(
            f"{y.year:<9}{sum(y.fte_by_role.values()):>7.1f}{sum(y.hires_by_role.values()):>7.1f}"
            f"{sum(y.leavers_by_role.values()):>9.1f}{sum(y.qualifying_by_role.values()):>9.1f}"
            f"{y.unmet_hours_per_week:>12.1f}{y.cost_per_year:>13,.0f}{y.budget_per_year:>13,.0f}  "
            + (", ".join(y.binding) or "-"))
    for m in run.marginals:
        lines.append(f"{m.change}: weighted unmet {m.delta_weighted_unmet_contacts_per_week:+,.1f} contacts a week "
                     f"summed over the years, budget cost {m.delta_budget_cost:+,.0f} £")
    for name, case in run.cases.items():
        if name == CENTRAL:
            continue
        if not case.years:
            lines.append(f"{name} case: no team meets the hard rules in every year; "
                         + "; ".join(run.reasons.get(name, [])))
            continue
        last = case.years[-1]
        lines.append(f"{name} case: {last.year} {sum(last.fte_by_role.values()):.1f} FTE, unmet "
                     f"{last.unmet_hours_per_week:,.1f} h a week, cost £{last.cost_per_year:,.0f} "
                     f"({case.status.value})")
    return lines

"""How much a re-plan changes for one absence: changed assignments per lost session on the shipped sites.

    python -m benchmarks.replan [--scenarios market-town,north-coast] [--deterministic-limit D]
                                [--output FILE]

Each shipped scenario is planned once as ``pch-workforce plan`` does (its own rota weeks, one
deterministic CP-SAT worker, seed 0, the CLI's deterministic limit unless ``--deterministic-limit``, and a
wall-clock limit of an hour so that a loaded machine does not stop a search early),
written to a plan workbook in a temporary folder, and re-planned from that workbook as
``pch-workforce replan`` does, once per single absence, each against the same published rota:

- the named GP, the named practice nurse and the named clinical pharmacist with the most sessions in
  the published rota (ties to the lowest staff id), each absent for the whole of week 2;
- the same GP absent for the Tuesday and Wednesday of week 2;
- the same GP absent for week 2 with week 1 frozen (``--frozen-weeks 1``), the usual case of a
  rota already being worked.

For each it reports the sessions lost and recovered, the changed assignments (the Changes sheet's
count, the absent person's own lost sessions included), the changes besides those (cover and
knock-ons, the absent person's other days included) per lost session (the ideal is about 1: whoever
covers it), the people affected, how many changes fall outside the week of the absence (and how many
of them are the absent person's own), the objective and its ``changed assignment`` points, and the
time. Every re-plan stops at the deterministic limit (or proves optimality), so the figures
are the same on any machine. Writes ``benchmarks/results/replan.json`` (or ``--output``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import click
import ortools

from pch_workforce.plan.model import Plan, PlanOptions
from pch_workforce.plan.replan import Absence, Replan, replan
from pch_workforce.plan.run import build_plan
from pch_workforce.plan.summary_json import stopped_by
from pch_workforce.plan.workbook import write_plan_workbook
from pch_workforce.scenario.loader import load_scenario

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results" / "replan.json"
SCENARIOS = {"market-town": REPO / "scenarios" / "market-town-pch.xlsx",
             "north-coast": REPO / "scenarios" / "north-coast-pch.xlsx"}
WALL_CLOCK_NEVER = 3600.0  # seconds: the deterministic limit, never a loaded machine's clock, stops each solve
ROLES = (("GP", "gp"), ("practice nurse", "practice_nurse"), ("clinical pharmacist", "clinical_pharmacist"))


def busiest(plan: Plan, role: str) -> str:
    """The named person of ``role`` with the most sessions in the plan's rota (ties: lowest staff id)."""
    rota = plan.rota_report.rota
    assert rota is not None, "a Plan always carries a rota"
    worked = Counter(a.staff_id for a in rota.assignments)
    named = [p.staff_id for p in plan.rota.people if p.role == role and not p.vacancy]
    if not named:
        raise ValueError(f"{plan.scenario_name}: no named {role}")
    return min(named, key=lambda s: (-worked[s], s))


def cases(plan: Plan) -> list[tuple[str, Absence, int]]:
    """(label, absence, frozen weeks) for the documented sample of single absences, in week 2."""
    monday = plan.rota.dates[7]
    week = (monday, monday + dt.timedelta(days=6))
    gp = busiest(plan, "gp")
    out = [(f"{label} {staff} absent week 2", Absence(staff, *week), 0)
           for label, staff in ((label, busiest(plan, role)) for label, role in ROLES)]
    out.append((f"GP {gp} absent Tue-Wed of week 2",
                Absence(gp, monday + dt.timedelta(days=1), monday + dt.timedelta(days=2)), 0))
    out.append((f"GP {gp} absent week 2, week 1 frozen", Absence(gp, *week), 1))
    return out


def run_case(plan_path: Path, scenario_path: Path, absence: Absence, frozen_weeks: int,
             options: PlanOptions) -> dict[str, Any]:
    """Re-plan the plan workbook at ``plan_path`` for one absence and measure what changed."""
    started = time.perf_counter()
    result = replan(plan_path, scenario_path, [absence], frozen_weeks, options)
    seconds = time.perf_counter() - started
    return measure(result, absence) | {"seconds": round(seconds, 1)}


def measure(result: Replan, absence: Absence) -> dict[str, Any]:
    """The figures of one re-plan: what was lost, what changed, where and for whom."""
    figures, report = result.figures, result.plan.rota_report
    first = absence.start - dt.timedelta(days=absence.start.weekday())
    last = absence.end + dt.timedelta(days=6 - absence.end.weekday())
    moved = [c for c in result.changes if c.moves_a_session]
    lost = figures.sessions_lost
    (staff_id,) = {a.staff_id for a in result.absences}
    return {
        "absent": absence.staff,
        "from": absence.start.isoformat(),
        "to": absence.end.isoformat(),
        "frozen_weeks": result.frozen_weeks,
        "sessions_lost": lost,
        "sessions_recovered": figures.sessions_recovered,
        "changed_assignments": figures.changed_sessions,
        "changed_besides_the_absence": figures.others_changed,
        "changed_besides_the_absence_per_lost_session": round(figures.others_changed / lost, 2) if lost else None,
        "people_affected": figures.people_affected,
        "changes_by_reason": dict(sorted(Counter(c.reason for c in moved).items())),
        "changes_outside_the_absent_week": sum(not first <= c.date <= last for c in moved),
        "people_changed_outside_the_absent_week": len({c.staff_id for c in moved if not first <= c.date <= last}),
        "absent_persons_changes_outside_the_absent_week": sum(not first <= c.date <= last and c.staff_id == staff_id
                                                              for c in moved),
        "locked_kept": result.locked_kept,
        "status": report.status.value,
        "stopped_by": stopped_by(report),
        "objective": report.objective,
        "best_bound": report.best_bound,
        "changed_assignment_points": dict(result.plan.rota_check.objective_by_rule).get("changed assignment", 0),
        "uncovered_sessions": len(report.uncovered_sessions),
        "checker_ok": result.plan.rota_check.ok,
    }


def run_scenario(name: str, options: PlanOptions, folder: Path) -> dict[str, Any]:
    """Plan one shipped scenario, write it, and re-plan it for each absence of the sample."""
    scenario = SCENARIOS[name]
    started = time.perf_counter()
    plan = build_plan(load_scenario(scenario), options)
    plan_seconds = time.perf_counter() - started
    path = write_plan_workbook(plan, folder / f"{name}.xlsx", [scenario])
    report = plan.rota_report
    rows = []
    for label, absence, frozen in cases(plan):
        rows.append({"case": label} | run_case(path, scenario, absence, frozen, options))
        click.echo(_line(name, rows[-1]))
    return {"scenario": name, "weeks": len(plan.rota.dates) // 7, "people": len(plan.rota.people),
            "plan_objective": report.objective, "plan_best_bound": report.best_bound,
            "plan_stopped_by": stopped_by(report), "plan_seconds": round(plan_seconds, 1), "cases": rows}


@click.command()
@click.option("--scenarios", "names", default=",".join(SCENARIOS), show_default=True,
              help="Shipped scenarios to plan and re-plan, comma-separated.")
@click.option("--deterministic-limit", type=click.FloatRange(min=0.1), default=PlanOptions().deterministic_time_limit,
              show_default=True, help="CP-SAT deterministic time limit of the plan and of each re-plan.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=RESULTS, show_default=True)
def main(names: str, deterministic_limit: float, output: Path) -> None:
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in SCENARIOS]
    if unknown:
        raise click.BadParameter(f"{', '.join(unknown)}: one of {', '.join(SCENARIOS)}", param_hint="--scenarios")
    options = PlanOptions(deterministic_time_limit=deterministic_limit, time_limit=WALL_CLOCK_NEVER,
                          trajectory_years=0)
    with tempfile.TemporaryDirectory() as tmp:
        results = [run_scenario(name, options, Path(tmp)) for name in wanted]
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({
        "benchmark": "replan", "deterministic_time_limit": deterministic_limit, "workers": options.workers,
        "seed": options.seed, "ortools": ortools.__version__, "python": platform.python_version(),
        "machine": platform.machine(), "cpus": os.cpu_count(), "results": results}, indent=2) + "\n")
    click.echo(f"wrote {output}")


def _line(scenario: str, row: dict[str, Any]) -> str:
    per = row["changed_besides_the_absence_per_lost_session"]
    return (f"{scenario:<12} {row['case']:<44} lost {row['sessions_lost']:>2} "
            f"recovered {row['sessions_recovered']:>2}  "
            f"changed {row['changed_assignments']:>3} (besides {row['changed_besides_the_absence']:>3}, "
            f"{'n/a' if per is None else f'{per:.2f}'} per lost)  people {row['people_affected']:>2}  "
            f"outside week {row['changes_outside_the_absent_week']:>2} "
            f"(absent {row['absent_persons_changes_outside_the_absent_week']})  objective {row['objective']:,.0f} "
            f"(changes {row['changed_assignment_points']})  {row['stopped_by']}  {row['seconds']:.0f}s")


if __name__ == "__main__":
    main()

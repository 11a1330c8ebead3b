"""`pch-workforce replan`: re-plan a published rota after absences, changing as little as it can."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from pch_workforce.commands.common import example, force_option, plan_scenario_option, user_errors
from pch_workforce.commands.plan import ProgressPrinter, rota_solver_options
from pch_workforce.errors import InputError, Problem
from pch_workforce.output import check_output_path, check_writable, refuse_existing, stage_text
from pch_workforce.plan.model import PlanOptions
from pch_workforce.plan.replan import CHANGE_WEIGHT, Absence, Replan, replan
from pch_workforce.plan.summary_json import rota_json


@click.command(epilog=example(
    "pch-workforce replan plan.xlsx --absence GP01:2027-01-05:2027-01-08 -o plan-v2.xlsx",
    "pch-workforce replan plan.xlsx --absence 'Dr Ann Shaw:2027-01-11:2027-01-15' --frozen-weeks 1 -o v2.xlsx",
    "pch-workforce replan plan.xlsx -o v2.xlsx --json changes.json --seed 3",
))
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The re-planned workbook to write (.xlsx): the plan's sheets plus Changes.")
@plan_scenario_option
@click.option("--absence", "absences", multiple=True, metavar="STAFF:FROM:TO",
              help="A new absence: staff id or exact name, first and last dates (inclusive); it becomes leave, "
                   "credited to the contract. Repeat for more.")
@click.option("--frozen-weeks", type=click.IntRange(min=0), default=0, show_default=True,
              help="Keep the first N weeks exactly as they are (absences excepted).")
@click.option("--change-weight", type=click.IntRange(min=0), default=CHANGE_WEIGHT, show_default=True,
              help="Penalty points per session changed from the published rota (a move counts twice); one more "
                   "outside the weeks the absences fall in.")
@rota_solver_options
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the changes and the rota's figures as JSON to this file.")
@force_option
@user_errors
def replan_command(plan: Path, out: Path, scenario: Path | None, absences: tuple[str, ...], frozen_weeks: int,
                   change_weight: int, options: PlanOptions, json_out: Path | None, force: bool) -> None:
    """Re-plan PLAN's rota, as the workbook now holds it, after absences; write OUT.

    The rota must keep every hard rule as edited (a break is exit 2, named by cell, nothing written).
    Cells ending in * are locked: "P1 AM*" stays, "*" alone keeps the person off that session. The
    re-plan changes as few sessions as it can and lists each on the Changes sheet with its reason.
    """
    from pch_workforce.plan.workbook import write_plan_workbook
    from pch_workforce.plan.workbook.changes import changes_spec

    if options.weeks is not None:
        raise InputError([Problem("--weeks", "a re-plan keeps the plan's weeks: leave --weeks out")])
    inputs = [plan] + ([scenario] if scenario else [])
    check_output_path(out, inputs)
    check_writable(out)
    if json_out is not None:
        if json_out.resolve() in {p.resolve() for p in [*inputs, out]}:
            raise InputError([Problem(str(json_out), "is an input or the workbook -o; choose another name")])
        if not json_out.parent.resolve().is_dir():
            raise InputError([Problem(str(json_out), f"folder {json_out.parent} does not exist")])
    refuse_existing(out, force)
    if json_out is not None:
        refuse_existing(json_out, force)
    parsed = [Absence.parse(text) for text in absences]
    printer = ProgressPrinter()
    printer.stage("reading the plan and rebuilding its rota problem")
    result = replan(plan, scenario, parsed, frozen_weeks, options, change_weight, on_rota_progress=printer.rota)
    staged = (stage_text(json.dumps(replan_json(result), indent=2, default=str) + "\n", json_out)
              if json_out is not None else None)
    try:
        printer.stage("writing the workbook")
        write_plan_workbook(result.plan, out, inputs, extra=[changes_spec(result)])
        if staged is not None and json_out is not None:
            os.replace(staged, json_out)
    finally:
        if staged is not None:
            staged.unlink(missing_ok=True)
    echo_replan(result, out)


def replan_json(result: Replan) -> dict[str, Any]:
    return {
        "changed_assignments": result.changed_assignments,
        "people_affected": result.people_affected,
        "absences": [{"staff_id": a.staff_id, "name": a.name, "from": a.start.isoformat(), "to": a.end.isoformat(),
                      "sessions_lost": a.sessions_lost, "sessions_recovered": a.sessions_recovered}
                     for a in result.absences],
        "locked_kept": result.locked_kept,
        "locked_cells": result.locked_cells,
        "frozen_weeks": result.frozen_weeks,
        "changes": [{"staff_id": c.staff_id, "name": c.name, "date": c.date.isoformat(), "session": c.session,
                     "was": c.was, "now": c.now, "reason": c.reason} for c in result.changes],
        "rota": rota_json(result.plan),
    }


def echo_replan(result: Replan, out: Path) -> None:
    report, check = result.plan.rota_report, result.plan.rota_check
    click.echo(f"re-planned rota written to {out}")
    for a in result.absences:
        click.echo(f"  absence  {a.name} {a.start} to {a.end}: {a.sessions_lost} session(s) lost, "
                   f"{a.sessions_recovered} now worked by someone else")
    click.echo(f"  changes  {result.changed_assignments} session(s) changed, {result.people_affected} people "
               f"affected (Changes sheet); locked cells and frozen weeks "
               f"{'kept' if result.locked_kept else 'NOT kept'}")
    click.echo(f"  rota     {report.status.value}, objective {report.objective:,.0f}; uncovered sessions "
               f"{len(report.uncovered_sessions)}; checker: "
               f"{'all hard rules hold' if check.ok else f'{len(check.violations)} broken'}")

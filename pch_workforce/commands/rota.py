"""`pch-workforce rota`: who works when and where, for the named staff and the mix's planned posts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from pch_workforce.commands.common import example, force_option, print_json, user_errors
from pch_workforce.commands.plan import ProgressPrinter, history_option, previous_period, rota_solver_options
from pch_workforce.output import check_output_path, check_writable, refuse_existing
from pch_workforce.plan.model import Plan, PlanOptions
from pch_workforce.plan.run import build_plan
from pch_workforce.plan.summary_json import rota_json
from pch_workforce.scenario.loader import load_scenario


@click.command(epilog=example(
    "pch-workforce rota scenarios/north-coast-pch.xlsx",
    "pch-workforce rota scenarios/north-coast-pch.xlsx --weeks 2 --seed 3 --json",
    "pch-workforce rota my-site.xlsx -o rota.xlsx --time-limit 120",
    "pch-workforce rota my-site.xlsx -o rota-march.xlsx --history plan-february.xlsx",
))
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the rota sheets (Rota, By practice, Session cover, Staff hours) to this .xlsx.")
@rota_solver_options
@history_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the table.")
@force_option
@user_errors
def rota(scenario: Path, out: Path | None, options: PlanOptions, history: Path | None, as_json: bool,
         force: bool) -> None:
    """Roster SCENARIO's staff and planned posts across the weeks and practices.

    Runs demand and the staff mix first (posts the mix adds become placeholder posts), then the
    CP-SAT rota, and checks the result with the independent checker. Exit 3 with the rules that
    conflict when no rota can meet the hard rules.
    """
    inputs = [scenario] + ([history] if history else [])
    if out is not None:
        check_output_path(out, inputs)
        refuse_existing(out, force)
        check_writable(out)
    printer = ProgressPrinter()
    loaded = load_scenario(scenario)
    counts = previous_period(history, loaded, printer)
    # the rota's outputs show neither the years ahead nor the mix's marginal values: skip both
    result = build_plan(loaded, dataclasses.replace(options, trajectory_years=0), on_stage=printer.stage,
                        on_rota_progress=printer.rota, history=counts, mix_marginals=False)
    if out is not None:
        from pch_workforce.plan.workbook import write_rota_workbook

        write_rota_workbook(result, out, inputs)
    if as_json:
        print_json(rota_json(result))
        return
    echo_rota(result)


def echo_rota(result: Plan) -> None:
    summary = rota_json(result)
    gap = f"{summary['gap']:.1%}" if summary["gap"] is not None else "n/a"
    weeks = summary["weeks"]
    click.echo(f"rota: {weeks} week{'s' if weeks != 1 else ''}, {summary['staff']} staff + "
               f"{len(summary['planned_posts'])} planned posts")
    click.echo(f"  status {summary['status']} ({summary['stopped_by']}), objective {summary['objective']:,.0f}, bound "
               f"{summary['best_bound']:,.0f}, gap {gap}, {summary['seconds']:.1f}s "
               f"(deterministic time {summary['deterministic_time']:.1f}, workers {summary['workers']}, "
               f"seed {summary['seed']})")
    click.echo(f"  checker: {summary['hard_violations']} hard rules broken; objective recomputed "
               f"{summary['checker_objective']:,.0f}")
    for rule, cost in summary["objective_by_rule"].items():
        click.echo(f"  {rule:<24} {cost:>8,}")
    click.echo(f"  uncovered sessions: {summary['uncovered_sessions']}")
    for line in summary["uncovered"][:20]:
        click.echo(f"    {line['date']} {line['session']} {line['practice']} {line['role']}: "
                   f"{line['assigned']} of {line['minimum']}")

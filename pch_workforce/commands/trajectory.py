"""`pch-workforce trajectory`: the team year by year, from today's staff to the team each year needs."""

from __future__ import annotations

from pathlib import Path

import click

from pch_workforce.commands.common import example, force_option, print_json, user_errors
from pch_workforce.output import check_output_path, check_writable, refuse_existing, save_workbook_atomic
from pch_workforce.scenario.loader import load_scenario
from pch_workforce.trajectory.run import DEFAULT_YEARS, run_trajectory
from pch_workforce.trajectory.summary import trajectory_json, trajectory_lines


@click.command(epilog=example("pch-workforce trajectory scenarios/north-coast-pch.xlsx",
                              "pch-workforce trajectory scenarios/north-coast-pch.xlsx --years 3 -o trajectory.xlsx",
                              "pch-workforce trajectory my-site.xlsx --json"))
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the trajectory to this .xlsx workbook.")
@click.option("--years", type=click.IntRange(1, 10), default=DEFAULT_YEARS, show_default=True,
              help="Financial years to plan, from the plan start's.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the table.")
@force_option
@user_errors
def trajectory(scenario: Path, out: Path | None, years: int, as_json: bool, force: bool) -> None:
    """Plan SCENARIO's team over YEARS financial years: hires, leavers and trainees per role per year.

    Each year is a whole staff mix (that year's demand, prices, budget and ARRS envelope), linked by
    the staff in post: next year's = this year's - leavers + hires that have arrived + trainees
    qualifying. Unmet need over all years is minimised first, then cost. The low and high cases
    (growth, leavers) are solved beside the central one. Exit 2 on bad input, 3 when no team meets
    the hard rules in every year; nothing is written in either case.
    """
    if out is not None:
        check_output_path(out, [scenario])
        refuse_existing(out, force)
        check_writable(out)
    loaded = load_scenario(scenario)
    run = run_trajectory(loaded, years)
    if out is not None:
        from pch_workforce.trajectory.workbook import trajectory_workbook  # openpyxl charts: only here

        save_workbook_atomic(trajectory_workbook(run, loaded), out, [scenario])
    if as_json:
        print_json(trajectory_json(run))
        return
    for line in trajectory_lines(run):
        click.echo(line)
    if out is not None:
        click.echo(f"\nwrote {out}")

"""`pch-workforce demand`: what the population needs, in appointments and clinical hours a week."""

from __future__ import annotations

from pathlib import Path

import click

from pch_workforce.care_model import CareModel
from pch_workforce.commands.common import example, force_option, print_json, user_errors
from pch_workforce.demand import Demand, compute_demand, demand_json, gp_share_bounds
from pch_workforce.demand.workbook import demand_workbook
from pch_workforce.output import check_output_path, check_writable, refuse_existing, save_workbook_atomic
from pch_workforce.scenario.loader import load_scenario


@click.command(epilog=example("pch-workforce demand scenarios/north-coast-pch.xlsx",
                              "pch-workforce demand scenarios/north-coast-pch.xlsx -o demand.xlsx",
                              "pch-workforce demand my-site.xlsx --json"))
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the demand tables to this .xlsx workbook.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the table.")
@force_option
@user_errors
def demand(scenario: Path, out: Path | None, as_json: bool, force: bool) -> None:
    """Work out SCENARIO's demand by service line: appointments a year and clinical hours a week.

    Every figure comes from the scenario's population, registers, deprivation and rurality and the
    care model's sourced rates; the drivers say how. Exit 2 on bad input (nothing written).
    """
    if out is not None:
        check_output_path(out, [scenario])
        refuse_existing(out, force)
        check_writable(out)
    loaded = load_scenario(scenario)
    result = compute_demand(loaded.scenario, loaded.care_model)
    if out is not None:
        save_workbook_atomic(demand_workbook(result, loaded.care_model), out, [scenario])
    if as_json:
        print_json(demand_json(result, loaded.care_model))
        return
    _print_table(result, loaded.care_model)
    if out is not None:
        click.echo(f"\nwrote {out}")


def _print_table(result: Demand, care_model: CareModel) -> None:
    share = gp_share_bounds(result, care_model)
    click.echo(f"{result.site}: {result.population:,} patients, care model {result.care_model}")
    click.echo(f"{'Service':<42}{'appts/yr':>10}{'hours/wk':>10}  main drivers")
    for service in result.services():
        drivers = "; ".join(service.drivers[:2])
        click.echo(f"{service.name[:41]:<42}{service.appointments_per_year:>10,.0f}"
                   f"{service.hours_per_week:>10,.1f}  {drivers}")
    click.echo(f"{'Total':<42}{result.appointments_per_year:>10,.0f}{result.hours_per_week:>10,.1f}")
    click.echo(f"\n{result.appointments_per_patient_year:.2f} appointments per patient a year (all staff); "
               f"GPs could take {share.least:.0%}-{share.most:.0%} of them under the skill matrix.")

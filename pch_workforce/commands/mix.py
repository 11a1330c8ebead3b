"""`pch-workforce mix`: the team the site should have, inside the capitated budget, explained."""

from __future__ import annotations

from pathlib import Path

import click

from pch_workforce.commands.common import example, force_option, print_json, user_errors
from pch_workforce.demand import compute_demand
from pch_workforce.mix import solve_mix
from pch_workforce.mix.demand_input import mix_input_from_demand
from pch_workforce.mix.summary import mix_json, mix_lines
from pch_workforce.mix.workbook import mix_workbook
from pch_workforce.output import check_output_path, check_writable, refuse_existing, save_workbook_atomic
from pch_workforce.scenario.loader import load_scenario


@click.command(epilog=example("pch-workforce mix scenarios/north-coast-pch.xlsx",
                              "pch-workforce mix scenarios/north-coast-pch.xlsx -o mix.xlsx",
                              "pch-workforce mix my-site.xlsx --json"))
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the mix tables to this .xlsx workbook.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the table.")
@force_option
@user_errors
def mix(scenario: Path, out: Path | None, as_json: bool, force: bool) -> None:
    """Choose SCENARIO's staff mix: FTE per role, who does what, cost, unmet demand and why.

    Covers the need first (weighted unmet hours), then at least cost, inside the workforce share
    of the capitated budget. Exit 2 on bad input, 3 when no mix meets the hard rules (the reasons
    are printed); nothing is written in either case.
    """
    if out is not None:
        check_output_path(out, [scenario])
        refuse_existing(out, force)
        check_writable(out)
    loaded = load_scenario(scenario)
    demand = compute_demand(loaded.scenario, loaded.care_model)  # load_scenario checked bands and practices
    result = solve_mix(loaded.scenario, loaded.care_model, mix_input_from_demand(demand))
    if out is not None:
        save_workbook_atomic(mix_workbook(result), out, [scenario])
    if as_json:
        print_json(mix_json(result))
        return
    for line in mix_lines(result):
        click.echo(line)
    if out is not None:
        click.echo(f"\nwrote {out}")

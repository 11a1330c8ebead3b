"""`pch-workforce validate`: check a scenario workbook and summarise it."""

from __future__ import annotations

from pathlib import Path

import click

from pch_workforce.budget import site_income
from pch_workforce.care_model.pricing import financial_year_of, price_year_note
from pch_workforce.commands.common import example, print_json, user_errors
from pch_workforce.errors import InputError, Problem
from pch_workforce.scenario import schema
from pch_workforce.scenario.loader import LoadedScenario, load_scenario


@click.command(epilog=example("pch-workforce validate scenarios/north-coast-pch.xlsx",
                              "pch-workforce validate my-site.xlsx --json"))
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@user_errors
def validate(scenario: Path, as_json: bool) -> None:
    """Check SCENARIO against the workbook rules and its care model.

    Exit 0 with a short summary, or exit 2 listing every problem by sheet, row and column.
    Nothing is written.
    """
    loaded = load_scenario(scenario)
    check_named_contracts(loaded)
    summary = summarise(loaded)
    if as_json:
        print_json(summary)
        return
    click.echo(f"{loaded.path}: valid")
    click.echo(f"  site          {summary['site']}  (care model {summary['care_model']})")
    click.echo(f"  population    {summary['population']:,} in {summary['practices']} practices")
    streams = summary["income_streams"]
    source = f" from {streams} income stream{'s' if streams != 1 else ''}" if streams else ""
    click.echo(f"  budget        £{summary['budget_per_year']:,.0f} a year{source}, "
               f"£{summary['workforce_budget_per_year']:,.0f} for the workforce")
    click.echo(f"  roles         {summary['roles']}   staff {summary['staff']}   "
               f"cover rules {summary['cover_rules']}")
    click.echo(f"  rota          {summary['rota_weeks']} weeks from {summary['plan_start']}")
    click.echo(f"  prices        {summary['price_note'] or 'for ' + str(summary['price_year']) + ', the plan year'}")
    if summary["care_homes"]:
        click.echo(f"  care homes    {summary['care_homes']}")
    if summary["overrides"]:
        click.echo(f"  overrides     {summary['overrides']} care-model values replaced")


def check_named_contracts(loaded: LoadedScenario) -> None:
    """Each named person's contract must be workable at all (opening, never-works sessions, leave, evenings
    and Saturdays, a supervisor on site): caught here, at the person's row, not first in `plan`."""
    from pch_workforce.pch_rota import build_pch_rota, contract_problems  # the rota front end, only here

    blocked = contract_problems(build_pch_rota(loaded.scenario, loaded.care_model, loaded.rota_policy))
    if not blocked:
        return
    index = {member.staff_id: i for i, member in enumerate(loaded.scenario.staff)}
    column = schema.STAFF.column_of("sessions_per_week")
    raise InputError([Problem(loaded.rows.ref("Staff", index[staff_id], column) if loaded.rows else "Staff",
                              f"{reason}; the contract cannot be worked")
                      for staff_id, reason in blocked if staff_id in index])


def summarise(loaded: LoadedScenario) -> dict[str, object]:
    scenario = loaded.scenario
    income = site_income(scenario, loaded.care_model)
    plan_year = financial_year_of(scenario.site.plan_start)
    return {
        "valid": True,
        "site": scenario.site.name,
        "care_model": scenario.site.care_model,
        "population": scenario.total_population,
        "practices": len(scenario.practices),
        "budget_per_year": income.total_per_year,
        "workforce_budget_per_year": income.total_per_year * scenario.site.workforce_share,
        "income_streams": len(scenario.income),
        "arrs_envelope_per_year": income.arrs_envelope_per_year,
        "roles": len(scenario.roles),
        "staff": len(scenario.staff),
        "cover_rules": len(scenario.cover_rules),
        "rota_weeks": scenario.site.rota_weeks,
        "plan_start": scenario.site.plan_start.isoformat(),
        "overrides": len(scenario.overrides),
        "care_homes": len(scenario.care_homes),
        "price_year": loaded.care_model.price_year,
        "plan_financial_year": plan_year,
        "price_note": price_year_note(loaded.care_model, plan_year),
    }

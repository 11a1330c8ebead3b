"""`pch-workforce calendar`: one .ics calendar file per person from a plan's Rota sheet, as edited."""

from __future__ import annotations

from pathlib import Path

import click

from pch_workforce.commands.common import example, force_option, user_errors
from pch_workforce.plan.ics import person_calendars, saved_at, write_calendars
from pch_workforce.plan.rota_reader import read_rota


@click.command(epilog=example(
    "pch-workforce calendar plan.xlsx -o calendars",
    "pch-workforce calendar rota.xlsx -o calendars --force",
))
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the .ics files (made if missing; its parent folder must exist).")
@force_option
@user_errors
def calendar(plan: Path, out: Path, force: bool) -> None:
    """Write one calendar file (.ics, RFC 5545) per person from PLAN's Rota sheet.

    PLAN is a plan workbook from `pch-workforce plan` (or a rota workbook from `pch-workforce rota
    -o`), read as it was last saved, hand edits included. Each worked session becomes an event at
    its practice in UK local time, and each day of leave an all-day event "Leave". A cell that is
    not a practice code and session is exit 2, naming the cell, and nothing is written; files already
    in the folder are kept unless --force.
    """
    rota = read_rota(plan)
    calendars, empty = person_calendars(rota, saved_at(plan, rota.first_date))
    write_calendars(calendars, out, force)
    sessions = sum(c.sessions for c in calendars)
    leave = sum(c.leave_days for c in calendars)
    click.echo(f"calendar: {len(calendars)} files in {out} for {rota.site}, {rota.first_date:%d %b %Y} to "
               f"{rota.last_date:%d %b %Y}: {sessions} sessions and {leave} days of leave")
    if empty:
        click.echo(f"  no file for {len(empty)} with no session or leave: {', '.join(p.name for p in empty)}")

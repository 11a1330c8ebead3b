"""`pch-workforce compare`: scenarios or plan workbooks side by side, with the differences."""

from __future__ import annotations

from pathlib import Path

import click

from pch_workforce.commands.common import example, force_option, user_errors
from pch_workforce.errors import InfeasiblePlanError, InputError, Problem
from pch_workforce.compare import Compared, compare_workbook, comparison_lines, labels_for, load_compared
from pch_workforce.output import check_output_path, check_writable, refuse_existing, save_workbook_atomic


@click.command(epilog=example(
    "pch-workforce compare scenarios/north-coast-pch.xlsx my-site.xlsx -o compare.xlsx",
    "pch-workforce compare plan-2027.xlsx plan-2028.xlsx -o plans.xlsx"))
@click.argument("workbooks", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Write the comparison to this .xlsx workbook.")
@force_option
@user_errors
def compare(workbooks: tuple[Path, ...], out: Path, force: bool) -> None:
    """Put WORKBOOKS side by side: population, demand, budget, team and coverage, and the differences.

    Each workbook is a scenario (demand and the mix are worked out; the rota is not run) or a plan
    written by `pch-workforce plan` (its headline figures are read back). Differences are against the
    first workbook. A scenario with no feasible mix keeps its column, marked so, with what blocks it
    and the money its least-cost team lacks. Exit 2 on bad input (nothing is written).
    """
    if len(workbooks) < 2:
        raise click.UsageError("give at least two workbooks to compare")
    check_output_path(out, workbooks)
    refuse_existing(out, force)
    check_writable(out)
    items = _load_each(workbooks)
    save_workbook_atomic(compare_workbook(items), out, workbooks)
    for line in comparison_lines(items):
        click.echo(line)
    click.echo(f"\nwrote {out}")


def _load_each(workbooks: tuple[Path, ...]) -> list[Compared]:
    """Load every workbook, naming the file in each problem: with several scenarios open, 'Cover!D4' alone
    does not say which one to fix. Problems in all of them are reported together."""
    items: list[Compared] = []
    problems: list[Problem] = []
    for path, label in zip(workbooks, labels_for(workbooks), strict=True):
        try:
            items.append(load_compared(path, label))
        except InputError as error:
            problems += [p if p.where.startswith(str(path)) else Problem(f"{path}, {p.where}", p.message)
                         for p in error.problems]
        except InfeasiblePlanError as error:
            raise InfeasiblePlanError(error.stage, [f"{path}: {reason}" for reason in error.reasons]) from None
    if problems:
        raise InputError(problems)
    return items

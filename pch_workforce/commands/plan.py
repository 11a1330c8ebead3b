"""`pch-workforce plan`: demand → mix → rota, written to one workbook a board can read."""

from __future__ import annotations

import functools
import json
import math
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from pch_workforce.commands.common import example, force_option, user_errors
from pch_workforce.errors import InputError, Problem
from pch_workforce.output import check_output_path, check_writable, refuse_existing, stage_text
from pch_workforce.pch_rota import History
from pch_workforce.plan.board import REPRODUCIBLE
from pch_workforce.plan.history import read_previous_period
from pch_workforce.plan.model import Plan, PlanOptions
from pch_workforce.plan.run import build_plan
from pch_workforce.plan.summary_json import stopped_by
from pch_workforce.rota.solve import Progress
from pch_workforce.scenario.loader import LoadedScenario, load_scenario
from pch_workforce.solve_report import relative_gap

DEFAULTS = PlanOptions()


class ProgressPrinter:
    """Stage names, then the rota's best plan so far, bound and gap, at most twice a second."""

    def __init__(self) -> None:
        self._last = 0.0
        self._started = time.perf_counter()

    def stage(self, name: str) -> None:
        click.echo(f"[{time.perf_counter() - self._started:5.1f}s] {name} ...", err=True)

    def rota(self, progress: Progress) -> None:
        now = time.perf_counter()
        if now - self._last < 0.5:
            return
        self._last = now
        if progress.source != "search":  # a starting rota: no bound yet
            click.echo(f"        rota: {progress.source} {progress.objective:,.0f}, searching for better  "
                       f"({progress.seconds:.1f}s; Ctrl-C keeps the best rota so far)", err=True)
            return
        gap = relative_gap(progress.objective, progress.best_bound) or 0.0
        click.echo(f"        rota: best {progress.objective:,.0f}  bound {progress.best_bound:,.0f}  "
                   f"gap {gap:.1%}  ({progress.seconds:.1f}s; Ctrl-C keeps the best rota so far)", err=True)


# CP-SAT's random_seed is a 32-bit integer and the warm start adds its round number to it; a larger seed
# was a traceback (exit 1) from ortools instead of a usage error.
MAX_SEED = 2_000_000_000


def _a_number(context: click.Context, parameter: click.Parameter, value: float) -> float:
    """FloatRange lets "nan" through (no comparison with nan fails), and the solver then ran with no limit."""
    if math.isnan(value):
        raise click.BadParameter("must be a number, not nan", context, parameter)
    return value


SOLVER_OPTIONS = (
    click.option("--weeks", type=click.IntRange(1, 52), default=None, help="Rota weeks (default: the scenario's)."),
    click.option("--time-limit", type=click.FloatRange(min=1), default=DEFAULTS.time_limit, show_default=True,
                 callback=_a_number, help="Wall-clock safety limit for the rota, in seconds."),
    click.option("--deterministic-limit", type=click.FloatRange(min=0.1), callback=_a_number,
                 default=DEFAULTS.deterministic_time_limit, show_default=True,
                 help="Deterministic work limit for the rota (CP-SAT units): the limit that makes it reproducible."),
    click.option("--workers", type=click.IntRange(1, 64), default=DEFAULTS.workers, show_default=True,
                 help="CP-SAT workers (part of what makes a rota reproducible)."),
    click.option("--seed", type=click.IntRange(-MAX_SEED, MAX_SEED), default=DEFAULTS.seed, show_default=True,
                 help="Random seed for the rota."),
    click.option("--lns", is_flag=True, default=DEFAULTS.lns,
                 help="Large sites: improve the starting rota block by block (each role's evenings over "
                      "the whole rota, each team's week), each solved exactly, before the whole-rota "
                      "search (reproducible; runs anyway when practices' rooms can be overbooked; see "
                      "docs/rota-engine.md)."),
)


history_option = click.option(
    "--history", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="PREVIOUS_PLAN.xlsx",
    help="The previous rota period's plan (or rota) workbook: each person's evenings and Saturdays on its Rota "
         "sheet count toward this period's fair share (people not in this scenario are left out with a warning).")


def previous_period(path: Path | None, loaded: LoadedScenario, printer: ProgressPrinter) -> History | None:
    """Each person's evenings and Saturdays in the previous period's plan (``--history``), or None; a
    warning names anyone in it this scenario lacks."""
    if path is None:
        return None
    printer.stage("reading the previous period's rota (--history)")
    previous = read_previous_period(path, loaded.scenario)
    for line in previous.warnings():
        click.echo(line, err=True)
    click.echo(f"        {previous.summary()}", err=True)
    return previous.counts


def rota_solver_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add the rota's solver options to a command and hand them over as one ``options: PlanOptions``."""

    @functools.wraps(command)
    def gather(*args: Any, weeks: int | None, time_limit: float, deterministic_limit: float, workers: int,
               seed: int, lns: bool, **kwargs: Any) -> None:
        options = PlanOptions(time_limit=time_limit, deterministic_time_limit=deterministic_limit, workers=workers,
                              seed=seed, weeks=weeks, lns=lns)
        command(*args, options=options, **kwargs)

    for option in reversed(SOLVER_OPTIONS):
        gather = option(gather)
    return gather


@click.command(epilog=example(
    "pch-workforce plan scenarios/north-coast-pch.xlsx -o plan.xlsx",
    "pch-workforce plan my-site.xlsx -o plan.xlsx --seed 7 --json summary.json",
    "pch-workforce plan my-site.xlsx -o plan.xlsx --deterministic-limit 60 --workers 8",
    "pch-workforce plan my-site.xlsx -o plan-march.xlsx --history plan-february.xlsx",
))
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The plan workbook to write (.xlsx).")
@rota_solver_options
@history_option
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the headline figures as JSON to this file.")
@force_option
@user_errors
def plan(scenario: Path, out: Path, options: PlanOptions, history: Path | None, json_out: Path | None,
         force: bool) -> None:
    """Plan SCENARIO end to end and write the plan workbook OUT.

    Runs demand, the staff mix and the rota, checks the rota with the independent checker and
    writes one workbook. Exit 3 with the reasons when no feasible plan exists. With --history, the
    previous period's evenings and Saturdays count toward this rota's fairness.
    """
    from pch_workforce.plan.summary_json import plan_summary
    from pch_workforce.plan.workbook import write_plan_workbook

    check_output_path(out, [scenario] + ([history] if history else []))
    check_writable(out)
    if json_out is not None and json_out.resolve() == scenario.resolve():
        raise InputError([Problem(str(json_out), "would overwrite the scenario; choose another name")])
    if json_out is not None and history is not None and json_out.resolve() == history.resolve():
        raise InputError([Problem(str(json_out), "would overwrite the --history plan; choose another name")])
    if json_out is not None and json_out.resolve() == out.resolve():
        raise InputError([Problem(str(json_out), "is the plan workbook -o; choose another name for the JSON")])
    if json_out is not None and not json_out.parent.resolve().is_dir():
        raise InputError([Problem(str(json_out), f"folder {json_out.parent} does not exist")])
    refuse_existing(out, force)
    if json_out is not None:
        refuse_existing(json_out, force)
    printer = ProgressPrinter()
    printer.stage("reading the scenario")
    loaded = load_scenario(scenario)
    counts = previous_period(history, loaded, printer)
    result = build_plan(loaded, options, on_stage=printer.stage, on_rota_progress=printer.rota, history=counts)
    summary = plan_summary(result)
    staged = stage_text(json.dumps(summary, indent=2, default=str) + "\n", json_out) if json_out is not None else None
    try:
        printer.stage("writing the workbook")
        write_plan_workbook(result, out, [scenario] + ([history] if history else []))
        if staged is not None and json_out is not None:
            os.replace(staged, json_out)
    finally:
        if staged is not None:
            staged.unlink(missing_ok=True)
    echo_summary(result, out)


def echo_summary(result: Plan, out: Path) -> None:
    """A short summary a site manager can read in the terminal."""
    site = result.loaded.scenario.site
    mix, report, check = result.mix, result.rota_report, result.rota_check
    people = result.rota.people
    vacancies = [p for p in people if p.vacancy]
    click.echo(f"{site.name}: plan written to {out}")
    click.echo(f"  demand  {result.demand.hours_per_week:,.0f} clinical hours a week")
    if mix.price_note:
        click.echo(f"  prices  {mix.price_note}")
    click.echo(f"  mix     {sum(r.fte for r in mix.roles):.1f} FTE, £{mix.cost_per_year:,.0f} a year of "
               f"£{mix.workforce_budget_per_year:,.0f}; unmet {mix.unmet_hours_per_week:,.1f} h a week "
               f"({mix.report.status.value})")
    gap = f"{report.gap:.1%}" if report.gap is not None else "n/a"
    click.echo(f"  rota    {len(people) - len(vacancies)} staff + {len(vacancies)} planned posts, "
               f"{report.status.value}, objective {report.objective:,.0f}, bound {report.best_bound:,.0f}, "
               f"gap {gap}, {report.seconds:.1f}s; uncovered sessions {len(report.uncovered_sessions)}; "
               f"checker: {'all hard rules hold' if check.ok else f'{len(check.violations)} broken'}")
    ended = stopped_by(report)
    click.echo(f"  search  stopped by: {ended}" + ("" if ended in REPRODUCIBLE else
               "; running again may give a different rota (let the deterministic limit stop it for a reproducible "
               "plan)"))

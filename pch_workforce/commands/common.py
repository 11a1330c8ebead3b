"""What every command shares: mapping errors to exit codes and printing them plainly."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from collections.abc import Callable
from typing import Any, TypeVar

import click

from pch_workforce.errors import InfeasiblePlanError, InputError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
EXIT_BUG = 1
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3


force_option = click.option("--force", is_flag=True, help="Replace the output files if they exist.")
# cover and replan: the scenario a plan workbook was made from (plan.cover.load_published finds and checks it)
plan_scenario_option = click.option(
    "--scenario", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="The scenario the plan was made from (default: the file its Cover sheet names, found beside the plan, "
         "here or in scenarios/; it must be unchanged).")


def user_errors(command: F) -> F:
    """Turn InputError into exit 2 and InfeasiblePlanError into exit 3, each explained on stderr."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as error:
            count = len(error.problems)
            click.echo(f"error: {count} problem{'s' if count != 1 else ''} in the input:", err=True)
            for problem in error.problems:
                click.echo(f"  {problem}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except InfeasiblePlanError as error:
            click.echo(f"no feasible {error.stage}: what blocks it:", err=True)
            for reason in error.reasons:
                click.echo(f"  - {reason}", err=True)
            sys.exit(EXIT_INFEASIBLE)

    return wrapper  # type: ignore[return-value]


def print_json(payload: dict[str, Any]) -> None:
    """One JSON object on stdout: the machine-readable contract of a command."""
    click.echo(json.dumps(payload, indent=2, sort_keys=False, default=str))


def example(*lines: str) -> str:
    """A help epilog with examples (click keeps \\b paragraphs unwrapped)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)

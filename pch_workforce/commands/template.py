"""`pch-workforce template`: write a blank scenario workbook to fill in."""

from __future__ import annotations

from pathlib import Path

import click

from pch_workforce.care_model import CareModelError, load_care_model
from pch_workforce.commands.common import example, force_option, user_errors
from pch_workforce.errors import InputError, Problem
from pch_workforce.output import check_output_path, check_writable, refuse_existing, save_workbook_atomic
from pch_workforce.scenario.loader import care_model_dirs
from pch_workforce.scenario.writer import Catalogue, build_workbook


@click.command(epilog=example("pch-workforce template my-site.xlsx",
                              "pch-workforce template my-site.xlsx --care-model models/pch-default.toml"))
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--care-model", default="pch-default", show_default=True,
              help="Care model whose roles, conditions and income streams fill the drop-downs "
                   "(a name in models/ or a path).")
@force_option
@user_errors
def template(out: Path, care_model: str, force: bool) -> None:
    """Write a blank scenario workbook OUT.xlsx: instructions, one sheet per part, drop-downs, examples."""
    check_output_path(out)
    refuse_existing(out, force)
    check_writable(out)
    try:
        model = load_care_model(care_model, care_model_dirs())
    except CareModelError as error:
        raise InputError([Problem("--care-model", p) for p in error.problems]) from None
    save_workbook_atomic(build_workbook(Catalogue.of(care_model, model)), out)
    click.echo(f"wrote {out}: fill it in, then run `pch-workforce validate {out}`")

"""The `pch-workforce` command line: one group, one module per command in ``commands/``.

Exit codes for every command: 0 done; 2 bad input or usage (nothing written); 3 no feasible
plan (explained); 130 interrupted (Ctrl-C) before there was anything to report; 1 only for a bug.
"""

from __future__ import annotations

import click

from pch_workforce import __version__
from pch_workforce.commands.calendar import calendar
from pch_workforce.commands.cover import cover
from pch_workforce.commands.common import example
from pch_workforce.commands.plan import plan
from pch_workforce.commands.replan import replan_command
from pch_workforce.commands.rota import rota
from pch_workforce.commands.template import template
from pch_workforce.commands.validate import validate
from pch_workforce.commands.demand import demand
from pch_workforce.commands.mix import mix
from pch_workforce.commands.compare import compare
from pch_workforce.commands.trajectory import trajectory


class _Commands(click.Group):
    """The command group, with Ctrl-C as its own exit code (click makes it 1, which here means
    a bug). During the rota search Ctrl-C is not an interrupt: the solver stops and the best
    rota so far is reported."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\nInterrupted (Ctrl-C).", err=True)
            ctx.exit(130)


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=example("pch-workforce template my-site.xlsx", "pch-workforce validate scenarios/north-coast-pch.xlsx"),
)
@click.version_option(__version__, prog_name="pch-workforce")
def main() -> None:
    """Workforce planning for NHS Primary Care Home sites.

    Population need -> weekly demand by service line -> skill mix inside the capitated budget
    -> rota across weeks and practices -> an Excel plan.
    """


main.add_command(template)
main.add_command(validate)
main.add_command(demand)
main.add_command(mix)
main.add_command(compare)
main.add_command(rota)
main.add_command(plan)
main.add_command(trajectory)
main.add_command(calendar)
main.add_command(cover)
main.add_command(replan_command, name="replan")

if __name__ == "__main__":
    main()

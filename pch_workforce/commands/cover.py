"""`pch-workforce cover`: who could take one session of a published rota, ranked by what it costs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from pch_workforce.commands.common import example, plan_scenario_option, print_json, user_errors
from pch_workforce.plan.cover import CoverAnswer, OpenSession, cover_options, load_published


@click.command(epilog=example(
    "pch-workforce cover plan.xlsx --session P1:2027-01-05:AM --role gp",
    "pch-workforce cover plan.xlsx --session P2:2027-01-13:EVE --json",
    "pch-workforce cover plan.xlsx --session P1:2027-01-09:SAT-AM --scenario my-site.xlsx",
))
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--session", "session_text", required=True, metavar="PRACTICE:DATE:SESSION",
              help="The open session, e.g. P1:2027-01-05:AM (AM, PM, EVE, SAT-AM or SAT-PM).")
@click.option("--role", default=None, help="Only people of this role (a care-model role id, e.g. gp).")
@plan_scenario_option
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="Candidates to print.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the table.")
@user_errors
def cover(plan: Path, session_text: str, role: str | None, scenario: Path | None, top: int, as_json: bool) -> None:
    """Rank who could take one session of PLAN's rota, as the workbook now holds it.

    Each person is tried in the session (added, or moved from another practice that session) and
    checked by the independent checker: only changes that keep every hard rule are offered, ranked by
    the change in the rota's penalty points, rule by rule. Writes nothing.
    """
    wanted = OpenSession.parse(session_text)
    answer = cover_options(load_published(plan, scenario, mix_marginals=False), wanted, role)
    if as_json:
        print_json(cover_json(answer))
        return
    echo_cover(answer, top)


def cover_json(answer: CoverAnswer) -> dict[str, Any]:
    s = answer.session
    return {
        "session": {"practice": s.practice, "date": s.date.isoformat(), "session": s.session},
        "shift_id": answer.shift_id, "role": answer.role, "cover_before": answer.cover_before,
        "minimum": answer.minimum, "objective": answer.objective,
        "candidates": [{"staff_id": c.staff_id, "name": c.name, "role": c.role, "change": c.change,
                        "points": c.points, "points_by_rule": c.points_by_rule, "week_sessions": c.week_sessions}
                       for c in answer.candidates],
        "not_offered": [{"staff_id": n.staff_id, "name": n.name, "role": n.role, "reason": n.reason}
                        for n in answer.not_offered],
    }


def echo_cover(answer: CoverAnswer, top: int) -> None:
    s = answer.session
    who = answer.role or "anyone"
    wanted = f" (cover minimum {answer.minimum})" if answer.minimum is not None else ""
    click.echo(f"{s.practice} {s.date:%a %d %b %Y} {s.session}: {answer.cover_before} {who} rostered{wanted}; "
               f"the rota has {answer.objective:,} penalty points")
    if not answer.candidates:
        click.echo("  nobody can take it without breaking a hard rule")
    for rank, c in enumerate(answer.candidates[:top], start=1):
        rules = ", ".join(f"{rule} {delta:+d}" for rule, delta in c.points_by_rule.items()) or "no change"
        click.echo(f"  {rank:>2}. {c.name} ({c.role}), {c.change}: {c.points:+d} points ({rules}); "
                   f"{c.week_sessions} sessions that week")
    if len(answer.candidates) > top:
        click.echo(f"  ... and {len(answer.candidates) - top} more (--top, or --json for all)")
    click.echo(f"  {len(answer.not_offered)} not offered (a hard rule rules them out; --json gives each reason)")

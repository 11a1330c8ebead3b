"""The Changes sheet of a re-planned rota: every Rota cell that moved, with why."""

from __future__ import annotations

from pch_workforce.excel.tables import Column, TableSpec
from pch_workforce.plan.replan import Replan

SHEET = "Changes"
REASONS = ("absence: the person is now absent; cover: someone steps into a session an absence left; "
           "rule: a knock-on change the other rules made worth it (contracted hours, rest, fairness, cover "
           "elsewhere)")


def changes_spec(result: Replan) -> TableSpec:
    """One row per changed cell (person, date, session), in date, session and sheet order."""
    lost = sum(a.sessions_lost for a in result.absences)
    recovered = sum(a.sessions_recovered for a in result.absences)
    kept = "kept" if result.locked_kept else "NOT kept"
    description = (
        f"Changed sessions: {result.changed_assignments}; people affected: {result.people_affected}. "
        f"Absences took {lost} rostered session(s), {recovered} of them now worked by someone else.",
        f"Locked cells ({result.locked_cells}) and frozen weeks ({result.frozen_weeks}): {kept}.",
        f"Reason: {REASONS}.",
    )
    rows = [[c.name, c.staff_id, c.date, c.session, c.was or None, c.now or None, c.reason] for c in result.changes]
    return TableSpec(
        sheet=SHEET, name="Changes", title="Changes from the published rota",
        contents="Every rota cell the re-plan changed, with the reason",
        columns=(Column("Name", max_width=24), Column("Staff id", max_width=34),
                 Column("Date", "dd/mm/yyyy", min_width=11), Column("Session"), Column("Was", max_width=20), Column("Now", max_width=20), Column("Reason")),
        rows=rows, description=description, empty="No cell changed",
    )

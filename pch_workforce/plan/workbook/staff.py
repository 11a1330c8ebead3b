"""The Staff hours sheet: each person's contract against the sessions the rota gives them."""

from __future__ import annotations

from openpyxl.workbook.workbook import Workbook

from pch_workforce.excel.tables import COUNT, DECIMAL, HOURS, NOT_APPLICABLE, Column, TableSpec, write_table
from pch_workforce.pch_rota import (
    CONTRACT_TOLERANCE_MINUTES_PER_WEEK,
    UNSOCIAL_KINDS,
    unsocial_groups,
    worked_last_period,
)
from pch_workforce.plan.model import Plan
from pch_workforce.plan.workbook.front import note
from pch_workforce.plan.workbook.rota_views import staff_lines
from pch_workforce.rota import Problem, Rota

SHEET = "Staff hours"
KIND_WORDS = {"evenings": "evenings", "saturdays": "Saturdays"}
# Columns written only when the plan counts a previous period (--history); a re-plan reads them back.
WORKED_LAST_PERIOD = {kind: f"{words.capitalize()} worked last period (sessions)" for kind, words in KIND_WORDS.items()}


def fair_shares(problem: Problem, rota: Rota) -> dict[tuple[str, str], float]:
    """(kind, staff id) -> the person's fair share of their group's sessions of that kind: the sessions
    the group worked in this rota and, when the plan has history, in the previous period, pro rata to
    each member's share (contracted sessions), as the rota's fairness rule weighs them. Only members of
    a group of two or more have one."""
    found: dict[tuple[str, str], float] = {}
    for kind, group in unsocial_groups(problem):
        members = set(group.staff_ids)
        worked = sum(1 for a in rota.assignments if a.staff_id in members and group.counts(a.day, a.shift_id))
        worked += sum(group.history_of().values())
        shares = group.share_of()
        total = sum(shares.values())
        for staff_id, share in shares.items():
            found[kind, staff_id] = worked * share / total
    return found


def write_staff_hours(book: Workbook, plan: Plan) -> TableSpec:
    rota = plan.rota_report.rota
    assert rota is not None
    people = {p.staff_id: p for p in plan.rota.people}
    role_names = {rid: r.name for rid, r in plan.loaded.care_model.roles.items()}
    weeks = max(1, len(plan.rota.dates) // 7)
    shares = fair_shares(plan.rota.problem, rota)
    before = worked_last_period(plan.rota.problem)
    rows = []
    for line in staff_lines(plan.rota, rota):
        person = people[line.staff_id]
        unsocial = []
        for kind, count in zip(UNSOCIAL_KINDS, (line.evenings, line.saturdays), strict=True):
            unsocial.append(count)
            if before is not None:
                unsocial.append(before.get((kind, line.staff_id), NOT_APPLICABLE))
            unsocial.append(shares.get((kind, line.staff_id), NOT_APPLICABLE))
        rows.append([line.staff_id, person.name, role_names.get(person.role, person.role),
                     person.home_practice or "vacancy", "vacancy" if person.vacancy else "named",
                     person.sessions_per_week, line.leave_days, line.due_hours, line.hours, line.difference_hours,
                     line.rostered, line.clinical, line.without_room, line.mdt, *unsocial, line.away_from_home])
    unsocial_columns = []
    for kind, words in KIND_WORDS.items():
        unsocial_columns.append(Column(f"{words.capitalize()} (sessions)", COUNT))
        if before is not None:
            unsocial_columns.append(Column(WORKED_LAST_PERIOD[kind], COUNT))
        unsocial_columns.append(Column(f"Fair share of {words} (sessions)", DECIMAL))
    fair = ("Fair share: the evenings (Saturdays) the role's willing staff worked, shared pro rata to contracted "
            "sessions, as the rota's fairness rule weighs them; [z] where the person does not work them or is the "
            "only one of the role who does.")
    if before is not None:
        fair = ("Fair share: the evenings (Saturdays) the role's willing staff worked in this rota and in the "
                "previous period (the plan given with --history), shared pro rata to contracted sessions, as the "
                "rota's fairness rule weighs them: compare it with the person's evenings plus those worked last "
                "period; [z] where the person does not work them or is the only one of the role who does. Someone "
                "new to the site worked 0 last period.")
    spec = TableSpec(
        sheet=SHEET, name="StaffHours", title=f"{plan.loaded.scenario.site.name}: contracted against rostered",
        contents="Contracted against rostered hours per person; sessions, evenings, Saturdays, MDT, away from home",
        description=(f"Over {weeks} week{'s' if weeks != 1 else ''}. Due = contracted sessions of 4 h 10 min less "
                     f"pro-rata leave credit (a weekday of leave is a fifth of the weekly contract); a session counts "
                     f"its clock time, so an evening of 1 h 30 min uses 1 h 30 min of the contract, and the rota "
                     f"keeps each person within {CONTRACT_TOLERANCE_MINUTES_PER_WEEK} minutes a week of it "
                     f"{note('sessions')}.", fair),
        columns=(Column("Staff id", max_width=10), Column("Name", max_width=30), Column("Role", max_width=26),
                 Column("Home practice", max_width=9), Column("Post", max_width=8),
                 Column("Contracted (sessions per week)", COUNT), Column("Leave (days)", COUNT),
                 Column("Due over the rota (hours)", HOURS), Column("Rostered (hours)", HOURS),
                 Column("Rostered less due (hours)", HOURS), Column("Rostered (sessions)", COUNT),
                 Column("Clinical (sessions)", COUNT), Column("Of which no clinical room (sessions)", COUNT),
                 Column("MDT (sessions)", COUNT), *unsocial_columns,
                 Column("Away from home practice (sessions)", COUNT)),
        rows=rows, freeze_columns=2)
    write_table(book, spec)
    return spec

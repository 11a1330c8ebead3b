"""The Staff hours sheet: each person's contract against the sessions the rota gives them."""

from __future__ import annotations

from openpyxl.workbook.workbook import Workbook

from pch_workforce.excel.tables import COUNT, DECIMAL, HOURS, NOT_APPLICABLE, Column, TableSpec, write_table
from pch_workforce.pch_rota import CONTRACT_TOLERANCE_MINUTES_PER_WEEK
from pch_workforce.plan.model import Plan
from pch_workforce.plan.workbook.front import note
from pch_workforce.plan.workbook.rota_views import staff_lines
from pch_workforce.rota import Problem, Rota

UNSOCIAL_KINDS = ("evenings", "saturdays")  # the fairness groups' id prefixes (pch_rota._fairness)


def fair_shares(problem: Problem, rota: Rota) -> dict[tuple[str, str], float]:
    """(kind, staff id) -> the person's fair share of their group's sessions of that kind in this rota: the
    sessions the group worked, pro rata to each member's share (contracted sessions), as the rota's fairness
    rule weighs them. Only members of a group of two or more have one."""
    found: dict[tuple[str, str], float] = {}
    for group in problem.fairness_groups:
        kind = group.id.split("/", 1)[0]
        if kind not in UNSOCIAL_KINDS or len(group.staff_ids) < 2:
            continue
        members = set(group.staff_ids)
        worked = sum(1 for a in rota.assignments if a.staff_id in members and group.counts(a.day, a.shift_id))
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
    rows = []
    for line in staff_lines(plan.rota, rota):
        person = people[line.staff_id]
        evenings, saturdays = (shares.get((kind, line.staff_id), NOT_APPLICABLE) for kind in UNSOCIAL_KINDS)
        rows.append([line.staff_id, person.name, role_names.get(person.role, person.role),
                     person.home_practice or "vacancy", "vacancy" if person.vacancy else "named",
                     person.sessions_per_week, line.leave_days, line.due_hours, line.hours, line.difference_hours,
                     line.rostered, line.clinical, line.without_room, line.mdt, line.evenings, evenings,
                     line.saturdays, saturdays, line.away_from_home])
    spec = TableSpec(
        sheet="Staff hours", name="StaffHours", title=f"{plan.loaded.scenario.site.name}: contracted against rostered",
        contents="Contracted against rostered hours per person; sessions, evenings, Saturdays, MDT, away from home",
        description=(f"Over {weeks} week{'s' if weeks != 1 else ''}. Due = contracted sessions of 4 h 10 min less "
                     f"pro-rata leave credit (a weekday of leave is a fifth of the weekly contract); a session counts "
                     f"its clock time, so an evening of 1 h 30 min uses 1 h 30 min of the contract, and the rota "
                     f"keeps each person within {CONTRACT_TOLERANCE_MINUTES_PER_WEEK} minutes a week of it "
                     f"{note('sessions')}.",
                     "Fair share: the evenings (Saturdays) the role's willing staff worked, shared pro rata to "
                     "contracted sessions, as the rota's fairness rule weighs them; [z] where the person does not "
                     "work them or is the only one of the role who does.",),
        columns=(Column("Staff id", max_width=10), Column("Name", max_width=30), Column("Role", max_width=26),
                 Column("Home practice", max_width=9), Column("Post", max_width=8),
                 Column("Contracted (sessions per week)", COUNT), Column("Leave (days)", COUNT),
                 Column("Due over the rota (hours)", HOURS), Column("Rostered (hours)", HOURS),
                 Column("Rostered less due (hours)", HOURS), Column("Rostered (sessions)", COUNT),
                 Column("Clinical (sessions)", COUNT), Column("Of which no clinical room (sessions)", COUNT),
                 Column("MDT (sessions)", COUNT),
                 Column("Evenings (sessions)", COUNT), Column("Fair share of evenings (sessions)", DECIMAL),
                 Column("Saturdays (sessions)", COUNT), Column("Fair share of Saturdays (sessions)", DECIMAL),
                 Column("Away from home practice (sessions)", COUNT)),
        rows=rows, freeze_columns=2)
    write_table(book, spec)
    return spec

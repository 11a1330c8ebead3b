"""The Mix sheets: the team by role, who delivers which service, and where the team works."""

from __future__ import annotations

from collections import Counter

from openpyxl.workbook.workbook import Workbook

from pch_workforce.plan.model import Plan
from pch_workforce.plan.workbook.front import note
from pch_workforce.excel.tables import COUNT, DECIMAL, FTE, HOURS, Column, TableSpec, write_table


def write_mix(book: Workbook, plan: Plan) -> list[TableSpec]:
    specs = [_roles(plan), _service_hours(plan), _by_practice(plan)]
    for spec in specs:
        write_table(book, spec)
    return specs


def _roles(plan: Plan) -> TableSpec:
    mix, scenario = plan.mix, plan.loaded.scenario
    employer = {r.role: r.employer.value.replace("_", " ") for r in scenario.roles}
    return TableSpec(
        sheet="Mix", name="MixRoles", title=f"{mix.site}: recommended team by role",
        contents="FTE by role (existing, planned, most recruitable), sessions and clinical hours",
        description=(
            f"The mix covers need first (weighted unmet hours), then costs least, inside the workforce budget; "
            f"status {mix.report.status.value.upper()}. Costs are on the Budget sheet.",
        ),
        columns=(Column("Role id", max_width=30), Column("Role", max_width=30), Column("Staff group", max_width=8),
                 Column("Employer", max_width=20), Column("Existing (FTE)", FTE, summed=True),
                 Column("Planned (FTE)", FTE, summed=True), Column("Change (FTE)", FTE, summed=True),
                 Column("Most recruitable (FTE)", FTE, summed=True), Column("Sessions (per week)", COUNT, summed=True),
                 Column("Clinical hours (per week)", HOURS, summed=True),
                 Column("Hours on services (per week)", HOURS, summed=True),
                 Column("Supervising (hours per week)", HOURS, summed=True),
                 Column("Spare (hours per week)", HOURS, summed=True)),
        rows=[[r.role, r.name, r.staff_group, employer.get(r.role, "[x]"), r.existing_fte, r.fte,
               r.fte - r.existing_fte, r.max_fte, r.sessions, r.clinical_hours_per_week,
               r.allocated_hours_per_week, r.supervision_hours_per_week, r.spare_hours_per_week]
              for r in mix.roles],
        freeze_columns=2, total=("Total", "All roles"))


def _service_hours(plan: Plan) -> TableSpec:
    mix = plan.mix
    roles = [r for r in mix.roles if any(a.role == r.role and a.hours_per_week > 0 for a in mix.allocations)]
    return TableSpec(
        sheet="Mix hours", name="MixServiceHours", title=f"{mix.site}: hours by service line and role",
        contents="Demand, delivered and unmet contacts by service line, and each role's hours on it",
        description=(
            f"Role hours are at each role's own minutes per contact {note('role_hours')}. Roles that deliver no "
            "service are left out; their hours are on the Mix sheet.",
        ),
        columns=(Column("Service id", max_width=24), Column("Service", max_width=30),
                 Column("Priority weight (times)", DECIMAL), Column("Demand (contacts per week)", HOURS),
                 Column("Delivered (contacts per week)", HOURS), Column("Unmet (contacts per week)", HOURS),
                 Column("Demand (hours per week)", HOURS), Column("Unmet (hours per week)", HOURS),
                 *(Column(f"{r.name} (hours per week)", HOURS, max_width=14) for r in roles)),
        rows=[[s.service, s.name, s.priority_weight, s.demand_contacts_per_week,
               sum(a.contacts_per_week for a in mix.allocations if a.service == s.service),
               s.unmet_contacts_per_week, s.demand_hours_per_week, s.unmet_hours_per_week,
               *(mix.hours(s.service, r.role) for r in roles)] for s in mix.services],
        freeze_columns=2)


def _by_practice(plan: Plan) -> TableSpec:
    """Rostered FTE equivalent by role and practice: where the planned team actually works."""
    mix, pch, care_model = plan.mix, plan.rota, plan.loaded.care_model
    rota = plan.rota_report.rota
    assert rota is not None
    weeks = max(1, len(pch.dates) // 7)
    role_of = {p.staff_id: p.role for p in pch.people}
    sessions = Counter((role_of[a.staff_id], a.location_id) for a in rota.assignments)
    codes = [p.code for p in plan.loaded.scenario.practices]

    def fte(role: str, code: str) -> float:
        return sessions[role, code] / weeks / care_model.roles[role].sessions_per_fte.value

    return TableSpec(
        sheet="Team by practice", name="TeamByPractice", title=f"{mix.site}: where the team works, by practice",
        contents="Rostered FTE equivalent by role and practice, against the planned FTE",
        description=(f"Sessions rostered at each practice, as FTE {note('fte_by_practice')}. The MDT session "
                     "counts at the hub.",),
        columns=(Column("Role id", max_width=30), Column("Role", max_width=30), Column("Planned (FTE)", FTE),
                 *(Column(f"{code} (FTE)", FTE, min_width=7) for code in codes),
                 Column("Rostered, all practices (FTE)", FTE)),
        rows=[[r.role, r.name, r.fte, *(fte(r.role, code) for code in codes),
               sum(fte(r.role, code) for code in codes)] for r in mix.roles],
        freeze_columns=2)

"""The Demand sheet: need by practice and service line, with what produced it."""

from __future__ import annotations

from openpyxl.workbook.workbook import Workbook

from pch_workforce.plan.model import Plan
from pch_workforce.plan.workbook.front import note
from pch_workforce.excel.tables import COUNT, DECIMAL, HOURS, Column, TableSpec, write_table


def write_demand(book: Workbook, plan: Plan) -> TableSpec:
    demand = plan.demand
    names = dict(demand.service_names)
    practices = {p.code: p.name for p in plan.loaded.scenario.practices}
    spec = TableSpec(
        sheet="Demand", name="Demand",
        title=f"{demand.site}: demand by practice and service line",
        contents="Appointments and clinical hours needed by practice and service line, and what drives them",
        description=(
            f"{demand.population:,} registered patients need {demand.appointments_per_year:,.0f} appointments a "
            f"year ({demand.appointments_per_patient_year:.2f} per patient) and {demand.hours_per_week:,.1f} "
            f"clinical hours a week {note('demand')}.",
            f"Care model: {demand.care_model}. Rates and their sources are on the Assumptions sheet.",
        ),
        columns=(Column("Practice code", max_width=10), Column("Practice", max_width=26),
                 Column("Service id", max_width=24), Column("Service", max_width=30),
                 Column("Appointments (per year)", COUNT), Column("Attended contacts (per year)", COUNT),
                 Column("Appointments (per week)", HOURS), Column("Clinical hours (per week)", HOURS),
                 Column("Deprivation factor (times)", DECIMAL), Column("Not attended (per cent)", "0.0%"),
                 Column("Travel per visit (minutes)", HOURS), Column("Drivers", max_width=70)),
        rows=[[line.practice, practices.get(line.practice, line.practice), line.service,
               names.get(line.service, line.service), line.appointments_per_year, line.attended_per_year,
               line.appointments_per_week, line.hours_per_week, line.deprivation_factor, line.dna_rate,
               line.travel_minutes_per_contact, "; ".join(d.describe() for d in line.drivers)]
              for line in demand.lines],
        freeze_columns=2)
    write_table(book, spec)
    return spec

"""The demand workbook: one Excel table per sheet, title in A1, units in the headers.

Builds an openpyxl Workbook in memory; saving (atomically) is the caller's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from pch_workforce.care_model import CareModel
from pch_workforce.demand.summary import gp_share_bounds
from pch_workforce.demand.types import Demand

HEADER_ROW = 3


def demand_workbook(demand: Demand, care_model: CareModel) -> Workbook:
    book = Workbook()
    services = book.active
    services.title = "Services"
    share = gp_share_bounds(demand, care_model)
    _table(services, "ServiceDemand",
           f"{demand.site}: demand by service line ({demand.population:,} patients; care model {demand.care_model})",
           ["Service id", "Service", "Appointments (per year)", "Attended contacts (per year)",
            "Appointments (per week)", "Clinical hours (per week)", "Main drivers"],
           [[s.service, s.name, round(s.appointments_per_year, 1), round(s.attended_per_year, 1),
             round(s.appointments_per_year / demand.weeks_per_year, 1), round(s.hours_per_week, 2),
             "; ".join(s.drivers)] for s in demand.services()],
           note=f"All staff: {demand.appointments_per_patient_year:.2f} appointments per patient a year, "
                f"{demand.hours_per_week:,.1f} clinical hours a week. GPs could take "
                f"{share.least:.0%}-{share.most:.0%} of appointments under the skill matrix.")
    practices = book.create_sheet("Practices")
    _table(practices, "PracticeDemand", f"{demand.site}: demand by practice and service line",
           ["Practice", "Service id", "Appointments (per year)", "Attended contacts (per year)",
            "Clinical hours (per week)", "Deprivation factor (x)", "DNA rate (share)",
            "Minutes per contact (min)", "Travel per visit (min)"],
           [[x.practice, x.service, round(x.appointments_per_year, 1), round(x.attended_per_year, 1),
             round(x.hours_per_week, 2), round(x.deprivation_factor, 4), x.dna_rate,
             x.minutes_per_contact, round(x.travel_minutes_per_contact, 1)] for x in demand.lines])
    drivers = book.create_sheet("Drivers")
    _table(drivers, "DemandDrivers", f"{demand.site}: what produced each figure (before deprivation and DNA)",
           ["Practice", "Service id", "Driver", "Patients (people)", "Rate (per patient per year)",
            "Contacts (per year)", "Counted as", "Source"],
           [[x.practice, x.service, d.description, round(d.patients, 1), round(d.rate, 5),
             round(d.contacts_per_year, 1), "booked appointments" if d.booked else "contacts delivered", d.source]
            for x in demand.lines for d in x.drivers])
    bands = book.create_sheet("Age rates")
    _table(bands, "AgeRates", f"{demand.site}: age/sex appointment rate by care-model age band",
           ["Age band", "Appointments (per person per year)"],
           [[band, round(rate, 3)] for band, rate in demand.band_rates])
    return book


def _table(sheet: Worksheet, name: str, title: str, headers: Sequence[str], rows: list[list[Any]],
           note: str = "") -> None:
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=13)
    if note:
        sheet["A2"] = note
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=HEADER_ROW, column=column, value=header).font = Font(bold=True)
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=HEADER_ROW + offset, column=column, value=value)
    last = HEADER_ROW + max(len(rows), 1)
    ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{last}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    for column, header in enumerate(headers, start=1):
        width = max([len(str(header))] + [min(len(str(r[column - 1])), 60) for r in rows[:200]])
        sheet.column_dimensions[get_column_letter(column)].width = width + 2

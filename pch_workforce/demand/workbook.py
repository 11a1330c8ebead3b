"""The demand workbook: one Excel table per sheet, title in A1, units in the headers.

Builds an openpyxl Workbook in memory; saving (atomically) is the caller's job.
"""

from __future__ import annotations

from openpyxl.workbook.workbook import Workbook

from pch_workforce.care_model import CareModel
from pch_workforce.demand.summary import gp_share_bounds
from pch_workforce.demand.types import Demand
from pch_workforce.excel.tables import finish_book, new_book, write_rows


def demand_workbook(demand: Demand, care_model: CareModel) -> Workbook:
    book = new_book()
    share = gp_share_bounds(demand, care_model)
    write_rows(book, "Services", "ServiceDemand",
               f"{demand.site}: demand by service line ({demand.population:,} patients; "
               f"care model {demand.care_model})",
               ["Service id", "Service", "Appointments (per year)", "Attended contacts (per year)",
                "Appointments (per week)", "Clinical hours (per week)", "Main drivers"],
               [[s.service, s.name, round(s.appointments_per_year, 1), round(s.attended_per_year, 1),
                 round(s.appointments_per_year / demand.weeks_per_year, 1), round(s.hours_per_week, 2),
                 "; ".join(s.drivers)] for s in demand.services()],
               note=f"All staff: {demand.appointments_per_patient_year:.2f} appointments per patient a year, "
                    f"{demand.hours_per_week:,.1f} clinical hours a week. GPs could take "
                    f"{share.least:.0%}-{share.most:.0%} of appointments under the skill matrix.")
    write_rows(book, "Practices", "PracticeDemand", f"{demand.site}: demand by practice and service line",
               ["Practice", "Service id", "Appointments (per year)", "Attended contacts (per year)",
                "Clinical hours (per week)", "Deprivation factor (x)", "DNA rate (share)",
                "Minutes per contact (min)", "Travel per visit (min)"],
               [[x.practice, x.service, round(x.appointments_per_year, 1), round(x.attended_per_year, 1),
                 round(x.hours_per_week, 2), round(x.deprivation_factor, 4), x.dna_rate,
                 x.minutes_per_contact, round(x.travel_minutes_per_contact, 1)] for x in demand.lines])
    write_rows(book, "Drivers", "DemandDrivers",
               f"{demand.site}: what produced each figure (before deprivation and DNA)",
               ["Practice", "Service id", "Driver", "Patients (people)", "Rate (per patient per year)",
                "Contacts (per year)", "Counted as", "Source"],
               [[x.practice, x.service, d.description, round(d.patients, 1), round(d.rate, 5),
                 round(d.contacts_per_year, 1), "booked appointments" if d.booked else "contacts delivered", d.source]
                for x in demand.lines for d in x.drivers])
    write_rows(book, "Age rates", "AgeRates", f"{demand.site}: age/sex appointment rate by care-model age band",
               ["Age band", "Appointments (per person per year)"],
               [[band, round(rate, 3)] for band, rate in demand.band_rates])
    finish_book(book, title=f"{demand.site}: demand", subject="Primary Care Home demand",
                keywords="NHS; Primary Care Home; demand")
    return book

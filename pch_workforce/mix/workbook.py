"""The mix workbook: one Excel table per sheet, title in A1, units in the headers.

Builds an openpyxl Workbook in memory; saving (atomically, never over an input) is the caller's job.
"""

from __future__ import annotations

from openpyxl.workbook.workbook import Workbook

from pch_workforce.mix.result import Mix
from pch_workforce.excel.tables import finish_book, new_book, write_rows


def mix_workbook(mix: Mix) -> Workbook:
    book = new_book()
    write_rows(book, "Roles", "MixRoles", f"{mix.site}: recommended team ({mix.population:,} patients)",
               ["Role id", "Role", "Staff group", "Sessions (per week)", "FTE (FTE)", "Existing (FTE)", "Max (FTE)",
                "Cost per FTE (£ per year)", "Cost (£ per year)", "ARRS reimbursement (£ per year)",
                "Budget pays (£ per year)", "Clinical hours (per week)", "Allocated hours (per week)",
                "Supervision hours (per week)"],
               [[r.role, r.name, r.staff_group, r.sessions, round(r.fte, 3), r.existing_fte, r.max_fte,
                 round(r.annual_cost_per_fte, 2), round(r.cost_per_year, 2), round(r.arrs_reimbursement_per_year, 2),
                 round(r.budget_cost_per_year, 2), round(r.clinical_hours_per_week, 2),
                 round(r.allocated_hours_per_week, 2), round(r.supervision_hours_per_week, 2)] for r in mix.roles],
               note=f"Budget pays £{mix.cost_per_year:,.0f} of £{mix.workforce_budget_per_year:,.0f} a year for the "
                    f"workforce; status {mix.report.status.value.upper()}.")
    write_rows(book, "Services", "MixServices", f"{mix.site}: demand, cover and unmet demand by service line",
               ["Service id", "Service", "Priority weight (x)", "Demand (contacts per week)", "Demand (hours per week)",
                "Unmet (contacts per week)", "Unmet (hours per week)", "Weighted unmet (hours per week)", "Why unmet"],
               [[s.service, s.name, s.priority_weight, round(s.demand_contacts_per_week, 2),
                 round(s.demand_hours_per_week, 2), round(s.unmet_contacts_per_week, 2),
                 round(s.unmet_hours_per_week, 2),
                 round(s.weighted_unmet_hours_per_week, 2), "; ".join(s.why_unmet)] for s in mix.services])
    write_rows(book, "Allocation", "MixAllocation", f"{mix.site}: who delivers what",
               ["Service id", "Role id", "Contacts (per week)", "Hours (per week)"],
               [[a.service, a.role, round(a.contacts_per_week, 2), round(a.hours_per_week, 2)]
                for a in mix.allocations])
    write_rows(book, "Binding", "MixBinding", f"{mix.site}: rules that hold the plan where it is",
               ["Constraint", "Rule", "Subject", "In words"],
               [[b.name, b.rule, b.subject, b.detail] for b in mix.binding])
    write_rows(book, "Marginal values", "MixMarginals",
               f"{mix.site}: what one step more would change (whole problem re-solved)",
               ["Change", "Subject", "Weighted unmet change (hours per week)", "Unmet change (hours per week)",
                "Budget cost change (£ per year)", "Status"],
               [[m.change, m.subject, round(m.delta_weighted_unmet_hours_per_week, 3),
                 round(m.delta_unmet_hours_per_week, 3), round(m.delta_budget_cost_per_year, 2),
                 m.status.value.upper()] for m in mix.marginals])
    report = mix.report
    write_rows(book, "Solve", "MixSolve", f"{mix.site}: solver report ({report.solver})",
               ["Stage", "Objective unit", "Status", "Objective", "Best bound", "Solve time (s)"],
               [[s.stage, s.unit, s.status.value.upper(), s.objective, s.best_bound, round(s.seconds, 4)]
                for s in report.stages],
               note=f"Overall {report.status.value.upper()}; {report.seconds:.3f} s wall for all stages; marginal "
                    f"re-solves {report.marginal_seconds:.3f} s.")
    finish_book(book, title=f"{mix.site}: staff mix", subject="Primary Care Home staff mix",
                keywords="NHS; Primary Care Home; workforce; skill mix")
    return book

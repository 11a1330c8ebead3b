"""The Budget sheets: what each role costs and who pays, and each practice's share for risk/reward."""

from __future__ import annotations

from openpyxl.workbook.workbook import Workbook

from pch_workforce.plan.kpis import Budget, shares
from pch_workforce.plan.model import Plan
from pch_workforce.plan.workbook.front import note
from pch_workforce.plan.workbook.tables import FTE, GBP, HOURS, COUNT, SHARE, Column, TableSpec, write_table


def write_budget(book: Workbook, plan: Plan) -> list[TableSpec]:
    specs = [_roles(plan), _practices(plan)]
    for spec in specs:
        write_table(book, spec)
    return specs


def pay_share(plan: Plan, role: str) -> float:
    """Pay's share of the care model's cost per FTE (salary over salary plus on-costs)."""
    spec = plan.loaded.care_model.roles[role]
    return spec.pay.salary.value / spec.annual_cost.value


def _roles(plan: Plan) -> TableSpec:
    mix, scenario = plan.mix, plan.loaded.scenario
    budget = Budget(mix.workforce_budget_per_year, mix.cost_per_year, mix.population)
    plans = {r.role: r for r in scenario.roles}
    rows = []
    for r in mix.roles:
        role_plan = plans.get(r.role)
        pay = r.cost_per_year * pay_share(plan, r.role)
        rows.append([r.role, r.name, r.fte, r.annual_cost_per_fte, pay, r.cost_per_year - pay, r.cost_per_year,
                     "Yes" if role_plan and role_plan.arrs_eligible else "No", r.arrs_reimbursement_per_year,
                     "Yes" if r.budget_pays else "No", r.budget_cost_per_year])
    return TableSpec(
        sheet="Budget", name="BudgetByRole", title=f"{mix.site}: workforce cost by role",
        contents="Pay, on-costs, ARRS reimbursement and what the budget pays, by role; headroom and cost per patient",
        description=(
            f"Workforce budget available £{budget.available_per_year:,.0f} a year "
            f"({scenario.site.workforce_share:.0%} of the £{scenario.site.capitated_budget_per_year:,.0f} "
            f"capitated budget); used £{budget.used_per_year:,.0f}; headroom £{budget.headroom_per_year:,.0f}; "
            f"£{budget.cost_per_patient_per_year or 0:,.2f} per registered patient a year.",
            f"Pay and on-costs {note('pay')}; ARRS {note('arrs')}. Budget pays = pay and on-costs less ARRS, "
            "for roles the capitated budget pays.",
        ),
        columns=(Column("Role id", max_width=30), Column("Role", max_width=30), Column("Planned (FTE)", FTE),
                 Column("Cost per FTE (£ per year)", GBP), Column("Pay (£ per year)", GBP),
                 Column("On-costs (£ per year)", GBP), Column("Pay and on-costs (£ per year)", GBP),
                 Column("ARRS eligible", max_width=9), Column("ARRS reimbursement (£ per year)", GBP),
                 Column("Paid from the capitated budget", max_width=12), Column("Budget pays (£ per year)", GBP)),
        rows=rows, freeze_columns=2)


def _practices(plan: Plan) -> TableSpec:
    mix, scenario = plan.mix, plan.loaded.scenario
    budget = Budget(mix.workforce_budget_per_year, mix.cost_per_year, mix.population)
    lists = shares((p.code, p.list_size) for p in scenario.practices)
    hours = {p.practice: p.hours_per_week for p in plan.demand.practices()}
    by_demand = shares((p.code, hours.get(p.code, 0.0)) for p in scenario.practices)
    return TableSpec(
        sheet="Risk share", name="RiskShareByPractice", title=f"{mix.site}: each practice's share for risk and reward",
        contents="Each practice's share of the budget used and of the headroom, by list size (demand share beside it)",
        description=(
            f"Shares are by registered list size {note('risk_share')}: budget used £{budget.used_per_year:,.0f} "
            f"and headroom £{budget.headroom_per_year:,.0f} a year, split by list.",
        ),
        columns=(Column("Practice code", max_width=10), Column("Practice", max_width=28),
                 Column("Registered patients", COUNT), Column("Share of list (per cent)", SHARE),
                 Column("Budget used, by list share (£ per year)", GBP),
                 Column("Headroom, by list share (£ per year)", GBP),
                 Column("Demand (hours per week)", HOURS), Column("Share of demand hours (per cent)", SHARE),
                 Column("Budget used, by demand share (£ per year)", GBP)),
        rows=[[p.code, p.name, p.list_size, lists[p.code], budget.used_per_year * lists[p.code],
               budget.headroom_per_year * lists[p.code], hours.get(p.code, 0.0), by_demand[p.code],
               budget.used_per_year * by_demand[p.code]] for p in scenario.practices],
        freeze_columns=2)

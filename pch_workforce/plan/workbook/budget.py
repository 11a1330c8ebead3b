"""The Budget sheets: what each role costs and who pays, where the money comes from (income streams and
the ARRS envelope), and each practice's share for risk/reward."""

from __future__ import annotations

from openpyxl.workbook.workbook import Workbook

from pch_workforce.budget import site_income
from pch_workforce.mix.result import RoleMix
from pch_workforce.plan.kpis import Budget, shares
from pch_workforce.plan.model import Plan
from pch_workforce.plan.workbook.front import note
from pch_workforce.excel.tables import FTE, GBP, HOURS, COUNT, SHARE, Column, TableSpec, write_table


def write_budget(book: Workbook, plan: Plan) -> list[TableSpec]:
    specs = [_roles(plan), _income(plan), _practices(plan)]
    for spec in specs:
        write_table(book, spec)
    return specs


def pay_share(plan: Plan, role: str) -> float:
    """Pay's share of the care model's cost per FTE (salary over salary plus on-costs)."""
    spec = plan.loaded.care_model.roles[role]
    return spec.pay.salary.value / spec.annual_cost.value


def payers_text(role: RoleMix) -> str:
    """Who pays for a role, in words: "site 50%, mental health trust 50%"."""
    return ", ".join(f"{f.payer} {f.share:.0%}" for f in role.funding) or "site 100%"


def _roles(plan: Plan) -> TableSpec:
    mix, scenario = plan.mix, plan.loaded.scenario
    budget = Budget(mix.workforce_budget_per_year, mix.cost_per_year, mix.population)
    plans = {r.role: r for r in scenario.roles}
    rows = []
    for r in mix.roles:
        role_plan = plans.get(r.role)
        pay = r.cost_per_year * pay_share(plan, r.role)
        rows.append([r.role, r.name, r.fte, role_plan.pay_point.value if role_plan else "middle",
                     r.annual_cost_per_fte, pay, r.cost_per_year - pay, r.cost_per_year, payers_text(r),
                     r.others_cost_per_year, "Yes" if role_plan and role_plan.arrs_eligible else "No",
                     r.arrs_baseline_fte, r.arrs_reimbursement_per_year, r.budget_cost_per_year, r.cost_basis])
    arrs = mix.arrs
    arrs_line = (f"ARRS envelope £{arrs.envelope_per_year:,.0f} a year; claimed £{arrs.claimed_per_year:,.0f}; "
                 f"unclaimed and lost £{arrs.unclaimed_per_year:,.0f} {note('arrs')}." if arrs else
                 f"No role is ARRS eligible {note('arrs')}.")
    return TableSpec(
        sheet="Budget", name="BudgetByRole", title=f"{mix.site}: workforce cost by role",
        contents="Pay, on-costs, payers, ARRS reimbursement and what the budget pays, by role; headroom, cost per "
                 "patient and the ARRS envelope",
        description=(
            f"Prices for {mix.plan_financial_year}" + (f": {mix.price_note}." if mix.price_note else
                                                        f", the care model's price year {note('pay')}."),
            f"Workforce budget available £{budget.available_per_year:,.0f} a year "
            f"({scenario.site.workforce_share:.0%} of the £{mix.capitated_budget_per_year:,.0f} "
            f"capitated budget, Income sheet); used £{budget.used_per_year:,.0f}; headroom "
            f"£{budget.headroom_per_year:,.0f}; £{budget.cost_per_patient_per_year or 0:,.2f} per registered "
            "patient a year.",
            arrs_line,
            f"Other payers pay £{mix.others_cost_per_year:,.0f} a year for their shares {note('payers')}. Budget "
            "pays = the site's share of pay and on-costs less ARRS reimbursement.",
        ),
        columns=(Column("Role id", max_width=30), Column("Role", max_width=30),
                 Column("Planned (FTE)", FTE, summed=True), Column("Pay point", max_width=8),
                 Column("Cost per FTE (£ per year)", GBP), Column("Pay (£ per year)", GBP, summed=True),
                 Column("On-costs (£ per year)", GBP, summed=True),
                 Column("Pay and on-costs (£ per year)", GBP, summed=True),
                 Column("Payers", max_width=30), Column("Other payers pay (£ per year)", GBP, summed=True),
                 Column("ARRS eligible", max_width=9), Column("ARRS baseline (FTE)", FTE, summed=True),
                 Column("ARRS reimbursement (£ per year)", GBP, summed=True),
                 Column("Budget pays (£ per year)", GBP, summed=True),
                 Column("How the cost per FTE was worked out", max_width=90)),
        rows=rows, freeze_columns=2, total=("Total", "All roles"))


def _income(plan: Plan) -> TableSpec:
    """Each income stream with its quantity, rate and source; the ARRS envelope as its own pot."""
    mix, scenario = plan.mix, plan.loaded.scenario
    income = site_income(scenario, plan.loaded.care_model)
    rows: list[list[object]] = [[line.name, "capitated budget", line.quantity, line.unit, line.rate,
                                 line.amount_per_year, line.source] for line in income.lines]
    if not income.from_streams:
        rows.append(["Capitated budget (one figure)", "capitated budget", 1, "budget", income.total_per_year,
                     income.total_per_year, "Site sheet: capitated budget"])
    rows.append(["ARRS envelope", "ARRS (a separate pot)", income.weighted_list, "weighted patient",
                 income.arrs_rate, income.arrs_envelope_per_year,
                 f"quantity: {income.weighted_list_source}; rate: {income.arrs_rate_source}"])
    return TableSpec(
        sheet="Income", name="IncomeStreams", title=f"{mix.site}: where the money comes from",
        contents="The capitated budget's income streams (or its one figure) and the ARRS envelope, with sources",
        description=(
            f"Capitated budget £{income.total_per_year:,.0f} a year"
            + (f" from {len(income.lines)} income streams" if income.from_streams
               else " (one figure on the Site sheet)")
            + f"; {scenario.site.workforce_share:.0%} of it pays for the workforce.",
            f"The ARRS envelope is not part of the capitated budget: claims against it reduce what ARRS roles cost "
            f"the site {note('arrs')}.",
        ),
        columns=(Column("Stream", max_width=34), Column("Pot", max_width=22), Column("Quantity", COUNT),
                 Column("Unit", max_width=30), Column("Rate (£ per unit a year)", '"£"#,##0.000'),
                 Column("Amount (£ per year)", GBP), Column("Source", max_width=90)),
        rows=rows, freeze_columns=1)


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
                 Column("Registered patients", COUNT, summed=True), Column("Share of list (per cent)", SHARE),
                 Column("Budget used, by list share (£ per year)", GBP, summed=True),
                 Column("Headroom, by list share (£ per year)", GBP, summed=True),
                 Column("Demand (hours per week)", HOURS, summed=True),
                 Column("Share of demand hours (per cent)", SHARE),
                 Column("Budget used, by demand share (£ per year)", GBP, summed=True)),
        rows=[[p.code, p.name, p.list_size, lists[p.code], budget.used_per_year * lists[p.code],
               budget.headroom_per_year * lists[p.code], hours.get(p.code, 0.0), by_demand[p.code],
               budget.used_per_year * by_demand[p.code]] for p in scenario.practices],
        freeze_columns=2, total=("Total", "All practices"))

"""The Trajectory sheets: the team year by year, with line charts, and every role's flows.

Trajectory: one row per case and year (the central case first: the charts plot its rows), with
the team, need met and unmet, cost against budget and the rules at their limit; line charts of FTE
by role per year (from a year x role table below it), of cost against budget and of need against met.
Trajectory flows: per year and role, in post, hires decided, arrivals, leavers, trainees.
"""

from __future__ import annotations

from openpyxl.chart import LineChart, Reference
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pch_workforce.excel.front import Note, write_contents, write_cover, write_notes
from pch_workforce.excel.tables import (
    COUNT,
    FTE,
    GBP,
    HOURS,
    Column,
    TableSpec,
    fill_table,
    finish_book,
    new_book,
    write_table,
)
from pch_workforce.scenario.loader import LoadedScenario
from pch_workforce.trajectory.inputs import CENTRAL
from pch_workforce.trajectory.run import TrajectoryRun

SHEET = "Trajectory"
FLOWS = "Trajectory flows"


def write_trajectory(book: Workbook, run: TrajectoryRun, role_names: dict[str, str]) -> list[TableSpec]:
    """Add both sheets (or, when the central case has no plan, one that says why); returns their specs."""
    if not run.central.years:
        blocked = TableSpec(
            sheet=SHEET, name="TrajectoryBlocked", title=f"{run.site}: no team meets the hard rules every year",
            contents="Why the years ahead have no plan, and what single change would allow one",
            columns=(Column("Case", max_width=9), Column("What blocks it", max_width=110)),
            rows=[[case, reason] for case, reasons in run.reasons.items() for reason in reasons], freeze=False)
        write_table(book, blocked)
        return [blocked]
    years_spec = _years(run)
    placed = write_table(book, years_spec)
    central = len(run.central.years)
    sheet = placed.sheet
    header = placed.last_row + 3
    sheet.cell(row=header - 1, column=1, value="What one more would buy over the years (exact re-solves)")
    values = fill_table(sheet, _marginals(run), header)
    by_role = _fte_by_role(run, role_names)
    header = values.last_row + 3
    sheet.cell(row=header - 1, column=1, value="FTE by role each year, central case (the chart's data)")
    table = fill_table(sheet, by_role, header)
    _line_chart(sheet, "FTE by role each year (central case)", "FTE", min_col=2, max_col=len(by_role.columns),
                header_row=table.header_row, last_row=table.last_row, anchor=f"A{table.last_row + 3}")
    headers = [c.header for c in years_spec.columns]
    cost_col = headers.index("Cost to the budget (£ per year)") + 1
    _line_chart(sheet, "Cost against the workforce budget (central case)", "£ a year", min_col=cost_col,
                max_col=cost_col + 1, header_row=placed.header_row, last_row=placed.header_row + central,
                anchor=f"J{table.last_row + 3}", categories=2)
    need_col = headers.index("Clinical hours needed (per week)") + 1
    _line_chart(sheet, "Clinical hours needed against met (central case)", "hours a week", min_col=need_col,
                max_col=need_col + 1, header_row=placed.header_row, last_row=placed.header_row + central,
                anchor=f"A{table.last_row + 28}", categories=2)
    flows = _flows(run, role_names)
    write_table(book, flows)
    return [years_spec, flows]


def _years(run: TrajectoryRun) -> TableSpec:
    rows = []
    for name, case in [(CENTRAL, run.central), *((n, c) for n, c in run.cases.items() if n != CENTRAL)]:
        for y in case.years:
            rows.append([name, y.year, y.population, y.demand_hours_per_week,
                         y.demand_hours_per_week - y.unmet_hours_per_week, y.unmet_hours_per_week,
                         sum(y.fte_by_role.values()), sum(y.hires_by_role.values()), sum(y.leavers_by_role.values()),
                         sum(y.qualifying_by_role.values()), y.cost_per_year, y.budget_per_year,
                         y.arrs_claimed_per_year, ", ".join(y.binding) or "none"])
    return TableSpec(
        sheet=SHEET, name="TrajectoryYears", title=f"{run.site}: the team year by year",
        contents="Each financial year and case: team, need met and unmet, cost against budget, the rules at "
                 "their limit; line charts of FTE by role and of cost against budget",
        description=("Central case first (the charts plot it), then the low and high cases (population growth "
                     "and leaver rates from the care model's factors). Hires are those decided in the year; they "
                     "are in post after the role's lead time, so the last year plans none (they would arrive "
                     "after it).",),
        columns=(Column("Case", max_width=9), Column("Financial year", max_width=10),
                 Column("Registered patients", COUNT), Column("Clinical hours needed (per week)", HOURS),
                 Column("Met (hours per week)", HOURS), Column("Unmet (hours per week)", HOURS),
                 Column("Team (FTE)", FTE), Column("Hires decided (FTE)", FTE), Column("Leavers (FTE)", FTE),
                 Column("Trainees qualifying (FTE)", FTE), Column("Cost to the budget (£ per year)", GBP),
                 Column("Workforce budget (£ per year)", GBP), Column("ARRS claimed (£ per year)", GBP),
                 Column("Rules at their limit", max_width=60)),
        rows=rows, freeze=False)


def _marginals(run: TrajectoryRun) -> TableSpec:
    return TableSpec(
        sheet=SHEET, name="TrajectoryMarginals", title="", contents="",
        columns=(Column("Change", max_width=50),
                 Column("Weighted unmet contacts a week, summed over the years (change)", HOURS),
                 Column("Cost to the budget, summed over the years (change, £)", GBP)),
        rows=[[m.change, m.delta_weighted_unmet_contacts_per_week, m.delta_budget_cost] for m in run.marginals],
        empty="No marginal value (no central plan)", freeze=False)


def _fte_by_role(run: TrajectoryRun, role_names: dict[str, str]) -> TableSpec:
    years = run.central.years
    roles = list(years[0].fte_by_role) if years else []
    return TableSpec(
        sheet=SHEET, name="TrajectoryFteByRole", title="", contents="",
        columns=(Column("Year", max_width=10),
                 *(Column(f"{role_names.get(r, r)} (FTE)", FTE, max_width=14) for r in roles)),
        rows=[[y.year, *(y.fte_by_role[r] for r in roles)] for y in years], freeze=False)


def _flows(run: TrajectoryRun, role_names: dict[str, str]) -> TableSpec:
    rows = []
    for y in run.central.years:
        for role, fte in y.fte_by_role.items():
            rows.append([y.year, role_names.get(role, role), fte, y.hires_by_role[role], y.arrivals_by_role[role],
                         y.leavers_by_role[role], y.qualifying_by_role[role], y.reductions_by_role[role]])
    return TableSpec(
        sheet=FLOWS, name="TrajectoryFlows", title=f"{run.site}: staff flows by role and year (central case)",
        contents="Per year and role: in post, hires decided, arrivals, leavers, trainees qualifying, reductions",
        description=("In post this year = last year's - leavers + arrivals + trainees qualifying - reductions "
                     "(reductions only where the Site allows redundancies). FTE are expected values: a leaver rate "
                     "of 8.8% leaves 0.088 of each FTE.",),
        columns=(Column("Financial year", max_width=10), Column("Role", max_width=30), Column("In post (FTE)", FTE),
                 Column("Hires decided (FTE)", FTE), Column("Arrivals (FTE)", FTE), Column("Leavers (FTE)", FTE),
                 Column("Trainees qualifying (FTE)", FTE), Column("Reductions (FTE)", FTE)),
        rows=rows, freeze_columns=2)


def _line_chart(sheet: Worksheet, title: str, axis: str, min_col: int, max_col: int, header_row: int,
                last_row: int, anchor: str, categories: int = 1) -> None:
    chart = LineChart()
    chart.title = title
    chart.y_axis.title = axis
    chart.x_axis.title = "Financial year"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.add_data(Reference(sheet, min_col=min_col, max_col=max_col, min_row=header_row, max_row=last_row),
                   titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=categories, min_row=header_row + 1, max_row=last_row))
    chart.legend.position = "r"
    chart.width, chart.height = 24, 12
    sheet.add_chart(chart, anchor)


NOTES = (Note("values", "Every figure is a value worked out by pch-workforce, not a formula."),)


def trajectory_workbook(run: TrajectoryRun, loaded: LoadedScenario) -> Workbook:
    """`trajectory -o`: the two sheets behind a cover, contents and notes."""
    book = new_book()
    role_names = {rid: r.name for rid, r in loaded.care_model.roles.items()}
    specs = write_trajectory(book, run, role_names)
    write_cover(book, f"{run.site}: workforce trajectory", [
        ("What this workbook is",
         f"The team {run.site} needs each financial year from today's staff: hires, leavers and trainees by role, "
         "need met and unmet, and cost against each year's budget, with low and high cases beside the central one."),
        ("How it was made",
         "Each year is a whole staff mix (that year's demand, prices, budget and ARRS envelope) linked by the staff "
         "in post; unmet need over all years is minimised first, then cost (HiGHS via OR-Tools MathOpt). Growth, "
         "leaver rates, lead times and uplifts are the care model's sourced defaults unless the scenario's "
         "Trajectory and Pipeline sheets give the site's own."),
    ])
    write_notes(book, NOTES, name="Notes")
    write_contents(book, [("Notes", "What the numbered notes say")] + [(s.sheet, s.contents) for s in specs])
    for index, name in enumerate(("Cover", "Contents", "Notes")):
        book.move_sheet(name, offset=index - book.sheetnames.index(name))
    finish_book(book, title=f"{run.site}: workforce trajectory", subject="Primary Care Home workforce trajectory",
                keywords="NHS; Primary Care Home; workforce; trajectory; recruitment; leavers")
    return book

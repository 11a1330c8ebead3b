"""Scenarios or plans side by side: population, demand, mix, cost and coverage, with the differences.

A plan workbook is read back from its own headline table (so comparing plans never re-solves);
a scenario workbook runs demand and the mix (not the rota), giving the same rows without the rota
ones. A scenario with no feasible mix still gets its column: its site, demand and budget, marked
infeasible, with what blocks it and the money the least-cost team lacks. Rows are matched on
(section, measure); differences are against the first workbook.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.workbook.workbook import Workbook

from pch_workforce.demand import compute_demand
from pch_workforce.demand.types import Demand
from pch_workforce.errors import InfeasiblePlanError
from pch_workforce.mix import mix_input_from_demand, solve_mix
from pch_workforce.mix.problem import problem_from_inputs
from pch_workforce.mix.stage import SHORTFALL_LEAD
from pch_workforce.excel.front import Note, write_contents, write_cover, write_notes
from pch_workforce.compare_findings import findings
from pch_workforce.plan.workbook.summary import (
    BLOCKED_BY,
    BUDGET,
    HEADERS,
    LEGACY_SHEET,
    MIX_STATUS,
    SHEET,
    SHORTFALL,
    SOLVER,
    Headline,
    budget_inputs,
    scenario_headlines,
    site_headlines,
)
from pch_workforce.excel.tables import (
    COUNT,
    DECIMAL,
    FTE,
    GBP,
    GENERAL,
    HOURS,
    NOT_AVAILABLE,
    SHARE,
    Column,
    Styled,
    TableSpec,
    finish_book,
    new_book,
    write_table,
)
from pch_workforce.scenario.loader import LoadedScenario, load_scenario
from pch_workforce.scenario.workbook_file import SheetValues, open_workbook

PLAN = "plan"
SCENARIO = "scenario"
INFEASIBLE = "INFEASIBLE"
MISSING = NOT_AVAILABLE

UNIT_FORMATS = {"£ per year": GBP, "per cent": SHARE, "FTE": FTE, "hours per week": HOURS,
                "contacts per week": HOURS, "visits per week": HOURS, "£ per patient per year": DECIMAL,
                "appointments per patient per year": DECIMAL, "appointments per year": COUNT,
                "patients per FTE": COUNT, "patients per GP FTE": COUNT, "patients": COUNT}


@dataclass(frozen=True)
class Compared:
    """One workbook in the comparison and its headline figures."""

    label: str
    path: Path
    kind: str  # PLAN or SCENARIO
    headlines: tuple[Headline, ...]

    def value(self, key: tuple[str, str]) -> Any:
        return next((h.value for h in self.headlines if h.key == key), None)

    @property
    def feasible(self) -> bool:
        return self.value((SOLVER, MIX_STATUS)) != INFEASIBLE

    @property
    def column(self) -> str:
        """The column header: the label, marked when the scenario has no feasible mix."""
        return self.label if self.feasible else f"{self.label} (no feasible mix)"

    @property
    def site(self) -> str:
        return str(self.value(("Site", "Site")) or MISSING)


def read_plan_summary(sheet: SheetValues) -> list[Headline] | None:
    """The Summary table of a plan workbook, or None if ``sheet`` does not hold one."""
    for index, row in enumerate(sheet.rows):
        if tuple(row[:4]) == HEADERS:
            headlines = []
            for values in sheet.rows[index + 1:]:
                section, measure, value, unit = (tuple(values) + (None,) * 4)[:4]
                if section is None:
                    break
                headlines.append(Headline(str(section), str(measure), value, str(unit or "")))
            return headlines
    return None


def load_compared(path: Path, label: str) -> Compared:
    """Read a plan workbook's headline table, or run demand and the mix for a scenario workbook (an
    infeasible mix gives a column marked so, never an abandoned comparison)."""
    sheets = open_workbook(path)
    for name in (SHEET, LEGACY_SHEET):
        headlines = read_plan_summary(sheets[name]) if name in sheets else None
        if headlines is not None:
            return Compared(label, path, PLAN, tuple(headlines))
    loaded = load_scenario(path)
    demand = compute_demand(loaded.scenario, loaded.care_model)  # load_scenario checked bands and practices
    try:
        mix = solve_mix(loaded.scenario, loaded.care_model, mix_input_from_demand(demand))
    except InfeasiblePlanError as error:
        return Compared(label, path, SCENARIO, tuple(infeasible_headlines(loaded, demand, error)))
    return Compared(label, path, SCENARIO,
                    tuple(scenario_headlines(loaded.scenario, loaded.care_model, demand, mix)))


def infeasible_headlines(loaded: LoadedScenario, demand: Demand, error: InfeasiblePlanError) -> list[Headline]:
    """What a scenario with no feasible mix still has: its site, demand and budget, the money the
    least-cost team lacks ([x] when money is not what blocks it) and the reasons in words."""
    scenario, care_model = loaded.scenario, loaded.care_model
    problem = problem_from_inputs(scenario, care_model, mix_input_from_demand(demand))
    shortfall = MISSING if error.shortfall_per_year is None else error.shortfall_per_year
    return [
        *site_headlines(scenario, care_model, demand),
        *budget_inputs(problem.plan_financial_year, problem.capitated_budget_per_year, problem.workforce_share,
                       problem.workforce_budget_per_year),
        Headline(BUDGET, SHORTFALL, shortfall, "£ per year", GBP),
        Headline(SOLVER, MIX_STATUS, INFEASIBLE, "status"),
        Headline(SOLVER, BLOCKED_BY, "; ".join(r for r in error.reasons if not r.startswith(SHORTFALL_LEAD)),
                 "reasons"),
    ]


def labels_for(paths: Sequence[Path]) -> list[str]:
    """Short unique column labels: the file name without .xlsx, numbered when two files share one."""
    labels: list[str] = []
    for path in paths:
        label, n = Path(path).stem, 2
        while label in labels:
            label, n = f"{Path(path).stem} ({n})", n + 1
        labels.append(label)
    return labels


def difference(first: Any, other: Any) -> Any:
    """other - first for two numbers, "same"/"differs" for words, [x] when either is missing."""
    if first is None or other is None or MISSING in (first, other):
        return MISSING
    numeric = (int, float)
    if isinstance(first, numeric) and isinstance(other, numeric) and not isinstance(first, bool):
        return other - first
    return "same" if first == other else "differs"


def comparison_rows(items: Sequence[Compared]) -> tuple[list[Column], list[list[Any]]]:
    """Section, measure, unit, one value column per workbook, one difference column per later workbook."""
    keys: list[tuple[str, str]] = []
    units: dict[tuple[str, str], str] = {}
    for item in items:
        for h in item.headlines:
            if h.key not in units:
                keys.append(h.key)
                units[h.key] = h.unit
    first = items[0]
    columns = [Column("Section", max_width=22), Column("Measure", max_width=44), Column("Unit", max_width=30)]
    columns += [Column(item.column, max_width=20 if item.feasible else 60) for item in items]
    columns += [Column(f"{item.label} less {first.label}", max_width=20) for item in items[1:]]
    rows = []
    for key in keys:
        fmt = UNIT_FORMATS.get(units[key], COUNT if _all_int(items, key) else DECIMAL)
        values = [item.value(key) for item in items]
        cells = [Styled(MISSING if v is None else v, fmt if isinstance(v, (int, float)) else GENERAL)
                 for v in values]
        diffs = [difference(values[0], v) for v in values[1:]]
        cells += [Styled(d, fmt if isinstance(d, (int, float)) else GENERAL) for d in diffs]
        rows.append([key[0], key[1], units[key], *cells])
    return columns, rows


def _all_int(items: Sequence[Compared], key: tuple[str, str]) -> bool:
    values = [item.value(key) for item in items]
    return all(isinstance(v, int) or (isinstance(v, float) and v.is_integer()) for v in values if v is not None)


NOTES = (
    Note("missing", "[x] means not available: a scenario has no rota (compare runs demand and the mix only), "
                    "so its rota rows are [x]; a plan made by another version may lack a row."),
    Note("differences", "Differences are each workbook less the first. For words, 'same' or 'differs'. Shares "
                        "differ in percentage points."),
    Note("values", "Every figure is a value, not a formula. Plan figures are read back from each plan's Summary "
                   "sheet; scenario figures are worked out afresh with this version of pch-workforce."),
)


def compare_workbook(items: Sequence[Compared]) -> Workbook:
    """Cover, Contents, Notes, the comparison table and the list of workbooks compared."""
    book = new_book()
    columns, rows = comparison_rows(items)
    first = items[0].label
    specs = [
        TableSpec(sheet="Findings", name="Findings", title="What the comparison shows",
                  contents="Each workbook against the first in sentences: what changed, and why when it runs "
                           "against intuition; an infeasible case with what blocks it and the money it lacks",
                  description=(f"Each workbook against {first}; the figures are in the Comparison table.",),
                  columns=(Column("Workbook", max_width=30), Column("Finding", max_width=110)),
                  rows=[[label, text] for label, text in findings(items)], freeze=False),
        TableSpec(sheet="Comparison", name="Comparison", title="Scenarios and plans side by side",
                  contents="Every headline figure of each workbook, and each one's difference from the first",
                  description=(f"Differences are against {first} [note 2]; [x] means not available [note 1].",),
                  columns=tuple(columns), rows=rows, freeze_columns=2),
        TableSpec(sheet="Workbooks", name="WorkbooksCompared", title="The workbooks compared",
                  contents="Each workbook compared: its label, file, kind (scenario or plan), site and SHA-256",
                  columns=(Column("Label", max_width=30), Column("File", max_width=40), Column("Kind", max_width=9),
                           Column("Site", max_width=40), Column("SHA-256", max_width=66)),
                  rows=[[item.label, item.path.name, item.kind, item.site,
                         hashlib.sha256(item.path.read_bytes()).hexdigest()] for item in items], freeze=False),
    ]
    for spec in specs:
        write_table(book, spec)
    write_cover(book, "pch-workforce comparison", [
        ("What this workbook is",
         "Primary Care Home scenarios or plans side by side: population, demand, budget, team, coverage of need "
         "and (for plans) rota quality, with each one's difference from the first."),
        ("What it compares", "; ".join(f"{item.label} ({item.kind}: {item.site})" for item in items) + "."),
        ("How the figures were made",
         "Plan workbooks: read back from their Summary sheet. Scenario workbooks: demand and the staff mix worked "
         "out afresh (the rota is not run)."),
        ("Contents and notes", "The Contents sheet links to every sheet; the Notes sheet explains [note n]."),
    ])
    write_notes(book, NOTES, name="Notes")
    write_contents(book, [("Notes", "What the numbered notes referred to in titles say")]
                   + [(spec.sheet, spec.contents) for spec in specs])
    for index, name in enumerate(("Cover", "Contents", "Notes")):
        book.move_sheet(name, offset=index - book.sheetnames.index(name))
    finish_book(book, title="pch-workforce comparison", subject="Primary Care Home scenarios compared",
                keywords="NHS; Primary Care Home; workforce; comparison")
    return book


def comparison_lines(items: Sequence[Compared]) -> list[str]:
    """A few headline figures per workbook for the terminal, then the findings in sentences."""
    return _figure_lines(items) + [""] + [text for _, text in findings(items)]


def _figure_lines(items: Sequence[Compared]) -> list[str]:
    keys = [("Population and demand", "Registered patients"), ("Budget", "Workforce budget used"),
            ("Team (FTE by role)", "Whole team"), ("Coverage of need", "Unmet clinical hours")]
    width = max(len(item.label) for item in items) + 2
    lines = [f"{'':<{width}}" + "".join(f"{k[1][:24]:>26}" for k in keys)]
    for item in items:
        cells = []
        for key in keys:
            value = item.value(key)
            cells.append(f"{value:>26,.1f}" if isinstance(value, (int, float)) else f"{MISSING:>26}")
        lines.append(f"{item.label:<{width}}" + "".join(cells)
                     + ("" if item.feasible else "   no feasible mix"))
    return lines

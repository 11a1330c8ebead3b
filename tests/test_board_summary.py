"""The board's page (Summary sheet) and the Cover's plan in brief: sentences whose every figure is on a
sheet, RAG statuses with their thresholds, the in-post against planned chart's table, England's yardstick."""

from __future__ import annotations

import re
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from pch_workforce.plan.board import AMBER, GREEN, RED, _band, board_kpis, board_sentences, group_densities
from pch_workforce.plan.model import Plan
from pch_workforce.rota.report import StoppedBy
from pch_workforce.solve_report import SolveStatus
from tests.plan_workbook_fixture import north_coast_plan, north_coast_workbook

NUMBER = re.compile(r"(?<![\w/])£?(\d[\d,]*(?:\.\d+)?)(%?)(?![\w/])")


@pytest.fixture(scope="module")
def plan() -> Plan:
    return north_coast_plan()


@pytest.fixture(scope="module")
def book() -> Workbook:
    return openpyxl.load_workbook(north_coast_workbook())


def brief_rows(book: Workbook) -> list[tuple[str, str]]:
    sheet = book["Summary"]
    cells = list(sheet[sheet.tables["PlanInBrief"].ref])
    return [(row[0].value, row[1].value) for row in cells[1:]]


def numeric_cells(book: Workbook) -> list[float]:
    """Every number in the workbook outside the sentences themselves (and the Cover, which repeats them)."""
    values = []
    for sheet in book.worksheets:
        if sheet.title == "Cover":
            continue
        for row in sheet.iter_rows(values_only=True):
            values += [float(v) for v in row if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return values


def shown_as(text: str, percent: bool, value: float) -> bool:
    """Whether ``value`` prints as ``text`` (a percentage printed from a fraction)."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    target = float(text.replace(",", ""))
    shown = value * 100 if percent else value
    return round(shown, decimals) == target or abs(shown - target) <= 0.5 * 10 ** -decimals + 1e-9


def test_the_cover_opens_with_the_plan_in_brief(plan: Plan, book: Workbook) -> None:
    cover = [c.value for c in book["Cover"]["A"] if c.value]
    assert cover[1] == "The plan in brief"
    assert cover[2] == " ".join(sentence for _, sentence in board_sentences(plan))
    assert [topic for topic, _ in brief_rows(book)] == ["Team", "Money", "Need", "Estate and access", "Rota"]


def test_every_figure_in_the_sentences_is_on_a_sheet(book: Workbook) -> None:
    """Each number the sentences state matches a number on another sheet (Figures, Mix, Estate, the
    Summary's own tables) as printed; the plan's year (2026/27) is text on the Figures sheet."""
    cells = numeric_cells(book)
    figures = [v for _, text in brief_rows(book) for v in NUMBER.findall(text)]
    assert len(figures) > 20
    missing = [f"{number}{percent}" for number, percent in figures
               if not any(shown_as(number, percent == "%", value) for value in cells)]
    assert missing == []


def test_team_sentence_adds_up_the_team_table(plan: Plan) -> None:
    planned, in_post = sum(r.fte for r in plan.mix.roles), sum(r.existing_fte for r in plan.mix.roles)
    text = dict(board_sentences(plan))["Team"]
    assert text.startswith(f"The plan's team is {planned:,.1f} FTE against {in_post:,.1f} FTE in post")
    gps = sum(r.fte - r.existing_fte for r in plan.mix.roles if r.staff_group == "gp")
    assert f"{abs(gps):,.1f} FTE more GPs" in text
    posts = sum(1 for p in plan.rota.people if p.vacancy)
    assert f"{posts} posts to recruit" in text


def test_rag_bands_by_hand() -> None:
    assert _band(0.96, 0.95, 0.85) == GREEN
    assert _band(0.903, 0.95, 0.85) == AMBER
    assert _band(0.80, 0.95, 0.85) == RED
    assert _band(0, 0, 5.5, higher_is_better=False) == GREEN
    assert _band(5.5, 0, 5.5, higher_is_better=False) == AMBER
    assert _band(6, 0, 5.5, higher_is_better=False) == RED


def test_kpi_table_has_a_status_in_words_and_colour_and_a_threshold(plan: Plan, book: Workbook) -> None:
    sheet = book["Summary"]
    cells = list(sheet[sheet.tables["BoardKpis"].ref])
    headers = [c.value for c in cells[0]]
    assert headers == ["Measure", "Threshold for the status (judgement)", "Value", "Unit", "Status"]
    rows = [{h: c for h, c in zip(headers, row, strict=True)} for row in cells[1:]]
    kpis = board_kpis(plan)
    assert [r["Measure"].value for r in rows] == [k.measure for k in kpis]
    for row in rows:
        assert row["Status"].value in (GREEN, AMBER, RED)
        assert row["Status"].fill.fgColor.rgb.endswith({GREEN: "C6EFCE", AMBER: "FFEB9C", RED: "FFC7CE"}[
            row["Status"].value])
        assert row["Threshold for the status (judgement)"].value
    demand = next(r for r in rows if r["Measure"].value == "Share of demand met")
    share = demand["Value"].value
    assert demand["Status"].value == (GREEN if share >= 0.95 else AMBER if share >= 0.85 else RED)
    assert demand["Value"].number_format == "0.0%"


def test_staff_per_10000_against_england(plan: Plan) -> None:
    rows = {g.staff_group: g for g in group_densities(plan)}
    gps = rows["GPs"]
    assert gps.per_10000 == pytest.approx(gps.planned_fte / plan.demand.population * 10_000)
    assert gps.england_per_10000 == 4.43  # 28,250 FTE fully qualified GPs / 63.79 m patients (May 2025)
    assert sum(g.planned_fte for g in rows.values()) == pytest.approx(sum(r.fte for r in plan.mix.roles))


def test_figures_sheet_keeps_the_headline_table_for_compare(book: Workbook) -> None:
    sheet = book["Figures"]
    (table,) = sheet.tables.values()
    assert table.displayName == "PlanSummary"
    measures = {row[1].value for row in sheet[table.ref][1:]}
    assert {"Rota: stopped by", "Enhanced access, weakest week", "Named staff", "Planned posts",
            "Whole team in post"} <= measures


def _value(book: Workbook, measure: str) -> Any:
    sheet = book["Figures"]
    return next(row[2].value for row in sheet.iter_rows(min_row=4) if row[1].value == measure)


def _says_reproducible(book: Workbook, ended: str) -> None:
    """The Figures sheet and the Cover both say the search ended ``ended``, and that it is reproducible."""
    assert _value(book, "Rota: stopped by") == ended
    cover = [c.value for c in book["Cover"]["A"] if c.value]
    text = cover[cover.index("Reproducing this plan") + 1]
    assert text.startswith(f"The rota search ended: {ended}.")
    assert "gives the same cells on any machine" in text


def test_provenance_on_cover_and_figures_is_the_search_that_ran(plan: Plan, book: Workbook) -> None:
    """The fixture's search ends reproducibly (a proof, or its deterministic limit), and the Cover and the
    Figures say which; the same plan stopped by its deterministic limit before any proof says that."""
    import dataclasses

    from pch_workforce.plan.summary_json import stopped_by
    from pch_workforce.plan.workbook import plan_workbook

    _says_reproducible(book, stopped_by(plan.rota_report))
    limited = plan.rota_report.model_copy(update={"status": SolveStatus.FEASIBLE,
                                                  "stopped_by": StoppedBy.DETERMINISTIC_LIMIT})
    _says_reproducible(plan_workbook(dataclasses.replace(plan, rota_report=limited)),
                       "deterministic limit (reproducible)")


@pytest.mark.parametrize(("update", "ended"), [
    ({"status": SolveStatus.FEASIBLE, "stopped_by": StoppedBy.TIME_LIMIT}, "wall-clock limit (depends on machine speed)"),
    ({"status": SolveStatus.FEASIBLE, "stopped_by": StoppedBy.INTERRUPTED}, "interrupted"),
])
def test_a_search_stopped_by_the_clock_or_ctrl_c_says_so(plan: Plan, update: dict[str, float], ended: str) -> None:
    """Same plan, its report as a wall-clock stop or a Ctrl-C would leave it (the deterministic limit not
    reached): Cover, Summary sentence, RAG row and Figures all say how it ended and that it may differ."""
    import dataclasses

    from pch_workforce.plan.workbook import plan_workbook

    stopped = dataclasses.replace(plan, rota_report=plan.rota_report.model_copy(update=update))
    book = plan_workbook(stopped)
    cover = [c.value for c in book["Cover"]["A"] if c.value]
    reproducing = cover[cover.index("Reproducing this plan") + 1]
    assert reproducing.startswith(f"The rota search ended: {ended}, not the deterministic limit")
    assert "may give a different one" in reproducing
    rota = dict(board_sentences(stopped))["Rota"]
    assert ("wall clock" if "wall" in ended else "interrupted (Ctrl-C)") in rota
    (search,) = [k for k in board_kpis(stopped) if k.measure == "Rota search"]
    assert (search.value, search.status) == (ended, AMBER)
    figures = book["Figures"]
    assert any(row[1].value == "Rota: stopped by" and row[2].value == ended for row in figures.iter_rows(min_row=4))


def test_each_practice_has_its_own_printed_page(plan: Plan, book: Workbook) -> None:
    """Practice pages: one block per practice, a page break after each; its figures agree with the rota."""
    sheet = book["Practice pages"]
    (table,) = sheet.tables.values()
    rows = [[c.value for c in row] for row in sheet[table.ref][1:]]
    practices = [f"{p.code} {p.name}" for p in plan.loaded.scenario.practices]
    assert list(dict.fromkeys(r[0] for r in rows)) == practices
    assert len(sheet.row_breaks.brk) == len(practices) - 1
    first_rows = {r[0]: index for index, r in reversed(list(enumerate(rows)))}
    header = int(table.ref.split(":")[0][1:])
    assert [b.id for b in sheet.row_breaks.brk] == [header + first_rows[p] for p in practices[1:]]
    by = {(r[0], r[1]): r[2] for r in rows}
    for practice in plan.loaded.scenario.practices:
        name = f"{practice.code} {practice.name}"
        assert by[name, "Registered patients"] == practice.list_size
        based = [p for p in plan.rota.people if p.home_practice == practice.code]
        assert by[name, "Planned posts based here"] == sum(1 for p in based if p.vacancy)
    rota = plan.rota_report.rota
    problem = plan.rota.problem
    total = sum(problem.shift_by_id[a.shift_id].length_minutes / 60 for a in rota.assignments
                if problem.shift_by_id[a.shift_id].clinical) / (len(plan.rota.dates) // 7)
    assert sum(v for (_, m), v in by.items() if m == "Clinical hours rostered here") == pytest.approx(total)

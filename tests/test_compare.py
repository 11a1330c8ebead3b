"""`pch-workforce compare`: scenarios and plan workbooks side by side, read back with openpyxl."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pch_workforce.cli import main
from pch_workforce.compare import MISSING, PLAN, SCENARIO, difference, labels_for, load_compared
from pch_workforce.plan.workbook.summary import plan_headlines
from tests.plan_workbook_fixture import NORTH_COAST, north_coast_plan, north_coast_workbook


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def comparison(path: Path) -> tuple[list[str], dict[tuple[str, str], dict[str, Any]]]:
    sheet = openpyxl.load_workbook(path)["Comparison"]
    cells = list(sheet[sheet.tables["Comparison"].ref])
    headers = [c.value for c in cells[0]]
    rows = [dict(zip(headers, (c.value for c in row), strict=True)) for row in cells[1:]]
    return headers, {(r["Section"], r["Measure"]): r for r in rows}


def test_a_plan_workbook_reads_back_its_own_summary() -> None:
    item = load_compared(north_coast_workbook(), "plan")
    assert item.kind == PLAN
    expected = plan_headlines(north_coast_plan())
    assert [h.key for h in item.headlines] == [h.key for h in expected]
    # Excel keeps 15 significant digits, so floats come back within a part in 10^14
    assert [h.value for h in item.headlines] == [pytest.approx(h.value, rel=1e-14) if isinstance(h.value, float)
                                                 else h.value for h in expected]
    assert [h.unit for h in item.headlines] == [h.unit for h in expected]


@pytest.fixture(scope="module")
def scenario_against_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, str, Path]:
    """`compare` of the shipped scenario with the shared plan workbook, run once for the tests that read it:
    (exit code, stdout, stderr, the comparison workbook)."""
    out = tmp_path_factory.mktemp("compare") / "compare.xlsx"
    return (*run("compare", str(NORTH_COAST), str(north_coast_workbook()), "-o", str(out)), out)


def test_scenario_against_plan_through_the_cli(scenario_against_plan: tuple[int, str, str, Path]) -> None:
    code, stdout, stderr, out = scenario_against_plan
    assert code == 0, stderr
    assert f"wrote {out}" in stdout
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Cover", "Contents", "Notes", "Findings", "Comparison", "Workbooks"]
    assert book.properties.language == "en-GB"
    headers, rows = comparison(out)
    assert headers[3:] == ["north-coast-pch", "north-coast-plan", "north-coast-plan less north-coast-pch"]
    patients = rows["Population and demand", "Registered patients"]
    assert patients["north-coast-pch"] == patients["north-coast-plan"] == north_coast_plan().demand.population
    assert patients["north-coast-plan less north-coast-pch"] == 0
    assert rows["Site", "Site"]["north-coast-plan less north-coast-pch"] == "same"
    rota = rows["Rota quality", "Sessions rostered"]  # the scenario has no rota
    assert rota["north-coast-pch"] == MISSING and rota["north-coast-plan less north-coast-pch"] == MISSING
    cost = rows["Budget", "Workforce budget used"]
    assert cost["north-coast-plan less north-coast-pch"] == pytest.approx(
        cost["north-coast-plan"] - cost["north-coast-pch"], abs=1e-6)
    kinds = {r[0].value: r[2].value for r in book["Workbooks"].iter_rows(min_row=4) if r[0].value}
    assert kinds == {"north-coast-pch": SCENARIO, "north-coast-plan": PLAN}


def test_two_copies_of_a_plan_differ_by_nothing(tmp_path: Path) -> None:
    copy = tmp_path / "north-coast-plan.xlsx"
    shutil.copy(north_coast_workbook(), copy)
    out = tmp_path / "same.xlsx"
    code, _, stderr = run("compare", str(north_coast_workbook()), str(copy), "-o", str(out))
    assert code == 0, stderr
    headers, rows = comparison(out)
    diff = headers[-1]
    assert diff == "north-coast-plan (2) less north-coast-plan"
    assert all(r[diff] in (0, "same") for r in rows.values())


def test_usage_and_input_errors_exit_2_and_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    assert run("compare", str(NORTH_COAST), "-o", str(out))[0] == 2
    code, _, stderr = run("compare", str(NORTH_COAST), str(tmp_path / "missing.xlsx"), "-o", str(out))
    assert code == 2 and "missing.xlsx" in stderr
    code, _, stderr = run("compare", str(NORTH_COAST), str(north_coast_workbook()), "-o", str(NORTH_COAST))
    assert code == 2 and "overwrite" in stderr
    assert not out.exists()


def test_help_has_an_example() -> None:
    code, stdout, _ = run("compare", "--help")
    assert code == 0 and "pch-workforce compare" in stdout and "-o" in stdout


def test_labels_and_differences() -> None:
    assert labels_for([Path("a.xlsx"), Path("x/a.xlsx"), Path("b.xlsx")]) == ["a", "a (2)", "b"]
    assert difference(10, 12.5) == 2.5
    assert difference("OPTIMAL", "OPTIMAL") == "same"
    assert difference("OPTIMAL", "FEASIBLE") == "differs"
    assert difference(None, 3) == MISSING
    assert difference(MISSING, 3) == MISSING


# --- a case with no feasible mix gets its column ---------------------------------------------------


def _budget_cut(tmp_path: Path, name: str, workforce_share: float, redundancies: str = "no") -> Path:
    """The shipped scenario with its workforce share of the budget cut (Site sheet B9, B12)."""
    book = openpyxl.load_workbook(NORTH_COAST)
    book["Site"]["B9"] = workforce_share
    book["Site"]["B12"] = redundancies
    path = tmp_path / f"{name}.xlsx"
    book.save(path)
    return path


def test_an_infeasible_cut_is_compared_with_its_shortfall_in_pounds(tmp_path: Path) -> None:
    """A cut from 60% to 44% of the budget: existing staff fit (£2,855,480 < £2,912,171), but the continuity
    limit's GP FTE on top of them does not. The column is marked, the money the least-cost team lacks is the
    shortfall the mix's own least-cost solve gives, and the Findings sheet says it in words."""
    from pch_workforce.mix import mix_input_from_demand
    from pch_workforce.mix.problem import problem_from_inputs
    from pch_workforce.mix.shortfall import budget_shortfall
    from pch_workforce.demand import compute_demand
    from pch_workforce.scenario.loader import load_scenario

    cut = _budget_cut(tmp_path, "budget-cut", 0.44)
    out = tmp_path / "compare.xlsx"
    code, stdout, stderr = run("compare", str(NORTH_COAST), str(cut), "-o", str(out))
    assert code == 0, stderr
    headers, rows = comparison(out)
    assert headers[3:] == ["north-coast-pch", "budget-cut (no feasible mix)", "budget-cut less north-coast-pch"]
    loaded = load_scenario(cut)
    problem = problem_from_inputs(loaded.scenario, loaded.care_model,
                                  mix_input_from_demand(compute_demand(loaded.scenario, loaded.care_model)))
    gap = budget_shortfall(problem)
    assert gap is not None and gap.budget_per_year == pytest.approx(0.44 * problem.capitated_budget_per_year)
    shortfall = rows["Budget", "Budget short of the least-cost team"]
    assert shortfall["north-coast-pch"] == 0
    assert shortfall["budget-cut (no feasible mix)"] == pytest.approx(gap.shortfall_per_year, abs=0.01)
    assert 1_000 < gap.shortfall_per_year < 100_000  # the continuity GPs on top of the existing staff
    assert rows["Solver status", "Mix: overall"]["budget-cut (no feasible mix)"] == "INFEASIBLE"
    assert rows["Team (FTE by role)", "Whole team"]["budget-cut (no feasible mix)"] == MISSING
    assert rows["Population and demand", "Registered patients"]["budget-cut (no feasible mix)"] == 38_100
    blocked = rows["Solver status", "Mix: what blocks it"]["budget-cut (no feasible mix)"]
    assert "continuity limit" in blocked and "relaxing" not in blocked and "fte_min" not in blocked
    sheet = openpyxl.load_workbook(out)["Findings"]
    (label, text), = [(r[0].value, r[1].value) for r in sheet.iter_rows(min_row=5) if r[0].value]
    assert label == "budget-cut"
    assert f"£{gap.shortfall_per_year:,.0f} a year more than its workforce budget of £{gap.budget_per_year:,.0f}" in text
    assert "no feasible mix" in stdout


def test_every_number_on_the_comparison_is_formatted(scenario_against_plan: tuple[int, str, str, Path]) -> None:
    code, _, stderr, out = scenario_against_plan
    assert code == 0, stderr
    sheet = openpyxl.load_workbook(out)["Comparison"]
    unformatted = [(row[1].value, cell.value) for row in sheet.iter_rows(min_row=4) for cell in row[3:]
                   if isinstance(cell.value, (int, float)) and cell.number_format == "General"]
    assert unformatted == []
    by_measure = {row[1].value: row[3] for row in sheet.iter_rows(min_row=4)}
    assert by_measure["Appointments"].number_format == "#,##0"
    assert by_measure["Patients per GP FTE"].number_format == "#,##0"


def _compared(label: str, **values: Any) -> Any:
    from pch_workforce.compare import Compared
    from pch_workforce.plan.workbook.summary import Headline

    keys = {"available": ("Budget", "Workforce budget available", "£ per year"),
            "headroom": ("Budget", "Headroom", "£ per year"),
            "unmet": ("Coverage of need", "Unmet clinical hours", "hours per week"),
            "team": ("Team (FTE by role)", "Whole team", "FTE"),
            "redundancies": ("Site", "Redundancies allowed", "yes or no"),
            "dn": ("Team (FTE by role)", "District nurse", "FTE"),
            "hca": ("Team (FTE by role)", "Healthcare assistant", "FTE"),
            "para": ("Team (FTE by role)", "Paramedic", "FTE")}
    headlines = tuple(Headline(keys[k][0], keys[k][1], v, keys[k][2]) for k, v in values.items())
    return Compared(label, Path(f"{label}.xlsx"), SCENARIO, headlines)


def test_less_unmet_need_after_a_cut_says_which_change_did_it() -> None:
    """Hand-made: a 10% cut with redundancies allowed meets 12 h a week more need; the finding names the
    redundancies, the posts cut and added, and the money left unspent."""
    from pch_workforce.compare_findings import finding

    base = _compared("base", available=4_000_000, headroom=0, unmet=172.5, team=73.6, redundancies="no",
                     dn=7.0, hca=8.8, para=3.0)
    cut = _compared("cut", available=3_600_000, headroom=101_571, unmet=160.5, team=70.1, redundancies="yes",
                    dn=5.0, hca=7.3, para=4.0)
    text = finding(base, cut)
    assert text.startswith("Against base, cut has £400,000 a year less workforce budget, 3.5 FTE fewer staff and "
                           "12.0 hours a week less unmet clinical need.")
    assert "Which change did it: redundancies allowed is yes (was no)." in text
    assert "It cut District nurse (2.0 FTE) and Healthcare assistant (1.5 FTE) and added Paramedic (1.0 FTE)." in text
    assert "£101,571 a year of its workforce budget is left unspent." in text
    plain = finding(base, _compared("less", available=3_600_000, headroom=0, unmet=190.0, team=70.0,
                                    redundancies="no", dn=7.0, hca=8.8, para=3.0))
    assert "Which change" not in plain  # less money, more unmet need: nothing to explain

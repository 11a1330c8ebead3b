"""`pch-workforce mix` through click's runner on the shipped scenario: JSON contract, workbook, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pch_workforce.budget import site_income
from pch_workforce.cli import main
from pch_workforce.scenario.loader import load_scenario
from tests.conftest import SCENARIOS, load_script

CONTRACT = {"status", "objective", "best_bound", "solve_seconds", "population", "budget_per_year",
            "cost_per_year", "unmet_hours_per_week", "roles", "binding"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def mix_json(north_coast_path: Path) -> dict:
    code, out, err = run("mix", str(north_coast_path), "--json")
    assert code == 0, err
    return json.loads(out)


def test_json_contract_keys_and_status(mix_json: dict) -> None:
    assert CONTRACT <= set(mix_json)
    assert mix_json["status"] == "OPTIMAL"
    assert mix_json["objective"] == pytest.approx(mix_json["best_bound"])
    assert all(stage["status"] == "OPTIMAL" for stage in mix_json["stages"])
    assert {"role", "fte", "cost_per_year"} <= set(mix_json["roles"][0])
    assert isinstance(mix_json["binding"], list) and all(isinstance(b, str) for b in mix_json["binding"])


def test_json_agrees_with_the_scenario(mix_json: dict, north_coast_path: Path) -> None:
    loaded = load_scenario(north_coast_path)
    scenario = loaded.scenario
    income = site_income(scenario, loaded.care_model)
    assert mix_json["population"] == scenario.total_population
    assert mix_json["budget_per_year"] == pytest.approx(income.total_per_year, abs=0.01)
    assert mix_json["workforce_budget_per_year"] == pytest.approx(income.total_per_year * scenario.site.workforce_share,
                                                                  abs=0.01)
    assert mix_json["cost_per_year"] <= mix_json["workforce_budget_per_year"] + 0.01
    plans = {r.role: r for r in scenario.roles}
    assert [r["role"] for r in mix_json["roles"]] == [r.role for r in scenario.roles]
    for role in mix_json["roles"]:
        plan = plans[role["role"]]
        assert plan.existing_fte - 1e-9 <= role["fte"] <= plan.max_fte + 1e-9


def test_shipped_site_priced_for_its_year_inside_the_arrs_envelope_and_the_safe_gp_day(mix_json: dict) -> None:
    """Issue 18's acceptance on North Coast: 2026/27 prices for a 2026/27 plan, ARRS claimed at most the
    envelope, at most 25 GP contacts a GP day, and every role of at least 1 FTE that is less than half used
    has an Explain (binding) row saying why it is kept."""
    assert mix_json["price_year"] == "2026/27" and mix_json["plan_financial_year"] == "2026/27"
    assert mix_json["price_note"] is None
    arrs = mix_json["arrs"]
    assert arrs["claimed_per_year"] <= arrs["envelope_per_year"] + 0.01
    assert arrs["unclaimed_per_year"] == pytest.approx(arrs["envelope_per_year"] - arrs["claimed_per_year"], abs=0.01)
    assert 0 < mix_json["gp_contacts_per_gp_day"] <= 25 + 1e-6
    for role in mix_json["roles"]:
        assert role["funding"] and sum(f["share"] for f in role["funding"]) == pytest.approx(1)
        if role["fte"] >= 1 and role["utilisation"] < 0.5:
            assert f"fte_min[{role['role']}]" in mix_json["binding"], role["role"]
    payers = {r["role"]: {f["payer"]: f["share"] for f in r["funding"]} for r in mix_json["roles"]}
    assert payers["mental_health_practitioner"] == {"site": 0.5, "mental health trust": 0.5}
    assert payers["district_nurse"] == {"community trust": 1.0}


def test_unmet_demand_is_explained(mix_json: dict) -> None:
    assert mix_json["unmet_hours_per_week"] == pytest.approx(
        sum(s["unmet_hours_per_week"] for s in mix_json["services"]), abs=1e-2)
    for service in mix_json["services"]:
        assert bool(service["why_unmet"]) == (service["unmet_hours_per_week"] > 0)


@pytest.fixture(scope="module")
def mix_table(north_coast_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, str, Path]:
    """`mix SCENARIO -o mix.xlsx` (no --json, so the table too), run once: (exit code, stdout, stderr, workbook)."""
    out = tmp_path_factory.mktemp("mix") / "mix.xlsx"
    return (*run("mix", str(north_coast_path), "-o", str(out)), out)


def test_table_by_default(mix_table: tuple[int, str, str, Path]) -> None:
    code, out, _, _ = mix_table
    assert code == 0
    assert "status OPTIMAL" in out and "GP" in out and "Binding:" in out and "Marginal values" in out


def test_workbook_has_a_title_and_one_table_per_sheet_with_units(mix_table: tuple[int, str, str, Path]) -> None:
    code, _, err, out = mix_table
    assert code == 0, err
    book = openpyxl.load_workbook(out)
    assert {"Roles", "Services", "Allocation", "Binding", "Marginal values", "Solve"} <= set(book.sheetnames)
    for sheet in book.worksheets:
        assert sheet["A1"].value and len(sheet.tables) == 1
    roles = book["Roles"]
    headers = [c.value for c in roles[3]]
    assert "FTE (FTE)" in headers and "Cost (£ per year)" in headers
    assert roles.cell(row=4, column=1).value == "gp"


def test_never_writes_over_the_input(north_coast_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site.xlsx"
    copy.write_bytes(north_coast_path.read_bytes())
    before = copy.read_bytes()
    code, _, err = run("mix", str(copy), "-o", str(copy))
    assert code == 2 and "overwrite an input" in err
    assert copy.read_bytes() == before


def test_existing_staff_over_budget_exits_3_with_reasons(tmp_path: Path) -> None:
    path = _north_coast_workbook(tmp_path / "poor.xlsx", site={"capitated_budget_per_year": 3e6}, income=())
    out = tmp_path / "never.xlsx"
    code, _, err = run("mix", str(path), "-o", str(out))
    assert code == 3
    assert "existing staff cost the budget" in err and "£1,800,000" in err
    assert not out.exists()


def _north_coast_workbook(path: Path, site: dict[str, object], **changes: object) -> Path:
    """The shipped scenario with some Site settings and Scenario fields changed, written as a workbook."""
    from pch_workforce.care_model import load_care_model
    from pch_workforce.scenario.loader import care_model_dirs
    from pch_workforce.scenario.writer import Catalogue, build_workbook

    scenario = load_script(SCENARIOS / "north_coast.py").build()
    changed = scenario.model_copy(update={"site": scenario.site.model_copy(update=site), **changes})
    model = load_care_model("pch-default", care_model_dirs(SCENARIOS / "x.xlsx"))
    catalogue = Catalogue("pch-default", [(k, v.name) for k, v in model.roles.items()],
                          [(k, v.name) for k, v in model.conditions.items()],
                          [(k, v.name) for k, v in model.income.items()])
    build_workbook(catalogue, changed).save(path)
    return path


def test_a_plan_in_a_later_year_is_priced_ahead_and_says_so(tmp_path: Path, mix_json: dict) -> None:
    """Plan start 5 April 2027 is in 2027/28; the care model's prices are for 2026/27, so pay is uplifted by
    its 3% award for 2027/28, and validate, mix and the JSON say so in one line."""
    import datetime as dt

    path = _north_coast_workbook(tmp_path / "later.xlsx", site={"plan_start": dt.date(2027, 4, 5)})
    code, out, err = run("validate", str(path))
    assert code == 0, err
    assert "prices are for 2026/27" in out and "the plan is in 2027/28" in out
    code, out, err = run("mix", str(path))
    assert code == 0, err
    assert "Prices: the care model's prices are for 2026/27; the plan is in 2027/28" in out
    code, out, _ = run("mix", str(path), "--json")
    later = json.loads(out)
    assert later["price_year"] == "2026/27" and later["plan_financial_year"] == "2027/28"
    assert "uplifted" in later["price_note"]
    now = {r["role"]: r for r in mix_json["roles"]}
    for role in later["roles"]:
        cost_now = now[role["role"]]["cost_per_year"] / now[role["role"]]["fte"] if now[role["role"]]["fte"] else None
        if role["fte"] and cost_now:
            assert role["cost_per_year"] / role["fte"] > cost_now * 1.02  # 3% on pay, a little less with NI

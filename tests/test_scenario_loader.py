"""Checks that need the care model: roles, conditions, age bands, overrides and rota rules."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pch_workforce.scenario.loader import load_scenario
from tests.scenario_factory import edit, fitting_scenario, problems_from, small_scenario, write


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write(fitting_scenario(), tmp_path / "good.xlsx")


def problems_of(path: Path) -> list[str]:
    return problems_from(load_scenario, path)


def test_valid_scenario_loads_with_overrides_applied(good: Path) -> None:
    loaded = load_scenario(good)
    assert loaded.care_model.roles["gp"].annual_cost.value == 120000
    assert "local rate" in loaded.care_model.roles["gp"].annual_cost.source
    assert loaded.rota_policy.weight_away_from_home == 4
    assert loaded.rota_policy.max_sessions_per_day == 2  # default kept


def test_age_band_spanning_two_care_model_bands(tmp_path: Path) -> None:
    found = problems_of(write(small_scenario(), tmp_path / "s.xlsx"))
    assert found[0].startswith("Population!C8: age band 15-44 does not fit inside one of the care model's bands")


def test_unknown_role(good: Path) -> None:
    edit(good, "Roles", "A5", "nurse_wizard")
    edit(good, "Staff", "C6", "nurse_wizard")
    [problem] = problems_of(good)
    assert problem.startswith('Roles!A5: role "nurse_wizard" is not in care model "pch-default"; known roles: ')


def test_unknown_condition(good: Path) -> None:
    edit(good, "Registers", "B5", "gout")
    [problem] = problems_of(good)
    assert problem.startswith('Registers!B5: condition "gout" is not in the care model')


def test_bad_override_path(good: Path) -> None:
    edit(good, "Overrides", "A4", "roles.gpp.annual_cost")
    [problem] = problems_of(good)
    assert problem.startswith('Overrides!A4: unknown path "roles.gpp')


def test_unknown_rota_rule_and_bad_value(good: Path) -> None:
    book = openpyxl.load_workbook(good)
    book["RotaRules"]["A5"] = "max_naps"
    book["RotaRules"]["B5"] = 1
    book["RotaRules"]["A6"] = "max_sessions_per_day"
    book["RotaRules"]["B6"] = 2.5
    book.save(good)
    found = problems_of(good)
    assert found[0].startswith('RotaRules!A5: unknown rule "max_naps"; known rules: max_sessions_per_day')
    assert found[1].startswith("RotaRules!B6: max_sessions_per_day:")


def test_unknown_care_model(good: Path) -> None:
    edit(good, "Site", "B5", "no-such-model")
    [problem] = problems_of(good)
    assert problem.startswith("Site!B5: care model:")


@pytest.mark.parametrize(("value", "expected"), [
    ("lots", "Overrides!B4: \"roles.gp.annual_cost\": must be a number, got 'lots'"),
    (-100000, "Overrides!B4: roles.gp.annual_cost.value: must be > 0, got -100000"),
])
def test_bad_override_value_is_placed_in_the_value_column(good: Path, value: object, expected: str) -> None:
    """A bad value was reported at the path (A4), which the planner had typed correctly."""
    edit(good, "Overrides", "B4", value)
    assert problems_of(good) == [expected]


def test_override_path_naming_a_section_is_placed_in_the_path_column(good: Path) -> None:
    edit(good, "Overrides", "A4", "roles.gp")
    [problem] = problems_of(good)
    assert problem.startswith('Overrides!A4: "roles.gp" is a section')


def test_fractional_weight_is_refused_not_rounded_away(good: Path) -> None:
    """0.4 was rounded to 0 by the rota, turning the rule off without a word."""
    edit(good, "RotaRules", "B4", 0.4)
    assert problems_of(good) == [
        "RotaRules!B4: weight_away_from_home: a weight must be a whole number 0–1,000,000 (penalty points), got 0.4"
    ]


def test_out_of_range_rule_says_what_was_given(good: Path) -> None:
    edit(good, "RotaRules", "A4", "mdt_weekday")
    edit(good, "RotaRules", "B4", 7)
    assert problems_of(good) == ["RotaRules!B4: mdt_weekday: Input should be less than or equal to 5, got 7"]

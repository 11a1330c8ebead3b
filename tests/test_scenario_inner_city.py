"""The shipped inner-city scenario: it matches its builder script and describes the site it claims to."""

from __future__ import annotations

from pathlib import Path

import pytest

from pch_workforce.scenario.loader import load_scenario
from pch_workforce.scenario.model import Rurality, Scenario
from tests.conftest import SCENARIOS, load_script

INNER_CITY = SCENARIOS / "inner-city-pch.xlsx"
NORTH_COAST = SCENARIOS / "north-coast-pch.xlsx"


@pytest.fixture(scope="module")
def inner_city() -> Scenario:
    return load_scenario(INNER_CITY).scenario


@pytest.fixture(scope="module")
def north_coast() -> Scenario:
    return load_scenario(NORTH_COAST).scenario


def _share_aged(scenario: Scenario, lowest: int, highest: int | None = None) -> float:
    patients = sum(c.patients for c in scenario.population
                   if c.age_band.lower >= lowest and (highest is None or c.age_band.lower <= highest))
    return patients / scenario.total_population


def _prevalence(scenario: Scenario, condition: str) -> float:
    return sum(r.patients for r in scenario.registers if r.condition == condition) / scenario.total_population


def test_inner_city_workbook_matches_its_builder() -> None:
    builder = load_script(SCENARIOS / "inner_city.py")
    assert load_scenario(INNER_CITY).scenario == builder.build()


def test_the_builder_writes_the_shipped_workbook_again(tmp_path: Path) -> None:
    builder = load_script(SCENARIOS / "inner_city.py")
    out = tmp_path / "inner-city-pch.xlsx"
    builder.main(out)
    assert load_scenario(out).scenario == load_scenario(INNER_CITY).scenario


def test_inner_city_is_the_urban_deprived_site_described(inner_city: Scenario) -> None:
    assert len(inner_city.practices) == 4
    assert 49_000 <= inner_city.total_population <= 51_000
    assert all(p.rurality is Rurality.URBAN for p in inner_city.practices)
    assert {p.deprivation_decile for p in inner_city.practices} <= {1, 2}
    assert max(p.travel_minutes_to_hub for p in inner_city.practices) <= 15  # short trips across the city
    assert sum(p.is_hub for p in inner_city.practices) == 1
    for practice in inner_city.practices:  # each list adds up from the population by sex and age band
        assert practice.list_size == sum(c.patients for c in inner_city.population if c.practice == practice.code)


def test_inner_city_is_younger_than_north_coast(inner_city: Scenario, north_coast: Scenario) -> None:
    assert _share_aged(inner_city, 65) < 0.10
    assert _share_aged(inner_city, 65) < _share_aged(north_coast, 65) / 1.5
    assert _share_aged(inner_city, 20, 35) > 0.35  # young and mobile: many patients aged 20-39
    assert _share_aged(inner_city, 20, 35) > _share_aged(north_coast, 20, 35)


def test_inner_city_has_more_mental_health_need_than_north_coast(inner_city: Scenario, north_coast: Scenario) -> None:
    assert _prevalence(inner_city, "smi") > _prevalence(north_coast, "smi")
    assert _prevalence(inner_city, "smi") > 0.0084 * 1.5  # well above the national 0.84% (care model)
    assert _prevalence(inner_city, "depression") > _prevalence(north_coast, "depression")


def test_inner_city_has_few_care_homes(inner_city: Scenario, north_coast: Scenario) -> None:
    assert 1 <= len(inner_city.care_homes) <= 2
    assert sum(h.beds for h in inner_city.care_homes) < sum(h.beds for h in north_coast.care_homes) / 2
    assert _prevalence(inner_city, "housebound") < _prevalence(north_coast, "housebound")


def test_inner_city_staff_are_the_roles_existing_fte(inner_city: Scenario) -> None:
    for role in inner_city.roles:
        sessions = sum(s.sessions_per_week for s in inner_city.staff if s.role == role.role)
        assert role.existing_fte == pytest.approx(sessions / 9, abs=0.005), role.role
    assert {s.home_practice for s in inner_city.staff} == {p.code for p in inner_city.practices}

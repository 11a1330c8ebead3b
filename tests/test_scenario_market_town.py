"""The shipped market-town scenario: it matches its builder script and describes the site it claims to."""

from __future__ import annotations

from pathlib import Path

import pytest

from pch_workforce.care_model import load_care_model
from pch_workforce.pch_rota import build_pch_rota, check_contracts
from pch_workforce.scenario.loader import load_scenario
from pch_workforce.scenario.model import Scenario, Session, Weekday
from tests.conftest import REPO, SCENARIOS, load_script

MARKET_TOWN = SCENARIOS / "market-town-pch.xlsx"
NORTH_COAST = SCENARIOS / "north-coast-pch.xlsx"
INNER_CITY = SCENARIOS / "inner-city-pch.xlsx"
ENGLAND_65_PLUS = 0.19  # about 19% of England's population is aged 65 or over (ONS mid-year estimates)
ENGLAND_85_PLUS = 0.025  # and about 2.5% aged 85 or over


@pytest.fixture(scope="module")
def market_town() -> Scenario:
    return load_scenario(MARKET_TOWN).scenario


@pytest.fixture(scope="module")
def north_coast() -> Scenario:
    return load_scenario(NORTH_COAST).scenario


@pytest.fixture(scope="module")
def inner_city() -> Scenario:
    return load_scenario(INNER_CITY).scenario


def _share_aged(scenario: Scenario, lowest: int, highest: int | None = None) -> float:
    patients = sum(c.patients for c in scenario.population
                   if c.age_band.lower >= lowest and (highest is None or c.age_band.lower <= highest))
    return patients / scenario.total_population


def _prevalence(scenario: Scenario, condition: str) -> float:
    return sum(r.patients for r in scenario.registers if r.condition == condition) / scenario.total_population


def _beds_per_1000(scenario: Scenario) -> float:
    return 1000 * sum(h.beds for h in scenario.care_homes) / scenario.total_population


def _national(condition: str) -> float:
    prevalence = load_care_model("pch-default", [REPO / "models"]).conditions[condition].national_prevalence
    assert prevalence is not None, condition
    return prevalence.value


def test_market_town_workbook_matches_its_builder() -> None:
    builder = load_script(SCENARIOS / "market_town.py")
    assert load_scenario(MARKET_TOWN).scenario == builder.build()


def test_the_builder_writes_the_shipped_workbook_again(tmp_path: Path) -> None:
    builder = load_script(SCENARIOS / "market_town.py")
    out = tmp_path / "market-town-pch.xlsx"
    builder.main(out)
    assert load_scenario(out).scenario == load_scenario(MARKET_TOWN).scenario


def test_market_town_is_the_affluent_town_site_described(market_town: Scenario) -> None:
    assert len(market_town.practices) == 3
    assert 29_000 <= market_town.total_population <= 31_000
    assert {p.deprivation_decile for p in market_town.practices} <= {8, 9, 10}
    assert not any(p.rurality.is_sparse for p in market_town.practices)
    for practice in market_town.practices:  # each list adds up from the population by sex and age band
        assert practice.list_size == sum(c.patients for c in market_town.population if c.practice == practice.code)


def test_the_town_practice_is_the_hub_open_evenings_and_saturdays(market_town: Scenario) -> None:
    hubs = [p for p in market_town.practices if p.is_hub]
    assert len(hubs) == 1
    hub = hubs[0]
    assert hub.list_size == max(p.list_size for p in market_town.practices)
    assert sum(slot.session is Session.EVENING for slot in hub.opening) >= 2
    assert any(slot.weekday is Weekday.SAT for slot in hub.opening)
    suburbs = [p for p in market_town.practices if not p.is_hub]
    assert not any(slot.weekday is Weekday.SAT for p in suburbs for slot in p.opening)  # Saturdays at the hub
    assert all(0 < p.travel_minutes_to_hub <= 15 for p in suburbs)


def test_market_town_is_older_than_england_and_north_coast(market_town: Scenario, north_coast: Scenario) -> None:
    assert _share_aged(market_town, 65) > ENGLAND_65_PLUS * 1.4
    assert _share_aged(market_town, 65) > _share_aged(north_coast, 65)
    assert _share_aged(market_town, 85) > ENGLAND_85_PLUS * 1.6
    assert _share_aged(market_town, 85) > _share_aged(north_coast, 85)


def test_market_town_has_many_care_home_beds(market_town: Scenario, north_coast: Scenario) -> None:
    assert len(market_town.care_homes) >= 5
    assert sum(h.beds for h in market_town.care_homes) >= 300
    assert _beds_per_1000(market_town) > _beds_per_1000(north_coast)
    assert {h.practice for h in market_town.care_homes} == {p.code for p in market_town.practices}
    assert "care_home_premium" in {stream.stream for stream in market_town.income}
    residents = sum(r.patients for r in market_town.registers if r.condition == "care_home_residents")
    assert 0.8 * sum(h.beds for h in market_town.care_homes) <= residents <= sum(h.beds for h in market_town.care_homes)


def test_long_term_condition_registers_follow_age(market_town: Scenario, inner_city: Scenario) -> None:
    for condition in ("hypertension", "diabetes", "ckd", "dementia"):
        assert _prevalence(market_town, condition) > _national(condition), condition
    for condition in ("hypertension", "ckd", "copd", "dementia", "atrial_fibrillation", "heart_failure",
                      "frailty_moderate_severe"):
        assert _prevalence(market_town, condition) > _prevalence(inner_city, condition), condition


def test_market_town_has_less_mental_health_and_deprivation_need(
        market_town: Scenario, north_coast: Scenario, inner_city: Scenario) -> None:
    for condition in ("smi", "depression", "obesity"):
        assert _prevalence(market_town, condition) < _national(condition), condition
        assert _prevalence(market_town, condition) < _prevalence(north_coast, condition), condition
        assert _prevalence(market_town, condition) < _prevalence(inner_city, condition), condition
    assert _prevalence(market_town, "childhood_obesity") < _prevalence(north_coast, "childhood_obesity")


def test_an_older_gp_workforce_with_two_partners_retiring(market_town: Scenario) -> None:
    gps = [s for s in market_town.staff if s.role == "gp"]
    assert sum(s.age_band in ("55-59", "60+") for s in gps) / len(gps) > 0.4
    start = market_town.site.plan_start.year - (market_town.site.plan_start.month < 4)  # the plan's financial year
    five_years = {f"{year}/{(year + 1) % 100:02d}" for year in range(start, start + 5)}
    retiring = [s for s in gps if s.leaving_year in five_years]
    assert len(retiring) >= 2
    assert all(s.age_band == "60+" for s in retiring)
    assert len({s.home_practice for s in retiring}) == 2


def test_market_town_staff_are_the_roles_existing_fte(market_town: Scenario) -> None:
    for role in market_town.roles:
        sessions = sum(s.sessions_per_week for s in market_town.staff if s.role == role.role)
        assert role.existing_fte == pytest.approx(sessions / 9, abs=0.005), role.role
    assert {s.home_practice for s in market_town.staff} == {p.code for p in market_town.practices}


def test_every_contract_can_be_worked() -> None:
    loaded = load_scenario(MARKET_TOWN)
    assert check_contracts(build_pch_rota(loaded.scenario, loaded.care_model, loaded.rota_policy)) == []

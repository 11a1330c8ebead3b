"""The shipped scenarios: they match their builder scripts and describe the site they claim to."""

from __future__ import annotations

from pch_workforce.scenario.loader import load_scenario
from pch_workforce.scenario.model import Rurality
from tests.conftest import SCENARIOS, load_script


def test_north_coast_workbook_matches_its_builder(north_coast_path) -> None:
    builder = load_script(SCENARIOS / "north_coast.py")
    assert load_scenario(north_coast_path).scenario == builder.build()


def test_north_coast_is_the_rural_coastal_site_described(north_coast_path) -> None:
    scenario = load_scenario(north_coast_path).scenario
    assert len(scenario.practices) == 6
    assert 37_000 <= scenario.total_population <= 39_000
    sparse = [p for p in scenario.practices if p.rurality.is_sparse]
    assert len(sparse) >= 4
    assert min(p.deprivation_decile for p in scenario.practices) <= 2
    assert any(p.rurality is Rurality.HAMLET_SPARSE for p in scenario.practices)
    over_75 = sum(c.patients for c in scenario.population if c.age_band.lower >= 75)
    assert over_75 / scenario.total_population > 0.10  # an older list than most: elderly patients in sparse areas
    assert {r.condition for r in scenario.registers} >= {"childhood_obesity", "frailty_moderate_severe"}

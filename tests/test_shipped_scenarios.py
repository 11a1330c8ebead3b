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


def test_north_coast_patients_travel_only_from_practices_whose_rooms_are_full(north_coast_path) -> None:
    """The estate's last tie-break: a practice with free room-sessions sends none of its patients elsewhere
    (before it, the LP's vertex sent Estuary's and Cliffside's patients across the site with rooms free)."""
    from pch_workforce.demand import compute_demand
    from pch_workforce.mix import MixOptions, solve_mix
    from pch_workforce.mix.demand_input import mix_input_from_demand

    loaded = load_scenario(north_coast_path)
    demand = compute_demand(loaded.scenario, loaded.care_model)
    mix = solve_mix(loaded.scenario, loaded.care_model, mix_input_from_demand(demand), MixOptions(marginals=False))
    for line in mix.estate:
        if line.room_sessions_held_per_week < line.room_sessions_per_week - 1e-6:
            assert line.seen_elsewhere_per_week < 1e-6, line

"""The adapter from the demand stage: the mix sees the same hours the demand stage reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from pch_workforce.demand import compute_demand
from pch_workforce.mix import mix_input_from_demand, problem_from_inputs
from pch_workforce.scenario.loader import load_scenario


def test_adapter_keeps_demand_hours_and_travel(north_coast_path: Path) -> None:
    loaded = load_scenario(north_coast_path)
    demand = compute_demand(loaded.scenario, loaded.care_model)
    mix_input = mix_input_from_demand(demand)
    totals = {s.service: s for s in demand.services()}
    assert set(mix_input.service_contacts_per_week) == set(totals)
    for service_id, contacts in mix_input.service_contacts_per_week.items():
        assert contacts == pytest.approx(totals[service_id].appointments_per_year / demand.weeks_per_year)
    assert mix_input.population == demand.population
    assert set(mix_input.travel_minutes_per_contact) == {
        s for s, spec in loaded.care_model.services.items() if spec.home_visit}
    problem = problem_from_inputs(loaded.scenario, loaded.care_model, mix_input)
    assert sum(s.demand_hours_per_week for s in problem.services) == pytest.approx(demand.hours_per_week)

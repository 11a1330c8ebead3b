"""The generated sites the scale benchmark runs on are valid sites of the size asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.site_scale import scaled_site
from pch_workforce.pch_rota import build_pch_rota, check_contracts
from pch_workforce.scenario.loader import load_scenario


@pytest.mark.parametrize("patients", [30_000, 100_000])
def test_generated_site_has_the_size_asked_for_and_workable_contracts(north_coast_path: Path, patients: int) -> None:
    loaded = load_scenario(north_coast_path)
    site = scaled_site(loaded.scenario, patients, weeks=4)
    assert abs(site.total_population - patients) / patients < 0.001
    assert sum(p.is_hub for p in site.practices) == 1
    codes = {p.code for p in site.practices}
    assert {s.home_practice for s in site.staff} <= codes and {c.practice for c in site.cover_rules} <= codes
    assert len({s.staff_id for s in site.staff}) == len(site.staff)
    built = build_pch_rota(site, loaded.care_model, loaded.rota_policy)
    assert check_contracts(built) == []

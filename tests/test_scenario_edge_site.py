"""The shipped edge-site scenario: it matches its builder script and describes the site it claims to."""

from __future__ import annotations

from pathlib import Path

import pytest

from pch_workforce.demand import compute_demand
from pch_workforce.mix import Mix, MixOptions, mix_input_from_demand, solve_mix
from pch_workforce.pch_rota import build_pch_rota, check_contracts
from pch_workforce.scenario.loader import LoadedScenario, load_scenario
from pch_workforce.scenario.model import Scenario
from pch_workforce.solve_report import SolveStatus
from tests.conftest import SCENARIOS, load_script

EDGE_SITE = SCENARIOS / "edge-site-pch.xlsx"
ENGLAND_GP_FTE_PER_10K = 4.43  # fully qualified GP FTE per 10,000 registered patients, 2024 (nhs-figures.md, 5)
ENGLAND_65_PLUS = 0.19  # about 19% of England's population is aged 65 or over (ONS mid-year estimates)
GP_ROLES = ("gp", "arrs_gp")
GROWING_ROLES = ("advanced_nurse_practitioner", "clinical_pharmacist", "paramedic", "first_contact_physio",
                 "mental_health_practitioner")


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(EDGE_SITE)


@pytest.fixture(scope="module")
def edge_site(loaded: LoadedScenario) -> Scenario:
    return loaded.scenario


@pytest.fixture(scope="module")
def mix(loaded: LoadedScenario) -> Mix:
    demand = compute_demand(loaded.scenario, loaded.care_model)
    return solve_mix(loaded.scenario, loaded.care_model, mix_input_from_demand(demand), MixOptions(marginals=False))


def _share_aged(scenario: Scenario, lowest: int) -> float:
    return sum(c.patients for c in scenario.population if c.age_band.lower >= lowest) / scenario.total_population


def _gp_fte(scenario: Scenario, attribute: str) -> float:
    return sum(getattr(r, attribute) for r in scenario.roles if r.role in GP_ROLES)


def test_edge_site_workbook_matches_its_builder(edge_site: Scenario) -> None:
    builder = load_script(SCENARIOS / "edge_site.py")
    assert edge_site == builder.build()


def test_the_builder_writes_the_shipped_workbook_again(tmp_path: Path, edge_site: Scenario) -> None:
    builder = load_script(SCENARIOS / "edge_site.py")
    out = tmp_path / "edge-site-pch.xlsx"
    builder.main(out)
    assert load_scenario(out).scenario == edge_site


def test_edge_site_is_the_remote_deprived_older_site_described(edge_site: Scenario) -> None:
    assert len(edge_site.practices) == 5
    assert 34_000 <= edge_site.total_population <= 36_000
    assert {p.deprivation_decile for p in edge_site.practices} <= {2, 3, 4}
    assert all(p.rurality.is_sparse for p in edge_site.practices)
    assert sum(p.is_hub for p in edge_site.practices) == 1
    assert max(p.travel_minutes_to_hub for p in edge_site.practices) >= 45  # the far end of the peninsula
    assert _share_aged(edge_site, 65) > ENGLAND_65_PLUS * 1.2
    for practice in edge_site.practices:  # each list adds up from the population by sex and age band
        assert practice.list_size == sum(c.patients for c in edge_site.population if c.practice == practice.code)


def test_few_gps_in_post_and_few_to_recruit(edge_site: Scenario) -> None:
    per_10k = 10_000 * _gp_fte(edge_site, "existing_fte") / edge_site.total_population
    assert per_10k < 0.65 * ENGLAND_GP_FTE_PER_10K  # well below England's 4.43
    roles = {r.role: r for r in edge_site.roles}
    assert roles["gp"].max_fte - roles["gp"].existing_fte <= 1.0  # barely above those in post
    assert roles["arrs_gp"].max_fte <= 1.0
    for role in GROWING_ROLES:  # the roles a remote site can recruit have room to grow
        assert roles[role].max_fte >= roles[role].existing_fte + 1.0, role
    assert "physician_associate" not in roles  # no GP supervisor to spare


def test_the_continuity_limit_is_one_the_gp_supply_can_meet(edge_site: Scenario) -> None:
    limit = edge_site.site.max_patients_per_gp_fte
    assert limit is not None
    assert _gp_fte(edge_site, "existing_fte") * limit >= edge_site.total_population
    assert _gp_fte(edge_site, "max_fte") * limit >= edge_site.total_population


def test_the_mix_fills_the_gp_posts_and_leaves_need_unmet_for_want_of_gps(mix: Mix) -> None:
    assert mix.report.status is SolveStatus.OPTIMAL
    for role in GP_ROLES:
        assert mix.role(role).fte == pytest.approx(mix.role(role).max_fte)
    for role in ("advanced_nurse_practitioner", "paramedic"):  # the plan leans on the roles it can recruit
        assert mix.role(role).fte > mix.role(role).existing_fte
    assert mix.unmet_hours_per_week > 0
    unmet = [s for s in mix.services if s.unmet_hours_per_week > 0]
    assert any(why.startswith("supply: GP is capped") for s in unmet for why in s.why_unmet)
    assert "supply: GP is capped" in " ".join(mix.service("routine_gp").why_unmet)
    assert mix.cost_per_year < mix.workforce_budget_per_year  # the money is there; the GPs are not


def test_edge_site_staff_are_the_roles_existing_fte(edge_site: Scenario) -> None:
    for role in edge_site.roles:
        sessions = sum(s.sessions_per_week for s in edge_site.staff if s.role == role.role)
        assert role.existing_fte == pytest.approx(sessions / 9, abs=0.005), role.role
    assert {s.home_practice for s in edge_site.staff} == {p.code for p in edge_site.practices}


def test_every_contract_can_be_worked(loaded: LoadedScenario) -> None:
    assert check_contracts(build_pch_rota(loaded.scenario, loaded.care_model, loaded.rota_policy)) == []

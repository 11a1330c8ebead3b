"""The care model's trajectory defaults (issue 21): growth, leavers, lead times and cases, every figure sourced."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from pch_workforce.care_model import CareModelError, apply_overrides, load_care_model, parse_care_model
from pch_workforce.care_model.model import StaffGroup
from pch_workforce.care_model.trajectory import (
    LEAVER_AGE_BANDS,
    STAFF_GROUPS,
    TrajectoryCase,
    TrajectoryDefaults,
    leaver_age_band,
)
from pch_workforce.plan.workbook.assumptions import sourced_values

MODELS = Path(__file__).resolve().parents[1] / "models"
DEFAULT = MODELS / "pch-default.toml"


@pytest.fixture(scope="module")
def model():
    return load_care_model("pch-default", [MODELS])


def _problems(tmp_path: Path, old: str, new: str) -> list[str]:
    text = DEFAULT.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "edited.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CareModelError) as caught:
        load_care_model(str(path), [])
    return caught.value.problems


def test_default_model_has_the_trajectory_section(model):
    t = model.trajectory
    assert isinstance(t, TrajectoryDefaults)
    assert set(t.population_growth) == {str(band) for band in model.age_bands}
    assert t.population_growth["85+"].value > t.population_growth["65-74"].value > 0 > t.population_growth["0-4"].value
    assert t.pay_award_beyond.value == pytest.approx(0.03) and t.pay_award_beyond.judgement
    assert t.income_uplift.value == pytest.approx(0.027) and t.income_uplift.judgement
    assert t.arrs_envelope_growth.value == pytest.approx(0.025) and t.arrs_envelope_growth.judgement
    assert t.gp_training_years.value == 3 and not t.gp_training_years.judgement
    assert t.newly_qualified_gp_retention.value == pytest.approx(0.475)
    assert "Human Resources for Health" in t.newly_qualified_gp_retention.source
    assert not t.newly_qualified_gp_retention.judgement


def test_band_growth_says_which_research_band_it_maps(model):
    growth = model.trajectory.population_growth
    for band, rate in growth.items():
        assert rate.judgement and "band mapping" in rate.source, band
    assert "0-14" in growth["5-14"].source and "15-64" in growth["45-64"].source


def test_every_role_has_a_leaver_rate_and_a_lead_time(model):
    t = model.trajectory
    assert set(t.leaver_rate) == set(model.roles)
    assert set(t.lead_months) == set(model.roles)
    assert t.leaver_rate["gp"].value == pytest.approx(0.088) and not t.leaver_rate["gp"].judgement
    assert all(t.leaver_rate[r].judgement for r in model.roles if r != "gp")
    assert t.lead_months["gp"].value == 6 and t.lead_months["healthcare_assistant"].value == 3


def test_age_rates_use_the_fixed_bands_and_staff_groups(model):
    by_age = model.trajectory.leaver_rate_by_age
    assert set(by_age) == {"gp", "nurse"}
    assert all(set(rates) == set(LEAVER_AGE_BANDS) for rates in by_age.values())
    assert set(STAFF_GROUPS) == {g.value for g in StaffGroup}
    assert not by_age["gp"]["55-59"].judgement
    assert all(rate.judgement for band, rate in by_age["gp"].items() if band != "55-59")
    assert all(rate.judgement for rate in by_age["nurse"].values())


def test_leaver_by_hand(model):
    t = model.trajectory
    assert t.leaver("gp", "gp", "55-59") == pytest.approx(0.112)  # the published 55-59 rate, not the 8.8%
    assert t.leaver("gp", "gp", None) == pytest.approx(0.088)
    assert t.leaver("arrs_gp", StaffGroup.GP, "60+") == pytest.approx(0.20)  # the group's age rate
    # a pharmacist: staff group "other" has no age rates, so the role's 12% at any age
    assert t.leaver("clinical_pharmacist", "other", "55-59") == pytest.approx(0.12)
    assert t.leaver("clinical_pharmacist", "other", None) == pytest.approx(0.12)
    assert t.leaver("practice_nurse", "nurse", "35-44") == pytest.approx(0.08)
    assert t.leaver("practice_nurse", "nurse", None) == pytest.approx(0.10)
    with pytest.raises(ValueError, match="40-49"):
        t.leaver("gp", "gp", "40-49")
    with pytest.raises(KeyError, match="receptionist"):
        t.leaver("receptionist", "other", None)


def test_leaver_age_band():
    assert [leaver_age_band(a) for a in (24, 34, 35, 44, 45, 54, 55, 59, 60, 71)] == [
        "under 35", "under 35", "35-44", "35-44", "45-54", "45-54", "55-59", "55-59", "60+", "60+"]


def test_the_cases_exist_and_are_judgement_calls(model):
    cases = model.trajectory.cases
    assert set(cases) == {"low", "high"}
    assert all(isinstance(c, TrajectoryCase) for c in cases.values())
    assert cases["low"].growth_factor.value == 0.5 and cases["high"].growth_factor.value == 1.5
    assert cases["low"].leaver_factor.value == 0.8 and cases["high"].leaver_factor.value == 1.25
    assert all(f.judgement and f.source.startswith("JUDGEMENT")
               for c in cases.values() for f in (c.growth_factor, c.leaver_factor))


def test_leaver_rate_above_one_names_the_key_path(tmp_path):
    problems = _problems(tmp_path, 'physician_associate = { value = 0.15, judgement = true',
                         'physician_associate = { value = 1.5, judgement = true')
    assert any(p.endswith("trajectory.leaver_rate.physician_associate.value: must be <= 1, got 1.5")
               for p in problems), problems
    problems = _problems(tmp_path, '"55-59" = { value = 0.112,', '"55-59" = { value = 1.12,')
    assert any(p.endswith("trajectory.leaver_rate_by_age.gp.55-59.value: must be <= 1, got 1.12")
               for p in problems), problems


def test_negative_lead_time_names_the_key_path(tmp_path):
    problems = _problems(tmp_path, 'gp = { value = 6, judgement = true, source = "JUDGEMENT: business case',
                         'gp = { value = -1, judgement = true, source = "JUDGEMENT: business case')
    assert any(p.endswith("trajectory.lead_months.gp.value: must be >= 0, got -1") for p in problems), problems


def test_a_role_without_a_leaver_rate_is_named(tmp_path):
    problems = _problems(tmp_path, 'dietitian = { value = 0.12, judgement = true, source = "JUDGEMENT (staff-group',
                         'dietician = { value = 0.12, judgement = true, source = "JUDGEMENT (staff-group')
    assert any(p.endswith("trajectory.leaver_rate.dietitian: missing (every role needs a leaver rate)")
               for p in problems), problems
    assert any(p.endswith('trajectory.leaver_rate.dietician: unknown role "dietician"; known roles: gp, '
                          "advanced_nurse_practitioner, practice_nurse, healthcare_assistant, clinical_pharmacist, "
                          "pharmacy_technician, first_contact_physio, paramedic, occupational_therapist, dietitian, "
                          "mental_health_practitioner, social_worker, social_prescribing_link_worker, "
                          "care_coordinator, health_wellbeing_coach, physician_associate, district_nurse, arrs_gp")
               for p in problems), problems


def test_a_role_without_a_lead_time_is_named():
    data = tomllib.loads(DEFAULT.read_text(encoding="utf-8"))
    del data["trajectory"]["lead_months"]["social_worker"]
    with pytest.raises(CareModelError) as caught:
        parse_care_model(data)
    assert "care model: trajectory.lead_months.social_worker: missing (every role needs a recruitment lead time)" \
        in caught.value.problems


def test_growth_bands_must_be_the_models_bands(tmp_path):
    problems = _problems(tmp_path, '"85+" = { value = 0.025,', '"90+" = { value = 0.025,')
    assert any(p.endswith("trajectory.population_growth.85+: missing (every age band needs a growth rate)")
               for p in problems), problems
    assert any("trajectory.population_growth.90+: not an age band of this model; bands: 0-4, 5-14" in p
               for p in problems), problems


def test_unknown_age_band_staff_group_and_case_are_named(tmp_path):
    problems = _problems(tmp_path, '"45-54" = { value = 0.065,', '"45-55" = { value = 0.065,')
    assert any(p.endswith("trajectory.leaver_rate_by_age.gp.45-55: not an age band of the leaver rates; bands: "
                          "under 35, 35-44, 45-54, 55-59, 60+") for p in problems), problems
    problems = _problems(tmp_path, "[trajectory.leaver_rate_by_age.nurse]", "[trajectory.leaver_rate_by_age.nurses]")
    assert any(p.endswith("trajectory.leaver_rate_by_age.nurses: unknown staff group; staff groups: gp, nurse, other")
               for p in problems), problems
    problems = _problems(tmp_path, "[trajectory.cases.high]", "[trajectory.cases.central]")
    assert any(p.endswith('trajectory.cases: missing the "high" case') for p in problems), problems
    assert any("trajectory.cases.central: unknown case" in p for p in problems), problems


def test_a_model_without_trajectory_still_loads():
    data = tomllib.loads(DEFAULT.read_text(encoding="utf-8"))
    del data["trajectory"]
    assert parse_care_model(data).trajectory is None


def test_every_trajectory_value_is_listed_with_the_sourced_values(model):
    listed = {path: value for path, value, _ in sourced_values(model)}
    t = model.trajectory
    assert listed["trajectory.leaver_rate_by_age.gp.55-59"].value == pytest.approx(0.112)
    assert listed["trajectory.cases.high.leaver_factor"].value == 1.25
    assert listed["trajectory.population_growth.85+"] is t.population_growth["85+"]
    expected = (len(t.population_growth) + 6 + len(t.leaver_rate) + len(t.lead_months)
                + sum(len(r) for r in t.leaver_rate_by_age.values()) + 2 * len(t.cases))
    assert sum(path.startswith("trajectory.") for path in listed) == expected


def test_trajectory_survives_overrides(model):
    changed = apply_overrides(model, [("trajectory.leaver_rate.gp", 0.1, "local retention data 2026"),
                                      ("trajectory.leaver_rate_by_age.gp.60+", 0.3, "local partners retiring")])
    assert changed.trajectory.leaver("gp", "gp", None) == pytest.approx(0.1)
    assert changed.trajectory.leaver("gp", "gp", "60+") == pytest.approx(0.3)
    assert changed.trajectory.leaver_rate["gp"].source == "site override: local retention data 2026"
    assert changed.trajectory.lead_months == model.trajectory.lead_months

"""Care model: the shipped TOML loads, every number is sourced, and errors name the key path."""

from __future__ import annotations

import pickle
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from pch_workforce.care_model import (
    CareModelError,
    OverrideError,
    apply_overrides,
    load_care_model,
)
from pch_workforce.scenario.model import AgeBand, Sex

MODELS = Path(__file__).resolve().parents[1] / "models"
DEFAULT = MODELS / "pch-default.toml"

FIXED_ROLES = {
    "gp", "advanced_nurse_practitioner", "practice_nurse", "healthcare_assistant", "clinical_pharmacist",
    "pharmacy_technician", "first_contact_physio", "paramedic", "occupational_therapist", "dietitian",
    "mental_health_practitioner", "social_worker", "social_prescribing_link_worker", "care_coordinator",
    "health_wellbeing_coach", "physician_associate", "district_nurse",
}
FIXED_CONDITIONS = {
    "diabetes", "copd", "asthma", "chd", "heart_failure", "hypertension", "atrial_fibrillation", "stroke_tia",
    "ckd", "smi", "depression", "dementia", "learning_disability", "obesity", "care_home_residents",
    "housebound", "frailty_moderate_severe", "polypharmacy_10plus", "childhood_obesity",
}


@pytest.fixture(scope="module")
def model():
    return load_care_model("pch-default", [MODELS])


def _raw() -> dict[str, Any]:
    return tomllib.loads(DEFAULT.read_text(encoding="utf-8"))


def _write(tmp_path: Path, text: str, name: str = "broken.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT.read_text(encoding="utf-8")
    assert old in text, old
    return _write(tmp_path, text.replace(old, new, 1))


def _problems(path: Path) -> list[str]:
    with pytest.raises(CareModelError) as caught:
        load_care_model(str(path), [])
    return caught.value.problems


# --- the shipped model --------------------------------------------------------------------------


def test_default_model_has_the_fixed_ids(model):
    assert FIXED_ROLES <= set(model.roles)
    assert FIXED_CONDITIONS <= set(model.conditions)
    assert {"same_day", "routine_gp", "msk_first_contact", "home_visits", "medication_review",
            "mental_health_common", "mental_health_smi", "child_health_imms", "social_care_assessment",
            "care_coordination", "social_prescribing", "ltc_diabetes", "ltc_respiratory",
            "ltc_cardiovascular", "ltc_hypertension"} <= set(model.services)


def test_every_nhs_five_year_band_falls_in_one_care_model_band(model):
    nhs = [AgeBand(lower=a, upper=a + 4) for a in range(0, 95, 5)] + [AgeBand(lower=95, upper=None)]
    for band in nhs:
        holders = [own for own in model.age_bands if own.contains(band)]
        assert len(holders) == 1, band


@pytest.mark.parametrize("path", sorted(MODELS.glob("*.toml")), ids=lambda p: p.name)
def test_every_number_in_every_model_has_a_source(path):
    """No bare numbers: each is a { value, source } table with a non-empty source."""
    bare: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if "value" in node:
                if not str(node.get("source", "")).strip():
                    bare.append(f"{where}: no source")
                if node.get("judgement") and "JUDGEMENT" not in str(node.get("source", "")).upper():
                    bare.append(f"{where}: judgement call without its reasoning")
                return
            for key, child in node.items():
                walk(child, f"{where}.{key}" if where else key)
        elif isinstance(node, list):
            for i, child in enumerate(node):
                walk(child, f"{where}.{i}")
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            bare.append(f"{where}: bare number {node!r}")

    walk(tomllib.loads(path.read_text(encoding="utf-8")), "")
    assert bare == []


def test_derived_annual_cost_shows_its_arithmetic(model):
    pn = model.roles["practice_nurse"]
    salary = pn.pay.salary.value
    expected = salary + (salary - 5000) * 0.15 + salary * 0.1438
    assert pn.annual_cost.value == pytest.approx(expected, abs=0.01)
    assert salary == 42_170  # AfC band 6 middle point 2026/27: £40,823 (2025/26) x 1.033
    assert pn.annual_cost.source.startswith("derived: salary £42,170")


def test_wisn_clinical_hours_by_hand(model):
    # GP: (260 - 8 public holidays - 30 leave) days x 7.5 h x (1 - 4.3% sick) x (1 - 10.67% CPD - 25% admin) / 52
    hand = 222 * 7.5 * (1 - 0.043) * (1 - 0.1067 - 0.25) / 52
    assert model.clinical_hours_per_fte_week("gp") == pytest.approx(hand)
    assert model.category_allowance_factor("gp") == pytest.approx(1 / 0.75)


def test_consultation_rates_cover_every_band_and_sex(model):
    for sex in Sex:
        for band in model.age_bands:
            assert model.rate(sex, band).value > 0


def test_care_model_pickles(model):
    assert pickle.loads(pickle.dumps(model)) == model


def test_band_for_finds_the_containing_band(model):
    assert str(model.band_for(AgeBand.parse("90-94"))) == "85+"
    assert str(model.band_for(AgeBand.parse("25-29"))) == "25-44"
    assert model.band_for(AgeBand.parse("40-49")) is None


# --- finding a model ------------------------------------------------------------------------------


def test_name_resolves_in_the_first_search_dir_that_has_it(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "pch-default.toml").write_text(DEFAULT.read_text(encoding="utf-8").replace(
        'name = "pch-default"', 'name = "shadow"', 1), encoding="utf-8")
    assert load_care_model("pch-default", [other, MODELS]).name == "shadow"
    assert load_care_model("pch-default", [tmp_path, MODELS]).name == "pch-default"


def test_path_reference_loads(tmp_path):
    assert load_care_model(str(DEFAULT), []).name == "pch-default"


def test_unknown_name_lists_what_is_available():
    with pytest.raises(CareModelError) as caught:
        load_care_model("pch-defualt", [MODELS])
    assert "pch-defualt" in caught.value.problems[0]
    assert "pch-default" in caught.value.problems[0]


def test_not_toml_names_the_file(tmp_path):
    path = _write(tmp_path, "this is = = not toml")
    problems = _problems(path)
    assert problems[0].startswith(str(path)) and "not valid TOML" in problems[0]


# --- loader errors name the key path --------------------------------------------------------


def test_negative_salary_names_the_key_path(tmp_path):
    path = _edited(tmp_path, "salary = { value = 98730,", "salary = { value = -1,")
    problems = _problems(path)
    assert any(re.search(r"broken\.toml: roles\.gp\.pay\.salary\.value: must be > 0", p) for p in problems), problems


def test_annual_cost_given_must_be_positive(tmp_path):
    path = _edited(tmp_path, 'staff_group = "gp"\n', 'staff_group = "gp"\nannual_cost = { value = 0, source = "x" }\n')
    assert any("roles.gp.annual_cost.value: must be > 0" in p for p in _problems(path))


def test_bad_type_names_the_key_path(tmp_path):
    path = _edited(tmp_path, "same_day = { value = 0.019,", 'same_day = { value = "two percent",')
    assert any("dna_rate_by_lead_time.same_day.value: must be a number" in p for p in _problems(path))


def test_unknown_key_names_the_key_path(tmp_path):
    path = _edited(tmp_path, 'staff_group = "gp"\n', 'staff_group = "gp"\nsesions = 9\n')
    assert any("roles.gp.sesions: unknown key" in p for p in _problems(path))


def test_missing_source_names_the_key_path(tmp_path):
    path = _edited(
        tmp_path,
        'hours_per_fte_week = { value = 37.5, source = "BMA salaried GP model contract: full time = 37.5 hours a week (BMA \'Minimum terms and conditions\')" }',
        "hours_per_fte_week = { value = 37.5 }",
    )
    assert any("roles.gp.hours_per_fte_week.source: missing (every number needs a source)" in p for p in _problems(path))


def test_empty_source_is_rejected(tmp_path):
    path = _edited(tmp_path, 'weeks_per_year = { value = 52, source = "Calendar: 52 weeks a year" }',
                   'weeks_per_year = { value = 52, source = "  " }')
    assert any("employment.weeks_per_year.source: must not be empty" in p for p in _problems(path))


def test_bare_number_asks_for_a_source(tmp_path):
    path = _edited(tmp_path, 'weeks_per_year = { value = 52, source = "Calendar: 52 weeks a year" }',
                   "weeks_per_year = 52")
    assert any("employment.weeks_per_year: a bare number (52) has no source" in p for p in _problems(path))


def test_skill_matrix_unknown_role_is_named(tmp_path):
    path = _edited(tmp_path, "[services.same_day.delivery.paramedic]", "[services.same_day.delivery.paramedik]")
    assert any("services.same_day.delivery.paramedik: unknown role" in p for p in _problems(path))


def test_unknown_register_is_named(tmp_path):
    path = _edited(tmp_path, "[services.ltc_respiratory.registers]\nasthma =", "[services.ltc_respiratory.registers]\nasthmaa =")
    assert any("services.ltc_respiratory.registers.asthmaa: unknown condition" in p for p in _problems(path))


def test_band_gap_is_reported(tmp_path):
    path = _edited(tmp_path, '"5-14", "15-24"', '"5-14", "20-24"')
    assert any(p.endswith('age_bands: band "20-24" should start at 15 (bands must be in order, no gaps)') for p in _problems(path))


def test_every_problem_is_reported_at_once(tmp_path):
    text = DEFAULT.read_text(encoding="utf-8")
    text = text.replace("salary = { value = 98730,", "salary = { value = -1,", 1)
    text = text.replace('staff_group = "gp"\n', 'staff_group = "gp"\nsesions = 9\n', 1)
    problems = _problems(_write(tmp_path, text))
    assert any("roles.gp.pay.salary.value" in p for p in problems)
    assert any("roles.gp.sesions" in p for p in problems)


# --- overrides ------------------------------------------------------------------------------------


def test_override_sets_value_and_source(model):
    new = apply_overrides(model, [("roles.gp.annual_cost", 120000, "local salaried GP rate 2025")])
    assert new.roles["gp"].annual_cost.value == 120000
    assert new.roles["gp"].annual_cost.source == "site override: local salaried GP rate 2025"
    assert model.roles["gp"].annual_cost.value != 120000  # the input model is unchanged


def test_override_of_salary_recomputes_derived_cost(model):
    new = apply_overrides(model, [("roles.practice_nurse.pay.salary", 36000, "local band 5 post")])
    assert new.roles["practice_nurse"].annual_cost.value == pytest.approx(36000 + 31000 * 0.15 + 36000 * 0.1438)
    assert new.roles["gp"].annual_cost == model.roles["gp"].annual_cost


def test_override_of_skill_matrix_share(model):
    new = apply_overrides(model, [("services.same_day.delivery.paramedic.max_share", 0.5, "paramedic-led hub")])
    assert new.services["same_day"].delivery["paramedic"].max_share.value == 0.5


def test_override_of_a_text_field(model):
    new = apply_overrides(model, [("roles.gp.name", "Salaried GP", "local title")])
    assert new.roles["gp"].name == "Salaried GP"


def test_unknown_role_lists_the_known_roles(model):
    with pytest.raises(OverrideError) as caught:
        apply_overrides(model, [("roles.gp.annual_cost", 1.0, "ok"), ("roles.gpp.annual_cost", 1.0, "typo")])
    (index, message), = caught.value.problems
    assert index == 1
    assert message.startswith('unknown path "roles.gpp"; known roles: gp, advanced_nurse_practitioner')


def test_override_bad_type_and_bad_value_are_blamed_on_their_index(model):
    with pytest.raises(OverrideError) as caught:
        apply_overrides(model, [("roles.gp.annual_cost", "lots", "x")])
    assert caught.value.problems[0][0] == 0 and "must be a number" in caught.value.problems[0][1]
    with pytest.raises(OverrideError) as caught:
        apply_overrides(model, [("dna_rate_by_lead_time.same_day", 0.05, "x"), ("roles.gp.annual_cost", -5, "x")])
    assert caught.value.problems == [(1, "roles.gp.annual_cost.value: must be > 0, got -5")]


def test_override_of_a_section_is_refused(model):
    with pytest.raises(OverrideError) as caught:
        apply_overrides(model, [("roles.gp.pay", 1.0, "x")])
    assert "is a section" in caught.value.problems[0][1]


def test_override_needs_a_reason(model):
    with pytest.raises(OverrideError) as caught:
        apply_overrides(model, [("dna_rate_by_lead_time.same_day", 0.05, " ")])
    assert "give a source or reason" in caught.value.problems[0][1]


def test_a_role_cannot_supervise_itself(tmp_path):
    path = _edited(tmp_path, 'by = ["clinical_pharmacist"]', 'by = ["pharmacy_technician"]')
    assert any("roles.pharmacy_technician.supervision.by: a role cannot supervise itself" in p
               for p in _problems(path))

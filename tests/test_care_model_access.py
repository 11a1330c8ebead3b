"""The care model's access contract (issue 19): enhanced access and core hours, every figure sourced."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from pch_workforce.care_model import (
    CareModelError,
    apply_overrides,
    load_care_model,
    parse_care_model,
)
from pch_workforce.care_model.access import AccessWindow, clock_minutes
from pch_workforce.plan.workbook.assumptions import sourced_values

MODELS = Path(__file__).resolve().parents[1] / "models"
DEFAULT = MODELS / "pch-default.toml"


@pytest.fixture(scope="module")
def model():
    return load_care_model("pch-default", [MODELS])


def _problems(tmp_path: Path, old: str, new: str) -> list[str]:
    text = DEFAULT.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "edited.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CareModelError) as caught:
        load_care_model(str(path), [])
    return caught.value.problems


def test_default_model_has_the_access_contract(model):
    access = model.access
    assert access is not None
    assert access.enhanced_access_minutes_per_1000.value == 60
    assert "60 minutes of appointments a week per 1,000 PCN Adjusted Population" in (
        access.enhanced_access_minutes_per_1000.source)
    assert "weighted list" in access.enhanced_access_minutes_per_1000.source
    windows = {(w.saturday, w.start_minute, w.end_minute) for w in access.enhanced_access_windows}
    assert windows == {(False, 18 * 60 + 30, 20 * 60), (True, 9 * 60, 17 * 60)}
    assert "Network Standard Hours" in access.enhanced_access_windows_source
    assert (access.core_hours.start_minute, access.core_hours.end_minute) == (8 * 60, 18 * 60 + 30)
    assert "GMS" in access.core_hours.source and not access.core_hours.judgement


def test_role_lists_are_role_ids_and_judgement_calls(model):
    access = model.access
    assert isinstance(access.enhanced_access_roles, frozenset)
    assert access.enhanced_access_roles <= set(model.roles)
    assert {"gp", "arrs_gp", "advanced_nurse_practitioner", "practice_nurse", "healthcare_assistant",
            "clinical_pharmacist", "first_contact_physio", "paramedic", "physician_associate",
            "mental_health_practitioner"} <= access.enhanced_access_roles
    assert not {"care_coordinator", "social_prescribing_link_worker", "social_worker",
                "health_wellbeing_coach"} & access.enhanced_access_roles
    assert access.duty_clinician_roles == {"gp", "arrs_gp", "advanced_nurse_practitioner"}
    for judged, source in ((access.enhanced_access_roles_judgement, access.enhanced_access_roles_source),
                           (access.duty_clinician_roles_judgement, access.duty_clinician_roles_source)):
        assert judged and source.startswith("JUDGEMENT")


def test_required_minutes_for_38000_is_38_hours(model):
    assert model.access.required_enhanced_access_minutes_per_week(38_000) == pytest.approx(2_280)
    assert model.access.required_enhanced_access_minutes_per_week(0) == 0
    with pytest.raises(ValueError):
        model.access.required_enhanced_access_minutes_per_week(-1)


def test_unknown_duty_clinician_role_names_the_path(tmp_path):
    problems = _problems(tmp_path, 'duty_clinician_roles = ["gp", ', 'duty_clinician_roles = ["gpp", ')
    assert any(p.endswith('access.duty_clinician_roles: unknown role "gpp"; known roles: gp, '
                          'advanced_nurse_practitioner, practice_nurse, healthcare_assistant, clinical_pharmacist, '
                          'pharmacy_technician, first_contact_physio, paramedic, occupational_therapist, dietitian, '
                          'mental_health_practitioner, social_worker, social_prescribing_link_worker, '
                          'care_coordinator, health_wellbeing_coach, physician_associate, district_nurse, arrs_gp')
               for p in problems), problems


def test_unknown_enhanced_access_role_names_the_path(tmp_path):
    problems = _problems(tmp_path, '"gp", "arrs_gp", "advanced_nurse_practitioner", "practice_nurse",',
                         '"gp", "receptionist", "advanced_nurse_practitioner", "practice_nurse",')
    assert any('access.enhanced_access_roles: unknown role "receptionist"' in p for p in problems), problems


def test_window_ending_before_it_starts_is_an_error(tmp_path):
    problems = _problems(tmp_path, '{ saturday = true, start = "09:00", end = "17:00" }',
                         '{ saturday = true, start = "17:00", end = "09:00" }')
    assert any(p.endswith("access.enhanced_access_windows.1: ends at 09:00, not after it starts at 17:00 "
                          "(the end must be later the same day)") for p in problems), problems


def test_time_must_be_hh_mm(tmp_path):
    problems = _problems(tmp_path, 'start = "18:30", end = "20:00"', 'start = "6.30pm", end = "20:00"')
    assert any(p.endswith('access.enhanced_access_windows.0.start: write the time as "HH:MM" on the 24-hour '
                          "clock, e.g. \"18:30\"; got '6.30pm'") for p in problems), problems
    problems = _problems(tmp_path, 'core_hours = { start = "08:00"', 'core_hours = { start = "24:00"')
    assert any("access.core_hours.start: write the time as" in p for p in problems), problems


def test_overlapping_windows_of_one_day_are_an_error(tmp_path):
    problems = _problems(tmp_path, '{ saturday = true, start = "09:00", end = "17:00" },',
                         '{ saturday = true, start = "09:00", end = "17:00" },\n'
                         '  { saturday = true, start = "16:00", end = "18:00" },')
    assert any("access.enhanced_access_windows: Sat 09:00-17:00 and Sat 16:00-18:00 overlap" in p
               for p in problems), problems


def test_a_model_without_access_still_loads():
    data = tomllib.loads(DEFAULT.read_text(encoding="utf-8"))
    del data["access"]
    assert parse_care_model(data).access is None


def test_clock_times_parse():
    assert clock_minutes("08:00") == 480 and clock_minutes("8:05") == 485 and clock_minutes("23:59") == 1439
    window = AccessWindow(saturday=False, start="7:00", end="08:00")
    assert (window.start, window.start_minute, window.end_minute, window.minutes) == ("07:00", 420, 480, 60)


def test_minutes_per_1000_is_listed_with_the_sourced_values_and_the_rest_are_described(model):
    listed = {path: value for path, value, _ in sourced_values(model)}
    assert listed["access.enhanced_access_minutes_per_1000"].value == 60
    described = {row[0]: row for row in model.access.described()}
    assert described["access.enhanced_access_windows"][2] == "Mon-Fri 18:30-20:00; Sat 09:00-17:00"
    assert described["access.core_hours"][2] == "Mon-Fri 08:00-18:30"
    assert described["access.duty_clinician_roles"][2:4] == ("advanced_nurse_practitioner, arrs_gp, gp", True)


def test_access_survives_overrides(model):
    changed = apply_overrides(model, [("access.enhanced_access_minutes_per_1000", 75, "local agreement"),
                                      ("access.core_hours.end", "19:00", "practice core hours to 19:00")])
    assert changed.access.enhanced_access_minutes_per_1000.value == 75
    assert changed.access.core_hours.end_minute == 19 * 60
    assert changed.access.enhanced_access_roles == model.access.enhanced_access_roles
    assert changed.access.enhanced_access_windows == model.access.enhanced_access_windows

"""Build the shipped scenario `north-coast-pch.xlsx`: a fictional rural and coastal PCH site.

About 38,000 patients in six practices: two deprived coastal-town practices (seasonal work and
unemployment), a market town on the estuary, and three practices in sparsely populated villages
and moorland with many elderly patients with complex conditions. High childhood obesity.

The site, its people and its counts are fictional and illustrative (a training scenario): they are
scenario inputs, not care-model assumptions. Register counts are derived from the population by
the prevalences below, each labelled with the national figure it was shaped from. Care-home
residents follow from the Care homes sheet (beds x occupancy). The capitated budget is built from
income streams at the care model's 2026/27 rates (Income sheet); the quantities the care model
cannot know (the weighted list, QOF points achieved, local streams) are illustrative too, as are the
inputs of the multi-year trajectory (staff age bands and expected leaving years, the Trajectory and
Pipeline sheets).

Run ``python scenarios/north_coast.py`` to rebuild the workbook after changing this file; a
test checks that the shipped workbook and this file agree.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from pch_workforce.scenario.building import (
    existing_fte,
    named_staff,
    opening,
    split_population,
    weekday_cover,
    write_scenario,
)
from pch_workforce.scenario.model import (
    DEFAULT_SESSION_TIMES,
    CareHome,
    CoverRule,
    Employer,
    FundingShare,
    IncomeStream,
    PayPoint,
    PipelineEntry,
    Practice,
    RegisterCount,
    RolePlan,
    RotaRule,
    Rurality,
    Scenario,
    Session,
    Site,
    TrajectoryRole,
    Weekday,
)

OUT = Path(__file__).with_name("north-coast-pch.xlsx")
PLAN_START = dt.date(2027, 1, 4)
BANDS = [f"{lo}-{lo + 4}" for lo in range(0, 95, 5)] + ["95+"]

# Illustrative age structures (share of list per 5-year band, both sexes), not published figures:
# a coastal-town list slightly older than England, and a rural list much older (retirement in-migration).
TOWN_SHARES = [5.2, 5.6, 5.7, 5.4, 5.2, 5.6, 5.8, 5.7, 5.6, 6.0, 6.8, 7.2, 6.9, 6.2, 5.9, 4.3, 2.9, 1.9, 0.9, 0.3]
RURAL_SHARES = [3.8, 4.3, 4.6, 4.3, 3.3, 3.6, 4.1, 4.5, 4.9, 5.6, 6.9, 7.9, 8.2, 8.3, 8.8, 6.8, 4.7, 3.1, 1.6, 0.6]
FEMALE_SHARE_BY_BAND = [0.49] * 13 + [0.51, 0.52, 0.54, 0.57, 0.61, 0.67, 0.75]

PRACTICES = [
    # code, name, list, rurality, IMD decile, rooms, evenings, saturday, hub, travel, age profile
    ("P1", "Harbour Surgery", 9800, Rurality.TOWN_SPARSE, 2, 10, (Weekday.TUE, Weekday.THU), True, True, 0, TOWN_SHARES),
    ("P2", "Quayside Medical Centre", 8400, Rurality.TOWN_SPARSE, 1, 8, (Weekday.WED,), False, False, 10, TOWN_SHARES),
    ("P3", "Estuary Health Centre", 6300, Rurality.TOWN, 3, 6, (Weekday.MON,), False, False, 20, TOWN_SHARES),
    ("P4", "Cliffside Practice", 5600, Rurality.VILLAGE_SPARSE, 5, 5, (), False, False, 25, RURAL_SHARES),
    ("P5", "Headland Surgery", 4100, Rurality.VILLAGE_SPARSE, 4, 4, (), False, False, 35, RURAL_SHARES),
    ("P6", "Moorland Surgery", 3900, Rurality.HAMLET_SPARSE, 6, 4, (), False, False, 40, RURAL_SHARES),
]

# Register prevalence (share of the whole list) for this fictional site, shaped from national QOF
# recorded prevalence (see models/pch-default.toml for sourced national figures) and raised for an
# older, more deprived population. Illustrative scenario inputs.
PREVALENCE_TOWN = {
    "hypertension": 0.165, "diabetes": 0.085, "asthma": 0.068, "copd": 0.032, "chd": 0.037,
    "heart_failure": 0.012, "atrial_fibrillation": 0.025, "stroke_tia": 0.022, "ckd": 0.045,
    "smi": 0.012, "depression": 0.150, "dementia": 0.009, "learning_disability": 0.006, "obesity": 0.135,
    "housebound": 0.015, "frailty_moderate_severe": 0.040, "palliative_care": 0.005,
    "polypharmacy_10plus": 0.055, "childhood_obesity": 0.030,
}
PREVALENCE_RURAL = {
    "hypertension": 0.205, "diabetes": 0.082, "asthma": 0.062, "copd": 0.030, "chd": 0.048,
    "heart_failure": 0.018, "atrial_fibrillation": 0.038, "stroke_tia": 0.031, "ckd": 0.060,
    "smi": 0.008, "depression": 0.120, "dementia": 0.014, "learning_disability": 0.005, "obesity": 0.120,
    "housebound": 0.024, "frailty_moderate_severe": 0.065, "palliative_care": 0.007,
    "polypharmacy_10plus": 0.070, "childhood_obesity": 0.022,
}

# role, existing FTE (replaced below by the named staff's sessions / 9), most FTE recruitable, ARRS,
# employer, payers (empty: the care model's default for the role, else the site), pay point, ARRS
# baseline FTE (staff the practices had before the network's ARRS posts, which ARRS cannot reimburse)
SITE = (FundingShare(payer="site", share=1.0),)
ROLES = [
    ("gp", 14.0, 17.0, False, Employer.PRACTICE, SITE, PayPoint.MIDDLE, 0.0),
    ("arrs_gp", 0.0, 2.0, True, Employer.PCN, SITE, PayPoint.BOTTOM, 0.0),
    ("advanced_nurse_practitioner", 3.0, 5.0, False, Employer.PRACTICE, SITE, PayPoint.MIDDLE, 0.0),
    ("practice_nurse", 9.0, 11.0, False, Employer.PRACTICE, SITE, PayPoint.TOP, 0.0),
    ("healthcare_assistant", 6.0, 9.0, False, Employer.PRACTICE, SITE, PayPoint.MIDDLE, 0.0),
    ("clinical_pharmacist", 3.0, 6.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 1.0),
    ("pharmacy_technician", 1.0, 3.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("first_contact_physio", 2.0, 4.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("paramedic", 1.0, 3.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("occupational_therapist", 1.0, 2.0, True, Employer.COMMUNITY_TRUST, SITE, PayPoint.MIDDLE, 0.0),
    ("dietitian", 0.0, 1.0, True, Employer.COMMUNITY_TRUST, SITE, PayPoint.MIDDLE, 0.0),
    ("mental_health_practitioner", 2.0, 3.0, True, Employer.MENTAL_HEALTH_TRUST, (), PayPoint.MIDDLE, 0.0),
    ("social_worker", 2.0, 3.0, False, Employer.LOCAL_AUTHORITY, (), PayPoint.MIDDLE, 0.0),
    ("social_prescribing_link_worker", 2.0, 3.0, True, Employer.VOLUNTARY_SECTOR, SITE, PayPoint.MIDDLE, 0.0),
    ("care_coordinator", 2.0, 4.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("health_wellbeing_coach", 1.0, 2.0, True, Employer.VOLUNTARY_SECTOR, SITE, PayPoint.MIDDLE, 0.0),
    ("physician_associate", 0.0, 2.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("district_nurse", 6.0, 7.0, False, Employer.COMMUNITY_TRUST, (), PayPoint.MIDDLE, 0.0),
]

# Care homes aligned to each practice (Enhanced Health in Care Homes): name, practice, beds. Illustrative.
CARE_HOMES = [
    ("Harbour View Nursing Home", "P1", 48), ("Seagate House", "P1", 32), ("Quay Court", "P2", 40),
    ("Estuary Lodge Nursing Home", "P3", 55), ("Cliff Top Residential Home", "P4", 28),
    ("Headland Rest Home", "P5", 22), ("Moor Edge House", "P6", 30),
]
# Residents per bed (occupancy) and admissions per bed a year for the illustrative homes: a mean stay of
# 801 days gives 365 / 801 = 0.46 new residents a bed a year (research note, services section 4).
OCCUPANCY = 0.9
ADMISSIONS_PER_BED = 0.46

# Share of the income that pays for the clinical team; the rest pays reception and management staff, premises,
# IT and the partners' profit above their clinical sessions (illustrative).
WORKFORCE_SHARE = 0.60
# PCN contractor weighted list: the Carr-Hill formula weights an older, rural list above its head count;
# 1.10 is an illustrative weight for this site, not a published one.
WEIGHTED_LIST = 41_900
# Income streams priced by the care model (blank quantity or rate = the care model's basis and rate).
# QOF: points achieved after the list-size and prevalence adjustments (illustrative: about 560 of 635 points
# a practice, scaled to the site's list). Local streams give both quantity and rate.
INCOME = [
    ("global_sum", None, None, None),
    ("qof", 2_150, None, "North Coast QOF achievement 2025/26, list- and prevalence-adjusted points (illustrative)"),
    ("pcn_core", None, None, None),
    ("enhanced_access", None, None, None),
    ("care_home_premium", None, None, None),
    ("Local enhanced services (ICB)", 1, 210_000, "North Coast ICB local enhanced services 2026/27 (illustrative)"),
]

# Named staff: (role, home practice, sessions a week, evenings, Saturdays, age band). Names are fictional. Age
# bands are illustrative for an older rural and coastal workforce: 6 of the 18 GPs and 4 of the 10 practice nurses
# are 55 or over (nationally a third of general practice nurses are 55 or over, NHS Digital GP Workforce, April
# 2024, via Nursing in Practice; see docs/trajectory/defaults-research.toml).
STAFF = [
    ("gp", "P1", 9, True, True, "55-59"), ("gp", "P1", 8, True, False, "45-54"), ("gp", "P1", 7, False, True, "35-44"),
    ("gp", "P1", 6, True, False, "35-44"), ("gp", "P2", 9, True, True, "60+"), ("gp", "P2", 8, False, False, "45-54"),
    ("gp", "P2", 6, True, True, "under 35"), ("gp", "P3", 8, True, False, "55-59"),
    ("gp", "P3", 6, False, True, "35-44"), ("gp", "P3", 6, True, False, "45-54"),
    ("gp", "P4", 8, False, True, "55-59"), ("gp", "P4", 6, True, False, "35-44"),
    ("gp", "P5", 8, True, False, "55-59"), ("gp", "P5", 5, False, False, "45-54"), ("gp", "P6", 8, False, True, "60+"),
    ("gp", "P6", 5, True, False, "35-44"), ("gp", "P1", 6, True, True, "under 35"),
    ("gp", "P2", 6, False, False, "45-54"),
    ("advanced_nurse_practitioner", "P1", 9, True, True, "45-54"),
    ("advanced_nurse_practitioner", "P2", 9, True, False, "35-44"),
    ("advanced_nurse_practitioner", "P3", 9, False, True, "55-59"),
    ("practice_nurse", "P1", 9, True, True, "55-59"), ("practice_nurse", "P1", 8, False, False, "45-54"),
    ("practice_nurse", "P2", 9, True, False, "35-44"), ("practice_nurse", "P2", 6, False, True, "60+"),
    ("practice_nurse", "P3", 9, False, False, "45-54"), ("practice_nurse", "P4", 9, False, True, "60+"),
    ("practice_nurse", "P5", 8, False, False, "55-59"), ("practice_nurse", "P6", 8, True, False, "45-54"),
    ("practice_nurse", "P4", 9, False, False, "under 35"), ("practice_nurse", "P1", 9, True, False, "35-44"),
    ("healthcare_assistant", "P1", 9, True, True, "under 35"), ("healthcare_assistant", "P2", 9, False, True, "45-54"),
    ("healthcare_assistant", "P3", 9, True, False, "35-44"), ("healthcare_assistant", "P4", 9, False, False, "55-59"),
    ("healthcare_assistant", "P5", 9, False, True, "under 35"),
    ("healthcare_assistant", "P6", 9, False, False, "45-54"),
    ("clinical_pharmacist", "P1", 9, False, False, "under 35"), ("clinical_pharmacist", "P2", 9, True, False, "35-44"),
    ("clinical_pharmacist", "P4", 9, False, False, "under 35"),
    ("pharmacy_technician", "P1", 9, False, False, "under 35"),
    ("first_contact_physio", "P1", 9, True, True, "35-44"), ("first_contact_physio", "P3", 9, False, False, "45-54"),
    ("paramedic", "P1", 9, True, True, "35-44"),
    ("occupational_therapist", "P1", 9, False, False, "45-54"),
    ("mental_health_practitioner", "P1", 9, True, False, "35-44"),
    ("mental_health_practitioner", "P2", 9, False, False, "45-54"),
    ("social_worker", "P1", 9, False, False, "45-54"), ("social_worker", "P4", 9, False, False, "35-44"),
    ("social_prescribing_link_worker", "P2", 9, False, False, "under 35"),
    ("social_prescribing_link_worker", "P5", 9, False, False, "55-59"),
    ("care_coordinator", "P1", 9, False, False, "under 35"), ("care_coordinator", "P4", 9, False, False, "35-44"),
    ("health_wellbeing_coach", "P2", 9, False, False, "under 35"),
    ("district_nurse", "P1", 9, False, True, "55-59"), ("district_nurse", "P1", 9, False, False, "45-54"),
    ("district_nurse", "P3", 9, False, True, "35-44"), ("district_nurse", "P4", 9, False, False, "60+"),
    ("district_nurse", "P5", 9, False, False, "45-54"), ("district_nurse", "P6", 9, False, False, "55-59"),
]
# Expected leaving years (financial years, April to March), by staff ID: the GP partner at Moorland Surgery (60+)
# retires in 2028/29 and a practice nurse at Cliffside Practice (60+) in 2029/30. Illustrative.
LEAVING_YEARS = {"S015": "2028/29", "S027": "2029/30"}

# Trajectory: how each role's staff leave and are hired, where the site differs from the care model's defaults
# (blank = the default). Recruiting to a remote coastal site is slow: a GP post takes 9 months from the decision
# to hire to the first day (against about 6 nationally) and the site expects to fill at most 1.5 GP FTE a year;
# nurse posts take 5 months. Illustrative: role, leaver rate, lead time (months), most hires a year (FTE).
TRAJECTORY = [
    ("gp", None, 9, 1.5),
    ("practice_nurse", None, 5, 1.0),
    ("advanced_nurse_practitioner", None, 6, 1.0),
]
# Trainees who join when they qualify: Harbour Surgery (the hub) is a GP training practice. Illustrative.
PIPELINE = [("gp", "2028/29", 1.0, "GP registrar at Harbour Surgery")]

FIRST_NAMES = ["Amara", "Ben", "Ceri", "Dev", "Elin", "Femi", "Gwen", "Hari", "Iona", "Jack", "Kemi", "Luca",
               "Maya", "Nia", "Owen", "Priya", "Rhys", "Sana", "Tom", "Uma", "Vic", "Wil", "Yara", "Zac"]
SURNAMES = ["Penrose", "Trelawny", "Okafor", "Nance", "Pascoe", "Shah", "Jago", "Kitto", "Rowe", "Bolitho",
            "Hosking", "Mendes", "Tonkin", "Varley", "Chen", "Roskilly", "Bray", "Adeyemi", "Carne"]
TITLE = {"gp": "Dr "}

# Weekday sessions each practice must cover, by role: (role, minimum AM, minimum PM).
COVER = {
    "P1": [("gp", 3, 3), ("practice_nurse", 2, 2), ("healthcare_assistant", 1, 1),
           ("advanced_nurse_practitioner", 1, 1)],
    "P2": [("gp", 2, 2), ("practice_nurse", 1, 1), ("healthcare_assistant", 1, 0),
           ("advanced_nurse_practitioner", 1, 0)],
    "P3": [("gp", 2, 1), ("practice_nurse", 1, 1), ("healthcare_assistant", 1, 0)],
    "P4": [("gp", 1, 1), ("practice_nurse", 1, 1)],
    "P5": [("gp", 1, 1), ("practice_nurse", 1, 0)],
    "P6": [("gp", 1, 1), ("practice_nurse", 1, 0)],
}


def build() -> Scenario:
    practices, population, registers = [], [], []
    for code, name, size, rurality, decile, rooms, evenings, saturday, hub, travel, shares in PRACTICES:
        practices.append(Practice(code=code, name=name, list_size=size, rurality=rurality,
                                  deprivation_decile=decile, clinical_rooms=rooms, opening=opening(evenings, saturday),
                                  is_hub=hub, travel_minutes_to_hub=travel))
        population += split_population(code, size, shares, BANDS, FEMALE_SHARE_BY_BAND)
        prevalence = PREVALENCE_RURAL if rurality.value.startswith(("village", "hamlet")) else PREVALENCE_TOWN
        registers += [RegisterCount(practice=code, condition=c, patients=round(size * p))
                      for c, p in prevalence.items()]
    homes = [CareHome(name=name, practice=code, beds=beds, admissions_per_year=round(beds * ADMISSIONS_PER_BED))
             for name, code, beds in CARE_HOMES]
    registers += [RegisterCount(practice=code, condition="care_home_residents",
                                patients=round(OCCUPANCY * sum(h.beds for h in homes if h.practice == code)))
                  for code, *_ in PRACTICES]
    staff = named_staff(STAFF, PLAN_START, FIRST_NAMES, SURNAMES, TITLE, LEAVING_YEARS)
    cover = weekday_cover(COVER)
    cover += [CoverRule(practice="P1", role="gp", weekday=d, session=Session.EVENING, minimum=1)
              for d in (Weekday.TUE, Weekday.THU)]
    cover += [CoverRule(practice="P1", role=r, weekday=Weekday.SAT, session=Session.AM, minimum=1)
              for r in ("gp", "practice_nurse")]
    return Scenario(
        site=Site(name="North Coast Primary Care Home", care_model="pch-default", plan_start=PLAN_START,
                  rota_weeks=4, workforce_share=WORKFORCE_SHARE, max_patients_per_gp_fte=2300, allow_redundancies=False,
                  weighted_list=WEIGHTED_LIST),
        practices=tuple(practices), population=tuple(population), registers=tuple(registers),
        roles=tuple(RolePlan(role=r, existing_fte=existing_fte(STAFF, r), max_fte=m, arrs_eligible=a, employer=emp,
                             funding=funding, pay_point=point, arrs_baseline_fte=baseline)
                    for r, _, m, a, emp, funding, point, baseline in ROLES),
        staff=tuple(staff), cover_rules=tuple(cover),
        rota_rules=(RotaRule(rule="mdt_weekday", value=3),),
        care_homes=tuple(homes),
        income=tuple(IncomeStream(stream=stream, quantity=quantity, rate=rate, source=source)
                     for stream, quantity, rate, source in INCOME),
        session_times=DEFAULT_SESSION_TIMES,  # core hours and Network Standard Hours (see the model's sources)
        trajectory_roles=tuple(TrajectoryRole(role=role, leaver_rate=rate, lead_months=lead, max_hires_per_year=most)
                               for role, rate, lead, most in TRAJECTORY),
        pipeline=tuple(PipelineEntry(role=role, qualifying_year=year, fte=fte, description=description)
                       for role, year, fte, description in PIPELINE),
    )


def main(out: Path = OUT) -> None:
    write_scenario(build(), out)

if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)

"""Build the shipped scenario `inner-city-pch.xlsx`: a fictional inner-city PCH site.

About 50,000 patients in four urban practices a few minutes apart. Three serve long-settled, mostly
migrant and mixed communities in the most deprived tenth of neighbourhoods (families, many young
children); the fourth serves the city-centre flats, students and young workers around the university
and the hostels. The lists are young and mobile (many patients aged 20-39, few over 65, a high list
turnover), deprivation is high (IMD deciles 1-2), mental-health need is high (SMI and depression
registers well above the national figures), and many patients speak little English. There are few care
homes (two) and few housebound patients; home visits are short trips across the city.

The site, its people and its counts are fictional and illustrative (a training scenario): names of
places and people are invented, and the figures are scenario inputs, not care-model assumptions.
Register counts are derived from the population by the prevalences below, each labelled with the
national figure it was shaped from. Care-home residents follow from the Care homes sheet (beds x
occupancy). The capitated budget is built from income streams at the care model's 2026/27 rates
(Income sheet); the quantities the care model cannot know (the weighted list, QOF points achieved,
local streams) are illustrative too, as are the inputs of the multi-year trajectory (staff age bands and
expected leaving years, the Trajectory and Pipeline sheets).

Limitation: longer appointments where an interpreter is needed cannot be expressed. Neither the care
model (models/pch-default.toml) nor the scenario schema has an input for the share of patients who need
an interpreter or for a per-practice appointment length. The Overrides sheet can change a service's
minutes per contact, but only for the whole site, every patient and every practice, and the extra minutes
an interpreted consultation takes is a rate with no published figure in the care model; so no override is
made, and this site's demand in hours is probably understated (by the share of interpreted contacts times
their extra length).

Run ``python scenarios/inner_city.py`` to rebuild the workbook after changing this file; a
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

OUT = Path(__file__).with_name("inner-city-pch.xlsx")
PLAN_START = dt.date(2027, 1, 4)
BANDS = [f"{lo}-{lo + 4}" for lo in range(0, 95, 5)] + ["95+"]

# Illustrative age structures (share of list per 5-year band, both sexes), not published figures: an
# inner-city family list much younger than England (many children and adults of 25-44, under 10% aged 65+),
# and a city-centre list of students and young workers (a third aged 20-29, about 6% aged 65+).
FAMILY_SHARES = [7.0, 6.4, 5.8, 5.2, 7.4, 9.6, 10.0, 9.0, 7.6, 6.4, 5.6, 4.6, 3.6, 2.9, 2.3, 1.7, 1.1, 0.6, 0.25, 0.08]
YOUNG_SHARES = [4.2, 2.8, 2.2, 6.0, 17.5, 17.0, 13.0, 9.0, 6.2, 4.8, 4.0, 3.3, 2.6, 2.0, 1.6, 1.2, 0.8, 0.45, 0.2, 0.05]
# Slightly more men than women at 20-39 (young men who came to the city for work), as in many inner cities.
FEMALE_SHARE_BY_BAND = [0.49] * 4 + [0.47] * 4 + [0.49] * 5 + [0.51, 0.52, 0.54, 0.57, 0.61, 0.67, 0.75]

# Register prevalence (share of the whole list) for this fictional site, shaped from national QOF
# recorded prevalence (see models/pch-default.toml for sourced national figures): SMI 0.84% and
# depression 11.6% nationally are raised (inner-city deprivation and hostels), diabetes is raised (South
# Asian communities develop it younger), and the conditions of old age (hypertension 14.1% nationally,
# heart disease, dementia, frailty) are lowered for a young list. Illustrative scenario inputs.
PREVALENCE_FAMILY = {
    "hypertension": 0.095, "diabetes": 0.078, "asthma": 0.058, "copd": 0.017, "chd": 0.019,
    "heart_failure": 0.006, "atrial_fibrillation": 0.008, "stroke_tia": 0.009, "ckd": 0.020,
    "smi": 0.017, "depression": 0.150, "dementia": 0.003, "learning_disability": 0.005, "obesity": 0.105,
    "housebound": 0.006, "frailty_moderate_severe": 0.014, "palliative_care": 0.002,
    "polypharmacy_10plus": 0.025, "childhood_obesity": 0.040,
}
PREVALENCE_YOUNG = {
    "hypertension": 0.060, "diabetes": 0.042, "asthma": 0.065, "copd": 0.010, "chd": 0.010,
    "heart_failure": 0.003, "atrial_fibrillation": 0.004, "stroke_tia": 0.005, "ckd": 0.010,
    "smi": 0.019, "depression": 0.170, "dementia": 0.002, "learning_disability": 0.004, "obesity": 0.085,
    "housebound": 0.003, "frailty_moderate_severe": 0.007, "palliative_care": 0.001,
    "polypharmacy_10plus": 0.012, "childhood_obesity": 0.015,
}
PROFILES = {"family": (FAMILY_SHARES, PREVALENCE_FAMILY), "young": (YOUNG_SHARES, PREVALENCE_YOUNG)}

PRACTICES = [
    # code, name, list, rurality, IMD decile, rooms, evenings, saturday, hub, travel, profile. Saturday is a morning
    # (the Practices sheet has no Saturday afternoon), so the hub and Brickfields both open on Saturday mornings.
    ("P1", "Foundry Lane Health Centre", 16400, Rurality.URBAN, 1, 16,
     (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU), True, True, 0, "family"),
    ("P2", "Brickfields Medical Practice", 13200, Rurality.URBAN, 1, 12, (Weekday.TUE, Weekday.THU), True, False, 8,
     "family"),
    ("P3", "Canal Street Surgery", 11300, Rurality.URBAN, 2, 10, (Weekday.WED,), False, False, 10, "family"),
    ("P4", "Mill Yard Practice", 9100, Rurality.URBAN, 2, 8, (Weekday.MON,), False, False, 12, "young"),
]

# role, existing FTE (replaced below by the named staff's sessions / 9), most FTE recruitable, ARRS,
# employer, payers (empty: the care model's default for the role, else the site), pay point, ARRS
# baseline FTE (staff the practices had before the network's ARRS posts, which ARRS cannot reimburse).
# A young team: most AfC staff sit at the bottom or middle of their band.
SITE = (FundingShare(payer="site", share=1.0),)
ROLES = [
    ("gp", 19.0, 22.0, False, Employer.PRACTICE, SITE, PayPoint.MIDDLE, 0.0),
    ("arrs_gp", 0.0, 3.0, True, Employer.PCN, SITE, PayPoint.BOTTOM, 0.0),
    ("advanced_nurse_practitioner", 4.0, 6.0, False, Employer.PRACTICE, SITE, PayPoint.MIDDLE, 0.0),
    ("practice_nurse", 10.0, 13.0, False, Employer.PRACTICE, SITE, PayPoint.MIDDLE, 0.0),
    ("healthcare_assistant", 7.0, 10.0, False, Employer.PRACTICE, SITE, PayPoint.MIDDLE, 0.0),
    ("clinical_pharmacist", 4.0, 7.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 1.0),
    ("pharmacy_technician", 2.0, 3.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("first_contact_physio", 2.0, 5.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("paramedic", 1.0, 2.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("occupational_therapist", 0.0, 1.0, True, Employer.COMMUNITY_TRUST, SITE, PayPoint.MIDDLE, 0.0),
    ("dietitian", 1.0, 1.0, True, Employer.COMMUNITY_TRUST, SITE, PayPoint.MIDDLE, 0.0),
    ("mental_health_practitioner", 3.0, 5.0, True, Employer.MENTAL_HEALTH_TRUST, (), PayPoint.MIDDLE, 0.0),
    ("social_worker", 1.0, 2.0, False, Employer.LOCAL_AUTHORITY, (), PayPoint.MIDDLE, 0.0),
    ("social_prescribing_link_worker", 3.0, 4.0, True, Employer.VOLUNTARY_SECTOR, SITE, PayPoint.BOTTOM, 0.0),
    ("care_coordinator", 3.0, 5.0, True, Employer.PCN, SITE, PayPoint.BOTTOM, 0.0),
    ("health_wellbeing_coach", 2.0, 3.0, True, Employer.VOLUNTARY_SECTOR, SITE, PayPoint.BOTTOM, 0.0),
    ("physician_associate", 1.0, 2.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("district_nurse", 4.0, 5.0, False, Employer.COMMUNITY_TRUST, (), PayPoint.MIDDLE, 0.0),
]

# Care homes aligned to each practice (Enhanced Health in Care Homes): name, practice, beds. Few in the inner
# city. Illustrative.
CARE_HOMES = [("Lindenfield Court Nursing Home", "P1", 38), ("Wharfside House", "P3", 26)]
# Residents per bed (occupancy) and admissions per bed a year for the illustrative homes: a mean stay of
# 801 days gives 365 / 801 = 0.46 new residents a bed a year (research note, services section 4).
OCCUPANCY = 0.9
ADMISSIONS_PER_BED = 0.46

# Share of the income that pays for the clinical team; the rest pays reception and management staff, premises,
# IT and the partners' profit above their clinical sessions (illustrative).
WORKFORCE_SHARE = 0.60
# PCN contractor weighted list: the Carr-Hill formula weights a young list below its head count, but the high
# list turnover, additional-needs and market-forces indices of a deprived city lift it again; 1.01 is an
# illustrative weight for this site, not a published one.
WEIGHTED_LIST = 50_500
# The list grows faster than England's: new flats in the city centre (illustrative, 1.2% a year).
POPULATION_GROWTH = 0.012
# Income streams priced by the care model (blank quantity or rate = the care model's basis and rate).
# QOF: points achieved after the list-size and prevalence adjustments (illustrative: about 520 of 635 points
# a practice, a little below average in a mobile, deprived list, scaled to the site's list). Local streams give
# both quantity and rate.
INCOME = [
    ("global_sum", None, None, None),
    ("qof", 2_600, None, "Inner City QOF achievement 2025/26, list- and prevalence-adjusted points (illustrative)"),
    ("pcn_core", None, None, None),
    ("enhanced_access", None, None, None),
    ("care_home_premium", None, None, None),
    ("Local enhanced services (ICB)", 1, 240_000, "Inner City ICB local enhanced services 2026/27 (illustrative)"),
    ("Homeless and asylum seeker health (ICB)", 1, 95_000,
     "Inner City ICB local scheme for patients in hostels and initial accommodation 2026/27 (illustrative)"),
]

# Named staff: (role, home practice, sessions a week, evenings, Saturdays, age band). Names are fictional. Age
# bands are illustrative for a young city workforce: 3 of the 26 GPs and 3 of the 11 practice nurses are 55 or
# over (nationally a third of general practice nurses are 55 or over, NHS Digital GP Workforce, April 2024, via
# Nursing in Practice; see docs/trajectory/defaults-research.toml). Many GPs work part time (6 or fewer sessions).
STAFF = [
    ("gp", "P1", 9, True, True, "45-54"), ("gp", "P1", 8, True, True, "35-44"), ("gp", "P1", 8, True, False, "55-59"),
    ("gp", "P1", 7, True, True, "35-44"), ("gp", "P1", 6, True, True, "under 35"),
    ("gp", "P1", 6, False, True, "35-44"), ("gp", "P1", 6, True, False, "under 35"),
    ("gp", "P1", 6, True, True, "35-44"),
    ("gp", "P2", 9, True, True, "60+"), ("gp", "P2", 8, True, False, "45-54"), ("gp", "P2", 7, True, True, "35-44"),
    ("gp", "P2", 6, False, True, "under 35"), ("gp", "P2", 6, True, False, "35-44"),
    ("gp", "P2", 6, True, True, "under 35"), ("gp", "P2", 5, False, False, "45-54"),
    ("gp", "P3", 8, True, True, "45-54"), ("gp", "P3", 7, True, False, "35-44"),
    ("gp", "P3", 6, False, True, "under 35"), ("gp", "P3", 6, True, False, "35-44"),
    ("gp", "P3", 6, True, True, "under 35"), ("gp", "P3", 5, False, False, "55-59"),
    ("gp", "P4", 8, True, True, "35-44"), ("gp", "P4", 7, True, False, "under 35"),
    ("gp", "P4", 6, False, True, "35-44"), ("gp", "P4", 6, True, True, "under 35"),
    ("gp", "P4", 5, False, False, "45-54"),
    ("advanced_nurse_practitioner", "P1", 9, True, True, "35-44"),
    ("advanced_nurse_practitioner", "P1", 9, True, False, "45-54"),
    ("advanced_nurse_practitioner", "P2", 9, False, True, "35-44"),
    ("advanced_nurse_practitioner", "P3", 9, True, False, "under 35"),
    ("practice_nurse", "P1", 9, True, True, "45-54"), ("practice_nurse", "P1", 9, False, True, "under 35"),
    ("practice_nurse", "P1", 6, True, False, "55-59"), ("practice_nurse", "P2", 9, True, True, "35-44"),
    ("practice_nurse", "P2", 9, False, False, "60+"), ("practice_nurse", "P2", 8, True, True, "under 35"),
    ("practice_nurse", "P2", 6, False, False, "45-54"), ("practice_nurse", "P3", 9, True, True, "35-44"),
    ("practice_nurse", "P3", 8, False, False, "55-59"), ("practice_nurse", "P4", 9, True, True, "under 35"),
    ("practice_nurse", "P4", 8, False, False, "35-44"),
    ("healthcare_assistant", "P1", 9, True, True, "under 35"), ("healthcare_assistant", "P1", 9, False, True, "35-44"),
    ("healthcare_assistant", "P2", 9, True, False, "under 35"), ("healthcare_assistant", "P2", 9, False, True, "45-54"),
    ("healthcare_assistant", "P3", 9, True, False, "35-44"), ("healthcare_assistant", "P3", 9, False, True, "under 35"),
    ("healthcare_assistant", "P4", 9, True, True, "under 35"),
    ("clinical_pharmacist", "P1", 9, True, True, "under 35"), ("clinical_pharmacist", "P2", 9, False, False, "35-44"),
    ("clinical_pharmacist", "P3", 9, True, False, "under 35"),
    ("clinical_pharmacist", "P4", 9, False, True, "under 35"),
    ("pharmacy_technician", "P1", 9, False, False, "under 35"),
    ("pharmacy_technician", "P2", 9, False, False, "35-44"),
    ("first_contact_physio", "P1", 9, True, True, "35-44"), ("first_contact_physio", "P2", 9, False, True, "under 35"),
    ("paramedic", "P1", 9, True, True, "under 35"),
    ("dietitian", "P1", 9, False, False, "35-44"),
    ("mental_health_practitioner", "P1", 9, True, False, "35-44"),
    ("mental_health_practitioner", "P2", 9, False, False, "under 35"),
    ("mental_health_practitioner", "P4", 9, True, False, "45-54"),
    ("social_prescribing_link_worker", "P1", 9, False, False, "under 35"),
    ("social_prescribing_link_worker", "P2", 9, False, False, "35-44"),
    ("social_prescribing_link_worker", "P4", 9, False, False, "under 35"),
    ("social_worker", "P1", 9, False, False, "35-44"),
    ("care_coordinator", "P1", 9, False, False, "under 35"), ("care_coordinator", "P2", 9, False, False, "under 35"),
    ("care_coordinator", "P3", 9, False, False, "35-44"),
    ("health_wellbeing_coach", "P1", 9, False, False, "under 35"),
    ("health_wellbeing_coach", "P3", 9, False, False, "under 35"),
    ("physician_associate", "P1", 9, False, False, "under 35"),
    ("district_nurse", "P1", 9, False, True, "45-54"), ("district_nurse", "P1", 9, False, False, "35-44"),
    ("district_nurse", "P2", 9, False, True, "55-59"), ("district_nurse", "P3", 9, False, False, "under 35"),
]
# Expected leaving years (financial years, April to March), by staff ID: the senior GP partner at Brickfields
# (60+) retires in 2028/29 and a practice nurse there (60+) in 2029/30. Illustrative.
LEAVING_YEARS = {"S009": "2028/29", "S035": "2029/30"}

# Trajectory: how each role's staff leave and are hired, where the site differs from the care model's defaults
# (blank = the default). A young, mobile city team moves on more often: the site's GPs leave at 14% a year (the
# 75th percentile of practice GP turnover, PMC8362689, against the national 8.8%), and its practice nurses at
# 13%; city posts fill faster (a GP post in 5 months, against about 6 nationally) and the site expects to fill
# up to 3 GP FTE a year. Illustrative: role, leaver rate, lead time (months), most hires a year (FTE).
TRAJECTORY = [
    ("gp", 0.14, 5, 3.0),
    ("practice_nurse", 0.13, 4, 2.0),
    ("advanced_nurse_practitioner", None, 5, 1.0),
]
# Trainees who join when they qualify: Foundry Lane (the hub) and Canal Street are GP training practices.
# Illustrative.
PIPELINE = [
    ("gp", "2027/28", 1.0, "GP registrar at Foundry Lane Health Centre"),
    ("gp", "2029/30", 0.8, "GP registrar at Canal Street Surgery"),
]

FIRST_NAMES = ["Aisha", "Bilal", "Chidi", "Dana", "Emre", "Fatima", "Grace", "Hamza", "Ines", "Jun", "Kofi", "Leila",
               "Marek", "Nadia", "Olu", "Parveen", "Quinn", "Rahim", "Sofia", "Tariq", "Ursula", "Vikram", "Wen",
               "Yusuf", "Zainab"]
SURNAMES = ["Ahmed", "Begum", "Kowalski", "Osei", "Haddad", "Nguyen", "Patel", "Murphy", "Demir", "Mensah",
            "Rahman", "Silva", "Novak", "Hussain", "Walsh", "Okonkwo", "Iqbal", "Costa", "Farah", "Byrne", "Khan"]
TITLE = {"gp": "Dr "}

# Weekday sessions each practice must cover, by role: (role, minimum AM, minimum PM).
COVER = {
    "P1": [("gp", 4, 3), ("practice_nurse", 2, 2), ("healthcare_assistant", 1, 1),
           ("advanced_nurse_practitioner", 1, 1)],
    "P2": [("gp", 3, 2), ("practice_nurse", 2, 1), ("healthcare_assistant", 1, 1),
           ("advanced_nurse_practitioner", 1, 0)],
    "P3": [("gp", 2, 2), ("practice_nurse", 1, 1), ("healthcare_assistant", 1, 0)],
    "P4": [("gp", 2, 1), ("practice_nurse", 1, 1)],
}


def build() -> Scenario:
    practices, population, registers = [], [], []
    for code, name, size, rurality, decile, rooms, evenings, saturday, hub, travel, profile in PRACTICES:
        shares, prevalence = PROFILES[profile]
        practices.append(Practice(code=code, name=name, list_size=size, rurality=rurality,
                                  deprivation_decile=decile, clinical_rooms=rooms, opening=opening(evenings, saturday),
                                  is_hub=hub, travel_minutes_to_hub=travel))
        population += split_population(code, size, shares, BANDS, FEMALE_SHARE_BY_BAND)
        registers += [RegisterCount(practice=code, condition=c, patients=round(size * p))
                      for c, p in prevalence.items()]
    homes = [CareHome(name=name, practice=code, beds=beds, admissions_per_year=round(beds * ADMISSIONS_PER_BED))
             for name, code, beds in CARE_HOMES]
    registers += [RegisterCount(practice=code, condition="care_home_residents",
                                patients=round(OCCUPANCY * sum(h.beds for h in homes if h.practice == code)))
                  for code, *_ in PRACTICES]
    staff = named_staff(STAFF, PLAN_START, FIRST_NAMES, SURNAMES, TITLE, LEAVING_YEARS)
    cover = weekday_cover(COVER)
    cover += [CoverRule(practice=code, role="gp", weekday=d, session=Session.EVENING, minimum=1)
              for code, _, _, _, _, _, evenings, *_ in PRACTICES for d in evenings]
    cover += [CoverRule(practice=code, role=r, weekday=Weekday.SAT, session=Session.AM, minimum=1)
              for code, r in (("P1", "gp"), ("P1", "practice_nurse"), ("P2", "gp"))]
    return Scenario(
        site=Site(name="Inner City Primary Care Home", care_model="pch-default", plan_start=PLAN_START,
                  rota_weeks=4, workforce_share=WORKFORCE_SHARE, max_patients_per_gp_fte=2600,
                  allow_redundancies=False, weighted_list=WEIGHTED_LIST, population_growth=POPULATION_GROWTH),
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

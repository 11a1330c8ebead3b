"""Build the shipped scenario `market-town-pch.xlsx`: a fictional market town and suburbs PCH site.

About 30,000 patients in three practices: the town-centre practice by the market square (the hub, open on
weekday evenings and Saturday mornings) and two practices in the affluent suburbs that have grown around the
town, one in the older streets and retirement bungalows to the north and one on the newer estates and the edge
of the commuter villages to the south. The population is older and affluent (IMD deciles 8-10): more than a
quarter of patients are aged 65 or over and about one in twenty 85 or over, well above England's shares (about
19% and 2.5%), and the town has many care homes (seven homes with 345 beds aligned to the three practices).
Long-term-condition registers follow age: hypertension, diabetes, CKD and dementia are above the national figures
in the care model, and COPD, atrial fibrillation, heart failure and frailty are raised with them; mental-health
and deprivation-related need is lower (SMI, depression and obesity below the national figures, childhood obesity
low). The GP workforce is older than England's: 7 of the 15 GPs are 55 or over, and two partners retire
within the five years of the trajectory. All three practices are classed as town (the suburbs are part of the
town's built-up area; the Rurality column has no separate suburban class).

The site, its people and its counts are fictional and illustrative (a training scenario): names of
places and people are invented, and the figures are scenario inputs, not care-model assumptions.
Register counts are derived from the population by the prevalences below, each labelled with the
national figure it was shaped from. Care-home residents follow from the Care homes sheet (beds x
occupancy). The capitated budget is built from income streams at the care model's 2026/27 rates
(Income sheet); the quantities the care model cannot know (the weighted list, QOF points achieved,
local streams) are illustrative too, as are the inputs of the multi-year trajectory (staff age bands and
expected leaving years, the Trajectory and Pipeline sheets).

Limitation: the hub's Saturday opening is a morning only. The Practices sheet has no Saturday afternoon (the
Network Standard Hours run 09:00-17:00 on Saturdays), so the enhanced-access hours the hub would offer on a
Saturday afternoon cannot be expressed; the hub's evenings and Saturday morning carry them.

Run ``python scenarios/market_town.py`` to rebuild the workbook after changing this file; a
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

OUT = Path(__file__).with_name("market-town-pch.xlsx")
PLAN_START = dt.date(2027, 1, 4)
BANDS = [f"{lo}-{lo + 4}" for lo in range(0, 95, 5)] + ["95+"]

# Illustrative age structures (share of list per 5-year band, both sexes), not published figures: a town-centre
# list much older than England (retirement flats and most of the care homes: about 31% aged 65+ and 6% aged 85+),
# and a suburban list of families on the newer estates and retired couples in the older streets (about 27% aged
# 65+ and 4% aged 85+). England: about 19% aged 65+ and 2.5% aged 85+ (ONS mid-year estimates). Few young adults
# in either: school leavers go away to university and work.
TOWN_SHARES = [4.0, 4.6, 5.0, 4.9, 3.6, 4.0, 4.6, 5.0, 5.2, 5.6, 6.4, 6.9, 6.9, 6.6, 7.0, 6.4, 4.6, 3.2, 1.9, 0.6]
SUBURB_SHARES = [4.4, 5.4, 5.9, 5.6, 3.0, 3.4, 4.2, 5.2, 5.9, 6.4, 6.8, 7.0, 6.7, 6.4, 6.8, 5.8, 4.0, 2.5, 1.4, 0.4]
# Women outlive men, more so in an affluent, long-lived population (most care-home residents are women).
FEMALE_SHARE_BY_BAND = [0.49] * 13 + [0.52, 0.53, 0.55, 0.58, 0.63, 0.69, 0.77]

# Register prevalence (share of the whole list) for this fictional site, shaped from national QOF
# recorded prevalence (see models/pch-default.toml for sourced national figures): the conditions of old age
# follow the older list (hypertension 14.1% nationally, CKD 3.36%, dementia 0.78%, and heart disease, AF, heart
# failure and frailty) and are raised, most in the town centre where the care homes are; diabetes is a little
# above the national 6.5% (age raises it, affluence lowers it); COPD and obesity are lower than their age would
# suggest (fewer smokers, affluence); SMI (0.84% nationally), depression (11.56%) and childhood obesity are
# below the national figures. Illustrative scenario inputs.
PREVALENCE_TOWN = {
    "hypertension": 0.205, "diabetes": 0.076, "asthma": 0.064, "copd": 0.024, "chd": 0.043,
    "heart_failure": 0.017, "atrial_fibrillation": 0.037, "stroke_tia": 0.029, "ckd": 0.058,
    "smi": 0.006, "depression": 0.095, "dementia": 0.017, "learning_disability": 0.004, "obesity": 0.088,
    "housebound": 0.022, "frailty_moderate_severe": 0.060, "palliative_care": 0.007,
    "polypharmacy_10plus": 0.068, "childhood_obesity": 0.012,
}
PREVALENCE_SUBURB = {
    "hypertension": 0.188, "diabetes": 0.069, "asthma": 0.066, "copd": 0.019, "chd": 0.037,
    "heart_failure": 0.013, "atrial_fibrillation": 0.032, "stroke_tia": 0.024, "ckd": 0.051,
    "smi": 0.005, "depression": 0.090, "dementia": 0.012, "learning_disability": 0.004, "obesity": 0.084,
    "housebound": 0.016, "frailty_moderate_severe": 0.046, "palliative_care": 0.005,
    "polypharmacy_10plus": 0.058, "childhood_obesity": 0.014,
}
PROFILES = {"town": (TOWN_SHARES, PREVALENCE_TOWN), "suburb": (SUBURB_SHARES, PREVALENCE_SUBURB)}

PRACTICES = [
    # code, name, list, rurality, IMD decile, rooms, evenings, saturday, hub, travel, profile. Saturday is a morning
    # (the Practices sheet has no Saturday afternoon), so the hub opens on Saturday mornings.
    ("P1", "Market Cross Surgery", 12800, Rurality.TOWN, 8, 13, (Weekday.MON, Weekday.TUE, Weekday.THU), True,
     True, 0, "town"),
    ("P2", "Abbey Meadows Medical Practice", 9300, Rurality.TOWN, 9, 9, (Weekday.WED,), False, False, 8, "suburb"),
    ("P3", "Orchard Park Surgery", 7900, Rurality.TOWN, 10, 7, (), False, False, 12, "suburb"),
]

# role, existing FTE (replaced below by the named staff's sessions / 9), most FTE recruitable, ARRS,
# employer, payers (empty: the care model's default for the role, else the site), pay point, ARRS
# baseline FTE (staff the practices had before the network's ARRS posts, which ARRS cannot reimburse).
# A long-serving team: the practice nurses sit at the top of their band. District nurses and the care-home
# team are relatively many (care homes, housebound patients); mental-health and social roles are few.
SITE = (FundingShare(payer="site", share=1.0),)
ROLES = [
    ("gp", 12.0, 14.0, False, Employer.PRACTICE, SITE, PayPoint.MIDDLE, 0.0),
    ("arrs_gp", 0.0, 1.5, True, Employer.PCN, SITE, PayPoint.BOTTOM, 0.0),
    ("advanced_nurse_practitioner", 3.0, 4.0, False, Employer.PRACTICE, SITE, PayPoint.MIDDLE, 0.0),
    ("practice_nurse", 8.0, 9.0, False, Employer.PRACTICE, SITE, PayPoint.TOP, 0.0),
    ("healthcare_assistant", 5.0, 7.0, False, Employer.PRACTICE, SITE, PayPoint.MIDDLE, 0.0),
    ("clinical_pharmacist", 3.0, 5.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 1.0),
    ("pharmacy_technician", 1.0, 2.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("first_contact_physio", 2.0, 3.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("paramedic", 2.0, 3.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("occupational_therapist", 1.0, 2.0, True, Employer.COMMUNITY_TRUST, SITE, PayPoint.MIDDLE, 0.0),
    ("dietitian", 0.0, 1.0, True, Employer.COMMUNITY_TRUST, SITE, PayPoint.MIDDLE, 0.0),
    ("mental_health_practitioner", 1.0, 2.0, True, Employer.MENTAL_HEALTH_TRUST, (), PayPoint.MIDDLE, 0.0),
    ("social_worker", 1.0, 2.0, False, Employer.LOCAL_AUTHORITY, (), PayPoint.MIDDLE, 0.0),
    ("social_prescribing_link_worker", 1.0, 2.0, True, Employer.VOLUNTARY_SECTOR, SITE, PayPoint.MIDDLE, 0.0),
    ("care_coordinator", 2.0, 3.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("health_wellbeing_coach", 1.0, 1.0, True, Employer.VOLUNTARY_SECTOR, SITE, PayPoint.MIDDLE, 0.0),
    ("physician_associate", 0.0, 1.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("district_nurse", 6.0, 7.0, False, Employer.COMMUNITY_TRUST, (), PayPoint.MIDDLE, 0.0),
]

# Care homes aligned to each practice (Enhanced Health in Care Homes): name, practice, beds. Many in a town
# people retire to: 345 beds for 30,000 patients, about 11.5 a 1,000. Illustrative.
CARE_HOMES = [
    ("Priory Gardens Nursing Home", "P1", 64), ("The Limes Residential Home", "P1", 38),
    ("Market House", "P1", 30), ("Beech Lodge Nursing Home", "P2", 72), ("Willow Court", "P2", 42),
    ("Orchard View Care Home", "P3", 60), ("Hollybank House", "P3", 39),
]
# Residents per bed (occupancy) and admissions per bed a year for the illustrative homes: a mean stay of
# 801 days gives 365 / 801 = 0.46 new residents a bed a year (research note, services section 4).
OCCUPANCY = 0.9
ADMISSIONS_PER_BED = 0.46

# Share of the income that pays for the clinical team; the rest pays reception and management staff, premises,
# IT and the partners' profit above their clinical sessions (illustrative).
WORKFORCE_SHARE = 0.60
# PCN contractor weighted list: the Carr-Hill formula weights an older list with many care-home residents above
# its head count, and an affluent one (low additional needs) below it; 1.07 is an illustrative weight for this
# site, not a published one.
WEIGHTED_LIST = 32_100
# Income streams priced by the care model (blank quantity or rate = the care model's basis and rate).
# QOF: points achieved after the list-size and prevalence adjustments (illustrative: about 600 of 635 points
# a practice, high achievement in a settled list, raised by the registers of an older list, scaled to the site's
# list). Local streams give both quantity and rate: the ICB's local care-home scheme pays a rate a bed on top of
# the care home premium (illustrative).
INCOME = [
    ("global_sum", None, None, None),
    ("qof", 1_950, None, "Market Town QOF achievement 2025/26, list- and prevalence-adjusted points (illustrative)"),
    ("pcn_core", None, None, None),
    ("enhanced_access", None, None, None),
    ("care_home_premium", None, None, None),
    ("Local enhanced services (ICB)", 1, 150_000, "Market Town ICB local enhanced services 2026/27 (illustrative)"),
    ("Care home local enhanced service (ICB)", sum(beds for *_, beds in CARE_HOMES), 120,
     "Market Town ICB care-home scheme 2026/27, £ a bed a year on top of the care home premium (illustrative)"),
]

# Named staff: (role, home practice, sessions a week, evenings, Saturdays, age band). Names are fictional. Age
# bands are illustrative for an older workforce in a town people retire to: 7 of the 15 GPs and 4 of the 9 practice
# nurses are 55 or over (nationally a third of general practice nurses are 55 or over, NHS Digital GP Workforce,
# April 2024, via Nursing in Practice; the average GP retirement age is 59, BMJ via Medscape; see
# docs/trajectory/defaults-research.toml).
STAFF = [
    ("gp", "P1", 9, True, True, "60+"), ("gp", "P1", 8, True, False, "55-59"), ("gp", "P1", 8, False, True, "55-59"),
    ("gp", "P1", 7, True, True, "45-54"), ("gp", "P1", 6, True, False, "35-44"),
    ("gp", "P1", 6, False, True, "35-44"), ("gp", "P1", 6, True, True, "under 35"),
    ("gp", "P2", 9, False, False, "60+"), ("gp", "P2", 8, True, False, "55-59"), ("gp", "P2", 7, False, True, "45-54"),
    ("gp", "P2", 6, True, True, "35-44"), ("gp", "P2", 5, False, False, "35-44"),
    ("gp", "P3", 8, False, True, "55-59"), ("gp", "P3", 7, True, False, "55-59"), ("gp", "P3", 6, False, True, "45-54"),
    ("advanced_nurse_practitioner", "P1", 9, True, True, "45-54"),
    ("advanced_nurse_practitioner", "P2", 9, True, False, "35-44"),
    ("advanced_nurse_practitioner", "P3", 8, False, False, "55-59"),
    ("practice_nurse", "P1", 9, True, True, "55-59"), ("practice_nurse", "P1", 8, False, False, "60+"),
    ("practice_nurse", "P1", 9, True, False, "45-54"), ("practice_nurse", "P1", 6, False, True, "35-44"),
    ("practice_nurse", "P1", 9, False, True, "under 35"),
    ("practice_nurse", "P2", 9, False, False, "55-59"), ("practice_nurse", "P2", 7, True, False, "45-54"),
    ("practice_nurse", "P3", 9, False, False, "60+"), ("practice_nurse", "P3", 6, False, False, "45-54"),
    ("healthcare_assistant", "P1", 9, True, True, "45-54"), ("healthcare_assistant", "P1", 9, False, True, "under 35"),
    ("healthcare_assistant", "P2", 9, False, False, "55-59"), ("healthcare_assistant", "P2", 6, True, False, "35-44"),
    ("healthcare_assistant", "P3", 9, False, False, "45-54"),
    ("clinical_pharmacist", "P1", 9, True, False, "35-44"), ("clinical_pharmacist", "P2", 9, False, False, "under 35"),
    ("clinical_pharmacist", "P3", 9, False, False, "45-54"),
    ("pharmacy_technician", "P1", 9, False, False, "35-44"),
    ("first_contact_physio", "P1", 9, True, True, "35-44"), ("first_contact_physio", "P2", 9, False, False, "45-54"),
    ("paramedic", "P1", 9, True, True, "35-44"), ("paramedic", "P3", 9, False, False, "45-54"),
    ("occupational_therapist", "P1", 9, False, False, "45-54"),
    ("mental_health_practitioner", "P1", 9, True, False, "35-44"),
    ("social_worker", "P1", 9, False, False, "45-54"),
    ("social_prescribing_link_worker", "P2", 9, False, False, "55-59"),
    ("care_coordinator", "P1", 9, False, False, "35-44"), ("care_coordinator", "P3", 9, False, False, "45-54"),
    ("health_wellbeing_coach", "P2", 9, False, False, "under 35"),
    ("district_nurse", "P1", 9, False, True, "55-59"), ("district_nurse", "P1", 9, False, False, "45-54"),
    ("district_nurse", "P2", 9, False, True, "60+"), ("district_nurse", "P2", 9, False, False, "35-44"),
    ("district_nurse", "P3", 9, False, False, "55-59"), ("district_nurse", "P3", 9, False, False, "45-54"),
]
# Expected leaving years (financial years, April to March), by staff ID: the senior partner at Market Cross
# Surgery (60+) retires in 2027/28 and the senior partner at Abbey Meadows (60+) in 2029/30, both within the
# five years of the trajectory; a practice nurse at Orchard Park (60+) retires in 2028/29. Illustrative.
LEAVING_YEARS = {"S001": "2027/28", "S008": "2029/30", "S026": "2028/29"}

# Trajectory: how each role's staff leave and are hired, where the site differs from the care model's defaults
# (blank = the default). An older GP team leaves faster than England's 8.8% a year (11.2% at ages 55-59,
# Institute for Government via Pulse): 11% is used. An attractive town within reach of a city fills a GP post in
# about 6 months, as nationally, and the site expects to fill at most 1.5 GP FTE a year; nurse posts take 4
# months. Illustrative: role, leaver rate, lead time (months), most hires a year (FTE).
TRAJECTORY = [
    ("gp", 0.11, 6, 1.5),
    ("practice_nurse", None, 4, 1.0),
    ("advanced_nurse_practitioner", None, 5, 1.0),
]
# Trainees who join when they qualify: Market Cross Surgery (the hub) is a GP training practice. Illustrative.
PIPELINE = [
    ("gp", "2027/28", 1.0, "GP registrar at Market Cross Surgery"),
    ("gp", "2029/30", 0.7, "GP registrar at Market Cross Surgery (part time)"),
]

FIRST_NAMES = ["Alice", "Ben", "Clare", "David", "Eleanor", "Frances", "George", "Helen", "Ian", "Jane", "Kate",
               "Laura", "Martin", "Nicola", "Oliver", "Philippa", "Rachel", "Simon", "Tessa", "Victoria", "William",
               "Anjali", "Rohan"]
SURNAMES = ["Ashworth", "Barnard", "Cartwright", "Dunmore", "Ellery", "Fairbrother", "Goodwin", "Hartley", "Ingram",
            "Kemble", "Lockwood", "Mercer", "Northcott", "Pemberton", "Radford", "Sheldon", "Thornton", "Whitlock",
            "Kapoor"]
TITLE = {"gp": "Dr "}

# Weekday sessions each practice must cover, by role: (role, minimum AM, minimum PM).
COVER = {
    "P1": [("gp", 3, 3), ("practice_nurse", 2, 2), ("healthcare_assistant", 1, 1),
           ("advanced_nurse_practitioner", 1, 0)],
    "P2": [("gp", 2, 2), ("practice_nurse", 1, 1), ("healthcare_assistant", 1, 0)],
    "P3": [("gp", 1, 1), ("practice_nurse", 1, 1)],
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
    cover += [CoverRule(practice="P1", role=r, weekday=Weekday.SAT, session=Session.AM, minimum=1)
              for r in ("gp", "practice_nurse")]
    return Scenario(
        site=Site(name="Market Town Primary Care Home", care_model="pch-default", plan_start=PLAN_START,
                  rota_weeks=4, workforce_share=WORKFORCE_SHARE, max_patients_per_gp_fte=2500,
                  allow_redundancies=False, weighted_list=WEIGHTED_LIST),
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

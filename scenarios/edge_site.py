"""Build the shipped scenario `edge-site-pch.xlsx`: a fictional PCH site at the edge, where few GPs can be recruited.

About 35,000 patients in five practices on a remote coastal peninsula that was a coalfield until the last pits
closed in the early 1990s: the hub in the old harbour and pit town at the neck of the peninsula, two practices in
former colliery towns along the coast road, one in the fell villages inland and a small practice at the far end of
the peninsula, about an hour's drive from the hub on a single road. The population is deprived (IMD deciles 2-4)
and older than England (about a quarter of patients aged 65 or over, against about 19%): young people leave for
work, older people stay. Long-term-condition registers are raised, most of all COPD (former miners and a history of
heavy smoking), diabetes, heart disease, depression and obesity. Five care homes are aligned to the practices.

GP posts have stood vacant for years: the practices have 8.0 GP FTE in post and one ARRS-funded GP (0.67 FTE) for
35,000 patients, 2.5 GP FTE per 10,000 against England's 4.4 (about 4,000 patients per GP FTE, against 2,291 and
a 95th percentile of 5,559 among England's practices; nhs-figures.md section 5). The Roles sheet lets the GP supply
grow only to 9 FTE and the ARRS GP line to 1 FTE, while the roles that can be recruited to a remote site have room to
grow: advanced nurse practitioners, clinical pharmacists, paramedics, first contact physiotherapists and mental
health practitioners. The continuity limit (4,500 patients per GP FTE) is a floor the present GPs already meet: it
stops a cheaper mix from trading GP sessions away, and the GP supply can keep it in the one-year mix and in the
central case of the multi-year trajectory (though not if GPs leave faster, the trajectory's high case). The money is
there (part of the workforce budget is left over); the people are not. The mix therefore fills the GP posts it can,
leans on the other roles up to their supply, and still leaves work unmet that only a GP or a role capped by its own
supply can do (routine consultations beyond the ANPs' share, MSK first contact beyond the physiotherapists,
dementia and learning-disability reviews, care-home admission assessments), with GP supply among the reasons. No
physician assistant is planned: each needs a named GP supervisor on site, whom the site cannot spare.

The site, its people and its counts are fictional and illustrative (a training scenario): names of
places and people are invented, and the figures are scenario inputs, not care-model assumptions.
Register counts are derived from the population by the prevalences below, each labelled with the
national figure it was shaped from. Care-home residents follow from the Care homes sheet (beds x
occupancy). The capitated budget is built from income streams at the care model's 2026/27 rates
(Income sheet); the quantities the care model cannot know (the weighted list, QOF points achieved,
local streams) are illustrative too, as are the inputs of the multi-year trajectory (staff age bands and
expected leaving years, the Trajectory and Pipeline sheets).

Limitation: the distances inside the peninsula cannot be expressed in full. Home visits carry the care model's
round trip for the practice's setting (39 minutes at most, for a sparse hamlet), and the Practices sheet's travel
time to the hub is read by nothing that plans time; so a visit from Ness End to a farm at the head of the fell road,
or a GP from the hub covering a session at Ness End (about an hour each way, which the rota counts only as a session
away from home), costs time the plan does not count, and the remote practices' home visits and cross-cover are
probably understated.

Run ``python scenarios/edge_site.py`` to rebuild the workbook after changing this file; a
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

OUT = Path(__file__).with_name("edge-site-pch.xlsx")
PLAN_START = dt.date(2027, 1, 4)
BANDS = [f"{lo}-{lo + 4}" for lo in range(0, 95, 5)] + ["95+"]

# Illustrative age structures (share of list per 5-year band, both sexes), not published figures: a former pit
# town older than England (about 25% aged 65+ and 3% aged 85+; few adults of 20-34, who leave for work), and the
# fell villages and the far end of the peninsula older still (about 32% aged 65+ and 4% aged 85+). England: about
# 19% aged 65+ and 2.5% aged 85+ (ONS mid-year estimates).
TOWN_SHARES = [4.4, 4.9, 5.2, 5.0, 4.4, 4.8, 5.0, 5.0, 5.1, 5.8, 7.0, 7.6, 7.4, 6.8, 6.8, 5.2, 3.4, 2.0, 0.9, 0.3]
REMOTE_SHARES = [3.4, 4.0, 4.4, 4.2, 3.0, 3.3, 3.8, 4.2, 4.6, 5.6, 7.0, 8.2, 8.6, 8.6, 8.8, 6.6, 4.4, 2.5, 1.1, 0.4]
# Women outlive men, by more in a deprived former coalfield (mining lung disease and heart disease in the men).
FEMALE_SHARE_BY_BAND = [0.49] * 13 + [0.51, 0.53, 0.56, 0.59, 0.63, 0.69, 0.77]

# Register prevalence (share of the whole list) for this fictional site, shaped from national QOF
# recorded prevalence (see models/pch-default.toml for sourced national figures) and raised for an older,
# deprived former coalfield: COPD well above England (ex-miners, heavy smoking), hypertension above the national
# 14.1%, diabetes above 6.5%, CKD above 3.36%, SMI above 0.84%, depression above 11.56%, obesity above 10.5%, and
# the conditions of old age (heart disease, AF, heart failure, dementia above 0.78%, frailty) raised with age,
# most of all in the remote villages. Illustrative scenario inputs.
PREVALENCE_TOWN = {
    "hypertension": 0.182, "diabetes": 0.088, "asthma": 0.072, "copd": 0.042, "chd": 0.046,
    "heart_failure": 0.015, "atrial_fibrillation": 0.028, "stroke_tia": 0.025, "ckd": 0.050,
    "smi": 0.011, "depression": 0.155, "dementia": 0.010, "learning_disability": 0.006, "obesity": 0.142,
    "housebound": 0.019, "frailty_moderate_severe": 0.050, "palliative_care": 0.006,
    "polypharmacy_10plus": 0.066, "childhood_obesity": 0.032,
}
PREVALENCE_REMOTE = {
    "hypertension": 0.205, "diabetes": 0.086, "asthma": 0.066, "copd": 0.040, "chd": 0.052,
    "heart_failure": 0.018, "atrial_fibrillation": 0.036, "stroke_tia": 0.030, "ckd": 0.058,
    "smi": 0.008, "depression": 0.130, "dementia": 0.013, "learning_disability": 0.005, "obesity": 0.130,
    "housebound": 0.026, "frailty_moderate_severe": 0.064, "palliative_care": 0.007,
    "polypharmacy_10plus": 0.072, "childhood_obesity": 0.026,
}
PROFILES = {"town": (TOWN_SHARES, PREVALENCE_TOWN), "remote": (REMOTE_SHARES, PREVALENCE_REMOTE)}

PRACTICES = [
    # code, name, list, rurality, IMD decile, rooms, evenings, saturday, hub, travel, profile. Saturday is a morning
    # (the Practices sheet has no Saturday afternoon), so the hub opens on Saturday mornings. The remote practices
    # have rooms standing empty: their GP posts are vacant, not their consulting rooms.
    ("P1", "Skelmouth Harbour Health Centre", 11200, Rurality.TOWN_SPARSE, 2, 12, (Weekday.TUE, Weekday.THU), True,
     True, 0, "town"),
    ("P2", "Pithead Lane Surgery", 8300, Rurality.TOWN_SPARSE, 2, 8, (Weekday.WED,), False, False, 15, "town"),
    ("P3", "Hadstone Colliery Row Practice", 6900, Rurality.TOWN_SPARSE, 3, 7, (), False, False, 25, "town"),
    ("P4", "Ashgill Fell Surgery", 4900, Rurality.VILLAGE_SPARSE, 4, 5, (), False, False, 40, "remote"),
    ("P5", "Ness End Surgery", 3700, Rurality.HAMLET_SPARSE, 3, 4, (), False, False, 55, "remote"),
]

# role, existing FTE (replaced below by the named staff's sessions / 9), most FTE recruitable, ARRS,
# employer, payers (empty: the care model's default for the role, else the site), pay point, ARRS
# baseline FTE (staff the practices had before the network's ARRS posts, which ARRS cannot reimburse).
# GPs: posts vacant for years, so the local market supplies barely more than are in post (9 FTE against 8.0), and
# ARRS GPs are capped low too (1 FTE: the few newly qualified GPs settle nearer the cities). Advanced nurse
# practitioners are funded as ARRS advanced practitioners (the two the practices employed before the network's
# posts are the ARRS baseline); they, the clinical pharmacists, paramedics, first contact physiotherapists and
# mental health practitioners can be recruited (a paramedic or pharmacist will move to the coast for a band 7-8a
# post with autonomy). No physician assistant (no row): each needs a named GP supervisor on site (care model, Leng
# review), whom the site cannot spare.
# A long-serving nursing team sits at the top of its band; the newer ARRS staff at the bottom or middle.
SITE = (FundingShare(payer="site", share=1.0),)
ROLES = [
    ("gp", 8.0, 9.0, False, Employer.PRACTICE, SITE, PayPoint.MIDDLE, 0.0),
    ("arrs_gp", 0.67, 1.0, True, Employer.PCN, SITE, PayPoint.BOTTOM, 0.0),
    ("advanced_nurse_practitioner", 5.89, 9.0, True, Employer.PRACTICE, SITE, PayPoint.MIDDLE, 2.0),
    ("practice_nurse", 8.56, 10.0, False, Employer.PRACTICE, SITE, PayPoint.TOP, 0.0),
    ("healthcare_assistant", 5.67, 8.0, False, Employer.PRACTICE, SITE, PayPoint.MIDDLE, 0.0),
    ("clinical_pharmacist", 4.0, 6.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 1.0),
    ("pharmacy_technician", 2.0, 3.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("first_contact_physio", 2.0, 5.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("paramedic", 3.0, 6.0, True, Employer.PCN, SITE, PayPoint.MIDDLE, 0.0),
    ("occupational_therapist", 1.0, 2.0, True, Employer.COMMUNITY_TRUST, SITE, PayPoint.MIDDLE, 0.0),
    ("dietitian", 0.0, 1.0, True, Employer.COMMUNITY_TRUST, SITE, PayPoint.MIDDLE, 0.0),
    ("mental_health_practitioner", 2.0, 4.0, True, Employer.MENTAL_HEALTH_TRUST, (), PayPoint.MIDDLE, 0.0),
    ("social_worker", 2.0, 2.0, False, Employer.LOCAL_AUTHORITY, (), PayPoint.MIDDLE, 0.0),
    ("social_prescribing_link_worker", 2.0, 3.0, True, Employer.VOLUNTARY_SECTOR, SITE, PayPoint.MIDDLE, 0.0),
    ("care_coordinator", 3.0, 4.0, True, Employer.PCN, SITE, PayPoint.BOTTOM, 0.0),
    ("health_wellbeing_coach", 1.0, 2.0, True, Employer.VOLUNTARY_SECTOR, SITE, PayPoint.BOTTOM, 0.0),
    ("district_nurse", 6.0, 7.0, False, Employer.COMMUNITY_TRUST, (), PayPoint.MIDDLE, 0.0),
]

# Care homes aligned to each practice (Enhanced Health in Care Homes): name, practice, beds. Illustrative.
CARE_HOMES = [
    ("Harbour Brow Nursing Home", "P1", 54), ("Wheatsheaf House", "P1", 30), ("Miners' Welfare Court", "P2", 40),
    ("Colliery Gardens Care Home", "P3", 36), ("Fell View Residential Home", "P4", 24),
]
# Residents per bed (occupancy) and admissions per bed a year for the illustrative homes: a mean stay of
# 801 days gives 365 / 801 = 0.46 new residents a bed a year (research note, services section 4).
OCCUPANCY = 0.9
ADMISSIONS_PER_BED = 0.46

# Share of the income that pays for the clinical team; the rest pays reception and management staff, premises,
# IT and the partners' profit above their clinical sessions (illustrative).
WORKFORCE_SHARE = 0.60
# PCN contractor weighted list: the Carr-Hill formula weights an older, deprived and sparse list above its head
# count (age-sex, additional needs and rurality indices all above 1); 1.12 is an illustrative weight for this
# site, not a published one.
WEIGHTED_LIST = 39_200
# The list shrinks a little each year: young people leave the peninsula for work and few move in (illustrative,
# -0.3% a year against England's +0.75%).
POPULATION_GROWTH = -0.003
# Income streams priced by the care model (blank quantity or rate = the care model's basis and rate).
# QOF: points achieved after the list-size and prevalence adjustments (illustrative: about 540 of 635 points
# a practice, lowered where locum cover breaks up the recall of long-term conditions, raised by high prevalence,
# scaled to the site's list). Local streams give both quantity and rate: the ICB pays a remote-practice supplement
# towards the cost of a site it cannot staff with GPs (illustrative).
INCOME = [
    ("global_sum", None, None, None),
    ("qof", 2_050, None, "Edge site QOF achievement 2025/26, list- and prevalence-adjusted points (illustrative)"),
    ("pcn_core", None, None, None),
    ("enhanced_access", None, None, None),
    ("care_home_premium", None, None, None),
    ("Local enhanced services (ICB)", 1, 190_000, "Edge site ICB local enhanced services 2026/27 (illustrative)"),
    ("Remote and hard-to-recruit practice supplement (ICB)", 5, 24_000,
     "Edge site ICB supplement 2026/27, £ a practice a year towards remote working and recruitment (illustrative)"),
]

# Named staff: (role, home practice, sessions a week, evenings, Saturdays, age band). Names are fictional. Age
# bands are illustrative for an older workforce in a place that recruits few young GPs: 5 of the 10 practice GPs
# are 55 or over and two of them over 60; 5 of the 10 practice nurses are 55 or over (nationally a third of general
# practice nurses are 55 or over, NHS Digital GP Workforce, April 2024, via Nursing in Practice; the average GP
# retirement age is 59, BMJ via Medscape; see docs/trajectory/defaults-research.toml).
STAFF = [
    ("gp", "P1", 9, True, True, "55-59"), ("gp", "P1", 8, True, False, "45-54"), ("gp", "P1", 6, False, True, "35-44"),
    ("gp", "P1", 6, True, False, "under 35"),
    ("gp", "P2", 8, False, False, "60+"), ("gp", "P2", 6, True, True, "45-54"),
    ("gp", "P3", 8, False, True, "55-59"), ("gp", "P3", 6, False, False, "35-44"),
    ("gp", "P4", 8, False, False, "55-59"), ("gp", "P5", 7, False, False, "60+"),
    ("arrs_gp", "P2", 6, True, True, "under 35"),
    ("advanced_nurse_practitioner", "P1", 9, True, True, "45-54"),
    ("advanced_nurse_practitioner", "P1", 9, True, False, "35-44"),
    ("advanced_nurse_practitioner", "P2", 9, False, True, "45-54"),
    ("advanced_nurse_practitioner", "P3", 9, True, False, "35-44"),
    ("advanced_nurse_practitioner", "P4", 8, False, False, "55-59"),
    ("advanced_nurse_practitioner", "P5", 9, False, False, "45-54"),
    ("practice_nurse", "P1", 9, True, True, "45-54"), ("practice_nurse", "P1", 9, False, True, "55-59"),
    ("practice_nurse", "P1", 6, False, False, "60+"), ("practice_nurse", "P2", 9, True, False, "35-44"),
    ("practice_nurse", "P2", 7, False, False, "55-59"), ("practice_nurse", "P3", 9, False, True, "45-54"),
    ("practice_nurse", "P3", 6, False, False, "under 35"), ("practice_nurse", "P4", 8, False, False, "55-59"),
    ("practice_nurse", "P4", 6, False, False, "35-44"), ("practice_nurse", "P5", 8, False, False, "55-59"),
    ("healthcare_assistant", "P1", 9, True, True, "35-44"), ("healthcare_assistant", "P1", 9, False, True, "under 35"),
    ("healthcare_assistant", "P2", 9, False, False, "45-54"), ("healthcare_assistant", "P3", 9, True, False, "55-59"),
    ("healthcare_assistant", "P4", 9, False, False, "45-54"), ("healthcare_assistant", "P5", 6, False, False, "35-44"),
    ("clinical_pharmacist", "P1", 9, True, False, "under 35"), ("clinical_pharmacist", "P2", 9, False, False, "35-44"),
    ("clinical_pharmacist", "P3", 9, False, False, "under 35"), ("clinical_pharmacist", "P4", 9, False, False, "45-54"),
    ("pharmacy_technician", "P1", 9, False, False, "35-44"), ("pharmacy_technician", "P3", 9, False, False, "under 35"),
    ("first_contact_physio", "P1", 9, True, True, "35-44"), ("first_contact_physio", "P3", 9, False, False, "45-54"),
    ("paramedic", "P1", 9, True, True, "35-44"), ("paramedic", "P4", 9, False, False, "45-54"),
    ("paramedic", "P5", 9, False, True, "35-44"),
    ("occupational_therapist", "P1", 9, False, False, "45-54"),
    ("mental_health_practitioner", "P1", 9, True, False, "35-44"),
    ("mental_health_practitioner", "P2", 9, False, False, "45-54"),
    ("social_worker", "P1", 9, False, False, "45-54"), ("social_worker", "P3", 9, False, False, "35-44"),
    ("social_prescribing_link_worker", "P2", 9, False, False, "55-59"),
    ("social_prescribing_link_worker", "P4", 9, False, False, "under 35"),
    ("care_coordinator", "P1", 9, False, False, "under 35"), ("care_coordinator", "P3", 9, False, False, "35-44"),
    ("care_coordinator", "P5", 9, False, False, "45-54"),
    ("health_wellbeing_coach", "P2", 9, False, False, "under 35"),
    ("district_nurse", "P1", 9, False, True, "55-59"), ("district_nurse", "P1", 9, False, False, "45-54"),
    ("district_nurse", "P2", 9, False, False, "35-44"), ("district_nurse", "P3", 9, False, True, "45-54"),
    ("district_nurse", "P4", 9, False, False, "60+"), ("district_nurse", "P5", 9, False, False, "55-59"),
]
# Expected leaving years (financial years, April to March), by staff ID: the senior partner at Pithead Lane (60+)
# retires in 2027/28 and the single-handed GP at Ness End (60+) in 2028/29, both within the five years of the
# trajectory; a district nurse at Ashgill Fell (60+) retires in 2029/30. Illustrative.
LEAVING_YEARS = {"S005": "2027/28", "S010": "2028/29", "S060": "2029/30"}

# Trajectory: how each role's staff leave and are hired, where the site differs from the care model's defaults
# (blank = the default). GP posts at the edge stand vacant for years: a GP post takes 12 months from the decision to
# hire to the first day (against about 6 nationally; GP posts often go unfilled on the first advert) and the site
# fills at most 0.5 GP FTE a year, and an ARRS GP post 8 months and 0.5 FTE a year. The roles that can be recruited
# to a remote site take a month longer than nationally, and the site can fill up to 1.5 FTE a year of each.
# Illustrative: role, leaver rate, lead time (months), most hires a year (FTE).
TRAJECTORY = [
    ("gp", None, 12, 0.5),
    ("arrs_gp", None, 8, 0.5),
    ("advanced_nurse_practitioner", None, 6, 1.5),
    ("practice_nurse", None, 6, 1.0),
    ("paramedic", None, 6, 1.5),
    ("clinical_pharmacist", None, 6, 1.5),
]
# Trainees who join when they qualify: Skelmouth Harbour (the hub) is the peninsula's only GP training practice,
# and joiners work part time (65-69% of full time, Human Resources for Health 2025). Illustrative.
PIPELINE = [("gp", "2028/29", 0.7, "GP registrar at Skelmouth Harbour Health Centre (part time)")]

FIRST_NAMES = ["Alan", "Bethan", "Carol", "Derek", "Elaine", "Fiona", "Graham", "Hazel", "Ian", "Joanne", "Keith",
               "Lorraine", "Malcolm", "Norma", "Owen", "Pauline", "Ray", "Sandra", "Trevor", "Wendy", "Amir",
               "Kasia", "Tomasz"]
SURNAMES = ["Armstrong", "Blenkinsop", "Charlton", "Dodds", "Elliott", "Forster", "Gallon", "Heslop", "Irving",
            "Jobling", "Kirkup", "Liddle", "Milburn", "Nixon", "Proud", "Robson", "Storey", "Thubron", "Wardle"]
TITLE = {"gp": "Dr ", "arrs_gp": "Dr "}

# Weekday sessions each practice must cover, by role: (role, minimum AM, minimum PM). The fell and Ness End practices
# cannot keep a GP in every session: a GP must be there each morning, and at Ness End an ANP holds the afternoons.
COVER = {
    "P1": [("gp", 2, 2), ("practice_nurse", 2, 1), ("healthcare_assistant", 1, 1),
           ("advanced_nurse_practitioner", 1, 1)],
    "P2": [("gp", 1, 1), ("practice_nurse", 1, 1), ("healthcare_assistant", 1, 0)],
    "P3": [("gp", 1, 1), ("practice_nurse", 1, 0)],
    "P4": [("gp", 1, 0), ("practice_nurse", 1, 0)],
    "P5": [("gp", 1, 0), ("advanced_nurse_practitioner", 0, 1)],
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
        site=Site(name="Edge Site Primary Care Home", care_model="pch-default", plan_start=PLAN_START,
                  rota_weeks=4, workforce_share=WORKFORCE_SHARE, max_patients_per_gp_fte=4500,
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

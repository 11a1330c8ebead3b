"""Demand: a hand-built population checked on paper, and properties every Demand must have."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pch_workforce.care_model import PositiveSourced, apply_overrides, load_care_model
from pch_workforce.demand import compute_demand, demand_json, deprivation_factor, gp_share_bounds
from pch_workforce.scenario.model import (
    AgeBand,
    CareHome,
    OpeningSlot,
    PopulationCount,
    Practice,
    RegisterCount,
    Rurality,
    Scenario,
    Session,
    Sex,
    Site,
    Weekday,
)

MODELS = Path(__file__).resolve().parents[1] / "models"
CM = load_care_model("pch-default", [MODELS])
BANDS = [str(b) for b in CM.age_bands]
CONDITIONS = sorted(CM.conditions)


def practice(code: str = "P1", decile: int = 1, rurality: Rurality = Rurality.VILLAGE_SPARSE, size: int = 0) -> Practice:
    return Practice(code=code, name=f"{code} Surgery", list_size=size, rurality=rurality, deprivation_decile=decile,
                    clinical_rooms=3, opening=(OpeningSlot(weekday=Weekday.MON, session=Session.AM),),
                    is_hub=True, travel_minutes_to_hub=0)


def scenario(population: dict[tuple[str, Sex, str], int], registers: dict[tuple[str, str], int],
             practices: tuple[Practice, ...] | None = None) -> Scenario:
    codes = sorted({p for p, _, _ in population} | {p for p, _ in registers}) or ["P1"]
    return Scenario(
        site=Site(name="Hand PCH", care_model="pch-default", plan_start=dt.date(2027, 1, 4), rota_weeks=1,
                  capitated_budget_per_year=1e6, workforce_share=0.7),
        practices=practices or tuple(practice(c) for c in codes),
        population=tuple(PopulationCount(practice=p, sex=s, age_band=AgeBand.parse(b), patients=n)
                         for (p, s, b), n in population.items()),
        registers=tuple(RegisterCount(practice=p, condition=c, patients=n) for (p, c), n in registers.items()),
        roles=(), staff=(), cover_rules=(),
    )


HAND = scenario(
    {("P1", Sex.FEMALE, "25-44"): 1000, ("P1", Sex.MALE, "25-44"): 1000,
     ("P1", Sex.FEMALE, "85+"): 100, ("P1", Sex.MALE, "0-4"): 50},
    {("P1", "diabetes"): 100, ("P1", "housebound"): 10, ("P1", "frailty_moderate_severe"): 20,
     ("P1", "care_home_residents"): 5},
)


def test_the_model_rates_used_on_paper_are_these():
    """If the care model changes, the paper sums below must be redone: this says which numbers they use."""
    assert [CM.consultation_rate[Sex.FEMALE]["25-44"].value, CM.consultation_rate[Sex.MALE]["25-44"].value,
            CM.consultation_rate[Sex.FEMALE]["85+"].value, CM.consultation_rate[Sex.MALE]["0-4"].value] == [
        7.19, 4.29, 13.24, 6.0]
    assert CM.services["same_day"].appointment_share.value == 0.36
    assert CM.deprivation.most_vs_least_uplift.value == 0.20
    assert {lead.value: rate.value for lead, rate in CM.dna_rate_by_lead_time.items()} == {
        "same_day": 0.019, "next_day": 0.05, "within_week": 0.068, "beyond_week": 0.085}
    assert CM.services["same_day"].lead_time.value == "same_day"
    assert CM.services["ltc_diabetes"].lead_time.value == "beyond_week"
    assert CM.safe_working.gp_appointment_minutes.value == 15
    assert CM.travel.minutes_per_visit["village"].value == 25 and CM.travel.sparse_multiplier.value == 1.3


def test_same_day_by_hand():
    # appointments: (1000 x 7.19 + 1000 x 4.29 + 100 x 13.24 + 50 x 6.0) = 13,104 a year at age/sex rates
    # x 0.36 urgent share x 1.1 deprivation (decile 1: 1 + 0.2 x (5.5 - 1) / 9) = 5,189.184 booked a year;
    # booked the same day, 1.9% are not attended; hours: 5,189.184 x 15 min / 60 / 52 weeks
    line = compute_demand(HAND, CM).line("P1", "same_day")
    assert line.deprivation_factor == pytest.approx(1.1)
    assert line.dna_rate == pytest.approx(0.019)
    assert line.appointments_per_year == pytest.approx(5189.184)
    assert line.attended_per_year == pytest.approx(5189.184 * (1 - 0.019))
    assert line.hours_per_week == pytest.approx(5189.184 * 15 / 60 / 52)


def test_diabetes_reviews_by_hand():
    # 100 on the register x 2 reviews = 200 contacts; booked more than a week ahead, 8.5% are missed:
    # booked 200 / (1 - 0.085) = 218.58; 30 min each
    line = compute_demand(HAND, CM).line("P1", "ltc_diabetes")
    assert line.attended_per_year == pytest.approx(200)
    assert line.appointments_per_year == pytest.approx(200 / 0.915)
    assert line.hours_per_week == pytest.approx(200 / 0.915 * 30 / 60 / 52)


def test_home_visits_by_hand_with_rural_travel():
    # 10 housebound x 1 + 20 frail x 0.5 = 20 visits (care-home residents have the weekly round instead),
    # no DNA; travel in a sparse village: 25 min x 1.3 = 32.5; hours 20 x (23.4 + 32.5) / 60 / 52
    line = compute_demand(HAND, CM).line("P1", "home_visits")
    assert line.appointments_per_year == pytest.approx(20)
    assert line.travel_minutes_per_contact == pytest.approx(32.5)
    assert line.hours_per_week == pytest.approx(20 * 55.9 / 60 / 52)


def test_child_health_by_hand():
    # 50 children aged 0-4 x 1.42 contacts = 71; booked ahead (8.5% missed): 71 / 0.915; 15 min each
    line = compute_demand(HAND, CM).line("P1", "child_health_imms")
    assert line.appointments_per_year == pytest.approx(71 / 0.915)
    assert line.hours_per_week == pytest.approx(71 / 0.915 * 15 / 60 / 52)


def test_cervical_screening_counts_women_only():
    # 1,000 women aged 25-44 x 0.22 screens a year = 220 (the men are not counted); booked 220 / 0.915
    line = compute_demand(HAND, CM).line("P1", "cervical_screening")
    assert line.attended_per_year == pytest.approx(220)
    assert line.appointments_per_year == pytest.approx(220 / 0.915)


def test_care_homes_bring_a_weekly_round_and_an_assessment_per_admission():
    # One 30-bed home at P1 with 14 admissions a year: 52 rounds of 120 min plus 32.5 min travel;
    # 14 assessments of 60 min plus travel. No DNA (the clinician goes to the home).
    homes = HAND.model_copy(update={"care_homes": (CareHome(name="Gull House", practice="P1", beds=30,
                                                            admissions_per_year=14),)})
    demand = compute_demand(homes, CM)
    round_line = demand.line("P1", "care_home_round")
    assert round_line.appointments_per_year == pytest.approx(52)
    assert round_line.hours_per_week == pytest.approx(52 * (120 + 32.5) / 60 / 52)
    assessment = demand.line("P1", "care_home_assessment")
    assert assessment.appointments_per_year == pytest.approx(14)
    assert {d.name for d in assessment.drivers} == {"care-home admissions"}
    assert compute_demand(HAND, CM).line("P1", "care_home_round").appointments_per_year == 0


def test_drivers_say_what_produced_the_figure():
    line = compute_demand(HAND, CM).line("P1", "home_visits")
    by_name = {d.name: d for d in line.drivers}
    assert by_name["register housebound"].patients == 10
    assert by_name["register housebound"].contacts_per_year == 10
    assert "Housebound patients register: 10 x 1 contacts/yr = 10" in by_name["register housebound"].describe()
    site = {s.service: s for s in compute_demand(HAND, CM).services()}
    assert any("travel 32 min a visit" in d or "travel 33 min a visit" in d for d in site["home_visits"].drivers)


def test_deprivation_is_centred_on_the_middle_decile():
    assert deprivation_factor(1, CM) == pytest.approx(1.1)
    assert deprivation_factor(10, CM) == pytest.approx(0.9)
    assert (deprivation_factor(5, CM) + deprivation_factor(6, CM)) / 2 == pytest.approx(1.0)


def test_urban_practice_travels_less_than_sparse_hamlet():
    pop = {("P1", Sex.FEMALE, "85+"): 100}
    regs = {("P1", "housebound"): 10}
    urban = compute_demand(scenario(pop, regs, (practice(rurality=Rurality.URBAN),)), CM).line("P1", "home_visits")
    hamlet = compute_demand(scenario(pop, regs, (practice(rurality=Rurality.HAMLET_SPARSE),)), CM).line(
        "P1", "home_visits")
    assert urban.travel_minutes_per_contact == 15 and hamlet.travel_minutes_per_contact == pytest.approx(39)
    assert hamlet.hours_per_week > urban.hours_per_week


def test_overrides_flow_into_demand():
    changed = apply_overrides(CM, [("services.same_day.appointment_share", 0.5, "local audit")])
    assert compute_demand(HAND, changed).line("P1", "same_day").appointments_per_year == pytest.approx(
        13104 * 0.5 * 1.1)


def test_seasonal_profile_spreads_weekly_appointments():
    data = {m: 1.0 for m in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")}
    data["jan"] = 1.3
    seasonal = CM.model_copy(update={"seasonality": {m: PositiveSourced(value=v, source="test profile")
                                                     for m, v in data.items()}})
    line = compute_demand(HAND, seasonal).line("P1", "same_day")
    by_month = line.appointments_per_week_by_month()
    assert sum(by_month.values()) / 12 == pytest.approx(line.appointments_per_week)
    assert by_month["jan"] > by_month["feb"]
    assert compute_demand(HAND, CM).line("P1", "same_day").appointments_per_week_by_month() == {}


def test_demand_pickles_and_json_has_the_contract():
    demand = compute_demand(HAND, CM)
    assert pickle.loads(pickle.dumps(demand)) == demand
    payload = demand_json(demand, CM)
    assert payload["population"] == 2150
    assert {"population", "contacts_per_patient_year", "hours_per_week", "services", "practices"} <= set(payload)
    assert set(payload["services"][0]) >= {"service", "contacts_per_year", "hours_per_week", "drivers"}
    assert payload["practices"] == [{"practice": "P1", "population": 2150,
                                     "contacts_per_year": round(demand.appointments_per_year, 1),
                                     "hours_per_week": round(demand.hours_per_week, 2)}]


def test_gp_share_bounds_are_a_range():
    share = gp_share_bounds(compute_demand(HAND, CM), CM)
    assert 0 <= share.least < share.most <= 1


# --- properties -----------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=3000)
population_st = st.dictionaries(st.tuples(st.sampled_from(list(Sex)), st.sampled_from(BANDS)), counts, max_size=8)
registers_st = st.dictionaries(st.sampled_from(CONDITIONS), st.integers(min_value=0, max_value=500), max_size=6)
PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _scenario(pop: dict[tuple[Sex, str], int], regs: dict[str, int], decile: int = 3) -> Scenario:
    return scenario({("P1", s, b): n for (s, b), n in pop.items()}, {("P1", c): n for c, n in regs.items()},
                    (practice(decile=decile),))


def _by_line(demand):
    return {(x.practice, x.service): (x.appointments_per_year, x.hours_per_week) for x in demand.lines}


@PROPS
@given(population_st, registers_st, st.sampled_from(list(Sex)), st.sampled_from(BANDS), st.integers(1, 500))
def test_demand_never_falls_when_the_list_grows(pop, regs, sex, band, extra):
    before = _by_line(compute_demand(_scenario(pop, regs), CM))
    bigger = dict(pop)
    bigger[(sex, band)] = bigger.get((sex, band), 0) + extra
    after = _by_line(compute_demand(_scenario(bigger, regs), CM))
    assert all(after[k][0] >= before[k][0] - 1e-9 and after[k][1] >= before[k][1] - 1e-9 for k in before)
    assert sum(v[1] for v in after.values()) > sum(v[1] for v in before.values())


@PROPS
@given(population_st, registers_st, st.sampled_from(CONDITIONS), st.integers(1, 500))
def test_demand_never_falls_when_a_register_grows(pop, regs, condition, extra):
    before = _by_line(compute_demand(_scenario(pop, regs), CM))
    bigger = dict(regs)
    bigger[condition] = bigger.get(condition, 0) + extra
    after = _by_line(compute_demand(_scenario(pop, bigger), CM))
    assert all(after[k][0] >= before[k][0] - 1e-9 and after[k][1] >= before[k][1] - 1e-9 for k in before)


@PROPS
@given(population_st, registers_st, st.integers(1, 10))
def test_doubling_every_count_doubles_demand(pop, regs, decile):
    once = compute_demand(_scenario(pop, regs, decile), CM)
    twice = compute_demand(_scenario({k: 2 * v for k, v in pop.items()}, {k: 2 * v for k, v in regs.items()},
                                     decile), CM)
    for a, b in zip(once.lines, twice.lines, strict=True):
        assert b.appointments_per_year == pytest.approx(2 * a.appointments_per_year)
        assert b.hours_per_week == pytest.approx(2 * a.hours_per_week)


@PROPS
@given(population_st, registers_st)
def test_a_practice_with_no_patients_has_no_demand(pop, regs):
    both = scenario({**{("P1", s, b): n for (s, b), n in pop.items()}},
                    {("P1", c): n for c, n in regs.items()},
                    (practice("P1"), practice("P2", decile=8, rurality=Rurality.URBAN)))
    demand = compute_demand(both, CM)
    empty = [x for x in demand.lines if x.practice == "P2"]
    assert empty and all(x.appointments_per_year == 0 and x.hours_per_week == 0 for x in empty)
    assert dict(demand.practice_population)["P2"] == 0

"""Scenario + CareModel -> Demand: a pure function, every figure traceable to a care-model value.

For each practice and service line:

1. contacts a year from the service's drivers:
   - ``appointment_share``: registered patients x the age/sex appointment rate x the share;
     these rates count *booked* appointments (NHS England's unit, which includes DNAs);
   - ``per_patient_rate``: all registered patients x the rate;
   - ``age_rate``: patients in an age band x the rate;
   - ``age_sex_rate``: patients of one sex in an age band x the rate (cervical screening);
   - ``registers``: patients on a register or cohort x reviews a year;
   - ``per_care_home`` / ``per_care_home_admission``: the practice's aligned care homes (Care
     homes sheet) x rounds a year, and their admissions x assessments each;
2. x the practice's deprivation factor (deprivation-sensitive services only);
3. booked slots: contacts delivered / (1 - DNA rate) for booked services, the DNA rate following
   the service's booking lead time (same-day appointments are missed least);
4. clinical hours a week: slots x (reference minutes + travel for home visits) / 60 / weeks.
"""

from __future__ import annotations

from collections import defaultdict

from pch_workforce.care_model import CareModel, ServiceSpec, Settlement
from pch_workforce.demand.types import Demand, DemandLine, Driver
from pch_workforce.scenario.model import CareHome, Practice, Scenario, Sex

MIDDLE_DECILE = 5.5


class DemandInputError(ValueError):
    """The scenario and care model do not fit together (the loader normally catches this first)."""


def compute_demand(scenario: Scenario, care_model: CareModel) -> Demand:
    """Weekly demand by practice and service line, with the drivers that produced each figure."""
    people = _people_by_band(scenario, care_model)
    registers = _register_counts(scenario)
    weeks = care_model.employment.weeks_per_year.value
    lines = []
    for practice in scenario.practices:
        homes = tuple(home for home in scenario.care_homes if home.practice == practice.code)
        for service_id, service in care_model.services.items():
            drivers = _drivers(service, care_model, people[practice.code], registers[practice.code], homes)
            lines.append(_line(practice, service_id, service, drivers, care_model, weeks))
    populations = tuple((p.code, sum(people[p.code].values())) for p in scenario.practices)
    return Demand(
        site=scenario.site.name,
        care_model=care_model.name,
        weeks_per_year=weeks,
        practice_population=populations,
        lines=tuple(lines),
        service_names=tuple((sid, s.name) for sid, s in care_model.services.items()),
        band_rates=_band_rates(people, care_model),
    )


def deprivation_factor(decile: int, care_model: CareModel) -> float:
    """Linear in IMD decile, centred so a middle-decile practice gets 1.0 (decile 1 = most deprived)."""
    uplift = care_model.deprivation.most_vs_least_uplift.value
    return 1 + uplift * (MIDDLE_DECILE - decile) / 9


def travel_minutes(practice: Practice, care_model: CareModel) -> float:
    """Round-trip travel per home visit for the practice's setting."""
    travel = care_model.travel
    minutes = travel.minutes_per_visit[Settlement.of(practice.rurality)].value
    return minutes * (travel.sparse_multiplier.value if practice.rurality.is_sparse else 1.0)


Band = str
PeopleByBand = dict[tuple[Sex, Band], int]


def _people_by_band(scenario: Scenario, care_model: CareModel) -> dict[str, PeopleByBand]:
    people: dict[str, PeopleByBand] = {p.code: defaultdict(int) for p in scenario.practices}
    for row in scenario.population:
        band = care_model.band_for(row.age_band)
        if band is None:
            raise DemandInputError(f"population age band {row.age_band} does not fit inside one care-model band")
        if row.practice not in people:
            raise DemandInputError(f'population row for unknown practice "{row.practice}"')
        people[row.practice][(row.sex, str(band))] += row.patients
    return people


def _register_counts(scenario: Scenario) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {p.code: defaultdict(int) for p in scenario.practices}
    for row in scenario.registers:
        if row.practice in counts:
            counts[row.practice][row.condition] += row.patients
    return counts


def _drivers(
    service: ServiceSpec, care_model: CareModel, people: PeopleByBand, registers: dict[str, int],
    homes: tuple[CareHome, ...] = (),
) -> list[Driver]:
    drivers: list[Driver] = []
    population = sum(people.values())
    if service.appointment_share is not None:
        share = service.appointment_share.value
        appointments = sum(n * care_model.consultation_rate[sex][band].value for (sex, band), n in people.items())
        rate = appointments / population if population else 0.0
        drivers.append(Driver(
            name="appointments",
            description=f"registered patients at age/sex appointment rates x share {share:.3g}",
            patients=population,
            rate=rate * share,
            contacts_per_year=appointments * share,
            booked=True,
            source=f"consultation_rate (by age band and sex); {service.appointment_share.source}",
        ))
    if service.per_patient_rate is not None:
        rate = service.per_patient_rate.value
        drivers.append(Driver("per patient", "all registered patients", population, rate,
                              population * rate, False, service.per_patient_rate.source))
    for band, rate_value in service.age_rate.items():
        in_band = sum(n for (_, b), n in people.items() if b == band)
        drivers.append(Driver(f"age {band}", f"patients aged {band}", in_band, rate_value.value,
                              in_band * rate_value.value, False, rate_value.source))
    for sex, rates in service.age_sex_rate.items():
        for band, rate_value in rates.items():
            in_group = people.get((sex, band), 0)
            drivers.append(Driver(f"{sex.value} {band}", f"{sex.value} patients aged {band}", in_group,
                                  rate_value.value, in_group * rate_value.value, False, rate_value.source))
    if service.per_care_home is not None and homes:
        rate = service.per_care_home.value
        drivers.append(Driver("care homes", "aligned care homes (Care homes sheet)", len(homes), rate,
                              len(homes) * rate, False, service.per_care_home.source))
    if service.per_care_home_admission is not None and homes:
        rate = service.per_care_home_admission.value
        admissions = sum(home.admissions_per_year for home in homes)
        drivers.append(Driver("care-home admissions", "admissions a year to aligned care homes", admissions, rate,
                              admissions * rate, False, service.per_care_home_admission.source))
    for condition, rate_value in service.registers.items():
        on_register = registers.get(condition, 0)
        name = care_model.conditions[condition].name
        drivers.append(Driver(f"register {condition}", f"{name} register", on_register, rate_value.value,
                              on_register * rate_value.value, False, rate_value.source))
    return drivers


def _line(
    practice: Practice,
    service_id: str,
    service: ServiceSpec,
    drivers: list[Driver],
    care_model: CareModel,
    weeks: float,
) -> DemandLine:
    factor = deprivation_factor(practice.deprivation_decile, care_model) if service.deprivation_sensitive else 1.0
    booked = factor * sum(d.contacts_per_year for d in drivers if d.booked)
    delivered = factor * sum(d.contacts_per_year for d in drivers if not d.booked)
    dna = care_model.dna_rate(service)
    appointments = booked + delivered / (1 - dna)
    attended = booked * (1 - dna) + delivered
    travel = travel_minutes(practice, care_model) if service.home_visit else 0.0
    minutes = service.minutes_per_contact.value
    hours = appointments * (minutes + travel) / 60 / weeks
    return DemandLine(
        practice=practice.code,
        service=service_id,
        drivers=tuple(drivers),
        deprivation_factor=factor,
        dna_rate=dna,
        appointments_per_year=appointments,
        attended_per_year=attended,
        minutes_per_contact=minutes,
        travel_minutes_per_contact=travel,
        hours_per_week=hours,
        weeks_per_year=weeks,
        monthly_factors=_monthly_factors(care_model),
    )


def _monthly_factors(care_model: CareModel) -> tuple[tuple[str, float], ...]:
    if not care_model.seasonality:
        return ()
    values = {str(m): s.value for m, s in care_model.seasonality.items()}
    mean = sum(values.values()) / len(values)
    return tuple((m, v / mean) for m, v in values.items())


def _band_rates(people: dict[str, PeopleByBand], care_model: CareModel) -> tuple[tuple[str, float], ...]:
    """Age/sex appointment rate per person-year in each care-model band, for the site's sex mix."""
    rates = []
    for band in care_model.age_bands:
        key = str(band)
        counts = {sex: sum(p.get((sex, key), 0) for p in people.values()) for sex in Sex}
        total = sum(counts.values())
        if total:
            rate = sum(n * care_model.consultation_rate[sex][key].value for sex, n in counts.items()) / total
            rates.append((key, rate))
    return tuple(rates)

"""A small valid scenario built in code, and helpers to write it (or a broken copy) as a workbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from pch_workforce.errors import InputError

from pch_workforce.scenario.model import (
    AgeBand,
    CoverRule,
    Employer,
    LeavePeriod,
    OpeningSlot,
    Override,
    PopulationCount,
    Practice,
    RegisterCount,
    RolePlan,
    RotaRule,
    Rurality,
    Scenario,
    Session,
    Sex,
    Site,
    StaffMember,
    Weekday,
)
from pch_workforce.scenario.writer import Catalogue, build_workbook

CATALOGUE = Catalogue(
    care_model="pch-default",
    roles=[("gp", "General practitioner"), ("practice_nurse", "Practice nurse")],
    conditions=[("diabetes", "Diabetes"), ("copd", "COPD")],
)

WEEKDAY_AM_PM = tuple(OpeningSlot(weekday=d, session=s) for d in list(Weekday)[:5] for s in (Session.AM, Session.PM))


def small_scenario() -> Scenario:
    """Two practices, two roles, three staff: every sheet has something in it."""
    population = []
    for code, scale in (("A1", 1), ("B2", 2)):
        for band, female, male in (("0-4", 30, 32), ("5-14", 60, 61), ("15-44", 200, 190), ("45-64", 150, 140),
                                   ("65-84", 90, 80), ("85+", 20, 10)):
            population.append(PopulationCount(practice=code, sex=Sex.FEMALE, age_band=AgeBand.parse(band),
                                              patients=female * scale))
            population.append(PopulationCount(practice=code, sex=Sex.MALE, age_band=AgeBand.parse(band),
                                              patients=male * scale))
    size_a = sum(p.patients for p in population if p.practice == "A1")
    return Scenario(
        site=Site(name="Test PCH", care_model="pch-default", plan_start=dt.date(2027, 1, 4), rota_weeks=2,
                  capitated_budget_per_year=1_000_000, workforce_share=0.7, max_patients_per_gp_fte=2000),
        practices=(
            Practice(code="A1", name="Alpha Surgery", list_size=size_a, rurality=Rurality.TOWN,
                     deprivation_decile=3, clinical_rooms=4,
                     opening=WEEKDAY_AM_PM + (OpeningSlot(weekday=Weekday.TUE, session=Session.EVENING),
                                              OpeningSlot(weekday=Weekday.SAT, session=Session.AM)),
                     is_hub=True, travel_minutes_to_hub=0),
            Practice(code="B2", name="Beta Practice", list_size=2 * size_a, rurality=Rurality.VILLAGE_SPARSE,
                     deprivation_decile=7, clinical_rooms=3, opening=WEEKDAY_AM_PM, is_hub=False,
                     travel_minutes_to_hub=25),
        ),
        population=tuple(population),
        registers=(RegisterCount(practice="A1", condition="diabetes", patients=50),
                   RegisterCount(practice="B2", condition="copd", patients=30)),
        roles=(RolePlan(role="gp", existing_fte=1.5, max_fte=3, arrs_eligible=False, employer=Employer.PRACTICE),
               RolePlan(role="practice_nurse", existing_fte=1, max_fte=2, annual_cost_override=52000.0,
                        arrs_eligible=False, employer=Employer.PRACTICE)),
        staff=(StaffMember(staff_id="S1", name="Dr One", role="gp", home_practice="A1", sessions_per_week=8,
                           works_evenings=True, works_saturdays=False,
                           leave=(LeavePeriod(start=dt.date(2027, 1, 11), end=dt.date(2027, 1, 12)),),
                           unavailable=(OpeningSlot(weekday=Weekday.WED, session=Session.PM),)),
               StaffMember(staff_id="S2", name="Dr Two", role="gp", home_practice="B2", sessions_per_week=6,
                           works_evenings=False, works_saturdays=True,
                           preferred_off=(OpeningSlot(weekday=Weekday.FRI, session=Session.PM),)),
               StaffMember(staff_id="S3", name="Nurse Three", role="practice_nurse", home_practice="A1",
                           sessions_per_week=10, works_evenings=False, works_saturdays=False)),
        cover_rules=(CoverRule(practice="A1", role="gp", weekday=Weekday.MON, session=Session.AM, minimum=1),
                     CoverRule(practice="B2", role="gp", weekday=Weekday.MON, session=Session.AM, minimum=1)),
        rota_rules=(RotaRule(rule="weight_away_from_home", value=4),),
        overrides=(Override(path="roles.gp.annual_cost", value=120000.0, source="local rate"),),
    )


def edit(path: Path, sheet: str, cell: str, value: object) -> Path:
    """Change one cell of a workbook in place, as a planner would in Excel."""
    book = openpyxl.load_workbook(path)
    book[sheet][cell] = value
    book.save(path)
    return path


def problems_from(read: Callable[[Path], object], path: Path) -> list[str]:
    """The problems ``read`` reports for ``path``, as the CLI would print them."""
    with pytest.raises(InputError) as caught:
        read(path)
    return [str(p) for p in caught.value.problems]


def write(scenario: Scenario | None, path: Path) -> Path:
    """Write ``scenario`` (or a blank template when None) to ``path``."""
    build_workbook(CATALOGUE, scenario).save(path)
    return path


# The small scenario's bands 15-44 and 65-84 each span two care-model bands (a deliberate error for
# the loader's tests); these replacements fit the default care model.
FITTING_BANDS = {"15-44": "25-44", "65-84": "65-74"}


def fitting_scenario() -> Scenario:
    """The small scenario with age bands that fit the default care model."""
    scenario = small_scenario()
    population = tuple(
        row.model_copy(update={"age_band": AgeBand.parse(FITTING_BANDS.get(str(row.age_band), str(row.age_band)))})
        for row in scenario.population
    )
    return scenario.model_copy(update={"population": population})


def unworkable_scenario() -> Scenario:
    """The fitting scenario with Dr Two (6 sessions a week) free only on Friday: the rota cannot be met."""
    scenario = fitting_scenario()
    never = tuple(OpeningSlot(weekday=d, session=s) for d in list(Weekday)[:4] for s in (Session.AM, Session.PM))
    staff = list(scenario.staff)
    staff[1] = staff[1].model_copy(update={"sessions_per_week": 6, "unavailable": never, "works_saturdays": False})
    return scenario.model_copy(update={"staff": tuple(staff)})

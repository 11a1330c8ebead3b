"""From a loaded scenario to the trajectory problem: each year's site, prices and budget, and the flows.

Each year t is the scenario grown t years and priced for that financial year, solved by the same
code as the one-year mix:

- population: every Population row grown by its care-model age band's rate (the Site's own
  population growth, when given, for every band), practice lists, registers and the weighted list
  with it;
  demand is worked out afresh from the grown population (ageing shifts the mix of need);
- prices: the plan start moved t years, so pay is uplifted by the care model's published awards,
  and by ``trajectory.pay_award_beyond`` for years it has none (labelled a judgement there);
- money: income follows the grown list (list-based streams) and rises by the income uplift a year
  (the Site's, else the care model's); the ARRS envelope follows the weighted list and its growth.

Flows, per role: the leaver rate and recruitment lead time from the scenario's Trajectory sheet,
else the care model's; today's staff leave at their own rate by age band, or in their expected
leaving year; trainees on the Pipeline sheet qualify into their role (a GP registrar joins as the
share of newly qualified GPs still in an NHS GP role a year on). The low and high cases multiply
population growth and leaver rates by the care model's factors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

from pch_workforce.care_model import CareModel
from pch_workforce.care_model.model import PayScale, StaffGroup
from pch_workforce.care_model.pricing import financial_year_of, first_year
from pch_workforce.care_model.trajectory import TrajectoryDefaults
from pch_workforce.demand import compute_demand
from pch_workforce.errors import InputError, Problem
from pch_workforce.mix import mix_input_from_demand, problem_from_inputs
from pch_workforce.mix.problem import MixProblem
from pch_workforce.scenario.loader import LoadedScenario
from pch_workforce.scenario.model import Scenario
from pch_workforce.trajectory.problem import RoleFlow, TrajectoryProblem, financial_year

CENTRAL = "central"
CASE_NAMES = (CENTRAL, "low", "high")
WEEKS_A_YEAR_ON = 52  # the plan start moves on whole weeks, so it stays a Monday


@dataclasses.dataclass(frozen=True)
class CaseFactors:
    growth: float = 1.0
    leavers: float = 1.0


def defaults_of(care_model: CareModel) -> TrajectoryDefaults:
    if care_model.trajectory is None:
        raise InputError([Problem("care model", f'care model "{care_model.name}" has no [trajectory] section: '
                                                "a multi-year plan needs its growth, leaver and lead-time defaults")])
    return care_model.trajectory


def case_factors(care_model: CareModel, case: str) -> CaseFactors:
    if case == CENTRAL:
        return CaseFactors()
    spec = defaults_of(care_model).cases[case]
    return CaseFactors(spec.growth_factor.value, spec.leaver_factor.value)


def trajectory_problem(loaded: LoadedScenario, years: int, case: str = CENTRAL) -> TrajectoryProblem:
    """The ``years``-year problem of one case (central, low or high)."""
    scenario = loaded.scenario
    care_model = with_awards_beyond(loaded.care_model, financial_year_of(scenario.site.plan_start), years)
    factors = case_factors(care_model, case)
    mixes = tuple(year_problem(scenario, care_model, t, factors) for t in range(years))
    roles = [r.role for r in mixes[0].roles]
    return TrajectoryProblem(
        years=mixes,
        flows={role: role_flow(scenario, care_model, role, factors) for role in roles},
        existing_fte={role: existing_by_year(scenario, care_model, role, years, factors) for role in roles},
        pipeline_fte={role: pipeline_by_year(scenario, care_model, role, years) for role in roles},
        redundancies_allowed=scenario.site.allow_redundancies,
    )


def with_awards_beyond(care_model: CareModel, first: str, years: int) -> CareModel:
    """The care model with ``pay_award_beyond`` for every year and pay scale it gives no award for."""
    beyond = defaults_of(care_model).pay_award_beyond
    awards = {year: dict(scales) for year, scales in care_model.pay_awards.items()}
    for offset in range(years):
        year = financial_year(first, offset)
        if first_year(year) <= first_year(care_model.price_year):
            continue
        for scale in PayScale:
            awards.setdefault(year, {}).setdefault(scale, beyond)
    return care_model.model_copy(update={"pay_awards": awards})


def year_problem(scenario: Scenario, care_model: CareModel, year: int, factors: CaseFactors) -> MixProblem:
    """Year ``year``'s mix problem: the grown site at that year's prices, income uplifted."""
    grown = grown_scenario(scenario, care_model, year, factors)
    demand = compute_demand(grown, care_model)
    problem = problem_from_inputs(grown, care_model, mix_input_from_demand(demand))
    defaults = defaults_of(care_model)
    uplift = scenario.site.income_uplift if scenario.site.income_uplift is not None else defaults.income_uplift.value
    income = (1 + uplift) ** year
    envelope = (1 + defaults.arrs_envelope_growth.value) ** year
    roles = tuple(dataclasses.replace(r, min_sessions=0) for r in problem.roles)
    return dataclasses.replace(
        problem, roles=roles,
        capitated_budget_per_year=problem.capitated_budget_per_year * income,
        workforce_budget_per_year=problem.workforce_budget_per_year * income,
        arrs_envelope_per_year=None if problem.arrs_envelope_per_year is None
        else problem.arrs_envelope_per_year * envelope)


def growth_rate(scenario: Scenario, care_model: CareModel, band_label: str, factors: CaseFactors) -> float:
    """A year's population growth for one care-model age band (the Site's own rate for every band)."""
    if scenario.site.population_growth is not None:
        return scenario.site.population_growth * factors.growth
    return defaults_of(care_model).population_growth[band_label].value * factors.growth


def grown_scenario(scenario: Scenario, care_model: CareModel, year: int, factors: CaseFactors) -> Scenario:
    """The site ``year`` years on: population by band grown, lists, registers (with their practice's list)
    and the weighted list to match, the plan start moved on (a Monday still)."""
    if year == 0:
        return scenario
    rows = []
    for row in scenario.population:
        band = care_model.band_for(row.age_band)
        rate = growth_rate(scenario, care_model, str(band), factors) if band is not None else 0.0
        rows.append(row.model_copy(update={"patients": round(row.patients * (1 + rate) ** year)}))
    lists = {p.code: 0 for p in scenario.practices}
    for row in rows:
        lists[row.practice] += row.patients
    practices = tuple(p.model_copy(update={"list_size": lists[p.code]}) for p in scenario.practices)
    grew = {p.code: lists[p.code] / p.list_size if p.list_size else 1.0 for p in scenario.practices}
    registers = tuple(r.model_copy(update={"patients": round(r.patients * grew.get(r.practice, 1.0))})
                      for r in scenario.registers)
    total = sum(lists.values())
    factor = total / max(1, scenario.total_population)
    site = scenario.site.model_copy(update={
        "plan_start": scenario.site.plan_start + dt.timedelta(weeks=WEEKS_A_YEAR_ON * year),
        "weighted_list": None if scenario.site.weighted_list is None else scenario.site.weighted_list * factor})
    return scenario.model_copy(update={"site": site, "population": tuple(rows), "practices": practices,
                                       "registers": registers})


def role_flow(scenario: Scenario, care_model: CareModel, role: str, factors: CaseFactors) -> RoleFlow:
    """Leaver rate, lead time, most hires a year and share of posts filled: the Trajectory sheet's, else the
    care model's."""
    defaults = defaults_of(care_model)
    given = next((r for r in scenario.trajectory_roles if r.role == role), None)
    rate = (given.leaver_rate if given is not None and given.leaver_rate is not None
            else defaults.leaver_rate[role].value)
    months = (given.lead_months if given is not None and given.lead_months is not None
              else defaults.lead_months[role].value)
    fill = given.fill_share if given is not None and given.fill_share is not None else defaults.post_fill_share.value
    return RoleFlow(role=role, leaver_rate=min(1.0, rate * factors.leavers), lead_years=lead_years(months),
                    max_hires_per_year=given.max_hires_per_year if given is not None else None, fill_share=fill)


def lead_years(months: float) -> int:
    """Whole financial years before a hire counts: a post decided in a year counts from the first whole year
    it can be in post (judgement: a 6-month lead loses that year, never credits half a post early)."""
    return math.ceil(months / 12 - 1e-9)


def existing_by_year(scenario: Scenario, care_model: CareModel, role: str, years: int,
                     factors: CaseFactors) -> tuple[float, ...]:
    """FTE of today's staff still in post each year: named people by their own leaving year or age-band
    rate; the rest of the Roles sheet's existing FTE at the role's rate."""
    defaults = defaults_of(care_model)
    spec = care_model.roles[role]
    per_fte = spec.sessions_per_fte.value
    group = str(spec.staff_group)
    first = first_year(financial_year_of(scenario.site.plan_start))
    plan = next(p for p in scenario.roles if p.role == role)
    named = [m for m in scenario.staff if m.role == role]
    named_fte = sum(m.sessions_per_week / per_fte for m in named)
    rest = max(0.0, plan.existing_fte - named_fte)
    role_rate = min(1.0, defaults.leaver_rate[role].value * factors.leavers)
    totals = []
    for t in range(years):
        total = rest * (1 - role_rate) ** t
        for member in named:
            fte = member.sessions_per_week / per_fte
            if member.leaving_year is not None:
                total += fte if first + t < first_year(member.leaving_year) else 0.0
            else:
                rate = min(1.0, defaults.leaver(role, group, member.age_band) * factors.leavers)
                total += fte * (1 - rate) ** t
        totals.append(total)
    return tuple(totals)


def pipeline_by_year(scenario: Scenario, care_model: CareModel, role: str, years: int) -> tuple[float, ...]:
    """Expected FTE qualifying into the role each year (GP registrars at the retention share)."""
    defaults = defaults_of(care_model)
    first = first_year(financial_year_of(scenario.site.plan_start))
    keep = (defaults.newly_qualified_gp_retention.value
            if care_model.roles[role].staff_group == StaffGroup.GP else 1.0)
    out = [0.0] * years
    for entry in scenario.pipeline:
        offset = first_year(entry.qualifying_year) - first
        if entry.role == role and 0 <= offset < years:
            out[offset] += entry.fte * keep
    return tuple(out)

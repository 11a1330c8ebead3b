"""The defaults a multi-year workforce trajectory needs (issue 21), every figure sourced.

``[trajectory]`` in a care model says how the population grows by age band, what pay, income and
the ARRS envelope do in the years past those the care model prices, how many staff leave each
year (by role, and by age band for GPs and nurses where the age is known), how long recruiting
takes, how long a GP takes to train and how many newly qualified GPs take an NHS GP post. The
central case is the defaults themselves; ``cases`` holds the ``low`` and ``high`` cases as
factors on population growth and leaver rates.

Role ids and age bands are checked against the care model's own by ``CareModel`` (see
``check_against_model``), each problem named by its key path (``trajectory. ...``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from pch_workforce.care_model.sourced import NonNegSourced, PositiveSourced, ShareSourced, Sourced

# Age bands of the age-specific leaver rates (staff ages, not the population's bands).
LEAVER_AGE_BANDS = ("under 35", "35-44", "45-54", "55-59", "60+")
# The values of care_model.model.StaffGroup (not imported: that module imports this one).
STAFF_GROUPS = ("gp", "nurse", "other")
CASES = ("low", "high")


def leaver_age_band(age: int) -> str:
    """The label of ``LEAVER_AGE_BANDS`` an age in whole years falls in."""
    if age < 0:
        raise ValueError(f"an age must be >= 0, got {age}")
    if age < 35:
        return "under 35"
    if age < 45:
        return "35-44"
    if age < 55:
        return "45-54"
    if age < 60:
        return "55-59"
    return "60+"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TrajectoryCase(_Frozen):
    """A case either side of the central one: factors on the central population growth and leaver rates."""

    growth_factor: PositiveSourced = Field(description="Multiplies every band's population growth a year")
    leaver_factor: PositiveSourced = Field(description="Multiplies every leaver rate (by role and by age)")


class TrajectoryDefaults(_Frozen):
    """What a 3-5 year workforce trajectory assumes beyond the care model's price year."""

    population_growth: dict[str, Sourced] = Field(
        description="Population growth a year (share, may be negative), by the care model's age band"
    )
    pay_award_beyond: ShareSourced = Field(
        description="Pay award a year on every pay scale for the years past the last in pay_awards"
    )
    income_uplift: ShareSourced = Field(
        description="Growth a year of the capitated budget's income rates (per weighted patient; list growth apart)"
    )
    arrs_envelope_growth: ShareSourced = Field(description="Growth a year of the ARRS envelope per weighted patient")
    leaver_rate: dict[str, ShareSourced] = Field(
        description="Share of a role's staff who leave in a year (all ages), by role"
    )
    leaver_rate_by_age: dict[str, dict[str, ShareSourced]] = Field(
        default_factory=dict,
        description="Share who leave in a year by staff group and staff age band; other groups use leaver_rate",
    )
    lead_months: dict[str, NonNegSourced] = Field(
        description="Months from deciding to recruit to the new starter's first day, by role"
    )
    gp_training_years: PositiveSourced = Field(description="Years of GP specialty training (ST1-ST3)")
    post_fill_share: ShareSourced = Field(
        description="Share of the FTE a site sets out to recruit in a year that is in post after the lead time"
    )
    newly_qualified_gp_retention: ShareSourced = Field(
        description="Share of newly qualified GPs in a fully qualified NHS general-practice role a year on"
    )
    cases: dict[str, TrajectoryCase] = Field(
        description="The low and high cases (the central case is the defaults themselves)"
    )

    @model_validator(mode="after")
    def _own_keys(self) -> TrajectoryDefaults:
        problems = [f'trajectory.cases: missing the "{case}" case' for case in CASES if case not in self.cases]
        problems += [f'trajectory.cases.{case}: unknown case; the cases are "low" and "high" (the central case '
                     "is the defaults themselves)" for case in self.cases if case not in CASES]
        for group, rates in self.leaver_rate_by_age.items():
            if group not in STAFF_GROUPS:
                problems.append(f'trajectory.leaver_rate_by_age.{group}: unknown staff group; '
                                f'staff groups: {", ".join(STAFF_GROUPS)}')
            problems += [f'trajectory.leaver_rate_by_age.{group}.{band}: not an age band of the leaver rates; '
                         f'bands: {", ".join(LEAVER_AGE_BANDS)}' for band in rates if band not in LEAVER_AGE_BANDS]
        problems += [f"trajectory.population_growth.{band}: must be a share a year between -1 and 1 "
                     f"(e.g. 0.0075 for 0.75%), got {rate.value:g}"
                     for band, rate in self.population_growth.items() if not -1 < rate.value < 1]
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def problems(self, role_ids: list[str], band_names: list[str]) -> list[str]:
        """What is wrong given the model's roles and age bands, each named by its key path."""
        roles, bands = ", ".join(role_ids), ", ".join(band_names)
        found: list[str] = []
        for field, what in (("leaver_rate", "a leaver rate"), ("lead_months", "a recruitment lead time")):
            given = getattr(self, field)
            found += [f"trajectory.{field}.{role}: missing (every role needs {what})"
                      for role in role_ids if role not in given]
            found += [f'trajectory.{field}.{role}: unknown role "{role}"; known roles: {roles}'
                      for role in given if role not in role_ids]
        found += [f"trajectory.population_growth.{band}: missing (every age band needs a growth rate)"
                  for band in band_names if band not in self.population_growth]
        found += [f"trajectory.population_growth.{band}: not an age band of this model; bands: {bands}"
                  for band in self.population_growth if band not in band_names]
        return found

    def leaver(self, role_id: str, staff_group: str, age_band: str | None) -> float:
        """Share of a role's staff who leave in a year: the staff group's rate for the age band when there is
        one, else the role's all-age rate (``age_band`` None, or a group or band without its own rate)."""
        if age_band is not None and age_band not in LEAVER_AGE_BANDS:
            raise ValueError(f'age band "{age_band}" is not one of {", ".join(LEAVER_AGE_BANDS)}')
        if age_band is not None:
            by_age = self.leaver_rate_by_age.get(str(staff_group), {})
            if age_band in by_age:
                return by_age[age_band].value
        if role_id not in self.leaver_rate:
            raise KeyError(f'no leaver rate for role "{role_id}"; roles: {", ".join(self.leaver_rate)}')
        return self.leaver_rate[role_id].value


def check_against_model(value: TrajectoryDefaults | None, info: ValidationInfo) -> TrajectoryDefaults | None:
    """``CareModel.trajectory``'s check against the roles and age bands validated before it.

    Skipped when those failed (their own errors are reported instead).
    """
    data: dict[str, Any] = info.data
    if value is None or "roles" not in data or "age_bands" not in data:
        return value
    problems = value.problems(list(data["roles"]), [str(band) for band in data["age_bands"]])
    if problems:
        raise ValueError("\n".join(problems))
    return value

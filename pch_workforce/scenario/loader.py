"""Load a scenario and its care model together, checking what needs both.

The result is the validated input of every pipeline stage.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from pch_workforce.care_model import CareModel, CareModelError, OverrideError, apply_overrides, load_care_model
from pch_workforce.care_model.model import IncomeBasis
from pch_workforce.errors import InputError, Problem
from pch_workforce.rota_policy import RotaPolicy
from pch_workforce.scenario import schema
from pch_workforce.scenario.model import Scenario, Site
from pch_workforce.scenario.reader import SourceRows, read_scenario_with_rows
from pch_workforce.scenario.renames import KnownRoles, RoleCatalogue

MODELS_ENV = "PCH_WORKFORCE_MODELS"


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with its care model (site overrides applied) and rota policy."""

    path: Path
    scenario: Scenario
    care_model: CareModel
    rota_policy: RotaPolicy
    rows: SourceRows | None = None  # where each item came from, for errors found after loading


def care_model_dirs(scenario_path: Path | None = None) -> list[Path]:
    """Where care models named by a scenario are looked for, in order.

    ``$PCH_WORKFORCE_MODELS``; ``models/`` beside or above the scenario; ``./models``; the
    source tree's ``models/`` (editable install); the copy installed with the package.
    """
    dirs: list[Path] = []
    if os.environ.get(MODELS_ENV):
        dirs.append(Path(os.environ[MODELS_ENV]))
    if scenario_path is not None:
        here = Path(scenario_path).resolve().parent
        dirs += [here / "models", here.parent / "models"]
    dirs.append(Path.cwd() / "models")
    dirs.append(Path(__file__).resolve().parents[2] / "models")
    dirs.append(Path(sys.prefix) / "share" / "pch-workforce" / "models")
    unique: list[Path] = []
    for directory in dirs:
        if directory not in unique:
            unique.append(directory)
    return unique


def load_scenario(path: Path | str) -> LoadedScenario:
    """Read, validate and join a scenario with its care model; InputError lists every problem."""
    path = Path(path)
    scenario, rows = read_scenario_with_rows(path, care_model_roles(path))
    care_model_cell = rows.site_cells.get("care_model", schema.SITE_SHEET)
    try:
        base_model = load_care_model(scenario.site.care_model, care_model_dirs(path))
    except CareModelError as error:
        raise InputError([Problem(care_model_cell, f"care model: {p}") for p in error.problems]) from None
    problems = check_against_care_model(scenario, base_model, rows)
    care_model = base_model
    if scenario.overrides:
        try:
            care_model = apply_overrides(base_model, [(o.path, o.value, o.source) for o in scenario.overrides])
        except OverrideError as error:
            problems += [Problem(rows.ref("Overrides", index, _override_column(message)), message)
                         for index, message in error.problems]
    policy, policy_problems = _rota_policy(scenario, rows)
    problems += policy_problems
    if problems:
        raise InputError(problems)
    return LoadedScenario(path=path, scenario=scenario, care_model=care_model, rota_policy=policy, rows=rows)


def care_model_roles(path: Path) -> RoleCatalogue:
    """The role ids of the care model a scenario's Site names, so the reader can tell a role renamed on
    the Roles sheet from a mistyped use. None when that care model cannot be loaded: the reader then
    reports the uses as before, and the care model's own problem once the workbook reads."""

    def roles(site: Site) -> KnownRoles | None:
        try:
            model = load_care_model(site.care_model, care_model_dirs(path))
        except CareModelError:
            return None
        return KnownRoles(care_model=site.care_model, ids=frozenset(model.roles))

    return roles


def check_against_care_model(scenario: Scenario, care_model: CareModel, rows: SourceRows) -> list[Problem]:
    """Roles, conditions and age bands must be ones the care model knows; income streams it does not
    know must say their own quantity and rate."""
    problems: list[Problem] = []
    for index, plan in enumerate(scenario.roles):
        if plan.role not in care_model.roles:
            problems.append(Problem(rows.ref("Roles", index, 1),
                                    f'role "{plan.role}" is not in care model "{scenario.site.care_model}"; '
                                    f"known roles: {', '.join(sorted(care_model.roles))}"))
    for index, register in enumerate(scenario.registers):
        if register.condition not in care_model.conditions:
            problems.append(Problem(rows.ref("Registers", index, 2),
                                    f'condition "{register.condition}" is not in the care model; known: '
                                    f"{', '.join(sorted(care_model.conditions))}"))
    bands = care_model.age_bands
    for index, count in enumerate(scenario.population):
        if not any(band.contains(count.age_band) for band in bands):
            problems.append(Problem(rows.ref("Population", index, 3),
                                    f"age band {count.age_band} does not fit inside one of the care model's "
                                    f"bands ({', '.join(str(b) for b in bands)}); split it"))
    return problems + _income_problems(scenario, care_model, rows)


def _income_problems(scenario: Scenario, care_model: CareModel, rows: SourceRows) -> list[Problem]:
    """A blank quantity or rate is taken from the care model, so it must have one to give: a local
    stream needs both, and a known stream whose units the care model cannot count needs its quantity."""
    problems: list[Problem] = []
    sheet = schema.INCOME
    known = ", ".join(sorted(care_model.income)) or "none"
    for index, stream in enumerate(scenario.income):
        spec = care_model.income.get(stream.stream)
        if spec is None:
            for field, noun in (("quantity", "quantity (units a year)"), ("rate", "rate (£ per unit a year)")):
                if getattr(stream, field) is None:
                    problems.append(Problem(
                        rows.ref(sheet.name, index, sheet.column_of(field)),
                        f'"{stream.stream}" is not an income stream of care model "{scenario.site.care_model}" '
                        f"(known: {known}), so give its {noun}"))
        elif stream.quantity is None and spec.basis is IncomeBasis.GIVEN:
            problems.append(Problem(
                rows.ref(sheet.name, index, sheet.column_of("quantity")),
                f'the care model has no basis for the quantity of "{stream.stream}" ({spec.unit}); give it'))
    return problems


_PATH_PROBLEMS = ("unknown path", "path \"", "is a section", "is a list, ", "is a single sourced number")


def _override_column(message: str) -> int:
    """The Overrides column a problem is about: a bad path is fixed in A, a bad value in B, a missing reason in C."""
    if any(marker in message for marker in _PATH_PROBLEMS):
        return schema.OVERRIDES.column_of("path")
    if "give a source" in message:
        return schema.OVERRIDES.column_of("source")
    return schema.OVERRIDES.column_of("value")


MAX_ROTA_WEIGHT = 1_000_000


def _weight_problem(name: str, value: float) -> str | None:
    """Soft-rule weights are whole penalty points: the rota rounds them (0.4 would silently turn a rule
    off), and a weight like 1e300 overflows the solver, which then reports no rota as if it were infeasible."""
    if not name.startswith("weight_"):
        return None
    if not float(value).is_integer() or not 0 <= value <= MAX_ROTA_WEIGHT:
        return f"{name}: a weight must be a whole number 0–{MAX_ROTA_WEIGHT:,} (penalty points), got {value:g}"
    return None


def _rota_policy(scenario: Scenario, rows: SourceRows) -> tuple[RotaPolicy, list[Problem]]:
    problems: list[Problem] = []
    known = RotaPolicy.rule_names()
    values: dict[str, float] = {}
    for index, rule in enumerate(scenario.rota_rules):
        if rule.rule not in known:
            problems.append(Problem(rows.ref("RotaRules", index, 1),
                                    f'unknown rule "{rule.rule}"; known rules: {", ".join(known)}'))
            continue
        weight_problem = _weight_problem(rule.rule, rule.value)
        if weight_problem:
            problems.append(Problem(rows.ref("RotaRules", index, 2), weight_problem))
            continue
        values[rule.rule] = rule.value
    try:
        policy = RotaPolicy(**values)
    except ValueError as error:
        for item in getattr(error, "errors", lambda: [])():
            name = str(item["loc"][0])
            index = next(i for i, r in enumerate(scenario.rota_rules) if r.rule == name)
            problems.append(Problem(rows.ref("RotaRules", index, 2), f"{name}: {item['msg']}, got {values[name]:g}"))
        policy = RotaPolicy()
    return policy, problems

"""The Inputs and Assumptions sheets: every scenario input and every care-model value, with its source.

Inputs are what the site entered (named by scenario sheet); Assumptions are the care model's
sourced numbers (after the scenario's overrides) and the rota policy values the plan used.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import Any

from openpyxl.workbook.workbook import Workbook
from pydantic import BaseModel

from pch_workforce.care_model.sourced import Sourced
from pch_workforce.plan.model import Plan
from pch_workforce.plan.workbook.front import note
from pch_workforce.excel.tables import Column, TableSpec, write_table
from pch_workforce.scenario.model import LeavePeriod, OpeningSlot, Scenario


def write_assumptions(book: Workbook, plan: Plan) -> list[TableSpec]:
    specs = [_inputs(plan), _assumptions(plan)]
    for spec in specs:
        write_table(book, spec)
    return specs


def sourced_values(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, Sourced, str]]:
    """(dotted path, value, field description) for every Sourced number in a model, in field order."""
    for name, info in type(model).model_fields.items():
        yield from _walk(getattr(model, name), f"{prefix}{name}", info.description or "")


def _walk(value: Any, path: str, description: str) -> Iterator[tuple[str, Sourced, str]]:
    if isinstance(value, Sourced):
        yield path, value, description
    elif isinstance(value, BaseModel):
        yield from sourced_values(value, f"{path}.")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key.value if isinstance(key, Enum) else key}", description)


def _text(value: Any) -> Any:
    """A scenario value as a cell: numbers stay numbers, everything else reads as words."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (int, float, str)) or value is None:
        return "[x]" if value is None else value
    return str(value)


def _slots(slots: tuple[OpeningSlot, ...]) -> str:
    return ", ".join(f"{s.weekday.value} {s.session.value}" for s in slots) or "none"


def _leave(periods: tuple[LeavePeriod, ...]) -> str:
    return ", ".join(f"{p.start:%d %b %Y} to {p.end:%d %b %Y}" for p in periods) or "none"


def scenario_inputs(scenario: Scenario) -> list[list[Any]]:
    """Group, item, value, where: one row per value the site entered."""
    rows: list[list[Any]] = []
    site = scenario.site
    rows += [["Site", name, _text(getattr(site, name)), "Site", info.description or ""]
             for name, info in type(site).model_fields.items()]
    for p in scenario.practices:
        for name in ("name", "list_size", "rurality", "deprivation_decile", "clinical_rooms", "is_hub",
                     "travel_minutes_to_hub"):
            rows.append(["Practice", f"{p.code} {name}", _text(getattr(p, name)), "Practices", ""])
        rows.append(["Practice", f"{p.code} opening", _slots(p.opening), "Practices", "sessions open to patients"])
    for r in scenario.roles:
        for name in ("existing_fte", "max_fte", "annual_cost_override", "arrs_eligible", "employer", "pay_point",
                     "arrs_baseline_fte"):
            rows.append(["Role", f"{r.role} {name}", _text(getattr(r, name)), "Roles",
                         type(r).model_fields[name].description or ""])
        rows.append(["Role", f"{r.role} funding", ", ".join(f"{f.payer} {f.share:g}" for f in r.funding)
                     or "care model default", "Roles", type(r).model_fields["funding"].description or ""])
    rows += [["Care home", h.name, f"{h.practice}: {h.beds} beds, {h.admissions_per_year:g} admissions a year",
              "Care homes", "aligned care home"] for h in scenario.care_homes]
    rows += [["Income", i.stream, f"quantity {_text(i.quantity)}, rate {_text(i.rate)}", "Income",
              i.source or ""] for i in scenario.income]
    rows += [["Population", f"{c.practice} {c.sex.value} {c.age_band}", c.patients, "Population", "patients"]
             for c in scenario.population]
    rows += [["Register", f"{c.practice} {c.condition}", c.patients, "Registers", "patients on the register"]
             for c in scenario.registers]
    for s in scenario.staff:
        rows.append(["Staff", f"{s.staff_id} {s.name}",
                     f"{s.role} at {s.home_practice}, {s.sessions_per_week} sessions a week; evenings "
                     f"{_text(s.works_evenings)}, Saturdays {_text(s.works_saturdays)}; leave {_leave(s.leave)}; "
                     f"never {_slots(s.unavailable)}; rather not {_slots(s.preferred_off)}", "Staff", ""])
    rows += [["Cover rule", f"{c.practice} {c.role} {c.weekday.value} {c.session.value}", c.minimum, "Cover",
              "fewest people of the role in the session"] for c in scenario.cover_rules]
    rows += [["Rota rule", r.rule, r.value, "RotaRules", "overrides the rota policy default"]
             for r in scenario.rota_rules]
    rows += [["Override", o.path, _text(o.value), "Overrides", o.source] for o in scenario.overrides]
    return rows


def _inputs(plan: Plan) -> TableSpec:
    name = plan.loaded.path.name if plan.loaded.path else "the scenario"
    return TableSpec(
        sheet="Inputs", name="ScenarioInputs", title=f"{plan.loaded.scenario.site.name}: scenario inputs",
        contents="Every value the site entered in the scenario workbook, by sheet",
        description=(f"From {name}; the last column names the scenario sheet to edit.",),
        columns=(Column("Group", max_width=12), Column("Item", max_width=40), Column("Value", max_width=60),
                 Column("Scenario sheet", max_width=12), Column("What it is", max_width=50)),
        rows=scenario_inputs(plan.loaded.scenario), freeze_columns=2)


def assumption_rows(plan: Plan) -> list[list[Any]]:
    care_model, policy = plan.loaded.care_model, plan.loaded.rota_policy
    overridden = {o.path for o in plan.loaded.scenario.overrides}
    rows: list[list[Any]] = [["price_year", "price_year", "The financial year the care model's prices are for",
                              care_model.price_year, "no", f"care model {care_model.name}",
                              plan.mix.price_note or f"the plan's financial year, {plan.mix.plan_financial_year}"]]
    rows += [["not_modelled", f"not_modelled.{index}", item.item, "[x]", "no", f"care model {care_model.name}",
              f"Not modelled: {item.reason}"] for index, item in enumerate(care_model.not_modelled, start=1)]
    for path, value, description in sourced_values(care_model):
        origin = "scenario override" if path in overridden else f"care model {care_model.name}"
        rows.append([path.split(".")[0], path, description, value.value, "yes" if value.judgement else "no",
                     origin, value.source])
    if care_model.access is not None:  # windows, hours and role lists: not numbers, so listed here
        rows += [["access", path, what, value, "yes" if judgement else "no", f"care model {care_model.name}", source]
                 for path, what, value, judgement, source in care_model.access.described()]
    local = plan.loaded.scenario.rota_rule_values()
    for name, _default, description in policy.describe():
        rows.append(["rota_policy", f"rota_policy.{name}", description, getattr(policy, name),
                     "yes" if "judgement" in description.lower() else "no",
                     "scenario RotaRules sheet" if name in local else "pch-workforce default", description])
    return rows


def _assumptions(plan: Plan) -> TableSpec:
    care_model = plan.loaded.care_model
    return TableSpec(
        sheet="Assumptions", name="Assumptions", title=f"{plan.loaded.scenario.site.name}: planning assumptions",
        contents="Every care-model value and rota policy setting the plan used, with its source",
        description=(f"Care model {care_model.name} ({care_model.price_year} prices; the plan is in "
                     f"{plan.mix.plan_financial_year}), after the scenario's overrides; judgement calls are marked "
                     f"{note('judgement')}; what the plan does not count is listed under not_modelled.",),
        columns=(Column("Group", max_width=14), Column("Setting", max_width=50), Column("What it is", max_width=40),
                 Column("Value", max_width=14), Column("Judgement call", max_width=9), Column("From", max_width=22),
                 Column("Source", max_width=90)),
        rows=assumption_rows(plan), freeze_columns=2)

"""The README's `--json` key lists are a contract scripts depend on: each documented key is in a real
run's output, and each key a run prints is documented (validate, demand, mix, rota, plan). The full
reference (docs/commands.md), which also names the nested keys, documents only keys a run prints."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pch_workforce.cli import main
from pch_workforce.plan.summary_json import plan_summary
from tests.conftest import REPO
from tests.plan_workbook_fixture import NORTH_COAST, north_coast_plan

# Backticked words in the key paragraphs that are values or names, not keys.
VALUES = {"OPTIMAL", "FEASIBLE", "site", "workforce_budget", "arrs_envelope", "enhanced_access", "interrupted",
          "continuity_limit"}
IDENTIFIER = re.compile(r"`([a-z][a-z0-9_]*)`")


FULL_REFERENCE = REPO / "docs" / "commands.md"


def documented(command: str, document: Path = REPO / "README.md") -> set[str]:
    """The backticked identifiers of the document's paragraph that starts with "`COMMAND --json".."""
    text = document.read_text()
    start = text.index(f"`{command} --json")
    paragraph = text[start:text.index("\n\n", start)]
    return set(IDENTIFIER.findall(paragraph))


def keys(value: Any) -> set[str]:
    """Every key at any depth of a JSON value."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


def run_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def with_a_core_hours_gap() -> Any:
    """The test plan with the first day's rota emptied (and checked again), so lists empty in a good plan
    (core_hours_gaps, hard_violation_detail) show the keys of their items, and with one session of history
    for each fairness group member, so worked_last_period shows its keys."""
    import dataclasses

    from pch_workforce.rota.checker import check_rota
    from pch_workforce.rota.problem import Rota

    plan = north_coast_plan()
    rota = plan.rota_report.rota
    assert rota is not None
    emptied = Rota(assignments=tuple(a for a in rota.assignments if a.day != 0))
    groups = tuple(g.model_copy(update={"history": (1,) * len(g.staff_ids)}) for g in plan.rota.problem.fairness_groups)
    problem = plan.rota.problem.model_copy(update={"fairness_groups": groups})
    return dataclasses.replace(plan, rota=dataclasses.replace(plan.rota, problem=problem),
                               rota_report=plan.rota_report.model_copy(update={"rota": emptied}),
                               rota_check=check_rota(problem, emptied))


@pytest.fixture(scope="module")
def outputs() -> dict[str, dict[str, Any]]:
    summary = json.loads(json.dumps(plan_summary(with_a_core_hours_gap())))  # exactly what plan --json writes
    assert summary["kpis"]["core_hours_gaps"] and summary["rota"]["hard_violation_detail"]
    return {"validate": run_json("validate", str(NORTH_COAST)), "demand": run_json("demand", str(NORTH_COAST)),
            "mix": summary["mix"], "rota": summary["rota"], "plan": summary,
            "trajectory": run_json("trajectory", str(NORTH_COAST), "--years", "3")}


@pytest.mark.parametrize("command", ["validate", "demand", "mix", "rota", "plan", "trajectory"])
def test_documented_keys_are_in_a_real_run(outputs: dict[str, dict[str, Any]], command: str) -> None:
    missing = documented(command) - keys(outputs[command]) - VALUES - {command}
    assert missing == set(), f"README documents {sorted(missing)} for {command} --json; a run has no such key"


@pytest.mark.parametrize("command", ["validate", "demand", "rota", "plan", "trajectory"])
def test_every_top_level_key_is_documented(outputs: dict[str, dict[str, Any]], command: str) -> None:
    undocumented = set(outputs[command]) - documented(command)
    assert undocumented == set(), f"{command} --json prints {sorted(undocumented)}, which the README does not list"


@pytest.mark.parametrize("command", ["validate", "demand", "mix", "rota", "plan", "trajectory"])
def test_the_full_reference_documents_only_real_keys(outputs: dict[str, dict[str, Any]], command: str) -> None:
    missing = documented(command, FULL_REFERENCE) - keys(outputs[command]) - VALUES - {command}
    assert missing == set(), f"docs/commands.md documents {sorted(missing)} for {command} --json; a run has no such key"


@pytest.mark.parametrize("command", ["validate", "demand", "mix", "rota", "plan", "trajectory"])
def test_the_readme_lists_what_the_full_reference_lists_at_the_top(outputs: dict[str, dict[str, Any]],
                                                                   command: str) -> None:
    top = set(outputs[command])
    assert documented(command) & top == documented(command, FULL_REFERENCE) & top

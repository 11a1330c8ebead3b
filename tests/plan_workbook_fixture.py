"""One small North Coast plan (and its workbook) per test session, shared by the plan-workbook tests.

Built once per process (lru_cache), so test_plan_workbook, test_compare and test_libreoffice pay
for one rota solve between them. One week, a deterministic limit and two workers keep it quick.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from pch_workforce.plan.model import Plan, PlanOptions
from pch_workforce.plan.run import build_plan
from pch_workforce.plan.workbook import write_plan_workbook
from pch_workforce.scenario.loader import load_scenario
from tests.conftest import SCENARIOS

NORTH_COAST = SCENARIOS / "north-coast-pch.xlsx"
# A proof of optimality or the deterministic limit ends the solve (so a second run gives the
# same cells); the wall-clock limit is only a safety net, set well clear of it so a loaded
# machine cannot make it bind (it did once at 20 s, with a benchmark and two test runs sharing 2 cores).
OPTIONS = PlanOptions(time_limit=120, deterministic_time_limit=3, workers=2, weeks=1)


@functools.lru_cache(maxsize=1)
def north_coast_plan() -> Plan:
    return build_plan(load_scenario(NORTH_COAST), OPTIONS)


@functools.lru_cache(maxsize=1)
def north_coast_workbook() -> Path:
    """The plan workbook, written once to a private temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="pch-plan-test-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return write_plan_workbook(north_coast_plan(), folder / "north-coast-plan.xlsx", [NORTH_COAST])

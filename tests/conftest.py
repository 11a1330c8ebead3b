"""Shared fixtures: the repo's paths and the shipped scenarios."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "scenarios"
SHIPPED_SCENARIOS = sorted(SCENARIOS.glob("*.xlsx"))


def load_script(path: Path) -> ModuleType:
    """Import a script that is not in a package (the scenario builders)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def north_coast_path() -> Path:
    return SCENARIOS / "north-coast-pch.xlsx"

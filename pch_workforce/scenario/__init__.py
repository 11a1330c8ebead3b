"""The scenario: typed model, workbook reader, template writer and loader."""

from __future__ import annotations

from pch_workforce.scenario.loader import LoadedScenario, load_scenario
from pch_workforce.scenario.model import Scenario

__all__ = ["LoadedScenario", "Scenario", "load_scenario"]

"""The scenario: typed model, workbook reader, template writer and loader.

``load_scenario`` is imported lazily so that the care model (which uses ``scenario.model``)
and the loader (which uses the care model) do not import each other at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pch_workforce.scenario.model import Scenario

if TYPE_CHECKING:
    from pch_workforce.scenario.loader import LoadedScenario, load_scenario

__all__ = ["LoadedScenario", "Scenario", "load_scenario"]


def __getattr__(name: str) -> Any:
    if name in ("load_scenario", "LoadedScenario"):
        from pch_workforce.scenario import loader

        return getattr(loader, name)
    raise AttributeError(name)

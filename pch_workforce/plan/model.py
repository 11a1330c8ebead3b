"""The Plan: every stage's result for one scenario, the input of the plan workbook and its KPIs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pch_workforce.demand.types import Demand
from pch_workforce.mix.result import Mix
from pch_workforce.pch_rota import PchRota
from pch_workforce.rota.checker import CheckResult
from pch_workforce.rota.report import RotaReport
from pch_workforce.scenario.loader import LoadedScenario
from pch_workforce.trajectory.run import TrajectoryRun


@dataclass(frozen=True)
class PlanOptions:
    """How the rota was solved; recorded on the plan so a reader can reproduce it.

    A plan is reproducible (same cell values on any machine, loaded or not) when the rota stops on
    ``deterministic_time_limit`` (or proves optimality) with a fixed ``workers`` and ``seed``; a
    wall-clock ``time_limit`` is only a safety net and, if it is what stops the search, the result
    depends on machine speed. One worker is the default because CP-SAT's only deterministic
    multi-worker mode (interleaved search) shares one deterministic budget between the workers
    rather than adding to it, and on the rota model one worker's deeper search does better than
    several sharing it (docs/decisions/2026-11-23-one-deterministic-rota-worker.md).
    """

    time_limit: float = 120.0
    deterministic_time_limit: float | None = 20.0
    workers: int = 1
    seed: int = 0
    weeks: int | None = None
    lns: bool = False  # SolveOptions(strategy="repair"): the sweep before the whole-model search
    trajectory_years: int = 5  # financial years on the Trajectory sheet (0: none)


@dataclass(frozen=True)
class ReplanFigures:
    """What a re-plan changed from the published rota: the Changes sheet's headline figures."""

    changed_sessions: int  # Rota cells whose sessions changed (a blank cell turned to Leave is not one)
    people_affected: int  # people with at least one such cell, the absent included
    sessions_lost: int  # sessions the absent people were rostered for in their absences
    sessions_recovered: int  # of those, the ones someone new now works
    others_changed: int  # changed sessions but the absent people's own in their absences (cover and knock-ons)
    others_affected: int  # people affected but the absent


@dataclass(frozen=True)
class Plan:
    """A site's plan: demand → mix → rota, with the checker's verdict on the rota."""

    loaded: LoadedScenario
    demand: Demand
    mix: Mix
    rota: PchRota
    rota_report: RotaReport
    rota_check: CheckResult
    options: PlanOptions
    tool_version: str
    created: dt.datetime
    trajectory: TrajectoryRun | None = None  # the years ahead (None: the care model has no [trajectory])
    replan: ReplanFigures | None = None  # set on a re-plan of a published rota (pch-workforce replan)
    # (staff id, day, shift id) a planner locked on the Rota sheet, kept locked (*) in the re-planned one
    locked: frozenset[tuple[str, int, str]] = frozenset()

    @property
    def scenario_name(self) -> str:
        return self.loaded.scenario.site.name

"""Fairness with history: each person's evenings and Saturdays in the previous rota period.

``--history PREVIOUS_PLAN.xlsx`` reads the previous period's plan (or rota) workbook back through its
Rota sheet, as the planner left it (:func:`pch_workforce.plan.rota_reader.read_rota`), and counts each
person's sessions of each unsocial kind by the fairness groups' own test
(:func:`pch_workforce.pch_rota.counts_as`). People are matched by staff id: someone in the history who is
not in this scenario's staff (a leaver, or a planned post, which nobody worked as such) is left out and
named in a warning; someone new to the site starts at 0. The counts are raw sessions, whatever the
previous period's length (the judgement call on :class:`pch_workforce.rota.FairnessGroup`).

A plan made with history shows it in the Staff hours sheet's "worked last period" columns, and a
re-plan (and ``cover``) reads it back from there (:func:`history_from_staff_hours`), so re-planning
keeps the fairness the plan was made with without asking for the previous plan again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pch_workforce.errors import InputError, Problem
from pch_workforce.pch_rota import UNSOCIAL_KINDS, History, counts_as
from pch_workforce.plan.rota_reader import read_rota
from pch_workforce.plan.workbook.rota import SHEET as ROTA
from pch_workforce.plan.workbook.staff import SHEET as STAFF_HOURS
from pch_workforce.plan.workbook.staff import KIND_WORDS, WORKED_LAST_PERIOD
from pch_workforce.scenario.cells import describe, is_blank
from pch_workforce.scenario.model import Scenario
from pch_workforce.scenario.reader import cell_ref
from pch_workforce.scenario.workbook_file import SheetValues

STAFF_ID = "Staff id"
NOT_A_MEMBER = "[z]"  # the Staff hours sheet's mark for someone outside a fairness group


@dataclass(frozen=True)
class PreviousPeriod:
    """What a previous period's plan says each person of this scenario worked, and who it leaves out."""

    source: Path
    first_date: dt.date
    last_date: dt.date
    counts: dict[str, dict[str, int]]  # kind -> staff id -> sessions (people with none are left out)
    left_out: tuple[str, ...]  # "Name (id)" of each person in the history not in this scenario

    def warnings(self) -> list[str]:
        if not self.left_out:
            return []
        return [f"warning: --history {self.source}: {len(self.left_out)} "
                f"{'person is' if len(self.left_out) == 1 else 'people are'} not in this scenario's staff, so "
                f"their evenings and Saturdays are not counted: {', '.join(self.left_out)}"]

    def summary(self) -> str:
        totals = ", ".join(f"{sum(self.counts[kind].values())} {KIND_WORDS[kind]}" for kind in UNSOCIAL_KINDS)
        return (f"history: {self.source}, {self.first_date:%d %b %Y} to {self.last_date:%d %b %Y}: "
                f"{totals} worked by this scenario's staff")


def read_previous_period(path: Path, scenario: Scenario) -> PreviousPeriod:
    """Each scenario member's evenings and Saturdays on the previous plan's Rota sheet. InputError (exit 2)
    names the file and cell of anything unreadable, and refuses a rota that does not end before this
    plan starts (it would be this period, not the previous one)."""
    try:
        read = read_rota(Path(path))
    except InputError as error:
        raise InputError([_in_file(path, problem) for problem in error.problems]) from None
    start = scenario.site.plan_start
    if read.last_date >= start:
        raise InputError([Problem(f"{path}: {cell_ref(ROTA, 1, 1)}",
                                  f"the rota runs {read.first_date:%d %b %Y} to {read.last_date:%d %b %Y}, which "
                                  f"does not end before this plan starts ({start:%d %b %Y}): give the previous "
                                  "period's plan")])
    members = {m.staff_id for m in scenario.staff}
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in UNSOCIAL_KINDS}
    for a in read.assignments:
        for kind in UNSOCIAL_KINDS:
            if a.staff_id in members and counts_as(kind, a.date.weekday(), a.shift_id):
                counts[kind][a.staff_id] += 1
    left_out = tuple(f"{p.name} ({p.staff_id})" for p in read.people if p.staff_id not in members)
    return PreviousPeriod(Path(path), read.first_date, read.last_date,
                          {kind: dict(sorted(found.items())) for kind, found in counts.items()}, left_out)


def history_from_staff_hours(sheets: dict[str, SheetValues], source: str) -> History | None:
    """The history a plan was made with, from its Staff hours sheet's "worked last period" columns (None
    when it has none: the plan counted no previous period). A cell that is not a whole number of sessions
    or [z] is an InputError naming it."""
    sheet = sheets.get(STAFF_HOURS)
    if sheet is None:
        return None
    header = next((row for row, values in enumerate(sheet.rows, start=1)
                   if values and _text(values[0]) == STAFF_ID), None)
    if header is None:
        return None
    titles = [_text(v) for v in sheet.rows[header - 1]]
    columns = {kind: titles.index(title) + 1 for kind, title in WORKED_LAST_PERIOD.items() if title in titles}
    if not columns:
        return None
    history: dict[str, dict[str, int]] = {kind: {} for kind in UNSOCIAL_KINDS}
    problems: list[Problem] = []
    for row in range(header + 1, len(sheet.rows) + 1):
        staff_id = sheet.cell(row, 1)
        if is_blank(staff_id):
            break
        for kind, column in columns.items():
            value = sheet.cell(row, column)
            if _text(value) == NOT_A_MEMBER:
                continue
            sessions = _sessions(value)
            if sessions is None:
                problems.append(Problem(f"{source}: {cell_ref(STAFF_HOURS, row, column)}",
                                        f"{describe(value)} is not a number of sessions (a whole number from 0, "
                                        f"or {NOT_A_MEMBER})"))
            elif sessions:
                history[kind][_text(staff_id)] = sessions
    if problems:
        raise InputError(problems)
    return history


def _sessions(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or value != int(value):
        return None
    return int(value)


def _in_file(path: Path, problem: Problem) -> Problem:
    """The reader's problem placed in the history workbook (the scenario is a workbook too)."""
    where = str(path)
    if problem.where and problem.where != where:
        where = f"{path}: {problem.where}"
    return Problem(where, problem.message)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()

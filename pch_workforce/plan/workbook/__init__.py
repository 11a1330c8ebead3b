"""The plan workbook: one sheet family per module, assembled here in reading order.

Cover → Contents → Notes → Summary (the board's page) → Figures → Demand → Mix → Estate → Practice pages
(one printed page per practice) → Budget → Rota → By practice → Session cover → Staff hours (→ Changes, in
a re-plan) → Explain → Inputs and Assumptions. No cell holds a clock time, so the same scenario and
seed give the same cells.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from pch_workforce.output import save_workbook_atomic
from pch_workforce.pch_rota import worked_last_period
from pch_workforce.plan.model import Plan
from pch_workforce.plan.workbook.assumptions import write_assumptions
from pch_workforce.plan.board import REPRODUCIBLE, board_sentences
from pch_workforce.plan.summary_json import stopped_by
from pch_workforce.plan.workbook.board import write_board
from pch_workforce.plan.workbook.budget import write_budget
from pch_workforce.plan.workbook.demand import write_demand
from pch_workforce.plan.workbook.estate import write_estate
from pch_workforce.plan.workbook.explain import write_explain
from pch_workforce.excel.front import write_contents, write_cover, write_notes
from pch_workforce.plan.workbook.front import NOTES, note
from pch_workforce.plan.workbook.mix import write_mix
from pch_workforce.plan.workbook.practice import write_by_practice
from pch_workforce.plan.workbook.practice_pages import write_practice_pages
from pch_workforce.plan.workbook.rota import write_rota
from pch_workforce.plan.workbook.session_cover import write_session_cover
from pch_workforce.plan.workbook.staff import write_staff_hours
from pch_workforce.plan.workbook.summary import write_summary
from pch_workforce.trajectory.workbook import write_trajectory
from pch_workforce.excel.tables import TableSpec, finish_book, new_book, write_table

__all__ = ["plan_workbook", "rota_workbook", "write_plan_workbook", "write_rota_workbook"]

FRONT = ("Cover", "Contents", "Notes")


def write_plan_workbook(plan: Plan, out: Path, inputs: Sequence[Path] = (), extra: Sequence[TableSpec] = ()) -> Path:
    """Write the plan to ``out`` atomically; refuses to overwrite any of ``inputs``. ``extra`` sheets
    (a re-plan's Changes) follow the rota sheets."""
    return save_workbook_atomic(plan_workbook(plan, extra), Path(out), inputs)


def write_rota_workbook(plan: Plan, out: Path, inputs: Sequence[Path] = ()) -> Path:
    """Write only the rota sheets (``pch-workforce rota -o``) atomically."""
    return save_workbook_atomic(rota_workbook(plan), Path(out), inputs)


def plan_workbook(plan: Plan, extra: Sequence[TableSpec] = ()) -> Workbook:
    """The whole plan as an in-memory workbook (values only, en-GB, opens on the cover at A1)."""
    book = new_book()
    board = write_board(book, plan)
    specs: list[TableSpec] = [board[0], write_summary(book, plan)]
    specs.append(write_demand(book, plan))
    specs += write_mix(book, plan)
    specs.append(write_estate(book, plan))
    specs.append(write_practice_pages(book, plan))
    specs += write_budget(book, plan)
    if plan.trajectory is not None:
        specs += write_trajectory(book, plan.trajectory, {r: spec.name for r, spec in plan.loaded.care_model.roles.items()})
    specs += _rota_sheets(book, plan)
    for spec in extra:
        write_table(book, spec)
        specs.append(spec)
    specs += write_explain(book, plan)
    specs += write_assumptions(book, plan)
    return _finish(book, plan, specs, "workforce plan", cover_items(plan))


def rota_workbook(plan: Plan) -> Workbook:
    """The rota sheets alone, with the same cover, contents and notes as the plan."""
    book = new_book()
    specs = _rota_sheets(book, plan)
    items = [item for item in cover_items(plan) if item[0] != "The plan in brief"]
    items[0] = ("What this workbook is",
                f"The rota for {plan.loaded.scenario.site.name}: who works which session where, the cover it gives "
                "each practice and each person's hours. `pch-workforce plan` writes it with demand, the mix and the "
                "reasons behind them.")
    return _finish(book, plan, specs, "rota", items)


def _rota_sheets(book: Workbook, plan: Plan) -> list[TableSpec]:
    return [write_rota(book, plan), write_by_practice(book, plan), write_session_cover(book, plan),
            write_staff_hours(book, plan)]


def _finish(book: Workbook, plan: Plan, specs: list[TableSpec], what: str,
            items: list[tuple[str, str]]) -> Workbook:
    """Cover, notes and contents in front, document properties set."""
    site = plan.loaded.scenario.site.name
    write_cover(book, f"{site}: {what}", items)
    write_notes(book, NOTES)
    write_contents(book, [("Notes", "What the numbered notes referred to in titles and headers say")]
                   + [(spec.sheet, spec.contents) for spec in specs])
    for index, name in enumerate(FRONT):
        book.move_sheet(name, offset=index - book.sheetnames.index(name))
    finish_book(book, title=f"{site}: {what}", subject=f"Primary Care Home {what}",
                keywords="NHS; Primary Care Home; workforce; demand; skill mix; rota; capitated budget")
    return book


def file_digest(path: Path | None) -> str:
    """SHA-256 of the scenario file, so a reader can tell whether a plan came from their copy."""
    if path is None or not Path(path).is_file():
        return "[x] (file not found when the plan was written)"
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cover_items(plan: Plan) -> list[tuple[str, str]]:
    """The cover sheet's headed paragraphs: what, coverage, source, how it was solved, how to reproduce."""
    scenario, care_model, options, report = plan.loaded.scenario, plan.loaded.care_model, plan.options, plan.rota_report
    dates = plan.rota.dates
    weeks = len(dates) // 7
    hub = next((p for p in scenario.practices if p.is_hub), None)
    scenario_name = Path(plan.loaded.path).name if plan.loaded.path else "[x]"
    deterministic = (f"a deterministic time limit of {options.deterministic_time_limit:g} units"
                     if options.deterministic_time_limit is not None else "no deterministic time limit")
    verdict = ("the independent checker found every hard rule kept" if plan.rota_check.ok
               else f"the independent checker found {len(plan.rota_check.violations)} broken hard rules (see Explain)")
    return [
        ("The plan in brief", " ".join(sentence for _, sentence in board_sentences(plan))),
        ("What this workbook is",
         f"The workforce plan for {scenario.site.name}: what the registered population needs (demand), the team "
         "that meets it inside the capitated budget (mix), and a rota for the named staff and planned posts, with "
         "the reasons behind each. The Summary sheet is the page for a board; the Figures sheet has every headline "
         "figure."),
        ("What it covers",
         f"{len(scenario.practices)} practices ({', '.join(f'{p.code} {p.name}' for p in scenario.practices)}), "
         f"{scenario.total_population:,} registered patients"
         f"{f'; hub {hub.code} {hub.name}' if hub else ''}. The rota runs from {dates[0]:%A %d %B %Y} to "
         f"{dates[-1]:%A %d %B %Y} ({weeks} week{'s' if weeks != 1 else ''})."),
        ("Source",
         f"Scenario file {scenario_name} (SHA-256 {file_digest(plan.loaded.path)}); care model {care_model.name} "
         f"({care_model.price_year} prices){_history_source(plan)}. Every input and assumption, with its source, is "
         "on the Inputs and Assumptions sheets."),
        ("How it was solved",
         f"Mix: {plan.mix.report.solver}, status {plan.mix.report.status.value.upper()}. Rota: CP-SAT with seed "
         f"{options.seed}, {_workers(options.workers)}, {deterministic} and a wall-clock safety limit of "
         f"{options.time_limit:g} s{', with the block-by-block repair (--lns)' if options.lns else ''}; status {report.status.value.upper()}, "
         f"stopped by: {stopped_by(report)}; {verdict}."),
        ("Reproducing this plan", _reproducing(plan)),
        ("Contents and notes",
         "The Contents sheet links to every sheet. Titles refer to the Notes sheet as [note 1], [note 2] and so on. "
         "Figures are values, not formulas."),
        ("Contact", "The site's workforce lead, who ran this plan. The tool and its method: the pch-workforce README."),
    ]


def _reproducing(plan: Plan) -> str:
    """Whether the same inputs give the same cells, from how the rota search actually ended."""
    options = plan.options
    ended = stopped_by(plan.rota_report)
    history = " and --history workbook" if worked_last_period(plan.rota.problem) is not None else ""
    settings = (f"pch-workforce {plan.tool_version} with the same scenario file{history}, seed {options.seed}, "
                f"{_workers(options.workers)}{' with --lns' if options.lns else ''} and deterministic time limit")
    if ended in REPRODUCIBLE:
        return f"The rota search ended: {ended}. {settings} gives the same cells on any machine {note('reproducible')}."
    return (f"The rota search ended: {ended}, not the deterministic limit, so this rota is the best found by then "
            f"and running again may give a different one, even with {settings}. For a reproducible plan, let the "
            f"deterministic limit stop the search (raise --time-limit, and do not interrupt it) {note('reproducible')}.")


def _history_source(plan: Plan) -> str:
    if worked_last_period(plan.rota.problem) is None:
        return ""
    return ("; the previous rota period's evenings and Saturdays, read from its plan (--history), are on the "
            "Staff hours sheet")


def _workers(count: int) -> str:
    return f"{count} worker{'s' if count != 1 else ''}"

"""The course pack's exercises: regenerate every exercise's workbooks and worked answers.

Run from the repository root (or anywhere):

    python scenarios/exercises/course.py            # every exercise, into scenarios/exercises/
    python scenarios/exercises/course.py 02 03      # only the exercises whose folder starts so
    python scenarios/exercises/course.py --out DIR  # into another folder (the test uses this)

Each exercise is one ``Exercise`` entry in ``EXERCISES``: its folder name, its title and a
function that writes any exercise workbook it needs into the folder (a documented change to a
shipped scenario) and returns the text of ``answer.md``. The figures come from running the
tool in-process with the same functions the CLI uses, so they are the figures a student sees
with ``--json`` or in the workbooks. ``task.md`` in each folder is written by hand.

Answers hold no timings, run dates or absolute paths: two runs give identical bytes, and
``tests/test_course_answers.py`` fails when a care-model change moves an answer until the
answers are regenerated and reviewed.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import functools
import hashlib
import json
import math
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE.parent
REPO = SCENARIOS.parent
if str(REPO) not in sys.path:  # runnable from a checkout without an install
    sys.path.insert(0, str(REPO))

from pch_workforce.compare import compare_workbook, labels_for, load_compared  # noqa: E402
from pch_workforce.compare_findings import findings  # noqa: E402
from pch_workforce.demand import compute_demand  # noqa: E402
from pch_workforce.demand.summary import demand_json  # noqa: E402
from pch_workforce.mix import solve_mix  # noqa: E402
from pch_workforce.mix.demand_input import mix_input_from_demand  # noqa: E402
from pch_workforce.mix.summary import mix_json  # noqa: E402
from pch_workforce.scenario.loader import load_scenario  # noqa: E402
from pch_workforce.trajectory.run import run_trajectory  # noqa: E402
from pch_workforce.trajectory.summary import trajectory_json  # noqa: E402

NORTH_COAST = SCENARIOS / "north-coast-pch.xlsx"
INNER_CITY = SCENARIOS / "inner-city-pch.xlsx"
MARKET_TOWN = SCENARIOS / "market-town-pch.xlsx"
SITE_SHEET = "Site"


@dataclass(frozen=True)
class Exercise:
    """One exercise: ``build(folder)`` writes its workbooks into ``folder`` and returns answer.md."""

    slug: str  # the folder name, NN-words
    title: str
    minutes: int
    build: Callable[[Path], str]


# --------------------------------------------------------------------------------------------
# Running the tool in-process (the CLI's own functions; JSON round-tripped as the CLI prints it)


def _as_cli_json(payload: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(payload, default=str))


def demand_of(path: Path) -> dict[str, Any]:
    """What ``pch-workforce demand PATH --json`` prints."""
    loaded = load_scenario(path)
    return _as_cli_json(demand_json(compute_demand(loaded.scenario, loaded.care_model), loaded.care_model))


def mix_of(path: Path) -> dict[str, Any]:
    """What ``pch-workforce mix PATH --json`` prints (a fresh copy: callers may change it)."""
    return copy.deepcopy(_mix_of_file(path, hashlib.sha256(path.read_bytes()).hexdigest()))


@functools.cache
def _mix_of_file(path: Path, digest: str) -> dict[str, Any]:
    """The mix of one version of a workbook (``digest``), solved once per run: four exercises use North
    Coast's, and the mix is solved to proven optimality, so a second solve would give the same."""
    loaded = load_scenario(path)
    demand = compute_demand(loaded.scenario, loaded.care_model)
    return _as_cli_json(mix_json(solve_mix(loaded.scenario, loaded.care_model, mix_input_from_demand(demand))))


def trajectory_of(path: Path, years: int) -> dict[str, Any]:
    """What ``pch-workforce trajectory PATH --years N --json`` prints."""
    return _as_cli_json(trajectory_json(run_trajectory(load_scenario(path), years)))


def compare_of(paths: Sequence[Path]) -> tuple[list[Any], Any]:
    """The compared items and the workbook ``pch-workforce compare ... -o FILE`` writes (kept in memory)."""
    items = [load_compared(path, label) for path, label in zip(paths, labels_for(paths), strict=True)]
    return items, compare_workbook(items)


def sheet_row(book: Any, sheet: str, first: str, second: str | None = None) -> int:
    """The row of ``sheet`` whose column A is ``first`` (and column B ``second``), as Excel numbers it."""
    for row in book[sheet].iter_rows(min_col=1, max_col=2):
        if row[0].value == first and (second is None or row[1].value == second):
            return row[0].row
    raise LookupError(f"{sheet}: no row {first!r} / {second!r}")


# --------------------------------------------------------------------------------------------
# Exercise workbooks: a shipped scenario with documented Site-sheet changes


def derive_scenario(source: Path, dest: Path, changes: dict[str, Any]) -> list[tuple[str, str, Any, Any]]:
    """Copy ``source`` to ``dest`` with Site-sheet settings changed. Each key of ``changes`` is the start
    of a label in column A (found by label, never by row); returns (label, cell, old, new) per change."""
    book = openpyxl.load_workbook(source)
    sheet = book[SITE_SHEET]
    done = []
    for prefix, value in changes.items():
        rows = [r for r in sheet.iter_rows(min_col=1, max_col=2)
                if isinstance(r[0].value, str) and r[0].value.strip().lower().startswith(prefix.lower())]
        if len(rows) != 1:
            raise LookupError(f"{source.name}: {len(rows)} Site settings start with {prefix!r}; expected one")
        label, cell = rows[0]
        done.append((str(label.value), cell.coordinate, cell.value, value))
        cell.value = value
    dest.parent.mkdir(parents=True, exist_ok=True)
    book.save(dest)
    return done


PRACTICES_SHEET = "Practices"


def derive_practices(source: Path, dest: Path, changes: dict[tuple[str, str], Any]) -> list[tuple[str, str, Any, Any]]:
    """Copy ``source`` to ``dest`` with Practices-sheet cells changed. Each key is (practice name, column
    header), both found by their text, never by position; returns (label, cell, old, new) per change."""
    book = openpyxl.load_workbook(source)
    sheet = book[PRACTICES_SHEET]
    header_row = next(r for r in sheet.iter_rows(max_col=2) if r[1].value == "Practice name")
    headers = {c.value: c.column for c in sheet[header_row[0].row] if c.value}
    done = []
    for (practice, column), value in changes.items():
        rows = [r for r in sheet.iter_rows(min_row=header_row[0].row + 1, min_col=2, max_col=2)
                if r[0].value == practice]
        if len(rows) != 1 or column not in headers:
            raise LookupError(f"{source.name}: no single Practices row {practice!r} with a column {column!r}")
        cell = sheet.cell(row=rows[0][0].row, column=headers[column])
        done.append((f"{practice}: {column}", cell.coordinate, cell.value, value))
        cell.value = value
    dest.parent.mkdir(parents=True, exist_ok=True)
    book.save(dest)
    return done


def _changes_table(source: Path, dest_rel: str, done: list[tuple[str, str, Any, Any]],
                   sheet: str = SITE_SHEET) -> list[str]:
    what = "Site-sheet settings" if sheet == SITE_SHEET else f"{sheet}-sheet cells"
    lines = [f"The exercise workbook `{dest_rel}` is `scenarios/{source.name}` with these {what} "
             "changed (nothing else):", "", "| Setting (column A) | Cell | Shipped | Exercise |", "|---|---|---|---|"]
    if sheet != SITE_SHEET:
        lines[2] = "| Practice: column | Cell | Shipped | Exercise |"
    lines += [f"| {label} | {sheet}!{cell} | {_value(old)} | {_value(new)} |" for label, cell, old, new in done]
    return lines + [""]


# --------------------------------------------------------------------------------------------
# Formatting


def _value(v: Any) -> str:
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    return str(v)


def gbp(v: float, signed: bool = False) -> str:
    text = f"£{abs(v):,.0f}"
    if signed:
        return ("+" if v >= 0.5 else "-" if v <= -0.5 else "±") + text
    return text if v >= 0 else "-" + text


def num(v: float, digits: int = 1, signed: bool = False) -> str:
    text = f"{v:{'+' if signed else ''},.{digits}f}"
    return "0" + text[2:] if text.startswith(("-0", "+0")) and float(text) == 0 and digits == 0 else text


def pct(v: float, digits: int = 1) -> str:
    return f"{v * 100:.{digits}f}%"


def by_id(rows: Iterable[dict[str, Any]], key: str, value: str) -> dict[str, Any]:
    return next(r for r in rows if r[key] == value)


def header(title: str, run: list[str]) -> list[str]:
    return [f"# Answer: {title}", "",
            "Generated by `python scenarios/exercises/course.py` from the tool's own output; do not edit by hand.",
            "", "What was run:", "", "```", *run, "```", ""]


# --------------------------------------------------------------------------------------------
# 01 Reading a demand profile


_AGE = re.compile(r"^patients aged (\S+): ([\d,]+) x")
_REGISTER = re.compile(r"^(.+) register: ([\d,]+) x")
_DEPRIVATION = re.compile(r"deprivation x([\d.]+)")
_PER_PATIENT = re.compile(r"^registered patients at age/sex appointment rates x share ([\d.]+): [\d,]+ x ([\d.]+)")
_TRAVEL = re.compile(r"^travel (\d+) min a visit")


def _age_bands(demand: dict[str, Any]) -> dict[str, int]:
    """Patients by age band, read from the service whose drivers list the most bands (as --json shows)."""
    best: dict[str, int] = {}
    for service in demand["services"]:
        bands = {m.group(1): int(m.group(2).replace(",", "")) for d in service["drivers"] if (m := _AGE.match(d))}
        if len(bands) > len(best):
            best = bands
    return best


def _registers(demand: dict[str, Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for service in demand["services"]:
        for d in service["drivers"]:
            if (m := _REGISTER.match(d)) and m.group(1) not in found:
                found[m.group(1)] = int(m.group(2).replace(",", ""))
    return found


def _driver(demand: dict[str, Any], service: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
    for d in by_id(demand["services"], "service", service)["drivers"]:
        if m := pattern.search(d):
            return m
    return None


def exercise_01(folder: Path) -> str:
    sites = {"North Coast": demand_of(NORTH_COAST), "Inner City": demand_of(INNER_CITY)}
    nc, ic = sites["North Coast"], sites["Inner City"]
    lines = header("reading a demand profile and its drivers", [
        "pch-workforce demand scenarios/north-coast-pch.xlsx --json",
        "pch-workforce demand scenarios/inner-city-pch.xlsx --json"])

    lines += ["## Question 1: appointments per patient", "",
              "| Site | Registered patients | Appointments per patient a year | Appointments a year | "
              "Clinical hours a week |", "|---|---:|---:|---:|---:|"]
    for name, d in sites.items():
        lines.append(f"| {name} | {d['population']:,} | {d['contacts_per_patient_year']:.2f} | "
                     f"{d['appointments_per_year']:,.0f} | {d['hours_per_week']:,.1f} |")
    gap = nc["contacts_per_patient_year"] - ic["contacts_per_patient_year"]
    lines += ["", f"North Coast books {gap:.2f} more appointments per patient a year than Inner City "
              f"({gap / ic['contacts_per_patient_year']:.0%} more), although it has "
              f"{ic['population'] - nc['population']:,} fewer patients. Its whole need is "
              f"{nc['hours_per_week'] - ic['hours_per_week']:+,.1f} clinical hours a week against Inner City's.", "",
              "Where to find it: `contacts_per_patient_year`, `population`, `appointments_per_year` and "
              "`hours_per_week` at the top of `demand --json` (the last line of the plain `demand` table says the "
              "same in words). The unit is `contacts_unit`: booked appointments with every kind of staff, "
              "including those not attended.", ""]

    lines += ["## Question 2: the three largest service lines by hours", ""]
    for name, d in sites.items():
        top = sorted(d["services"], key=lambda s: -s["hours_per_week"])[:3]
        share = sum(s["hours_per_week"] for s in top) / d["hours_per_week"]
        lines += [f"{name}:", ""]
        lines += [f"{i}. {s['name']} (`{s['service']}`): {s['hours_per_week']:,.1f} hours a week, "
                  f"{s['contacts_per_year']:,.0f} appointments a year" for i, s in enumerate(top, 1)]
        lines += ["", f"Together {share:.0%} of {name}'s clinical hours.", ""]
    nc_top = [s["service"] for s in sorted(nc["services"], key=lambda s: -s["hours_per_week"])[:3]]
    ic_top = [s["service"] for s in sorted(ic["services"], key=lambda s: -s["hours_per_week"])[:3]]
    only_nc = [by_id(nc["services"], "service", s)["name"] for s in nc_top if s not in ic_top]
    only_ic = [by_id(ic["services"], "service", s)["name"] for s in ic_top if s not in nc_top]
    if only_nc or only_ic:
        lines += [f"The lists differ: {', '.join(only_nc) or 'nothing'} is in North Coast's top three only; "
                  f"{', '.join(only_ic) or 'nothing'} in Inner City's only.", ""]
    lines += ["Where to find it: `services[]`, one entry per service line; sort by `services[].hours_per_week` "
              "(the plain `demand` table lists the same lines with `hours/wk`).", ""]

    lines += ["## Question 3: age", ""]
    bands = {name: _age_bands(d) for name, d in sites.items()}
    if all(bands.values()):
        old = ("65-74", "75-84", "85+")
        lines += ["| Site | Aged 65 and over | Aged 75 and over | Same-day appointments per patient a year "
                  "before deprivation |", "|---|---:|---:|---:|"]
        for name, d in sites.items():
            b, total = bands[name], d["population"]
            m = _driver(d, "same_day", _PER_PATIENT)
            lines.append(f"| {name} | {sum(b.get(k, 0) for k in old) / total:.1%} | "
                         f"{sum(b.get(k, 0) for k in old[1:]) / total:.1%} | {m.group(2) if m else '[x]'} |")
        older = {name: sum(bands[name].get(k, 0) for k in old) / d["population"] for name, d in sites.items()}
        oldest = max(older, key=older.get)
        youngest = min(older, key=older.get)
        lines += ["", "The care model's appointment rate rises steeply with age (`age_sex_rate_by_band`: "
                  f"{nc['age_sex_rate_by_band'].get('25-44', 0):.2f} a year at 25-44, "
                  f"{nc['age_sex_rate_by_band'].get('85+', 0):.2f} at 85+; the same rates at both sites). "
                  f"{oldest} has the older list ({older[oldest]:.1%} aged 65 and over against {older[youngest]:.1%}), "
                  "so its per-patient rate for the list-driven lines is higher before any deprivation uplift is "
                  "applied.", "",
                  "Where to find it: `age_sex_rate_by_band`; patients by age band are in the drivers of the "
                  "age-driven lines (e.g. `services[service=wound_care].drivers`, \"patients aged 65-74: ...\"); the "
                  "per-patient rate is in `services[service=same_day].drivers[0]` (\"... x N appointments/yr\"). The "
                  "scenario's Population sheet holds the age bands too.", ""]
    else:
        lines += ["The drivers in this care model do not list patients by age band.", ""]

    lines += ["## Question 4: registers and deprivation", ""]
    regs = {name: _registers(d) for name, d in sites.items()}
    names = [r for r in regs["North Coast"] if r in regs["Inner City"]]
    lines += ["| Register | North Coast per 1,000 | Inner City per 1,000 |", "|---|---:|---:|"]
    for r in names:
        lines.append(f"| {r} | {regs['North Coast'][r] * 1000 / nc['population']:.1f} | "
                     f"{regs['Inner City'][r] * 1000 / ic['population']:.1f} |")
    dep = {name: _driver(d, "same_day", _DEPRIVATION) for name, d in sites.items()}
    travel = {name: _driver(d, "housebound_nursing", _TRAVEL) if any(s["service"] == "housebound_nursing"
                                                                     for s in d["services"]) else None
              for name, d in sites.items()}
    lines += ["", "Registers (long-term conditions, housebound, care homes) drive the review and community lines; "
              "an older list carries more of almost every register per 1,000 patients.", ""]
    if all(dep.values()):
        lines += [f"Deprivation works the other way: Inner City's deprivation-sensitive lines are uplifted "
                  f"x{dep['Inner City'].group(1)} against North Coast's x{dep['North Coast'].group(1)} "
                  "(list-weighted across the practices' IMD deciles). The uplift narrows the gap but does not close "
                  "it: age outweighs deprivation here.", ""]
    if all(travel.values()):
        lines += [f"Rurality adds time, not appointments: a housebound visit costs {travel['North Coast'].group(1)} "
                  f"minutes' travel at North Coast against {travel['Inner City'].group(1)} at Inner City, so "
                  "Housebound nursing weighs more in North Coast's hours.", ""]
    lines += ["Where to find it: the register lines in `services[].drivers` (\"<name> register: N x rate\"); the "
              "deprivation factor as \"deprivation xF (list-weighted)\" and travel as \"travel N min a visit\" in the "
              "same `drivers` lists; divide a register by `population` for the rate per 1,000.", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# 02 A new financial year

EX02_WORKBOOK = "north-coast-2027-28.xlsx"
EX02_START = dt.datetime(2028, 1, 3)  # a Monday in January 2028: financial year 2027/28


def exercise_02(folder: Path) -> str:
    rel = f"scenarios/exercises/{folder.name}/{EX02_WORKBOOK}"
    done = derive_scenario(NORTH_COAST, folder / EX02_WORKBOOK, {"Plan start": EX02_START})
    base, new = mix_of(NORTH_COAST), mix_of(folder / EX02_WORKBOOK)
    lines = header("pricing a plan for a new financial year", [
        "pch-workforce mix scenarios/north-coast-pch.xlsx --json",
        f"pch-workforce mix {rel} --json"])
    lines += _changes_table(NORTH_COAST, rel, done)

    lines += ["## Question 1: which prices the plan uses", "",
              "| Workbook | `plan_financial_year` | `price_year` | `price_note` |", "|---|---|---|---|",
              f"| shipped | {base['plan_financial_year']} | {base['price_year']} | {base['price_note'] or '(none)'} |",
              f"| exercise | {new['plan_financial_year']} | {new['price_year']} | {new['price_note'] or '(none)'} |", ""]
    if new["price_note"]:
        lines += [f"Moving the start to {EX02_START.date().isoformat()} puts the plan in financial year "
                  f"{new['plan_financial_year']}, but the care model's pay is priced for {new['price_year']}; the "
                  "price note says how the tool brought the prices forward. Read it before quoting any cost.", ""]
    else:
        lines += [f"The plan falls in {new['plan_financial_year']} and the care model has prices for that year, "
                  "so no note is needed.", ""]
    lines += ["Where to find it: `plan_financial_year`, `price_year` and `price_note` in `mix --json` (the "
              "plain `mix` output prints the note on its second line, \"Prices: ...\").", ""]

    lines += ["## Question 2: cost per FTE of a GP and a practice nurse", "",
              "| Role | Cost per FTE, shipped | Cost per FTE, exercise | Change |", "|---|---:|---:|---:|"]
    for role in ("gp", "practice_nurse"):
        b, n = by_id(base["roles"], "role", role), by_id(new["roles"], "role", role)
        cb, cn = b["cost_per_year"] / b["fte"], n["cost_per_year"] / n["fte"]
        lines.append(f"| {b['name']} (`{role}`) | {gbp(cb)} | {gbp(cn)} | {gbp(cn - cb, True)} ({(cn / cb - 1):+.1%}) |")
    lines += ["", "Cost per FTE is pay plus on-costs for one whole-time post at the role's pay point.", "",
              "Where to find it: `roles[role=gp].cost_per_year` divided by `roles[role=gp].fte` (and the same for "
              "`practice_nurse`); in a plan workbook it is the Budget sheet's \"Cost per FTE (£ per year)\" "
              "column.", ""]

    lines += ["## Question 3: the whole team's cost", "",
              "| Figure | Shipped | Exercise | Change |", "|---|---:|---:|---:|"]
    for key, label in (("budget_per_year", "Capitated budget"), ("workforce_budget_per_year", "Workforce budget"),
                       ("gross_cost_per_year", "Pay and on-costs of the team (gross)"),
                       ("arrs_reimbursement_per_year", "ARRS reimbursement"),
                       ("cost_per_year", "Cost to the workforce budget")):
        lines.append(f"| {label} (`{key}`) | {gbp(base[key])} | {gbp(new[key])} | {gbp(new[key] - base[key], True)} |")
    fte_b = sum(r["fte"] for r in base["roles"])
    fte_n = sum(r["fte"] for r in new["roles"])
    lines += ["", f"Whole team: {fte_b:.2f} FTE shipped, {fte_n:.2f} FTE in the exercise. "
              + ("The team is the same size, so the change in cost is price, not people."
                 if abs(fte_n - fte_b) < 0.05 else "The team changes size too, so not all of the change is price."),
              "", "Where to find it: the keys named in the table, at the top level of `mix --json`; the team is the "
              "sum of `roles[].fte`.", ""]

    lines += ["## Question 4: does unmet need change?", "",
              f"Unmet clinical hours a week: {base['unmet_hours_per_week']:,.1f} shipped, "
              f"{new['unmet_hours_per_week']:,.1f} in the exercise "
              f"({new['unmet_hours_per_week'] - base['unmet_hours_per_week']:+,.1f}).", ""]
    headroom_b = base["workforce_budget_per_year"] - base["cost_per_year"]
    headroom_n = new["workforce_budget_per_year"] - new["cost_per_year"]
    lines += [f"Headroom (workforce budget less cost): {gbp(headroom_b)} shipped, {gbp(headroom_n)} in the exercise. "
              + ("`workforce_budget` is in neither `binding` list: money does not bind (the ARRS envelope and "
                 "supply caps do), so dearer staff eat headroom rather than cover." if "workforce_budget" not in
                 base["binding"] and "workforce_budget" not in new["binding"] else
                 "The workforce budget binds in at least one year, so prices and cover trade off."), "",
              "Where to find it: `unmet_hours_per_week`, `workforce_budget_per_year`, `cost_per_year` and "
              "`binding` in `mix --json`.", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# 03 A budget cut and who bears it

EX03_WORKBOOK = "north-coast-share-54.xlsx"
EX03_SHARE = 0.54  # the shipped 0.6 cut by 10%


def exercise_03(folder: Path) -> str:
    rel = f"scenarios/exercises/{folder.name}/{EX03_WORKBOOK}"
    cut_path = folder / EX03_WORKBOOK
    done = derive_scenario(NORTH_COAST, cut_path, {"Workforce share": EX03_SHARE})
    items, book = compare_of([NORTH_COAST, cut_path])
    base, cut = mix_of(NORTH_COAST), mix_of(cut_path)
    lines = header("a budget cut and who bears it", [
        f"pch-workforce compare scenarios/north-coast-pch.xlsx {rel} -o compare-03.xlsx",
        f"pch-workforce mix {rel} --json"])
    lines += _changes_table(NORTH_COAST, rel, done)
    first, other = items
    diff_col = f"\"{other.label} less {first.label}\""

    def row(section: str, measure: str) -> str:
        return f"Comparison row {sheet_row(book, 'Comparison', section, measure)} ({section} / {measure})"

    lines += ["## Question 1: how much money goes", "",
              "| Measure | Shipped | Cut | Difference | Where |", "|---|---:|---:|---:|---|"]
    for section, measure in (("Budget", "Workforce share of the budget"), ("Budget", "Workforce budget available"),
                             ("Budget", "Workforce budget used"), ("Budget", "Headroom")):
        a, b = first.value((section, measure)), other.value((section, measure))
        fmt = (lambda v: pct(v, 0)) if "share" in measure else gbp
        change = f"{(b - a) * 100:+.0f} points" if "share" in measure else gbp(b - a, True)
        lines.append(f"| {measure} | {fmt(a)} | {fmt(b)} | {change} | {row(section, measure)} |")
    avail = other.value(("Budget", "Workforce budget available")) - first.value(("Budget", "Workforce budget available"))
    used = other.value(("Budget", "Workforce budget used")) - first.value(("Budget", "Workforce budget used"))
    lines += ["", f"The cut takes {gbp(-avail)} a year from the workforce budget, but spending falls by only "
              f"{gbp(-used)}: the shipped plan left {gbp(first.value(('Budget', 'Headroom')))} unspent, so the first "
              "part of the cut only removes headroom.", "",
              f"Where to find it: the Comparison sheet of `compare-03.xlsx`, the rows named, columns "
              f"\"{first.label}\", \"{other.label}\" and {diff_col}.", ""]

    lines += ["## Question 2: what the comparison says", "",
              f"Findings row {sheet_row(book, 'Findings', other.label)} ({other.label}):", ""]
    lines += [f"> {text}" for label, text in findings(items) if label == other.label]
    lines += ["", "Where to find it: the Findings sheet of `compare-03.xlsx` (the same sentences end the "
              "terminal output of `compare`).", ""]

    lines += ["## Question 3: unmet need and which services lose", "",
              f"Unmet clinical hours a week: {base['unmet_hours_per_week']:,.1f} shipped, "
              f"{cut['unmet_hours_per_week']:,.1f} after the cut "
              f"({cut['unmet_hours_per_week'] - base['unmet_hours_per_week']:+,.1f}; "
              f"{row('Coverage of need', 'Unmet clinical hours')}).", ""]
    losers = []
    for s in cut["services"]:
        before = by_id(base["services"], "service", s["service"])["unmet_hours_per_week"]
        if s["unmet_hours_per_week"] - before >= 0.05:
            losers.append((s, before))
    losers.sort(key=lambda p: -(p[0]["unmet_hours_per_week"] - p[1]))
    if losers:
        lines += ["| Service | Priority weight | Unmet h/wk shipped | Unmet h/wk cut | Change |",
                  "|---|---:|---:|---:|---:|"]
        lines += [f"| {s['name']} (`{s['service']}`) | {s['priority_weight']:g} | {before:,.1f} | "
                  f"{s['unmet_hours_per_week']:,.1f} | {s['unmet_hours_per_week'] - before:+,.1f} |"
                  for s, before in losers]
        lines += ["", "The mix minimises priority-weighted unmet need first and cost second, so with less money it "
                  "gives up the cover that buys the least weighted need per pound; `services[].why_unmet` says "
                  "what stops each line being covered.", ""]
    else:
        lines += ["No service loses cover: the cut only removes headroom.", ""]
    moved = []
    for r in cut["roles"]:
        b = by_id(base["roles"], "role", r["role"])
        if abs(r["fte"] - b["fte"]) >= 0.05:
            moved.append(f"{r['name']} {b['fte']:.2f} -> {r['fte']:.2f} FTE")
    lines += ["Roles that change: " + ("; ".join(moved) if moved else "none") + ".", "",
              f"`binding` {'includes' if 'workforce_budget' in cut['binding'] else 'does not include'} "
              f"`workforce_budget` after the cut (shipped: "
              f"{'includes' if 'workforce_budget' in base['binding'] else 'does not include'} it).", "",
              "Where to find it: `unmet_hours_per_week`, `services[].unmet_hours_per_week` (with "
              "`services[].why_unmet`), `roles[].fte` and `binding` in `mix --json` for each workbook; the Team "
              "(FTE by role) rows of the Comparison sheet show the roles side by side.", ""]

    lines += ["## Question 4: how the cost falls on each practice", ""]
    practices = load_scenario(NORTH_COAST).scenario.practices
    total = sum(p.list_size for p in practices)
    hours = {p["practice"]: p["hours_per_week"] for p in demand_of(NORTH_COAST)["practices"]}
    all_hours = sum(hours.values())
    lines += [f"Risk and reward are shared by registered list: each practice carries its share of the list times "
              f"the workforce budget used ({gbp(base['cost_per_year'])} shipped, {gbp(cut['cost_per_year'])} cut).",
              "", "| Practice | List size | Share of list | Budget used, shipped | Budget used, cut | Change | "
              "Share of demand hours |", "|---|---:|---:|---:|---:|---:|---:|"]
    gaps = []
    for p in practices:
        share, need = p.list_size / total, hours.get(p.code, 0.0) / all_hours
        a, b = base["cost_per_year"] * share, cut["cost_per_year"] * share
        gaps.append((need - share, p.code))
        lines.append(f"| {p.code} {p.name} | {p.list_size:,} | {pct(share)} | {gbp(a)} | {gbp(b)} | "
                     f"{gbp(b - a, True)} | {pct(need)} |")
    lines += [f"| All practices | {total:,} | 100.0% | {gbp(base['cost_per_year'])} | {gbp(cut['cost_per_year'])} | "
              f"{gbp(cut['cost_per_year'] - base['cost_per_year'], True)} | 100.0% |", ""]
    most, least = max(gaps), min(gaps)
    lines += [f"The saving is shared in proportion to list size, but need is not: {most[1]}'s share of the demand "
              f"hours is {most[0] * 100:+.1f} points above its share of the list, {least[1]}'s "
              f"{least[0] * 100:+.1f} points. Sharing by list, {most[1]} carries less of the cost than its need "
              "and so gains most from the pooled budget; sharing by demand would move cost towards it.", "",
              "Where to find it: `cost_per_year` in `mix --json` for each workbook times each practice's list size "
              "(Practices sheet) over the total; the demand share is `practices[].hours_per_week` of `demand --json` "
              "over `hours_per_week`. In a plan workbook (`pch-workforce plan`) the Risk share sheet shows both: "
              "\"Budget used, by list share (£ per year)\" and \"Share of demand hours (per cent)\".", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# 04 The retirement cliff

EX04_YEARS = 5


def _expected_leavers(path: Path) -> list[tuple[str, str, str, str]]:
    """(id, name, role, leaving year) from the Staff sheet, columns found by their header."""
    sheet = openpyxl.load_workbook(path, read_only=True)["Staff"]
    rows = list(sheet.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r and r[0] == "Staff ID")
    cols = {str(v): i for i, v in enumerate(rows[head]) if v is not None}
    out = []
    for r in rows[head + 1:]:
        year = r[cols["Expected leaving year"]] if len(r) > cols["Expected leaving year"] else None
        if r[0] and year:
            out.append((str(r[0]), str(r[cols["Name"]]), str(r[cols["Role"]]), str(year)))
    return sorted(out, key=lambda x: (x[3], x[0]))


def exercise_04(folder: Path) -> str:
    traj = trajectory_of(MARKET_TOWN, EX04_YEARS)
    lines = header("the retirement cliff", [f"pch-workforce trajectory scenarios/market-town-pch.xlsx --json"])
    years = traj["years"]

    lines += ["## Question 1: who is expected to leave, and when", "",
              "| Staff ID | Name | Role | Expected leaving year |", "|---|---|---|---|"]
    lines += [f"| {i} | {n} | {r} | {y} |" for i, n, r, y in _expected_leavers(MARKET_TOWN)]
    lines += ["", "| Year | GP leavers (FTE) | All leavers (FTE) |", "|---|---:|---:|"]
    lines += [f"| {y['year']} | {y['leavers_by_role'].get('gp', 0):.2f} | {sum(y['leavers_by_role'].values()):.2f} |"
              for y in years]
    lines += ["", "Named people leave in their expected leaving year; everyone else leaves at their role's leaver "
              "rate by age band (a GP rate is set on the Trajectory sheet), so leavers are fractions of an FTE.", "",
              "Where to find it: the Staff sheet's \"Expected leaving year\" column; `years[].leavers_by_role` in "
              "`trajectory --json`.", ""]

    lines += ["## Question 2: hires by year", "",
              "| Year | GP hires | Practice nurse hires | All hires | Trainees qualifying | Whole team (FTE) | GP FTE |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for y in years:
        lines.append(f"| {y['year']} | {y['hires_by_role'].get('gp', 0):.2f} | "
                     f"{y['hires_by_role'].get('practice_nurse', 0):.2f} | {sum(y['hires_by_role'].values()):.2f} | "
                     f"{sum(y['qualifying_by_role'].values()):.2f} | {sum(y['fte_by_role'].values()):.1f} | "
                     f"{y['fte_by_role'].get('gp', 0):.2f} |")
    lines += ["", "Hires are counted in the year they are made; a hire arrives after the role's recruitment lead "
              "time (`years[].arrivals_by_role`). GP registrars on the Pipeline sheet join as trainees qualifying.",
              "", "Where to find it: `years[].hires_by_role`, `years[].qualifying_by_role` and `years[].fte_by_role`.",
              ""]

    lines += ["## Question 3: unmet need by year, and what binds", "",
              "| Year | Patients | Demand h/wk | Unmet h/wk | Cost | Budget | GP hires at their limit |",
              "|---|---:|---:|---:|---:|---:|---|"]
    for y in years:
        lines.append(f"| {y['year']} | {y['population']:,} | {y['demand_hours_per_week']:,.1f} | "
                     f"{y['unmet_hours_per_week']:,.1f} | {gbp(y['cost_per_year'])} | {gbp(y['budget_per_year'])} | "
                     f"{'yes' if 'hires_max[gp]' in traj['binding'][y['year']] else 'no'} |")
    always = [b for b in traj["binding"][years[0]["year"]] if all(b in traj["binding"][y["year"]] for y in years)]
    lines += ["", "Binding in every year: " + (", ".join(f"`{b}`" for b in always) or "nothing") + ".",
              f"Unmet need goes from {years[0]['unmet_hours_per_week']:,.1f} to {years[-1]['unmet_hours_per_week']:,.1f} "
              "hours a week. "
              + ("Cost stays under budget every year and `workforce_budget` never binds: the limit is people (how "
                 "many can be hired a year, and the market caps), not money."
                 if all(y["cost_per_year"] <= y["budget_per_year"] + 0.5 and "workforce_budget" not in
                        traj["binding"][y["year"]] for y in years)
                 else "The workforce budget binds in some year, so money is part of the limit."), "",
              "Where to find it: `years[].unmet_hours_per_week`, `years[].cost_per_year`, `years[].budget_per_year` "
              "and `binding` (one list per year) in `trajectory --json`.", ""]

    lines += ["## Question 4: the value of one more GP hire a year", ""]
    gp = next((m for m in traj["marginal_values"] if m["subject"] == "hires_max[gp]"), None)
    money = next((m for m in traj["marginal_values"] if m["subject"] == "workforce_budget"), None)
    if gp:
        lines += [f"{gp['change']}: weighted unmet need {gp['delta_weighted_unmet_contacts_per_week']:+,.1f} contacts "
                  f"a week (summed over the {len(years)} years), at a budget cost of {gbp(gp['delta_budget_cost'], True)} "
                  "over the years."]
    if money:
        lines += ["", f"Against that, \"{money['change']}\" changes weighted unmet need by "
                  f"{money['delta_weighted_unmet_contacts_per_week']:+,.1f} contacts a week"
                  + (": more money alone does not help." if abs(money["delta_weighted_unmet_contacts_per_week"]) < 0.05
                     else ".")]
    lines += ["", "Where to find it: `marginal_values[subject=hires_max[gp]]` (and `[subject=workforce_budget]`) in "
              "`trajectory --json`; each is a re-solve with that one change.", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# 05 The ARRS envelope, and an ARRS GP against other roles


def exercise_05(folder: Path) -> str:
    mix = mix_of(NORTH_COAST)
    arrs = mix["arrs"]
    lines = header("the ARRS envelope, and an ARRS GP against other roles",
                   ["pch-workforce mix scenarios/north-coast-pch.xlsx --json"])

    lines += ["## Question 1: how much ARRS money there is, and how much is used", "",
              "| Figure | Value |", "|---|---:|",
              f"| ARRS envelope (`arrs.envelope_per_year`) | {gbp(arrs['envelope_per_year'])} |",
              f"| Claimed (`arrs.claimed_per_year`) | {gbp(arrs['claimed_per_year'])} |",
              f"| Left unclaimed, and lost (`arrs.unclaimed_per_year`) | {gbp(arrs['unclaimed_per_year'])} |", ""]
    full = "arrs_envelope" in mix["binding"]
    lines += [("The whole envelope is claimed and `arrs_envelope` is in `binding`: any more of an ARRS role is paid "
               "in full from the workforce budget." if full else
               "Some of the envelope is left: more of an ARRS role would be reimbursed."), "",
              "Where to find it: `arrs` and `binding` in `mix --json` (the plain `mix` output prints an \"ARRS "
              "envelope\" line; in a plan workbook, the Income sheet's ARRS rows).", ""]

    claiming = [r for r in mix["roles"] if r["arrs_reimbursement_per_year"] > 0.5]
    claiming.sort(key=lambda r: -r["arrs_reimbursement_per_year"])
    lines += ["## Question 2: which roles the envelope pays for", "",
              "| Role | FTE | Pay and on-costs | ARRS reimbursement | Budget pays | Other payers pay | "
              "In the ARRS baseline (FTE) |", "|---|---:|---:|---:|---:|---:|---:|"]
    for r in claiming:
        others = r["cost_per_year"] - r["arrs_reimbursement_per_year"] - r["budget_cost_per_year"]
        lines.append(f"| {r['name']} (`{r['role']}`) | {r['fte']:.2f} | {gbp(r['cost_per_year'])} | "
                     f"{gbp(r['arrs_reimbursement_per_year'])} | {gbp(r['budget_cost_per_year'])} | "
                     f"{gbp(max(0.0, others))} | {r['arrs_baseline_fte']:g} |")
    shared = [r["name"] for r in claiming
              if r["cost_per_year"] - r["arrs_reimbursement_per_year"] - r["budget_cost_per_year"] > 0.5]
    lines += ["", "Staff in the ARRS baseline were employed before the scheme and cannot be reimbursed "
              "(additionality), so the budget pays for them in full."
              + (f" A role another organisation helps pay for ({', '.join(shared)}) is reimbursed on the site's "
                 "share only." if shared else ""), "",
              "Where to find it: `roles[].arrs_reimbursement_per_year`, `roles[].budget_cost_per_year` and "
              "`roles[].arrs_baseline_fte` in `mix --json`; in a plan workbook, the Budget sheet.", ""]

    gp, arrs_gp = by_id(mix["roles"], "role", "gp"), by_id(mix["roles"], "role", "arrs_gp")
    gp_each = gp["budget_cost_per_year"] / gp["fte"]
    arrs_each = arrs_gp["budget_cost_per_year"] / arrs_gp["fte"] if arrs_gp["fte"] else 0.0
    lines += ["## Question 3: what an ARRS GP costs the budget against a salaried GP", "",
              "| Role | FTE | Budget pays a year | Budget pays per FTE |", "|---|---:|---:|---:|",
              f"| {gp['name']} (`gp`) | {gp['fte']:.2f} | {gbp(gp['budget_cost_per_year'])} | {gbp(gp_each)} |",
              f"| {arrs_gp['name']} (`arrs_gp`) | {arrs_gp['fte']:.2f} | {gbp(arrs_gp['budget_cost_per_year'])} | "
              f"{gbp(arrs_each)} |", "",
              "The ARRS GP costs the budget less per FTE because part of its cost is claimed from the envelope. "
              "But the envelope is shared: with it fully claimed, a pound it pays for an ARRS GP is a pound it "
              "does not pay for another ARRS role.", "",
              "Where to find it: `roles[role=gp]` and `roles[role=arrs_gp]` in `mix --json` (budget cost divided "
              "by FTE).", ""]

    margins = {m["subject"]: m for m in mix["marginal_values"]}
    lines += ["## Question 4: one more FTE of which role?", "",
              "| Change | Weighted unmet contacts a week | Unmet hours a week | Budget cost a year |",
              "|---|---:|---:|---:|"]
    for subject in ("gp", "arrs_gp", "advanced_nurse_practitioner", "paramedic", "first_contact_physio",
                    "workforce_budget"):
        if subject in margins:
            m = margins[subject]
            lines.append(f"| {m['change']} | {num(m['delta_weighted_unmet_contacts_per_week'], 1, True)} | "
                         f"{num(m['delta_unmet_hours_per_week'], 1, True)} | "
                         f"{gbp(m['delta_budget_cost_per_year'], True)} |")
    best = min((margins[s] for s in margins if s != "workforce_budget"),
               key=lambda m: (m["delta_weighted_unmet_contacts_per_week"], m["delta_budget_cost_per_year"]))
    best_name = by_id(mix["roles"], "role", best["subject"])["name"]
    lines += ["", f"Of the roles, one more FTE of {best_name} meets the most weighted need "
              f"({num(best['delta_weighted_unmet_contacts_per_week'], 1, True)} contacts a week). More money alone "
              "(+£10,000) buys little while the envelope and supply caps bind.", "",
              "Where to find it: `marginal_values` in `mix --json` (each an exact re-solve); in a plan workbook, "
              "the Marginal values sheet.", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# 06 The estate and the access contract: evenings, Saturdays and rooms


EX06_WORKBOOK = "north-coast-harbour-refurbishment.xlsx"
EX06_PRACTICE = "Harbour Surgery"
EX06_ROOMS = 3  # a refurbishment takes 7 of Harbour Surgery's 10 clinical rooms out for the year


def _room_table(mix: dict[str, Any]) -> list[str]:
    lines = ["| Practice | Rooms | Room-sessions a week | Its patients need | Held there | Its patients seen "
             "elsewhere | Full? |", "|---|---:|---:|---:|---:|---:|---|"]
    for e in mix["estate"]:
        full = e["room_sessions_held_per_week"] >= e["room_sessions_per_week"] - 0.05
        lines.append(f"| {e['practice']} {e['name']} | {e['rooms']} | {e['room_sessions_per_week']:.1f} | "
                     f"{e['room_sessions_needed_per_week']:.1f} | {e['room_sessions_held_per_week']:.1f} | "
                     f"{e['seen_elsewhere_per_week']:.1f} | {'full' if full else 'no'} |")
    return lines


def exercise_06(folder: Path) -> str:
    from pch_workforce.access_windows import window_sessions
    from pch_workforce.budget import weighted_list

    rel = f"scenarios/exercises/{folder.name}/{EX06_WORKBOOK}"
    done = derive_practices(NORTH_COAST, folder / EX06_WORKBOOK, {(EX06_PRACTICE, "Clinical rooms"): EX06_ROOMS})
    base, new = mix_of(NORTH_COAST), mix_of(folder / EX06_WORKBOOK)
    loaded = load_scenario(NORTH_COAST)
    access = loaded.care_model.access
    assert access is not None, "the shipped care model has an [access] section"
    lines = header("the estate and the access contract: evenings, Saturdays and rooms", [
        "pch-workforce mix scenarios/north-coast-pch.xlsx --json",
        f"pch-workforce mix {rel} --json"])
    lines += _changes_table(NORTH_COAST, rel, done, PRACTICES_SHEET)

    ea = base["enhanced_access"]
    registered = loaded.scenario.total_population
    adjusted = weighted_list(loaded.scenario)[0]
    per_1000 = access.enhanced_access_minutes_per_1000.value
    windows = "; ".join(f"{'Saturday' if w.saturday else 'weekdays'} {w.start}-{w.end}"
                        for w in access.enhanced_access_windows)
    lines += ["## Question 1: how many hours of enhanced access, and where they can be offered", "",
              f"The Network Contract DES asks for {per_1000:g} minutes of appointments a "
              f"week per 1,000 PCN-adjusted patients, in the Network Standard Hours ({windows}). North Coast must "
              f"offer **{ea['required_hours_per_week']:.1f} hours a week**: {per_1000:g} "
              f"minutes x {adjusted:,.0f} / 1,000. The adjusted population ({adjusted:,.0f}, the Site sheet's "
              f"weighted list) is larger than the {registered:,} registered patients because the list is older and "
              "more rural than average.", "",
              "Where the rooms are open inside those hours (the Practices sheet's evenings and Saturday mornings):", "",
              "| Practice | Rooms | Open sessions inside the hours | Room-hours a week inside the hours |",
              "|---|---:|---|---:|"]
    names = {p.code: p.name for p in loaded.scenario.practices}
    by_practice: dict[str, list[Any]] = {}
    for w in window_sessions(loaded.scenario, access):
        by_practice.setdefault(w.practice, []).append(w)
    day = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    for code, sessions in by_practice.items():
        spans = ", ".join(f"{day[w.weekday]} {w.minutes_inside} min" for w in sessions)
        hours = sum(w.rooms * w.minutes_inside for w in sessions) / 60
        lines.append(f"| {code} {names[code]} | {sessions[0].rooms} | {spans} | {hours:.1f} |")
    shut = [f"{c} {names[c]}" for c in names if c not in by_practice]
    lines += ["", f"In all **{ea['room_hours_per_week']:.1f} room-hours a week** fall inside the hours, against "
              f"{ea['required_hours_per_week']:.1f} required; {', '.join(shut)} open no evening or Saturday "
              f"session. The team's roles that may give enhanced-access appointments have "
              f"{ea['team_hours_per_week']:,.1f} patient-contact hours a week, so the mix always has the hours; "
              "whether they fall in the evenings and on Saturdays is the rota's job (a plan workbook's Figures sheet "
              "gives the hours delivered in the weakest week against those required).", "",
              "Where to find it: `enhanced_access` in `mix --json` (`required_hours_per_week`, "
              "`room_hours_per_week`, `team_hours_per_week`); the Practices sheet's \"Evening sessions on\" and "
              "\"Saturday morning\" columns; in a plan workbook, the Estate sheet and the Figures sheet's "
              "enhanced-access rows (`kpis.enhanced_access_hours_per_week` in `plan --json`).", ""]

    lines += ["## Question 2: does the team fit the buildings?", ""] + _room_table(base)
    full = [e for e in base["estate"] if e["room_sessions_held_per_week"] >= e["room_sessions_per_week"] - 0.05]
    need = sum(e["room_sessions_needed_per_week"] for e in base["estate"])
    rooms = sum(e["room_sessions_per_week"] for e in base["estate"])
    lines += ["", f"The team's face-to-face work takes {need:,.1f} of the site's {rooms:,.1f} room-sessions a week "
              f"({need / rooms:.0%}). " + ("No practice is full, so the estate does not bind: every practice's patients "
                                          "are seen in their own rooms, and nobody is sent elsewhere."
                                          if not full else
                                          f"{', '.join(e['name'] for e in full)} is full."),
              "A room-session is one room for one contracted session of 4 h 10 min; a clinician holds the room for "
              "the whole session, and telephone, video, online work and home visits need no room.", "",
              "Where to find it: `estate` in `mix --json` (per practice: `room_sessions_per_week`, "
              "`room_sessions_needed_per_week`, `room_sessions_held_per_week`, `seen_elsewhere_per_week`); in a "
              "plan workbook, the Estate sheet.", ""]

    harbour_new = next(e for e in new["estate"] if e["name"] == EX06_PRACTICE)
    estate_rule = next((b for b in new["binding_detail"] if b["name"].startswith("estate_rooms")), None)
    nea = new["enhanced_access"]
    receivers = [e["name"] for e in new["estate"]
                 if e["room_sessions_held_per_week"] > e["room_sessions_needed_per_week"] + 0.05]
    lines += ["## Question 3: Harbour Surgery's refurbishment", "", *_room_table(new), "",
              "| Figure | Shipped | Refurbishment |", "|---|---:|---:|",
              f"| Unmet clinical hours a week (`unmet_hours_per_week`) | {base['unmet_hours_per_week']:,.1f} | "
              f"{new['unmet_hours_per_week']:,.1f} |",
              f"| Weighted unmet contacts a week | {base['weighted_unmet_contacts_per_week']:,.1f} | "
              f"{new['weighted_unmet_contacts_per_week']:,.1f} |",
              f"| Cost to the budget a year (`cost_per_year`) | {gbp(base['cost_per_year'])} | "
              f"{gbp(new['cost_per_year'])} |",
              f"| Room-hours inside the Network Standard Hours | {ea['room_hours_per_week']:.1f} | "
              f"{nea['room_hours_per_week']:.1f} |", ""]
    if estate_rule:
        lines += [f"The estate now binds (`{estate_rule['name']}` in `binding`): \"{estate_rule['detail']}\"", ""]
    lines += [f"Harbour Surgery's patients are seen for {harbour_new['room_sessions_needed_per_week']:.1f} room-sessions "
              f"a week, {harbour_new['seen_elsewhere_per_week']:.1f} of them at other practices: the care model lets at "
              "most a quarter of a practice's face-to-face work be seen at another practice of the site (a labelled "
              "judgement, `estate.other_practice_share`), so the rest of their need goes unmet however many rooms "
              "are free elsewhere. "
              + (f"They go to {', '.join(receivers)}, the nearest practice with free rooms (the mix's last "
                 "tie-break: patients travel as little as they can). " if receivers else "")
              + "The plan also costs less: the mix does not pay for clinicians who would have no "
              "room to work in, so the budget is not what limits the team any more — the building is.", "",
              (f"Enhanced access still fits, only just: {nea['room_hours_per_week']:.1f} room-hours inside the hours "
               f"against {nea['required_hours_per_week']:.1f} required" if nea["room_hours_per_week"]
               >= nea["required_hours_per_week"] else
               f"Enhanced access no longer fits in the rooms: {nea['room_hours_per_week']:.1f} room-hours inside the "
               f"hours against {nea['required_hours_per_week']:.1f} required, so part of it must be by telephone or "
               "video") + ", with Harbour's Saturday and evenings on three rooms.", "",
              "Where to find it: `estate`, `binding` and `binding_detail` in `mix --json` for the exercise workbook; "
              "in a plan workbook, the Explain sheet's binding rules and the Estate sheet.", ""]

    margins = {m["change"]: m for m in new["marginal_values"]}
    room = margins[f"+1 clinical room at P1 {EX06_PRACTICE}"]
    evening = margins[f"+1 evening session a week at P1 {EX06_PRACTICE}"]
    per_room = harbour_new["room_sessions_per_week"] / harbour_new["rooms"]
    lost = new["weighted_unmet_contacts_per_week"] - base["weighted_unmet_contacts_per_week"]
    room_value = room["delta_weighted_unmet_contacts_per_week"]
    per_evening = next(e for e in new["estate"] if e["name"] == EX06_PRACTICE)["rooms"] * 90 / 250
    lines += ["## Question 4: one more room, or one more evening?", "",
              "| Change (re-solved exactly) | Room-sessions a week it adds | Weighted unmet contacts a week | "
              "Unmet hours a week | Budget cost a year |", "|---|---:|---:|---:|---:|",
              f"| {room['change']} | {per_room:.2f} | {num(room['delta_weighted_unmet_contacts_per_week'], 1, True)} | "
              f"{num(room['delta_unmet_hours_per_week'], 1, True)} | {gbp(room['delta_budget_cost_per_year'], True)} |",
              f"| {evening['change']} | {per_evening:.2f} | "
              f"{num(evening['delta_weighted_unmet_contacts_per_week'], 1, True)} | "
              f"{num(evening['delta_unmet_hours_per_week'], 1, True)} | "
              f"{gbp(evening['delta_budget_cost_per_year'], True)} |", "",
              f"One more room is open in all of Harbour's sessions ({per_room:.2f} room-sessions a week: a 5 h "
              "morning is 1.2, a 1 h 30 evening 0.36); one more evening opens all its rooms for 1 h 30 once a week "
              f"({harbour_new['rooms']} x 0.36 = {per_evening:.2f}). The room meets far more need, and its budget cost "
              "is the clinicians it lets the plan employ. An evening adds little room: on three rooms it meets "
              f"{evening['delta_weighted_unmet_contacts_per_week'] / room_value:.0%} of the need the room meets. "
              + (f"One room more (four instead of three) gives back everything the works take: the loss is "
                 f"{num(lost, 1)} weighted contacts a week and the room is worth {num(-room_value, 1)}. Keeping a "
                 "fourth room open through the works is worth asking the ICB for before any change to the "
                 "opening hours." if abs(lost + room_value) <= 0.5 else
                 f"The works cost {num(lost, 1)} weighted contacts a week, so one room gives back "
                 f"{-room_value / lost:.0%} of the loss."), "",
              "Where to find it: `marginal_values` in `mix --json` for the exercise workbook (the rows whose "
              "`subject` names the practice; each is an exact re-solve); in a plan workbook, the Marginal values "
              "sheet.", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# 07 A fair evening and Saturday rota


EX07_WEEKS = 2
EX07_DETERMINISTIC_LIMIT = 5.0  # short enough for the answer test; reproducible because it is what stops the search
EX07_KINDS = (("evenings", "Evenings (sessions)", "works_evenings"),
              ("saturdays", "Saturdays (sessions)", "works_saturdays"))


WALL_CLOCK_NEVER = 3600.0  # seconds: a loaded machine must not stop a rota before its deterministic limit does


@functools.cache
def rota_plan(path: Path, weeks: int, deterministic_limit: float) -> Any:
    """The plan behind ``pch-workforce rota PATH --weeks W --deterministic-limit D``, solved once per run
    (exercises 07 and 08 share it; the deterministic limit makes a second solve give the same rota)."""
    from pch_workforce.plan.model import PlanOptions
    from pch_workforce.plan.run import build_plan

    plan = build_plan(load_scenario(path), PlanOptions(weeks=weeks, deterministic_time_limit=deterministic_limit,
                                                       time_limit=WALL_CLOCK_NEVER, trajectory_years=0))
    _reproducible(plan.rota_report)
    return plan


def _reproducible(report: Any) -> None:
    """A rota the deterministic limit (or a proof) stopped, never the wall clock: the same on any machine."""
    from pch_workforce.plan.board import REPRODUCIBLE
    from pch_workforce.plan.summary_json import stopped_by

    if stopped_by(report) not in REPRODUCIBLE:
        raise AssertionError(f"the rota search ended: {stopped_by(report)}; the answer would not be reproducible")


def rota_of(path: Path, weeks: int, deterministic_limit: float) -> tuple[dict[str, Any], Any]:
    """What ``pch-workforce rota PATH --weeks W --deterministic-limit D -o FILE --json`` prints, and FILE
    read back (written to a temporary folder and removed)."""
    import tempfile

    from pch_workforce.plan.summary_json import rota_json
    from pch_workforce.plan.workbook import write_rota_workbook

    plan = rota_plan(path, weeks, deterministic_limit)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "rota.xlsx"
        write_rota_workbook(plan, out, [path])
        book = openpyxl.load_workbook(out, read_only=False)
    return _as_cli_json(rota_json(plan)), book


def _staff_hours(book: Any) -> dict[str, dict[str, Any]]:
    """The Staff hours sheet's rows by staff id (the header row is the one starting "Staff id")."""
    rows = list(book["Staff hours"].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r and r[0] == "Staff id")
    header = rows[at]
    return {r[0]: dict(zip(header, r, strict=True)) for r in rows[at + 1:] if r and r[0]}


def _spread(counts: list[int], shares: list[int]) -> int:
    """The rota's unfairness measure for one group (FairnessGroup): each load scaled to the largest
    contract, the highest rounded up less the lowest rounded down."""
    top = max(shares)
    loads = [c * top / s for c, s in zip(counts, shares, strict=True)]
    return math.ceil(max(loads) - 1e-9) - math.floor(min(loads) + 1e-9)


def exercise_07(folder: Path) -> str:
    rota, book = rota_of(MARKET_TOWN, EX07_WEEKS, EX07_DETERMINISTIC_LIMIT)
    hours = _staff_hours(book)
    loaded = load_scenario(MARKET_TOWN)
    staff = {m.staff_id: m for m in loaded.scenario.staff}
    role_ids = {spec.name: role_id for role_id, spec in loaded.care_model.roles.items()}
    penalties = {v["subject"]: v for v in rota["soft_violations"] if v["rule"] == "unfair share"}
    lines = header("a fair evening and Saturday rota", [
        f"pch-workforce rota scenarios/market-town-pch.xlsx --weeks {EX07_WEEKS} --deterministic-limit "
        f"{EX07_DETERMINISTIC_LIMIT:g} -o market-town-rota.xlsx --json"])

    def willing(row: dict[str, Any], flag: str) -> bool:
        return row["Post"] == "vacancy" or bool(getattr(staff[row["Staff id"]], flag))

    groups = []  # (role, kind, column, members)
    for role in dict.fromkeys(r["Role"] for r in hours.values()):
        for kind, column, flag in EX07_KINDS:
            members = [r for r in hours.values() if r["Role"] == role and willing(r, flag)]
            worked = sum(r[column] for r in hours.values() if r["Role"] == role)
            if worked:
                groups.append((role, kind, column, members, worked))

    lines += ["## Question 1: who works the evenings and Saturdays", "",
              "| Role | Kind | Sessions worked | People willing (incl. vacancies) | Shared fairly? |",
              "|---|---|---:|---:|---|"]
    for role, kind, column, members, worked in groups:
        lines.append(f"| {role} | {kind} | {worked} | {len(members)} | "
                     f"{'yes' if len(members) > 1 else 'no: one person, nobody to share with'} |")
    alone = [(r["Name"], role, r[column], kind) for role, kind, column, members, worked in groups
             if len(members) == 1 for r in members]
    per_week = max(((n, rl, c / EX07_WEEKS, k) for n, rl, c, k in alone), key=lambda t: t[2], default=None)
    lines += ["", "Only people whose Staff-sheet row says yes under \"Works evenings\" or \"Works Saturdays\" are "
              "rostered then; a vacancy (a planned post not yet filled) is assumed willing. The rota shares the "
              "sessions fairly within a role, so a role with one willing person has no one to share with"
              + (f": {per_week[0]} ({per_week[1]}) works {per_week[2]:g} {per_week[3]} a week. Nothing in the "
                 "rules caps one person's evenings; whether the site should (a rota rule, or asking more of the "
                 "role to opt in) is a question for the manager, not the solver." if per_week else "."), "",
              "Roles whose people work no evenings or Saturdays in these two weeks are left out.", "",
              "Where to find it: the rota workbook's Staff hours sheet, columns \"Evenings (sessions)\" and "
              "\"Saturdays (sessions)\"; the scenario's Staff sheet for who is willing.", ""]

    gp = [g for g in groups if g[0] == "GP"]
    lines += ["## Question 2: the GPs' evenings and Saturdays against their fair share", "",
              "| GP | Contracted sessions a week | Leave (days) | Evenings | Fair share of evenings | Saturdays | "
              "Fair share of Saturdays |", "|---|---:|---:|---:|---:|---:|---:|"]
    fair: dict[tuple[str, str], float] = {}
    for _, kind, column, members, worked in gp:
        total_share = sum(r["Contracted (sessions per week)"] for r in members)
        for r in members:
            fair[kind, r["Staff id"]] = share = r[f"Fair share of {kind.replace('saturdays', 'Saturdays')} (sessions)"]
            if abs(share - worked * r["Contracted (sessions per week)"] / total_share) > 1e-9:
                raise AssertionError(f"{r['Name']}: the Staff hours sheet's fair share of {kind} is not pro rata")
    for r in (r for r in hours.values() if r["Role"] == "GP"):
        cells = []
        for kind, column, _ in EX07_KINDS:
            share = fair.get((kind, r["Staff id"]))
            cells += [str(r[column]), f"{share:.2f}" if share is not None else "not willing"]
        lines.append(f"| {r['Name']} | {r['Contracted (sessions per week)']} | {r['Leave (days)']:g} | "
                     + " | ".join(cells) + " |")
    gaps = [(r["Name"], kind, r[column] - fair[kind, r["Staff id"]]) for _, kind, column, members, _ in gp
            for r in members]
    name, kind, diff = max(gaps, key=lambda g: abs(g[2]))
    lines += ["", f"Furthest from a share: {name}, {abs(diff):.2f} {kind} {'above' if diff > 0 else 'below'} it."]
    lines += ["", "A fair share is pro rata to the contract (a judgement the care model takes from the Part-time "
              "Workers Regulations' pro rata principle): the group's sessions times the person's contracted "
              "sessions over the group's. Nobody can work a fraction of an evening, so whole sessions can only be "
              "near the shares. Leave does not lower a share: the rota shares by contract, not by the weeks a "
              "person is there, which is worth discussing.", "",
              "Where to find it: the Staff hours sheet (\"Contracted (sessions per week)\", \"Leave (days)\", "
              "\"Evenings (sessions)\", \"Fair share of evenings (sessions)\", \"Saturdays (sessions)\", "
              "\"Fair share of Saturdays (sessions)\"; [z] where the GP is not willing).", ""]

    lines += ["## Question 3: how the rota scores unfairness", "",
              "| Group | Spread (load units) | Weight | Penalty points |", "|---|---:|---:|---:|"]
    checked = 0
    worked_example = ""
    for role, kind, column, members, worked in groups:
        if len(members) < 2:
            continue
        subject = f"{kind}/{role_ids[role]}"
        spread = _spread([r[column] for r in members], [max(1, r["Contracted (sessions per week)"]) for r in members])
        violation = penalties.get(subject)
        if violation is not None:
            if violation["amount"] != spread:
                raise AssertionError(f"{subject}: the rota reports a spread of {violation['amount']}, "
                                     f"the Staff hours sheet gives {spread}")
            checked += 1
            if not worked_example:
                top = max(r["Contracted (sessions per week)"] for r in members)
                loads = ", ".join(f"{r['Name']} {r[column]} x {top} / {r['Contracted (sessions per week)']} = "
                                  f"{r[column] * top / r['Contracted (sessions per week)']:.2f}"
                                  for r in members if r[column])
                all_loads = [r[column] * top / r["Contracted (sessions per week)"] for r in members]
                idle = sum(1 for r in members if not r[column])
                worked_example = (f"By hand, `{subject}`: the largest contract among the {len(members)} willing is "
                                  f"{top} sessions; the loads of those who worked any are {loads}"
                                  + (f"; the other {idle} have 0" if idle else "")
                                  + f". So the spread is {math.ceil(max(all_loads) - 1e-9)} (the highest, rounded up) "
                                  f"less {math.floor(min(all_loads) + 1e-9)} (the lowest, rounded down): {spread}.")
            lines.append(f"| `{subject}` | {spread} | {violation['weight']} | {spread * violation['weight']} |")
        elif spread:
            raise AssertionError(f"{subject}: spread {spread} on the Staff hours sheet but no penalty reported")
    if worked_example:
        lines += ["", worked_example]
    lines += ["", f"In all \"unfair share\" costs {rota['objective_by_rule'].get('unfair share', 0)} of the rota's "
              f"{rota['objective']:,.0f} penalty points (`objective_by_rule`). Each person's load is their count "
              "scaled to the largest contract in the group (count x largest contract / their contract: what it "
              "would be on the largest contract); the spread is the highest load rounded up less the lowest "
              "rounded down, and the penalty is the spread times the weight. Groups with no row here have a "
              "spread of 0.", "",
              "Where to find it: `objective_by_rule` and `soft_violations` (rule \"unfair share\", one per group, "
              "`amount` the spread) in `rota --json`.", ""]

    lines += ["## Question 4: is this the fairest rota there is?", "",
              "| Figure | Value |", "|---|---:|",
              f"| Penalty points (`objective`) | {rota['objective']:,.0f} |",
              f"| Best bound (`best_bound`) | {rota['best_bound']:,.0f} |",
              f"| Gap (`gap`) | {pct(rota['gap'] or 0)} |",
              f"| How the search ended (`stopped_by`) | {rota['stopped_by']} |",
              f"| Hard rules broken, by the independent checker (`hard_violations`) | {rota['hard_violations']} |",
              f"| Sessions short of cover (`uncovered_sessions`) | {rota['uncovered_sessions']} |", "",
              "The rota keeps every hard rule (the checker agrees) and covers every session; the penalty points "
              "are soft rules it trades against each other: "
              + ", ".join(f"{rule} {points}" for rule, points in rota["objective_by_rule"].items())
              + ". " + (f"No rota can score below {rota['best_bound']:,.0f}, so at most "
                        f"{rota['objective'] - rota['best_bound']:,.0f} points could still be saved, fairness "
                        "included. " if rota["gap"] else "The rota is proved optimal. ")
              + "The search stopped at its deterministic work limit, which is why the same command gives the "
              "same rota on any machine; a longer `--deterministic-limit` (or the plan's default of 20) searches "
              "further and may find a fairer rota, at the price of time.", "",
              "Where to find it: `objective`, `best_bound`, `gap`, `stopped_by`, `hard_violations` and "
              "`uncovered_sessions` in `rota --json`; the plain `rota` output prints the same.", ""]
    if not checked:
        raise AssertionError("no fairness penalty to explain: the exercise needs a rota with one")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# 08 Re-planning after an absence


EX08_ABSENT = "Dr Alice Ashworth"  # a Market Town GP rostered throughout exercise 07's two weeks
EX08_FROM, EX08_TO = dt.date(2027, 1, 11), dt.date(2027, 1, 17)  # the second week of that rota, Monday to Sunday
EX08_ROTA = "market-town-rota.xlsx"  # exercise 07's workbook
EX08_REPLAN = "market-town-v2.xlsx"
EX08_LOCKED = "market-town-rota-locked.xlsx"
EX08_LOCKED_REPLAN = "market-town-v3.xlsx"
LOCUM = " (a planned post not yet filled: a locum, until it is)"


def replan_of(plan: Path, absence: str, out: Path | None) -> tuple[dict[str, Any], Any]:
    """What ``pch-workforce replan PLAN --absence ABSENCE --deterministic-limit D -o OUT --json J`` writes
    to J, and OUT read back (not written when ``out`` is None)."""
    from pch_workforce.commands.replan import replan_json
    from pch_workforce.plan.model import PlanOptions
    from pch_workforce.plan.replan import Absence, replan
    from pch_workforce.plan.workbook import write_plan_workbook
    from pch_workforce.plan.workbook.changes import changes_spec

    options = PlanOptions(deterministic_time_limit=EX07_DETERMINISTIC_LIMIT, time_limit=WALL_CLOCK_NEVER,
                          trajectory_years=0)
    result = replan(plan, MARKET_TOWN, [Absence.parse(absence)], 0, options)
    _reproducible(result.plan.rota_report)
    if out is None:
        return _as_cli_json(replan_json(result)), None
    write_plan_workbook(result.plan, out, [plan, MARKET_TOWN], extra=[changes_spec(result)])
    return _as_cli_json(replan_json(result)), openpyxl.load_workbook(out)


def cover_of(plan: Path, session: str, role: str) -> dict[str, Any]:
    """What ``pch-workforce cover PLAN --session SESSION --role ROLE --json`` prints."""
    from pch_workforce.commands.cover import cover_json
    from pch_workforce.plan.cover import OpenSession, cover_options, load_published

    return _as_cli_json(cover_json(cover_options(load_published(plan, MARKET_TOWN), OpenSession.parse(session), role)))


def lock_cell(source: Path, dest: Path, staff_id: str, date: dt.date, session: str, text: str) -> str:
    """Copy ``source`` with one Rota cell (the person's row, the date and session's column) set to ``text``,
    as a planner would type it; returns the cell's coordinate."""
    book = openpyxl.load_workbook(source)
    sheet = book["Rota"]
    top = next(r[0].row for r in sheet.iter_rows() if r[0].value == "Name" and r[1].value == "Role")
    column = next(c.column for c in sheet[top] if str(c.value or "").startswith(f"{date:%a %d %b} {session} "))
    staff_column = next(c.column for c in sheet[top] if c.value == "Staff id")
    row = next(r[0].row for r in sheet.iter_rows(min_row=top + 1) if r[staff_column - 1].value == staff_id)
    cell = sheet.cell(row, column)
    cell.value = text
    book.save(dest)
    return cell.coordinate


def _figures(book: Any) -> dict[str, Any]:
    """The Figures sheet's Rota quality rows by measure."""
    rows = list(book["Figures"].iter_rows(values_only=True))
    return {r[1]: r[2] for r in rows if r and r[0] == "Rota quality"}


def _slot(change: dict[str, Any]) -> tuple[str, str]:
    return change["date"], change["session"]


def _shortfall_note(ranked: list[dict[str, Any]]) -> str:
    """Why some candidates cost 100 points or more: moving them leaves another session short."""
    short = [c for c in ranked if c["points_by_rule"].get("cover shortfall", 0) > 0]
    if not short:
        return ""
    return (f"{len(short)} of the {len(ranked)} cost 100 points or more because moving them leaves the session "
            "they come from below its cover minimum (`cover shortfall`). ")


def _points(delta: float) -> str:
    return f"{delta:+,.0f} point{'' if abs(delta) == 1 else 's'}"


def _change_row(c: dict[str, Any]) -> str:
    return (f"| {c['name']} | {dt.date.fromisoformat(c['date']):%a %d %b} | {c['session']} | {c['was'] or '(blank)'} | "
            f"{c['now'] or '(blank)'} | {c['reason']} |")


def exercise_08(folder: Path) -> str:
    import tempfile

    from pch_workforce.plan.workbook import write_rota_workbook

    absence = f"{EX08_ABSENT}:{EX08_FROM}:{EX08_TO}"
    run = [f"pch-workforce rota scenarios/market-town-pch.xlsx --weeks {EX07_WEEKS} --deterministic-limit "
           f"{EX07_DETERMINISTIC_LIMIT:g} -o {EX08_ROTA}    # exercise 07's rota, if you do not have it",
           f"pch-workforce replan {EX08_ROTA} --absence '{absence}' --deterministic-limit "
           f"{EX07_DETERMINISTIC_LIMIT:g} -o {EX08_REPLAN} --json market-town-v2.json"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        published = write_rota_workbook(rota_plan(MARKET_TOWN, EX07_WEEKS, EX07_DETERMINISTIC_LIMIT),
                                        work / EX08_ROTA, [MARKET_TOWN])
        first, first_book = replan_of(published, absence, work / EX08_REPLAN)
        changes = first["changes"]
        moved = [c for c in changes if {c["was"], c["now"]} - {"", "Leave"}]
        lost = [c for c in moved if c["reason"] == "absence"]
        covers = [c for c in moved if c["reason"] == "cover"]
        covered_slots = {(_slot(c), c["now"].split()[0]) for c in covers}
        open_sessions = [c for c in lost if (_slot(c), c["was"].split()[0]) not in covered_slots]
        wanted = (open_sessions or lost)[0]
        practice, shift = wanted["was"].split()[:2]
        session = f"{practice}:{wanted['date']}:{shift.removesuffix('-R')}"
        cover = cover_of(work / EX08_REPLAN, session, "gp")
        if not covers:
            raise AssertionError("the re-plan recovered no session: the exercise needs a cover change to lock")
        locked_change = covers[0]
        locked_date = dt.date.fromisoformat(locked_change["date"])
        cell = lock_cell(published, work / EX08_LOCKED, locked_change["staff_id"], locked_date,
                         locked_change["session"], "*")
        second, _ = replan_of(work / EX08_LOCKED, absence, None)
    run += [f"pch-workforce cover {EX08_REPLAN} --session {session} --role gp",
            f"# type * in {cell} of {EX08_ROTA}'s Rota sheet, save it as {EX08_LOCKED}, then",
            f"pch-workforce replan {EX08_LOCKED} --absence '{absence}' --deterministic-limit "
            f"{EX07_DETERMINISTIC_LIMIT:g} -o {EX08_LOCKED_REPLAN} --json market-town-v3.json"]
    lines = header("re-planning after an absence", run)

    (outcome,) = first["absences"]
    rota = first["rota"]
    figures = _figures(first_book)
    if (figures["Re-plan: sessions changed from the published rota"], figures["Re-plan: people affected"]) != (
            first["changed_assignments"], first["people_affected"]):
        raise AssertionError("the Figures sheet's re-plan figures differ from replan --json")
    lines += ["## Question 1: what the absence costs and what the re-plan changes", "",
              "| Figure | Value |", "|---|---:|",
              f"| Sessions {EX08_ABSENT} was rostered for that week (`sessions_lost`) | {outcome['sessions_lost']} |",
              f"| Of those, now worked by someone else (`sessions_recovered`) | {outcome['sessions_recovered']} |",
              f"| Sessions changed, hers included (`changed_assignments`) | {first['changed_assignments']} |",
              f"| People affected, her included (`people_affected`) | {first['people_affected']} |",
              f"| Sessions below a cover minimum after the re-plan (`uncovered_sessions`) | "
              f"{rota['uncovered_sessions']} |",
              f"| Hard rules broken, by the independent checker (`hard_violations`) | {rota['hard_violations']} |",
              f"| Locked cells and frozen weeks kept (`locked_kept`) | {'yes' if first['locked_kept'] else 'no'} |", "",
              f"The absence takes {outcome['sessions_lost']} of her sessions; the re-plan gives "
              f"{outcome['sessions_recovered']} of them to someone else at the same practice and session and "
              f"keeps every cover minimum and every hard rule. Every one of her cells that week now reads Leave, "
              "credited to her contract as leave always is: a fifth of her weekly contract a weekday, not the "
              "sessions she was rostered for, so her other weeks can change a little too (Question 2).", "",
              "Where to find it: the lines `replan` prints; `changed_assignments`, `people_affected` and `absences` "
              "in its `--json`; on the new workbook's Summary sheet the measures \"Sessions changed by the re-plan\" "
              "and \"People affected by the re-plan\" (and a Re-plan sentence in the plan in brief), and on the "
              "Figures sheet the rows \"Re-plan: ...\" under Rota quality, next to cover and the penalty.", ""]

    reasons = {r: sum(c["reason"] == r for c in moved) for r in ("absence", "cover", "rule")}
    others = len(moved) - reasons["absence"]
    per_lost = others / outcome["sessions_lost"]
    outside = [c for c in moved if not EX08_FROM <= dt.date.fromisoformat(c["date"]) <= EX08_TO]
    inside_people = {c["staff_id"] for c in moved if c not in outside}
    also_inside = sum(1 for sid in {c["staff_id"] for c in outside} if sid in inside_people)
    lines += ["## Question 2: reading the Changes sheet", "",
              "| Reason | Changed sessions |", "|---|---:|",
              *(f"| {reason} | {count} |" for reason, count in reasons.items()),
              f"| all | {len(moved)} |", "",
              f"Changes by people other than her: {others} for {outcome['sessions_lost']} lost sessions, "
              f"{per_lost:.2f} per lost session. The ideal is about 1 (whoever covers each session); counted "
              f"with her own cells it is {len(moved) / outcome['sessions_lost']:.2f}, and about 2 is the ideal "
              "of that count."
              + (f" Blank cells of hers that turned to Leave are listed too ({len(changes) - len(moved)} of "
                 "them), but they move no session and are not counted." if len(changes) > len(moved) else ""), "",
              ]
    if outside:
        changed_outside = len({c["staff_id"] for c in outside})
        both = (f"{also_inside} of the {changed_outside} people changed outside the week also changed inside it"
                if changed_outside > 1 else
                f"The one person changed outside the week {'also changed' if also_inside else 'did not change'} inside it")
        lines += [f"{len(outside)} change{'s fall' if len(outside) != 1 else ' falls'} outside the week of the "
                  "absence:",
                  "", "| Name | Date | Session | Was | Now | Reason |", "|---|---|---|---|---|---|",
                  *(_change_row(c) for c in outside), "",
                  f"{both}. A contract is counted in minutes over the whole rota, within a "
                  "tolerance, and sessions without a room (\"-R\") are capped over the rota too, so someone who "
                  "takes on sessions of other lengths in the absent week can be given time back in another week"
                  + (". Her own other weeks change because her leave is credited pro rata, not as the sessions "
                     "she was rostered for that week, and lowers her cap of sessions without a room"
                     if any(c["reason"] == "rule" and c["name"] == EX08_ABSENT for c in outside) else "")
                  + ". If week 1 is already being worked, re-plan with `--frozen-weeks 1` (only her cells may then "
                  "change in week 1) or lock the cells that must stay.", ""]
    else:
        lines += ["Every change falls inside the week of the absence.", ""]
    lines += ["Where to find it: the Changes sheet of the new workbook (one row per changed cell: Name, Staff id, "
              "Date, Session, Was, Now, Reason; its description counts them), or `changes` in `--json`.", ""]

    ranked = cover["candidates"]
    changed_points = rota["objective_by_rule"].get("changed assignment", 0)
    top = ranked[0] if ranked else None
    lines += ["## Question 3: who could take the session the re-plan left", "",
              f"{'The' if open_sessions else 'Every lost session was recovered; the first'} lost session "
              f"{'the re-plan did not give to anyone' if open_sessions else ''}: {wanted['was']} on "
              f"{dt.date.fromisoformat(wanted['date']):%A %d %B} "
              f"({'a session without a room' if shift.endswith('-R') else 'a clinic'}). "
              f"`cover` asks who could take the {practice} {shift.removesuffix('-R')} session that day: "
              f"{cover['cover_before']} GPs are rostered there"
              + (f" against a cover minimum of {cover['minimum']}" if cover["minimum"] is not None else "")
              + f", and the rota has {cover['objective']} penalty points"
              + (f" (the re-plan's {rota['objective']:,.0f} less its {changed_points} for changed sessions: read back, "
                 "the re-planned rota is the published one)" if rota["objective"] - changed_points == cover["objective"]
                 else "") + ".", "",
              "| Rank | GP | Change | Points | Rules touched | Sessions that week |", "|---:|---|---|---:|---|---:|",
              *(f"| {i} | {c['name']} | {c['change']} | {c['points']:+d} | "
                + (", ".join(f"{rule} {delta:+d}" for rule, delta in c["points_by_rule"].items()) or "none")
                + f" | {c['week_sessions']} |" for i, c in enumerate(ranked[:5], start=1)), "",
              f"{len(ranked)} GPs could take it without breaking a hard rule (the independent checker tried each); "
              f"{len(cover['not_offered'])} could not (the first rule each breaks is in `not_offered`). "
              + (f"The cheapest, {top['name']}, costs {top['points']:+d} points: "
                 + ", ".join(f"{rule} {delta:+d}" for rule, delta in top["points_by_rule"].items())
                 + (". Every offer adds points, and the re-plan pays 8 more for each changed session, so leaving "
                    "it empty was the cheaper rota: no cover minimum needs it. " if top["points"] > 0 else ". ")
                 + _shortfall_note(ranked)
                 + "Equal points are ranked by fewer sessions that week. Whether the patients booked into it "
                 "matter more is the manager's call; the ranking says what each choice costs." if top else ""), "",
              "Where to find it: `pch-workforce cover` prints the ranking; `--json` gives every candidate and "
              "`not_offered` with reasons.", ""]

    (again,) = second["absences"]
    kept_off = all(not (c["staff_id"] == locked_change["staff_id"] and _slot(c) == _slot(locked_change))
                   for c in second["changes"])
    if not second["locked_kept"] or not kept_off:
        raise AssertionError("the locked cell changed in the second re-plan")
    replaced = [c for c in second["changes"] if c["reason"] == "cover" and _slot(c) == _slot(locked_change)]
    lines += ["## Question 4: locking a cell", "",
              f"The first re-plan gives {locked_change['name']} {locked_change['now']} on {locked_date:%A %d %B}. "
              f"Say they cannot do it: a `*` alone in their cell for that session ({cell} of the published Rota "
              f"sheet) keeps them off it, as `{locked_change['now']}*` would keep them on it.", "",
              "| Figure | First re-plan | With the lock |", "|---|---:|---:|",
              f"| Sessions recovered | {outcome['sessions_recovered']} | {again['sessions_recovered']} |",
              f"| Sessions changed | {first['changed_assignments']} | {second['changed_assignments']} |",
              f"| People affected | {first['people_affected']} | {second['people_affected']} |",
              f"| Penalty points (`objective`) | {rota['objective']:,.0f} | {second['rota']['objective']:,.0f} |",
              f"| Of which for changes (`changed assignment`) | {changed_points} "
              f"| {second['rota']['objective_by_rule'].get('changed assignment', 0)} |",
              f"| Sessions below a cover minimum | {rota['uncovered_sessions']} | "
              f"{second['rota']['uncovered_sessions']} |",
              f"| Locked cells kept (`locked_kept`) | {'yes' if first['locked_kept'] else 'no'} | "
              f"{'yes' if second['locked_kept'] else 'no'} |", "",
              f"The locked cell is kept: {locked_change['name']} is not on that session. "
              + ("Now " + " and ".join(f"{c['name']}{LOCUM if 'vacancy' in c['name'] else ''} takes {c['now']}"
                                       for c in replaced)
                 + " instead" if replaced else "Nobody new takes that session now")
              + f". A lock is one more hard rule, so the best rota with it can be no cheaper than the best without "
              f"it; here the penalty moves by {_points(second['rota']['objective'] - rota['objective'])}. Locks "
              "and `--frozen-weeks` are how a manager keeps what is already promised to people.", "",
              "Where to find it: `locked_kept`, `locked_cells` and `changes` in `--json`; the Changes sheet's "
              "description says whether locked cells were kept.", ""]
    return "\n".join(lines)


EXERCISES: tuple[Exercise, ...] = (
    Exercise("01-demand-profile", "Reading a demand profile and its drivers", 30, exercise_01),
    Exercise("02-new-financial-year", "Pricing a plan for a new financial year", 30, exercise_02),
    Exercise("03-budget-cut-and-risk-share", "A budget cut and who bears it", 45, exercise_03),
    Exercise("04-retirement-cliff", "The retirement cliff", 40, exercise_04),
    Exercise("05-arrs-envelope", "The ARRS envelope, and an ARRS GP against other roles", 35, exercise_05),
    Exercise("06-estate-and-access", "The estate and the access contract: evenings, Saturdays and rooms", 40,
             exercise_06),
    Exercise("07-fair-rota", "A fair evening and Saturday rota", 40, exercise_07),
    Exercise("08-replan-after-absence", "Re-planning the rota after an absence", 40, exercise_08),
)


def regenerate(out_root: Path = HERE, only: Iterable[str] = ()) -> list[Path]:
    """Write every exercise (or those whose slug starts with one of ``only``) under ``out_root``;
    returns the answer files written."""
    wanted = tuple(only)
    written = []
    for exercise in EXERCISES:
        if wanted and not exercise.slug.startswith(wanted):
            continue
        folder = Path(out_root) / exercise.slug
        folder.mkdir(parents=True, exist_ok=True)
        answer = folder / "answer.md"
        answer.write_text(exercise.build(folder).rstrip("\n") + "\n", encoding="utf-8", newline="\n")
        written.append(answer)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate the course pack's exercise workbooks and answers.")
    parser.add_argument("only", nargs="*", help="exercise folder prefixes, e.g. 02 (default: all)")
    parser.add_argument("--out", type=Path, default=HERE, help="output root (default: this folder)")
    args = parser.parse_args(argv)
    for path in regenerate(args.out, args.only):
        print(f"wrote {path.parent.name}/{path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

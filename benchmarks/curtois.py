"""Curtois & Qu shift-scheduling instances read into the general rota engine, and a runner.

    python -m benchmarks.curtois FILE [--time-limit S] [--workers N] [--json]
    python -m benchmarks.curtois --all [--time-limit S] [--workers N]

The benchmark is the engine's special case with one location, no skills and at most one
shift a day; every staff rule is hard and cover is soft (100 per person short, 1 per person
over). ``--all`` solves the twelve shipped instances and writes ``benchmarks/results/curtois.json``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.problem import (
    Contract,
    CoverRequirement,
    ForbiddenSuccession,
    Location,
    Problem,
    ShiftRequest,
    ShiftType,
    Staff,
)
from pch_workforce.rota.solve import SolveOptions, solve

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "benchmarks" / "data" / "curtois"
SHARED_DIR = REPO.parent / "shared" / "benchmarks" / "curtois" / "instances"
RESULTS = REPO / "benchmarks" / "results" / "curtois.json"
TABLE = REPO / "benchmarks" / "results" / "curtois.md"
WARD = "ward"


def instance_dir() -> Path:
    """The repo's copy (always there in a clone); the shared folder only as a fallback."""
    return DATA_DIR if DATA_DIR.is_dir() else SHARED_DIR


def best_known() -> dict[str, dict]:
    return json.loads((DATA_DIR / "best_known.json").read_text())


class InstanceError(ValueError):
    """A malformed instance file; the message names the line and section."""


Row = tuple[int, list[str]]  # line number, comma-separated fields


def _sections(text: str) -> dict[str, list[Row]]:
    """Split the file into sections of comma-separated rows (comments and blanks dropped)."""
    out: dict[str, list[Row]] = {}
    current: list[Row] | None = None
    for number, raw in enumerate(text.replace("\r", "").split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = out.setdefault(line.removeprefix("SECTION_"), [])
            continue
        if current is None:
            raise InstanceError(f"line {number}: data before the first SECTION_ line: {line!r}")
        current.append((number, [f.strip() for f in line.split(",")]))
    return out


def _parse(sec: dict[str, list[Row]], name: str, read_row, required: bool = True) -> list:
    """``read_row(fields)`` for every row of SECTION_``name``; an error names its line."""
    if name not in sec and required:
        raise InstanceError(f"SECTION_{name} is missing")
    out = []
    for number, fields in sec.get(name, []):
        try:
            out.append(read_row(fields))
        except (ValueError, IndexError) as exc:
            raise InstanceError(f"line {number} (SECTION_{name}): {exc}") from None
    return out


def _staff(fields: list[str], days_off: dict[str, frozenset[int]]) -> Staff:
    sid, max_shifts, max_min, min_min, max_cons, min_cons, min_off, max_wk = fields
    per_type = {k: int(v) for k, v in (e.split("=") for e in max_shifts.split("|") if e)}
    contract = Contract(
        max_minutes=int(max_min),
        min_minutes=int(min_min),
        max_shifts_per_type=per_type,
        max_consecutive_days=int(max_cons),
        min_consecutive_days=int(min_cons),
        min_consecutive_days_off=int(min_off),
        max_weekends=int(max_wk),
    )
    return Staff(id=sid, name=sid, contract=contract, unavailable_days=days_off.get(sid, frozenset()))


def read_instance(path: Path | str) -> Problem:
    """Read one Curtois & Qu ``InstanceN.txt`` into a rota :class:`Problem`; a malformed
    file raises :class:`InstanceError` naming the line (and section) at fault."""
    sec = _sections(Path(path).read_text())
    horizon = _parse(sec, "HORIZON", lambda f: int(f[0]))[0]
    shift_rows = _parse(sec, "SHIFTS", lambda f: (f[0], int(f[1]), f[2] if len(f) > 2 else ""))
    shifts = [ShiftType(id=sid, length_minutes=length) for sid, length, _ in shift_rows]
    successions = [
        ForbiddenSuccession(shift_id=sid, next_shift_id=nxt)
        for sid, _, banned in shift_rows
        for nxt in filter(None, banned.split("|"))
    ]
    days_off = dict(_parse(sec, "DAYS_OFF", lambda f: (f[0], frozenset(int(d) for d in f[1:] if d)), required=False))
    staff = _parse(sec, "STAFF", lambda f: _staff(f, days_off))
    requests = [
        request
        for section, kind in (("SHIFT_ON_REQUESTS", "on"), ("SHIFT_OFF_REQUESTS", "off"))
        for request in _parse(
            sec,
            section,
            lambda f, kind=kind: ShiftRequest(staff_id=f[0], day=int(f[1]), shift_id=f[2], kind=kind, weight=int(f[3])),
            required=False,
        )
    ]
    cover = _parse(
        sec,
        "COVER",
        lambda f: CoverRequirement(
            day=int(f[0]), shift_id=f[1], location_id=WARD, minimum=int(f[2]),
            weight_under=int(f[3]), weight_over=int(f[4]),
        ),
        required=False,
    )
    try:
        return Problem(
            horizon_days=horizon,
            shift_types=tuple(shifts),
            locations=(Location(id=WARD),),
            staff=tuple(staff),
            forbidden_successions=tuple(successions),
            cover=tuple(cover),
            requests=tuple(requests),
        )
    except ValueError as exc:
        raise InstanceError(str(exc)) from None


def benchmark_options(time_limit: float, workers: int, seed: int = 0) -> SolveOptions:
    """The benchmark setting (wall-time limit): the decomposition strategy, a short CP-SAT solve,
    column generation for a bound and an LP-guided rota, rota-shaped LNS, then CP-SAT (see
    ``pch_workforce.rota.decomposition.strategy``)."""
    return SolveOptions(
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        deterministic=False,
        strategy="decomposition",
    )


def run_instance(path: Path, time_limit: float, workers: int, seed: int = 0) -> dict:
    """Solve one instance and return the figures, checked by the independent checker."""
    problem = read_instance(path)
    start = time.perf_counter()
    report = solve(problem, benchmark_options(time_limit, workers, seed))
    seconds = time.perf_counter() - start
    verdict = check_rota(problem, report.rota) if report.rota is not None else None
    name = Path(path).stem
    best = best_known().get(name, {}).get("upper")
    objective = None if report.objective is None else round(report.objective)
    return {
        "instance": name,
        "status": report.status.value,
        "objective": objective,
        "best_bound": None if report.best_bound is None else round(report.best_bound),
        "best_known": best,
        "gap_to_best_known": None if objective is None or best is None else objective - best,
        "gap": report.gap,
        "seconds": round(seconds, 2),
        "workers": workers,
        "time_limit": time_limit,
        "checker": {
            "ok": verdict is not None and verdict.ok,
            "objective": None if verdict is None else verdict.objective,
            "violations": None if verdict is None else len(verdict.violations),
        },
    }


def _print_row(r: dict) -> None:
    click.echo(
        f"{r['instance']:<11} obj {r['objective']!s:>6}  bound {r['best_bound']!s:>6}  "
        f"best {r['best_known']!s:>5}  {r['seconds']:>6.1f}s  {r['status']:<8}  "
        f"checker {'ok' if r['checker']['ok'] else 'FAIL'} ({r['checker']['objective']})"
    )


@click.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--time-limit", default=60.0, show_default=True, help="seconds per instance")
@click.option("--workers", default=8, show_default=True, help="CP-SAT workers")
@click.option("--seed", default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@click.option("--all", "run_all", is_flag=True, help="run Instance1..12, write the results table")
def main(file: Path | None, time_limit: float, workers: int, seed: int, as_json: bool, run_all: bool) -> None:
    """Solve Curtois & Qu instance FILE (or --all) and print the checker's verdict."""
    if run_all:
        rows = []
        for i in range(1, 13):
            row = run_instance(instance_dir() / f"Instance{i}.txt", time_limit, workers, seed)
            rows.append(row)
            _print_row(row)
        write_results(rows, time_limit, workers)
        click.echo(f"wrote {RESULTS} and {TABLE}")
        return
    if file is None:
        raise click.UsageError("give an instance FILE or --all")
    try:
        row = run_instance(file, time_limit, workers, seed)
    except (InstanceError, UnicodeDecodeError) as exc:
        raise click.BadParameter(f"{file}: {exc}", param_hint="FILE") from None
    if as_json:
        click.echo(json.dumps(row))
    else:
        _print_row(row)
    sys.exit(0 if row["checker"]["ok"] else 1)


def write_results(rows: list[dict], time_limit: float, workers: int) -> None:
    """The JSON table and a Markdown copy for the README, with the machine it ran on."""
    meta = {
        "time_limit": time_limit,
        "workers": workers,
        "cores": os.cpu_count(),
        "load_average_after": os.getloadavg()[0],
        "strategy": (
            "sequential warm start; CP-SAT 5% of the time; column generation (state-graph "
            "pricing where it fits; proven bound, added as an objective floor) up to half of "
            "the rest; exact arc-flow search (HiGHS 1.16, two seeds racing) inside the reduced-cost "
            "gap (75% of what is left, when the model has at most 20,000 arcs); where that finds "
            "nothing, a MIP over everyone's whole rotas within a reduced-cost cap (3,500 rotas, "
            "HiGHS, two seeds, target 3 above the bound as the cutoff); LP-guided CP-SAT solves; "
            "rota-shaped LNS "
            "steered by the LP (2 threads); CP-SAT on the pattern-flow model"
        ),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({**meta, "rows": rows}, indent=2) + "\n")
    lines = [
        f"Curtois & Qu instances 1-12, {time_limit:g} s each, {workers} CP-SAT workers on "
        f"{meta['cores']} cores (load average after the run: {meta['load_average_after']:.1f}).",
        "",
        "| Instance | Objective | Best bound | Best known | Obj - best known | Gap | Time (s) | Checker |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        gap = "" if r["gap"] is None else f"{100 * r['gap']:.1f}%"
        check = f"ok ({r['checker']['objective']})" if r["checker"]["ok"] else "FAIL"
        lines.append(
            f"| {r['instance']} | {r['objective']} | {r['best_bound']} | {r['best_known']} | "
            f"{r['gap_to_best_known']} | {gap} | {r['seconds']} | {check} |"
        )
    TABLE.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

"""Curtois & Qu shift-scheduling instances read into the general rota engine, and a runner.

    python -m benchmarks.curtois FILE [--time-limit S] [--workers N] [--json]
    python -m benchmarks.curtois --all [--time-limit S] [--workers N]
    python -m benchmarks.curtois --generated [--time-scale X] [--workers N]

The benchmark is the engine's special case with one location, no skills and at most one
shift a day; every staff rule is hard and cover is soft (100 per person short, 1 per person
over). ``--all`` solves the twelve shipped instances and writes ``benchmarks/results/curtois.json``;
``--generated`` solves instances of :mod:`benchmarks.curtois_generate` up to the largest published
size, each in a process of its own, and writes ``benchmarks/results/curtois_generated.json``.
Instances within the decomposition's guard (:func:`colgen.fits`) take the benchmark strategy of
``solve``; larger ones :func:`solve_large`. Every row says the peak memory and, when there is no
rota, why.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import click

from benchmarks import curtois_generate
from pch_workforce.rota.decomposition import colgen
from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.greedy import WarmStartTimedOut, sequential_rota
from pch_workforce.rota.problem import (
    Contract,
    CoverRequirement,
    ForbiddenSuccession,
    Location,
    Problem,
    Rota,
    ShiftRequest,
    ShiftType,
    Staff,
)
from pch_workforce.rota.report import RotaReport
from pch_workforce.rota.solve import SolveOptions, solve
from pch_workforce.solve_report import SolveStatus, relative_gap

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "benchmarks" / "data" / "curtois"
SHARED_DIR = REPO.parent / "shared" / "benchmarks" / "curtois" / "instances"
RESULTS = REPO / "benchmarks" / "results" / "curtois.json"
TABLE = REPO / "benchmarks" / "results" / "curtois.md"
GENERATED_RESULTS = REPO / "benchmarks" / "results" / "curtois_generated.json"
GENERATED_TABLE = REPO / "benchmarks" / "results" / "curtois_generated.md"
# generated sizes and their time limits (s): from the shipped instances' scale to the largest
# published one (150 staff, 52 weeks, 32 shift types); see benchmarks/README.md
GENERATED = (
    (curtois_generate.Size(20, 4, 3), 60.0),
    (curtois_generate.Size(40, 8, 5), 60.0),
    (curtois_generate.Size(50, 26, 6), 60.0),
    (curtois_generate.Size(100, 52, 16), 300.0),
    (curtois_generate.Size(150, 52, 32), 600.0),
)
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


# A judgement call from the generated instances (benchmarks/README.md): CP-SAT's model costs
# about this many seconds of Python a possible assignment to build, and a whole-model search is
# started only with at least twice that left, so building it cannot overrun the limit.
BUILD_SECONDS_PER_ASSIGNMENT = 1.5e-4
# On large instances the per-person re-planning passes (coordinate descent) improve the rota
# far more than a whole-model search in the same time; they get up to this share of the limit
# (or stop when a pass moves nobody), and the whole model, hinted, the rest.
PASSES_SHARE = 0.75
MAX_PASSES = 50
# Beyond this many assignments no whole-model search is started and the passes get all the time:
# CP-SAT's portfolio copies the model into every worker, and on 451,872 assignments (150 staff,
# 52 weeks, 32 shift types) 8 workers took the run to a peak near 10 GB (benchmarks/README.md).
MAX_WHOLE_MODEL_ASSIGNMENTS = 200_000


def solve_large(problem: Problem, time_limit: float, workers: int, seed: int = 0) -> tuple[RotaReport | None, str | None]:
    """Instances too large for the decomposition (:func:`colgen.fits`): the per-person warm
    start with a deadline (it keeps every hard rule), then CP-SAT on the whole model hinted
    with it for the time left, when building that model fits in the time. Returns the report
    (None with no rota) and, when there is no rota or no search, the reason in words."""
    start = time.perf_counter()
    deadline = start + time_limit
    allowed = _assignments(problem)
    whole_model = allowed <= MAX_WHOLE_MODEL_ASSIGNMENTS
    try:  # the first pass may take all the time; re-planning passes stop at PASSES_SHARE
        rota = sequential_rota(
            problem, seed=seed, passes=MAX_PASSES, deadline=deadline, linearization_level=2,
            stop_improving=start + (PASSES_SHARE if whole_model else 1.0) * time_limit,
        )
    except WarmStartTimedOut as stop:
        return None, f"no rota within the time limit: {stop}"
    start_report = _warm_start_report(problem, rota, start, workers, seed, time_limit)
    left = deadline - time.perf_counter()
    if not whole_model or left < 2 * BUILD_SECONDS_PER_ASSIGNMENT * allowed:
        note = (
            f"{left:.0f} s left, too little to build and search the whole model of {allowed} assignments"
            if whole_model
            else f"no whole-model search on {allowed} assignments (memory)"
        )
        if start_report.rota is None:
            return None, f"no rota: someone has none of their own in the warm start, and {note}"
        return start_report, f"the warm start's rota and its re-planning passes: {note}"
    options = replace(benchmark_options(left, workers, seed), hint=rota, strategy="search")
    report = solve(problem, options)
    if report.rota is not None and (start_report.rota is None or report.objective <= start_report.objective):
        return report, None
    if start_report.rota is None:
        return None, f"no rota: the search stopped ({report.status.value}) before finding one"
    bound = max(0, round(report.best_bound)) if report.best_bound is not None else 0  # CP-SAT's bound holds anyway
    return start_report.model_copy(update={
        "best_bound": bound,
        "gap": relative_gap(start_report.objective, bound),
        "seconds": time.perf_counter() - start,
    }), "the warm start's rota: the whole-model search found nothing better"


def _assignments(problem: Problem) -> int:
    """The model's assignment variables for a Curtois instance (one place, no skills): each
    person's days not off times the shift types they may work."""
    return sum(
        (problem.horizon_days - len(s.unavailable_days))
        * sum(1 for t in problem.shift_types if s.contract.max_shifts_per_type.get(t.id, 1) > 0)
        for s in problem.staff
    )


def _warm_start_report(
    problem: Problem, rota: Rota, start: float, workers: int, seed: int, time_limit: float
) -> RotaReport:
    """A report for a rota no search has seen: its objective from the checker, bound 0."""
    verdict = check_rota(problem, rota)
    status = SolveStatus.FEASIBLE if verdict.ok else SolveStatus.UNKNOWN
    return RotaReport(
        status=status,
        objective=verdict.objective if verdict.ok else None,
        best_bound=0 if verdict.ok else None,
        gap=relative_gap(verdict.objective, 0) if verdict.ok else None,
        seconds=time.perf_counter() - start,
        workers=workers,
        seed=seed,
        time_limit=time_limit,
        rota=rota if verdict.ok else None,
    )


def peak_memory_mb() -> float:
    """The process's peak resident memory so far (``ru_maxrss``: kilobytes on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_instance(path: Path, time_limit: float, workers: int, seed: int = 0) -> dict:
    """Solve one instance and return the figures, checked by the independent checker.
    Instances the decomposition fits (:func:`colgen.fits`) take the benchmark strategy; larger
    ones :func:`solve_large`. ``reason`` says why there is no rota (or no search), if so."""
    problem = read_instance(path)
    start = time.perf_counter()
    reason = None
    if colgen.fits(problem):
        report: RotaReport | None = solve(problem, benchmark_options(time_limit, workers, seed))
    else:
        report, reason = solve_large(problem, time_limit, workers, seed)
    seconds = time.perf_counter() - start
    rota = None if report is None else report.rota
    verdict = check_rota(problem, rota) if rota is not None else None
    if rota is None and reason is None:
        reason = f"no rota: the search stopped ({report.status.value}) before finding one"
    name = Path(path).stem
    best = best_known().get(name, {}).get("upper")
    objective = None if report is None or report.objective is None else round(report.objective)
    bound = None if report is None or report.best_bound is None else round(report.best_bound)
    return {
        "instance": name,
        "status": "unknown" if report is None else report.status.value,
        "objective": objective,
        "best_bound": bound,
        "best_known": best,
        "gap_to_best_known": None if objective is None or best is None else objective - best,
        "gap": None if report is None else report.gap,
        "seconds": round(seconds, 2),
        "workers": workers,
        "time_limit": time_limit,
        "peak_memory_mb": peak_memory_mb(),
        "reason": reason,
        "checker": {
            "ok": verdict is not None and verdict.ok,
            "objective": None if verdict is None else verdict.objective,
            "violations": None if verdict is None else len(verdict.violations),
        },
    }


def _print_row(r: dict) -> None:
    click.echo(
        f"{r['instance']:<11} obj {r.get('objective')!s:>6}  bound {r.get('best_bound')!s:>6}  "
        f"best {r.get('best_known')!s:>5}  {r.get('seconds') or 0:>6.1f}s  {r.get('status', '-'):<8}  "
        f"{r.get('peak_memory_mb') or 0:>7.0f} MB  "
        f"checker {'ok' if r['checker']['ok'] else 'FAIL'} ({r['checker']['objective']})"
        + (f"  {r['reason']}" if r.get("reason") else "")
    )


def run_generated(time_scale: float, workers: int, seed: int) -> list[dict]:
    """Each size of :data:`GENERATED` (written afresh by the generator into a temporary folder),
    solved in a process of its own so its peak memory is its own; the wall time is measured
    from outside that process too (start-up and reading included)."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size, limit in GENERATED:
            path = curtois_generate.write(size, Path(folder))
            hidden = curtois_generate.generate(size.staff, size.weeks, size.shift_types, size.seed).hidden_rota(WARD)
            hidden_objective = check_rota(read_instance(path), hidden).objective
            limit = limit * time_scale
            cmd = [sys.executable, "-m", "benchmarks.curtois", str(path), "--time-limit", str(limit),
                   "--workers", str(workers), "--seed", str(seed), "--json"]
            began = time.perf_counter()
            done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
            outside = round(time.perf_counter() - began, 2)
            try:
                row = json.loads(done.stdout.strip().splitlines()[-1])
            except (IndexError, json.JSONDecodeError):
                last = (done.stderr.strip().splitlines() or ["no output"])[-1]
                row = {"instance": path.stem, "time_limit": limit, "reason": f"the run failed: {last}",
                       "checker": {"ok": False, "objective": None, "violations": None}}
            row.update(size={"staff": size.staff, "weeks": size.weeks, "shift_types": size.shift_types,
                             "seed": size.seed}, seconds_outside=outside, hidden_roster=hidden_objective,
                       within_margin=outside <= margin(limit))
            rows.append(row)
            _print_row(row)
    return rows


def margin(time_limit: float) -> float:
    """The most a run may take in all: its limit plus 10% and 5 s (start-up, reading, checking)."""
    return 1.1 * time_limit + 5


@click.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--time-limit", default=60.0, show_default=True, help="seconds per instance")
@click.option("--workers", default=8, show_default=True, help="CP-SAT workers")
@click.option("--seed", default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@click.option("--all", "run_all", is_flag=True, help="run Instance1..12, write the results table")
@click.option("--generated", is_flag=True, help="run the generated sizes, write their results table")
@click.option("--time-scale", default=1.0, show_default=True, help="--generated: multiply each size's limit")
def main(
    file: Path | None, time_limit: float, workers: int, seed: int, as_json: bool, run_all: bool,
    generated: bool, time_scale: float,
) -> None:
    """Solve Curtois & Qu instance FILE (or --all, or --generated) and print the checker's verdict."""
    if generated:
        rows = run_generated(time_scale, workers, seed)
        write_generated_results(rows, workers)
        click.echo(f"wrote {GENERATED_RESULTS} and {GENERATED_TABLE}")
        return
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



def write_generated_results(rows: list[dict], workers: int) -> None:
    """The generated sizes' JSON table and a Markdown copy for benchmarks/README.md."""
    meta = {
        "workers": workers,
        "cores": os.cpu_count(),
        "load_average_after": os.getloadavg()[0],
        "generator": "benchmarks/curtois_generate.py (feasible by construction)",
        "margin": "time limit x 1.1 + 5 s, measured from outside the run's process",
    }
    GENERATED_RESULTS.write_text(json.dumps({**meta, "rows": rows}, indent=2) + "\n")
    lines = [
        f"Generated Curtois-format instances, {workers} CP-SAT workers on {meta['cores']} cores "
        f"(load average after the run: {meta['load_average_after']:.1f}).",
        "",
        "| Staff | Weeks | Shift types | Limit (s) | Objective | Bound | Hidden roster | Time (s) | "
        "Within limit+10%+5 s | Peak memory (MB) | Checker | Note |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|",
    ]
    for r in rows:
        size = r["size"]
        check = f"ok ({r['checker']['objective']})" if r["checker"]["ok"] else "no rota"
        lines.append(
            f"| {size['staff']} | {size['weeks']} | {size['shift_types']} | {r['time_limit']:g} | "
            f"{r.get('objective')} | {r.get('best_bound')} | {r.get('hidden_roster')} | {r['seconds_outside']} | "
            f"{'yes' if r['within_margin'] else 'NO'} | {r.get('peak_memory_mb')} | {check} | {r.get('reason') or ''} |"
        )
    GENERATED_TABLE.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

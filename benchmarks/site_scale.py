"""How the PCH rota grows with the site: generated sites of 30k-200k patients over 4-12 weeks.

    python -m benchmarks.site_scale [--time-limit S] [--workers N] [--sizes 30000,50000] [--weeks 4,8,12]
                                    [--lns] [--output FILE]

Each site is built from the shipped North Coast scenario: its practices, each with its named staff
and cover rules, are taken in order (cycling through the six) until the list reaches the target,
then list sizes are scaled to it exactly, with one hub for the whole site. Only the named staff are rostered (the mix is not
what is measured). Each case runs in its own process, so its peak memory is its own. Prints time
to the first rota (from the start of the solve; the warm start counts when it keeps every hard rule,
and ``first_rota_from`` says which it was), final objective, bound, gap and peak memory, and writes
``benchmarks/results/site_scale.json`` (or ``--output``). ``--lns`` forces the engine's repair
strategy (``SolveOptions(strategy="repair")``, which it chooses anyway where rooms can be
overbooked). The shipped North Coast scenario itself (with the mix's planned posts and its
roles' work without a room, as ``pch-workforce rota`` runs it) is the first row;
the generated sites have no mix, so every clinical session of theirs holds a room.
"""

from __future__ import annotations

import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import click
import ortools

from pch_workforce.pch_rota import build_pch_rota
from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.solve import Progress, SolveOptions, solve
from pch_workforce.scenario.loader import load_scenario
from pch_workforce.scenario.model import Practice, Scenario

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "scenarios" / "north-coast-pch.xlsx"
RESULTS = REPO / "benchmarks" / "results" / "site_scale.json"


def scaled_site(base: Scenario, patients: int, weeks: int) -> Scenario:
    """The base site's practices, in order and cycling, until the list reaches ``patients``.

    Each practice brings its named staff and cover rules; list sizes are then scaled so the site
    has ``patients`` exactly. Role supply and the budget grow with the site; P1 stays the one hub.
    """
    chosen: list[tuple[int, Practice]] = []  # (copy number, template practice)
    listed = 0
    while listed < patients:
        copy, index = divmod(len(chosen), len(base.practices))
        chosen.append((copy, base.practices[index]))
        listed += base.practices[index].list_size
    factor = patients / listed
    practices, population, registers, staff, cover, homes = [], [], [], [], [], []
    for copy, practice in chosen:
        def code(original: str, copy: int = copy) -> str:
            return original if copy == 0 else f"{original}c{copy}"

        rows = [row.model_copy(update={"practice": code(row.practice), "patients": round(row.patients * factor)})
                for row in base.population if row.practice == practice.code]
        population += rows
        practices.append(practice.model_copy(update={
            "code": code(practice.code), "name": f"{practice.name} {copy + 1}",
            "list_size": sum(r.patients for r in rows), "is_hub": practice.is_hub and copy == 0}))
        registers += [r.model_copy(update={"practice": code(r.practice), "patients": round(r.patients * factor)})
                      for r in base.registers if r.practice == practice.code]
        staff += [s.model_copy(update={"staff_id": f"{s.staff_id}c{copy}", "home_practice": code(s.home_practice)})
                  for s in base.staff if s.home_practice == practice.code]
        cover += [c.model_copy(update={"practice": code(c.practice)})
                  for c in base.cover_rules if c.practice == practice.code]
        homes += [h.model_copy(update={"name": f"{h.name} {copy + 1}", "practice": code(h.practice),
                                       "beds": round(h.beds * factor),
                                       "admissions_per_year": h.admissions_per_year * factor})
                  for h in base.care_homes if h.practice == practice.code]
    scale = len(chosen) / len(base.practices)
    growth = patients / base.total_population
    site = base.site.model_copy(update={
        "name": f"Generated site of {patients:,}", "rota_weeks": weeks,
        "capitated_budget_per_year": _scaled(base.site.capitated_budget_per_year, growth),
        "weighted_list": _scaled(base.site.weighted_list, growth)})
    # Streams priced from the list (blank quantity) grow with it; given quantities (QOF points, local streams)
    # are scaled here.
    income = tuple(i.model_copy(update={"quantity": _scaled(i.quantity, growth)}) for i in base.income)
    roles = tuple(r.model_copy(update={"existing_fte": r.existing_fte * scale, "max_fte": r.max_fte * scale,
                                       "arrs_baseline_fte": r.arrs_baseline_fte * scale})
                  for r in base.roles)
    return base.model_copy(update={"site": site, "practices": tuple(practices), "population": tuple(population),
                                   "registers": tuple(registers), "roles": roles, "staff": tuple(staff),
                                   "cover_rules": tuple(cover), "care_homes": tuple(homes), "income": income})


def _scaled(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


def run_case(patients: int | None, weeks: int, time_limit: float, workers: int, lns: bool = False) -> dict[str, Any]:
    """Solve one case in this process and measure it."""
    loaded = load_scenario(SHIPPED)
    planned = room_shares = need = None
    if patients is None:
        from pch_workforce.demand import compute_demand
        from pch_workforce.mix import mix_input_from_demand, solve_mix
        from pch_workforce.plan.post_homes import role_need_by_practice

        scenario = loaded.scenario
        demand = compute_demand(scenario, loaded.care_model)
        mix = solve_mix(scenario, loaded.care_model, mix_input_from_demand(demand))
        planned, room_shares = mix.planned_fte, {r.role: r.room_share for r in mix.roles}
        need = role_need_by_practice(scenario, demand, mix)  # where posts are based, as plan does
    else:
        scenario = scaled_site(loaded.scenario, patients, weeks)
    started = time.perf_counter()
    built = build_pch_rota(scenario, loaded.care_model, loaded.rota_policy, planned_fte=planned, weeks=weeks,
                           room_shares=room_shares, need=need)
    build_seconds = time.perf_counter() - started
    first: list[Progress] = []

    def on_progress(progress: Progress) -> None:
        if not first:
            first.append(progress)

    options = SolveOptions(time_limit=time_limit, workers=workers, seed=0, strategy="repair" if lns else "auto",
                           progress_callback=on_progress)
    report = solve(built.problem, options)
    check = check_rota(built.problem, report.rota) if report.rota is not None else None
    return {
        "case": "north-coast (shipped, with planned posts)" if patients is None else f"{patients:,} patients",
        "patients": scenario.total_population,
        "practices": len(scenario.practices),
        "people": len(built.problem.staff),
        "weeks": weeks,
        "lns": lns,
        "status": report.status.value,
        "seconds_to_first_rota": round(first[0].seconds, 2) if first else None,
        "first_rota_from": first[0].source if first else None,
        "objective": report.objective,
        "best_bound": report.best_bound,
        "gap": None if report.gap is None else round(report.gap, 4),
        "seconds": round(report.seconds, 2),
        "build_seconds": round(build_seconds, 2),
        "uncovered_sessions": sum(u.short for u in report.uncovered_sessions),
        "checker_ok": None if check is None else check.ok,
        "checker_objective": None if check is None else check.objective,
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _in_subprocess(patients: int | None, weeks: int, time_limit: float, workers: int, lns: bool) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.site_scale", "--case", str(patients or 0), "--weeks", str(weeks),
               "--time-limit", str(time_limit), "--workers", str(workers)] + (["--lns"] if lns else [])
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(done.stdout.strip().splitlines()[-1])


@click.command()
@click.option("--time-limit", type=float, default=60.0, show_default=True, help="Seconds per case.")
@click.option("--workers", type=int, default=1, show_default=True,
              help="CP-SAT workers (1, deterministic, is what `pch-workforce plan` runs).")
@click.option("--sizes", default="30000,50000,100000,200000", show_default=True)
@click.option("--weeks", "weeks_list", default="4,8,12", show_default=True)
@click.option("--lns", is_flag=True, help='Solve with SolveOptions(strategy="repair").')
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=RESULTS, show_default=True)
@click.option("--case", type=int, default=None, hidden=True, help="Run one case here (0 = the shipped site).")
def main(time_limit: float, workers: int, sizes: str, weeks_list: str, lns: bool, output: Path,
         case: int | None) -> None:
    if case is not None:
        click.echo(json.dumps(run_case(case or None, int(weeks_list), time_limit, workers, lns)))
        return
    rows = [_in_subprocess(None, 4, time_limit, workers, lns)]
    click.echo(_line(rows[0]))
    for patients in (int(s) for s in sizes.split(",")):
        for weeks in (int(w) for w in weeks_list.split(",")):
            rows.append(_in_subprocess(patients, weeks, time_limit, workers, lns))
            click.echo(_line(rows[-1]))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({
        "benchmark": "site_scale", "time_limit_seconds": time_limit, "workers": workers, "lns": lns,
        "ortools": ortools.__version__, "python": platform.python_version(), "machine": platform.machine(),
        "cpus": __import__("os").cpu_count(), "results": rows}, indent=2) + "\n")
    click.echo(f"wrote {output}")


def _line(row: dict[str, Any]) -> str:
    gap = "n/a" if row["gap"] is None else f"{row['gap']:.1%}"
    first = "none" if row["seconds_to_first_rota"] is None else f"{row['seconds_to_first_rota']:.1f}s"
    if row["first_rota_from"] == "warm start":
        first += " (warm start)"
    return (f"{row['case']:<42} {row['weeks']:>2} wk {row['people']:>4} people  {row['status']:<10} "
            f"first {first:>7}  objective {row['objective']}  bound {row['best_bound']}  gap {gap}  "
            f"{row['seconds']:.0f}s  {row['peak_memory_mb']:.0f} MB  uncovered {row['uncovered_sessions']}  "
            f"checker {'ok' if row['checker_ok'] else row['checker_ok']}")


if __name__ == "__main__":
    main()

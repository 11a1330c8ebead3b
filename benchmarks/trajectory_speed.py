"""Trajectory solve speed on the shipped scenarios (a benchmark figure, never a timed test).

    python -m benchmarks.trajectory_speed [--years N] [--repeats N]

For each ``scenarios/*.xlsx`` and each case (central, low, high): the time to build the years'
problems (demand and the mix problem per year) and the time HiGHS takes to solve all three
lexicographic stages, with the status of each. Issue 21's target is a five-year trajectory proven
optimal in under 2 s on 2 cores. Writes ``benchmarks/results/trajectory.json``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from pathlib import Path

import click
import ortools

from pch_workforce.scenario.loader import load_scenario
from pch_workforce.trajectory.inputs import CASE_NAMES, trajectory_problem
from pch_workforce.trajectory.solve import solve_trajectory

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results" / "trajectory.json"


@click.command()
@click.option("--years", default=5, show_default=True)
@click.option("--repeats", default=3, show_default=True)
def main(years: int, repeats: int) -> None:
    rows = []
    for path in sorted((REPO / "scenarios").glob("*.xlsx")):
        loaded = load_scenario(path)
        for case in CASE_NAMES:
            started = time.perf_counter()
            problem = trajectory_problem(loaded, years, case)
            build = time.perf_counter() - started
            runs = [solve_trajectory(problem) for _ in range(repeats)]
            solve = statistics.median(r.solve_seconds for r in runs)
            result = runs[0]
            rows.append({"scenario": path.name, "case": case, "years": years, "status": result.status.value,
                         "stages": [{"stage": s.stage, "status": s.status.value, "objective": s.objective}
                                    for s in result.stages],
                         "build_seconds": round(build, 3), "solve_seconds_median": round(solve, 3)})
            click.echo(f"{path.name:<24} {case:<8} {years} years  {result.status.value:<10} build {build:5.2f} s  "
                       f"solve {solve:5.2f} s (median of {repeats})")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                               "ortools": ortools.__version__}, "runs": rows}, indent=2) + "\n")
    click.echo(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()

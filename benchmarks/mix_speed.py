"""Mix solve speed and plausibility on the shipped scenarios (a benchmark figure, never a timed test).

    python -m benchmarks.mix_speed [--repeats N]

For each ``scenarios/*.xlsx``: demand once, then the lexicographic mix ``--repeats`` times
(marginal values off, the figure the target "proven optimal in under 1 s" is about), then once
with marginal values (every re-solve timed apart). Prints status, objective, bound and times per
stage, and FTE per 10,000 patients by staff group, and writes ``benchmarks/results/mix.json``.
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

from pch_workforce.demand import compute_demand
from pch_workforce.mix import Mix, MixOptions, mix_input_from_demand, mix_violations, problem_from_inputs
from pch_workforce.mix.stage import solve_mix_problem
from pch_workforce.scenario.loader import load_scenario

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results" / "mix.json"
GENERAL_PRACTICE_EMPLOYERS = {"practice", "pcn"}


def per_10k(mix: Mix, employers: dict[str, str], only_general_practice: bool) -> dict[str, float]:
    """FTE per 10,000 patients by care-model staff group, optionally only practice- and PCN-employed roles."""
    totals: dict[str, float] = {}
    for role in mix.roles:
        if only_general_practice and employers[role.role] not in GENERAL_PRACTICE_EMPLOYERS:
            continue
        totals[role.staff_group] = totals.get(role.staff_group, 0.0) + role.fte
    totals["total"] = sum(totals.values())
    return {group: round(fte * 10_000 / mix.population, 2) for group, fte in sorted(totals.items())}


def bench_scenario(path: Path, repeats: int) -> dict[str, object]:
    loaded = load_scenario(path)
    demand = mix_input_from_demand(compute_demand(loaded.scenario, loaded.care_model))
    problem = problem_from_inputs(loaded.scenario, loaded.care_model, demand)
    fast = MixOptions(marginals=False)
    walls, mixes = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        mixes.append(solve_mix_problem(problem, fast))
        walls.append(time.perf_counter() - started)
    full = solve_mix_problem(problem, MixOptions())
    mix = mixes[-1]
    assert not mix_violations(problem, mix), mix_violations(problem, mix)
    employers = {r.role: r.employer.value for r in loaded.scenario.roles}
    return {
        "scenario": path.name,
        "population": mix.population,
        "status": mix.report.status.value.upper(),
        "same_plan_every_run": all(m.model_dump(exclude={"report"}) == mix.model_dump(exclude={"report"})
                                   for m in mixes),
        "stages": [{"stage": s.stage, "unit": s.unit, "status": s.status.value.upper(), "objective": s.objective,
                    "best_bound": s.best_bound, "solver_seconds": s.seconds} for s in mix.report.stages],
        "wall_seconds_min": min(walls),
        "wall_seconds_median": statistics.median(walls),
        "wall_seconds_max": max(walls),
        "marginal_resolves": len(full.marginals),
        "marginal_seconds": full.report.marginal_seconds,
        "cost_per_year": mix.cost_per_year,
        "workforce_budget_per_year": mix.workforce_budget_per_year,
        "unmet_hours_per_week": mix.unmet_hours_per_week,
        "demand_hours_per_week": mix.demand_hours_per_week,
        "binding": list(mix.binding_names),
        "fte": {r.role: r.fte for r in mix.roles},
        "fte_per_10000_by_staff_group": per_10k(mix, employers, only_general_practice=False),
        "fte_per_10000_practice_and_pcn_employed": per_10k(mix, employers, only_general_practice=True),
    }


@click.command()
@click.option("--repeats", default=5, show_default=True, help="Timed solves per scenario.")
def main(repeats: int) -> None:
    results = []
    for path in sorted((REPO / "scenarios").glob("*.xlsx")):
        row = bench_scenario(path, repeats)
        results.append(row)
        click.echo(f"{row['scenario']}: {row['status']}, wall {row['wall_seconds_median']:.3f} s median "
                   f"({row['wall_seconds_min']:.3f}-{row['wall_seconds_max']:.3f}) over {repeats} runs; "
                   f"{row['marginal_resolves']} marginal re-solves {row['marginal_seconds']:.3f} s")
        for stage in row["stages"]:  # type: ignore[union-attr]
            click.echo(f"  {stage['stage']:<22} {stage['status']:<8} objective {stage['objective']:,.3f} "
                       f"bound {stage['best_bound']:,.3f} ({stage['unit']}) solver {stage['solver_seconds']:.4f} s")
        click.echo(f"  cost £{row['cost_per_year']:,.0f} of £{row['workforce_budget_per_year']:,.0f}; unmet "
                   f"{row['unmet_hours_per_week']:.1f} of {row['demand_hours_per_week']:.1f} h/wk")
        click.echo(f"  FTE per 10,000: {row['fte_per_10000_by_staff_group']}; practice+PCN employed "
                   f"{row['fte_per_10000_practice_and_pcn_employed']}")
    payload = {
        "benchmark": "mix_speed",
        "ortools": ortools.__version__,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "repeats": repeats,
        "results": results,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    click.echo(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()

"""A small Python API for planners who script: load a scenario, plan it, get the tables as DataFrames.

    >>> from pch_workforce import api
    >>> site = api.load("scenarios/north-coast-pch.xlsx")
    >>> plan = api.plan(site, weeks=1)
    >>> frames = api.to_frames(plan)
    >>> frames["mix"][["role", "fte", "budget_cost_per_year"]]

Each stage's table is one tidy DataFrame (one row per observation, units in the column names' suffix):
``demand`` (service x practice), ``mix`` (role), ``trajectory`` (year x role, central case) and
``rota`` (one row per assignment). Errors are the CLI's: ``InputError`` with every problem and its
cell, ``InfeasiblePlanError`` with what blocks the plan.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pch_workforce.plan.model import Plan, PlanOptions
from pch_workforce.scenario.loader import LoadedScenario, load_scenario

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["load", "plan", "to_frames", "demand_frame", "mix_frame", "trajectory_frame", "rota_frame"]


def load(path: str | Path) -> LoadedScenario:
    """Read and check a scenario workbook with its care model (InputError lists every problem)."""
    return load_scenario(Path(path))


def plan(site: LoadedScenario | str | Path, weeks: int | None = None, deterministic_limit: float = 20.0,
         time_limit: float = 120.0, seed: int = 0, trajectory_years: int = 5,
         history: str | Path | None = None) -> Plan:
    """Demand, mix, rota (reproducible at a deterministic limit) and the years ahead, as `pch-workforce plan`;
    ``history``: the previous period's plan workbook, as ``--history`` (InputError if it cannot be read)."""
    from pch_workforce.plan.history import read_previous_period
    from pch_workforce.plan.run import build_plan  # the solvers load only when a plan is made

    loaded = site if isinstance(site, LoadedScenario) else load(site)
    counts = None if history is None else read_previous_period(Path(history), loaded.scenario).counts
    return build_plan(loaded, PlanOptions(time_limit=time_limit, deterministic_time_limit=deterministic_limit,
                                          seed=seed, weeks=weeks, trajectory_years=trajectory_years),
                      history=counts)


def to_frames(result: Plan) -> dict[str, pd.DataFrame]:
    """Every stage's table: ``demand``, ``mix``, ``trajectory`` (empty without one) and ``rota``."""
    return {"demand": demand_frame(result), "mix": mix_frame(result), "trajectory": trajectory_frame(result),
            "rota": rota_frame(result)}


def demand_frame(result: Plan) -> pd.DataFrame:
    import pandas as pd

    names = dict(result.demand.service_names)
    return pd.DataFrame([{"practice": line.practice, "service": line.service, "service_name": names.get(line.service),
                          "appointments_per_year": line.appointments_per_year,
                          "attended_per_year": line.attended_per_year, "hours_per_week": line.hours_per_week}
                         for line in result.demand.lines])


def mix_frame(result: Plan) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame([{"role": r.role, "name": r.name, "staff_group": r.staff_group, "fte": r.fte,
                          "existing_fte": r.existing_fte, "sessions_per_week": r.sessions,
                          "cost_per_year": r.cost_per_year, "budget_cost_per_year": r.budget_cost_per_year,
                          "arrs_reimbursement_per_year": r.arrs_reimbursement_per_year,
                          "clinical_hours_per_week": r.clinical_hours_per_week} for r in result.mix.roles])


def trajectory_frame(result: Plan) -> pd.DataFrame:
    import pandas as pd

    columns = ["year", "role", "fte", "hires", "arrivals", "leavers", "qualifying", "reductions", "cost_per_fte"]
    if result.trajectory is None:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame([{"year": y.year, "role": role, "fte": fte, "hires": y.hires_by_role[role],
                          "arrivals": y.arrivals_by_role[role], "leavers": y.leavers_by_role[role],
                          "qualifying": y.qualifying_by_role[role], "reductions": y.reductions_by_role[role],
                          "cost_per_fte": y.cost_per_fte_by_role[role]}
                         for y in result.trajectory.central.years for role, fte in y.fte_by_role.items()],
                        columns=columns)


def rota_frame(result: Plan) -> pd.DataFrame:
    import pandas as pd

    rota = result.rota_report.rota
    assert rota is not None, "a Plan always carries a rota"
    people = {p.staff_id: p for p in result.rota.people}
    shifts = result.rota.problem.shift_by_id
    return pd.DataFrame([{"date": result.rota.dates[a.day], "session": a.shift_id, "practice": a.location_id,
                          "staff_id": a.staff_id, "name": people[a.staff_id].name, "role": people[a.staff_id].role,
                          "planned_post": people[a.staff_id].vacancy,
                          "hours": shifts[a.shift_id].length_minutes / 60} for a in rota.assignments])

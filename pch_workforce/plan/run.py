"""Run the pipeline for one scenario: demand → mix → rota → checked Plan. Pure apart from the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pch_workforce import __version__
from pch_workforce.demand import Demand, compute_demand
from pch_workforce.errors import InfeasiblePlanError
from pch_workforce.mix import Mix, MixOptions, mix_input_from_demand, solve_mix
from pch_workforce.pch_rota import History, PchRota, build_pch_rota, check_contracts
from pch_workforce.plan.model import Plan, PlanOptions
from pch_workforce.plan.post_homes import role_need_by_practice
from pch_workforce.plan.summary_json import stopped_by
from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.problem import Problem as RotaEngineProblem
from pch_workforce.rota.report import RotaReport
from pch_workforce.rota.solve import Progress, SolveOptions, solve
from pch_workforce.scenario.loader import LoadedScenario
from pch_workforce.solve_report import SolveStatus
from pch_workforce.trajectory.run import TrajectoryRun, run_trajectory

RotaProgress = Callable[[Progress], None]


def build_plan(loaded: LoadedScenario, options: PlanOptions = PlanOptions(),
               on_stage: Callable[[str], None] | None = None,
               on_rota_progress: RotaProgress | None = None, history: History | None = None,
               mix_marginals: bool = True) -> Plan:
    """Every stage in order; InfeasiblePlanError (exit 3) says which stage is blocked and why. ``history``:
    each person's evenings and Saturdays in the previous rota period, which the fairness rule counts;
    ``mix_marginals``: see :func:`rota_problem`."""
    tell = on_stage or (lambda _stage: None)
    demand, mix, pch = rota_problem(loaded, options.weeks, tell, history, mix_marginals)
    blocked = check_contracts(pch)
    if blocked:
        raise InfeasiblePlanError("rota", blocked)
    report = solved_rota(pch.problem, rota_solve_options(options, on_rota_progress))
    if options.trajectory_years > 0:
        tell("trajectory")
    return Plan(loaded=loaded, demand=demand, mix=mix, rota=pch, rota_report=report,
                rota_check=check_rota(pch.problem, report.rota), options=options, tool_version=__version__,
                created=dt.datetime.now().replace(microsecond=0), trajectory=years_ahead(loaded, options))


def solved_rota(problem: RotaEngineProblem, options: SolveOptions) -> RotaReport:
    """Solve the rota; InfeasiblePlanError (exit 3) when there is no rota, with the hard rules behind it or
    the limits that stopped the search first."""
    report = solve(problem, options)
    if report.rota is None:
        if report.status is SolveStatus.INFEASIBLE:
            raise InfeasiblePlanError("rota", [reason.message for reason in report.infeasibility]
                                      or ["the hard rota rules conflict"])
        raise InfeasiblePlanError("rota", [
            f"the search stopped after {report.seconds:.0f} s ({report.status.value}, stopped by: "
            f"{stopped_by(report)}) before it found a first rota; this is not a proof that none exists: "
            "raise --time-limit and --deterministic-limit, or check the rota rules"])
    return report


def years_ahead(loaded: LoadedScenario, options: PlanOptions) -> TrajectoryRun | None:
    """The Trajectory sheet's years (None when the care model has no [trajectory] or none are asked for)."""
    if loaded.care_model.trajectory is None or options.trajectory_years <= 0:
        return None
    return run_trajectory(loaded, options.trajectory_years, require_central=False)


def rota_problem(loaded: LoadedScenario, weeks: int | None, tell: Callable[[str], None] = lambda _stage: None,
                 history: History | None = None, mix_marginals: bool = True) -> tuple[Demand, Mix, PchRota]:
    """Demand, the mix and the rota problem a plan solves: the same every time for the same scenario
    (the mix is solved to proven optimality), so a later command can rebuild a plan's rota problem.
    ``mix_marginals=False`` skips the mix's marginal values (the Explain sheet's re-solves), which
    change neither the mix nor the rota problem, for a command that writes no Explain sheet."""
    scenario, care_model = loaded.scenario, loaded.care_model
    tell("demand")
    demand = compute_demand(scenario, care_model)
    tell("mix")
    mix = solve_mix(scenario, care_model, mix_input_from_demand(demand), MixOptions(marginals=mix_marginals))
    tell("rota")
    return demand, mix, pch_problem(loaded, demand, mix, weeks, history)


def pch_problem(loaded: LoadedScenario, demand: Demand, mix: Mix, weeks: int | None,
                history: History | None = None) -> PchRota:
    """The rota problem for a scenario's demand and mix (a re-plan rebuilds it with added leave, and the
    history the plan was made with)."""
    return build_pch_rota(loaded.scenario, loaded.care_model, loaded.rota_policy, planned_fte=mix.planned_fte,
                          weeks=weeks, room_shares={role.role: role.room_share for role in mix.roles},
                          need=role_need_by_practice(loaded.scenario, demand, mix), history=history)


def rota_solve_options(options: PlanOptions, on_progress: RotaProgress | None = None) -> SolveOptions:
    """The rota engine's settings for a plan: deterministic when a deterministic limit is set."""
    return SolveOptions(time_limit=options.time_limit, deterministic_time_limit=options.deterministic_time_limit,
                        workers=options.workers, seed=options.seed, strategy="repair" if options.lns else "auto",
                        deterministic=options.deterministic_time_limit is not None,
                        progress_callback=on_progress)

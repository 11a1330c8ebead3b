"""The staff mix: which team, doing what, at what cost, inside the capitated budget, and why.

Public API::

    solve_mix(scenario, care_model, demand: MixDemand, options=MixOptions()) -> Mix
    solve_mix_problem(problem: MixProblem, options=MixOptions()) -> Mix
    problem_from_inputs(scenario, care_model, demand) -> MixProblem
    mix_input_from_demand(demand) -> MixDemand

A MathOpt MIP solved by HiGHS, lexicographically (weighted unmet hours, then budget cost);
see ``model.py`` for the formulation and the solver choice, ``explain.py`` for binding rules
and marginal values.
"""

from pch_workforce.mix.problem import DeliveryTerms, MixDemand, MixProblem, RoleTerms, ServiceTerms, problem_from_inputs
from pch_workforce.mix.result import (
    Allocation,
    Binding,
    Marginal,
    Mix,
    MixReport,
    RoleMix,
    ServiceMix,
    StageReport,
    SupervisionHours,
)
from pch_workforce.mix.checker import mix_violations
from pch_workforce.mix.demand_input import mix_input_from_demand
from pch_workforce.mix.solve import MixOptions
from pch_workforce.mix.stage import solve_mix, solve_mix_problem

__all__ = [
    "Allocation",
    "Binding",
    "DeliveryTerms",
    "Marginal",
    "Mix",
    "MixDemand",
    "MixOptions",
    "MixProblem",
    "MixReport",
    "RoleMix",
    "RoleTerms",
    "ServiceMix",
    "ServiceTerms",
    "StageReport",
    "SupervisionHours",
    "mix_input_from_demand",
    "mix_violations",
    "problem_from_inputs",
    "solve_mix",
    "solve_mix_problem",
]

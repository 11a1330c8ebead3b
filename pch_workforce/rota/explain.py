"""Name the hard rules behind an infeasible rota problem, in words a planner reads."""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from pch_workforce.rota.model import BuildOptions, BuiltModel, build_model
from pch_workforce.rota.options import SolveOptions
from pch_workforce.rota.problem import Problem
from pch_workforce.rota.report import InfeasibilityReason


def explain_infeasibility(problem: Problem, options: SolveOptions) -> list[InfeasibilityReason]:
    """Name a small set of hard rules that cannot all hold together.

    CP-SAT's sufficient assumptions give a core; a deletion pass then drops every rule whose
    removal keeps the rest infeasible, so the planner sees a minimal-ish set of reasons. The
    whole explanation shares one ``explain_time_limit``: on a large site, where each trial
    can be slow, the pass stops when it runs out and returns the core as far as it got
    (still a set of rules that cannot all hold)."""
    deadline = time.perf_counter() + options.explain_time_limit
    bm = build_model(problem, BuildOptions(explain=True))
    bm.model.clear_objective()
    core = _core(bm, [lit for lit, _ in bm.rule_literals.values()], options, deadline)
    if core is None:
        return []
    i = 0
    while i < len(core) and time.perf_counter() < deadline:
        trial = core[:i] + core[i + 1 :]
        smaller = _core(bm, trial, options, deadline)
        if smaller is not None:
            core = smaller if len(smaller) < len(trial) else trial
        else:
            i += 1
    return [
        InfeasibilityReason(rule=ref.rule, subject=ref.subject, message=ref.message)
        for lit in core
        for ref in [bm.rule_literals[lit.index][1]]
    ]


def _core(bm: BuiltModel, assumptions: list, options: SolveOptions, deadline: float) -> list | None:
    """The sufficient assumptions if proved infeasible under ``assumptions`` before
    ``deadline``, else None (feasible, or not decided in time)."""
    bm.model.clear_assumptions()
    bm.model.add_assumptions(assumptions)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = options.seed
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
    if solver.solve(bm.model) != cp_model.INFEASIBLE:
        return None
    found = set(solver.sufficient_assumptions_for_infeasibility())
    return [lit for lit in assumptions if lit.index in found]


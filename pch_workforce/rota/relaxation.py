"""A lower bound on the rota objective from a small relaxation: the unsocial sessions alone.

The fairness rule's cost comes from whole sessions: a group whose only members able to take the
GP evening at the hub are on different contracts cannot share it exactly, and a 1-session post
in a group holds its lowest load at 0. CP-SAT's LP sees fractional sessions, spreads them pro
rata and prices the rule near 0, so its bound stays well below the optimum wherever the
penalties are whole-session effects (evening and Saturday fairness, MDT sessions away from
home).

The relaxation keeps only the *unsocial sessions*: every (day, shift) a fairness group counts,
plus every session of a non-clinical shift (the MDT), and every hard rule that involves only
those sessions or is implied on them (availability, skills, sessions a day, the weekly session
cap and maximum minutes -- other sessions only add to both --, maximum consecutive days,
weekends, per-type caps, successions, supervision). It drops the rules other sessions can satisfy
(minimum minutes and sessions, minimum runs), every penalty of other sessions, and a re-plan's
previous rota and fixed assignments (the change penalty and pins, mostly on other sessions). A
fairness group's history (sessions worked in the previous period) is kept: it is a constant every
rota carries alike, so the fairness penalty of the kept sessions is the full one. The rota
restricted to these sessions is feasible here and pays here exactly its penalties on them, so
the relaxation's optimum (or its proven bound) is at most the full objective: a valid bound.
Solved exactly it is small (a few thousand variables on a PCH site, solved in a fraction of a
deterministic unit), where the whole model needs its search to see the same whole-session
effects.
"""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from pch_workforce.rota.problem import DayShift, Problem


def unsocial_sessions(problem: Problem) -> set[tuple[int, str]]:
    """(day, shift id) of every session a fairness group counts, and of every non-clinical shift."""
    sessions = set()
    for day in problem.days:
        for shift in problem.shift_types:
            if not shift.clinical or any(g.counts(day, shift.id) for g in problem.fairness_groups):
                sessions.add((day, shift.id))
    return sessions


def relaxed_problem(problem: Problem, keep: set[tuple[int, str]]) -> Problem:
    """``problem`` with every session outside ``keep`` unavailable to everyone, and without the
    rules and penalties that only other sessions could meet (see the module docstring)."""
    others = frozenset(
        DayShift(day=d, shift_id=s.id) for d in problem.days for s in problem.shift_types if (d, s.id) not in keep
    )
    staff = tuple(
        s.model_copy(update={
            "unavailable_shifts": s.unavailable_shifts | others,
            "contract": s.contract.model_copy(update={
                "min_sessions_per_week": None, "min_minutes": None,
                "min_consecutive_days": None, "min_consecutive_days_off": None,
            }),
        })
        for s in problem.staff
    )
    return problem.model_copy(update={
        "staff": staff,
        "cover": tuple(c for c in problem.cover if (c.day, c.shift_id) in keep),
        "requests": tuple(q for q in problem.requests if q.shift_id is not None and (q.day, q.shift_id) in keep),
        # the previous rota and fixed assignments lie mostly outside ``keep``: dropping a rule and
        # its penalties keeps the bound valid, keeping them would price sessions it cannot see
        "previous": None,
        "fixed_on": (),
        "fixed_off": (),
    })


def unsocial_sessions_floor(problem: Problem, deterministic_limit: float = 2.0, seed: int = 0) -> int:
    """A lower bound on any rota's objective: the relaxation's optimum, or its bound if the
    limit stops it first (0 when there is no fairness rule or nothing to keep)."""
    from pch_workforce.rota.model import build_model  # model imports nothing from here

    if not problem.fairness_groups:
        return 0
    keep = unsocial_sessions(problem)
    if not keep:
        return 0
    bm = build_model(relaxed_problem(problem, keep))
    if not bm.penalties:
        return 0
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = deterministic_limit
    solver.parameters.catch_sigint_signal = False
    status = solver.solve(bm.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return 0  # infeasible cannot happen for a relaxation of a feasible model; unknown: no bound
    return max(0, math.ceil(solver.best_objective_bound - 1e-6))

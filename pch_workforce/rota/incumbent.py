"""The one value a solve's phases hand each other: the best rota so far, its objective, the
best bound, the work spent and why the last phase stopped.

A rota is held as ``solution``, the value of every variable of the model it was found on
(assignments and the penalty counts that price them), exactly as the CP-SAT run or LNS
sub-solve that found it reported it, so reading the rota and its costs back needs no solver.

The model defines each penalty count only by constraints, as at least what the rota forces; a
proved optimum meets them tightly, but a search stopped by a limit (CP-SAT's, or an LNS
sub-solve's) may leave slack in its last answer (a count above what the rota forces), so such a
rota is marked not ``exact`` and the report prices it again with :func:`evaluate`: a report
never states a rota's cost above what it is.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model
from ortools.sat.python import cp_model_helper as cmh

from pch_workforce.rota.model import BuiltModel, Expr
from pch_workforce.rota.problem import Assignment, Rota
from pch_workforce.rota.report import StoppedBy
from pch_workforce.solve_report import SolveStatus

Key = tuple[str, int, str, str]  # staff, day, shift, location: one assignment variable


@dataclass(frozen=True)
class Incumbent:
    """Where a solve stands. ``solution`` (None while there is no rota; ``status`` then says
    whether none exists or none was found yet) lists the values of ``bm``'s variables."""

    bm: BuiltModel = field(compare=False, repr=False)
    status: SolveStatus
    solution: tuple[int, ...] | None = None
    objective: int | None = None
    bound: float | None = None  # the best proven lower bound on the objective, if any
    deterministic_time: float = 0.0  # CP-SAT work spent by every phase so far
    stopped_by: StoppedBy | None = None  # why the last phase stopped (None: it ran its course)
    exact: bool = True  # False: the penalty counts may hold slack (a search stopped by a limit)

    @property
    def has_rota(self) -> bool:
        return self.solution is not None

    def spent(self, deterministic_time: float) -> Incumbent:
        """This incumbent with ``deterministic_time`` more work charged to it."""
        return replace(self, deterministic_time=self.deterministic_time + deterministic_time)

    def meets(self, bound: float | None) -> bool:
        """True when the rota's objective is at or below ``bound`` (it is then optimal)."""
        return bound is not None and self.objective is not None and self.objective <= bound

    def settled(self, bound: float | None, stopped_by: StoppedBy | None) -> Incumbent:
        """This rota with ``bound``: optimal if already proved or if it meets the bound, else
        feasible, the last phase having stopped for ``stopped_by``."""
        done = self.status is SolveStatus.OPTIMAL or self.meets(bound)
        return replace(
            self,
            bound=bound,
            status=SolveStatus.OPTIMAL if done else SolveStatus.FEASIBLE,
            stopped_by=StoppedBy.OPTIMAL if done else stopped_by,
        )

    def values(self) -> dict[Key, int]:
        """Every assignment variable's value in the rota (what the LNS works on)."""
        assert self.solution is not None, "no rota to read"
        return {key: self.solution[x.index] for key, x in self.bm.x.items()}

    def rota(self) -> Rota:
        """The rota, in the order of the model's assignment variables."""
        assert self.solution is not None, "no rota to read"
        return Rota(assignments=tuple(
            Assignment(staff_id=s, day=d, shift_id=sh, location_id=loc)
            for (s, d, sh, loc), x in self.bm.x.items()
            if self.solution[x.index]
        ))

    def reading(self) -> Reading:
        assert self.solution is not None, "no rota to read"
        return Reading(self.solution)


class Reading:
    """Reads values out of a ``solution``, as a solver would from its response."""

    def __init__(self, solution: tuple[int, ...]) -> None:
        self._response = cmh.CpSolverResponse()
        self._response.solution.extend(solution)

    def value(self, expr: Expr) -> int:
        return cmh.ResponseHelper.value(self._response, expr)

    def boolean_value(self, literal: cp_model.IntVar) -> bool:
        return cmh.ResponseHelper.boolean_value(self._response, literal)


def values_of(bm: BuiltModel, chosen: Collection[Key]) -> dict[Key, int]:
    """Every assignment variable's value when exactly the keys in ``chosen`` are worked."""
    return {key: int(key in chosen) for key in bm.x}


def priced(incumbent: Incumbent) -> Incumbent:
    """``incumbent`` with its rota's exact costs (see :func:`evaluate`), if they may hold slack."""
    if incumbent.exact or incumbent.solution is None:
        return incumbent
    exact = evaluate(incumbent.bm, incumbent.rota().keys())
    assert exact is not None, "a rota from the LNS keeps every hard rule"
    return replace(incumbent, solution=exact.solution, objective=exact.objective, exact=True)


def from_cp_sat(bm: BuiltModel, solver: cp_model.CpSolver, status: SolveStatus, stopped_by: StoppedBy) -> Incumbent:
    """What one CP-SAT run on ``bm`` (or a copy of its model) found; the bound is what the run
    proved, with or without a rota."""
    found = Incumbent(
        bm=bm, status=status, bound=solver.best_objective_bound,
        deterministic_time=solver.deterministic_time, stopped_by=stopped_by,
    )
    if not status.has_solution:
        return found
    return replace(
        found,
        solution=tuple(solver.response_proto.solution),
        objective=round(solver.objective_value),
        exact=status is SolveStatus.OPTIMAL,
    )


def evaluate(bm: BuiltModel, chosen: Collection[Key]) -> Incumbent | None:
    """The rota that works exactly the keys in ``chosen``, priced exactly, or None if it breaks
    a hard rule: for a rota found outside the whole model (a warm start, a caller's hint, the
    decomposition's own searches) or one whose counts may hold slack (not ``exact``).

    The model defines each penalty count only through constraints on the assignments, so its
    least value for a given rota is what CP-SAT finds with every assignment fixed: one run on a
    copy of the model with their domains pinned, which presolve settles."""
    pinned = bm.model.clone()
    pinned.clear_hints()
    for key, value in values_of(bm, chosen).items():
        domain = pinned.proto.variables[bm.x[key].index].domain
        domain.clear()
        domain.extend([value, value])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.catch_sigint_signal = False  # Ctrl-C is for the caller, not this quick read
    status = SolveStatus.from_cp_sat(solver.solve(pinned))
    if not status.has_solution:
        return None
    return Incumbent(
        bm=bm,
        status=SolveStatus.FEASIBLE,
        solution=tuple(solver.response_proto.solution),
        objective=round(solver.objective_value),
    )

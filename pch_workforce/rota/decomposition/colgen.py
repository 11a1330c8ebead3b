"""Column generation over personal rotas: a strong lower bound and near-optimal rotas.

Every hard rule concerns one person, and the soft rules that couple people are the cover
lines (and fairness, which this method does not handle). So the rota problem decomposes
(Dantzig-Wolfe): a *column* is one person's whole rota, feasible for all of their hard rules;
the *master* picks one column per person and pays for cover short or over.

* The master's LP (GLOP) prices cover: its dual on a cover line says what one more person
  there is worth.
* Each person's *pricing* problem is that person's own CP-SAT model (built by the same rule
  functions as the full model) with the cover duals as rewards; a rota with negative reduced
  cost becomes a new column.
* At any round the duals give a valid Lagrangian lower bound (each pricing solve's best bound
  is used, so it needs no proof of optimality); on rostering benchmarks this bound is far
  tighter than the compact model's LP, which is what proves the harder instances.
* The LP solution (how much of each assignment the columns use) guides the rota search in
  :mod:`.strategy`: assignments it decides are fixed for a CP-SAT solve
  (:func:`fix_from_lp`), and the LNS looks where the rota departs from it.

Duals are rounded to multiples of ``1/SCALE`` and the pricing objective is scaled by
``SCALE``, so each pricing solve is an exact integer problem and the bound is exact for the
rounded duals (any multipliers of the right signs give a valid Lagrangian bound).
"""

from __future__ import annotations

import itertools
import math
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from pch_workforce.rota.decomposition import labelling
from pch_workforce.rota.model import BuildOptions, BuiltModel, build_model
from pch_workforce.rota.problem import Problem, Staff

Key = tuple[str, int, str, str]
SCALE = 1000
SMOOTHING = 0.5
EPS = 1e-6


class NoOwnRota(Exception):
    """Someone has no rota that keeps their own hard rules (the full model explains why)."""


@dataclass(frozen=True)
class CoverRow:
    """One master row: ``sum(assigned) + under - over`` compared with ``rhs``."""

    sense: str  # "==", ">=" or "<="
    rhs: int
    under_cost: int  # cost of one unit of shortfall slack (>= rows and == rows)
    over_cost: int  # cost of one unit of excess slack (<= rows and == rows)
    under_max: int


@dataclass(frozen=True)
class Column:
    staff_id: str
    keys: frozenset[Key]
    cost: int  # the person's own soft-rule cost (requests, away from home, missed MDT)


@dataclass
class ColgenResult:
    """What column generation proved (``lower_bound``) and the LP it ended with."""

    lower_bound: float | None
    lp_value: float | None
    rounds: int
    lp_rota: dict[Key, float] = field(default_factory=dict)  # sum of lambda over columns
    engine: ColumnGeneration | None = None  # to carry on from (exact duals, state graphs)


@dataclass(frozen=True)
class ExactDuals:
    """LP-optimal cover duals (scaled, rounded) and the Lagrangian bound they prove."""

    rows: list[CoverRow]
    key_rows: dict[Key, list[int]]
    pis: list[int]
    reward: dict[Key, int]
    lagrangian: float
    lowest: dict[str, int]  # each person's cheapest scaled reduced cost at these duals


MAX_ASSIGNMENTS = 15_000  # see :func:`fits`
MAX_HORIZON_DAYS = 28


def fits(problem: Problem) -> bool:
    """Whether the decomposition (this module, :mod:`.labelling`, :mod:`.arcflow`,
    :mod:`.near_lp`) is worth starting: it supports the rules (:func:`supports`), the horizon is
    at most ``MAX_HORIZON_DAYS`` and there are at most ``MAX_ASSIGNMENTS`` possible assignments.
    Why a size guard: a state graph grows with the horizon times every limited count (minutes,
    weekends, capped shift types), so on longer horizons building the graphs costs most of the
    time limit and many people fall back to CP-SAT pricing, whose rounds cost seconds a person;
    such instances are better served by the per-person warm start and CP-SAT alone. The limits
    are those of the Curtois & Qu instances 1-12 the decomposition was built and tested on
    (at most 10,452 assignments over 28 days; the measurements beyond are in
    ``benchmarks/README.md``)."""
    if problem.horizon_days > MAX_HORIZON_DAYS or not supports(problem):
        return False
    allowed = itertools.islice(problem.iter_allowed(), MAX_ASSIGNMENTS + 1)  # stop counting past it
    return sum(1 for _ in allowed) <= MAX_ASSIGNMENTS


def supports(problem: Problem) -> bool:
    """Column generation handles every rule except fairness (with or without a previous period's
    history), room limits and supervision on site, which couple people beyond the cover lines,
    and a re-plan's pins and changes against a previous rota, which its state graphs do not
    count. A group of one, or of weight 0, costs nothing whatever its history, so it is no bar."""
    fairness = any(len(g.staff_ids) > 1 and g.weight > 0 for g in problem.fairness_groups)
    replan = problem.previous is not None or bool(problem.fixed_on) or bool(problem.fixed_off)
    return not problem.has_room_limits and not fairness and not problem.supervision and not replan


def cover_rows(problem: Problem) -> tuple[list[CoverRow], dict[Key, list[int]]]:
    """The master's rows and, for each assignment key, the rows it counts towards."""
    rows: list[CoverRow] = []
    hits: dict[tuple[int, str, str], list[tuple[str | None, int]]] = defaultdict(list)
    for r in problem.cover:
        if r.minimum == r.upper:
            rows.append(CoverRow("==", r.minimum, r.weight_under, r.weight_over, r.minimum))
            hits[r.day, r.shift_id, r.location_id].append((r.skill, len(rows) - 1))
            continue
        if r.minimum > 0:
            rows.append(CoverRow(">=", r.minimum, r.weight_under, 0, r.minimum))
            hits[r.day, r.shift_id, r.location_id].append((r.skill, len(rows) - 1))
        rows.append(CoverRow("<=", r.upper, 0, r.weight_over, 0))
        hits[r.day, r.shift_id, r.location_id].append((r.skill, len(rows) - 1))
    key_rows: dict[Key, list[int]] = {}
    for staff, day, shift, loc in problem.iter_allowed():
        key_rows[staff.id, day, shift.id, loc] = [
            i for skill, i in hits.get((day, shift.id, loc), []) if skill is None or skill in staff.skills
        ]
    return rows, key_rows


class _Pricer:
    """One person's own CP-SAT model, re-solved with new cover rewards each round."""

    def __init__(self, problem: Problem, staff: Staff, seed: int) -> None:
        sub = problem.for_person(staff)
        self.staff_id = staff.id
        self.bm: BuiltModel = build_model(sub, BuildOptions(pattern_flow=False))
        self.own_objective = self.bm.objective() if self.bm.penalties else 0
        self.seed = seed

    def price(self, reward: dict[Key, int], seconds: float, hint: frozenset[Key] | None) -> tuple[list[Column], int | None]:
        """Columns of negative scaled cost ``SCALE * own - reward`` and the solve's best bound."""
        m = self.bm.model
        m.minimize(SCALE * self.own_objective - sum(reward.get(k, 0) * x for k, x in self.bm.x.items()))
        if hint is not None:
            m.clear_hints()
            for k, x in self.bm.x.items():
                m.add_hint(x, k in hint)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.seed
        solver.parameters.max_time_in_seconds = seconds
        collector = _Collector(self.bm)
        status = solver.solve(m, collector)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return [], None if status != cp_model.INFEASIBLE else 10**18
        cols = [Column(self.staff_id, keys, cost) for keys, cost in collector.found]
        return cols, math.floor(solver.best_objective_bound + 1e-9)

    def own_cost(self, keys: frozenset[Key]) -> int:
        """A column's own cost, read by fixing the pricing model to it."""
        bm = self.bm
        fixed = bm.model.clone()
        fixed.clear_hints()
        fixed.minimize(bm.objective() if bm.penalties else 0)
        for k, x in bm.x.items():
            fixed.add(fixed.get_bool_var_from_proto_index(x.index) == int(k in keys))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        if solver.solve(fixed) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise ValueError(f"{self.staff_id}: the starting rota breaks their own hard rules")
        return round(solver.objective_value)


class _GraphPricer:
    """One person's state graph (:mod:`.labelling`): exact pricing in milliseconds."""

    def __init__(self, graph: labelling.PersonalGraph) -> None:
        self.graph = graph
        self.staff_id = graph.staff.id

    def price(self, reward: dict[Key, int], seconds: float, hint: frozenset[Key] | None) -> tuple[list[Column], int | None]:
        """The cheapest rota at ``reward`` and its exact scaled cost (the bound)."""
        found = self.graph.best(reward, SCALE)
        if found is None:
            return [], 10**18
        scaled, keys, own = found
        return [Column(self.staff_id, keys, own)], round(scaled)

    def own_cost(self, keys: frozenset[Key]) -> int:
        """A column's own cost, read off its path (ValueError if it breaks a hard rule)."""
        return self.graph.own_cost(keys)


def _pricer(problem: Problem, staff: Staff, seed: int, graph: bool = True) -> _Pricer | _GraphPricer:
    """The state-graph pricer where the person's graph is small enough (and ``graph``), else CP-SAT."""
    if not graph:
        return _Pricer(problem, staff, seed)
    try:
        return _GraphPricer(labelling.PersonalGraph(problem, staff))
    except labelling.Unsupported:
        return _Pricer(problem, staff, seed)


class _Collector(cp_model.CpSolverSolutionCallback):
    """Keeps every improving solution of a pricing solve (several columns per solve)."""

    def __init__(self, bm: BuiltModel) -> None:
        super().__init__()
        self.bm = bm
        self.found: list[tuple[frozenset[Key], int]] = []

    def on_solution_callback(self) -> None:
        keys = frozenset(k for k, x in self.bm.x.items() if self.boolean_value(x))
        cost = round(self.value(self.bm.objective())) if self.bm.penalties else 0
        self.found.append((keys, cost))


class _Master:
    """The restricted master LP over the columns found so far (GLOP, solved incrementally)."""

    def __init__(self, problem: Problem, rows: list[CoverRow], key_rows: dict[Key, list[int]]) -> None:
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        self.rows = rows
        self.key_rows = key_rows
        inf = self.solver.infinity()
        self.row_cons = []
        objective = self.solver.Objective()
        for i, r in enumerate(rows):
            lo, hi = {"==": (r.rhs, r.rhs), ">=": (r.rhs, inf), "<=": (-inf, r.rhs)}[r.sense]
            con = self.solver.Constraint(lo, hi, f"cover{i}")
            if r.sense in ("==", ">=") and r.under_max > 0:
                u = self.solver.NumVar(0, r.under_max, f"under{i}")
                con.SetCoefficient(u, 1)
                objective.SetCoefficient(u, r.under_cost)
            if r.sense in ("==", "<="):
                o = self.solver.NumVar(0, inf, f"over{i}")
                con.SetCoefficient(o, -1)
                objective.SetCoefficient(o, r.over_cost)
            self.row_cons.append(con)
        self.convexity = {s.id: self.solver.Constraint(1, 1, f"one[{s.id}]") for s in problem.staff}
        self.columns: list[Column] = []
        self.lambdas: list[pywraplp.Variable] = []
        self.seen: set[tuple[str, frozenset[Key]]] = set()
        objective.SetMinimization()

    def add(self, col: Column) -> bool:
        if (col.staff_id, col.keys) in self.seen:
            return False
        self.seen.add((col.staff_id, col.keys))
        var = self.solver.NumVar(0, self.solver.infinity(), f"lam{len(self.columns)}")
        self.solver.Objective().SetCoefficient(var, col.cost)
        self.convexity[col.staff_id].SetCoefficient(var, 1)
        counts: dict[int, int] = defaultdict(int)
        for k in col.keys:
            for i in self.key_rows.get(k, ()):
                counts[i] += 1
        for i, n in counts.items():
            self.row_cons[i].SetCoefficient(var, n)
        self.columns.append(col)
        self.lambdas.append(var)
        return True

    def lp_rota(self) -> dict[Key, float]:
        """The LP solution in assignment terms: how much of each (person, day, shift, place)."""
        out: dict[Key, float] = defaultdict(float)
        for col, lam in zip(self.columns, self.lambdas):
            v = lam.solution_value()
            if v > 1e-9:
                for k in col.keys:
                    out[k] += v
        return dict(out)

    def solve(self) -> tuple[float, list[float], dict[str, float]]:
        status = self.solver.Solve()
        if status != pywraplp.Solver.OPTIMAL:  # retry cold, without the incremental warm start
            cold = pywraplp.MPSolverParameters()
            cold.SetIntegerParam(cold.INCREMENTALITY, cold.INCREMENTALITY_OFF)
            status = self.solver.Solve(cold)
        if status != pywraplp.Solver.OPTIMAL:
            raise RuntimeError(f"master LP status {status}")
        duals = [c.dual_value() for c in self.row_cons]
        mus = {s: c.dual_value() for s, c in self.convexity.items()}
        return self.solver.Objective().Value(), duals, mus


def _rounded_duals(rows: list[CoverRow], duals: list[float]) -> list[int]:
    """Duals in units of 1/SCALE, clipped to signs and ranges that keep the bound valid."""
    out = []
    for r, d in zip(rows, duals):
        v = round(d * SCALE)
        if r.sense == ">=":
            v = min(max(v, 0), r.under_cost * SCALE)
        elif r.sense == "<=":
            v = max(min(v, 0), -r.over_cost * SCALE)
        else:
            v = min(max(v, -r.over_cost * SCALE), r.under_cost * SCALE)
        out.append(v)
    return out


def _blend(center: list[int], duals: list[int], weight: float) -> list[int]:
    """Wentges smoothing: duals pulled towards the stability centre (fewer, steadier rounds).
    A convex combination of valid multipliers is valid, so the bound stays valid."""
    return [round(weight * c + (1 - weight) * d) for c, d in zip(center, duals)]


def _rewards(key_rows: dict[Key, list[int]], pis: list[int]) -> dict[Key, int]:
    """What working each assignment earns at duals ``pis`` (scaled)."""
    out: dict[Key, int] = {}
    for k, idx in key_rows.items():
        v = sum(pis[i] for i in idx)
        if v:
            out[k] = v
    return out


def _slack_bound(rows: list[CoverRow], pis: list[int]) -> int:
    """Scaled sum over rows of ``pi * rhs + min over slack of (cost - pi * coef) * slack``."""
    total = 0
    for r, pi in zip(rows, pis):
        total += pi * r.rhs
        if r.sense in ("==", ">="):
            total += min(0, r.under_cost * SCALE - pi) * r.under_max
    return total


class ColumnGeneration:
    """The master, one pricer per person, and the columns found; ``converge`` prices until
    the LP is optimal (or proves all the bound it can)."""

    def __init__(
        self,
        problem: Problem,
        initial: dict[str, frozenset[Key]] | None = None,
        seed: int = 0,
        threads: int = 2,
        pricing_seconds: float = 2.0,
        deadline: float | None = None,
    ) -> None:
        """``deadline``: once it has passed, the people still without a pricer get CP-SAT's
        (quick to build) rather than a state graph, so building graphs cannot eat the time."""
        self.rows, self.key_rows = cover_rows(problem)
        self.master = _Master(problem, self.rows, self.key_rows)
        self.pricers = {
            s.id: _pricer(problem, s, seed, graph=deadline is None or time.perf_counter() < deadline)
            for s in problem.staff
        }
        self.threads = threads
        self.pricing_seconds = pricing_seconds
        self.lower_bound: float | None = None  # proven
        self.lp_value: float | None = None
        self.rounds = 0
        self._latest: dict[str, frozenset[Key] | None] = {s.id: (initial or {}).get(s.id) for s in problem.staff}
        for sid, keys in self._latest.items():
            if keys is not None:
                self.master.add(Column(sid, keys, self.pricers[sid].own_cost(keys)))
        for sid, keys in self._latest.items():  # no starting column: price at zero rewards
            if keys is None and not self._price_alone(sid):
                raise NoOwnRota(f"{sid}: no rota satisfies their own hard rules")

    def _price_alone(self, sid: str) -> bool:
        """Price ``sid`` at zero rewards; False if they have no rota at all."""
        cols, _ = self.pricers[sid].price({}, self.pricing_seconds, None)
        for c in cols:
            self.master.add(c)
        if cols:
            self._latest[sid] = cols[-1].keys
        return bool(cols)

    def converge(
        self,
        deadline: float,
        on_round: Callable[[int, float, float | None], None] | None = None,
    ) -> float:
        """Price until no column improves the LP, the LP cannot lift the integer bound any
        more, or time runs out; the best bound is kept in ``lower_bound``."""
        rows, key_rows = self.rows, self.key_rows
        center: list[int] | None = None  # duals of the best bound so far (stability centre)
        smoothing = SMOOTHING
        best: float | None = None
        with ThreadPoolExecutor(max_workers=self.threads) as pool:
            while time.perf_counter() < deadline:
                self.rounds += 1
                self.lp_value, duals, mus = self.master.solve()
                lp_pis = _rounded_duals(rows, duals)
                pis = lp_pis if center is None or smoothing == 0 else _blend(center, lp_pis, smoothing)
                lp_reward = _rewards(key_rows, lp_pis)
                reward = lp_reward if pis is lp_pis else _rewards(key_rows, pis)
                budget = max(0.05, min(self.pricing_seconds, deadline - time.perf_counter()))
                jobs = {
                    sid: pool.submit(pricer.price, reward, budget, self._latest[sid])
                    for sid, pricer in self.pricers.items()
                }
                lagrangian = _slack_bound(rows, pis)
                added, complete = 0, True
                for sid, job in jobs.items():
                    cols, bound = job.result()
                    if bound is None:
                        complete = False
                    else:
                        lagrangian += bound
                    added += self._add_improving(sid, cols, lp_reward, mus[sid])
                if complete and (best is None or lagrangian / SCALE > best):
                    best, center = lagrangian / SCALE, pis
                    self.lower_bound = best
                if on_round is not None:
                    on_round(self.rounds, self.lp_value, best)
                if best is not None and math.ceil(best - 1e-6) >= math.ceil(self.lp_value - 1e-6):
                    break  # the LP cannot lift the integer bound any more
                if added == 0:
                    if pis is lp_pis:
                        break  # no column prices out at the master's own duals: LP optimal
                    smoothing = 0.0  # mispricing: the next round prices at the master's duals
                else:
                    smoothing = SMOOTHING
        self.lp_value, _, _ = self.master.solve()
        return self.lp_value

    def lp_rota(self) -> dict[Key, float]:
        return self.master.lp_rota()

    def _add_improving(self, sid: str, cols: list[Column], lp_reward: dict[Key, int], mu: float) -> int:
        """Add the columns of negative reduced cost at the master's own duals (``lp_reward``
        and ``mu``, the person's convexity dual); remember the last as the person's latest."""
        added = 0
        for c in cols:
            scaled = SCALE * c.cost - sum(lp_reward.get(k, 0) for k in c.keys)
            if scaled < (mu - EPS) * SCALE and self.master.add(c):
                added += 1
        if cols:
            self._latest[sid] = cols[-1].keys
        return added

    def graphs(self) -> dict[str, labelling.PersonalGraph] | None:
        """Everyone's state graph, or None if someone is priced by CP-SAT instead."""
        if not all(isinstance(p, _GraphPricer) for p in self.pricers.values()):
            return None
        return {sid: p.graph for sid, p in self.pricers.items()}  # type: ignore[union-attr]

    def exact_duals(self, deadline: float) -> ExactDuals | None:
        """Price at the master's own duals (no smoothing) until no column improves the LP,
        and return those duals with the Lagrangian bound at them (None if time runs out or
        someone lacks a state graph: the bound must be exact)."""
        if self.graphs() is None:
            return None
        while time.perf_counter() < deadline:
            self.lp_value, duals, mus = self.master.solve()
            pis = _rounded_duals(self.rows, duals)
            reward = _rewards(self.key_rows, pis)
            lagrangian = _slack_bound(self.rows, pis)
            added = 0
            lowest: dict[str, int] = {}
            for sid, pricer in self.pricers.items():
                cols, bound = pricer.price(reward, self.pricing_seconds, None)
                lagrangian += bound
                lowest[sid] = bound
                added += self._add_improving(sid, cols, reward, mus[sid])
            self.lower_bound = max(self.lower_bound or -math.inf, lagrangian / SCALE)
            if added == 0:
                return ExactDuals(self.rows, self.key_rows, pis, reward, lagrangian / SCALE, lowest)
        return None


def generate(
    problem: Problem,
    seconds: float,
    initial: dict[str, frozenset[Key]] | None = None,
    seed: int = 0,
    threads: int = 2,
    pricing_seconds: float = 2.0,
    on_round: Callable[[int, float, float | None], None] | None = None,
) -> ColgenResult:
    """Run column generation for ``seconds``; return the columns, the LP value and the best
    Lagrangian bound found. ``initial`` gives one starting column per person (e.g. a rota)."""
    deadline = time.perf_counter() + seconds
    cg = ColumnGeneration(problem, initial, seed, threads, pricing_seconds, deadline=deadline)
    cg.converge(deadline, on_round=on_round)
    return ColgenResult(
        lower_bound=cg.lower_bound,
        lp_value=cg.lp_value,
        rounds=cg.rounds,
        lp_rota=cg.lp_rota(),
        engine=cg,
    )


def fix_from_lp(bm: BuiltModel, lp_rota: dict[Key, float], tolerance: float) -> cp_model.CpModel:
    """A copy of the full model with every assignment the LP has (nearly) decided fixed, and
    the rest hinted by rounding: an LP-guided neighbourhood (RINS) that a short CP-SAT solve
    completes. Variable indices are those of ``bm.model``, so its solution reads back as usual."""
    sub = bm.model.clone()
    sub.clear_hints()
    for key, x in bm.x.items():
        share = lp_rota.get(key, 0.0)
        var = sub.get_bool_var_from_proto_index(x.index)
        if share >= 1 - tolerance:
            sub.add(var == 1)
        elif share <= tolerance:
            sub.add(var == 0)
        else:
            sub.add_hint(var, share >= 0.5)
    return sub

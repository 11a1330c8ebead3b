"""The decomposition strategy (the benchmark's): a short plain CP-SAT solve, column generation
for a proven bound, exact searches in the reduced-cost gap, LP-guided CP-SAT solves, the
rota-shaped LNS, and CP-SAT on the model with the pattern flow to polish and lift the bound.

Why this shape: on Curtois & Qu's instances every hard rule concerns one person, so the
Dantzig-Wolfe master over personal rotas (column generation for nurse rostering: Jaumard,
Semet & Vovor, "A generalized linear programming model for nurse scheduling", EJOR 1998) has a
far tighter bound than the compact model's LP, and a bound that tight lets an exact search
confined to the reduced-cost gap settle an instance (reduced-cost fixing: Irnich, Desaulniers,
Desrosiers & Hadjar, "Path-reduced costs for eliminating arcs in routing and scheduling",
INFORMS J. Computing 2010). The shares below are judgement calls for a wall-clock limit of
about a minute; ``benchmarks/README.md`` gives the figures.

It shares the wall clock out (not a deterministic budget), so it is not reproducible, and needs
``SolveOptions.time_limit``.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

from pch_workforce.rota import lns
from pch_workforce.rota.decomposition import arcflow, colgen, near_lp
from pch_workforce.rota.incumbent import Incumbent, evaluate
from pch_workforce.rota.model import BuildOptions, BuiltModel, build_model
from pch_workforce.rota.report import StoppedBy
from pch_workforce.rota.search import Search
from pch_workforce.rota.strategies.steps import fall_back, improved, polish, reached
from pch_workforce.solve_report import SolveStatus

# A quick plain CP-SAT solve first: small instances end there, proved.
QUICK_PHASE_FRACTION = 0.05
# Where column generation does not apply (fairness, rooms, supervision) or someone has no rota
# of their own: the whole model's share before the LNS.
FIRST_PHASE_FRACTION = 0.25
# Column generation's share of what the quick solve left: its bound and LP steer the rest.
COLUMN_GENERATION_FRACTION = 0.5
# The exact search in the reduced-cost gap gets most of what is left when it runs, because
# when it finishes it settles the instance (optimum found, or the bound lifted to it).
GAP_SEARCH_FRACTION = 0.75
# Where it does not run or finds nothing: the search near the LP, for most of what is left,
# aiming this far above the bound (rostering optima often lie just above the LP bound rounded
# up; a looser aim makes the MIP slower to find anything).
NEAR_LP_FRACTION = 0.85
NEAR_LP_ABOVE_BOUND = 3
# The rota-shaped LNS's share of what the first phases left (the polish gets the rest), run
# on both cores, each sub-solve from the same incumbent.
LNS_SHARE = 2 / 3
LNS_THREADS = 2
# The polish runs on the model with the redundant pattern flow: its tighter LP lifts the bound.
POLISH_WITH_FLOW = True


def run(search: Search) -> Incumbent:
    """Column generation where it applies (:func:`colgen.supports`), else the whole model for
    ``FIRST_PHASE_FRACTION``; then, unless that settled it, the LNS and the polish."""
    if search.options.time_limit is None:
        raise ValueError("the decomposition strategy shares out a wall-clock limit: give SolveOptions.time_limit")
    guide = None
    if colgen.supports(search.bm.problem):
        found, guide = _column_generation_phase(search)
    else:
        found = fall_back(search.cp_sat(FIRST_PHASE_FRACTION), search.starting.incumbent)
    if found.status is SolveStatus.FEASIBLE and not reached(found):  # unless Ctrl-C stopped it
        found = _lns_then_polish(search, found, guide)
    return found


def _column_generation_phase(search: Search) -> tuple[Incumbent, dict | None]:
    """A short plain CP-SAT solve (small cases end here), then column generation for a
    proven bound, then LP-guided CP-SAT solves for a rota. Returns the best rota with the
    bound, and the LP solution (to guide the LNS).

    Falls back to the plain first phase when someone has no rota of their own (the full
    model then reports the infeasibility)."""
    bm, options = search.bm, search.options
    found = search.cp_sat(QUICK_PHASE_FRACTION)
    if found.status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE):
        return found, None
    best = found if found.has_rota else None
    initial: dict[str, set] = {}
    for key in search.starting.rota.keys() if search.starting.rota is not None else ():
        initial.setdefault(key[0], set()).add(key)
    left = options.time_limit - search.elapsed()
    try:
        result = colgen.generate(
            bm.problem,
            left * COLUMN_GENERATION_FRACTION,
            initial={sid: frozenset(keys) for sid, keys in initial.items()},
            seed=options.seed,
        )
    except colgen.NoOwnRota:
        return search.cp_sat(FIRST_PHASE_FRACTION), None
    bound = None if result.lower_bound is None else math.ceil(result.lower_bound - 1e-6)
    if best is not None:
        bound = max(bound or 0, math.ceil(best.bound - 1e-6))
    if result.engine is not None and bound is not None:
        bound, exact = _search_the_gap(search, result.engine, bound, best)
        if exact is not None and (best is None or exact.objective < best.objective):
            best = exact
    if bound is not None:
        _add_objective_floor(bm, bound)
    for share, tolerance in ((0.5, 0.1), (0.5, 1e-6)):
        if best is not None and best.meets(bound):
            break
        if tolerance < 0.1 and best is not None and best.status == SolveStatus.OPTIMAL:
            break  # the LP-guided rota is the best of its neighbourhood: leave the time to the LNS
        sub = colgen.fix_from_lp(bm, result.lp_rota, tolerance)
        found = search.cp_sat(share, model=sub)
        if found.has_rota and (best is None or found.objective < best.objective):
            best = found
    if best is None:
        best = search.cp_sat(FIRST_PHASE_FRACTION)
    if not best.has_rota:
        return replace(best, bound=bound), result.lp_rota
    # optimal for a fixed neighbourhood only, unless it meets the bound
    return replace(best, status=SolveStatus.FEASIBLE).settled(bound, None), result.lp_rota


def _search_the_gap(
    search: Search,
    engine: colgen.ColumnGeneration,
    bound: int,
    best: Incumbent | None,
) -> tuple[int, Incumbent | None]:
    """Exact search inside the reduced-cost gap (:mod:`.arcflow`) for ``GAP_SEARCH_FRACTION``
    of the time left, when everyone has a state graph; where that finds nothing (the gap is too
    wide), the search near the LP. Returns the bound proved and, when either found a rota, its
    incumbent."""
    bm, time_limit = search.bm, search.options.time_limit
    graphs = engine.graphs()
    if graphs is None:
        return bound, None
    left = time_limit - search.elapsed()
    duals = engine.exact_duals(time.perf_counter() + 0.1 * left)
    if duals is None:
        return bound, None
    choices = arcflow.graph_choices(bm.problem, graphs, duals)  # priced once for both searches
    incumbent = best.objective if best is not None else None
    found = arcflow.solve_within_gap(
        bm.problem,
        choices,
        duals,
        bound,
        incumbent,
        seconds=max(0.0, time_limit - search.elapsed()) * GAP_SEARCH_FRACTION,
    )
    bound = max(bound, found.lower_bound)
    keys = found.keys
    if keys is None and not found.optimal:
        keys = _search_near_the_lp(search, choices, duals, bound, incumbent)
    if keys is None:
        return bound, None
    return bound, evaluate(bm, keys)


def _search_near_the_lp(
    search: Search,
    choices: dict,
    duals: colgen.ExactDuals,
    bound: int,
    incumbent: int | None,
) -> frozenset | None:
    """The search near the LP for ``NEAR_LP_FRACTION`` of the time left, aiming at
    ``NEAR_LP_ABOVE_BOUND`` above the bound (below the incumbent): the rota it found, if any."""
    target = bound + NEAR_LP_ABOVE_BOUND
    if incumbent is not None:
        target = min(target, incumbent - 1)
    if NEAR_LP_FRACTION <= 0 or target < bound:
        return None
    left = max(0.0, search.options.time_limit - search.elapsed())
    seeds = (2 * search.options.seed, 2 * search.options.seed + 1)  # one HiGHS run per core
    return near_lp.search_near_the_lp(
        search.bm.problem, choices, duals, target, seconds=left * NEAR_LP_FRACTION, seeds=seeds
    ).keys


def _add_objective_floor(bm: BuiltModel, floor: int) -> None:
    """Add a proven lower bound on the objective as a constraint (CP-SAT then stops there)."""
    if bm.penalties and floor > 0:
        bm.model.add(bm.objective() >= floor)


def _lns_then_polish(search: Search, found: Incumbent, guide: dict | None = None) -> Incumbent:
    """Phase 2 (rota-shaped LNS, steered by the LP solution ``guide`` where there is one) and
    phase 3 (CP-SAT from the LNS rota, on the model with the pattern flow when
    ``POLISH_WITH_FLOW``: its tighter LP lifts the bound)."""
    floor = None if found.bound is None else math.ceil(found.bound - 1e-6)
    left = search.options.time_limit - search.elapsed()
    result = lns.improve(
        search.bm, found.values(), found.objective, left * LNS_SHARE, seed=search.options.seed,
        threads=LNS_THREADS, floor=floor, guide=guide,
    )
    better = improved(found, result)
    if reached(better):  # the LNS met the bound, or Ctrl-C stopped it
        proved = result.stopped_by is StoppedBy.OPTIMAL
        return better.settled(floor if proved else found.bound, better.stopped_by)
    final = build_model(search.bm.problem, BuildOptions(pattern_flow=POLISH_WITH_FLOW))
    if floor is not None:
        _add_objective_floor(final, floor)
    return polish(search, better, final)

"""Steps more than one strategy takes: fall back to the starting rota, improve by the
rota-shaped LNS, and polish with the whole model."""

from __future__ import annotations

from dataclasses import replace

from pch_workforce.rota import lns
from pch_workforce.rota.incumbent import Incumbent, Key
from pch_workforce.rota.model import BuiltModel
from pch_workforce.rota.report import StoppedBy
from pch_workforce.rota.search import Search
from pch_workforce.solve_report import SolveStatus


def fall_back(found: Incumbent, start: Incumbent | None) -> Incumbent:
    """CP-SAT found no rota in time, but the start is one if it keeps every hard rule (the
    sequential warm start does, by construction): report it rather than nothing, with whatever
    bound the stopped search proved and the work it spent."""
    if found.status is not SolveStatus.UNKNOWN or start is None:
        return found
    return replace(
        start,
        status=SolveStatus.FEASIBLE,
        bound=found.bound,
        deterministic_time=found.deterministic_time,
        stopped_by=found.stopped_by,
    )


def improved(start: Incumbent, result: lns.LnsResult) -> Incumbent:
    """``start`` after an LNS run: its best rota (the start itself if it found nothing better),
    the LNS's work charged, stopped for the LNS's reason."""
    better = start
    if result.solution is not None:
        better = replace(start, solution=result.solution, objective=result.objective, exact=False)
    return replace(better.spent(result.deterministic_time), stopped_by=result.stopped_by)


def hint(bm: BuiltModel, values: dict[Key, int]) -> None:
    """Hint every assignment variable of ``bm`` with its value in ``values`` (replacing any
    hint: CP-SAT rejects a variable hinted twice)."""
    bm.model.clear_hints()
    for key, x in bm.x.items():
        bm.model.add_hint(x, values[key])


def polish(search: Search, incumbent: Incumbent, final: BuiltModel | None = None) -> Incumbent:
    """CP-SAT on the whole model (``final``: another build of it, e.g. with the pattern flow),
    hinted with the incumbent's rota, for all that is left: the better rota of the two, with
    the bound that search lifted."""
    final = final or search.bm
    hint(final, incumbent.values())
    polished = search.cp_sat(1.0, spent=incumbent.deterministic_time, bm=final)
    bound = incumbent.bound
    if polished.bound is not None:  # what the search proved, with or without a rota
        bound = polished.bound if bound is None else max(bound, polished.bound)
    if polished.has_rota and polished.objective <= incumbent.objective:
        return polished.settled(bound, polished.stopped_by)
    kept = replace(incumbent, deterministic_time=polished.deterministic_time)
    return kept.settled(bound, polished.stopped_by)


def reached(incumbent: Incumbent) -> bool:
    """Nothing more to do: proved, or stopped by Ctrl-C."""
    return incumbent.stopped_by in (StoppedBy.OPTIMAL, StoppedBy.INTERRUPTED)

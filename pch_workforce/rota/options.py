"""What a caller sets for a rota solve (limits, workers, seed, strategy, start, callbacks), and
the progress figures passed back while it runs. Each strategy keeps its own tuning constants."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pch_workforce.rota.problem import Rota

StrategyName = Literal["auto", "search", "repair", "decomposition"]


@dataclass(frozen=True)
class Progress:
    """Best-so-far figures, passed to ``SolveOptions.progress_callback`` on each new rota."""

    seconds: float
    objective: float
    best_bound: float
    source: str = "search"  # or "warm start" / "hint": a starting rota, before any search


@dataclass(frozen=True)
class SolveOptions:
    """The settings a caller chooses; :func:`pch_workforce.rota.solve.choose_strategy` says
    which strategy runs and each strategy's module says how it spends the time.

    Reproducibility: with ``deterministic=True`` (the default) the parallel workers are
    interleaved deterministically, so the same problem, seed, ``deterministic_time_limit`` and
    ``workers`` give the same rota, provided the deterministic limit (not ``time_limit``, kept
    as a safety net) is what stops the search (the report's ``stopped_by`` says). Set
    ``deterministic=False`` for the fastest anytime search (the normal parallel portfolio,
    limited by wall time), as the benchmark does.

    ``strategy``: ``"auto"`` (the default) repairs when rooms can be overbooked and searches
    plainly otherwise; ``"search"`` and ``"repair"`` force one (``repair`` is the CLI's
    ``--lns``); ``"decomposition"`` is the benchmark's, which needs ``time_limit``.

    ``workers=1`` by default: interleaved workers share one deterministic budget, so on a
    deterministic solve more workers split the same work rather than add to it; the benchmark,
    stopped by the wall clock instead, runs the full portfolio.
    """

    time_limit: float | None = 60.0
    deterministic_time_limit: float | None = None
    workers: int = 1
    seed: int = 0
    deterministic: bool = True
    strategy: StrategyName = "auto"
    hint: Rota | None = None  # a starting rota (e.g. last month's), instead of the warm start
    warm_start: Literal["none", "sequential"] = "sequential"
    pattern_flow: bool = False  # the redundant work-pattern flow in the model (see model.py)
    explain_time_limit: float = 30.0  # for naming the hard rules behind an infeasibility
    log_callback: Callable[[str], None] | None = None  # CP-SAT's search log, line by line
    progress_callback: Callable[[Progress], None] | None = None

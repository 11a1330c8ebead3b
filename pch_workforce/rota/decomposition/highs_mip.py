"""Integer models over rotas, solved by HiGHS: one run per seed at once, quiet, stoppable.

Both searches that end column generation build one of these: the arc-flow model inside the
reduced-cost gap (:mod:`.arcflow`) and the model over whole rotas near the LP
(:mod:`.near_lp`). Each column may stand for some assignments (``keys_of``), so a solution
reads back as a rota.

Why ``highspy`` (HiGHS 1.16) and not the HiGHS inside OR-Tools: the newer one is faster on
these models (see :mod:`.arcflow`), and a run can be stopped from another thread, so two
runs with different seeds race on the two cores and the first to settle stops the other.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import highspy
import numpy as np

from pch_workforce.rota.decomposition.labelling import Key
from pch_workforce.rota.quiet_highs import new_highs, row_wise_lp

OPTIMAL = highspy.HighsModelStatus.kOptimal
INFEASIBLE = highspy.HighsModelStatus.kInfeasible
SOLUTION_FEASIBLE = int(highspy.SolutionStatus.kSolutionStatusFeasible)  # what getInfo() reports
# One HiGHS run per seed, side by side on the two cores: its tree search is a matter of luck.
SEEDS = (0, 1)


class IntegerModel:
    """Columns (cost, upper bound; all integer, from 0) and rows (lower, upper, terms), in
    HiGHS's arrays; ``keys_of`` says which assignments a column stands for."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.upper: list[float] = []
        self.rows: list[tuple[float, float, list[tuple[int, float]]]] = []
        self.keys_of: dict[int, tuple[Key, ...]] = {}

    def column(self, cost: float, upper: float) -> int:
        self.cost.append(cost)
        self.upper.append(upper)
        return len(self.cost) - 1

    def row(self, lower: float, upper: float, terms: list[tuple[int, float]]) -> None:
        self.rows.append((lower, upper, terms))

    def highs_lp(self) -> highspy.HighsLp:
        """The model as HiGHS's LP structure (row-wise matrix, every column integer)."""
        starts, index, value = [0], [], []
        for _, _, terms in self.rows:
            index += [j for j, _ in terms]
            value += [c for _, c in terms]
            starts.append(len(index))
        return row_wise_lp(
            np.array(self.cost, dtype=float), np.zeros(len(self.cost)), np.array(self.upper, dtype=float),
            np.array([lo for lo, _, _ in self.rows], dtype=float), np.array([hi for _, hi, _ in self.rows], dtype=float),
            np.array(starts, dtype=np.int32), np.array(index, dtype=np.int32), np.array(value, dtype=float),
            integer=True,
        )

    def keys(self, values: list[float]) -> frozenset[Key]:
        """The assignments of the columns a solution uses."""
        return frozenset(k for column, keys in self.keys_of.items() if values[column] > 0.5 for k in keys)


class _Stopper:
    """Stops a race's HiGHS runs from another thread (one run proved its answer, or Ctrl-C),
    including a run that has not started yet."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs: list[highspy.Highs] = []
        self.stopped = False

    def watch(self, highs: highspy.Highs) -> None:
        with self._lock:
            self._runs.append(highs)
            if self.stopped:
                highs.cancelSolve()

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            for highs in self._runs:
                highs.cancelSolve()


def race(
    model: IntegerModel, seeds: tuple[int, ...], seconds: float, cutoff: float | None = None
) -> list[tuple[highspy.Highs, highspy.HighsModelStatus]]:
    """Run ``model`` once per seed, all at once, one thread each, until time runs out or one run
    proves its answer (an optimum, or that there is nothing), which stops the others. With
    ``cutoff``, only solutions cheaper than it count (HiGHS prunes the rest). Returns each run
    with its status."""
    stopper = _Stopper()
    lp = model.highs_lp()
    runs = [_highs(lp, seconds, seed, cutoff) for seed in seeds]

    def run(highs: highspy.Highs) -> highspy.HighsModelStatus:
        stopper.watch(highs)
        if not stopper.stopped:
            highs.run()
        status = highs.getModelStatus()
        if status in (OPTIMAL, INFEASIBLE):
            stopper.stop()
        return status

    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        try:
            statuses = list(pool.map(run, runs))
        except KeyboardInterrupt:  # Ctrl-C: stop the runs before the pool waits for them
            stopper.stop()
            raise
    return list(zip(runs, statuses))


def best_found(
    model: IntegerModel, runs: list[tuple[highspy.Highs, highspy.HighsModelStatus]]
) -> tuple[frozenset[Key], int] | None:
    """The cheapest rota any run of ``model`` found (its assignments and cost), or None."""
    found = [
        (round(highs.getInfo().objective_function_value), highs)
        for highs, _ in runs
        if highs.getInfo().primal_solution_status == SOLUTION_FEASIBLE
    ]
    if not found:
        return None
    value, highs = min(found, key=lambda f: f[0])
    return model.keys(list(highs.getSolution().col_value)), value


def _highs(lp: highspy.HighsLp, seconds: float, seed: int, cutoff: float | None) -> highspy.Highs:
    """A quiet single-threaded HiGHS holding ``lp``, stoppable from another thread."""
    highs = new_highs()
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("random_seed", seed % 2_147_483_647)  # HiGHS takes 0..2^31-1
    highs.setOptionValue("time_limit", max(0.1, seconds))
    if cutoff is not None:
        highs.setOptionValue("objective_bound", cutoff)
    highs.passModel(lp)
    highs.HandleUserInterrupt = True
    return highs

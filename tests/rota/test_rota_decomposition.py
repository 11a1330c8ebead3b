"""The decomposition strategy (:mod:`pch_workforce.rota.decomposition`): chosen only by name,
loaded only then, and its rotas check out."""

from __future__ import annotations

import subprocess
import sys

from rota_helpers import curtois_instance

from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.report import StoppedBy
from pch_workforce.rota.solve import SolveOptions, solve


def test_a_plan_run_loads_neither_the_decomposition_nor_highspy():
    """The mix runs HiGHS inside OR-Tools (MathOpt); the ``highspy`` package serves the
    decomposition's MIPs and the bound a solve works out beside its search
    (``rota/highs_bound.py``), both loaded only when a solve starts, so importing the plan path
    must not import it."""
    code = (
        "import sys, pch_workforce.plan.run, pch_workforce.commands.plan, pch_workforce.rota; "
        "print(sorted(m for m in sys.modules if m == 'highspy' or m.startswith('pch_workforce.rota.decomposition')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_decomposition_on_a_curtois_instance_is_checked():
    problem = curtois_instance("Instance4")
    report = solve(problem, SolveOptions(time_limit=8, workers=2, deterministic=False, strategy="decomposition"))
    assert report.status.has_solution
    verdict = check_rota(problem, report.rota)
    assert verdict.ok
    assert verdict.objective == report.objective
    assert report.best_bound <= report.objective
    assert report.objective >= 1716  # the proven optimum
    assert report.stopped_by in (StoppedBy.OPTIMAL, StoppedBy.TIME_LIMIT)
    assert (report.stopped_by == StoppedBy.OPTIMAL) == (report.objective == report.best_bound)

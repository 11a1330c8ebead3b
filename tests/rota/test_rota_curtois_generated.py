"""The Curtois-format instance generator, and the benchmark on instances too large for the
decomposition: a checked rota, or a reason in words, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rota_helpers import REPO, curtois_instance

from pch_workforce.rota.decomposition import colgen
from pch_workforce.rota.checker import check_rota

sys.path.insert(0, str(REPO))
from benchmarks import curtois, curtois_generate  # noqa: E402

sys.path.remove(str(REPO))


def _read(tmp_path, staff: int, weeks: int, types: int, seed: int = 0):
    generated = curtois_generate.generate(staff, weeks, types, seed)
    path = tmp_path / f"gen-{staff}-{weeks}-{types}-{seed}.txt"
    path.write_text(generated.text)
    return generated, curtois.read_instance(path), path


def test_same_arguments_same_file_and_another_seed_another():
    one = curtois_generate.generate(12, 4, 3, seed=5).text
    assert one == curtois_generate.generate(12, 4, 3, seed=5).text
    assert one != curtois_generate.generate(12, 4, 3, seed=6).text


def test_the_file_has_the_format_and_every_rule_of_the_benchmark(tmp_path):
    generated, problem, _ = _read(tmp_path, 30, 8, 6)
    assert (problem.horizon_days, len(problem.staff), len(problem.shift_types)) == (56, 30, 6)
    assert [s.id for s in problem.staff][:3] == ["A", "B", "C"] and problem.staff[26].id == "AA"
    assert len(problem.cover) == 56 * 6  # one line per day and shift type
    assert {(r.weight_under, r.weight_over) for r in problem.cover} == {(100, 1)}
    assert problem.forbidden_successions
    assert {q.kind for q in problem.requests} == {"on", "off"}
    assert any(s.unavailable_days for s in problem.staff)
    contracts = [s.contract for s in problem.staff]
    assert any(0 in c.max_shifts_per_type.values() for c in contracts)  # types someone never works
    assert any(0 < k < 56 for c in contracts for k in c.max_shifts_per_type.values())  # real caps
    assert any(c.max_weekends < 8 for c in contracts)
    assert all(c.min_minutes <= c.max_minutes and c.min_consecutive_days <= c.max_consecutive_days for c in contracts)
    assert {len(t.id) for t in problem.shift_types} == {2}  # a1, d1, p1, n1, ...


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.integers(1, 25), st.integers(1, 10), st.integers(1, 12), st.integers(0, 10_000))
def test_the_hidden_roster_keeps_every_hard_rule(tmp_path, staff, weeks, types, seed):
    """Feasible by construction: the roster the limits were drawn around passes the checker."""
    generated, problem, _ = _read(tmp_path, staff, weeks, types, seed)
    verdict = check_rota(problem, generated.hidden_rota(curtois.WARD))
    assert verdict.ok, verdict.violations[:3]


def test_the_largest_published_size_is_feasible_by_construction(tmp_path):
    generated, problem, _ = _read(tmp_path, 150, 52, 32)
    assert (problem.horizon_days, len(problem.staff), len(problem.shift_types)) == (364, 150, 32)
    assert check_rota(problem, generated.hidden_rota(curtois.WARD)).ok


def test_bad_sizes_are_refused():
    with pytest.raises(ValueError, match="at least 1"):
        curtois_generate.generate(0, 4, 3)
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.curtois_generate", "--staff", "0", "--weeks", "4", "--shift-types", "3",
         "-o", "/dev/null"],
        cwd=REPO, capture_output=True, text=True,
    )
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_the_guard_keeps_the_decomposition_to_the_sizes_it_was_built_for(tmp_path):
    assert colgen.fits(curtois_instance("Instance12"))
    _, large, _ = _read(tmp_path, 50, 26, 6)
    assert colgen.supports(large) and not colgen.fits(large)


def test_an_instance_beyond_the_decomposition_gets_a_checked_rota(tmp_path):
    """Beyond the decomposition's guard (five weeks, past its 28 days): the warm start with a
    deadline, its re-planning passes, then CP-SAT hinted with it. Small enough to be proved
    optimal well inside the limit, so a loaded machine cannot change the outcome; the rota keeps
    every hard rule and costs what the checker says."""
    _, problem, path = _read(tmp_path, 10, 5, 2, seed=1)
    assert not colgen.fits(problem)
    row = curtois.run_instance(path, time_limit=120, workers=2)
    assert row["checker"]["ok"], row
    assert row["status"] == "optimal" and row["reason"] is None
    assert row["objective"] == row["checker"]["objective"] == row["best_bound"]
    assert row["peak_memory_mb"] > 0


def test_too_short_a_limit_gives_a_reason_not_a_traceback(tmp_path):
    _, _, path = _read(tmp_path, 40, 26, 8, seed=1)
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.curtois", str(path), "--time-limit", "0.01", "--json"],
        cwd=REPO, capture_output=True, text=True,
    )
    assert "Traceback" not in out.stderr
    row = json.loads(out.stdout)
    assert out.returncode == 1 and row["objective"] is None and not row["checker"]["ok"]
    assert row["reason"].startswith("no rota within the time limit: the warm start placed")

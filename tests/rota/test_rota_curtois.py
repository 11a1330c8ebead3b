"""Layer (d): the Curtois & Qu benchmark read into the engine; Instance1 to its optimum 607."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rota_helpers import curtois_instance

REPO = Path(__file__).resolve().parents[2]
INSTANCE1 = REPO / "benchmarks" / "data" / "curtois" / "Instance1.txt"


def test_all_twelve_instances_and_best_known_are_in_the_repo():
    data = REPO / "benchmarks" / "data" / "curtois"
    assert sorted(p.name for p in data.glob("Instance*.txt")) == sorted(f"Instance{i}.txt" for i in range(1, 13))
    best = json.loads((data / "best_known.json").read_text())
    assert best["Instance1"]["upper"] == 607 and best["Instance12"]["upper"] == 4040


def test_instance1_solves_to_607_and_the_checker_agrees():
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.curtois", str(INSTANCE1), "--time-limit", "60", "--json"],
        cwd=REPO, capture_output=True, text=True, check=True,
    )
    row = json.loads(out.stdout)
    assert {"instance", "objective", "best_bound", "seconds", "checker"} <= set(row)
    assert row["instance"] == "Instance1"
    assert row["objective"] == 607
    assert row["best_bound"] == 607
    assert row["checker"] == {"ok": True, "objective": 607, "violations": 0}


def test_reader_builds_the_engine_problem():
    p = curtois_instance("Instance1")
    assert (p.horizon_days, len(p.staff), len(p.shift_types), len(p.locations)) == (14, 8, 1, 1)
    assert len(p.cover) == 14 and len(p.requests) == 26
    a = p.staff_by_id["A"]
    assert a.unavailable_days == frozenset({0})
    c = a.contract
    assert (c.max_minutes, c.min_minutes, c.max_consecutive_days, c.min_consecutive_days,
            c.min_consecutive_days_off, c.max_weekends) == (4320, 3360, 5, 2, 2, 1)


def test_instance6_reaches_its_published_optimum_through_the_harness():
    """1950 (best known, Curtois & Qu): column generation's bound is 1949, and the search
    inside the reduced-cost gap finds 1950 and proves nothing cheaper exists."""
    instance6 = INSTANCE1.with_name("Instance6.txt")
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.curtois", str(instance6), "--time-limit", "60", "--json"],
        cwd=REPO, capture_output=True, text=True, check=True,
    )
    row = json.loads(out.stdout)
    assert (row["objective"], row["best_bound"], row["status"]) == (1950, 1950, "optimal")
    assert row["checker"] == {"ok": True, "objective": 1950, "violations": 0}


def test_a_malformed_instance_is_refused_with_its_line_and_exit_2(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_text("SECTION_HORIZON\n28\n\nSECTION_SHIFTS\nD,abc,\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.curtois", str(bad), "--json"], cwd=REPO, capture_output=True, text=True
    )
    assert out.returncode == 2
    assert "line 5 (SECTION_SHIFTS)" in out.stderr and "'abc'" in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before

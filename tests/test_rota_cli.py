"""`pch-workforce rota` through the real entry point: the JSON contract, reproducibility, exit 3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pch_workforce.cli import main
from tests.scenario_factory import fitting_scenario, unworkable_scenario, write

CONTRACT = {"status", "objective", "best_bound", "gap", "seconds", "hard_violations", "uncovered_sessions"}


def rota_json(*args: str) -> dict:
    result = CliRunner().invoke(main, ["rota", *args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def shipped_rota(north_coast_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path, list[int]]:
    """One short rota of the shipped site, shared by the tests that only read it: the JSON, the
    workbook ``-o`` wrote, and the objective each week sweep started from (see _spy_on_sweep)."""
    out = tmp_path_factory.mktemp("rota") / "rota.xlsx"
    with pytest.MonkeyPatch.context() as monkeypatch:
        calls = _spy_on_sweep(monkeypatch)
        summary = rota_json(str(north_coast_path), "--weeks", "1", "--deterministic-limit", "0.5", "-o", str(out))
    return summary, out, calls


def test_json_contract_on_the_shipped_site(shipped_rota: tuple[dict, Path, list[int]]) -> None:
    summary, _, _ = shipped_rota
    assert CONTRACT <= set(summary)
    assert summary["status"] in ("OPTIMAL", "FEASIBLE")
    assert summary["hard_violations"] == 0
    assert summary["checker_objective"] == summary["objective"]
    assert isinstance(summary["uncovered_sessions"], int) and summary["uncovered_sessions"] >= 0
    assert summary["weeks"] == 1 and summary["staff"] == 60
    assert summary["best_bound"] <= summary["objective"]
    assert summary["worked_last_period"] is None  # no --history


def test_same_inputs_and_seed_same_rota(tmp_path: Path) -> None:
    path = write(fitting_scenario(), tmp_path / "s.xlsx")
    first = rota_json(str(path), "--seed", "3", "--deterministic-limit", "3")
    second = rota_json(str(path), "--seed", "3", "--deterministic-limit", "3")
    for key in ("status", "objective", "best_bound", "uncovered", "soft_violations", "objective_by_rule"):
        assert first[key] == second[key]


def test_contract_that_cannot_be_worked_exits_3_with_the_person_named(tmp_path: Path) -> None:
    path = write(unworkable_scenario(), tmp_path / "s.xlsx")
    result = CliRunner().invoke(main, ["rota", str(path), "--json"])
    assert result.exit_code == 3
    assert "no feasible rota" in result.stderr
    assert "Dr Two (gp): contracted 6 sessions a week" in result.stderr
    assert "Traceback" not in result.stderr


def test_out_writes_the_rota_sheets(shipped_rota: tuple[dict, Path, list[int]]) -> None:
    import openpyxl

    _, out, _ = shipped_rota
    book = openpyxl.load_workbook(out)
    assert {"Cover", "Contents", "Rota", "By practice", "Session cover", "Staff hours"} <= set(book.sheetnames)
    assert "Summary" not in book.sheetnames
    names = {str(row[0].value) for row in book["Rota"].iter_rows() if row[0].value}
    assert any("Dr " in name for name in names)  # named staff appear on the grid
    assert out.stat().st_mode & 0o044  # readable by the group/others like any file the user writes


def _spy_on_sweep(monkeypatch) -> list[int]:
    """The objective each week sweep (the repair) starts from, one entry per run."""
    from pch_workforce.rota import lns

    calls: list[int] = []
    original = lns.sweep

    def spy(bm, values, objective, seconds, **kwargs):
        calls.append(objective)
        return original(bm, values, objective, seconds, **kwargs)

    monkeypatch.setattr(lns, "sweep", spy)
    return calls


def test_lns_flag_brings_in_the_week_sweep(north_coast_path: Path, tmp_path: Path, monkeypatch) -> None:
    """`--lns` reaches the engine: the week sweep runs before the search and the rota keeps
    every hard rule; without the flag (and with rooms switched off, which turn the repair on by
    themselves) it never runs."""
    import shutil

    from tests.scenario_factory import edit

    calls = _spy_on_sweep(monkeypatch)
    path = Path(shutil.copy(north_coast_path, tmp_path / "no-rooms.xlsx"))
    edit(path, "RotaRules", "A5", "weight_overbooked_room")
    edit(path, "RotaRules", "B5", 0)
    args = (str(path), "--weeks", "2", "--deterministic-limit", "0.5")
    plain = rota_json(*args)
    assert calls == [] and plain["status"] == "FEASIBLE"
    assert "overbooked rooms" not in plain["objective_by_rule"]
    repaired = rota_json(*args, "--lns")
    assert len(calls) == 1
    assert repaired["hard_violations"] == 0 and repaired["checker_objective"] == repaired["objective"]
    assert repaired["objective"] <= calls[0]


def test_room_limits_bring_in_the_week_sweep(shipped_rota: tuple[dict, Path, list[int]]) -> None:
    """The shipped site's practices have room limits that cost points when overbooked: the
    repair runs without `--lns`, and its rota is priced as the checker prices it. Its rooms hold
    the team (the warm start places each person knowing which rooms are taken), so nobody is
    left beyond them even in this short search."""
    result, _, calls = shipped_rota
    assert len(calls) == 1
    assert result["hard_violations"] == 0 and result["checker_objective"] == result["objective"]
    assert "overbooked rooms" not in result["objective_by_rule"]


def test_ctrl_c_during_the_warm_start_stops_the_rota(north_coast_path: Path) -> None:
    """SIGINT once the rota stage has begun: the command stops there and reports what it has
    (the warm start as it stands), or, with no rota yet, says it was interrupted (exit 130),
    with no traceback. Before the fix each per-person solve swallowed the signal and the
    search ran on."""
    import signal
    import subprocess
    import time

    from tests.test_cli import entry_point

    process = subprocess.Popen([*entry_point(), "rota", str(north_coast_path), "--json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []
    for line in process.stderr:
        seen.append(line)
        if "rota ..." in line:
            break
    time.sleep(1.0)  # into the warm start (it takes 2-5 s here)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    err = "".join(seen) + err
    assert "Traceback" not in err
    if process.returncode == 0:  # a rota as it stood: not the optimum the full search reaches
        summary = json.loads(out)
        assert summary["status"] == "FEASIBLE" and summary["hard_violations"] == 0, summary["status"]
    else:  # no whole warm-start pass yet
        assert process.returncode == 130 and "Interrupted (Ctrl-C)." in err, err

"""The re-plan benchmark's per-case function on the shared one-week North Coast plan: its figures
add up and agree with the re-plan they measure (the benchmark itself runs outside the suite)."""

from __future__ import annotations

from benchmarks.replan import busiest, run_case
from pch_workforce.plan.model import PlanOptions
from pch_workforce.plan.replan import Absence
from tests.plan_workbook_fixture import NORTH_COAST, north_coast_plan, north_coast_workbook


def test_one_absence_is_measured_consistently() -> None:
    plan = north_coast_plan()
    gp = busiest(plan, "gp")
    rota = plan.rota_report.rota
    assert rota is not None
    worked = {p.staff_id: sum(a.staff_id == p.staff_id for a in rota.assignments) for p in plan.rota.people
              if p.role == "gp" and not p.vacancy}
    assert worked[gp] == max(worked.values()) and gp == min(s for s, n in worked.items() if n == worked[gp])
    dates = plan.rota.dates
    row = run_case(north_coast_workbook(), NORTH_COAST, Absence(gp, dates[0], dates[-1]), 0,
                   PlanOptions(deterministic_time_limit=2, time_limit=600, trajectory_years=0))
    assert row["sessions_lost"] == worked[gp] > 0
    assert 0 <= row["sessions_recovered"] <= row["sessions_lost"]
    assert row["changed_assignments"] == row["sessions_lost"] + row["changed_besides_the_absence"]
    assert sum(row["changes_by_reason"].values()) == row["changed_assignments"]
    assert row["changes_by_reason"]["absence"] == row["sessions_lost"]
    assert row["changes_by_reason"].get("cover", 0) >= row["sessions_recovered"]
    besides = row["changed_besides_the_absence"]
    assert row["changed_besides_the_absence_per_lost_session"] == round(besides / row["sessions_lost"], 2)
    assert row["changes_outside_the_absent_week"] == row["absent_persons_changes_outside_the_absent_week"] == 0
    assert row["people_affected"] >= 1 + (row["sessions_recovered"] > 0)
    # 8 points per assignment dropped from or added to the published rota less the absence: a changed cell
    # besides the absence is one of those (blank to a session, or back) or two (one session for another)
    assert 8 * besides <= row["changed_assignment_points"] <= 16 * besides
    assert row["checker_ok"] and row["locked_kept"] and row["frozen_weeks"] == 0

"""The scripting API: the stages' tables as DataFrames that agree with the plan they come from."""

from __future__ import annotations

import pytest

from pch_workforce import api
from pch_workforce.plan.model import Plan
from tests.plan_workbook_fixture import north_coast_plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return north_coast_plan()


def test_to_frames_gives_every_stage(plan: Plan) -> None:
    frames = api.to_frames(plan)
    assert set(frames) == {"demand", "mix", "trajectory", "rota"}
    demand, mix, trajectory, rota = frames["demand"], frames["mix"], frames["trajectory"], frames["rota"]
    assert demand["hours_per_week"].sum() == pytest.approx(plan.demand.hours_per_week)
    assert set(demand["practice"]) == {p.code for p in plan.loaded.scenario.practices}
    assert mix.set_index("role")["fte"].to_dict() == pytest.approx({r.role: r.fte for r in plan.mix.roles})
    assert len(rota) == len(plan.rota_report.rota.assignments)
    assert rota["planned_post"].sum() == sum(1 for a in plan.rota_report.rota.assignments
                                             if a.staff_id.startswith("VAC-"))
    assert plan.trajectory is not None
    first = plan.trajectory.central.years[0]
    year0 = trajectory[trajectory["year"] == first.year].set_index("role")["fte"].to_dict()
    assert year0 == pytest.approx(first.fte_by_role)


def test_load_and_plan_name_the_cell_of_bad_input(tmp_path) -> None:
    from pch_workforce.errors import InputError
    from tests.scenario_factory import edit, fitting_scenario, write

    path = write(fitting_scenario(), tmp_path / "site.xlsx")
    edit(path, "Staff", "E4", "twelve")
    with pytest.raises(InputError, match="Staff!E4"):
        api.load(path)

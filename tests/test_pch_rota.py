"""The PCH front end of the rota engine: a site becomes a rostering problem, checked by hand."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pch_workforce.care_model import CareModel, load_care_model
from pch_workforce.pch_rota import MDT_SHIFT, SESSION_MINUTES, build_pch_rota, check_contracts, vacancy_posts
from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.problem import DayShift
from pch_workforce.rota.rules import HardRule
from pch_workforce.rota.solve import SolveOptions, solve
from pch_workforce.rota_policy import RotaPolicy
from pch_workforce.scenario.loader import load_scenario
from pch_workforce.scenario.model import Scenario
from tests.conftest import REPO
from tests.plan_workbook_fixture import NORTH_COAST, north_coast_plan
from tests.scenario_factory import fitting_scenario, unworkable_scenario

MODEL = load_care_model("pch-default", [REPO / "models"])


def pch(scenario: Scenario | None = None, planned: dict[str, float] | None = None):
    return build_pch_rota(scenario or fitting_scenario(), MODEL, RotaPolicy(), planned_fte=planned)


def test_vacancy_posts_fill_the_planned_sessions() -> None:
    # GP: 2.0 FTE x 9 = 18 planned sessions, named GPs hold 8 + 6 = 14 -> one post of 4 sessions.
    # Nurse: 1.0 FTE x 9 = 9 planned, the named nurse already holds 10 -> no post.
    posts = vacancy_posts(fitting_scenario(), MODEL, {"gp": 2.0, "practice_nurse": 1.0})
    assert [(p.name, p.sessions_per_week, p.vacancy) for p in posts] == [("GP vacancy 1 (4 sessions, B2)", 4, True)]
    big = vacancy_posts(fitting_scenario(), MODEL, {"gp": 3.5})  # 31.5 -> 32 sessions, 18 to add: 9 + 9
    assert [p.sessions_per_week for p in big] == [9, 9]


def test_each_post_has_one_home_practice_where_its_role_is_needed_most() -> None:
    """By list size (A1 1,063, B2 2,126 patients): 18 GP sessions share out 6 to A1 and 12 to B2; the named
    GPs hold 8 at A1 and 6 at B2, so the 4-session post goes to B2 (6 unfilled, against -2). With 32
    sessions, B2 has 15.3 unfilled and takes the first 9-session post, then still has the most (6.3 against
    2.7). Given need three to one for A1: 24 - 8 = 16 unfilled at A1 against 2 at B2, so both go to A1."""
    (post,) = vacancy_posts(fitting_scenario(), MODEL, {"gp": 2.0})
    assert post.home_practice == "B2"
    assert [p.home_practice for p in vacancy_posts(fitting_scenario(), MODEL, {"gp": 3.5})] == ["B2", "B2"]
    needed = vacancy_posts(fitting_scenario(), MODEL, {"gp": 3.5}, need={"gp": {"A1": 3.0, "B2": 1.0}})
    assert [p.home_practice for p in needed] == ["A1", "A1"]


def test_practices_are_open_as_their_opening_pattern_says() -> None:
    locations = {loc.id: loc for loc in pch().problem.locations}
    hub, other = locations["A1"], locations["B2"]
    assert hub.is_open(1, "EVE") and hub.is_open(5, "SAT-AM") and hub.is_open(2, MDT_SHIFT)  # Tue eve, Sat, Wed MDT
    assert not other.is_open(1, "EVE") and not other.is_open(5, "SAT-AM") and not other.is_open(2, MDT_SHIFT)
    assert not hub.is_open(6, "SAT-AM") and not hub.is_open(5, "AM")  # nobody works on Sunday; Saturday has its own
    assert hub.is_open(0, "AM-R") and not hub.is_open(5, "AM-R")  # weekday work without a room, at the practice


def test_leave_is_credited_pro_rata() -> None:
    staff = {s.id: s for s in pch().problem.staff}
    one = staff["S1"]  # 8 sessions a week, leave Mon-Tue of week 2
    assert one.leave_days == frozenset({7, 8})
    credit = 8 * SESSION_MINUTES * 2 // 5  # two weekdays of an 8-session week: 800 minutes
    due = 16 * SESSION_MINUTES - credit  # 3,200 minutes over the 2 weeks
    tolerance = 330 // 2  # half the longest session (13:00-18:30) is more than 30 minutes x 2 weeks
    assert (one.contract.min_minutes, one.contract.max_minutes) == (due - tolerance, due + tolerance) == (3035, 3365)
    assert one.contract.max_sessions_per_week == 8


def test_willingness_and_never_works_become_unavailability() -> None:
    staff = {s.id: s for s in pch().problem.staff}
    assert DayShift(day=1, shift_id="EVE") in staff["S2"].unavailable_shifts  # S2 does not work evenings
    assert DayShift(day=5, shift_id="SAT-AM") in staff["S1"].unavailable_shifts  # S1 does not work Saturdays
    assert DayShift(day=2, shift_id="PM") in staff["S1"].unavailable_shifts  # S1 never works Wed PM ...
    assert DayShift(day=2, shift_id=MDT_SHIFT) in staff["S1"].unavailable_shifts  # ... so misses the MDT
    assert DayShift(day=2, shift_id="PM-R") in staff["S1"].unavailable_shifts  # ... on the phone or not
    assert DayShift(day=5, shift_id="SAT-AM") not in staff["S2"].unavailable_shifts


def test_evenings_and_saturdays_are_shared_pro_rata_to_contracted_sessions() -> None:
    built = pch(planned={"gp": 2.0})
    sessions = {p.staff_id: p.sessions_per_week for p in built.people}
    groups = {g.id: g for g in built.problem.fairness_groups}
    assert groups, "the fitting scenario has people willing to work evenings"
    for group in groups.values():
        assert group.shares == tuple(sessions[sid] for sid in group.staff_ids)
    gp = groups["evenings/gp"]
    assert len(set(gp.shares)) > 1, "named GPs on 8 and 6 sessions and a 4-session post share GP evenings"


def test_cover_lines_and_mdt_representation() -> None:
    cover = pch().problem.cover
    gp_monday = sorted((c.day, c.location_id) for c in cover if c.shift_id == "AM" and c.skill == "gp")
    assert gp_monday == [(0, "A1"), (0, "B2"), (7, "A1"), (7, "B2")]
    mdt = sorted((c.day, c.skill, c.minimum) for c in cover if c.shift_id == MDT_SHIFT)
    assert mdt == [(2, "gp", 1), (2, "practice_nurse", 1), (9, "gp", 1), (9, "practice_nurse", 1)]


def test_solved_rota_holds_every_rule_and_every_contract() -> None:
    built = pch(planned={"gp": 2.0})
    report = solve(built.problem, SolveOptions(time_limit=30, deterministic_time_limit=10, workers=2))
    assert report.rota is not None
    check = check_rota(built.problem, report.rota)
    assert check.ok, check.violations
    assert check.objective == report.objective
    worked = Counter()
    for a in report.rota.assignments:
        worked[a.staff_id] += built.problem.shift_by_id[a.shift_id].length_minutes
    for staff in built.problem.staff:
        assert staff.contract.min_minutes <= worked[staff.id] <= staff.contract.max_minutes
    locations = {loc.id: loc for loc in built.problem.locations}
    for a in report.rota.assignments:
        assert locations[a.location_id].is_open(a.day, a.shift_id)


def test_impossible_contract_is_explained_by_name() -> None:
    built = pch(unworkable_scenario())
    # Before solving, in the planner's words: only Friday AM (5 h) and PM (5 h 30) remain in each of 2 weeks,
    # 21 h, against 6 x 4 h 10 x 2 = 50 h less the 2 h 45 tolerance (half the longest session).
    assert check_contracts(built) == [
        "Dr Two (gp): contracted 6 sessions a week, at least 47 h 15 min over the 2-week rota, but only 21 h can be "
        "worked (practice opening, never-works sessions, evenings/Saturdays and the daily limit)"
    ]
    # The solver agrees, and its own explanation names the person and the contract rule.
    report = solve(built.problem, SolveOptions(time_limit=30, workers=2))
    assert report.rota is None and report.status.value == "infeasible"
    assert "Dr Two: must work at least" in report.explain()


@pytest.mark.parametrize("path", sorted((REPO / "scenarios").glob("*.xlsx")), ids=lambda p: p.name)
def test_shipped_scenarios_translate(path: Path) -> None:
    loaded = load_scenario(path)
    built = build_pch_rota(loaded.scenario, loaded.care_model, loaded.rota_policy)
    assert len(built.problem.staff) == len(loaded.scenario.staff)
    assert built.problem.horizon_days == 7 * loaded.scenario.site.rota_weeks


@pytest.mark.parametrize("path", sorted((REPO / "scenarios").glob("*.xlsx")), ids=lambda p: p.name)
def test_shipped_scenarios_have_workable_contracts(path: Path) -> None:
    loaded = load_scenario(path)
    assert check_contracts(build_pch_rota(loaded.scenario, loaded.care_model, loaded.rota_policy)) == []


def test_practices_bring_their_clinical_rooms() -> None:
    scenario = fitting_scenario()
    problem = pch(scenario).problem
    assert {loc.id: loc.rooms for loc in problem.locations} == {p.code: p.clinical_rooms for p in scenario.practices}
    assert problem.overbooked_room_weight == RotaPolicy().weight_overbooked_room == 10
    assert problem.has_room_limits


def on_site(model: CareModel, role: str, by: tuple[str, ...] | None = None) -> CareModel:
    """``model`` with ``role`` needing its supervisor on site (whatever the shipped TOML says),
    from the roles ``by`` when given."""
    spec = model.roles[role]
    update: dict[str, object] = {"on_site": True} | ({"by": by} if by else {})
    supervision = spec.supervision.model_copy(update=update)
    roles = {**model.roles, role: spec.model_copy(update={"supervision": supervision})}
    return model.model_copy(update={"roles": roles})


def test_supervision_on_site_comes_from_the_care_model() -> None:
    """A paramedic needs a GP or an ANP on site; an ARRS GP delivers as a GP, so supervises too.
    Only rostered roles get a rule, and the MDT meeting is not a clinical session."""
    built = build_pch_rota(fitting_scenario(), on_site(MODEL, "paramedic"), RotaPolicy(),
                           planned_fte={"gp": 2.0, "paramedic": 0.5})
    rules = {r.id: r for r in built.problem.supervision}
    assert set(rules) == {"supervision/paramedic"}
    rule = rules["supervision/paramedic"]
    assert rule.supervised == {"paramedic"}
    assert rule.by == {"gp", "arrs_gp", "advanced_nurse_practitioner"}
    assert rule.shift_ids == {"AM", "PM", "EVE", "SAT-AM", "SAT-PM"}  # every session that holds a room
    post = next(s for s in built.problem.staff if s.id == "VAC-paramedic-1")
    assert rule.applies_to(post), "a vacancy post of a supervised role is supervised too"


def test_solved_rota_keeps_a_supervisor_on_site() -> None:
    built = build_pch_rota(fitting_scenario(), on_site(MODEL, "paramedic"), RotaPolicy(),
                           planned_fte={"gp": 2.0, "paramedic": 0.5})
    report = solve(built.problem, SolveOptions(time_limit=30, deterministic_time_limit=3, workers=1))
    assert report.rota is not None
    assert check_rota(built.problem, report.rota).ok
    gps = {(a.day, a.shift_id, a.location_id) for a in report.rota.assignments if built.person(a.staff_id).role == "gp"}
    paramedic = [a for a in report.rota.assignments if a.staff_id == "VAC-paramedic-1"]
    assert paramedic and all((a.day, a.shift_id, a.location_id) in gps for a in paramedic)


def test_north_coast_plan_has_no_supervised_role_without_a_supervisor() -> None:
    """The shared one-week North Coast plan, through the whole pipeline: the checker finds no
    supervised session without a supervisor on site."""
    plan = north_coast_plan()
    problem = plan.rota.problem
    supervised = [s.id for s in problem.staff if any(rule.applies_to(s) for rule in problem.supervision)]
    assert supervised, "North Coast rosters a role that needs a supervisor on site"
    assert HardRule.SUPERVISOR_ON_SITE not in plan.rota_check.rules_broken()
    assert plan.rota_check.ok


def test_north_coast_paramedics_with_a_supervisor_on_site() -> None:
    """North Coast's planned team with paramedics (named and posts) needing a GP or ANP on site."""
    plan = north_coast_plan()
    loaded = load_scenario(NORTH_COAST)
    built = build_pch_rota(loaded.scenario, on_site(loaded.care_model, "paramedic"), loaded.rota_policy,
                           planned_fte=plan.mix.planned_fte, weeks=1)
    paramedics = [s for s in built.problem.staff if "paramedic" in s.skills]
    assert len(paramedics) >= 2
    report = solve(built.problem, SolveOptions(time_limit=60, deterministic_time_limit=2, workers=1))
    assert report.rota is not None
    check = check_rota(built.problem, report.rota)
    assert check.ok, check.violations[:5]
    assert check.objective == report.objective


def test_no_supervisor_on_the_team_is_explained_by_person_and_session() -> None:
    """Paramedics need an ANP on site here, and the team has none: said before solving (only the
    two weekly MDT meetings of 5 h 30, not clinical sessions, can be worked), and the solver's explanation
    names the post, a session and that no supervisor can be there."""
    model = on_site(MODEL, "paramedic", by=("advanced_nurse_practitioner",))
    built = build_pch_rota(fitting_scenario(), model, RotaPolicy(), planned_fte={"paramedic": 0.5})
    anp = model.roles["advanced_nurse_practitioner"].name
    assert check_contracts(built) == [
        "Paramedic vacancy 1 (4 sessions, B2) (paramedic): contracted 4 sessions a week, at least 30 h 35 min over the "
        f"2-week rota, but only 11 h can be worked with a supervisor ({anp}) able to be on site (their leave, opening "
        "and never-works sessions)"
    ]
    report = solve(built.problem, SolveOptions(time_limit=30, deterministic_time_limit=3, workers=1))
    assert report.status.value == "infeasible"
    sessions = [r.message for r in report.infeasibility if r.rule == HardRule.SUPERVISOR_ON_SITE]
    assert sessions and all(
        m.startswith("Paramedic vacancy 1 (4 sessions, B2): works ")
        and m.endswith(f"only with a supervisor ({anp}) on site, and none can be on site then") for m in sessions
    )


def test_posts_are_based_where_the_cover_sheet_needs_their_role() -> None:
    """Cover minimums are the need where the Cover sheet names a role: four GP sessions asked at B2 and one
    at A1 put the post at B2, whatever the demand says; a role without cover rules follows its patients."""
    from types import SimpleNamespace

    from pch_workforce.plan.post_homes import cover_need_by_practice, role_need_by_practice
    from pch_workforce.scenario.model import CoverRule

    scenario = fitting_scenario()
    rules = [CoverRule(practice="B2", role="gp", weekday="Mon", session="AM", minimum=3),
             CoverRule(practice="B2", role="gp", weekday="Tue", session="AM", minimum=1),
             CoverRule(practice="A1", role="gp", weekday="Mon", session="AM", minimum=1)]
    with_rules = scenario.model_copy(update={"cover_rules": tuple(rules)})
    assert cover_need_by_practice(with_rules) == {"gp": {"B2": 4.0, "A1": 1.0}}
    demand = SimpleNamespace(lines=[SimpleNamespace(service="s", practice="A1", attended_per_year=900.0),
                                    SimpleNamespace(service="s", practice="B2", attended_per_year=100.0)])
    mix = SimpleNamespace(allocations=[SimpleNamespace(service="s", role="gp", contacts_per_week=10.0),
                                       SimpleNamespace(service="s", role="practice_nurse", contacts_per_week=20.0)])
    need = role_need_by_practice(with_rules, demand, mix)  # type: ignore[arg-type]
    assert need["gp"] == {"B2": 4.0, "A1": 1.0}  # the Cover sheet wins for GPs
    assert need["practice_nurse"] == pytest.approx({"A1": 18.0, "B2": 2.0})  # nurses follow demand, 9 to 1

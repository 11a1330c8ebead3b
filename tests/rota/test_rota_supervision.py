"""Supervision on site (co-presence): someone who needs a supervisor works a session at a place
only if a supervisor works that same session there. Hand-checked tiny cases, the checker's
agreement with the model, and every path that builds or repairs a rota."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model
from rota_helpers import FAST, tiny

from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.examples import sessions_problem
from pch_workforce.rota.greedy import (
    _hold_supervision,
    _PersonModel,
    _placing_order,
    _solve_person,
    sequential_rota,
)
from pch_workforce.rota.model import build_model
from pch_workforce.rota.problem import (
    Assignment,
    Contract,
    CoverRequirement,
    Location,
    Problem,
    Rota,
    ShiftRequest,
    ShiftType,
    Staff,
    SupervisorOnSite,
)
from pch_workforce.rota.rules import HardRule
from pch_workforce.rota.solve import solve
from pch_workforce.solve_report import SolveStatus

BY_A_GP = SupervisorOnSite(id="para", supervised=frozenset({"para"}), by=frozenset({"gp"}), name="a GP")
H1, H2 = Location(id="H1"), Location(id="H2")
AM = ShiftType(id="AM", length_minutes=240, start_minute=480)
PM = ShiftType(id="PM", length_minutes=240, start_minute=780)
MDT = ShiftType(id="MDT", length_minutes=60, start_minute=720, clinical=False)


def gp(**kw) -> Staff:
    return Staff(id="lee", name="Dr Lee", skills=frozenset({"gp"}), **kw)


def para(home: str | None = None, **contract) -> Staff:
    return Staff(id="smith", name="Para Smith", skills=frozenset({"para"}), home_location=home,
                 contract=Contract(**contract))


def cover(days: int, minimum: int = 2) -> tuple[CoverRequirement, ...]:
    return tuple(CoverRequirement(day=d, shift_id="D", location_id="ward", minimum=minimum) for d in range(days))


def cells(report) -> set[tuple[str, int, str, str]]:
    return {(a.staff_id, a.day, a.shift_id, a.location_id) for a in report.rota.assignments}


def agreed(problem: Problem, report) -> None:
    verdict = check_rota(problem, report.rota)
    assert verdict.ok, verdict.violations
    assert verdict.objective == report.objective


# --------------------------------------------------------------------------- hand-checked cases


def test_supervisor_on_leave_keeps_the_supervised_off_that_day():
    """Cover 2 a day on days 0-1, Dr Lee on leave on day 1: Smith works day 0 with Lee, and day 1
    is 2 short (Smith may not work it alone): 200. Without the rule Smith would cover day 1: 100."""
    problem = tiny([gp(leave_days=frozenset({1})), para()], days=2, cover=cover(2), supervision=(BY_A_GP,))
    report = solve(problem, FAST)
    assert report.status == SolveStatus.OPTIMAL and report.objective == 200
    assert cells(report) == {("lee", 0, "D", "ward"), ("smith", 0, "D", "ward")}
    agreed(problem, report)
    unsupervised = solve(problem.model_copy(update={"supervision": ()}), FAST)
    assert unsupervised.objective == 100


def test_supervisor_present_allows_the_session():
    problem = tiny([gp(), para()], days=2, cover=cover(2), supervision=(BY_A_GP,))
    report = solve(problem, FAST)
    assert report.status == SolveStatus.OPTIMAL and report.objective == 0
    assert len(report.rota.assignments) == 4
    agreed(problem, report)


def test_supervisor_must_be_at_the_same_location():
    """Dr Lee works only at H1; Smith (home H2, away costs 1) must work one session: at H1, cost 1."""
    problem = tiny([gp(allowed_locations=frozenset({"H1"}), contract=Contract(min_sessions_per_week=1)),
                    para("H2", min_sessions_per_week=1, max_sessions_per_week=1)],
                   days=1, locations=(H1, H2), supervision=(BY_A_GP,), away_from_home_weight=1)
    report = solve(problem, FAST)
    assert report.status == SolveStatus.OPTIMAL and report.objective == 1
    assert ("smith", 0, "D", "H1") in cells(report)
    agreed(problem, report)


def test_rule_holds_only_on_its_shifts():
    """With the rule on AM only, Smith works PM alone; a non-clinical shift (MDT) is outside a rule
    that names no shifts."""
    am_only = BY_A_GP.model_copy(update={"shift_ids": frozenset({"AM"})})
    pm = tiny([para(min_sessions_per_week=1, max_shifts_per_type={"MDT": 0})], days=1, shifts=(AM, PM, MDT),
              supervision=(am_only,))
    assert cells(solve(pm, FAST)) == {("smith", 0, "PM", "ward")}
    meeting = tiny([para(min_sessions_per_week=1)], days=1, shifts=(AM, MDT), supervision=(BY_A_GP,))
    assert cells(solve(meeting, FAST)) == {("smith", 0, "MDT", "ward")}


def test_someone_who_may_supervise_needs_no_supervisor():
    both = Staff(id="ng", name="Dr Ng", skills=frozenset({"para", "gp"}), contract=Contract(min_sessions_per_week=3))
    problem = tiny([both], days=3, supervision=(BY_A_GP,))
    report = solve(problem, FAST)
    assert report.status == SolveStatus.OPTIMAL and len(report.rota.assignments) == 3
    agreed(problem, report)


def test_impossible_supervision_is_explained_by_person_and_session():
    """Smith must work both days; Dr Lee, the only supervisor, is on leave on day 1."""
    problem = tiny([gp(leave_days=frozenset({1})), para(min_sessions_per_week=2)], days=2, supervision=(BY_A_GP,))
    report = solve(problem, FAST)
    assert report.status == SolveStatus.INFEASIBLE and report.rota is None
    reasons = {(r.rule, r.message) for r in report.infeasibility}
    session = "Para Smith: works D on day 1 (Tue, week 1) only with a GP on site, and none can be on site then"
    assert (HardRule.SUPERVISOR_ON_SITE, session) in reasons
    assert (HardRule.LEAVE_AND_UNAVAILABILITY, "Dr Lee: on leave for D on day 1 (Tue, week 1)") in reasons
    assert HardRule.CONTRACTED_SESSIONS in {rule for rule, _ in reasons}


def test_a_supervisor_held_elsewhere_is_named_with_the_supervised():
    """Lee could be on site on day 1 but may work only one day; Smith must work both: the
    explanation names Smith's session without 'none can be on site' and Lee's limit."""
    problem = tiny([gp(contract=Contract(max_sessions_per_week=1)), para(min_sessions_per_week=2)], days=2,
                   supervision=(BY_A_GP,))
    report = solve(problem, FAST)
    assert report.status == SolveStatus.INFEASIBLE
    messages = [r.message for r in report.infeasibility]
    assert any(m.startswith("Para Smith: works D on day") and m.endswith("only with a GP on site") for m in messages)
    assert "Dr Lee: at most 1 sessions in week 1" in messages


def test_rule_naming_an_unknown_shift_is_refused():
    with pytest.raises(ValueError, match="supervision para: unknown shift 'NIGHT'"):
        tiny([para()], supervision=(BY_A_GP.model_copy(update={"shift_ids": frozenset({"NIGHT"})}),))


# --------------------------------------------------------------------------- checker


def test_checker_names_the_unsupervised_session():
    problem = tiny([gp(), para()], days=1, locations=(H1, H2), supervision=(BY_A_GP,))
    apart = Rota(assignments=(Assignment(staff_id="lee", day=0, shift_id="D", location_id="H1"),
                              Assignment(staff_id="smith", day=0, shift_id="D", location_id="H2")))
    verdict = check_rota(problem, apart)
    assert [(v.rule, v.subject, v.day) for v in verdict.violations] == [(HardRule.SUPERVISOR_ON_SITE, "smith", 0)]
    assert "D at H2 with no supervisor (gp) on site" in verdict.violations[0].detail
    together = Rota(assignments=(apart.assignments[0], Assignment(staff_id="smith", day=0, shift_id="D",
                                                                  location_id="H1")))
    assert check_rota(problem, together).ok


@st.composite
def small_rota(draw) -> tuple[Problem, Rota]:
    """Three people (skills drawn from gp/para/nurse), two places, AM/PM/MDT over two days, and
    any rota with at most one place per session: only supervision can be broken."""
    skills = st.frozensets(st.sampled_from(["gp", "para", "nurse"]), min_size=1, max_size=2)
    staff = [Staff(id=f"s{i}", skills=draw(skills), contract=Contract(max_shifts_per_day=3)) for i in range(3)]
    rule = SupervisorOnSite(id="r", supervised=frozenset({"para"}), by=frozenset({"gp"}),
                            shift_ids=draw(st.one_of(st.none(), st.just(frozenset({"AM"})))))
    problem = tiny(staff, days=2, shifts=(AM, PM, MDT), locations=(H1, H2), supervision=(rule,))
    keys = [(s.id, d, sh.id) for s in staff for d in range(2) for sh in (AM, PM, MDT)]
    where = draw(st.lists(st.sampled_from([None, "H1", "H2"]), min_size=len(keys), max_size=len(keys)))
    return problem, Rota(assignments=tuple(
        Assignment(staff_id=s, day=d, shift_id=sh, location_id=loc) for (s, d, sh), loc in zip(keys, where) if loc
    ))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_rota())
def test_model_and_checker_agree_on_any_rota(case):
    """The model with x fixed to a rota is feasible exactly when the checker finds nothing."""
    problem, rota = case
    bm = build_model(problem)
    chosen = rota.keys()
    for key, x in bm.x.items():
        bm.model.add(x == int(key in chosen))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    feasible = solver.solve(bm.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert feasible == check_rota(problem, rota).ok


# --------------------------------------------------------------------------- every path


def supervised_sessions(seed: int, n_staff: int = 12, weeks: int = 2, n_locations: int = 3) -> Problem:
    """``sessions_problem`` with a third of the team paramedics, who need a GP on site."""
    p = sessions_problem(seed, n_staff, weeks, n_locations, skills=("GP", "NURSE", "PARA"))
    rule = SupervisorOnSite(id="para", supervised=frozenset({"PARA"}), by=frozenset({"GP"}), name="a GP")
    return p.model_copy(update={"supervision": (rule,)})


def test_the_warm_start_keeps_supervision():
    problem = supervised_sessions(3)
    for passes in (1, 2):
        rota = sequential_rota(problem, seed=0, passes=passes)
        assert HardRule.SUPERVISOR_ON_SITE not in check_rota(problem, rota).rules_broken()
        assert check_rota(problem, rota).ok


def test_warm_start_places_supervisors_before_the_supervised():
    """Smith's larger contract (both days) would put him first; he needs a GP, so Dr Lee and Dr Ng
    (a day each, spread by the cover) go first, and one pass places all three."""
    one_day = Contract(min_minutes=480, max_minutes=480)
    ng = Staff(id="ng", name="Dr Ng", skills=frozenset({"gp"}), contract=one_day)
    problem = tiny([para(min_minutes=960, max_minutes=960), gp(contract=one_day), ng], days=2,
                   supervision=(BY_A_GP,), cover=cover(2, minimum=1))
    assert [s.id for s in _placing_order(problem)] == ["lee", "ng", "smith"]
    rota = sequential_rota(problem, seed=0, passes=1)
    assert check_rota(problem, rota).ok


def _own_rota(problem: Problem, staff_id: str, others: dict[str, list[int]], hold: bool) -> list[int]:
    """The days ``staff_id``'s own model picks with everyone else on ``others`` (staff -> days)."""
    own = {sid: [Assignment(staff_id=sid, day=d, shift_id="D", location_id="ward") for d in days]
           for sid, days in others.items()}
    staff = problem.staff_by_id[staff_id]
    bm = _PersonModel(problem, staff, tuple(range(len(problem.cover)))).with_cover({})
    if hold:
        _hold_supervision(bm, problem, staff, own)
    return sorted(a.day for a in _solve_person(bm, seed=0, work=1.0))


def test_warm_start_holds_supervision_against_the_others():
    """Each person's own solve, against the others' fixed rotas: Smith, who would rather work
    day 0, works day 1 where Lee is; Lee, who would rather be off day 0, stays on day 0 while
    Smith relies on him there alone."""
    wants = (ShiftRequest(staff_id="smith", day=0, shift_id="D", kind="on", weight=5),
             ShiftRequest(staff_id="lee", day=0, shift_id="D", kind="off", weight=5))
    problem = tiny([gp(contract=Contract(min_sessions_per_week=1, max_sessions_per_week=1)),
                    para(min_sessions_per_week=1, max_sessions_per_week=1)],
                   days=2, supervision=(BY_A_GP,), requests=wants)
    assert _own_rota(problem, "smith", {"lee": [1]}, hold=False) == [0]
    assert _own_rota(problem, "smith", {"lee": [1]}, hold=True) == [1]
    assert _own_rota(problem, "lee", {"smith": [0]}, hold=False) == [1]
    assert _own_rota(problem, "lee", {"smith": [0]}, hold=True) == [0]


@pytest.mark.parametrize("strategy", ["search", "repair"])
def test_every_solve_path_keeps_supervision(strategy):
    problem = supervised_sessions(5)
    report = solve(problem, replace(FAST, deterministic_time_limit=3, strategy=strategy))
    assert report.status.has_solution
    agreed(problem, report)


def test_benchmark_phases_keep_supervision():
    """The decomposition strategy: column generation steps aside (supervision couples people),
    and the whole model, the LNS and the polish run (wall time)."""
    problem = supervised_sessions(7, n_staff=9, weeks=1)
    report = solve(problem, replace(FAST, deterministic_time_limit=None, time_limit=4, strategy="decomposition"))
    assert report.status.has_solution
    agreed(problem, report)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.integers(3, 7), st.integers(1, 3))
def test_solver_output_passes_the_checker_with_supervision(seed, n_staff, n_locations):
    problem = supervised_sessions(seed, n_staff, weeks=1, n_locations=n_locations)
    report = solve(problem, replace(FAST, deterministic_time_limit=0.5, explain_time_limit=2))
    if report.status.has_solution:
        agreed(problem, report)
    elif report.status == SolveStatus.INFEASIBLE:
        assert report.infeasibility, "an infeasible rota must come with reasons"

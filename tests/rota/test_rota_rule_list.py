"""Every independent encoding of the contract rules is held to the one rule list (HardRule).

Each encoding (the checker and the state-graph labelling; the warm start solves each person's
own CP-SAT model, built by the model's own rule functions, so it is not a separate encoding)
declares which hard rules it enforces and why it leaves any out. A rule in neither list
fails here, so adding a member to ``HardRule`` cannot silently leave an encoding behind. And a
declaration is not taken on trust: for every rule there is a hand-made rota that breaks that rule
alone (the checker names it and nothing else), and each encoding must refuse the rota for every
rule it says it enforces.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rota_helpers import D, WARD, tiny

from pch_workforce.rota import checker
from pch_workforce.rota.decomposition import labelling
from pch_workforce.rota.checker import check_rota
from pch_workforce.rota.problem import (
    Assignment,
    Contract,
    ForbiddenSameDay,
    ForbiddenSuccession,
    Location,
    Problem,
    Rota,
    ShiftType,
    Staff,
    SupervisorOnSite,
)
from pch_workforce.rota.rules import Encoding, HardRule

ENCODINGS = (checker.ENCODING, labelling.ENCODING)
AM, PM = ShiftType(id="AM", length_minutes=240), ShiftType(id="PM", length_minutes=240)
N = ShiftType(id="N", length_minutes=600)
CLINIC = Location(id="clinic")


@dataclass(frozen=True)
class Breach:
    """A problem and a rota that breaks exactly one hard rule."""

    problem: Problem
    rota: tuple[tuple[str, int, str, str], ...]  # (staff, day, shift, location)

    def as_rota(self) -> Rota:
        return Rota(assignments=tuple(Assignment(staff_id=s, day=d, shift_id=t, location_id=loc) for s, d, t, loc in self.rota))


def _one(contract: Contract | None = None, **staff) -> list[Staff]:
    return [Staff(id="a", contract=contract or Contract(), **staff)]


def _days(*days: int, shift: str = "D", loc: str = "ward") -> tuple:
    return tuple(("a", d, shift, loc) for d in days)


BREACHES: dict[HardRule, Breach] = {
    HardRule.ONE_LOCATION_PER_SESSION: Breach(
        tiny(_one(), locations=(WARD, CLINIC)), (("a", 0, "D", "ward"), ("a", 0, "D", "clinic"))
    ),
    HardRule.MAX_SESSIONS_PER_DAY: Breach(tiny(_one(), shifts=(AM, PM)), (("a", 0, "AM", "ward"), ("a", 0, "PM", "ward"))),
    HardRule.FORBIDDEN_SAME_DAY: Breach(
        tiny(
            _one(Contract(max_shifts_per_day=2)),
            shifts=(AM, PM),
            forbidden_same_day=(ForbiddenSameDay(shift_id="AM", other_shift_id="PM"),),
        ),
        (("a", 0, "AM", "ward"), ("a", 0, "PM", "ward")),
    ),
    HardRule.LEAVE_AND_UNAVAILABILITY: Breach(tiny(_one(unavailable_days=frozenset({2}))), _days(2)),
    HardRule.REQUIRED_SKILL: Breach(
        tiny(_one(), shifts=(D.model_copy(update={"required_skills": frozenset({"gp"})}),), skills=frozenset({"gp"})),
        _days(0),
    ),
    HardRule.ALLOWED_LOCATION: Breach(
        tiny(_one(allowed_locations=frozenset({"ward"})), locations=(WARD, CLINIC)), _days(0, loc="clinic")
    ),
    HardRule.CONTRACTED_SESSIONS: Breach(tiny(_one(Contract(max_sessions_per_week=1))), _days(0, 3)),
    HardRule.CONTRACTED_MINUTES: Breach(tiny(_one(Contract(max_minutes=480))), _days(0, 3)),
    HardRule.FORBIDDEN_SUCCESSION: Breach(
        tiny(_one(), shifts=(D, N), forbidden_successions=(ForbiddenSuccession(shift_id="N", next_shift_id="D"),)),
        (("a", 0, "N", "ward"), ("a", 1, "D", "ward")),
    ),
    HardRule.MAX_CONSECUTIVE_DAYS: Breach(tiny(_one(Contract(max_consecutive_days=2))), _days(0, 1, 2)),
    HardRule.MIN_CONSECUTIVE_DAYS: Breach(tiny(_one(Contract(min_consecutive_days=2))), _days(2)),
    HardRule.MIN_CONSECUTIVE_DAYS_OFF: Breach(tiny(_one(Contract(min_consecutive_days_off=2))), _days(0, 1, 3, 4)),
    HardRule.MAX_WEEKENDS: Breach(tiny(_one(Contract(max_weekends=0))), _days(5)),
    HardRule.MAX_SHIFTS_PER_TYPE: Breach(tiny(_one(Contract(max_shifts_per_type={"D": 1}))), _days(0, 3)),
    HardRule.SUPERVISOR_ON_SITE: Breach(
        tiny(
            [Staff(id="a", skills=frozenset({"trainee"})), Staff(id="b", skills=frozenset({"gp"}))],
            skills=frozenset({"trainee", "gp"}),
            supervision=(SupervisorOnSite(id="gp on site", supervised=frozenset({"trainee"}), by=frozenset({"gp"})),),
        ),
        _days(0),
    ),
    HardRule.UNKNOWN_ID: Breach(tiny(_one()), (("zz", 0, "D", "ward"),)),
    HardRule.FIXED_ASSIGNMENT: Breach(
        tiny(_one(), fixed_on=(Assignment(staff_id="a", day=0, shift_id="D", location_id="ward"),)), ()
    ),
}


@pytest.mark.parametrize("encoding", ENCODINGS, ids=lambda e: e.name)
def test_each_encoding_declares_every_hard_rule_once_with_reasons(encoding: Encoding):
    assert encoding.undeclared() == set(), f"{encoding.name} says nothing about {encoding.undeclared()}"
    assert not encoding.enforced & set(encoding.left_out), "a rule both enforced and left out"
    assert all(reason.strip() for reason in encoding.left_out.values())


def test_every_hard_rule_has_a_breach_the_checker_names_alone():
    assert set(BREACHES) == set(HardRule), "a new HardRule needs a breaking rota here"
    for rule, breach in BREACHES.items():
        assert check_rota(breach.problem, breach.as_rota()).rules_broken() == {rule}, rule


def _enforced(encoding: Encoding) -> list[HardRule]:
    return sorted(encoding.enforced)


@pytest.mark.parametrize("rule", _enforced(labelling.ENCODING))
def test_the_state_graph_has_no_path_for_a_breach_of_a_rule_it_enforces(rule: HardRule):
    breach = BREACHES[rule]
    staff = breach.problem.staff_by_id["a"]
    graph = labelling.PersonalGraph(breach.problem, staff)
    assert graph.price({}, 1).lowest == 0, "the person has rotas (working nothing at least)"
    with pytest.raises(ValueError):
        graph.path(frozenset(breach.rota))



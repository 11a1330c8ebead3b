"""Where each role's work is needed, practice by practice: the basis for giving a planned post a home.

A vacancy is recruited to one practice, not spread over six. Where the site's Cover sheet asks for a
role at practices, its need there is those minimum person-sessions a week: a post based where the
minimums are short of home staff covers them without travelling. A role the Cover sheet does not
name is needed where its patients are: the contacts the mix gives it in each service line, shared
out over the practices in proportion to that service's demand at each (care-home work lands where
the care homes are). Named staff fill their own practice's need first; each post then goes, largest
first, to the practice with the most need still unfilled (``pch_rota.post_homes``).
"""

from __future__ import annotations

from collections import defaultdict

from pch_workforce.demand.types import Demand
from pch_workforce.mix.result import Mix
from pch_workforce.scenario.model import Scenario


def role_need_by_practice(scenario: Scenario, demand: Demand, mix: Mix) -> dict[str, dict[str, float]]:
    """role -> practice -> weight of its need there: cover minimums where the Cover sheet names the role,
    else the contacts it delivers for each practice's patients."""
    need = patient_need_by_practice(demand, mix)
    need.update(cover_need_by_practice(scenario))
    return need


def cover_need_by_practice(scenario: Scenario) -> dict[str, dict[str, float]]:
    """role -> practice -> minimum person-sessions a week the Cover sheet asks for."""
    need: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for rule in scenario.cover_rules:
        if rule.minimum > 0:
            need[rule.role][rule.practice] += rule.minimum
    return {role: dict(by_practice) for role, by_practice in need.items()}


def patient_need_by_practice(demand: Demand, mix: Mix) -> dict[str, dict[str, float]]:
    """role -> practice -> contacts a week the role delivers for that practice's patients."""
    by_service: dict[str, dict[str, float]] = defaultdict(dict)
    for line in demand.lines:
        by_service[line.service][line.practice] = by_service[line.service].get(line.practice, 0.0) + line.attended_per_year
    need: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for allocation in mix.allocations:
        practices = by_service.get(allocation.service, {})
        total = sum(practices.values())
        for practice, contacts in practices.items():
            if total > 0:
                need[allocation.role][practice] += allocation.contacts_per_week * contacts / total
    return {role: dict(by_practice) for role, by_practice in need.items()}

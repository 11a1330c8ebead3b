"""What a comparison means, in sentences: each workbook against the first.

A planner who cuts the budget and sees *less* unmet need, or adds money and sees more, needs to be
told which change did it; one with an infeasible case needs the money it lacks. The sentences are
built from the same headline rows the comparison table shows, so every figure in them is in the
table too (plans read back from their workbooks have nothing else).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pch_workforce.plan.workbook.summary import BLOCKED_BY, BUDGET, COVERAGE, IN_POST, SHORTFALL, SITE, SOLVER, TEAM

if TYPE_CHECKING:  # compare imports this module
    from pch_workforce.compare import Compared

AVAILABLE = (BUDGET, "Workforce budget available")
UNMET = (COVERAGE, "Unmet clinical hours")
WHOLE_TEAM = (TEAM, "Whole team")
HEADROOM = (BUDGET, "Headroom")
REDUNDANCIES = (SITE, "Redundancies allowed")
# Inputs a planner changes between scenarios, in the order a sentence names them.
INPUTS = (REDUNDANCIES, (SITE, "Continuity limit"), (BUDGET, "Capitated budget"),
          (BUDGET, "Workforce share of the budget"), (BUDGET, "Prices for financial year"))
MOVED = 0.05  # FTE or hours a week: smaller differences are rounding, not a change


def findings(items: Sequence[Compared]) -> list[tuple[str, str]]:
    """(label, sentences) for each workbook after the first."""
    first = items[0]
    return [(item.label, finding(first, item)) for item in items[1:]]


def finding(first: Compared, other: Compared) -> str:
    """The change against the first workbook, and why when it runs against intuition."""
    if not other.feasible:
        return _infeasible(other)
    if not first.feasible:
        return f"{other.label} has a feasible mix; {first.label} has none, so there is nothing to set it against."
    budget = _number(other, AVAILABLE) - _number(first, AVAILABLE)
    unmet = _number(other, UNMET) - _number(first, UNMET)
    team = _number(other, WHOLE_TEAM) - _number(first, WHOLE_TEAM)
    text = (f"Against {first.label}, {other.label} has {_pounds(budget)} a year {_more_or_less(budget)} workforce "
            f"budget, {abs(team):,.1f} FTE {_more_or_less(team, 'fewer')} staff and {abs(unmet):,.1f} hours a week "
            f"{_more_or_less(unmet)} unmet clinical need.")
    if (budget < -0.5 and unmet < -MOVED) or (budget > 0.5 and unmet > MOVED):
        text += " " + _why(first, other)
    return text


def _infeasible(item: Compared) -> str:
    shortfall = item.value((BUDGET, SHORTFALL))
    money = (f" The least-cost team that meets its other hard rules costs {_pounds(shortfall)} a year more than "
             f"its workforce budget of {_pounds(_number(item, AVAILABLE))}." if isinstance(shortfall, (int, float))
             else " Money is not what blocks it: no team meets its other hard rules at any price.")
    reasons = str(item.value((SOLVER, BLOCKED_BY)) or "")
    return f"{item.label} has no feasible mix.{money} What blocks it: {reasons}."


def _why(first: Compared, other: Compared) -> str:
    """Name the inputs that differ, what the mix did with them, and any budget left unspent."""
    changed = [f"{key[1].lower()} is {_text(other, key)} (was {_text(first, key)})"
               for key in INPUTS if other.value(key) != first.value(key)]
    text = "Which change did it: " + ("; ".join(changed) if changed else "no input on the comparison differs") + "."
    if other.value(REDUNDANCIES) == "yes" and first.value(REDUNDANCIES) != "yes":
        text += (" With redundancies allowed the mix may cut existing posts whose work weighs less and spend the "
                 "money on roles that meet more need.")
    cuts, adds = _team_moves(first, other)
    if cuts:
        text += f" It cut {_join(cuts)}"
        text += f" and added {_join(adds)}." if adds else "."
    elif adds:
        text += f" It added {_join(adds)}."
    headroom = other.value(HEADROOM)
    if isinstance(headroom, (int, float)) and headroom >= 0.5:
        text += f" {_pounds(headroom)} a year of its workforce budget is left unspent."
    return text


def _team_moves(first: Compared, other: Compared) -> tuple[list[str], list[str]]:
    """Roles that fell and rose, largest first, as "District nurse (2.0 FTE)"."""
    moves = []
    for h in other.headlines:
        if h.section != TEAM or h.key in (WHOLE_TEAM, (TEAM, IN_POST)):
            continue
        before = first.value(h.key)
        delta = _as_float(h.value) - (_as_float(before) if before is not None else 0.0)
        if abs(delta) >= MOVED:
            moves.append((h.measure, delta))
    moves.sort(key=lambda m: -abs(m[1]))
    cuts = [f"{name} ({-delta:,.1f} FTE)" for name, delta in moves if delta < 0]
    adds = [f"{name} ({delta:,.1f} FTE)" for name, delta in moves if delta > 0]
    return cuts, adds


def _number(item: Compared, key: tuple[str, str]) -> float:
    return _as_float(item.value(key))


def _as_float(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _pounds(value: float) -> str:
    return f"£{abs(value):,.0f}"


def _more_or_less(delta: float, less: str = "less") -> str:
    return "more" if delta > 0 else less


def _text(item: Compared, key: tuple[str, str]) -> str:
    """A headline value as a sentence shows it: shares as per cent, money in pounds."""
    value = item.value(key)
    unit = next((h.unit for h in item.headlines if h.key == key), "")
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return "[x]" if value is None else str(value)
    if unit == "per cent":
        return f"{value:.0%}"
    return _pounds(value) if unit.startswith("£") else f"{value:,.0f}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]

"""Site overrides of care-model values, each carrying the site's reason as its new source.

A scenario may replace any value by its dotted path (``roles.gp.annual_cost``,
``services.same_day.delivery.paramedic.max_share``). A sourced number keeps its shape: the
override sets ``value`` and the source becomes ``site override: <text>``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from pch_workforce.care_model.loader import CareModelError, parse_care_model
from pch_workforce.care_model.model import CareModel

OverrideValue = float | str | bool

_PAY_INPUTS = ("pay",)
_COST_INPUTS = ("employer_ni_rate", "ni_secondary_threshold", "employer_pension_rate")


class OverrideError(Exception):
    """Overrides that cannot be applied: (index of the override, what is wrong)."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"override {i + 1}: {m}" for i, m in problems))


def apply_overrides(
    model: CareModel, overrides: Sequence[tuple[str, OverrideValue, str]]
) -> CareModel:
    """Return a new CareModel with the overrides applied; the input model is unchanged."""
    if not overrides:
        return model
    data = model.model_dump(mode="json", exclude_none=False)
    data["age_bands"] = [str(band) for band in model.age_bands]
    problems: list[tuple[int, str]] = []
    touched: list[tuple[str, ...]] = []
    for index, (path, value, source) in enumerate(overrides):
        message = _apply_one(data, path, value, source)
        if message:
            problems.append((index, message))
        else:
            touched.append(tuple(path.split(".")))
    if problems:
        raise OverrideError(problems)
    _forget_stale_costs(data, touched)
    try:
        return parse_care_model(_drop_nones(data), "care model after overrides")
    except CareModelError as err:
        raise OverrideError(_blame(err.problems, overrides)) from None


def _apply_one(data: dict[str, Any], path: str, value: OverrideValue, source: str) -> str | None:
    parts = [p for p in str(path).strip().split(".")]
    if not path or any(not p for p in parts):
        return f'path "{path}" is not a dotted path like roles.gp.annual_cost'
    if not str(source).strip():
        return f'"{path}": give a source or reason for the override'
    node: Any = data
    for depth, part in enumerate(parts[:-1]):
        if not isinstance(node, dict) or part not in node or node[part] is None:
            return _unknown(parts, depth, node)
        node = node[part]
        if _is_sourced(node):
            return f'"{path}": "{".".join(parts[: depth + 1])}" is a single sourced number; override it directly'
    last = parts[-1]
    if not isinstance(node, dict) or last not in node:
        return _unknown(parts, len(parts) - 1, node)
    current = node[last]
    if _is_sourced(current):
        number = _as_number(value)
        if number is None:
            return f'"{path}": must be a number, got {value!r}'
        node[last] = {"value": number, "source": f"site override: {source}", "judgement": False}
        return None
    if isinstance(current, list):
        return (f'"{path}" is a list, which the Overrides sheet cannot change (it sets one value); give the site '
                "its own care model (Site sheet, Care model) with the list changed")
    if isinstance(current, dict) or current is None:
        return f'"{path}" is a section, not a value; name one of its values'
    if isinstance(current, bool):
        if not isinstance(value, bool):
            return f'"{path}": must be yes/no (true/false), got {value!r}'
        node[last] = value
        return None
    if isinstance(current, (int, float)):
        number = _as_number(value)
        if number is None:
            return f'"{path}": must be a number, got {value!r}'
        node[last] = number
        return None
    node[last] = str(value)
    return None


def _unknown(parts: list[str], depth: int, node: Any) -> str:
    prefix = ".".join(parts[: depth + 1])
    if not isinstance(node, dict):
        return f'unknown path "{prefix}"'
    known = ", ".join(str(k) for k in node if node[k] is not None)
    if depth == 1 and parts[0] in ("roles", "services", "conditions"):
        return f'unknown path "{prefix}"; known {parts[0]}: {known}'
    where = ".".join(parts[:depth]) or "the care model"
    return f'unknown path "{prefix}"; known keys in {where}: {known}'


def _is_sourced(node: Any) -> bool:
    return isinstance(node, dict) and "value" in node and "source" in node


def _as_number(value: OverrideValue) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _forget_stale_costs(data: dict[str, Any], touched: list[tuple[str, ...]]) -> None:
    """Recompute derived annual costs whose inputs (pay, on-cost rates) were overridden."""
    explicit = {p[1] for p in touched if len(p) >= 3 and p[0] == "roles" and p[2] == "annual_cost"}
    all_roles = any(p[0] == "employment" and len(p) > 1 and p[1] in _COST_INPUTS for p in touched)
    pay_roles = {p[1] for p in touched if len(p) >= 3 and p[0] == "roles" and p[2] in _PAY_INPUTS}
    for role_id, role in data["roles"].items():
        if role_id in explicit or not (all_roles or role_id in pay_roles):
            continue
        if str(role["annual_cost"]["source"]).startswith("derived:"):
            del role["annual_cost"]


def _drop_nones(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _drop_nones(v) for k, v in node.items() if v is not None}
    if isinstance(node, list):
        return [_drop_nones(v) for v in node]
    return node


def _blame(problems: list[str], overrides: Sequence[tuple[str, OverrideValue, str]]) -> list[tuple[int, str]]:
    """Attach each validation problem to the override whose path it names (else to the first)."""
    blamed: list[tuple[int, str]] = []
    for problem in problems:
        text = problem.removeprefix("care model after overrides: ")
        index = next(
            (i for i, (path, _, _) in enumerate(overrides) if text.startswith(f"{path}.") or text.startswith(f"{path}:")),
            0,
        )
        blamed.append((index, text))
    return blamed

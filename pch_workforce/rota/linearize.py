"""The linear relaxation of a CP-SAT model: its constraints as sparse rows over its variables.

The rota model (:mod:`.model`) uses only constraints with an exact linear form over 0-1 and
bounded integer variables: linear ones, clauses (``bool_or``), implications (``bool_and``),
``exactly_one`` and ``at_most_one``, some under enforcement literals. Each becomes rows that
every integer solution of the model satisfies:

* a clause ``l1 or ... or lk`` enforced by ``e1 .. em``: ``sum l + sum (1 - e) >= 1``;
* an enforced linear ``lo <= a.x <= hi``: the big-M form ``a.x >= lo - (lo - min a.x) * s``
  (and the same above), where ``s = sum (1 - e)`` is 0 exactly when every enforcement literal
  holds and ``min a.x`` comes from the variables' bounds;

a negated literal ``not x`` being ``1 - x``. Relaxing integrality then gives an LP whose optimum
is at most the model's (and HiGHS can tighten it with its own cuts, :mod:`.highs_bound`).
Any other constraint kind (the rota model has none) raises :class:`NotLinear`, so a caller
never gets a "relaxation" that silently drops a constraint it cannot read.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

INF = float("inf")
_UNBOUNDED = 2**62  # CP-SAT writes an open side of a linear domain as about +-2^63


class NotLinear(Exception):
    """The model holds a constraint kind with no exact linear form here."""


@dataclass(frozen=True)
class LinearModel:
    """``minimize cost.x + offset`` subject to ``row_lower <= A x <= row_upper`` and
    ``lower <= x <= upper``; ``A`` row-wise (CSR arrays). Every variable is integer in the
    model this came from."""

    cost: np.ndarray
    offset: float
    lower: np.ndarray
    upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    starts: np.ndarray
    index: np.ndarray
    value: np.ndarray

    @property
    def num_columns(self) -> int:
        return len(self.cost)

    @property
    def num_rows(self) -> int:
        return len(self.row_lower)


class _Rows:
    """Rows collected one at a time: ``lo <= const + sum coef * x <= hi``, stored with the
    constant moved to the sides."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.starts: list[int] = [0]
        self.index: list[int] = []
        self.value: list[float] = []

    def add(self, lo: float, hi: float, terms: dict[int, float], const: float = 0.0) -> None:
        for i, a in terms.items():
            if a:
                self.index.append(i)
                self.value.append(a)
        self.starts.append(len(self.index))
        self.lower.append(lo - const)
        self.upper.append(hi - const)


def _literals(refs: list[int]) -> tuple[float, dict[int, float]]:
    """``sum`` of literals as (constant, {variable: coefficient}): ``not x`` is ``1 - x``."""
    const, terms = 0.0, {}
    for ref in refs:
        if ref >= 0:
            terms[ref] = terms.get(ref, 0.0) + 1.0
        else:
            const += 1.0
            terms[-ref - 1] = terms.get(-ref - 1, 0.0) - 1.0
    return const, terms


def _released(enforcement: list[int]) -> tuple[float, dict[int, float]]:
    """``s = sum (1 - e)`` over enforcement literals, as (constant, terms): 0 when all hold."""
    const, terms = _literals(enforcement)
    return len(enforcement) - const, {i: -a for i, a in terms.items()}


def _plus(a: dict[int, float], b: dict[int, float], scale: float = 1.0) -> dict[int, float]:
    out = dict(a)
    for i, v in b.items():
        out[i] = out.get(i, 0.0) + scale * v
    return out


def linear_relaxation(proto) -> LinearModel:
    """The LP relaxation of a ``CpModelProto`` (``CpModel.proto``); :class:`NotLinear` if it
    holds a constraint kind other than linear, bool_or, bool_and, exactly_one, at_most_one, or a
    floating-point objective."""
    lower = np.array([v.domain[0] for v in proto.variables], dtype=float)
    upper = np.array([list(v.domain)[-1] for v in proto.variables], dtype=float)
    rows = _Rows()
    for ct in proto.constraints:
        enforcement = list(ct.enforcement_literal)
        s_const, s_terms = _released(enforcement)
        if ct.has_bool_or():
            const, terms = _literals(list(ct.bool_or.literals))
            rows.add(1.0, INF, _plus(terms, s_terms), const + s_const)
        elif ct.has_bool_and():
            for ref in ct.bool_and.literals:
                const, terms = _literals([ref])
                rows.add(1.0, INF, _plus(terms, s_terms), const + s_const)
        elif ct.has_exactly_one():
            _add_one_of(rows, list(ct.exactly_one.literals), s_const, s_terms, bool(enforcement), exactly=True)
        elif ct.has_at_most_one():
            _add_one_of(rows, list(ct.at_most_one.literals), s_const, s_terms, bool(enforcement), exactly=False)
        elif ct.has_linear():
            _add_linear(rows, ct.linear, lower, upper, s_const, s_terms, bool(enforcement))
        else:
            raise NotLinear(f"constraint {ct.name or '#'}: a kind with no exact linear form here")
    objective = proto.objective
    if proto.has_floating_point_objective() or objective.scaling_factor not in (0.0, 1.0):
        raise NotLinear("a floating-point or scaled objective")
    cost = np.zeros(len(lower))
    for ref, coef in zip(objective.vars, objective.coeffs):
        if ref < 0:
            raise NotLinear("a negated variable in the objective")
        cost[ref] += coef
    return LinearModel(
        cost=cost,
        offset=float(objective.offset),
        lower=lower,
        upper=upper,
        row_lower=np.array(rows.lower, dtype=float),
        row_upper=np.array(rows.upper, dtype=float),
        starts=np.array(rows.starts, dtype=np.int32),
        index=np.array(rows.index, dtype=np.int32),
        value=np.array(rows.value, dtype=float),
    )


def _add_one_of(
    rows: _Rows, refs: list[int], s_const: float, s_terms: dict[int, float], enforced: bool, exactly: bool
) -> None:
    """``sum l <= 1`` (and ``>= 1`` when ``exactly``); when enforced, ``sum l <= 1 + (k - 1) s``
    and ``sum l >= 1 - s`` (k literals can sum to at most k)."""
    const, terms = _literals(refs)
    if not enforced:
        rows.add(1.0 if exactly else -INF, 1.0, terms, const)
        return
    k = len(refs)
    rows.add(-INF, 1.0, _plus(terms, s_terms, -(k - 1)), const - (k - 1) * s_const)
    if exactly:
        rows.add(1.0, INF, _plus(terms, s_terms), const + s_const)


def _add_linear(
    rows: _Rows, linear, lower: np.ndarray, upper: np.ndarray, s_const: float, s_terms: dict[int, float], enforced: bool
) -> None:
    """``lo <= a.x <= hi`` (the hull of the domain), in big-M form when enforced."""
    domain = list(linear.domain)
    lo = -INF if domain[0] <= -_UNBOUNDED else float(domain[0])
    hi = INF if domain[-1] >= _UNBOUNDED else float(domain[-1])
    terms: dict[int, float] = {}
    for ref, coef in zip(linear.vars, linear.coeffs):
        if ref < 0:
            raise NotLinear("a negated variable in a linear constraint")
        terms[ref] = terms.get(ref, 0.0) + coef
    if not enforced:
        rows.add(lo, hi, terms)
        return
    least = sum(a * (lower[i] if a > 0 else upper[i]) for i, a in terms.items())
    most = sum(a * (upper[i] if a > 0 else lower[i]) for i, a in terms.items())
    if lo > least:  # a.x + (lo - least) s >= lo
        rows.add(lo, INF, _plus(terms, s_terms, lo - least), (lo - least) * s_const)
    if hi < most:  # a.x - (most - hi) s <= hi
        rows.add(-INF, hi, _plus(terms, s_terms, -(most - hi)), -(most - hi) * s_const)

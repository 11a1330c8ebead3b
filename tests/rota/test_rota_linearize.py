"""The linear relaxation of a CP-SAT model (:mod:`pch_workforce.rota.linearize`): at every integer
point its rows hold exactly when the model's constraints do, so relaxing integrality loses no rule."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from ortools.sat.python import cp_model

from pch_workforce.rota.examples import sessions_problem
from pch_workforce.rota.linearize import LinearModel, NotLinear, linear_relaxation
from pch_workforce.rota.model import build_model


def _rows_hold(lm: LinearModel, point: np.ndarray) -> bool:
    activity = np.array([
        float(lm.value[lm.starts[r]:lm.starts[r + 1]] @ point[lm.index[lm.starts[r]:lm.starts[r + 1]]])
        for r in range(lm.num_rows)
    ])
    return bool(np.all(activity >= lm.row_lower - 1e-9) and np.all(activity <= lm.row_upper + 1e-9))


def _model_holds(model: cp_model.CpModel, point: np.ndarray) -> bool:
    fixed = model.clone()
    fixed.clear_objective()
    for i, v in enumerate(point):
        fixed.add(fixed.get_int_var_from_proto_index(i) == int(v))
    return cp_model.CpSolver().solve(fixed) == cp_model.OPTIMAL


def _random_model(seed: int) -> cp_model.CpModel:
    """Four 0-1 variables and a count in 0..3, under every constraint kind the rota model uses,
    each with or without (possibly negated) enforcement literals."""
    rng = random.Random(seed)
    m = cp_model.CpModel()
    xs = [m.new_bool_var(f"x{i}") for i in range(4)]
    n = m.new_int_var(0, 3, "n")

    def lits(k: int) -> list:
        return [x if rng.random() < 0.5 else ~x for x in rng.sample(xs, k)]

    def enforce(ct) -> None:
        if rng.random() < 0.6:
            ct.only_enforce_if(lits(rng.randint(1, 2)))

    enforce(m.add_bool_or(lits(2)))
    enforce(m.add_bool_and(lits(2)))
    m.add_exactly_one(lits(3))
    m.add_at_most_one(lits(2))
    enforce(m.add_at_most_one(lits(3)))
    enforce(m.add_exactly_one(lits(3)))
    enforce(m.add(sum(rng.choice((1, 2, -1)) * x for x in xs) + n <= rng.randint(0, 3)))
    enforce(m.add(n - sum(xs[:2]) >= rng.randint(-1, 2)))
    enforce(m.add(n + xs[3] == rng.randint(0, 4)))
    m.minimize(sum(xs) + 2 * n)
    return m


@pytest.mark.parametrize("seed", range(12))
def test_rows_hold_exactly_where_the_model_does(seed):
    model = _random_model(seed)
    lm = linear_relaxation(model.proto)
    assert lm.cost.tolist() == [1, 1, 1, 1, 2]
    feasible = 0
    for bits in itertools.product((0, 1), repeat=4):
        for n in range(4):
            point = np.array([*bits, n], dtype=float)
            holds = _model_holds(model, point)
            feasible += holds
            assert _rows_hold(lm, point) == holds, (bits, n)
    assert 0 <= feasible < 64  # the constraints cut some points off


def test_a_rota_model_relaxes_to_the_same_variables_and_objective():
    bm = build_model(sessions_problem(seed=1, n_staff=4, weeks=1))
    lm = linear_relaxation(bm.model.proto)
    assert lm.num_columns == len(bm.model.proto.variables)
    assert lm.lower.min() >= 0 and lm.num_rows >= len(bm.model.proto.constraints)
    x = next(iter(bm.x.values()))
    assert lm.upper[x.index] == 1


def test_a_constraint_with_no_linear_form_is_refused_not_dropped():
    m = cp_model.CpModel()
    a, b = m.new_int_var(0, 3, "a"), m.new_int_var(0, 3, "b")
    m.add_max_equality(a, [b, 2])
    with pytest.raises(NotLinear):
        linear_relaxation(m.proto)

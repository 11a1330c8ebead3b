"""Remembering pure solves by the value of their inputs (pch_workforce.memo)."""

from __future__ import annotations

import pytest

from pch_workforce.memo import by_value


def counting(maxsize: int):  # type: ignore[no-untyped-def]
    calls: list[object] = []

    @by_value(maxsize)
    def total(numbers: dict[str, int], scale: int = 1) -> int:
        calls.append(numbers)
        if not numbers:
            raise ValueError("nothing to add")
        return scale * sum(numbers.values())

    return total, calls


def test_equal_inputs_are_solved_once_even_unhashable_ones() -> None:
    total, calls = counting(4)
    assert total({"a": 1, "b": 2}) == 3
    assert total({"a": 1, "b": 2}) == 3  # an equal dict, a new object
    assert total({"a": 1, "b": 2}, scale=2) == 6  # another keyword value is another call
    assert total({"a": 1, "b": 5}) == 6
    assert len(calls) == 3


def test_the_least_recently_used_result_is_dropped_first() -> None:
    total, calls = counting(2)
    for numbers in ({"a": 1}, {"a": 2}, {"a": 1}, {"a": 3}):  # {"a": 2} is then the oldest
        total(numbers)
    assert len(calls) == 3
    total({"a": 1})
    assert len(calls) == 3
    total({"a": 2})
    assert len(calls) == 4


def test_an_exception_is_not_remembered() -> None:
    total, calls = counting(4)
    for _ in range(2):
        with pytest.raises(ValueError, match="nothing to add"):
            total({})
    assert len(calls) == 2


def test_the_mix_of_one_problem_is_solved_once_per_process() -> None:
    from pch_workforce.mix import MixDemand, MixOptions, problem_from_inputs, solve_mix_problem
    from pch_workforce.mix.examples import ExampleRole, ExampleService, example_care_model, example_scenario

    nurse = [ExampleRole("nurse", 40_000, max_fte=5)]

    def problem(contacts: int):  # type: ignore[no-untyped-def]
        care_model = example_care_model(nurse, [ExampleService("clinic", {"nurse": (30, 1.0)})])
        return problem_from_inputs(example_scenario(nurse, 1_000_000), care_model, MixDemand({"clinic": contacts}))

    options = MixOptions(marginals=False)
    first = solve_mix_problem(problem(10), options)
    assert solve_mix_problem(problem(10), options) is first  # built afresh, equal: the same answer
    assert solve_mix_problem(problem(11), options) is not first

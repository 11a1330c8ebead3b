"""Remember a pure solve's result for the rest of the process, keyed by the value of its inputs.

The mix and the trajectory are HiGHS solves of frozen problem data, each to proven optimality with
deterministic tie-breaks, so solving the same problem twice gives the same answer. One process often
asks twice: ``compare`` plans several variants of one site, the course pack's exercises share North
Coast, and a notebook or the test suite runs ``plan``, ``replan`` and ``cover`` on one scenario.

Keys are SHA-256 digests of the pickled arguments, so problems holding dicts and lists (which cannot
be hashed) are keyed too: equal bytes mean equal inputs; equal inputs pickled differently only miss.
Exceptions are not remembered (the next call raises again). Results are shared, so they must be
frozen values that no caller changes.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections import OrderedDict
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def by_value(maxsize: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a pure function so each distinct call's result is computed once, keeping the
    ``maxsize`` most recently used."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        remembered: OrderedDict[bytes, R] = OrderedDict()

        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            key = hashlib.sha256(pickle.dumps((args, sorted(kwargs.items())), protocol=5)).digest()
            if key in remembered:
                remembered.move_to_end(key)
                return remembered[key]
            result = function(*args, **kwargs)
            remembered[key] = result
            if len(remembered) > maxsize:
                remembered.popitem(last=False)
            return result

        return wrapper

    return decorate

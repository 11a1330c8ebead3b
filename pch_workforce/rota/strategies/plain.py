"""The plain search: CP-SAT on the whole model, hinted with the starting rota, for all the time.
Where it finds no rota in time, the starting rota is the answer if it keeps every hard rule."""

from __future__ import annotations

from pch_workforce.rota.incumbent import Incumbent
from pch_workforce.rota.search import Search
from pch_workforce.rota.strategies.steps import fall_back


def run(search: Search) -> Incumbent:
    return fall_back(search.cp_sat(1.0), search.starting.incumbent)

"""Population need -> weekly demand by practice and service line (issue 4).

``compute_demand(scenario, care_model)`` is pure: no I/O, the same inputs give the same Demand.
"""

from pch_workforce.demand.compute import DemandInputError, compute_demand, deprivation_factor, travel_minutes
from pch_workforce.demand.summary import GpShare, demand_json, gp_share_bounds
from pch_workforce.demand.types import Demand, DemandLine, Driver, PracticeTotal, ServiceTotal

__all__ = [
    "Demand",
    "DemandInputError",
    "DemandLine",
    "Driver",
    "GpShare",
    "PracticeTotal",
    "ServiceTotal",
    "compute_demand",
    "demand_json",
    "deprivation_factor",
    "gp_share_bounds",
    "travel_minutes",
]

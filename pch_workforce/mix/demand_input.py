"""The thin adapter from the demand stage to the mix's plain input (keeps the two decoupled)."""

from __future__ import annotations

from collections import defaultdict

from pch_workforce.demand import Demand
from pch_workforce.mix.problem import MixDemand


def mix_input_from_demand(demand: Demand) -> MixDemand:
    """Site-level booked contacts a week per service line, the mean travel per home-visit contact, and
    each practice's share of every service (where its face-to-face work needs rooms).

    Booked appointments (not attended contacts) because a slot a patient misses still uses the
    clinician's time. Travel is averaged over practices weighted by their appointments.
    """
    appointments: dict[str, float] = defaultdict(float)
    travel: dict[str, float] = defaultdict(float)
    for line in demand.lines:
        appointments[line.service] += line.appointments_per_year
        travel[line.service] += line.travel_minutes_per_contact * line.appointments_per_year
    shares: dict[str, dict[str, float]] = defaultdict(dict)
    for line in demand.lines:
        if appointments[line.service] > 0:
            shares[line.service][line.practice] = line.appointments_per_year / appointments[line.service]
    return MixDemand(
        service_contacts_per_week={s: n / demand.weeks_per_year for s, n in appointments.items()},
        population=demand.population,
        travel_minutes_per_contact={s: travel[s] / n for s, n in appointments.items() if n > 0 and travel[s] > 0},
        practice_shares=dict(shares),
    )

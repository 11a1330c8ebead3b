"""The site's money: the capitated budget (one figure or its income streams) and the ARRS envelope.

A site may give its capitated budget as one figure (Site sheet) or build it from income streams
(Income sheet: global sum, QOF, PCN payments, enhanced access, care home premium, local streams).
A stream's blank quantity comes from its basis in the care model (the weighted list, the
registered list, the care-home beds) and its blank rate from the care model's rate for the price
year, so every pound on the Budget sheet says where its rate comes from.

The ARRS envelope is a separate pot: pounds per PCN weighted patient times the weighted list.
It is not part of the capitated budget; claims against it reduce what the site's roles cost.
"""

from __future__ import annotations

from dataclasses import dataclass

from pch_workforce.care_model import CareModel
from pch_workforce.care_model.model import IncomeBasis
from pch_workforce.scenario.model import IncomeStream, Scenario


@dataclass(frozen=True)
class IncomeLine:
    """One stream of income with the quantity and rate it was priced at, and where each came from."""

    stream: str
    name: str
    unit: str
    quantity: float
    rate: float
    source: str

    @property
    def amount_per_year(self) -> float:
        return self.quantity * self.rate


@dataclass(frozen=True)
class SiteIncome:
    """The capitated budget and the ARRS envelope of a site, traced to their inputs."""

    lines: tuple[IncomeLine, ...]
    total_per_year: float
    weighted_list: float
    weighted_list_source: str
    arrs_envelope_per_year: float
    arrs_rate: float
    arrs_rate_source: str

    @property
    def from_streams(self) -> bool:
        return bool(self.lines)


def weighted_list(scenario: Scenario) -> tuple[float, str]:
    """The PCN weighted list and where it came from (the registered list when the site gives none)."""
    if scenario.site.weighted_list is not None:
        return scenario.site.weighted_list, "Site sheet: weighted list"
    return float(scenario.total_population), "registered list (the Site sheet gives no weighted list)"


def basis_quantity(basis: IncomeBasis, scenario: Scenario) -> float | None:
    """What a stream's units count when the scenario leaves the quantity blank."""
    if basis is IncomeBasis.WEIGHTED_LIST:
        return weighted_list(scenario)[0]
    if basis is IncomeBasis.REGISTERED_LIST:
        return float(scenario.total_population)
    if basis is IncomeBasis.CARE_HOME_BEDS:
        return float(sum(home.beds for home in scenario.care_homes))
    return None


def income_line(stream: IncomeStream, scenario: Scenario, care_model: CareModel) -> IncomeLine:
    """Price one stream; the loader has already checked that a local stream gives quantity and rate."""
    spec = care_model.income.get(stream.stream)
    quantity = stream.quantity
    rate = stream.rate
    sources = []
    if spec is not None:
        if quantity is None:
            quantity = basis_quantity(spec.basis, scenario)
            sources.append(f"quantity: {spec.basis.value.replace('_', ' ')}")
        if rate is None:
            rate = spec.rate.value
            sources.append(f"rate: {spec.rate.source}")
    if stream.source:
        sources.insert(0, stream.source)
    if quantity is None or rate is None:
        raise ValueError(f'income stream "{stream.stream}" needs a quantity and a rate')
    return IncomeLine(
        stream=stream.stream,
        name=spec.name if spec is not None else stream.stream,
        unit=spec.unit if spec is not None else "unit",
        quantity=quantity,
        rate=rate,
        source="; ".join(sources) or "Income sheet",
    )


def site_income(scenario: Scenario, care_model: CareModel) -> SiteIncome:
    """The site's capitated budget and ARRS envelope for the plan."""
    lines = tuple(income_line(stream, scenario, care_model) for stream in scenario.income)
    if lines:
        total = sum(line.amount_per_year for line in lines)
    else:
        assert scenario.site.capitated_budget_per_year is not None  # the Scenario validator ensures one
        total = scenario.site.capitated_budget_per_year
    listed, listed_source = weighted_list(scenario)
    arrs = care_model.arrs.envelope_per_weighted_patient
    return SiteIncome(
        lines=lines,
        total_per_year=total,
        weighted_list=listed,
        weighted_list_source=listed_source,
        arrs_envelope_per_year=listed * arrs.value,
        arrs_rate=arrs.value,
        arrs_rate_source=arrs.source,
    )

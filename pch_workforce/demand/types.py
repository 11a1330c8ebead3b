"""The Demand result: practice x service line -> appointments, contacts and clinical hours, with drivers.

Plain frozen dataclasses, so a Demand pickles and many scenarios can run side by side.

Units: ``appointments_per_year`` are booked slots (what capacity must provide, including slots
lost to patients who do not attend, the unit of NHS England's Appointments in General Practice);
``attended_per_year`` are contacts delivered; ``hours_per_week`` are clinical hours at the
service's reference minutes per contact (plus travel for home visits), averaged over the year.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Driver:
    """One reason for demand: ``patients`` people at ``rate`` contacts a year each."""

    name: str  # "appointments", "age 0-4", "register diabetes", "per patient"
    description: str  # who the patients are, in words
    patients: float
    rate: float  # contacts per patient a year, after any share
    contacts_per_year: float  # patients x rate, before deprivation
    booked: bool  # True: the rate counts booked appointments (DNAs included); False: contacts delivered
    source: str

    def describe(self) -> str:
        unit = "appointments" if self.booked else "contacts"
        return f"{self.description}: {self.patients:,.0f} x {self.rate:.3g} {unit}/yr = {self.contacts_per_year:,.0f}"


@dataclass(frozen=True)
class DemandLine:
    """Demand for one service line at one practice."""

    practice: str
    service: str
    drivers: tuple[Driver, ...]
    deprivation_factor: float
    dna_rate: float  # applied (0 when the service is not booked slots)
    appointments_per_year: float
    attended_per_year: float
    minutes_per_contact: float
    travel_minutes_per_contact: float
    hours_per_week: float
    weeks_per_year: float
    monthly_factors: tuple[tuple[str, float], ...] = ()

    @property
    def appointments_per_week(self) -> float:
        return self.appointments_per_year / self.weeks_per_year

    def appointments_per_week_by_month(self) -> dict[str, float]:
        """Seasonal weekly appointments when the care model has a monthly profile, else empty."""
        return {month: self.appointments_per_week * factor for month, factor in self.monthly_factors}


@dataclass(frozen=True)
class ServiceTotal:
    service: str
    name: str
    appointments_per_year: float
    attended_per_year: float
    hours_per_week: float
    drivers: tuple[str, ...]


@dataclass(frozen=True)
class PracticeTotal:
    practice: str
    population: int
    appointments_per_year: float
    hours_per_week: float


@dataclass(frozen=True)
class Demand:
    """Weekly need by practice and service line, and how it was worked out."""

    site: str
    care_model: str
    weeks_per_year: float
    practice_population: tuple[tuple[str, int], ...]
    lines: tuple[DemandLine, ...]
    service_names: tuple[tuple[str, str], ...]
    band_rates: tuple[tuple[str, float], ...] = field(default=())  # age band -> appointments/person-yr (age/sex part)

    @property
    def population(self) -> int:
        return sum(n for _, n in self.practice_population)

    @property
    def appointments_per_year(self) -> float:
        return sum(line.appointments_per_year for line in self.lines)

    @property
    def hours_per_week(self) -> float:
        return sum(line.hours_per_week for line in self.lines)

    @property
    def appointments_per_patient_year(self) -> float:
        return self.appointments_per_year / self.population if self.population else 0.0

    def line(self, practice: str, service: str) -> DemandLine:
        return next(x for x in self.lines if x.practice == practice and x.service == service)

    def services(self) -> list[ServiceTotal]:
        """Site totals per service line, with drivers summed across practices."""
        names = dict(self.service_names)
        totals = []
        for service, name in names.items():
            lines = [x for x in self.lines if x.service == service]
            totals.append(ServiceTotal(
                service=service,
                name=name,
                appointments_per_year=sum(x.appointments_per_year for x in lines),
                attended_per_year=sum(x.attended_per_year for x in lines),
                hours_per_week=sum(x.hours_per_week for x in lines),
                drivers=_site_drivers(lines),
            ))
        return totals

    def practices(self) -> list[PracticeTotal]:
        return [
            PracticeTotal(
                practice=code,
                population=population,
                appointments_per_year=sum(x.appointments_per_year for x in self.lines if x.practice == code),
                hours_per_week=sum(x.hours_per_week for x in self.lines if x.practice == code),
            )
            for code, population in self.practice_population
        ]


def _site_drivers(lines: list[DemandLine]) -> tuple[str, ...]:
    """Drivers summed over practices, then the multipliers (deprivation, DNA, travel) in words."""
    merged: dict[str, list[float]] = {}
    meta: dict[str, Driver] = {}
    for line in lines:
        for driver in line.drivers:
            acc = merged.setdefault(driver.name, [0.0, 0.0])
            acc[0] += driver.patients
            acc[1] += driver.contacts_per_year
            meta.setdefault(driver.name, driver)
    words = []
    for name, (patients, contacts) in merged.items():
        d = meta[name]
        rate = contacts / patients if patients else 0.0
        unit = "appointments" if d.booked else "contacts"
        words.append(f"{d.description}: {patients:,.0f} x {rate:.3g} {unit}/yr = {contacts:,.0f}")
    base = sum(d.contacts_per_year for line in lines for d in line.drivers)
    adjusted = sum(
        line.deprivation_factor * sum(d.contacts_per_year for d in line.drivers) for line in lines
    )
    if base and abs(adjusted / base - 1) > 1e-9:
        words.append(f"deprivation x{adjusted / base:.3f} (list-weighted)")
    delivered = any(not d.booked for line in lines for d in line.drivers)
    if lines and lines[0].dna_rate and delivered:
        words.append(f"contacts booked as contacts / (1 - {lines[0].dna_rate:.2%} not attended)")
    travel = sum(x.travel_minutes_per_contact * x.appointments_per_year for x in lines)
    visits = sum(x.appointments_per_year for x in lines)
    if travel and visits:
        words.append(f"travel {travel / visits:.0f} min a visit (rurality-weighted)")
    return tuple(words)

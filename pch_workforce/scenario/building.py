"""Building a scenario in code: the pieces every shipped site's builder script shares.

A builder (``scenarios/north_coast.py`` and its siblings) holds a site's facts as plain tables and
turns them into a :class:`Scenario` with these helpers, then writes the workbook a user edits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from pch_workforce.scenario.model import (
    AgeBand,
    CoverRule,
    LeavePeriod,
    OpeningSlot,
    PopulationCount,
    Scenario,
    Session,
    Sex,
    StaffMember,
    Weekday,
)

WEEKDAYS = list(Weekday)[:5]
SESSIONS_IN_A_FULL_WEEK = 9


def split_population(code: str, list_size: int, shares: Sequence[float], bands: Sequence[str],
                     female_shares: Sequence[float]) -> list[PopulationCount]:
    """Split a list into age bands and sexes by largest remainder, so the counts add up to the list exactly."""
    total_share = sum(shares)
    cells = [(band, sex, list_size * share / total_share * (fem if sex is Sex.FEMALE else 1 - fem))
             for band, share, fem in zip(bands, shares, female_shares, strict=True)
             for sex in (Sex.FEMALE, Sex.MALE)]
    counts = [int(value) for _, _, value in cells]
    order = sorted(range(len(cells)), key=lambda i: cells[i][2] - counts[i], reverse=True)
    for i in order[: list_size - sum(counts)]:
        counts[i] += 1
    return [PopulationCount(practice=code, sex=sex, age_band=AgeBand.parse(band), patients=n)
            for (band, sex, _), n in zip(cells, counts, strict=True)]


def opening(evenings: Sequence[Weekday], saturday_morning: bool) -> tuple[OpeningSlot, ...]:
    """Weekday mornings and afternoons, the given evenings, and a Saturday morning if open."""
    slots = [OpeningSlot(weekday=d, session=s) for d in WEEKDAYS for s in (Session.AM, Session.PM)]
    slots += [OpeningSlot(weekday=d, session=Session.EVENING) for d in evenings]
    if saturday_morning:
        slots.append(OpeningSlot(weekday=Weekday.SAT, session=Session.AM))
    return tuple(slots)


def existing_fte(staff_rows: Sequence[tuple], role: str) -> float:
    """FTE in post: the named staff's weekly sessions (a row's third field) over a 9-session full-time week."""
    return round(sum(row[2] for row in staff_rows if row[0] == role) / SESSIONS_IN_A_FULL_WEEK, 2)


def leave_every_fourth(index: int, plan_start: dt.date) -> tuple[LeavePeriod, ...]:
    """A week of leave for every fourth person, spread over the first four rota weeks."""
    if index % 4 != 1:
        return ()
    start = plan_start + dt.timedelta(weeks=(index // 4) % 4)
    return (LeavePeriod(start=start, end=start + dt.timedelta(days=4)),)


def named_staff(rows: Sequence[tuple], plan_start: dt.date, first_names: Sequence[str], surnames: Sequence[str],
                titles: Mapping[str, str], leaving_years: Mapping[str, str]) -> list[StaffMember]:
    """People from (role, home, sessions, evenings, Saturdays, age band) rows: ids S001..., invented names,
    part-timers (6 sessions or fewer) never on Wednesday afternoons, every fourth on a week's leave."""
    staff = []
    for index, (role, home, sessions, evenings, saturdays, age_band) in enumerate(rows):
        name = f"{titles.get(role, '')}{first_names[index % len(first_names)]} {surnames[(index * 7) % len(surnames)]}"
        unavailable = (OpeningSlot(weekday=Weekday.WED, session=Session.PM),) if sessions <= 6 else ()
        staff_id = f"S{index + 1:03d}"
        staff.append(StaffMember(staff_id=staff_id, name=name, role=role, home_practice=home,
                                 sessions_per_week=sessions, works_evenings=evenings, works_saturdays=saturdays,
                                 leave=leave_every_fourth(index, plan_start), unavailable=unavailable,
                                 age_band=age_band, leaving_year=leaving_years.get(staff_id)))
    return staff


def weekday_cover(cover: Mapping[str, Sequence[tuple[str, int, int]]]) -> list[CoverRule]:
    """Practice -> (role, morning minimum, afternoon minimum): the same every weekday."""
    return [CoverRule(practice=code, role=role, weekday=day, session=session, minimum=n)
            for code, rules in cover.items() for role, am, pm in rules for day in WEEKDAYS
            for session, n in ((Session.AM, am), (Session.PM, pm)) if n > 0]


def write_scenario(scenario: Scenario, out: Path, care_model: str = "pch-default") -> None:
    """Write ``scenario`` to the workbook a user edits, its drop-downs drawn from ``care_model``."""
    from pch_workforce.care_model import load_care_model
    from pch_workforce.output import save_workbook_atomic
    from pch_workforce.scenario.loader import care_model_dirs
    from pch_workforce.scenario.writer import Catalogue, build_workbook

    catalogue = Catalogue.of(care_model, load_care_model(care_model, care_model_dirs(out)))
    save_workbook_atomic(build_workbook(catalogue, scenario), out)
    print(f"wrote {out}")

"""Generate Curtois & Qu format shift-scheduling instances, feasible by construction.

    python -m benchmarks.curtois_generate --staff 150 --weeks 52 --shift-types 32 --seed 0 -o FILE

The published benchmark (T. Curtois and R. Qu, "Computational results on new staff scheduling
benchmark instances", University of Nottingham, 2014) runs to 150 staff, 52 weeks and 32 shift
types; only instances 1-12 ship with this repository. This generator writes instances of any size
in the same file format (read by :func:`benchmarks.curtois.read_instance`) with every rule the
format has: shift lengths and forbidden successions, per-staff caps on each shift type, most and
fewest minutes, longest and shortest runs of working days, shortest run of days off, most
weekends, fixed days off, weighted on and off requests, and cover with under and over weights.

Feasibility by construction: a hidden roster is drawn first (runs of work and rest of lengths the
person's contract allows, shift types that never break a forbidden succession) and every limit
is set around it (minutes, weekends and type caps at or beyond what it works; days off only where
it rests), so the hidden roster keeps every hard rule and a solver that finds no rota at all is at
fault, not the instance. Cover is the hidden roster's own count moved by -1, 0 or +1 at random, so
the optimum is not simply the hidden roster. The same arguments always give the same file.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import click

from pch_workforce.rota.problem import Assignment, Rota

# start-time bands, earliest first; a later band's shifts may not be followed next day by an
# earlier band's (the benchmark's way of writing minimum rest), as in the published files
BANDS = ("a", "d", "p", "n")
LENGTHS = (480, 480, 480, 600, 720)
WEIGHT_UNDER, WEIGHT_OVER = 100, 1


@dataclass(frozen=True)
class Size:
    """One generated size: staff, weeks and shift types (and the seed that draws it)."""

    staff: int
    weeks: int
    shift_types: int
    seed: int = 0

    @property
    def name(self) -> str:
        return f"gen-{self.staff}s-{self.weeks}w-{self.shift_types}t-seed{self.seed}"


@dataclass(frozen=True)
class _Shift:
    id: str
    band: int
    length: int


@dataclass
class _Person:
    id: str
    allowed: list[_Shift]
    max_consecutive: int
    min_consecutive: int
    min_days_off: int
    roster: list[_Shift | None]  # the hidden roster: a shift or None for each day


@dataclass(frozen=True)
class Generated:
    """An instance's text and the hidden roster that keeps every hard rule in it."""

    text: str
    hidden: dict[str, dict[int, str]]  # staff id -> day -> shift id

    def hidden_rota(self, location_id: str = "ward") -> Rota:
        """The hidden roster as a rota of the engine (the reader puts everyone at one place)."""
        return Rota(assignments=tuple(
            Assignment(staff_id=sid, day=day, shift_id=shift_id, location_id=location_id)
            for sid, days in self.hidden.items()
            for day, shift_id in sorted(days.items())
        ))


def staff_ids(n: int) -> list[str]:
    """A, B, ..., Z, AA, AB, ... (as the published files name their staff)."""
    out = []
    for i in range(n):
        name, k = "", i
        while True:
            name = chr(ord("A") + k % 26) + name
            k = k // 26 - 1
            if k < 0:
                break
        out.append(name)
    return out


def _shifts(rng: random.Random, count: int) -> list[_Shift]:
    bands = min(len(BANDS), count)
    out = []
    for i in range(count):
        band = i * bands // count
        index = sum(1 for s in out if s.band == band) + 1
        length = 720 if band == 3 and rng.random() < 0.5 else rng.choice(LENGTHS)
        out.append(_Shift(f"{BANDS[band]}{index}", band, length))
    return out


def _allowed(rng: random.Random, shifts: list[_Shift]) -> list[_Shift]:
    """A few bands, and within each a random non-empty subset of its shift types."""
    bands = sorted({s.band for s in shifts})
    chosen = rng.sample(bands, rng.randint(1, min(3, len(bands))))
    out = []
    for band in sorted(chosen):
        mine = [s for s in shifts if s.band == band]
        keep = [s for s in mine if rng.random() < 0.5] or [rng.choice(mine)]
        out.extend(keep)
    return out


def _run_of_shifts(rng: random.Random, allowed: list[_Shift], length: int) -> list[_Shift]:
    """``length`` working days whose bands never go down (so no forbidden succession inside)."""
    current = rng.choice(allowed)
    out = []
    for _ in range(length):
        if rng.random() < 0.2:
            later = [s for s in allowed if s.band >= current.band]
            current = rng.choice(later)
        out.append(current)
    return out


def _hidden_roster(rng: random.Random, person: _Person, days: int, part_time: bool) -> list[_Shift | None]:
    """Alternating runs of work and rest inside the person's run limits, about 4.5 shifts a
    week for full time and 2.5 for part time."""
    lo, hi = person.min_consecutive, person.max_consecutive
    mean_work = (lo + hi) / 2
    fraction = 0.36 if part_time else 0.64
    mean_off = max(person.min_days_off, mean_work * (1 - fraction) / fraction)
    roster: list[_Shift | None] = []
    working = rng.random() < fraction
    while len(roster) < days:
        if working:
            roster.extend(_run_of_shifts(rng, person.allowed, rng.randint(lo, hi)))
        else:
            extra = max(0.0, rng.gauss(mean_off - person.min_days_off, 1.0))
            roster.extend([None] * (person.min_days_off + round(extra)))
        working = not working
    return roster[:days]


def generate(staff: int, weeks: int, shift_types: int, seed: int = 0) -> Generated:
    """One instance of ``staff`` people over ``weeks`` weeks with ``shift_types`` shift types."""
    if not (1 <= staff and 1 <= weeks and 1 <= shift_types):
        raise ValueError("staff, weeks and shift types must each be at least 1")
    rng = random.Random(f"curtois-{staff}-{weeks}-{shift_types}-{seed}")
    days = 7 * weeks
    shifts = _shifts(rng, shift_types)
    people = []
    for sid in staff_ids(staff):
        max_cons = rng.choice((4, 5, 5, 6, 6))
        min_cons = rng.choice((1, 2, 2, 3))
        person = _Person(sid, _allowed(rng, shifts), max_cons, min(min_cons, max_cons), rng.choice((1, 2, 2, 3)), [])
        person.roster = _hidden_roster(rng, person, days, part_time=rng.random() < 0.15)
        people.append(person)
    lines = ["# Generated by benchmarks/curtois_generate.py (feasible by construction)",
             f"# staff {staff}, weeks {weeks}, shift types {shift_types}, seed {seed}", ""]
    lines += ["SECTION_HORIZON", "# The horizon length in days:", str(days), ""]
    lines += ["SECTION_SHIFTS", "# ShiftID, Length in mins, Shifts which cannot follow this shift | separated"]
    for s in shifts:
        banned = [t.id for t in shifts if t.band < s.band]
        lines.append(f"{s.id},{s.length},{'|'.join(banned)}")
    lines += ["", "SECTION_STAFF", "# ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, "
              "MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends"]
    for p in people:
        lines.append(_staff_line(rng, p, shifts, days))
    lines += ["", "SECTION_DAYS_OFF", "# EmployeeID, DayIndexes (start at zero)"]
    for p in people:
        rest = [d for d, s in enumerate(p.roster) if s is None]
        chosen = sorted(rng.sample(rest, min(len(rest), rng.randint(1, max(1, days // 14)))))
        if chosen:
            lines.append(",".join([p.id, *map(str, chosen)]))
    on, off = _requests(rng, people, shifts, days)
    lines += ["", "SECTION_SHIFT_ON_REQUESTS", "# EmployeeID, Day, ShiftID, Weight", *on]
    lines += ["", "SECTION_SHIFT_OFF_REQUESTS", "# EmployeeID, Day, ShiftID, Weight", *off]
    lines += ["", "SECTION_COVER", "# Day, ShiftID, Requirement, Weight for under, Weight for over"]
    for d in range(days):
        for s in shifts:
            worked = sum(1 for p in people if p.roster[d] is s)
            wanted = max(0, worked + rng.choices((-1, 0, 1), weights=(2, 5, 3))[0])
            lines.append(f"{d},{s.id},{wanted},{WEIGHT_UNDER},{WEIGHT_OVER}")
    hidden = {p.id: {d: s.id for d, s in enumerate(p.roster) if s is not None} for p in people}
    return Generated("\n".join(lines) + "\n", hidden)


def _staff_line(rng: random.Random, p: _Person, shifts: list[_Shift], days: int) -> str:
    """The person's limits, each at or beyond what the hidden roster works."""
    worked = [s for s in p.roster if s is not None]
    caps = []
    for s in shifts:
        if s not in p.allowed:
            caps.append(f"{s.id}=0")
        elif rng.random() < 0.3:
            caps.append(f"{s.id}={min(days, worked.count(s) + rng.randint(0, 2))}")
        else:
            caps.append(f"{s.id}={days}")
    minutes = sum(s.length for s in worked)
    slack = 480 * max(1, days // 28)
    most = minutes + rng.randint(0, slack)
    fewest = max(0, minutes - rng.randint(0, slack))
    weekends = len({d // 7 for d, s in enumerate(p.roster) if s is not None and d % 7 >= 5})
    max_weekends = min(days // 7, weekends + rng.choice((0, 0, 1, 2)))
    return (
        f"{p.id},{'|'.join(caps)},{most},{fewest},{p.max_consecutive},{p.min_consecutive},"
        f"{p.min_days_off},{max_weekends}"
    )


def _requests(rng: random.Random, people: list[_Person], shifts: list[_Shift], days: int) -> tuple[list[str], list[str]]:
    """About one on and one off request per person a fortnight, weights 1-3; some agree with
    the hidden roster and some do not."""
    on, off = [], []
    for p in people:
        for d in sorted(rng.sample(range(days), min(days, days // 14 + 1))):
            shift = p.roster[d] if p.roster[d] is not None and rng.random() < 0.5 else rng.choice(p.allowed)
            on.append(f"{p.id},{d},{shift.id},{rng.randint(1, 3)}")
        for d in sorted(rng.sample(range(days), min(days, days // 14 + 1))):
            shift = p.roster[d] if p.roster[d] is not None and rng.random() < 0.3 else rng.choice(shifts)
            off.append(f"{p.id},{d},{shift.id},{rng.randint(1, 3)}")
    return on, off


def write(size: Size, folder: Path) -> Path:
    """Write ``size``'s instance into ``folder`` (same name and content every time)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{size.name}.txt"
    path.write_text(generate(size.staff, size.weeks, size.shift_types, size.seed).text)
    return path


@click.command()
@click.option("--staff", type=click.IntRange(1, 1000), required=True)
@click.option("--weeks", type=click.IntRange(1, 104), required=True)
@click.option("--shift-types", type=click.IntRange(1, 64), required=True)
@click.option("--seed", default=0, show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def main(staff: int, weeks: int, shift_types: int, seed: int, output: Path) -> None:
    """Write one generated instance to OUTPUT."""
    output.write_text(generate(staff, weeks, shift_types, seed).text)
    click.echo(f"wrote {output}")


if __name__ == "__main__":
    main()

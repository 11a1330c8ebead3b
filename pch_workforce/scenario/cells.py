"""Cell parsers: turn what a planner typed into a Python value, or say plainly what is wrong.

Each parser takes the raw cell value (as openpyxl gives it) and returns a value or raises
``ValueError`` with a message that finishes the sentence "Staff!E7: ...".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from pch_workforce.scenario.model import (
    AgeBand,
    FundingShare,
    OpeningSlot,
    Session,
    Weekday,
    check_financial_year,
    funding_problem,
)

CellParser = Callable[[Any], Any]

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_DAYS = [day.value for day in Weekday]


def describe(value: Any) -> str:
    """Show a cell value the way a planner would recognise it in an error message."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def short_text(most: int, what: str = "value") -> CellParser:
    """Text of at most ``most`` characters (a code that labels rota cells), said in words, not pydantic's."""

    def parse(value: Any) -> str:
        token = text(value)
        if len(token) > most:
            raise ValueError(f"{what} must be at most {most} characters, got {describe(token)} ({len(token)})")
        return token

    return parse


def whole_number(lower: int | None = 0, upper: int | None = None, what: str = "value") -> CellParser:
    """A whole number in [lower, upper]; 12.0 is accepted as 12, 12.5 and "twelve" are not."""

    def parse(value: Any) -> int:
        number = _number(value)
        if number is None or not float(number).is_integer():
            raise ValueError(f"{what} must be a whole number{_range(lower, upper)}, got {describe(value)}")
        number = int(number)
        if (lower is not None and number < lower) or (upper is not None and number > upper):
            raise ValueError(f"{what} must be a whole number{_range(lower, upper)}, got {number}")
        return number

    return parse


def decimal(lower: float | None = 0, upper: float | None = None, what: str = "value",
            lower_open: bool = False) -> CellParser:
    """A number in [lower, upper] (or (lower, upper] when ``lower_open``)."""

    def parse(value: Any) -> float:
        number = _number(value)
        bound = _range(lower, upper, lower_open)
        if number is None:
            raise ValueError(f"{what} must be a number{bound}, got {describe(value)}")
        below = lower is not None and (number <= lower if lower_open else number < lower)
        if below or (upper is not None and number > upper):
            raise ValueError(f"{what} must be a number{bound}, got {number:g}")
        return float(number)

    return parse


def yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    token = text(value).lower()
    if token in _YES:
        return True
    if token in _NO:
        return False
    raise ValueError(f'must be "yes" or "no", got {describe(value)}')


def one_of(choices: Sequence[str], what: str = "value") -> CellParser:
    """One of a fixed list, matched without regard to case; the message lists the choices."""
    lookup = {choice.lower(): choice for choice in choices}

    def parse(value: Any) -> str:
        token = text(value)
        if token.lower() in lookup:
            return lookup[token.lower()]
        raise ValueError(f"{what} must be one of {', '.join(choices)}; got {describe(value)}")

    return parse


def scalar(value: Any) -> float | bool | str:
    """A number, yes/no or text: the value of a care-model override, typed as the planner wrote it."""
    if isinstance(value, bool):
        return value
    number = _number(value)
    if number is not None:
        return float(number)
    token = text(value)
    if token.lower() in ("yes", "no", "true", "false"):
        return token.lower() in ("yes", "true")
    return token


def date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(text(value))
    except ValueError:
        raise ValueError(f"must be a date (YYYY-MM-DD), got {describe(value)}") from None


_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def clock_time(value: Any) -> int:
    """A time of day as minutes after midnight: an Excel time cell, a fraction of a day (0.5 = 12:00),
    or text "08:00", "8:00" or "8.00"."""
    if isinstance(value, dt.datetime):  # a whole number typed in a time cell reads as a date: not a clock time
        raise ValueError(f"must be a time of day like 08:00 (24-hour clock), got the date {describe(value)}")
    if isinstance(value, dt.time):
        return round((value.hour * 3600 + value.minute * 60 + value.second) / 60)
    if isinstance(value, dt.timedelta) and dt.timedelta(0) <= value < dt.timedelta(days=1):
        return round(value.total_seconds() / 60)
    number = _number(value) if not isinstance(value, str) else None
    if number is not None and 0 <= number < 1 and round(number * 24 * 60) < 24 * 60:
        return round(number * 24 * 60)
    match = _CLOCK.match(text(value))
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return int(match.group(1)) * 60 + int(match.group(2))
    raise ValueError(f"must be a time of day like 08:00 (24-hour clock), got {describe(value)}")


def age_band(value: Any) -> AgeBand:
    if isinstance(value, dt.datetime):  # Excel turns "1-4" into 1 April
        raise ValueError(
            f"age band was read as the date {describe(value)}: format the column as Text and type e.g. 0-4"
        )
    return AgeBand.parse(text(value))


_FINANCIAL_YEAR = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")


def financial_year(value: Any) -> str:
    """An NHS financial year, April to March: "2028/29" (also read: 2028-29, 2028/2029)."""
    if isinstance(value, (dt.date, dt.datetime)):  # Excel may turn a year pair into a date
        raise ValueError(f"was read as the date {describe(value)}: format the column as Text and type a "
                         "financial year like 2028/29")
    match = _FINANCIAL_YEAR.match(text(value))
    if match:
        start, end = int(match.group(1)), int(match.group(2))
        if end == start + 1 or end == (start + 1) % 100:
            return check_financial_year(f"{start}/{(start + 1) % 100:02d}")
    raise ValueError(f"must be a financial year like 2028/29 (April to March), got {describe(value)}")


def weekdays(value: Any) -> tuple[Weekday, ...]:
    """'Mon-Fri', 'Tue, Thu' or 'Mon-Wed, Fri' → the weekdays, in order."""
    days: set[int] = set()
    for part in _split(value, ","):
        if "-" in part:
            first, _, last = (token.strip() for token in part.partition("-"))
            start, end = _day_index(first, value), _day_index(last, value)
            if end < start:
                raise ValueError(f"day range {part!r} runs backwards")
            days.update(range(start, end + 1))
        else:
            days.add(_day_index(part, value))
    return tuple(Weekday(_DAYS[i]) for i in sorted(days))


def weekday_sessions(value: Any) -> tuple[OpeningSlot, ...]:
    """'Wed PM; Fri AM' → the weekday sessions named (used for staff who never work a slot)."""
    slots = []
    for part in _split(value, ";,"):
        tokens = part.split()
        if len(tokens) != 2:
            raise ValueError(f'each entry must be a weekday and a session, e.g. "Wed PM"; got {part!r}')
        day = Weekday(_DAYS[_day_index(tokens[0], value)])
        session = one_of([s.value for s in Session], "session")(tokens[1])
        slots.append(OpeningSlot(weekday=day, session=Session(session)))
    return tuple(slots)


def leave_periods(value: Any) -> tuple[tuple[dt.date, dt.date], ...]:
    """'2026-12-21 to 2026-12-24; 2027-01-04' → (start, end) pairs, a single date being one day."""
    if isinstance(value, (dt.date, dt.datetime)):
        day = date(value)
        return ((day, day),)
    periods = []
    for part in _split(value, ";,"):
        first, sep, last = part.partition(" to ")
        try:
            start = dt.date.fromisoformat(first.strip())
            end = dt.date.fromisoformat(last.strip()) if sep else start
        except ValueError:
            raise ValueError(
                f'leave must be dates like "2026-12-21 to 2026-12-24; 2027-01-04", got {part!r}'
            ) from None
        if end < start:
            raise ValueError(f"leave {part!r} ends before it starts")
        periods.append((start, end))
    return tuple(periods)


def funding(value: Any) -> tuple[FundingShare, ...]:
    """'site 0.5; mental health trust 0.5' → each payer and its share; the shares must add up to 1.

    Entries are split on ';' (or ',' or a new line); the last word of each is its share, a number
    above 0 and at most 1 (or a percentage). The payer "site" is the capitated budget.
    """
    shares = tuple(_funding_share(part) for part in _split(value, ";,\n"))
    problem = funding_problem(shares)
    if problem:
        raise ValueError(problem)
    return shares


def _funding_share(entry: str) -> FundingShare:
    """One "payer share" entry; the share is the last word, so a payer's name may hold spaces."""
    words = entry.rsplit(maxsplit=1)
    payer, share_text = (words[0], words[1]) if len(words) == 2 else ("", words[0])
    share = _share(share_text)
    if not payer:
        if share is None:
            raise ValueError(f'"{entry}" has no share: write each payer and its share, e.g. "site 0.5"')
        raise ValueError(f'the share {share_text} has no payer: write the payer\'s name before it, e.g. "site 0.5"')
    if share is None or not 0 < share <= 1:
        raise ValueError(f'the share of "{payer}" must be a number above 0 and at most 1, got "{share_text}"')
    return FundingShare(payer=payer, share=share)


def _share(token: str) -> float | None:
    """A share as written: 0.5, or 50% (a planner's habit)."""
    percent = token.endswith("%")
    number = _number(token.removesuffix("%"))
    if number is None:
        return None
    return number / 100 if percent else float(number)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return None if (isinstance(value, float) and not math.isfinite(value)) else value
    if isinstance(value, str):
        cleaned = value.strip().replace(",", "").lstrip("£")
        try:
            number = float(cleaned)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _range(lower: float | None, upper: float | None, lower_open: bool = False) -> str:
    """The allowed range in words; an open lower bound says "above", since "0–1" would invite a 0."""
    if lower_open and lower is not None:
        return f" above {lower:g}" + (f" and at most {upper:g}" if upper is not None else "")
    if lower is not None and upper is not None:
        return f" {lower:g}–{upper:g}"
    if lower is not None:
        return f" of at least {lower:g}"
    if upper is not None:
        return f" of at most {upper:g}"
    return ""


def _split(value: Any, separators: str) -> list[str]:
    return [part.strip() for part in re.split(f"[{re.escape(separators)}]", text(value)) if part.strip()]


def _day_index(token: str, whole: Any) -> int:
    key = token.strip()[:3].title()
    if key not in _DAYS:
        raise ValueError(f"{token!r} is not a weekday (Mon–Sat) in {describe(whole)}")
    return _DAYS.index(key)

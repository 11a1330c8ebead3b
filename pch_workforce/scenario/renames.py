"""A role id renamed on the Roles sheet, reported once at the cell that changed.

Renaming a role on the Roles sheet leaves every Staff and Cover row that uses the old id pointing at
nothing. Reported at those rows, one edit reads as many unrelated mistakes far from their cause; the
care model tells which side changed: the old id is one of its roles, the new one is not.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from difflib import SequenceMatcher

from pch_workforce.scenario.model import Site

# How alike two ids must be to pair them when the counts of new and old ids differ (0-1, difflib's ratio).
LIKENESS = 0.5

RoleUses = dict[str, dict[str, list[int]]]  # role id -> sheet -> workbook rows that use it


@dataclass(frozen=True)
class KnownRoles:
    """The role ids of the scenario's care model, with its name for messages."""

    care_model: str
    ids: frozenset[str]


# Looks up the care model a Site names; None when it cannot be loaded (then no rename is guessed).
RoleCatalogue = Callable[[Site], KnownRoles | None]


@dataclass(frozen=True)
class Rename:
    """A Roles-sheet id the care model does not know, standing where an id the other sheets use was."""

    new: str
    old: str
    row: int  # the Roles row holding ``new``
    uses: dict[str, list[int]]  # sheet -> rows that still use ``old``

    def message(self, care_model: str) -> str:
        """The one problem: what is wrong, where the old id is still used, and what to do."""
        total = sum(len(rows) for rows in self.uses.values())
        return (f'role "{self.new}" is not in care model "{care_model}", and "{self.old}", which is, is no '
                f"longer on the Roles sheet, yet {_uses_text(self.uses)}: was \"{self.old}\" renamed "
                f'"{self.new}" here? Type "{self.old}" back in this cell; to use another role instead, give an id '
                f"of the care model (see the Lists sheet) here and on those {_count(total, 'row')}")


def find_renames(listed: list[tuple[int, str]], uses: RoleUses, known: Collection[str]) -> list[Rename]:
    """Pair the Roles sheet's ids the care model does not know with the care-model ids that other sheets
    use but the Roles sheet lacks; an id used elsewhere that the care model does not know is a mistake
    at its own rows, not a rename."""
    rows: dict[str, int] = {}
    for row, role in listed:
        rows.setdefault(role, row)  # a duplicate id is reported on its own
    strangers = [role for role in rows if role not in known]
    missing = [role for role in uses if role in known]
    return [Rename(new=new, old=old, row=rows[new], uses=uses[old]) for new, old in _pair(strangers, missing)]


def _pair(strangers: list[str], missing: list[str]) -> list[tuple[str, str]]:
    """Most alike first. When the counts match, every id was renamed (to anything, even a display name);
    when they do not, only ids alike enough to be the same role are paired."""
    everyone = len(strangers) == len(missing)
    scored = sorted(((_likeness(new, old), new, old) for new in strangers for old in missing),
                    key=lambda candidate: -candidate[0])  # stable: ties keep workbook order
    pairs: dict[str, str] = {}
    for likeness, new, old in scored:
        if new in pairs or old in pairs.values() or (not everyone and likeness < LIKENESS):
            continue
        pairs[new] = old
    return [(new, pairs[new]) for new in strangers if new in pairs]


def _likeness(new: str, old: str) -> float:
    """Case and separators ignored: "GP", "g.p." and "gp" are the same id typed differently."""

    def plain(role: str) -> str:
        return "".join(ch for ch in role.lower() if ch.isalnum())

    return SequenceMatcher(None, plain(new), plain(old)).ratio()


def _uses_text(uses: dict[str, list[int]]) -> str:
    """'the Staff sheet uses it on 18 rows and the Cover sheet on 63'."""
    (sheet, rows), *rest = uses.items()
    first = f"the {sheet} sheet uses it on {_count(len(rows), 'row')}"
    others = [f"the {sheet} sheet on {len(rows)}" for sheet, rows in rest]
    return ", ".join([first, *others[:-1]]) + (f" and {others[-1]}" if others else "")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"

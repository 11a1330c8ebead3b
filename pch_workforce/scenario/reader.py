"""Read a scenario workbook into a Scenario, collecting every problem with its sheet, row and column.

This checks what the workbook alone can tell (types, ranges, cross-sheet references, duplicates);
given the care model's role ids, it also tells a role renamed on the Roles sheet from its uses
(``scenario.renames``).
Checks that need the care model live in ``scenario.loader``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from pydantic import BaseModel, ValidationError

from pch_workforce.care_model.pricing import financial_year_of
from pch_workforce.errors import InputError, Problem
from pch_workforce.scenario import schema
from pch_workforce.scenario.cells import describe, is_blank
from pch_workforce.scenario.model import Practice, Scenario, Site
from pch_workforce.scenario.renames import KnownRoles, RoleCatalogue, RoleUses, find_renames
from pch_workforce.scenario.workbook_file import SheetValues, open_workbook


def cell_ref(sheet: str, row: int, column: int) -> str:
    return f"{sheet}!{get_column_letter(column)}{row}"


@dataclass(frozen=True)
class SourceRows:
    """Where each item came from, so later checks (care model, overrides) can place their errors."""

    site_cells: dict[str, str]  # Site field -> cell reference
    rows: dict[str, list[int]]  # sheet name -> workbook row of each item, in Scenario order

    def ref(self, sheet: str, index: int, column: int) -> str:
        return cell_ref(sheet, self.rows[sheet][index], column)


def read_scenario(path: Path) -> Scenario:
    """Read and validate a scenario workbook; raise InputError listing every problem found."""
    return read_scenario_with_rows(path)[0]


def read_scenario_with_rows(path: Path, role_catalogue: RoleCatalogue | None = None
                            ) -> tuple[Scenario, SourceRows]:
    """Read a scenario workbook and remember the row each item came from.

    ``role_catalogue`` gives the role ids of the care model the Site names: with it, a role renamed on
    the Roles sheet is one problem at that cell, not one at each sheet still using the old id.
    """
    sheets = open_workbook(Path(path))
    refuse_a_plan_workbook(Path(path), sheets)
    problems: list[Problem] = []
    site_cells: dict[str, str] = {}
    site_filled: set[str] = set()
    site = _read_site(sheets.get(schema.SITE_SHEET), problems, site_cells, site_filled)
    tables: dict[str, list[tuple[int, BaseModel]]] = {}
    failed_keys: dict[str, set[str]] = {spec.name: set() for spec in schema.TABLE_SHEETS}
    for spec in schema.TABLE_SHEETS:
        sheet = sheets.get(spec.name)
        if sheet is None:
            if spec.name not in schema.OPTIONAL_SHEETS:
                problems.append(Problem(spec.name, "sheet is missing (start from `pch-workforce template`)"))
            tables[spec.name] = []
            continue
        tables[spec.name] = _read_table(sheet, spec, problems, failed_keys[spec.name])
    for name in schema.REQUIRED_NONEMPTY:
        if name in sheets and not tables[name] and not failed_keys[name]:
            problems.append(Problem(name, f"no {name.lower()} given: fill in at least one row from row "
                                          f"{schema.FIRST_DATA_ROW}"))
    if schema.SITE_SHEET in sheets:
        income_given = bool(tables[schema.INCOME.name] or failed_keys[schema.INCOME.name])
        _check_one_budget(schema.BUDGET_FIELD in site_filled, income_given, site_cells, problems)
    _check_references(tables, failed_keys, problems,
                      lambda: role_catalogue(site) if role_catalogue and site else None)
    if site is not None:
        _check_years(site, tables, problems)
    if problems or site is None:
        raise InputError(sorted(set(problems), key=_sheet_order))
    rows = SourceRows(site_cells, {name: [row for row, _ in items] for name, items in tables.items()})
    return _scenario(site, tables), rows


def _scenario(site: Site, tables: dict[str, list[tuple[int, BaseModel]]]) -> Scenario:
    """Join the Site settings and the sheets' rows; each was validated alone, so this cannot fail on input."""

    def items(spec: schema.SheetSpec) -> tuple[Any, ...]:
        return tuple(model for _, model in tables[spec.name])

    try:
        return Scenario(
            site=site,
            practices=items(schema.PRACTICES),
            population=items(schema.POPULATION),
            registers=items(schema.REGISTERS),
            roles=items(schema.ROLES),
            staff=items(schema.STAFF),
            cover_rules=items(schema.COVER),
            rota_rules=items(schema.ROTA_RULES),
            overrides=items(schema.OVERRIDES),
            care_homes=items(schema.CARE_HOMES),
            income=items(schema.INCOME),
            session_times=items(schema.SESSIONS_SHEET),
            trajectory_roles=items(schema.TRAJECTORY),
            pipeline=items(schema.PIPELINE),
        )
    except ValidationError as error:  # every row was valid alone, so this is a bug, not bad input
        raise AssertionError(f"scenario rows validated but the scenario did not: {error}") from error


def _check_one_budget(budget_given: bool, income_given: bool, site_cells: dict[str, str],
                      problems: list[Problem]) -> None:
    """The capitated budget is one figure on the Site sheet or the sum of the Income sheet's streams
    (a row with a mistake still counts): with both, which one is meant is not ours to guess; with
    neither, there is no budget to plan in."""
    label = schema.setting(schema.BUDGET_FIELD).label
    where = site_cells.get(schema.BUDGET_FIELD, schema.SITE_SHEET)
    income = schema.INCOME.name
    if budget_given and income_given:
        problems.append(Problem(where, f"{label}: the {income} sheet also gives the budget, as the sum of its "
                                       f"streams; clear one: this cell or the {income} sheet's rows"))
    elif not budget_given and not income_given:
        problems.append(Problem(where, f"{label} is required unless the {income} sheet lists the income "
                                       "streams that make it up; fill in one of them"))


# Sheets every plan workbook (`pch-workforce plan`) has and no scenario workbook does.
PLAN_WORKBOOK_SHEETS = frozenset({"Cover", "Contents", "Summary"})


def refuse_a_plan_workbook(path: Path, sheets: dict[str, SheetValues]) -> None:
    """A plan workbook given where a scenario is expected: one error that says so, not a header error for
    every sheet the two happen to share."""
    if schema.SITE_SHEET not in sheets and PLAN_WORKBOOK_SHEETS <= set(sheets):
        raise InputError([Problem(str(path), "this is a plan workbook written by `pch-workforce plan`, not a "
                                             "scenario; give the scenario workbook it was planned from (its Cover "
                                             "names it)")])


def _sheet_order(problem: Problem) -> tuple[int, int, int, str]:
    """Errors listed in workbook order: sheet as in the template, then row, then column."""
    order = [schema.SITE_SHEET] + [spec.name for spec in schema.TABLE_SHEETS]
    sheet, _, ref = problem.where.partition("!")
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    column = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(letters)))
    return (order.index(sheet) if sheet in order else len(order), int(digits or 0), column, problem.message)


def _formula_problem(sheet: SheetValues, row: int, column: int) -> Problem | None:
    """A formula with no saved value, or a cell holding an Excel error (#N/A, #DIV/0!): never a value."""
    where = cell_ref(sheet.name, row, column)
    if (row, column) in sheet.error_values:
        formula, error = sheet.error_values[(row, column)]
        source = f"formula {formula} gives" if formula else "cell holds"
        return Problem(where, f"{source} the Excel error {error}; fix it or type the value")
    formula = sheet.formulas_without_value.get((row, column))
    if formula is None:
        return None
    return Problem(where,
                   f"formula {formula} has no saved value; open and save the workbook in Excel or "
                   "LibreOffice so its value is stored, or type the value")


def _merged_note(sheet: SheetValues, row: int, column: int) -> str:
    """Why a cell that looks filled in Excel reads as blank: it is hidden under a merged cell."""
    merged = sheet.merged_into.get((row, column))
    return f" (it is merged into {merged}: unmerge the cells and fill in each one)" if merged else ""


def _site_rows(sheet: SheetValues, problems: list[Problem]) -> dict[str, int]:
    """The row of each label in column A (lower case); a known setting given twice is an error."""
    rows_by_label: dict[str, int] = {}
    known = {setting.label.lower() for setting in schema.SITE_SETTINGS}
    for row in range(schema.FIRST_DATA_ROW, len(sheet.rows) + 1):
        label = sheet.cell(row, 1)
        if not (isinstance(label, str) and label.strip()):
            continue
        key = label.strip().lower()
        if key in rows_by_label and key in known:  # which of two values is meant? not ours to guess
            problems.append(Problem(cell_ref(schema.SITE_SHEET, row, 1),
                                    f'setting "{label.strip()}" is given twice (first on row {rows_by_label[key]}); '
                                    "keep one"))
        rows_by_label.setdefault(key, row)
    return rows_by_label


def _read_site(sheet: SheetValues | None, problems: list[Problem], places: dict[str, str],
               filled: set[str]) -> Site | None:
    """The Site settings; ``places`` gets each setting's cell and ``filled`` the fields not left blank.

    An optional setting whose row is missing reads as blank, so a workbook from before the setting
    existed still reads.
    """
    if sheet is None:
        problems.append(Problem(schema.SITE_SHEET, "sheet is missing (start from `pch-workforce template`)"))
        return None
    rows_by_label = _site_rows(sheet, problems)
    values: dict[str, Any] = {}
    before = len(problems)
    for setting in schema.SITE_SETTINGS:
        row = rows_by_label.get(setting.label.lower())
        if row is None:
            if setting.required:
                problems.append(Problem(schema.SITE_SHEET, f'setting "{setting.label}" is missing from column A'))
            continue
        where = cell_ref(schema.SITE_SHEET, row, 2)
        places[setting.field] = where
        formula = _formula_problem(sheet, row, 2)
        if formula:
            problems.append(formula)
            filled.add(setting.field)
            continue
        raw = sheet.cell(row, 2)
        if is_blank(raw):
            if setting.required:
                problems.append(Problem(where, f"{setting.label} is required{_merged_note(sheet, row, 2)}"))
            continue
        filled.add(setting.field)
        try:
            values[setting.field] = setting.parse(raw)
        except ValueError as error:
            problems.append(Problem(where, f"{setting.label}: {error}"))
    if len(problems) > before:
        return None
    try:
        return Site(**values)
    except ValidationError as error:
        for item in error.errors():
            field = str(item["loc"][0]) if item["loc"] else ""
            problems.append(Problem(places.get(field, schema.SITE_SHEET), _pydantic_message(item)))
        return None


def _read_table(sheet: SheetValues, spec: schema.SheetSpec, problems: list[Problem],
                failed_keys: set[str]) -> list[tuple[int, BaseModel]]:
    """Rows that parse become models; the first-cell keys of rows that don't go to ``failed_keys``
    so that other sheets referring to them are not reported twice.

    When the headers are not the template's, every cell would be read under the wrong header (an
    older layout, a moved column), so the headers are reported and no row is read.
    """
    present = _present_columns(sheet, spec)
    if not _check_headers(sheet, spec, present, problems):
        failed_keys.update(_key_text(sheet.cell(row, 1)) for row in _data_rows(sheet, spec))
        return []
    items: list[tuple[int, BaseModel]] = []
    for row in _data_rows(sheet, spec):
        values, row_ok = _parse_row(sheet, spec, row, present, problems)
        if not row_ok:
            failed_keys.add(_key_text(values.get(spec.columns[0].field) or sheet.cell(row, 1)))
            continue
        try:
            items.append((row, spec.build(values)))
        except ValidationError as error:
            failed_keys.add(_key_text(values.get(spec.columns[0].field)))
            for item in error.errors():
                field = str(item["loc"][0]) if item["loc"] else (spec.model_error_field or "")
                problems.append(Problem(cell_ref(spec.name, row, spec.column_of(field)), _pydantic_message(item)))
    return items


def _data_rows(sheet: SheetValues, spec: schema.SheetSpec) -> list[int]:
    """Rows holding data: not blank (a formula without a value is not blank) and not an 'e.g.' example."""
    rows = []
    columns = range(1, len(spec.columns) + 1)
    for row in range(schema.FIRST_DATA_ROW, len(sheet.rows) + 1):
        raw = [sheet.cell(row, col) for col in columns]
        if all(is_blank(v) for v in raw) and not any(_formula_problem(sheet, row, col) for col in columns):
            continue
        if isinstance(raw[0], str) and raw[0].strip().lower().startswith(schema.EXAMPLE_MARK):
            continue
        rows.append(row)
    return rows


def _parse_row(sheet: SheetValues, spec: schema.SheetSpec, row: int, present: int,
               problems: list[Problem]) -> tuple[dict[str, Any], bool]:
    """Each cell of a row parsed by its column; blank optional cells, and the cells of columns the workbook
    does not have (the first ``present`` columns are read), are None. False if any cell failed."""
    values: dict[str, Any] = {column.field: None for column in spec.columns[present:]}
    row_ok = True
    for index, column in enumerate(spec.columns[:present], start=1):
        where = cell_ref(spec.name, row, index)
        value = sheet.cell(row, index)
        formula = _formula_problem(sheet, row, index)
        if formula:
            problems.append(formula)
            row_ok = False
        elif is_blank(value):
            if column.required:
                problems.append(Problem(where, f"{column.header} is required{_merged_note(sheet, row, index)}"))
                row_ok = False
            values[column.field] = None
        else:
            try:
                values[column.field] = column.parse(value)
            except ValueError as error:
                problems.append(Problem(where, f"{column.header}: {error}"))
                row_ok = False
    return values, row_ok


def _key_text(value: Any) -> str:
    """A failed row's key as other sheets would write it; "" when the key cell itself is blank."""
    return "" if is_blank(value) else str(value).strip()


def _present_columns(sheet: SheetValues, spec: schema.SheetSpec) -> int:
    """How many of the spec's columns the sheet has: all, less the trailing columns added after workbooks were
    in use (``may_be_missing``) whose headers and cells are all blank, as in a workbook from before them."""
    present = len(spec.columns)
    last_row = len(sheet.rows)
    while present and spec.columns[present - 1].may_be_missing and all(
            is_blank(sheet.cell(row, present)) and _formula_problem(sheet, row, present) is None
            for row in range(schema.HEADER_ROW, last_row + 1)):
        present -= 1
    return present


def _check_headers(sheet: SheetValues, spec: schema.SheetSpec, present: int, problems: list[Problem]) -> bool:
    """True when every header of the first ``present`` columns is the template's; else each wrong one is a
    problem at its cell."""
    before = len(problems)
    for index, column in enumerate(spec.columns[:present], start=1):
        found = sheet.cell(schema.HEADER_ROW, index)
        if isinstance(found, str) and found.strip().lower() == column.header.lower():
            continue
        where = cell_ref(spec.name, schema.HEADER_ROW, index)
        if column.replaces and isinstance(found, str) and found.strip().lower() == column.replaces[0].lower():
            problems.append(Problem(where, f'the column "{found.strip()}" is now "{column.header}": '
                                           f"{column.replaces[1]}. Copy your rows into a new "
                                           "`pch-workforce template` for the new layout"))
            continue
        problems.append(Problem(where, f'header should be "{column.header}", found '
                                       f'{describe(found) if found else "nothing"}'
                                       " (columns must stay in the template's order)"))
    return len(problems) == before


def _pydantic_message(item: dict[str, Any]) -> str:
    message = str(item["msg"])
    return message.removeprefix("Value error, ")


def _check_references(tables: dict[str, list[tuple[int, BaseModel]]], failed_keys: dict[str, set[str]],
                      problems: list[Problem], known_roles: Callable[[], KnownRoles | None]) -> None:
    """Cross-sheet rules: unique keys, known practices and roles, list sizes that add up.

    Keys of rows already reported as invalid still count as known, so one mistake is one error.
    A row whose key itself is blank could be any code, so references to that sheet are not checked
    until it is filled in (otherwise one blank code cell is reported once per row that uses it).
    ``known_roles`` is asked only when a role is used but not listed, to find a renamed role.
    """
    practices = _unique(tables["Practices"], "code", "Practices", "practice code", problems)
    practices |= failed_keys["Practices"]
    roles = _unique(tables["Roles"], "role", "Roles", "role", problems) | failed_keys["Roles"]
    _unique(tables["Staff"], "staff_id", "Staff", "staff ID", problems)
    _unique(tables[schema.CARE_HOMES.name], "name", schema.CARE_HOMES.name, "care home", problems)
    _unique(tables[schema.INCOME.name], "stream", schema.INCOME.name, "income stream", problems)
    hubs = [row for row, p in tables["Practices"] if getattr(p, "is_hub")]
    if tables["Practices"] and not failed_keys["Practices"] and len(hubs) != 1:
        where = cell_ref("Practices", hubs[1] if len(hubs) > 1 else schema.FIRST_DATA_ROW,
                         schema.PRACTICES.column_of("is_hub"))
        problems.append(Problem(where, f"exactly one practice must be the hub; found {len(hubs)}"))
    references = (
        ("Population", schema.POPULATION, "practice", practices, "practice"),
        ("Registers", schema.REGISTERS, "practice", practices, "practice"),
        ("Staff", schema.STAFF, "home_practice", practices, "practice"),
        ("Staff", schema.STAFF, "role", roles, "role"),
        ("Cover", schema.COVER, "practice", practices, "practice"),
        ("Cover", schema.COVER, "role", roles, "role"),
        (schema.TRAJECTORY.name, schema.TRAJECTORY, "role", roles, "role"),
        (schema.PIPELINE.name, schema.PIPELINE, "role", roles, "role"),
        (schema.CARE_HOMES.name, schema.CARE_HOMES, "practice", practices, "practice"),
    )
    found: list[tuple[str, schema.SheetSpec, str, str, dict[str, list[int]]]] = []
    role_uses: RoleUses = {}
    for sheet, spec, field, known, noun in references:
        if (not known and noun == "role" and not tables["Roles"]) or "" in known:
            continue
        unknown = _unknown_uses(tables[sheet], field, known)
        found.append((sheet, spec, field, noun, unknown))
        if noun == "role":
            for value, rows in unknown.items():
                role_uses.setdefault(value, {})[sheet] = rows
    renamed = _report_renames(tables["Roles"], role_uses, known_roles, problems)
    for sheet, spec, field, noun, unknown in found:
        source = "Practices" if noun == "practice" else "Roles"
        for value, rows in unknown.items():
            if noun == "role" and value in renamed:
                continue
            problems.append(Problem(cell_ref(sheet, rows[0], spec.column_of(field)),
                                    f'unknown {noun} "{value}": not on the {source} sheet{_also_on(rows[1:])}'))
    _check_population(tables, problems, failed_keys)
    _check_registers(tables, problems)
    _check_cover_opening(tables, problems)
    _check_duplicates(tables["Registers"], ("practice", "condition"), "Registers", schema.REGISTERS, problems)
    _check_duplicates(tables["Cover"], ("practice", "role", "weekday", "session"), "Cover", schema.COVER, problems)
    _check_duplicates(tables["RotaRules"], ("rule",), "RotaRules", schema.ROTA_RULES, problems)
    _check_duplicates(tables["Overrides"], ("path",), "Overrides", schema.OVERRIDES, problems)
    sessions = schema.SESSIONS_SHEET
    _check_duplicates(tables[sessions.name], ("session", "day"), sessions.name, sessions, problems)
    _check_duplicates(tables[schema.TRAJECTORY.name], ("role",), schema.TRAJECTORY.name, schema.TRAJECTORY, problems)


def _check_years(site: Site, tables: dict[str, list[tuple[int, BaseModel]]], problems: list[Problem]) -> None:
    """A leaving or qualifying year before the plan's first financial year (the one its start falls in) is a
    past event the plan cannot act on: most likely a typo, or a stale row. Financial years are "yyyy/yy", so
    their order is their text's."""
    first = financial_year_of(site.plan_start)
    for spec, field in ((schema.STAFF, "leaving_year"), (schema.PIPELINE, "qualifying_year")):
        column = spec.column_of(field)
        for row, item in tables[spec.name]:
            year = getattr(item, field)
            if year is not None and year < first:
                problems.append(Problem(cell_ref(spec.name, row, column),
                                        f"{spec.columns[column - 1].header}: {year} is before the plan's first "
                                        f"financial year {first}"))


def _unknown_uses(rows: list[tuple[int, BaseModel]], field: str, known: set[str]) -> dict[str, list[int]]:
    """Each value of ``field`` not in ``known``, with the rows that use it, in workbook order."""
    unknown: dict[str, list[int]] = {}
    for row, item in rows:
        value = getattr(item, field)
        if value not in known:
            unknown.setdefault(value, []).append(row)
    return unknown


def _report_renames(roles: list[tuple[int, BaseModel]], uses: RoleUses,
                    known_roles: Callable[[], KnownRoles | None], problems: list[Problem]) -> set[str]:
    """A role renamed on the Roles sheet, as one problem at the renamed cell; returns the old ids, whose
    uses that problem stands for. Without the care model, which side changed is a guess: none is made."""
    known = known_roles() if uses else None
    if known is None:
        return set()
    renames = find_renames([(row, getattr(plan, "role")) for row, plan in roles], uses, known.ids)
    column = schema.ROLES.column_of("role")
    problems.extend(Problem(cell_ref(schema.ROLES.name, rename.row, column), rename.message(known.care_model))
                    for rename in renames)
    return {rename.old for rename in renames}


def _also_on(rows: list[int]) -> str:
    """One problem per unknown code and sheet, naming the other rows: a renamed practice is one mistake,
    not forty lines of the same message."""
    if not rows:
        return ""
    shown = ", ".join(str(row) for row in rows[:5])
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return f" (also on row{'s' if len(rows) > 1 else ''} {shown}{more})"


def _unique(rows: list[tuple[int, BaseModel]], field: str, sheet: str, noun: str,
            problems: list[Problem]) -> set[str]:
    seen: dict[str, int] = {}
    spec = next(s for s in schema.TABLE_SHEETS if s.name == sheet)
    for row, item in rows:
        key = getattr(item, field)
        if key in seen:
            problems.append(Problem(cell_ref(sheet, row, spec.column_of(field)),
                                    f'duplicate {noun} "{key}" (first on row {seen[key]})'))
        else:
            seen[key] = row
    return set(seen)


def _check_duplicates(rows: list[tuple[int, BaseModel]], fields: tuple[str, ...], sheet: str,
                      spec: schema.SheetSpec, problems: list[Problem]) -> None:
    seen: dict[tuple[Any, ...], int] = {}
    for row, item in rows:
        key = tuple(str(getattr(item, f)) for f in fields)
        if key in seen:
            problems.append(Problem(cell_ref(sheet, row, 1), f"duplicate row for {' / '.join(key)} "
                                                             f"(first on row {seen[key]})"))
        else:
            seen[key] = row


def _check_population(tables: dict[str, list[tuple[int, BaseModel]]], problems: list[Problem],
                      failed_keys: dict[str, set[str]]) -> None:
    """Age bands may not overlap within a practice and sex; totals must match the list size."""
    totals: Counter[str] = Counter()
    bands: dict[tuple[str, str], list[tuple[int, Any]]] = {}
    for row, item in tables["Population"]:
        key = (getattr(item, "practice"), str(getattr(item, "sex")))
        band = getattr(item, "age_band")
        for other_row, other in bands.get(key, []):
            if band.overlaps(other):
                problems.append(Problem(cell_ref("Population", row, schema.POPULATION.column_of("age_band")),
                                        f"age band {band} overlaps {other} on row {other_row} "
                                        f"({key[0]}, {key[1]})"))
                break
        bands.setdefault(key, []).append((row, band))
        totals[key[0]] += getattr(item, "patients")
    for row, practice in tables["Practices"]:
        code = getattr(practice, "code")
        list_size = getattr(practice, "list_size")
        if tables["Population"] and not failed_keys["Population"] and totals[code] != list_size:
            problems.append(Problem(cell_ref("Practices", row, schema.PRACTICES.column_of("list_size")),
                                    f"list size {list_size:,} does not match the {totals[code]:,} patients "
                                    f"on the Population sheet for {code}"))
    if tables["Population"] and not failed_keys["Population"] and sum(totals.values()) == 0:
        first_row = tables["Population"][0][0]
        problems.append(Problem(cell_ref("Population", first_row, schema.POPULATION.column_of("patients")),
                                "the patients on the Population sheet add up to 0: there is no one to plan for"))


def _check_registers(tables: dict[str, list[tuple[int, BaseModel]]], problems: list[Problem]) -> None:
    """A register cannot hold more patients than the practice's list: demand would be driven by a typo."""
    list_sizes: dict[str, int] = {}
    for _, practice in tables["Practices"]:
        list_sizes.setdefault(getattr(practice, "code"), getattr(practice, "list_size"))
    for row, register in tables["Registers"]:
        practice, patients = getattr(register, "practice"), getattr(register, "patients")
        if practice in list_sizes and patients > list_sizes[practice]:
            problems.append(Problem(cell_ref("Registers", row, schema.REGISTERS.column_of("patients")),
                                    f"{patients:,} patients on the {getattr(register, 'condition')} register is "
                                    f"more than {practice}'s list size of {list_sizes[practice]:,}"))


def _check_cover_opening(tables: dict[str, list[tuple[int, BaseModel]]], problems: list[Problem]) -> None:
    """Cover asked of a practice in a session it is closed can never be met; the rota would only report
    it as uncovered, week after week, so it is an input mistake (a wrong practice, day or session)."""
    practices: dict[str, Practice] = {}
    for _, practice in tables["Practices"]:
        if isinstance(practice, Practice):
            practices.setdefault(practice.code, practice)  # a duplicate code is reported on its own
    for row, rule in tables["Cover"]:
        practice = practices.get(getattr(rule, "practice"))
        weekday, session = getattr(rule, "weekday"), getattr(rule, "session")
        if practice is None or getattr(rule, "minimum") == 0 or practice.is_open(weekday, session):
            continue
        problems.append(Problem(cell_ref("Cover", row, schema.COVER.column_of("session")),
                                f"{practice.code} is not open on {weekday} {session} (see its opening on the "
                                "Practices sheet), so this cover can never be met"))

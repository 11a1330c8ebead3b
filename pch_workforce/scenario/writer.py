"""Draw the scenario workbook from the schema: a blank template, or a filled scenario.

The same layout serves both, so a scenario written here reads back to the same Scenario.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pch_workforce.care_model import CareModel
from pch_workforce.rota_policy import RotaPolicy
from pch_workforce.scenario import schema
from pch_workforce.scenario.model import FundingShare, Scenario, Session, Weekday

FONT = "Arial"
TITLE_FONT = Font(name=FONT, size=14, bold=True)
BODY_FONT = Font(name=FONT, size=11)
HEADER_FONT = Font(name=FONT, size=11, bold=True)
EXAMPLE_FONT = Font(name=FONT, size=11, italic=True, color="425563")  # NHS Dark Grey, 7.8:1 on white
EXAMPLE_FILL = PatternFill("solid", fgColor="E8EDEE")  # NHS Pale Grey
INPUT_ROWS = 500  # rows that carry drop-downs in the template
LISTS_SHEET = "Lists"


@dataclass(frozen=True)
class Catalogue:
    """What the drop-downs offer: ids from the care model the template is drawn for."""

    care_model: str
    roles: Sequence[tuple[str, str]]  # (id, name)
    conditions: Sequence[tuple[str, str]]
    income_streams: Sequence[tuple[str, str]] = ()  # (id, name); the Income sheet also takes local names

    @classmethod
    def of(cls, name: str, model: CareModel) -> Catalogue:
        """Every role, condition and income stream of a loaded care model."""
        return cls(care_model=name, roles=[(k, v.name) for k, v in model.roles.items()],
                   conditions=[(k, v.name) for k, v in model.conditions.items()],
                   income_streams=[(k, v.name) for k, v in model.income.items()])


def build_workbook(catalogue: Catalogue, scenario: Scenario | None = None) -> Workbook:
    """A template (``scenario`` None: examples only) or a filled scenario workbook."""
    book = Workbook()
    instructions = book.active
    instructions.title = "Instructions"
    _write_instructions(instructions, catalogue)
    _write_site(book.create_sheet(schema.SITE_SHEET), catalogue, scenario)
    lists = _write_lists(book, catalogue)
    for spec in schema.TABLE_SHEETS:
        sheet = book.create_sheet(spec.name)
        rows = _scenario_rows(spec, scenario) if scenario is not None else list(spec.defaults)
        _write_table(sheet, spec, rows, lists)
    book.move_sheet(LISTS_SHEET, offset=len(book.sheetnames))
    for sheet in book.worksheets:
        _print_setup(sheet)
    book.properties.title = "pch-workforce scenario"
    book.properties.creator = "pch-workforce"
    book.properties.language = "en-GB"
    book.active = 0
    return book


def _print_setup(sheet: Worksheet) -> None:
    """A4 landscape, one page wide, headers repeated: a filled scenario prints as a readable appendix."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if sheet.title != "Instructions":
        sheet.print_title_rows = f"{schema.HEADER_ROW}:{schema.HEADER_ROW}"


def _title(sheet: Worksheet, title: str, description: str) -> None:
    sheet.cell(schema.TITLE_ROW, 1, title).font = TITLE_FONT
    sheet.cell(schema.DESCRIPTION_ROW, 1, description).font = BODY_FONT


def _write_instructions(sheet: Worksheet, catalogue: Catalogue) -> None:
    _title(sheet, "pch-workforce scenario workbook",
           "Fill in one sheet per part of the site, then run: pch-workforce validate THIS_FILE.xlsx")
    lines = [
        ("How to fill it in", ""),
        ("1", "Every sheet has its title in row 1, a description in row 2, column headers in row 3 and data "
              "from row 4. Keep the columns in order; hover over a header for what it means."),
        ("2", "Rows whose first cell starts with 'e.g.' are examples: they are never read. Overwrite or delete them."),
        ("3", "Drop-downs offer the allowed values (roles, practices, yes/no, sessions). Type numbers as "
              "numbers, dates as YYYY-MM-DD, age bands as text (0-4, 85+)."),
        ("4", "Formulas are fine if the workbook was saved by Excel or LibreOffice (the saved value is read)."),
        ("5", f"Care model for the drop-downs: {catalogue.care_model}. Role, condition and income stream ids are "
              f"on the {LISTS_SHEET} sheet."),
        ("6", f"The capitated budget: give one figure on the {schema.SITE_SHEET} sheet, or list the streams that "
              f"make it up on the {schema.INCOME.name} sheet (not both). A stream's blank quantity or rate is the "
              "care model's; a local stream needs both."),
        ("7", f"Funding on the {schema.ROLES.name} sheet: who pays for a role and what share, e.g. "
              '"site 0.5; mental health trust 0.5" ("site" is the capitated budget; shares add up to 1). Blank = '
              "the care model's default for the role, else the site pays all. Pay point (bottom/middle/top) says "
              "where on its band a role is costed; ARRS baseline FTE are staff ARRS cannot reimburse."),
        ("8", f"The {schema.CARE_HOMES.name} and {schema.INCOME.name} sheets, rota rules and overrides are "
              "optional: leave them empty if they do not apply."),
        ("9", f"The {schema.SESSIONS_SHEET.name} sheet gives each session's clock times (24-hour hh:mm); it starts "
              "with the defaults. A session and day left out keeps its default."),
        ("10", f"For the multi-year trajectory (all optional): each person's age band and expected leaving year on "
               f"the {schema.STAFF.name} sheet; leaver rates, recruitment lead times and hiring limits by role on the "
               f"{schema.TRAJECTORY.name} sheet; trainees qualifying into roles on the {schema.PIPELINE.name} sheet; "
               f"population growth and income uplift on the {schema.SITE_SHEET} sheet. Financial years run April to "
               "March, written like 2028/29; blank = the care model's default."),
        ("Sheets", ""),
        (schema.SITE_SHEET, schema.SITE_DESCRIPTION),
    ]
    lines += [(spec.name, spec.description) for spec in schema.TABLE_SHEETS]
    lines += [("Rota rules and their defaults", "")]
    lines += [(name, f"default {default:g}. {description}") for name, default, description in RotaPolicy.describe()]
    for offset, (key, text) in enumerate(lines):
        row = schema.HEADER_ROW + 1 + offset
        sheet.cell(row, 1, key).font = HEADER_FONT if not text else BODY_FONT
        cell = sheet.cell(row, 2, text)
        cell.font = BODY_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 110


def _write_site(sheet: Worksheet, catalogue: Catalogue, scenario: Scenario | None) -> None:
    _title(sheet, schema.SITE_TITLE, schema.SITE_DESCRIPTION)
    for column, header in enumerate(("Setting", "Value", "Notes"), start=1):
        cell = sheet.cell(schema.HEADER_ROW, column, header)
        cell.font = HEADER_FONT
    yes_no = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
    sheet.add_data_validation(yes_no)
    for offset, setting in enumerate(schema.SITE_SETTINGS):
        row = schema.FIRST_DATA_ROW + offset
        sheet.cell(row, 1, setting.label).font = BODY_FONT
        value = getattr(scenario.site, setting.field) if scenario is not None else None
        if setting.field == "care_model" and scenario is None:
            value = catalogue.care_model
        cell = sheet.cell(row, 2, _cell_value(value))
        cell.font = BODY_FONT
        if isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        note = setting.description + (f" (e.g. {setting.example})" if setting.example is not None else "")
        sheet.cell(row, 3, note).font = EXAMPLE_FONT
        if setting.choices == "yes_no":
            yes_no.add(cell.coordinate)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 90
    sheet.freeze_panes = sheet.cell(schema.FIRST_DATA_ROW, 1)


def _write_lists(book: Workbook, catalogue: Catalogue) -> dict[str, str]:
    """A reference sheet of allowed values; returns drop-down formulas by list name."""
    sheet = book.create_sheet(LISTS_SHEET)
    _title(sheet, "Lists: the values the drop-downs offer",
           "For reference; this sheet is not read. Ids come from the care model named on the Site sheet.")
    columns: list[tuple[str, str, Sequence[tuple[str, str]]]] = [
        ("roles", "Role id", catalogue.roles),
        ("conditions", "Condition id", catalogue.conditions),
        ("income_streams", "Income stream id", catalogue.income_streams),
        ("rurality", "Rurality", [(r, "") for r in schema.RURALITY]),
        ("employers", "Employer", [(e, "") for e in schema.EMPLOYERS]),
        ("rota_rules", "Rota rule", [(name, "") for name in RotaPolicy.rule_names()]),
    ]
    formulas: dict[str, str] = {
        "yes_no": '"yes,no"', "sessions": f'"{",".join(schema.SESSIONS)}"',
        "weekdays": f'"{",".join(schema.WEEKDAYS)}"', "sex": f'"{",".join(schema.SEXES)}"',
        "pay_points": f'"{",".join(schema.PAY_POINTS)}"', "session_days": f'"{",".join(schema.SESSION_DAYS)}"',
        "staff_age_bands": f'"{",".join(schema.STAFF_AGE_BANDS)}"',
        "practices": f"=Practices!$A${schema.FIRST_DATA_ROW}:$A${INPUT_ROWS}",
    }
    column = 1
    for key, header, items in columns:
        sheet.cell(schema.HEADER_ROW, column, header).font = HEADER_FONT
        sheet.cell(schema.HEADER_ROW, column + 1, "Name").font = HEADER_FONT
        for offset, (item, name) in enumerate(items):
            sheet.cell(schema.FIRST_DATA_ROW + offset, column, item).font = BODY_FONT
            sheet.cell(schema.FIRST_DATA_ROW + offset, column + 1, name).font = BODY_FONT
        last = schema.FIRST_DATA_ROW + max(len(items), 1) - 1
        letter = get_column_letter(column)
        formulas[key] = f"={LISTS_SHEET}!${letter}${schema.FIRST_DATA_ROW}:${letter}${last}"
        sheet.column_dimensions[letter].width = 30
        sheet.column_dimensions[get_column_letter(column + 1)].width = 34
        column += 3
    # Staff and Cover pick from the roles the site listed, not every role in the care model.
    formulas["site_roles"] = f"=Roles!$A${schema.FIRST_DATA_ROW}:$A${INPUT_ROWS}"
    return formulas


def _write_table(sheet: Worksheet, spec: schema.SheetSpec, rows: list[tuple[Any, ...]],
                 lists: dict[str, str]) -> None:
    _title(sheet, spec.title, spec.description)
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(schema.HEADER_ROW, index, column.header)
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        note = column.description + ("" if column.required else " (optional)")
        cell.comment = Comment(note, "pch-workforce", width=260, height=max(90, 30 + 15 * (len(note) // 40)))
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(column.width, min(len(column.header) + 2, 28))
        if spec is schema.POPULATION and column.field == "age_band":
            for row in range(schema.FIRST_DATA_ROW, INPUT_ROWS + 1):
                sheet.cell(row, index).number_format = "@"
        elif column.as_text:  # the whole column's style, so a cell typed later is text too (no empty cells made)
            sheet.column_dimensions[letter].number_format = "@"
        choices = column.choices
        if choices == "roles" and spec.name in (schema.STAFF.name, schema.COVER.name, schema.TRAJECTORY.name,
                                                schema.PIPELINE.name):
            choices = "site_roles"
        if choices:
            _add_drop_down(sheet, column, lists[choices], letter)
    body = rows or [tuple(example) for example in spec.examples]
    for offset, values in enumerate(body):
        row = schema.FIRST_DATA_ROW + offset
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row, index, _cell_value(value))
            cell.font = BODY_FONT if rows else EXAMPLE_FONT
            if not rows:
                cell.fill = EXAMPLE_FILL
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, dt.time):
                cell.number_format = "hh:mm"
    sheet.row_dimensions[schema.HEADER_ROW].height = 45
    sheet.freeze_panes = sheet.cell(schema.FIRST_DATA_ROW, 1)


def _add_drop_down(sheet: Worksheet, column: schema.Column, formula: str, letter: str) -> None:
    """A list drop-down on the column's input rows; where other values are allowed it only informs."""
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                                errorTitle="Not in the list", error=f"{column.header}: pick a value from the list")
    if column.other_values_allowed:
        validation.errorStyle = "information"
        validation.error = f"{column.header}: not in the list, so it is read as a local name"
    sheet.add_data_validation(validation)
    validation.add(f"{letter}{schema.FIRST_DATA_ROW}:{letter}{INPUT_ROWS}")


def _cell_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "value") and not isinstance(value, (int, float, str)):  # enums
        return value.value
    return value


def _slots_text(slots: Sequence[Any]) -> str | None:
    return "; ".join(f"{slot.weekday.value} {slot.session.value}" for slot in slots) or None


def _days_text(days: Sequence[Weekday]) -> str | None:
    return ", ".join(day.value for day in days) or None


def _funding_text(funding: Sequence[FundingShare]) -> str | None:
    """Payers as the Funding column reads them: "site 0.5; mental health trust 0.5"."""
    return "; ".join(f"{share.payer} {_exact(share.share)}" for share in funding) or None


def _exact(number: float) -> str:
    """Short when that is exact (0.5, 1), else every digit: a third written as 0.333333 would not add up to 1."""
    short = f"{number:g}"
    return short if float(short) == number else repr(number)


def _scenario_rows(spec: schema.SheetSpec, scenario: Scenario) -> list[tuple[Any, ...]]:
    """The scenario's items as cell values in the spec's column order."""
    if spec is schema.PRACTICES:
        rows = []
        for p in scenario.practices:
            days = [d for d in Weekday if p.is_open(d, Session.AM) and d is not Weekday.SAT]
            evenings = [d for d in Weekday if p.is_open(d, Session.EVENING)]
            rows.append((p.code, p.name, p.list_size, p.rurality, p.deprivation_decile, p.clinical_rooms,
                         _days_text(days), _days_text(evenings), p.is_open(Weekday.SAT, Session.AM), p.is_hub,
                         p.travel_minutes_to_hub))
        return rows
    if spec is schema.SESSIONS_SHEET:
        return [schema.session_time_row(time) for time in scenario.session_times]
    if spec is schema.POPULATION:
        return [(c.practice, c.sex, str(c.age_band), c.patients) for c in scenario.population]
    if spec is schema.REGISTERS:
        return [(r.practice, r.condition, r.patients) for r in scenario.registers]
    if spec is schema.ROLES:
        return [(r.role, r.existing_fte, r.max_fte, r.annual_cost_override, r.arrs_eligible, r.employer,
                 _funding_text(r.funding), r.pay_point, r.arrs_baseline_fte) for r in scenario.roles]
    if spec is schema.STAFF:
        return [(s.staff_id, s.name, s.role, s.home_practice, s.sessions_per_week, s.works_evenings,
                 s.works_saturdays,
                 "; ".join(f"{p.start} to {p.end}" if p.end != p.start else f"{p.start}" for p in s.leave) or None,
                 _slots_text(s.unavailable), _slots_text(s.preferred_off), s.age_band, s.leaving_year)
                for s in scenario.staff]
    if spec is schema.COVER:
        return [(c.practice, c.role, c.weekday, c.session, c.minimum) for c in scenario.cover_rules]
    if spec is schema.CARE_HOMES:
        return [(h.name, h.practice, h.beds, h.admissions_per_year) for h in scenario.care_homes]
    if spec is schema.INCOME:
        return [(i.stream, i.quantity, i.rate, i.source) for i in scenario.income]
    if spec is schema.TRAJECTORY:
        return [(t.role, t.leaver_rate, t.lead_months, t.max_hires_per_year, t.fill_share)
                for t in scenario.trajectory_roles]
    if spec is schema.PIPELINE:
        return [(e.role, e.qualifying_year, e.fte, e.description) for e in scenario.pipeline]
    if spec is schema.ROTA_RULES:
        return [(r.rule, r.value) for r in scenario.rota_rules]
    if spec is schema.OVERRIDES:
        return [(o.path, o.value, o.source) for o in scenario.overrides]
    raise ValueError(f"no row writer for sheet {spec.name}")

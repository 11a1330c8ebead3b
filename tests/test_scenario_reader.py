"""The workbook reader: round trip, and every way a planner (or an attacker) can break a workbook."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pch_workforce.scenario.reader import read_scenario
from tests.scenario_factory import edit, problems_from, small_scenario, write


def problems_of(path: Path) -> list[str]:
    return problems_from(read_scenario, path)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write(small_scenario(), tmp_path / "good.xlsx")


def test_round_trip_reads_back_the_same_scenario(good: Path) -> None:
    assert read_scenario(good) == small_scenario()


def test_blank_template_lists_what_is_missing(tmp_path: Path) -> None:
    found = problems_of(write(None, tmp_path / "t.xlsx"))
    assert "Site!B4: Site name is required" in found
    assert "Site!B6: Plan start (a Monday) is required" in found
    assert any(p.startswith("Practices: no practices given") for p in found)
    assert any(p.startswith("Population: no population given") for p in found)
    assert any(p.startswith("Roles: no roles given") for p in found)


def test_wrong_type_is_named_by_cell(good: Path) -> None:
    edit(good, "Staff", "E5", "twelve")
    assert problems_of(good) == [
        'Staff!E5: Contracted sessions a week: contracted sessions must be a whole number 0–11, got "twelve"'
    ]


def test_every_problem_is_reported_at_once(good: Path) -> None:
    edit(good, "Staff", "E5", 12)
    edit(good, "Practices", "E4", 0)
    edit(good, "Roles", "B4", "lots")
    found = problems_of(good)
    assert found == [
        "Practices!E4: Deprivation decile (1 = most deprived): deprivation decile must be a whole number 1–10, got 0",
        'Roles!B4: Existing FTE: existing FTE must be a number of at least 0, got "lots"',
        "Staff!E5: Contracted sessions a week: contracted sessions must be a whole number 0–11, got 12",
    ]


def test_missing_sheet(good: Path) -> None:
    book = openpyxl.load_workbook(good)
    del book["Staff"]
    book.save(good)
    assert problems_of(good) == ["Staff: sheet is missing (start from `pch-workforce template`)"]


def test_duplicate_staff_id(good: Path) -> None:
    edit(good, "Staff", "A6", "S1")
    assert problems_of(good) == ['Staff!A6: duplicate staff ID "S1" (first on row 4)']


def test_unknown_practice_in_staff(good: Path) -> None:
    edit(good, "Staff", "D5", "ZZ")
    assert problems_of(good) == ['Staff!D5: unknown practice "ZZ": not on the Practices sheet']


def test_negative_count(good: Path) -> None:
    edit(good, "Registers", "C4", -5)
    assert problems_of(good) == ["Registers!C4: Patients: patients must be a whole number of at least 0, got -5"]


def test_formula_without_cached_value(good: Path) -> None:
    edit(good, "Registers", "C4", "=10*5")  # openpyxl stores no cached value, as a script would
    assert problems_of(good) == [
        "Registers!C4: formula =10*5 has no saved value; open and save the workbook in Excel or LibreOffice "
        "so its value is stored, or type the value"
    ]


def test_plan_start_must_be_a_monday(good: Path) -> None:
    edit(good, "Site", "B6", "2027-01-05")
    assert problems_of(good) == ["Site!B6: plan start must be a Monday, got Tuesday 2027-01-05"]


def test_list_size_must_match_population(good: Path) -> None:
    edit(good, "Practices", "C4", 999)
    assert problems_of(good) == [
        "Practices!C4: list size 999 does not match the 1,063 patients on the Population sheet for A1"
    ]


def test_overlapping_age_bands(good: Path) -> None:
    edit(good, "Population", "C6", "0-9")
    found = problems_of(good)
    assert "Population!C6: age band 0-9 overlaps 0-4 on row 4 (A1, female)" in found


def test_existing_fte_above_supply(good: Path) -> None:
    edit(good, "Roles", "C4", 1)
    assert problems_of(good) == ["Roles!C4: most FTE recruitable (1) is below existing FTE (1.5)"]


def test_two_hubs(good: Path) -> None:
    edit(good, "Practices", "J5", "yes")
    assert problems_of(good) == ["Practices!J5: exactly one practice must be the hub; found 2"]


def test_moved_column_is_reported_at_its_header(good: Path) -> None:
    edit(good, "Cover", "C3", "Day")
    assert problems_of(good)[0] == (
        'Cover!C3: header should be "Weekday", found "Day" (columns must stay in the template\'s order)'
    )


def test_example_rows_are_ignored(good: Path) -> None:
    book = openpyxl.load_workbook(good)
    book["Staff"].insert_rows(4)
    book["Staff"]["A4"] = "e.g. S999"
    book["Staff"]["E4"] = "not even a number"
    book.save(good)
    assert read_scenario(good).staff == small_scenario().staff


def test_truncated_file(good: Path, tmp_path: Path) -> None:
    data = good.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    [problem] = problems_of(cut)
    assert problem.startswith(f"{cut}: is not an Excel workbook")


def test_text_file_renamed_to_xlsx(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("practice,list\nP1,100\n")
    [problem] = problems_of(fake)
    assert problem.startswith(f"{fake}: is not an Excel workbook")


def test_wrong_extension(tmp_path: Path) -> None:
    csv = tmp_path / "site.csv"
    csv.write_text("a,b\n")
    assert problems_of(csv) == [f"{csv}: is not an Excel workbook (.xlsx or .xlsm); got '.csv' extension"]


def test_missing_file(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nope.xlsx") == [f"{tmp_path / 'nope.xlsx'}: file not found"]


BOMB_DOCTYPE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
)


def entity_bomb(source: Path, out: Path) -> Path:
    """Copy a workbook with an entity-expansion DOCTYPE injected into the Site sheet's XML."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                body = data.decode("utf-8")
                body = body.split("?>", 1)[1] if body.startswith("<?xml") else body
                data = (BOMB_DOCTYPE + body.replace("Test PCH", "&lol3;", 1)).encode("utf-8")
            dst.writestr(item, data)
    return out


def test_xml_entity_bomb_is_refused(good: Path, tmp_path: Path) -> None:
    bomb = entity_bomb(good, tmp_path / "bomb.xlsx")
    [problem] = problems_of(bomb)
    assert problem.startswith(f"{bomb}: contains XML entity or DTD declarations")


def test_xlsm_is_read_without_macros(good: Path, tmp_path: Path) -> None:
    xlsm = tmp_path / "macro.xlsm"
    shutil.copy(good, xlsm)
    assert read_scenario(xlsm) == small_scenario()


def test_too_many_rows_is_refused(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pch_workforce.scenario import workbook_file

    monkeypatch.setattr(workbook_file, "MAX_ROWS_PER_SHEET", 300)
    found = problems_of(good)
    assert found == ["Population: has 500 rows; the limit is 300"]


def test_oversized_file_is_refused(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pch_workforce.scenario import workbook_file

    monkeypatch.setattr(workbook_file, "MAX_FILE_BYTES", 1000)
    [problem] = problems_of(good)
    assert problem.startswith(f"{good}: is ") and "the limit is" in problem


def test_zip_bomb_ratio_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "zipbomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 50_000_000)
    [problem] = problems_of(bomb)
    assert "(a zip bomb?); refused" in problem


def with_cell_xml(source: Path, out: Path, sheet: str, ref: str, cell_xml: str) -> Path:
    """Copy a workbook with one cell's XML replaced, to store what openpyxl cannot write (cached errors)."""
    part = f"xl/worksheets/sheet{openpyxl.load_workbook(source).sheetnames.index(sheet) + 1}.xml"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                body, count = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', cell_xml, data.decode("utf-8"), count=1)
                assert count == 1
                data = body.encode("utf-8")
            dst.writestr(item, data)
    return out


def test_formula_with_a_saved_excel_error_is_not_a_name(good: Path, tmp_path: Path) -> None:
    broken = with_cell_xml(good, tmp_path / "na.xlsx", "Staff", "B5",
                           '<c r="B5" t="e"><f>VLOOKUP(A5,Z:Z,2,0)</f><v>#N/A</v></c>')
    assert problems_of(broken) == [
        "Staff!B5: formula =VLOOKUP(A5,Z:Z,2,0) gives the Excel error #N/A; fix it or type the value"
    ]


def test_typed_excel_error_in_a_number_cell(good: Path, tmp_path: Path) -> None:
    broken = with_cell_xml(good, tmp_path / "div0.xlsx", "Registers", "C4", '<c r="C4" t="e"><v>#DIV/0!</v></c>')
    assert problems_of(broken) == ["Registers!C4: cell holds the Excel error #DIV/0!; fix it or type the value"]


def test_formula_with_a_saved_value_is_read(good: Path, tmp_path: Path) -> None:
    cached = with_cell_xml(good, tmp_path / "sum.xlsx", "Registers", "C4", '<c r="C4"><f>20+30</f><v>50</v></c>')
    assert read_scenario(cached).registers[0].patients == 50


@pytest.mark.parametrize("start", ["9999-12-27", "1900-01-01"])
def test_plan_start_far_from_now_is_refused(good: Path, start: str) -> None:
    edit(good, "Site", "B6", start)
    assert problems_of(good) == [f"Site!B6: plan start must be in the years 2000–2099, got {start}"]


@pytest.mark.parametrize(("cell", "value", "expected"), [
    ("B9", 0, "Site!B9: Workforce share of budget (0-1): the workforce share must be a number above 0 and at "
              "most 1, got 0"),
    ("B8", "nan", 'Site!B8: Capitated budget (£ per year): the capitated budget must be a number above 0, got "nan"'),
])
def test_open_lower_bound_is_stated_as_above(good: Path, cell: str, value: object, expected: str) -> None:
    """The message once said "must be a number 0–1, got 0": a planner could not tell what was wrong."""
    edit(good, "Site", cell, value)
    assert problems_of(good) == [expected]


@pytest.mark.parametrize(("sheet", "cell", "expected"), [
    ("Practices", "A4", "Practices!A4: Practice code is required"),
    ("Roles", "A4", "Roles!A4: Role is required"),
])
def test_blank_key_is_one_error_not_one_per_reference(good: Path, sheet: str, cell: str, expected: str) -> None:
    """A blank practice code was also reported as 'unknown practice' on every row that used the code."""
    edit(good, sheet, cell, None)
    assert problems_of(good) == [expected]


def test_practice_code_too_long_says_so_in_words(good: Path) -> None:
    """It was pydantic's 'String should have at most 12 characters', with no column named."""
    book = openpyxl.load_workbook(good)
    for sheet, column in (("Practices", "A"), ("Population", "A"), ("Registers", "A"), ("Staff", "D"), ("Cover", "A")):
        for row in book[sheet].iter_rows(min_row=4):
            cell = row[ord(column) - ord("A")]
            if cell.value == "B2":
                cell.value = "BETA-PRACTICE-2"
    book.save(good)
    assert problems_of(good) == [
        'Practices!A5: Practice code: practice code must be at most 12 characters, got "BETA-PRACTICE-2" (15)'
    ]


def test_register_larger_than_the_practice_list(good: Path) -> None:
    """A register of a million patients at a practice of a thousand was planned for (exit 0)."""
    edit(good, "Registers", "C4", 1_000_000)
    assert problems_of(good) == [
        "Registers!C4: 1,000,000 patients on the diabetes register is more than A1's list size of 1,063"
    ]


@pytest.mark.parametrize(("weekday", "session", "practice"), [("Tue", "EVE", "B2"), ("Sat", "PM", "A1")])
def test_cover_in_a_session_the_practice_is_closed(good: Path, weekday: str, session: str, practice: str) -> None:
    """Such cover could never be met, and the plan only listed it as uncovered every week (exit 0)."""
    book = openpyxl.load_workbook(good)
    for column, value in zip("ABCD", (practice, "gp", weekday, session), strict=True):
        book["Cover"][f"{column}5"] = value
    book.save(good)
    assert problems_of(good) == [f"Cover!D5: {practice} is not open on {weekday} {session} (see its opening on "
                                 "the Practices sheet), so this cover can never be met"]


def test_cover_of_zero_in_a_closed_session_is_harmless(good: Path) -> None:
    edit(good, "Cover", "D5", "EVE")
    edit(good, "Cover", "E5", 0)
    assert len(read_scenario(good).cover_rules) == 2


def test_unknown_code_on_many_rows_is_one_problem_per_sheet(good: Path) -> None:
    """Renaming a practice once gave one 'unknown practice' line per Population, Registers, Staff and Cover row."""
    edit(good, "Practices", "A5", "B3")
    assert problems_of(good) == [
        "Practices!C5: list size 2,126 does not match the 0 patients on the Population sheet for B3",
        'Population!A16: unknown practice "B2": not on the Practices sheet (also on rows 17, 18, 19, 20, 21 and 6 more)',
        'Registers!A5: unknown practice "B2": not on the Practices sheet',
        'Staff!D5: unknown practice "B2": not on the Practices sheet',
        'Cover!A5: unknown practice "B2": not on the Practices sheet',
    ]


def test_duplicate_practice_code_does_not_lend_its_opening_to_the_first(good: Path) -> None:
    """The second P1 row's opening (no evening) once made the first P1's Tue evening cover 'closed'."""
    book = openpyxl.load_workbook(good)
    book["Practices"]["A5"] = "A1"
    book["Cover"]["A5"], book["Cover"]["C5"], book["Cover"]["D5"] = "A1", "Tue", "EVE"
    book.save(good)
    found = problems_of(good)
    assert 'Practices!A5: duplicate practice code "A1" (first on row 4)' in found
    assert not any("is not open" in problem for problem in found)


def test_site_setting_given_twice(good: Path) -> None:
    """A second "Rota weeks" row further down was ignored: the plan used the first without a word."""
    book = openpyxl.load_workbook(good)
    row = book["Site"].max_row + 1
    book["Site"][f"A{row}"], book["Site"][f"B{row}"] = "Rota weeks", 8
    book.save(good)
    assert problems_of(good) == [f'Site!A{row}: setting "Rota weeks" is given twice (first on row 7); keep one']


def test_site_with_no_patients(good: Path) -> None:
    """Every Population count and list size 0 (registers emptied) was planned: zero demand, exit 0."""
    book = openpyxl.load_workbook(good)
    for sheet, column in (("Population", "D"), ("Practices", "C"), ("Registers", "C")):
        for row in range(4, book[sheet].max_row + 1):
            if book[sheet][f"A{row}"].value is not None:
                book[sheet][f"{column}{row}"] = 0
    book.save(good)
    assert problems_of(good) == [
        "Population!D4: the patients on the Population sheet add up to 0: there is no one to plan for"
    ]


def test_cell_hidden_under_merged_cells_says_so(good: Path) -> None:
    """Merging a practice code down two Cover rows looks filled in Excel; the reader said only 'is required'."""
    book = openpyxl.load_workbook(good)
    book["Cover"]["A5"] = "A1"
    book["Cover"].merge_cells("A4:A5")
    book.save(good)
    assert problems_of(good) == [
        "Cover!A5: Practice code is required (it is merged into A4:A5: unmerge the cells and fill in each one)"
    ]

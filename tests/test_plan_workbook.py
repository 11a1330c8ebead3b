"""The plan workbook, read back with openpyxl: structure (AF conventions) and totals that reconcile."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pch_workforce.errors import InputError
from pch_workforce.pch_rota import MDT_SHIFT, grid_session, shift_id
from pch_workforce.scenario.model import Session
from pch_workforce.plan.model import Plan
from pch_workforce.plan.summary_json import plan_summary
from pch_workforce.plan.workbook import plan_workbook, write_plan_workbook
from pch_workforce.plan.workbook.assumptions import sourced_values
from tests.plan_workbook_fixture import NORTH_COAST, north_coast_plan, north_coast_workbook

SHEETS = ["Cover", "Contents", "Notes", "Summary", "Figures", "Demand", "Mix", "Mix hours", "Team by practice", "Estate",
          "Practice pages", "Budget", "Income", "Risk share", "Trajectory", "Trajectory flows", "Rota", "By practice", "Session cover", "Staff hours", "Explain", "Marginal values",
          "Rota penalties", "Inputs", "Assumptions"]


@pytest.fixture(scope="module")
def plan() -> Plan:
    return north_coast_plan()


@pytest.fixture(scope="module")
def book() -> Workbook:
    return openpyxl.load_workbook(north_coast_workbook())


def table(sheet: Worksheet) -> tuple[list[str], list[dict[str, Any]]]:
    """The only table on a sheet: its headers and its rows as header -> value."""
    (only,) = sheet.tables.values()
    cells = list(sheet[only.ref])
    headers = [c.value for c in cells[0]]
    return headers, [dict(zip(headers, (c.value for c in row), strict=True)) for row in cells[1:]]


def rows(book: Workbook, name: str) -> list[dict[str, Any]]:
    return table(book[name])[1]


def summary(book: Workbook) -> dict[tuple[str, str], Any]:
    return {(r["Section"], r["Measure"]): r["Value"] for r in rows(book, "Figures")}


def test_every_sheet_is_present_in_reading_order(book: Workbook) -> None:
    assert book.sheetnames == SHEETS
    assert book.active.title == "Cover"
    assert all(len(name) <= 31 for name in book.sheetnames)


def test_every_data_sheet_has_one_named_table_with_a_filter_and_its_title_in_a1(book: Workbook) -> None:
    names = []
    for sheet in book.worksheets[1:]:
        if sheet.title in ("Summary", "Trajectory"):  # a page of small tables, each marked up (own tests)
            assert len(sheet.tables) == {"Summary": 4, "Trajectory": 3}[sheet.title]
            assert all(t.ref.startswith("A") for t in sheet.tables.values())
            names += [t.displayName for t in sheet.tables.values()]
            continue
        assert len(sheet.tables) == 1, sheet.title
        (only,) = sheet.tables.values()
        names.append(only.displayName)
        assert only.ref.startswith("A"), f"{sheet.title}: table must start in column A"
        assert only.autoFilter is not None, f"{sheet.title}: table has no filter"
        assert isinstance(sheet["A1"].value, str) and sheet["A1"].font.b, sheet.title
        headers, data = table(sheet)
        assert all(isinstance(h, str) and h for h in headers) and len(set(headers)) == len(headers), sheet.title
        assert data and all(any(v is not None for v in row.values()) for row in data), f"{sheet.title}: blank row"
        if sheet.title != "Notes":  # AF: notes go in titles and headers, never in data cells
            assert not any("[note" in v for row in data for v in row.values() if isinstance(v, str)), sheet.title
        assert not sheet.merged_cells.ranges, f"{sheet.title}: merged cells"
    assert len(set(names)) == len(names)
    assert book["Cover"]["A1"].value.endswith("workforce plan")


def test_values_not_formulas_and_no_clock_times(book: Workbook, plan: Plan) -> None:
    stamp = plan.created.isoformat()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, dt.datetime):
                    assert cell.value.time() == dt.time(0), f"{sheet.title}!{cell.coordinate} holds a clock time"
                if isinstance(cell.value, str):
                    assert stamp not in cell.value and plan.created.strftime("%H:%M") not in cell.value


def test_document_properties_and_contents_links(book: Workbook) -> None:
    assert book.properties.language == "en-GB"
    assert book.properties.title.endswith("workforce plan")
    sheet = book["Contents"]
    _, data = table(sheet)
    assert [r["Sheet name"] for r in data] == SHEETS[2:]
    links = [c.hyperlink.location for c in sheet["A"] if c.hyperlink is not None]
    assert links == [f"'{name}'!A1" for name in SHEETS[2:]]


def test_notes_referenced_in_sheets_exist(book: Workbook) -> None:
    count = len(rows(book, "Notes"))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                for number in re.findall(r"\[note (\d+)\]", value if isinstance(value, str) else ""):
                    assert 1 <= int(number) <= count


def test_fte_times_cost_is_the_budget_line_and_lines_add_up_to_the_summary(book: Workbook, plan: Plan) -> None:
    budget = rows(book, "Budget")
    head = summary(book)
    for line in budget:
        gross = line["Pay and on-costs (£ per year)"]
        assert line["Planned (FTE)"] * line["Cost per FTE (£ per year)"] == pytest.approx(gross, abs=1)
        assert line["Pay (£ per year)"] + line["On-costs (£ per year)"] == pytest.approx(gross, abs=0.01)
        site_part = gross - line["Other payers pay (£ per year)"]
        assert site_part - line["ARRS reimbursement (£ per year)"] == pytest.approx(
            line["Budget pays (£ per year)"], abs=1)
        if line["Payers"] == "site 100%":
            assert line["Other payers pay (£ per year)"] == 0
    used = sum(line["Budget pays (£ per year)"] for line in budget)
    assert used == pytest.approx(head["Budget", "Workforce budget used"], abs=1)
    assert used == pytest.approx(plan.mix.cost_per_year, abs=1)
    assert head["Budget", "Headroom"] == pytest.approx(head["Budget", "Workforce budget available"] - used, abs=1)
    assert sum(line["Pay and on-costs (£ per year)"] for line in budget) == pytest.approx(
        head["Budget", "Pay and on-costs of the team"], abs=1)
    assert sum(line["Other payers pay (£ per year)"] for line in budget) == pytest.approx(
        head["Budget", "Paid by other organisations"], abs=1)
    assert sum(line["ARRS reimbursement (£ per year)"] for line in budget) == pytest.approx(
        head["Budget", "ARRS reimbursement"], abs=1)
    share = rows(book, "Risk share")
    assert sum(r["Share of list (per cent)"] for r in share) == pytest.approx(1)
    assert sum(r["Budget used, by list share (£ per year)"] for r in share) == pytest.approx(used, abs=1)
    assert sum(r["Headroom, by list share (£ per year)"] for r in share) == pytest.approx(
        head["Budget", "Headroom"], abs=1)


def test_income_streams_add_up_to_the_capitated_budget_and_name_their_sources(book: Workbook, plan: Plan) -> None:
    income = rows(book, "Income")
    head = summary(book)
    streams = [r for r in income if r["Pot"] == "capitated budget"]
    assert len(streams) == len(plan.loaded.scenario.income) == 6
    for r in streams:
        assert r["Quantity"] * r["Rate (£ per unit a year)"] == pytest.approx(r["Amount (£ per year)"], abs=0.01)
        assert r["Source"]
    assert sum(r["Amount (£ per year)"] for r in streams) == pytest.approx(head["Budget", "Capitated budget"], abs=1)
    arrs = next(r for r in income if r["Stream"] == "ARRS envelope")
    assert plan.mix.arrs is not None
    assert arrs["Amount (£ per year)"] == pytest.approx(plan.mix.arrs.envelope_per_year, abs=1)
    assert arrs["Quantity"] == plan.loaded.scenario.site.weighted_list
    assert head["Budget", "Prices for financial year"] == "2026/27"


def test_estate_sheet_shows_each_practices_rooms_against_its_work(book: Workbook, plan: Plan) -> None:
    estate = {r["Practice code"]: r for r in rows(book, "Estate")}
    assert set(estate) == {p.code for p in plan.loaded.scenario.practices}
    for practice in plan.loaded.scenario.practices:
        line = estate[practice.code]
        # each open session holds its clock minutes over a contracted session of 4 h 10 min
        minutes = sum(plan.loaded.scenario.session_time(slot.session, slot.weekday.index == 5).minutes
                      for slot in practice.opening)
        assert line["Room-sessions (a week)"] == pytest.approx(practice.clinical_rooms * minutes / 250)
        assert sum(line[f"Room-sessions, {w} (a week)"] for w in
                   ("weekday mornings", "weekday afternoons", "evenings", "Saturdays")) == pytest.approx(
                   line["Room-sessions (a week)"])
        assert line["Held here, other practices' patients included (room-sessions a week)"] <= (
            line["Room-sessions (a week)"] + 1e-6)
    held = sum(r["Held here, other practices' patients included (room-sessions a week)"] for r in estate.values())
    needed = sum(r["Its patients' face-to-face work (room-sessions a week)"] for r in estate.values())
    assert held == pytest.approx(needed, abs=1e-3)


def test_fte_by_role_agrees_on_mix_budget_and_summary(book: Workbook, plan: Plan) -> None:
    mix = {r["Role id"]: r["Planned (FTE)"] for r in rows(book, "Mix")}
    budget = {r["Role id"]: r["Planned (FTE)"] for r in rows(book, "Budget")}
    head = summary(book)
    assert mix == budget == {r.role: pytest.approx(r.fte) for r in plan.mix.roles}
    for role in plan.mix.roles:
        assert head["Team (FTE by role)", role.name] == pytest.approx(role.fte)
    assert head["Team (FTE by role)", "Whole team"] == pytest.approx(sum(mix.values()))


def test_contacts_delivered_plus_unmet_is_demand(book: Workbook, plan: Plan) -> None:
    lines = rows(book, "Mix hours")
    assert len(lines) == len(plan.mix.services)
    for line in lines:
        assert line["Delivered (contacts per week)"] + line["Unmet (contacts per week)"] == pytest.approx(
            line["Demand (contacts per week)"], abs=0.01)  # MIP tolerance
    demand = rows(book, "Demand")
    assert sum(r["Clinical hours (per week)"] for r in demand) == pytest.approx(plan.demand.hours_per_week)


def grid_assignments(book: Workbook) -> tuple[set[tuple[str, str, str]], list[dict[str, Any]]]:
    """(staff id, column header, code) for every rostered cell of the Rota grid."""
    headers, data = table(book["Rota"])
    slots = [h for h in headers if re.match(r"^\w{3} \d{2} \w{3} (AM|PM|EVE) \d\d:\d\d–\d\d:\d\d$", h)]
    found = set()
    for row in data:
        for header in slots:
            value = row[header]
            if value and value != "Leave":
                found |= {(row["Staff id"], header, code) for code in value.split(" + ")}
    return found, data


def test_rota_grid_matches_the_reports_assignments(book: Workbook, plan: Plan) -> None:
    rota = plan.rota_report.rota
    assert rota is not None
    expected = set()
    for a in rota.assignments:
        session = grid_session(a.shift_id)  # the MDT in the afternoon, Saturday's and roomless sessions in theirs
        shift = plan.rota.problem.shift_by_id[shift_id(Session(session), plan.rota.dates[a.day].weekday() == 5)]
        start, end = shift.start_minute, shift.start_minute + shift.length_minutes
        times = f"{start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d}"
        header = f"{plan.rota.dates[a.day]:%a %d %b} {session} {times}"
        expected.add((a.staff_id, header, f"{a.location_id} {a.shift_id}"))
    found, data = grid_assignments(book)
    assert found == expected
    assert any("AM 08:00–13:00" in header for _, header, _ in found), "the grid shows the sessions' clock times"
    assert [r["Staff id"] for r in data] == [p.staff_id for p in plan.rota.people]


def test_leave_is_shown_in_words_on_the_rota(book: Workbook, plan: Plan) -> None:
    engine = plan.rota.problem.staff_by_id
    headers, data = table(book["Rota"])
    on_leave = [p for p in plan.rota.people if engine[p.staff_id].leave_days]
    assert on_leave, "the shipped scenario has leave in its first week"
    for person in on_leave:
        row = next(r for r in data if r["Staff id"] == person.staff_id)
        for day in engine[person.staff_id].leave_days:
            for header in headers:
                if header.startswith(f"{plan.rota.dates[day]:%a %d %b} "):
                    assert row[header] == "Leave"


def test_rostered_sessions_are_cover_plus_surplus(book: Workbook, plan: Plan) -> None:
    rota = plan.rota_report.rota
    assert rota is not None
    cover = rows(book, "Session cover")
    for line in cover:
        assert line["Rostered (people)"] == line["Counting towards minimum (people)"] + line["Surplus (people)"]
        assert line["Required (people)"] == line["Counting towards minimum (people)"] + line["Short (people)"]
        assert line["Status"].startswith("Short by") == (line["Short (people)"] > 0)
    access = {"duty clinician", "enhanced access"}  # the access contract's lines count the same people again
    assert sum(line["Rostered (people)"] for line in cover if line["Role"] not in access) == len(rota.assignments)
    assert {line["Role"] for line in cover} >= access
    assert sum(1 for line in cover if line["Short (people)"]) == len(plan.rota_report.uncovered_sessions)
    by_practice = rows(book, "By practice")
    assert sum(r["People (count)"] for r in by_practice) == len(rota.assignments)


def test_staff_hours_agree_with_the_grid_and_contracts(book: Workbook, plan: Plan) -> None:
    found, _ = grid_assignments(book)
    per_person = Counter(staff for staff, _, _ in found)
    hours = rows(book, "Staff hours")
    assert len(hours) == len(plan.rota.people)
    rota = plan.rota_report.rota
    minutes = Counter()
    for a in rota.assignments:
        minutes[a.staff_id] += plan.rota.problem.shift_by_id[a.shift_id].length_minutes
    for line in hours:
        assert line["Rostered (sessions)"] == per_person.get(line["Staff id"], 0)
        assert line["Clinical (sessions)"] + line["MDT (sessions)"] == line["Rostered (sessions)"]
        assert line["Of which no clinical room (sessions)"] <= line["Clinical (sessions)"]
        assert line["Rostered (hours)"] == pytest.approx(minutes[line["Staff id"]] / 60)
        due = line["Due over the rota (hours)"]
        assert line["Rostered less due (hours)"] == pytest.approx(line["Rostered (hours)"] - due)
    if plan.rota_check.ok:  # contracts are a hard rule: within the tolerance, here half a 5 h 30 session (1 week)
        assert all(abs(line["Rostered less due (hours)"]) <= 165 / 60 + 1e-9 for line in hours)


def test_fair_shares_add_up_to_each_groups_sessions_pro_rata(book: Workbook, plan: Plan) -> None:
    """Within a role, the willing staff's fair shares of evenings (Saturdays) add up to the evenings they
    worked, and each is pro rata to contracted sessions; [z] for anyone outside a group of two or more."""
    hours = rows(book, "Staff hours")
    checked = 0
    for kind, count in (("evenings", "Evenings (sessions)"), ("Saturdays", "Saturdays (sessions)")):
        column = f"Fair share of {kind} (sessions)"
        for group in plan.rota.problem.fairness_groups:
            if not group.id.startswith(kind.lower()) or len(group.staff_ids) < 2:
                continue
            members = [line for line in hours if line["Staff id"] in group.staff_ids]
            worked = sum(line[count] for line in members)
            assert sum(line[column] for line in members) == pytest.approx(worked)
            per_session = {line[column] / line["Contracted (sessions per week)"] for line in members}
            assert max(per_session) - min(per_session) < 1e-6
            checked += 1
        in_groups = {sid for g in plan.rota.problem.fairness_groups
                     if g.id.startswith(kind.lower()) and len(g.staff_ids) > 1 for sid in g.staff_ids}
        assert all(line[column] == "[z]" for line in hours if line["Staff id"] not in in_groups)
    assert checked >= 2


def test_summary_matches_the_plan_and_the_json(book: Workbook, plan: Plan) -> None:
    head = summary(book)
    data = plan_summary(plan)
    assert head["Population and demand", "Registered patients"] == plan.demand.population
    assert head["Coverage of need", "Unmet clinical hours"] == pytest.approx(data["mix"]["unmet_hours_per_week"],
                                                                              abs=1e-3)
    assert head["Rota quality", "Sessions below a cover minimum"] == data["rota"]["uncovered_sessions"]
    assert head["Rota quality", "Hard rules broken (independent checker)"] == data["rota"]["hard_violations"] == 0
    assert head["Solver status", "Rota"] == data["rota"]["status"]
    gp = sum(r.fte for r in plan.mix.roles if r.staff_group == "gp")
    assert head["Board KPIs", "Patients per GP FTE"] == pytest.approx(plan.demand.population / gp)


def test_explain_names_every_binding_rule_and_every_penalty(book: Workbook, plan: Plan) -> None:
    explain = rows(book, "Explain")
    assert {b.rule for b in plan.mix.binding} <= {r["Rule"] for r in explain if r["Stage"] == "Mix"}
    assert len(rows(book, "Marginal values")) == len(plan.mix.marginals)
    penalties = rows(book, "Rota penalties")
    if plan.rota_report.violations:
        assert sum(r["Penalty (points)"] for r in penalties) == plan.rota_report.objective
    points = [r["Penalty (points)"] for r in penalties]
    assert points == sorted(points, reverse=True)  # the costliest misses first
    for r in penalties:  # every amount says what it counts; fairness names its pro-rata unit
        assert r["Amount counts"], r
        if r["Rule"] == "unfair share":
            assert "pro rata to the largest contract" in r["Amount counts"]
        if r["Rule"] == "cover shortfall":
            assert r["Amount counts"] == "people short of the minimum"


def test_explain_says_where_rooms_are_overbooked(book: Workbook, plan: Plan) -> None:
    """Each practice's row agrees with a count of the rota itself, and the people beyond the rooms
    add up to the overbooked-rooms penalty; with work that needs no room, hardly anyone is beyond them."""
    rooms = {p.code: p.clinical_rooms for p in plan.loaded.scenario.practices}
    clinical = {s.id for s in plan.rota.problem.shift_types if s.holds_room}
    needs = {s.id for s in plan.rota.problem.staff if s.needs_room}
    there = Counter((a.day, a.shift_id, a.location_id) for a in plan.rota_report.rota.assignments
                    if a.shift_id in clinical and a.staff_id in needs)
    beyond = Counter()
    for (_, _, code), n in there.items():
        beyond[code] += max(0, n - rooms[code])
    explained = {}
    for r in rows(book, "Explain"):
        if r["Kind"] == "Rooms overbooked":
            found = re.search(r"by ([\d,]+) people in all; the busiest, .* has (\d+) for (\d+) rooms", r["In words"])
            assert found, r["In words"]
            code = r["Subject"].split()[0]
            explained[code] = int(found[1].replace(",", ""))
            assert int(found[3]) == rooms[code]
            assert int(found[2]) - rooms[code] == max(n - rooms[code] for (_, _, c), n in there.items() if c == code)
    assert explained == {code: n for code, n in beyond.items() if n}
    head = summary(book)
    assert head["Rota quality", "People beyond clinical rooms"] == sum(beyond.values())
    room_sessions = sum(rooms[loc.id] for loc in plan.rota.problem.locations for d in plan.rota.problem.days
                        for sh in clinical if loc.is_open(d, sh))
    assert head["Rota quality", "Clinical room-sessions available"] == room_sessions
    weight = plan.rota.problem.overbooked_room_weight
    assert sum(explained.values()) * weight == plan.rota_report.objective_by_rule.get("overbooked rooms", 0)
    assert head["Rota quality", "People beyond clinical rooms"] <= 0.01 * plan_summary(plan)["rota"][
        "clinical_person_sessions"], "work without a room keeps the rota inside the estate, as the mix planned"


def test_assumptions_list_every_sourced_care_model_value(book: Workbook, plan: Plan) -> None:
    listed = {r["Setting"]: r for r in rows(book, "Assumptions")}
    for path, value, _ in sourced_values(plan.loaded.care_model):
        assert listed[path]["Value"] == value.value and listed[path]["Source"] == value.source
    assert listed["rota_policy.mdt_weekday"]["From"] == "scenario RotaRules sheet"
    inputs = rows(book, "Inputs")
    assert sum(r["Value"] for r in inputs if r["Group"] == "Population") == plan.loaded.scenario.total_population


def test_assumptions_lead_with_the_price_year_and_list_what_is_not_modelled(book: Workbook, plan: Plan) -> None:
    assumptions = rows(book, "Assumptions")
    assert assumptions[0]["Setting"] == "price_year" and assumptions[0]["Value"] == "2026/27"
    not_modelled = [r for r in assumptions if r["Group"] == "not_modelled"]
    assert len(not_modelled) == len(plan.loaded.care_model.not_modelled) > 0
    assert any("Employment Allowance" in r["What it is"] for r in not_modelled)


def test_rota_prints_on_a4_landscape_with_titles_and_frozen_names(book: Workbook) -> None:
    sheet = book["Rota"]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert 10 <= int(sheet.page_setup.scale) <= 100  # a fixed scale: one week per page width
    header_row = sheet.tables["Rota"].ref.split(":")[0][1:]
    assert sheet.print_title_rows.replace("$", "") == f"{header_row}:{header_row}"
    assert sheet.print_title_cols.replace("$", "") == "A:C"
    assert sheet.freeze_panes == f"D{int(header_row) + 1}"


def test_summary_chart_plots_in_post_against_planned_by_role(plan: Plan) -> None:
    """The board's chart: two series (in post, planned) over the team table's role rows."""
    with zipfile.ZipFile(north_coast_workbook()) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/chart")]
    (xml,) = [chart for chart in charts if "Summary" in chart]  # the Trajectory sheet has its own two
    refs = re.findall(r"<(?:c:)?f>'?Summary'?!\$?([A-Z])\$?(\d+)(?::\$?[A-Z]\$?(\d+))?</(?:c:)?f>", xml)
    assert {column for column, _, _ in refs} == {"A", "C", "D"}
    sheet = openpyxl.load_workbook(north_coast_workbook())["Summary"]
    titles = {sheet[f"{column}{row}"].value for column, row, last in refs if not last}
    assert titles == {"In post (FTE)", "Planned (FTE)"}
    first, last = next((int(r), int(e)) for c, r, e in refs if c == "A")
    assert [sheet[f"A{r}"].value for r in range(first, last + 1)] == [r.name for r in plan.mix.roles]
    assert [sheet[f"C{r}"].value for r in range(first, last + 1)] == [r.existing_fte for r in plan.mix.roles]
    assert [sheet[f"D{r}"].value for r in range(first, last + 1)] == [pytest.approx(r.fte) for r in plan.mix.roles]


def test_refuses_to_overwrite_the_scenario_or_write_into_a_missing_folder(plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="overwrite an input"):
        write_plan_workbook(plan, NORTH_COAST, [NORTH_COAST])
    with pytest.raises(InputError, match="does not exist"):
        write_plan_workbook(plan, tmp_path / "missing" / "plan.xlsx", [NORTH_COAST])
    assert not list(tmp_path.iterdir())


def test_a_longer_rota_prints_one_week_per_page_width() -> None:
    import datetime as dt

    from openpyxl import Workbook as NewBook

    from pch_workforce.plan.workbook.rota import NAME_COLUMNS, print_week_per_page
    from pch_workforce.plan.workbook.rota_views import Slot

    start = dt.date(2027, 1, 4)
    slots = [Slot(day, start + dt.timedelta(day), session) for day in range(21) if day % 7 < 6
             for session in ("AM", "PM")]  # 3 weeks x 6 days x 2 sessions = 36 columns
    sheet = NewBook().active
    for column in range(1, NAME_COLUMNS + len(slots) + 2):
        sheet.cell(row=5, column=column, value="x")
    print_week_per_page(sheet, 4, slots, NAME_COLUMNS + len(slots) + 1)
    assert [brk.id for brk in sheet.col_breaks.brk] == [NAME_COLUMNS + 12, NAME_COLUMNS + 24]
    assert sheet.print_area.replace("$", "").endswith(f"{openpyxl.utils.get_column_letter(NAME_COLUMNS + 36)}5")
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage  # LibreOffice ignores breaks under fit-to-page
    assert 10 <= sheet.page_setup.scale <= 100


def test_same_scenario_and_seed_give_the_same_cells_when_planned_again(plan: Plan) -> None:
    """The acceptance test for reproducibility: a second, separate run of the pipeline, cell by cell."""
    from pch_workforce.plan.run import build_plan
    from pch_workforce.scenario.loader import load_scenario
    from tests.plan_workbook_fixture import OPTIONS

    again = build_plan(load_scenario(NORTH_COAST), OPTIONS)

    def cells(book: Workbook) -> dict[tuple[str, str], Any]:
        return {(s.title, c.coordinate): c.value for s in book.worksheets for row in s.iter_rows() for c in row}

    first, second = cells(plan_workbook(plan)), cells(plan_workbook(again))
    assert [key for key in first if first[key] != second.get(key)] == []
    assert first.keys() == second.keys()


def test_cover_lines_split_rostered_into_cover_and_surplus_and_say_shortfalls_in_words() -> None:
    from types import SimpleNamespace

    from pch_workforce.pch_rota import RotaPerson
    from pch_workforce.plan.workbook.rota_views import cover_lines
    from pch_workforce.rota.problem import Assignment, CoverRequirement, Rota

    pch = SimpleNamespace(
        people=(RotaPerson("a", "A", "gp", "P1", 9, False), RotaPerson("b", "B", "gp", "P1", 9, False),
                RotaPerson("n", "N", "nurse", "P1", 9, False)),
        problem=SimpleNamespace(cover=(
            CoverRequirement(day=0, shift_id="AM", location_id="P1", skill="gp", minimum=3),
            CoverRequirement(day=0, shift_id="PM", location_id="P1", skill="gp", minimum=1))))
    rota = Rota(assignments=(
        Assignment(staff_id="a", day=0, shift_id="AM", location_id="P1"),
        Assignment(staff_id="b", day=0, shift_id="AM", location_id="P1"),
        Assignment(staff_id="a", day=0, shift_id="PM", location_id="P1"),
        Assignment(staff_id="b", day=0, shift_id="PM", location_id="P1"),
        Assignment(staff_id="n", day=0, shift_id="PM", location_id="P1"),
    ))
    lines = {(x.shift_id, x.role): x for x in cover_lines(pch, rota)}  # type: ignore[arg-type]
    assert (lines["AM", "gp"].rostered, lines["AM", "gp"].short, lines["AM", "gp"].status) == (2, 1, "Short by 1")
    assert (lines["PM", "gp"].counting, lines["PM", "gp"].surplus, lines["PM", "gp"].status) == (1, 1, "Met, 1 over")
    assert (lines["PM", "nurse"].required, lines["PM", "nurse"].status) == (0, "No minimum set")
    assert sum(x.rostered for x in lines.values()) == 5


def test_short_sessions_are_highlighted_in_words_and_colour(plan: Plan) -> None:
    import dataclasses

    from pch_workforce.plan.workbook import palette
    from pch_workforce.plan.workbook.session_cover import write_session_cover
    from pch_workforce.excel.tables import new_book
    from pch_workforce.rota.problem import Rota

    rota = plan.rota_report.rota
    assert rota is not None
    gp_monday_am = [a for a in rota.assignments if a.day == 0 and a.shift_id == "AM" and a.location_id == "P1"
                    and plan.rota.person(a.staff_id).role == "gp"]
    assert gp_monday_am
    fewer = Rota(assignments=tuple(a for a in rota.assignments if a not in gp_monday_am))
    short_plan = dataclasses.replace(plan, rota_report=plan.rota_report.model_copy(update={"rota": fewer}))
    book = new_book()
    write_session_cover(book, short_plan)
    headers, data = table(book["Session cover"])
    status = headers.index("Status") + 1
    first = book["Session cover"].tables["SessionCover"].ref.split(":")[0][1:]
    for index, line in enumerate(data):
        cell = book["Session cover"].cell(row=int(first) + 1 + index, column=status)
        is_short = line["Short (people)"] > 0
        assert line["Status"].startswith("Short by") == is_short
        assert (cell.fill.fgColor.rgb[-6:] == palette.SHORT.fill) == is_short
    assert any(line["Short (people)"] for line in data)

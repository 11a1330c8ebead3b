"""The Estate sheet: each practice's clinical room-sessions against the face-to-face work the mix gives it,
and what the rota put in the rooms."""

from __future__ import annotations

from openpyxl.workbook.workbook import Workbook

from pch_workforce.mix.problem import SESSION_TYPES
from pch_workforce.plan.model import Plan
from pch_workforce.plan.workbook.front import note
from pch_workforce.plan.workbook.rota_views import room_use
from pch_workforce.excel.tables import DECIMAL, SHARE, Column, TableSpec, write_table

SESSION_WORDS = {"AM": "weekday mornings", "PM": "weekday afternoons", "EVE": "evenings", "SAT": "Saturdays"}


def write_estate(book: Workbook, plan: Plan) -> TableSpec:
    spec = estate_spec(plan)
    write_table(book, spec)
    return spec


def estate_spec(plan: Plan) -> TableSpec:
    mix = plan.mix
    weeks = max(1, plan.rota.problem.num_weeks)
    rota_use = {u.location_id: u for u in room_use(plan.rota, plan.rota_report.rota)} if plan.rota_report.rota else {}
    rows = []
    for e in mix.estate:
        by_type = dict(e.by_session_type)
        use = rota_use.get(e.practice)
        rows.append([
            e.practice, e.name, e.rooms, *(by_type.get(t, 0.0) for t in SESSION_TYPES), e.room_sessions_per_week,
            e.room_sessions_needed_per_week, e.seen_elsewhere_per_week, e.room_sessions_held_per_week,
            e.room_sessions_held_per_week / e.room_sessions_per_week if e.room_sessions_per_week else None,
            use.rostered / weeks if use else None, use.overbooked_people / weeks if use else None,
        ])
    held = sum(e.room_sessions_held_per_week for e in mix.estate)
    available = sum(e.room_sessions_per_week for e in mix.estate)
    rostered = sum(u.rostered for u in rota_use.values()) / weeks
    return TableSpec(
        sheet="Estate", name="EstateByPractice", title=f"{mix.site}: clinical rooms against face-to-face work",
        contents="Each practice's room-sessions a week by session type, the face-to-face work the mix gives it, and "
                 "what the rota rostered in its rooms",
        description=(
            f"The mix's face-to-face work holds {held:,.1f} of the {available:,.0f} room-sessions a week "
            f"{note('estate')}. A room-session is a room for a contracted session of 4 h 10 min: an open session "
            "counts its clock length over that (a 5 h morning 1.2, a 1 h 30 evening 0.36). Telephone, video and "
            "online work and home and care-home visits need no room.",
            f"The rota rosters {rostered:,.1f} clinical person-sessions a week in rooms, each a whole session at its "
            "clock times; work without a room is rostered apart (the -R sessions on the Rota sheet).",
        ),
        columns=(Column("Practice code", max_width=10), Column("Practice", max_width=28),
                 Column("Clinical rooms", DECIMAL),
                 *(Column(f"Room-sessions, {SESSION_WORDS[t]} (a week)", DECIMAL) for t in SESSION_TYPES),
                 Column("Room-sessions (a week)", DECIMAL),
                 Column("Its patients' face-to-face work (room-sessions a week)", DECIMAL),
                 Column("Of which seen at other practices (room-sessions a week)", DECIMAL),
                 Column("Held here, other practices' patients included (room-sessions a week)", DECIMAL),
                 Column("Share of room-sessions held (per cent)", SHARE),
                 Column("Rota: clinical person-sessions rostered here (a week)", DECIMAL),
                 Column("Rota: people beyond the rooms (person-sessions a week)", DECIMAL)),
        rows=rows, freeze_columns=2)

"""What a PCH board reads first: the plan in sentences, headline KPIs with a RAG status, the team
against what is in post, and FTE per 10,000 patients against England.

Everything here is worked out from the plan's own figures (the same ones the Figures, Estate and
Rota sheets show), so a number in a sentence is a number on a sheet. RAG thresholds are judgement
calls, each stated beside its status; none is a national standard unless its text says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pch_workforce.care_model import StaffGroup
from pch_workforce.plan.access import AccessReport
from pch_workforce.plan.kpis import MixKpis, RotaKpis, mix_kpis, rota_kpis
from pch_workforce.plan.model import Plan, ReplanFigures
from pch_workforce.plan.summary_json import plan_access, stopped_by

GREEN, AMBER, RED = "Green", "Amber", "Red"
GROUP_NAMES = {StaffGroup.GP.value: "GPs", StaffGroup.NURSE.value: "nurses", StaffGroup.OTHER.value: "other roles"}
GROUP_LABELS = {StaffGroup.GP.value: "GPs", StaffGroup.NURSE.value: "Nurses", StaffGroup.OTHER.value: "Other roles"}
REPRODUCIBLE = ("proved optimal", "deterministic limit (reproducible)")


@dataclass(frozen=True)
class BoardKpi:
    """One headline measure with its RAG status and the threshold that gave it."""

    measure: str
    value: Any
    unit: str
    status: str
    threshold: str


@dataclass(frozen=True)
class TeamChange:
    """One role: FTE in post (named staff) against the FTE the plan asks for."""

    role: str
    staff_group: str
    in_post: float
    planned: float

    @property
    def change(self) -> float:
        return self.planned - self.in_post


@dataclass(frozen=True)
class GroupDensity:
    """A staff group's planned FTE per 10,000 registered patients against England's."""

    staff_group: str
    in_post_fte: float
    planned_fte: float
    per_10000: float
    england_per_10000: float | None
    roles: str


def team_changes(plan: Plan) -> list[TeamChange]:
    return [TeamChange(r.name, GROUP_LABELS.get(r.staff_group, r.staff_group), r.existing_fte, r.fte)
            for r in plan.mix.roles]


def group_densities(plan: Plan) -> list[GroupDensity]:
    """By staff group in the care model's grouping; England's figure where the care model has one."""
    england = plan.loaded.care_model.england_fte_per_10000 or {}
    population = plan.demand.population
    rows = []
    for group in StaffGroup:
        roles = [r for r in plan.mix.roles if r.staff_group == group.value]
        fte = sum(r.fte for r in roles)
        figure = england.get(group)
        rows.append(GroupDensity(GROUP_LABELS[group.value], sum(r.existing_fte for r in roles), fte,
                                 fte / population * 10_000 if population else 0.0,
                                 None if figure is None else figure.value,
                                 ", ".join(r.name for r in roles if r.fte > 0) or "none planned"))
    return rows


def planned_posts(plan: Plan) -> int:
    return sum(1 for p in plan.rota.people if p.vacancy)


def _band(value: float | None, green: float, amber: float, higher_is_better: bool = True) -> str:
    if value is None:
        return AMBER
    if higher_is_better:
        return GREEN if value >= green else AMBER if value >= amber else RED
    return GREEN if value <= green else AMBER if value <= amber else RED


def board_kpis(plan: Plan) -> list[BoardKpi]:
    """The measures a board asks about first, each with a status and its (judgement) threshold."""
    mk = mix_kpis(plan.mix, plan.loaded.care_model)
    rk = _rota(plan)
    access = plan_access(plan)
    limit = plan.loaded.scenario.site.max_patients_per_gp_fte
    per_gp = mk.patients_per_gp_fte
    cap = limit or 2_258
    cap_text = (f"the site's continuity limit of {limit:,}" if limit else
                "England's 2,258 (May 2025, BMA from NHS England workforce statistics)")
    used = mk.budget.share_used
    unmet = plan.mix.unmet_hours_per_week > 0.05
    ea = (access.enhanced_access_hours_per_week / access.enhanced_access_required_hours_per_week
          if access.enhanced_access_required_hours_per_week > 0 else None)
    clinical = max(1, rk.clinical_sessions)
    ended = stopped_by(plan.rota_report)
    return [
        BoardKpi("Share of demand met", mk.all_services.share_met, "per cent of contacts",
                 _band(mk.all_services.share_met, 0.95, 0.85), "Green at 95% or more, amber at 85% or more"),
        BoardKpi("Share of workforce budget used", used, "per cent",
                 RED if used is not None and used > 1 + 1e-9 else AMBER if unmet and (used or 0) < 0.9 else GREEN,
                 "Green within budget; amber below 90% used while need is unmet; red over budget"),
        BoardKpi("Patients per GP FTE", per_gp, "patients",
                 _band(per_gp, cap, cap * 1.1, higher_is_better=False),
                 f"Green at or below {cap_text}; amber up to 10% above"),
        BoardKpi("Long-term condition reviews covered", mk.ltc_reviews.share_met, "per cent",
                 _band(mk.ltc_reviews.share_met, 0.95, 0.85), "Green at 95% or more, amber at 85% or more"),
        BoardKpi("Home-visit need met", mk.home_visits.share_met, "per cent",
                 _band(mk.home_visits.share_met, 0.95, 0.85), "Green at 95% or more, amber at 85% or more"),
        BoardKpi("Enhanced access, weakest week", access.enhanced_access_hours_per_week, "hours a week",
                 GREEN if ea is None or ea >= 1 - 1e-9 else RED,
                 f"Green when every week reaches the {access.enhanced_access_required_hours_per_week:,.1f} hours "
                 "the Network Contract DES asks for; red otherwise"),
        BoardKpi("Core hours without a duty clinician", access.core_hours_uncovered, "practice-hours",
                 _band(access.core_hours_uncovered, 0, 5.5, higher_is_better=False),
                 "Green at none; amber up to one afternoon (5.5 h) over the rota"),
        BoardKpi("Sessions below a cover minimum", rk.uncovered_sessions, "sessions",
                 _band(rk.uncovered_sessions / clinical, 0, 0.01, higher_is_better=False),
                 "Green at none; amber up to 1% of clinical sessions"),
        *_replan_kpis(plan),
        BoardKpi("People beyond clinical rooms", rk.people_beyond_rooms, "person-sessions",
                 _band(rk.people_beyond_rooms / clinical, 0, 0.01, higher_is_better=False),
                 "Green at none; amber up to 1% of clinical person-sessions"),
        BoardKpi("Sessions at the home practice", rk.continuity, "per cent",
                 _band(rk.continuity, 0.9, 0.75), "Green at 90% or more, amber at 75% or more"),
        BoardKpi("Hard rules broken (independent checker)", len(plan.rota_check.violations), "rules",
                 GREEN if not plan.rota_check.violations else RED, "Green at none; red otherwise"),
        BoardKpi("Rota search", ended, "how it ended", GREEN if ended in REPRODUCIBLE else AMBER,
                 "Green when proved or stopped by the deterministic limit (the same rota on any machine); "
                 "amber when the wall clock or Ctrl-C stopped it"),
    ]


def _replan_kpis(plan: Plan) -> list[BoardKpi]:
    """A re-plan's disruption, beside cover: the ideal is one change by someone else per session an
    absence took (whoever covers it); the bands are judgement calls."""
    figures = plan.replan
    if figures is None:
        return []
    lost = max(1, figures.sessions_lost)
    return [
        BoardKpi("Sessions changed by the re-plan", figures.changed_sessions, "sessions",
                 _band(figures.others_changed / lost, 2, 4, higher_is_better=False),
                 "Green when the changes beyond the absent people's own sessions are at most two per session the "
                 "absences took (the ideal is one: whoever covers it); amber up to four"),
        BoardKpi("People affected by the re-plan", figures.people_affected, "people",
                 _band(figures.others_affected / lost, 1, 2, higher_is_better=False),
                 "Green when no more people besides the absent are moved than sessions the absences took; "
                 "amber up to twice as many"),
    ]


def _rota(plan: Plan) -> RotaKpis:
    rota = plan.rota_report.rota
    assert rota is not None, "a Plan always carries a rota"
    return rota_kpis(plan.rota, rota, ((u.minimum, u.assigned) for u in plan.rota_report.uncovered_sessions))


def board_sentences(plan: Plan) -> list[tuple[str, str]]:
    """The plan in five sentences, and a sixth for a re-plan: (topic, sentence)."""
    mk = mix_kpis(plan.mix, plan.loaded.care_model)
    sentences = [("Team", _team_sentence(plan)), ("Money", _money_sentence(plan, mk)),
                 ("Need", _need_sentence(plan, mk)), ("Estate and access", _estate_sentence(plan, plan_access(plan))),
                 ("Rota", _rota_sentence(plan))]
    if plan.replan is not None:
        sentences.append(("Re-plan", _replan_sentence(plan.replan)))
    return sentences


def _replan_sentence(figures: ReplanFigures) -> str:
    lost = (f"the absences took {figures.sessions_lost:,} rostered session{'s' if figures.sessions_lost != 1 else ''}"
            f", {figures.sessions_recovered:,} of them now worked by someone else; "
            if figures.sessions_lost else "")
    return (f"This rota re-plans a published one: {lost}{figures.changed_sessions:,} session"
            f"{'s' if figures.changed_sessions != 1 else ''} changed for {figures.people_affected:,} "
            f"{'person' if figures.people_affected == 1 else 'people'} (the Changes sheet lists each with its reason).")


def _team_sentence(plan: Plan) -> str:
    changes = team_changes(plan)
    planned, in_post = sum(c.planned for c in changes), sum(c.in_post for c in changes)
    by_group = []
    for group in StaffGroup:
        delta = sum(c.change for c in changes if c.staff_group == GROUP_LABELS[group.value])
        if abs(delta) >= 0.05:
            by_group.append(f"{abs(delta):,.1f} FTE {'more' if delta > 0 else 'fewer'} {GROUP_NAMES[group.value]}")
    posts = planned_posts(plan)
    moves = ", ".join(by_group[:-1]) + (" and " if len(by_group) > 1 else "") + by_group[-1] if by_group else \
        "no change by staff group"
    return (f"The plan's team is {planned:,.1f} FTE against {in_post:,.1f} FTE in post: {moves}, "
            f"which is {posts:,} post{'s' if posts != 1 else ''} to recruit.")


def _money_sentence(plan: Plan, mk: MixKpis) -> str:
    mix, budget = plan.mix, mk.budget
    share = f" ({budget.share_used:.0%})" if budget.share_used is not None else ""
    arrs = (f", after £{mix.arrs_reimbursement_per_year:,.0f} of ARRS reimbursement"
            if mix.arrs_reimbursement_per_year >= 0.5 else "")
    left = ""
    if budget.headroom_per_year >= 0.5:
        left = f"; £{budget.headroom_per_year:,.0f} a year is left unspent"
        if mix.unmet_hours_per_week >= 0.05 and "workforce_budget" not in mix.binding_names:
            capped = any(name.startswith("fte_max[") for name in mix.binding_names)
            left += (" because recruitment, not money, limits the team (roles that could meet more need are at the "
                     "most the local market supplies)" if capped else
                     " because other rules, not money, limit the team (the Explain sheet names them)")
    return (f"At {mix.plan_financial_year} prices it costs the workforce budget £{budget.used_per_year:,.0f} a year of "
            f"the £{budget.available_per_year:,.0f} available{share}{arrs}{left}.")


def _need_sentence(plan: Plan, mk: MixKpis) -> str:
    mix = plan.mix
    share = mk.all_services.share_met
    met = f"It meets {share:.1%} of the contacts the population needs" if share is not None else "It meets demand"
    if mix.unmet_hours_per_week < 0.05:
        return met + ", with no clinical hours unmet."
    worst = sorted((s for s in mix.services if s.unmet_hours_per_week >= 0.05),
                   key=lambda s: -s.unmet_hours_per_week)
    named = " and ".join(f"{s.name} ({s.unmet_hours_per_week:,.1f} h)" for s in worst[:2])
    why = f" (first reason, {worst[0].why_unmet[0]})" if worst[0].why_unmet else ""
    return (f"{met}; {mix.unmet_hours_per_week:,.1f} clinical hours a week stay unmet, most in {named}{why}; "
            "the Explain sheet has every reason.")


def _estate_sentence(plan: Plan, access: AccessReport) -> str:
    estate = plan.mix.estate
    parts = []
    if estate:
        held = sum(e.room_sessions_held_per_week for e in estate)
        available = sum(e.room_sessions_per_week for e in estate)
        full = [e.name for e in estate if e.full]
        parts.append(f"the practices' rooms hold the team's face-to-face work ({held:,.1f} of {available:,.1f} "
                     "room-sessions a week" + (f"; full at {', '.join(full)}" if full else "") + ")")
    if access.weeks:
        delivered, required = access.enhanced_access_hours_per_week, access.enhanced_access_required_hours_per_week
        verb = "reaches" if delivered >= required - 1e-9 else "falls short of"
        parts.append(f"enhanced access {verb} the {required:,.1f} hours a week required, with at least "
                     f"{delivered:,.1f} hours in every week")
    gaps = access.core_hours_uncovered
    parts.append("every core-hours session has a duty clinician on site" if gaps < 0.05 else
                 f"{gaps:,.1f} practice-hours of core hours have no duty clinician (listed on the Explain sheet)")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _rota_sentence(plan: Plan) -> str:
    rk = _rota(plan)
    report = plan.rota_report
    weeks = len(plan.rota.dates) // 7
    named = sum(1 for p in plan.rota.people if not p.vacancy)
    cover = ("meets every cover minimum" if rk.uncovered_sessions == 0 else
             f"leaves {rk.uncovered_sessions:,} sessions below a cover minimum")
    rules = ("breaks no hard rule (independent check)" if not plan.rota_check.violations else
             f"breaks {len(plan.rota_check.violations):,} hard rules (see Explain)")
    home = f", with {rk.continuity:.1%} of clinical sessions at each person's home practice" \
        if rk.continuity is not None else ""
    ended = stopped_by(report)
    how = {"proved optimal": "its search proved it the best possible",
           "deterministic limit (reproducible)": "its search stopped at the deterministic limit, so the same "
                                                 "inputs give the same rota on any machine",
           "wall-clock limit (depends on machine speed)": "its search was stopped by the wall clock, so another "
                                                          "machine may give a different rota",
           "interrupted": "its search was interrupted (Ctrl-C), so it is the best rota found by then and may "
                          "differ on another run"}.get(ended, f"its search ended: {ended}")
    score = (f" (soft-rule penalty {report.objective:,.0f} points against a best bound of {report.best_bound:,.0f})"
             if report.objective is not None and report.best_bound is not None else "")
    return (f"The {weeks}-week rota for {named:,} staff and {planned_posts(plan):,} planned posts {cover} and "
            f"{rules}{home}; {how}{score}.")

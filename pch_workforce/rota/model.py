"""The CP-SAT rota model: one ``add_<rule>`` per hard-rule family, one ``penalise_<rule>`` per
soft-rule family, listed in reading order in :func:`build_model`.

Variables (sparse: only combinations the filtering rules allow are created):

* ``x[staff, day, shift, location]`` — works that session at that location;
* ``y[staff, day, shift]`` — works that session anywhere (``x`` itself with one location);
* ``works[staff, day]`` — works any session that day.

Hard rules are gated by one enforcement literal per rule and subject when the model is built
with ``explain=True``; solving with those literals as assumptions then names the rules behind
an infeasibility. In the normal (``explain=False``) build the rules are plain constraints,
which keeps the LP relaxation and presolve at full strength.

Soft rules add :class:`PenaltyTerm` s (rule, subject, day, shift, weight, expression), so the
objective splits by rule and every violation is reported by name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from pch_workforce.rota.problem import Problem, ShiftType, Staff, SupervisorOnSite
from pch_workforce.rota.rules import HardRule, SoftRule

Lit = cp_model.IntVar
Expr = cp_model.LinearExprT


@dataclass(frozen=True)
class BuildOptions:
    """How to build: ``explain`` gates every hard rule with a named literal (for diagnosis)."""

    explain: bool = False
    pattern_flow: bool = False


@dataclass(frozen=True)
class PenaltyTerm:
    """One soft-rule cost: ``weight * value(expr)`` where ``expr`` is a 0..n count."""

    rule: SoftRule
    subject: str
    day: int | None
    shift_id: str | None
    weight: int
    expr: Expr


@dataclass(frozen=True)
class HardRuleRef:
    """What one enforcement literal stands for, with the sentence a planner reads."""

    rule: HardRule
    subject: str
    message: str


@dataclass
class BuiltModel:
    problem: Problem
    model: cp_model.CpModel
    explain: bool
    pattern_flow: bool = False
    x: dict[tuple[str, int, str, str], Lit] = field(default_factory=dict)
    y: dict[tuple[str, int, str], Lit] = field(default_factory=dict)
    works: dict[tuple[str, int], Lit] = field(default_factory=dict)
    penalties: list[PenaltyTerm] = field(default_factory=list)
    rule_literals: dict[int, tuple[Lit, HardRuleRef]] = field(default_factory=dict)

    def enforce(self, rule: HardRule, subject: str, message: str) -> list[Lit]:
        """Enforcement literals for one rule x subject: none unless building to explain."""
        if not self.explain:
            return []
        lit = self.model.new_bool_var(f"enforce[{rule}|{subject}|{len(self.rule_literals)}]")
        self.rule_literals[lit.index] = (lit, HardRuleRef(rule, subject, message))
        return [lit]

    def sessions(self, staff_id: str, day: int) -> list[tuple[str, Lit]]:
        """(shift id, y literal) for every session ``staff_id`` could work on ``day``."""
        return [
            (s.id, self.y[staff_id, day, s.id])
            for s in self.problem.shift_types
            if (staff_id, day, s.id) in self.y
        ]

    def penalise(
        self,
        rule: SoftRule,
        subject: str,
        weight: int,
        expr: Expr,
        day: int | None = None,
        shift_id: str | None = None,
    ) -> None:
        if weight > 0:
            self.penalties.append(PenaltyTerm(rule, subject, day, shift_id, weight, expr))

    def objective(self) -> Expr:
        return sum(t.weight * t.expr for t in self.penalties)


RuleFn = Callable[[BuiltModel], None]


def build_model(problem: Problem, options: BuildOptions | None = None) -> BuiltModel:
    """Build the whole rota model; the list below is the rota policy in reading order."""
    options = options or BuildOptions()
    bm = BuiltModel(
        problem=problem,
        model=cp_model.CpModel(),
        explain=options.explain,
        pattern_flow=options.pattern_flow,
    )
    create_assignment_variables(bm)
    rules: Sequence[RuleFn] = (
        # hard rules
        add_one_location_per_session,
        add_max_sessions_per_day,
        add_forbidden_same_day,
        add_leave_and_unavailability,
        add_required_skill,
        add_contracted_sessions,
        add_contracted_minutes,
        add_forbidden_successions,
        add_max_consecutive_days,
        add_min_consecutive_days,
        add_min_consecutive_days_off,
        strengthen_work_pattern_with_flow,
        add_max_weekends,
        add_max_shifts_per_type,
        add_supervisor_on_site,
        add_fixed_assignments,
        # soft rules
        penalise_cover_shortfall_and_excess,
        penalise_shift_requests,
        penalise_away_from_home,
        penalise_unfair_evenings_and_saturdays,
        penalise_missed_mdt,
        penalise_overbooked_rooms,
        penalise_changes,
    )
    for rule in rules:
        rule(bm)
    if bm.penalties:
        bm.model.minimize(bm.objective())
    return bm


# --------------------------------------------------------------------------- variables


def create_assignment_variables(bm: BuiltModel) -> None:
    """Create x, y and works. Normal builds skip combinations that can never be worked
    (leave, unavailability, missing skill, a per-type maximum of 0); explain builds keep them
    so that those rules become named, explainable constraints."""
    p, m = bm.problem, bm.model
    for staff in p.staff:
        for day in p.days:
            for shift in p.shift_types:
                if not bm.explain and not p.can_work(staff, day, shift):
                    continue
                locs = p.staff_locations(staff, shift, day)
                if not locs:
                    continue
                key = (staff.id, day, shift.id)
                if len(p.locations) == 1:
                    lit = m.new_bool_var(f"x[{staff.id},{day},{shift.id},{locs[0]}]")
                    bm.x[(*key, locs[0])] = lit
                    bm.y[key] = lit
                    continue
                bm.y[key] = m.new_bool_var(f"y[{staff.id},{day},{shift.id}]")
                for loc in locs:
                    bm.x[(*key, loc)] = m.new_bool_var(f"x[{staff.id},{day},{shift.id},{loc}]")
            bm.works[staff.id, day] = m.new_bool_var(f"works[{staff.id},{day}]")


def _staff_sentence(staff: Staff, text: str) -> str:
    return f"{staff.label}: {text}"


# --------------------------------------------------------------------------- hard rules


def add_one_location_per_session(bm: BuiltModel) -> None:
    """A session is worked at one location at most: y = sum of x over locations."""
    p = bm.problem
    if len(p.locations) == 1:
        return
    for (sid, day, shift_id), y in bm.y.items():
        xs = [x for _, x in _x_for(bm, sid, day, shift_id)]
        bm.model.add_exactly_one([~y, *xs])


def add_max_sessions_per_day(bm: BuiltModel) -> None:
    """At most ``max_shifts_per_day`` sessions a day; ``works`` is true iff any is worked.

    With one session a day this is the strong form exactly-one(off, shift_1, ..., shift_k)."""
    p, m = bm.problem, bm.model
    for staff in p.staff:
        cap = staff.contract.max_shifts_per_day
        lits = bm.enforce(
            HardRule.MAX_SESSIONS_PER_DAY,
            staff.id,
            _staff_sentence(staff, f"at most {cap} session(s) a day"),
        )
        for day in p.days:
            works = bm.works[staff.id, day]
            ys = [y for _, y in bm.sessions(staff.id, day)]
            if not ys:
                m.add(works == 0)
                continue
            if cap == 1 and not lits:
                m.add_exactly_one([~works, *ys])
                continue
            m.add_bool_or(ys).only_enforce_if(works)
            for y in ys:
                m.add_implication(y, works)
            if cap < len(ys):
                m.add(sum(ys) <= cap).only_enforce_if(lits)


def add_forbidden_same_day(bm: BuiltModel) -> None:
    """Two shifts that overlap in time (or are declared incompatible) are not both worked."""
    p, m = bm.problem, bm.model
    pairs = sorted(tuple(sorted(pair)) for pair in p.same_day_conflicts())
    if not pairs:
        return
    for staff in p.staff:
        if staff.contract.max_shifts_per_day == 1 and not bm.explain:
            continue  # already implied by one session a day
        for a, b in pairs:
            lits = bm.enforce(
                HardRule.FORBIDDEN_SAME_DAY,
                staff.id,
                _staff_sentence(staff, f"may not work {a} and {b} on the same day"),
            )
            for day in p.days:
                ya, yb = bm.y.get((staff.id, day, a)), bm.y.get((staff.id, day, b))
                if ya is not None and yb is not None:
                    m.add_bool_or([~ya, ~yb]).only_enforce_if(lits)


def add_leave_and_unavailability(bm: BuiltModel) -> None:
    """No session on leave, unavailable days or unavailable sessions (normal builds simply
    have no variable there)."""
    if not bm.explain:
        return
    p = bm.problem
    for staff in p.staff:
        for day in p.days:
            for shift in p.shift_types:
                y = bm.y.get((staff.id, day, shift.id))
                if y is None or staff.is_available(day, shift.id):
                    continue
                why = "on leave" if day in staff.leave_days else "unavailable"
                lits = bm.enforce(
                    HardRule.LEAVE_AND_UNAVAILABILITY,
                    staff.id,
                    _staff_sentence(staff, f"{why} for {shift.id} on {p.day_label(day)}"),
                )
                bm.model.add(y == 0).only_enforce_if(lits)


def add_required_skill(bm: BuiltModel) -> None:
    """Only staff holding one of a shift's required skills work it (normal builds: no variable)."""
    if not bm.explain:
        return
    p = bm.problem
    for staff in p.staff:
        for shift in p.shift_types:
            if not shift.required_skills or staff.skills & shift.required_skills:
                continue
            ys = [bm.y[k] for d in p.days if (k := (staff.id, d, shift.id)) in bm.y]
            skills = ", ".join(sorted(shift.required_skills))
            lits = bm.enforce(
                HardRule.REQUIRED_SKILL,
                staff.id,
                _staff_sentence(staff, f"lacks the skill ({skills}) that {shift.id} requires"),
            )
            for y in ys:
                bm.model.add(y == 0).only_enforce_if(lits)


def add_contracted_sessions(bm: BuiltModel) -> None:
    """Sessions worked in each week, plus the credit for leave days, stay within the contract."""
    p, m = bm.problem, bm.model
    for staff in p.staff:
        c = staff.contract
        if c.min_sessions_per_week is None and c.max_sessions_per_week is None:
            continue
        for week in range(p.num_weeks):
            days = p.week_days(week)
            credit = c.leave_credit_sessions * sum(1 for d in days if d in staff.leave_days)
            worked = sum(y for d in days for _, y in bm.sessions(staff.id, d))
            cap = p.week_capacity(staff, week)
            if c.min_sessions_per_week is not None and c.min_sessions_per_week > credit:
                leave = f" (plus {credit} credited for leave)" if credit else ""
                lits = bm.enforce(
                    HardRule.CONTRACTED_SESSIONS,
                    f"{staff.id}/week {week + 1}",
                    _staff_sentence(
                        staff,
                        f"contracted {c.min_sessions_per_week} sessions, but only {cap} "
                        f"available after leave in week {week + 1}{leave}",
                    ),
                )
                m.add(worked + credit >= c.min_sessions_per_week).only_enforce_if(lits)
            if c.max_sessions_per_week is not None:
                lits = bm.enforce(
                    HardRule.CONTRACTED_SESSIONS,
                    f"{staff.id}/week {week + 1}",
                    _staff_sentence(
                        staff, f"at most {c.max_sessions_per_week} sessions in week {week + 1}"
                    ),
                )
                m.add(worked + credit <= c.max_sessions_per_week).only_enforce_if(lits)


def add_contracted_minutes(bm: BuiltModel) -> None:
    """Minutes worked over the horizon, plus leave credit, stay within [min, max]."""
    p, m = bm.problem, bm.model
    for staff in p.staff:
        c = staff.contract
        if c.min_minutes is None and c.max_minutes is None:
            continue
        credit = c.leave_credit_minutes * len(staff.leave_days)
        minutes = sum(
            p.shift_by_id[sh].length_minutes * y
            for d in p.days
            for sh, y in bm.sessions(staff.id, d)
        )
        if c.min_minutes is not None and c.min_minutes > credit:
            lits = bm.enforce(
                HardRule.CONTRACTED_MINUTES,
                staff.id,
                _staff_sentence(staff, f"must work at least {c.min_minutes} minutes"),
            )
            m.add(minutes + credit >= c.min_minutes).only_enforce_if(lits)
        if c.max_minutes is not None:
            lits = bm.enforce(
                HardRule.CONTRACTED_MINUTES,
                staff.id,
                _staff_sentence(staff, f"may work at most {c.max_minutes} minutes"),
            )
            m.add(minutes + credit <= c.max_minutes).only_enforce_if(lits)


def add_forbidden_successions(bm: BuiltModel) -> None:
    """Shift s on day d forbids shift t on day d+1 (minimum rest, rotation direction)."""
    p, m = bm.problem, bm.model
    for staff in p.staff:
        for rule in p.forbidden_successions:
            a, b = rule.shift_id, rule.next_shift_id
            pairs = [
                (bm.y[staff.id, d, a], bm.y[staff.id, d + 1, b])
                for d in range(p.horizon_days - 1)
                if (staff.id, d, a) in bm.y and (staff.id, d + 1, b) in bm.y
            ]
            if not pairs:
                continue
            lits = bm.enforce(
                HardRule.FORBIDDEN_SUCCESSION,
                staff.id,
                _staff_sentence(staff, f"may not work {b} the day after {a}"),
            )
            for ya, yb in pairs:
                m.add_bool_or([~ya, ~yb]).only_enforce_if(lits)


def add_max_consecutive_days(bm: BuiltModel) -> None:
    """Every window of max+1 consecutive days inside the horizon holds a day off."""
    p, m = bm.problem, bm.model
    for staff in p.staff:
        k = staff.contract.max_consecutive_days
        if k is None or k >= p.horizon_days:
            continue
        lits = bm.enforce(
            HardRule.MAX_CONSECUTIVE_DAYS,
            staff.id,
            _staff_sentence(staff, f"at most {k} consecutive working days"),
        )
        for start in range(p.horizon_days - k):
            window = [bm.works[staff.id, d] for d in range(start, start + k + 1)]
            m.add(sum(window) <= k).only_enforce_if(lits)


def _forbid_short_runs(bm: BuiltModel, staff: Staff, k: int, on: bool, lits: list[Lit]) -> None:
    """Forbid every interior run of length < k of working (``on``) or off days as a clause.

    A run touching day 0 or the last day is exempt (horizon-boundary convention)."""
    h = bm.problem.horizon_days
    w = [bm.works[staff.id, d] for d in range(h)]
    inside = [lit if on else ~lit for lit in w]  # true on days inside the run
    for length in range(1, k):
        for start in range(1, h - length):
            end = start + length  # first day after the run, must be < h
            clause = [inside[start - 1], inside[end]]
            clause += [~inside[d] for d in range(start, end)]
            bm.model.add_bool_or(clause).only_enforce_if(lits)


def add_min_consecutive_days(bm: BuiltModel) -> None:
    """A run of working days lasts at least ``min_consecutive_days``."""
    for staff in bm.problem.staff:
        k = staff.contract.min_consecutive_days
        if k is None or k <= 1:
            continue
        lits = bm.enforce(
            HardRule.MIN_CONSECUTIVE_DAYS,
            staff.id,
            _staff_sentence(staff, f"works runs of at least {k} consecutive days"),
        )
        _forbid_short_runs(bm, staff, k, True, lits)


def add_min_consecutive_days_off(bm: BuiltModel) -> None:
    """A run of days off lasts at least ``min_consecutive_days_off``."""
    for staff in bm.problem.staff:
        k = staff.contract.min_consecutive_days_off
        if k is None or k <= 1:
            continue
        lits = bm.enforce(
            HardRule.MIN_CONSECUTIVE_DAYS_OFF,
            staff.id,
            _staff_sentence(staff, f"needs at least {k} consecutive days off"),
        )
        _forbid_short_runs(bm, staff, k, False, lits)


def strengthen_work_pattern_with_flow(bm: BuiltModel) -> None:
    """Redundant layered-graph (flow) form of the three run rules, for a tight LP bound.

    Each day a person is in one state: working with run length k (``W k``), or off with run
    length k capped at the minimum (``O k``); ``*`` marks a run that began on day 0 and so is
    exempt from the minimum. Arcs between consecutive days encode max/min runs exactly, and a
    flow on such a graph is integral, so the LP sees the true shape of feasible work patterns
    (the clause and window forms above stay for propagation and for explanations)."""
    p, m = bm.problem, bm.model
    h = p.horizon_days
    if h < 3 or bm.explain or not bm.pattern_flow:  # redundant; ungated would hide rule names
        return
    for staff in p.staff:
        c = staff.contract
        max_on = min(c.max_consecutive_days or h, h)
        min_on = c.min_consecutive_days or 1
        min_off = c.min_consecutive_days_off or 1
        if max_on >= h and min_on <= 1 and min_off <= 1:
            continue
        arcs, starts = _pattern_arcs(max_on, min_on, min_off)
        states = sorted({s for arc in arcs for s in arc} | starts)
        z = {
            (d, s): m.new_bool_var(f"pattern[{staff.id},{d},{s}]")
            for d in range(h)
            for s in states
            if d > 0 or s in starts
        }
        for d in range(h):
            today = [(s, v) for (dd, s), v in z.items() if dd == d]
            m.add_exactly_one([v for _, v in today])
            m.add(sum(v for s, v in today if s[0] == "W") == bm.works[staff.id, d])
        for d in range(h - 1):
            out: dict[tuple, list] = {}
            into: dict[tuple, list] = {}
            for a, b in arcs:
                if (d, a) not in z or (d + 1, b) not in z:
                    continue
                arc = m.new_bool_var(f"arc[{staff.id},{d},{a}>{b}]")
                out.setdefault(a, []).append(arc)
                into.setdefault(b, []).append(arc)
            for s in states:
                if (d, s) in z:
                    m.add(sum(out.get(s, [])) == z[d, s])
                if (d + 1, s) in z:
                    m.add(sum(into.get(s, [])) == z[d + 1, s])


def _pattern_arcs(max_on: int, min_on: int, min_off: int) -> tuple[list[tuple[tuple, tuple]], set[tuple]]:
    """Arcs (state today, state tomorrow) and the day-0 states; a state is (kind, run length,
    began on day 0)."""

    def norm(kind: str, k: int, border: bool) -> tuple:
        floor = min_on if kind == "W" else min_off
        if kind == "O":
            k = min(k, min_off)
        return (kind, k, border and k < floor)

    starts = {norm("W", 1, True), norm("O", 1, True)}
    arcs, todo, seen = [], list(starts), set()
    while todo:
        s = norm(*todo.pop())
        if s in seen:
            continue
        seen.add(s)
        kind, k, border = s
        nxt = []
        if kind == "W":
            if k < max_on:
                nxt.append(norm("W", k + 1, border))
            if border or k >= min_on:
                nxt.append(norm("O", 1, False))
        else:
            nxt.append(norm("O", k + 1, border))
            if border or k >= min_off:
                nxt.append(norm("W", 1, False))
        for t in nxt:
            arcs.append((s, t))
            todo.append(t)
    return arcs, starts


def add_max_weekends(bm: BuiltModel) -> None:
    """A weekend counts as worked if either day is; at most ``max_weekends`` of them."""
    p, m = bm.problem, bm.model
    for staff in p.staff:
        k = staff.contract.max_weekends
        weekends = p.weekends()
        if k is None or k >= len(weekends):
            continue
        worked = []
        for i, days in enumerate(weekends):
            ws = [bm.works[staff.id, d] for d in days]
            if len(ws) == 1:
                worked.append(ws[0])
                continue
            wk = m.new_bool_var(f"weekend[{staff.id},{i}]")
            m.add_bool_or(ws).only_enforce_if(wk)
            for lit in ws:
                m.add_implication(lit, wk)
            worked.append(wk)
        lits = bm.enforce(
            HardRule.MAX_WEEKENDS,
            staff.id,
            _staff_sentence(staff, f"works at most {k} weekend(s)"),
        )
        m.add(sum(worked) <= k).only_enforce_if(lits)


def add_max_shifts_per_type(bm: BuiltModel) -> None:
    """At most k shifts of each type over the horizon (k = 0: never works that type)."""
    p, m = bm.problem, bm.model
    for staff in p.staff:
        for shift_id, k in staff.contract.max_shifts_per_type.items():
            ys = [bm.y[key] for d in p.days if (key := (staff.id, d, shift_id)) in bm.y]
            if len(ys) <= k:
                continue
            lits = bm.enforce(
                HardRule.MAX_SHIFTS_PER_TYPE,
                f"{staff.id}/{shift_id}",
                _staff_sentence(staff, f"works at most {k} {shift_id} shift(s)"),
            )
            m.add(sum(ys) <= k).only_enforce_if(lits)


def add_supervisor_on_site(bm: BuiltModel) -> None:
    """Someone who needs a supervisor works a covered shift at a location only if a supervisor
    works that same day and shift there: x[person] <= sum of x[supervisor] (co-presence).

    Explain builds gate it per person and session, so a conflict names who and when."""
    p, m = bm.problem, bm.model
    for rule in p.supervision:
        supervisors = [s for s in p.staff if rule.supervises(s)]
        for staff in p.staff:
            if not rule.applies_to(staff):
                continue
            for day in p.days:
                for shift in p.shift_types:
                    xs = _x_for(bm, staff.id, day, shift.id) if rule.covers(shift) else []
                    if not xs:
                        continue
                    lits = bm.enforce(
                        HardRule.SUPERVISOR_ON_SITE,
                        f"{staff.id}/{day}/{shift.id}",
                        _supervision_sentence(p, rule, staff, day, shift) if bm.explain else "",
                    )
                    for (_, _, _, loc), x in xs:
                        on_site = [bm.x[k] for v in supervisors if (k := (v.id, day, shift.id, loc)) in bm.x]
                        m.add_bool_or([~x, *on_site]).only_enforce_if(lits)


def add_fixed_assignments(bm: BuiltModel) -> None:
    """Pinned assignments are worked exactly so, and sessions held off are not worked anywhere
    (a re-plan's locked cells and frozen weeks). A pin no variable can meet (leave, a closed
    location) makes the model infeasible, and an explain build names it."""
    p, m = bm.problem, bm.model
    for a in p.fixed_on:
        staff = p.staff_by_id[a.staff_id]
        lits = bm.enforce(
            HardRule.FIXED_ASSIGNMENT,
            f"{a.staff_id}/{a.day}/{a.shift_id}",
            _staff_sentence(staff, f"is fixed to {a.shift_id} at {a.location_id} on {p.day_label(a.day)}"),
        )
        x = bm.x.get((a.staff_id, a.day, a.shift_id, a.location_id))
        if x is None:
            m.add_bool_or([]).only_enforce_if(lits)
        else:
            m.add(x == 1).only_enforce_if(lits)
    for f in p.fixed_off:
        y = bm.y.get((f.staff_id, f.day, f.shift_id))
        if y is None:
            continue
        lits = bm.enforce(
            HardRule.FIXED_ASSIGNMENT,
            f"{f.staff_id}/{f.day}/{f.shift_id}",
            _staff_sentence(p.staff_by_id[f.staff_id], f"is held off {f.shift_id} on {p.day_label(f.day)}"),
        )
        m.add(y == 0).only_enforce_if(lits)


def _supervision_sentence(p: Problem, rule: SupervisorOnSite, staff: Staff, day: int, shift: ShiftType) -> str:
    """The rule for one person and session in words, saying so when no supervisor can be there
    at all (leave, unavailability, opening, the places either may work)."""
    text = f"works {shift.id} on {p.day_label(day)} only with {rule.supervisor_words} on site"
    alone = not p.supervisor_could_be_on_site(staff, day, shift)
    return _staff_sentence(staff, f"{text}, and none can be on site then" if alone else text)


# --------------------------------------------------------------------------- soft rules


def _counts_for_skill(staff: Staff, skill: str | None) -> bool:
    return skill is None or skill in staff.skills


def penalise_cover_shortfall_and_excess(bm: BuiltModel) -> None:
    """Each person below the minimum costs weight_under; above the preferred, weight_over."""
    p, m = bm.problem, bm.model
    for req in p.cover:
        xs = [
            bm.x[key]
            for staff in p.staff
            if _counts_for_skill(staff, req.skill)
            and (key := (staff.id, req.day, req.shift_id, req.location_id)) in bm.x
        ]
        subject = req.location_id if req.skill is None else f"{req.location_id}/{req.skill}"
        name = f"{req.day},{req.shift_id},{subject}"
        under = m.new_int_var(0, req.minimum, f"under[{name}]") if req.minimum else 0
        max_over = len(xs) - req.upper
        over = m.new_int_var(0, max_over, f"over[{name}]") if max_over > 0 else 0
        if req.minimum == req.upper:
            m.add(sum(xs) + under - over == req.minimum)
            if req.minimum and max_over > 0:  # never short and over at once: exact amounts
                short = m.new_bool_var(f"short[{name}]")
                m.add(under == 0).only_enforce_if(~short)
                m.add(over == 0).only_enforce_if(short)
        else:
            m.add(sum(xs) + under >= req.minimum)
            m.add(sum(xs) - over <= req.upper)
        bm.penalise(SoftRule.COVER_SHORTFALL, subject, req.weight_under, under, req.day, req.shift_id)
        bm.penalise(SoftRule.COVER_EXCESS, subject, req.weight_over, over, req.day, req.shift_id)


def penalise_shift_requests(bm: BuiltModel) -> None:
    """An unmet 'on' request or a violated 'off' request costs its weight.

    A request without a shift asks for the day on (any shift) or off (no shift)."""
    for q in bm.problem.requests:
        if q.shift_id is None:
            lit = bm.works.get((q.staff_id, q.day))
        else:
            lit = bm.y.get((q.staff_id, q.day, q.shift_id))
        if q.kind == "on":
            rule, expr = SoftRule.SHIFT_ON_REQUEST, 1 if lit is None else 1 - lit
        else:
            rule, expr = SoftRule.SHIFT_OFF_REQUEST, 0 if lit is None else lit
        bm.penalise(rule, q.staff_id, q.weight, expr, q.day, q.shift_id)


def penalise_away_from_home(bm: BuiltModel) -> None:
    """Each session worked away from the home location costs ``away_from_home_weight``."""
    p = bm.problem
    if p.away_from_home_weight == 0 or len(p.locations) == 1:
        return
    for (sid, day, shift_id, loc), x in bm.x.items():
        home = p.staff_by_id[sid].home_location
        if home is not None and loc != home:
            bm.penalise(SoftRule.AWAY_FROM_HOME, sid, p.away_from_home_weight, x, day, shift_id)


def penalise_unfair_evenings_and_saturdays(bm: BuiltModel) -> None:
    """Within a fairness group, weight x (highest load rounded up - lowest load rounded down),
    a load being unsocial sessions, the previous period's included, scaled to the largest share
    (see :class:`FairnessGroup`)."""
    p, m = bm.problem, bm.model
    for g in p.fairness_groups:
        if len(g.staff_ids) < 2:
            continue
        shares, history = g.share_of(), g.history_of()
        largest = max(shares.values())
        top = (p.horizon_days * len(p.shift_types) + max(history.values())) * largest
        hi = m.new_int_var(0, top, f"fair_hi[{g.id}]")
        lo = m.new_int_var(0, top, f"fair_lo[{g.id}]")
        for staff_id, share in shares.items():  # hi >= every load rounded up, lo <= rounded down
            worked = sum(y for d in p.days for sh, y in bm.sessions(staff_id, d) if g.counts(d, sh))
            count = history[staff_id] + worked
            m.add(share * hi >= largest * count)
            m.add(share * lo <= largest * count)
        bm.penalise(SoftRule.UNFAIR_SHARE, g.id, g.weight, hi - lo)


def penalise_missed_mdt(bm: BuiltModel) -> None:
    """Each listed person missing an MDT meeting day costs its weight (absence excused)."""
    p = bm.problem
    for meeting in p.mdt_meetings:
        for staff_id in meeting.staff_ids:
            staff = p.staff_by_id[staff_id]
            for day in meeting.days:
                if not staff.is_available(day, meeting.shift_id):
                    continue
                xs = [
                    x
                    for (sid, d, sh, loc), x in _x_for(bm, staff_id, day, meeting.shift_id)
                    if meeting.location_id is None or loc == meeting.location_id
                ]
                expr = 1 - sum(xs) if xs else 1
                bm.penalise(SoftRule.MISSED_MDT, staff_id, meeting.weight, expr, day, meeting.shift_id)


def penalise_overbooked_rooms(bm: BuiltModel) -> None:
    """Each person beyond a location's rooms on one shift that holds a room costs
    ``overbooked_room_weight`` (only people who need a room count)."""
    p, m = bm.problem, bm.model
    if not p.has_room_limits:
        return
    for loc in p.locations:
        if loc.rooms is None:
            continue
        for day in p.days:
            for shift in p.shift_types:
                if not shift.holds_room:
                    continue
                xs = [
                    bm.x[key]
                    for staff in p.staff
                    if staff.needs_room and (key := (staff.id, day, shift.id, loc.id)) in bm.x
                ]
                if len(xs) <= loc.rooms:
                    continue
                over = m.new_int_var(0, len(xs) - loc.rooms, f"overbooked[{day},{shift.id},{loc.id}]")
                m.add(over >= sum(xs) - loc.rooms)
                bm.penalise(SoftRule.OVERBOOKED_ROOMS, loc.id, p.overbooked_room_weight, over, day, shift.id)


def penalise_changes(bm: BuiltModel) -> None:
    """Re-planning: each assignment of the previous rota not kept, and each assignment the
    previous rota lacks, costs that day's change weight (a move to another location or session is
    both). A previous assignment that can no longer be worked (leave) is a fixed cost."""
    p = bm.problem
    if p.previous is None:
        return
    before = p.previous.keys()
    for sid, day, shift_id, loc in sorted(before):
        x = bm.x.get((sid, day, shift_id, loc))
        bm.penalise(SoftRule.CHANGED_ASSIGNMENT, sid, p.change_weight_on(day), 1 if x is None else 1 - x, day, shift_id)
    for key, x in bm.x.items():
        if key not in before:
            bm.penalise(SoftRule.CHANGED_ASSIGNMENT, key[0], p.change_weight_on(key[1]), x, key[1], key[2])


def overbooked_rooms_floor(problem: Problem) -> int:
    """A lower bound on the overbooked-rooms penalty of any rota, from counting alone: the
    clinical sessions the contracts force on people who need a room, less every room-session
    there is. 0 when some location has no room limit (people could all go there).

    Why: on large sites CP-SAT's own bound on this term comes from its LP, which one worker
    may not solve within a minute; this count gives much of it at once. The solve reports the
    better of the two."""
    if not problem.has_room_limits or any(loc.rooms is None for loc in problem.locations):
        return 0
    clinical = [s for s in problem.shift_types if s.holds_room]
    if not clinical:
        return 0
    capacity = sum(
        loc.rooms for loc in problem.locations for day in problem.days for s in clinical if loc.is_open(day, s.id)
    )
    longest = max(s.length_minutes for s in clinical)
    forced = sum(_forced_clinical_sessions(problem, staff, longest) for staff in problem.staff if staff.needs_room)
    return problem.overbooked_room_weight * max(0, forced - capacity)


def _forced_clinical_sessions(problem: Problem, staff: Staff, longest: int) -> int:
    """The fewest room-holding sessions ``staff``'s contract allows: what the minimum minutes (in
    the longest such shifts) or the weekly minimum sessions leave after every shift holding no
    room they could work (as if they worked them all, up to each type's cap over the horizon),
    and the leave credit."""
    c = staff.contract
    other = [s for s in problem.shift_types if not s.holds_room]
    non_clinical = [  # per day: every roomless shift they could work, in minutes and shifts
        [s.length_minutes for s in other if problem.can_work(staff, day, s)] for day in problem.days
    ]
    by_minutes = 0
    if c.min_minutes:
        elsewhere = sum(
            s.length_minutes * min(c.max_shifts_per_type.get(s.id, problem.horizon_days),
                                   sum(1 for day in problem.days if problem.can_work(staff, day, s)))
            for s in other
        )
        to_work = c.min_minutes - c.leave_credit_minutes * len(staff.leave_days) - elsewhere
        by_minutes = max(0, -(-to_work // longest))
    by_weeks = 0
    if c.min_sessions_per_week:
        for week in range(problem.num_weeks):
            days = problem.week_days(week)
            credit = c.leave_credit_sessions * sum(1 for d in days if d in staff.leave_days)
            by_weeks += max(0, c.min_sessions_per_week - credit - sum(len(non_clinical[d]) for d in days))
    return max(by_minutes, by_weeks)


def _x_for(bm: BuiltModel, staff_id: str, day: int, shift_id: str) -> list[tuple[tuple, Lit]]:
    return [
        ((staff_id, day, shift_id, loc.id), bm.x[key])
        for loc in bm.problem.locations
        if (key := (staff_id, day, shift_id, loc.id)) in bm.x
    ]

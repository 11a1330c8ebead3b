"""One person's rotas as paths through a layered state graph: exact pricing by dynamic
programming, and every rota within a cost threshold.

Every hard rule concerns one person, and each is a running count over the days: how long
the current run of work or rest is (and whether it touched day 0, which exempts it from the
minimum), which shifts yesterday forbids today, minutes, shifts of each capped type, weekends
and this week's sessions. A *state* at the end of a day is those counts; a day's *option*
is what the person works that day (nothing, or a set of sessions with their locations). The
rules become which states exist and which options lead where, so a path from day 0 to the
last day is exactly a rota that keeps every hard rule, and the soft costs that concern the
person alone (requests, missed MDT, sessions away from home) are costs on the options.

Why not the person's CP-SAT model, as column generation used before: cover duals change
every round, and a backward pass over this graph (numpy gathers, a few milliseconds) gives
the cheapest rota *and* the exact cheapest cost from every state. That second part is what
makes it possible to list every rota within a reduced-cost gap of the cheapest one
(:meth:`PersonalGraph.enumerate`): the search never enters a state that cannot finish
under the threshold, so it costs time only for rotas it returns.

This module shares no rule code with :mod:`.model` or :mod:`.checker`; the tests hold it to
both (same optimum as the person's CP-SAT model, every rota passes the checker).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Iterator
from dataclasses import dataclass

import numpy as np

from pch_workforce.rota.problem import Problem, Staff
from pch_workforce.rota.rules import Encoding, HardRule

ENCODING = Encoding(
    "state graph",
    enforced=frozenset(HardRule) - {HardRule.SUPERVISOR_ON_SITE, HardRule.FIXED_ASSIGNMENT, HardRule.UNKNOWN_ID},
    left_out={
        HardRule.SUPERVISOR_ON_SITE: "couples people, so no one person's graph can hold it; "
        "column generation keeps problems with supervision out (colgen.supports)",
        HardRule.FIXED_ASSIGNMENT: "pins come only with a re-plan, which column generation keeps out "
        "(colgen.supports)",
        HardRule.UNKNOWN_ID: "a path is built from the problem's own staff, shifts, places and days",
    },
)
"""The hard rules a path through a person's graph keeps (the tests hold this to
:class:`HardRule`, and check each enforced rule against a rota that breaks it). Shift-type
caps left out of the states by ``counted_types`` are then the caller's to enforce."""

Key = tuple[str, int, str, str]
INF = math.inf
MAX_CELLS_PER_DAY = 400_000  # reachable states x options in a day beyond which no graph is built
MAX_COUNTS = 2_000_000  # combinations of limited counts beyond which no graph is built


@dataclass(frozen=True)
class DayOption:
    """What one person works on one day: nothing (``keys`` empty) or one session per shift."""

    keys: tuple[Key, ...]
    own_cost: int  # requests, missed MDT and away-from-home, for this person on this day

    @property
    def shifts(self) -> frozenset[str]:
        return frozenset(k[2] for k in self.keys)


@dataclass(frozen=True)
class _Run:
    """The part of a state that is not a count: the current run and what yesterday forbids."""

    working: bool
    length: int
    from_day_zero: bool  # the run began on day 0, so no minimum applies to it
    banned_today: frozenset[str]  # shifts that may not follow yesterday's


@dataclass(frozen=True)
class Priced:
    """One backward pass of a graph at one reward (see :meth:`PersonalGraph.price`)."""

    costs: list[np.ndarray]  # [day][option]: scaled cost of the option
    ctg: list[np.ndarray]  # [day][end state]: least cost of the days after, dead state last
    lowest: float  # the cheapest rota's scaled cost (inf: the person has no rota)

    def threshold(self, slack: float, reference: float | None = None) -> float:
        """The most a rota may cost to count as within ``slack`` of ``reference`` (default:
        the cheapest), with a hair of tolerance for float sums."""
        base = self.lowest if reference is None else reference
        return base + slack + 1e-6 * max(1.0, abs(base))


class Unsupported(Exception):
    """The person's graph would be too large; use the CP-SAT pricing instead."""


class PersonalGraph:
    """The state graph of one person's rotas over the horizon (built once, priced often)."""

    def __init__(self, problem: Problem, staff: Staff, counted_types: Collection[str] | None = None) -> None:
        """``counted_types`` (default: all) says which capped shift types the states count;
        leaving some out is a relaxation, much smaller where several types are capped, and
        the caller must then enforce :attr:`type_caps` itself, as the arc-flow model does
        with linear sums."""
        self.problem = problem
        self.staff = staff
        self.options = [self._day_options(d) for d in problem.days]
        self._axes = _Axes(problem, staff, self.options, counted_types)
        self.counted_types = tuple(self._axes.capped_types)  # capped types kept in the states
        self.type_caps = {
            t: staff.contract.max_shifts_per_type[t] for t in self._axes.binding_types if t not in self._axes.capped_types
        }
        self._build()

    # ------------------------------------------------------------------ construction

    def _day_options(self, day: int) -> list[DayOption]:
        p, staff = self.problem, self.staff
        sessions = [
            (shift.id, loc)
            for shift in p.shift_types
            if p.can_work(staff, day, shift)
            for loc in p.staff_locations(staff, shift, day)
        ]
        conflicts = p.same_day_conflicts()
        out = [DayOption((), self._own_cost(day, ()))]
        for size in range(1, staff.contract.max_shifts_per_day + 1):
            for combo in itertools.combinations(sessions, size):
                shifts = [s for s, _ in combo]
                if len(set(shifts)) < size:
                    continue  # one location per session
                if any(frozenset(pair) in conflicts for pair in itertools.combinations(shifts, 2)):
                    continue
                keys = tuple((staff.id, day, s, loc) for s, loc in combo)
                out.append(DayOption(keys, self._own_cost(day, keys)))
        return out

    def _own_cost(self, day: int, keys: tuple[Key, ...]) -> int:
        p, staff = self.problem, self.staff
        shifts = {k[2] for k in keys}
        cost = 0
        for q in p.requests:
            if q.staff_id != staff.id or q.day != day:
                continue
            worked = bool(shifts) if q.shift_id is None else q.shift_id in shifts
            if worked != (q.kind == "on"):
                cost += q.weight
        for m in p.mdt_meetings:
            if staff.id in m.staff_ids and day in m.days and staff.is_available(day, m.shift_id):
                attended = any(
                    k[2] == m.shift_id and (m.location_id is None or k[3] == m.location_id) for k in keys
                )
                cost += 0 if attended else m.weight * m.days.count(day)
        if p.away_from_home_weight and len(p.locations) > 1 and staff.home_location is not None:
            cost += p.away_from_home_weight * sum(1 for k in keys if k[3] != staff.home_location)
        return cost

    def _build(self) -> None:
        """Runs reachable at the end of each day, and for each (run, option) where it leads."""
        p, c = self.problem, self.staff.contract
        h = p.horizon_days
        max_on = c.max_consecutive_days if c.max_consecutive_days is not None and c.max_consecutive_days < h else None
        min_on = c.min_consecutive_days or 1
        min_off = c.min_consecutive_days_off or 1
        banned_after: dict[str, set[str]] = {}
        for r in p.forbidden_successions:
            banned_after.setdefault(r.shift_id, set()).add(r.next_shift_id)

        def step(run: _Run | None, option: DayOption) -> _Run | None:
            working = bool(option.keys)
            if run is None:  # day 0
                length, from_zero = 1, True
            elif working and run.working:
                if option.shifts & run.banned_today:
                    return None
                length, from_zero = run.length + 1, run.from_day_zero
                if max_on is not None and length > max_on:
                    return None
            elif not working and not run.working:
                length, from_zero = run.length + 1, run.from_day_zero
            else:  # a run ends: interior runs must reach their minimum
                if option.shifts & run.banned_today:
                    return None
                floor = min_on if run.working else min_off
                if not run.from_day_zero and run.length < floor:
                    return None
                length, from_zero = 1, False
            floor = min_on if working else min_off
            cap = (max_on if max_on is not None else max(min_on, 1)) if working else min_off
            length = min(length, cap)
            banned = frozenset(t for s in option.shifts for t in banned_after.get(s, ()))
            return _Run(working, length, from_zero and length < floor, banned)

        self._runs: list[list[_Run]] = []
        self._next_run: list[list[list[int]]] = []  # [day][run index][option] -> next run index or -1
        previous: list[_Run | None] = [None]
        for day in range(h):
            index: dict[_Run, int] = {}
            moves = []
            for run in previous:
                row = []
                for option in self.options[day]:
                    nxt = step(run, option)
                    row.append(-1 if nxt is None else index.setdefault(nxt, len(index)))
                moves.append(row)
            self._next_run.append(moves)
            self._runs.append(list(index))
            previous = list(index)
        self._layers()

    def _layers(self) -> None:
        """The states each day actually reaches, numbered densely, and the moves between them.

        A full state is ``run index * axes.size + counts``; only reachable ones are kept:
        ``_succ[d][o][i]`` is where the i-th state at the start of day d goes under option o
        (an index into the day's end states, or ``len(end states)``: dead), and ``_reset[d]``
        maps an end state of day d to a start state of day d+1 (the weekly count back to 0;
        dead where the week broke the contract)."""
        axes, h = self._axes, self.problem.horizon_days
        g = axes.size
        self._succ: list[list[np.ndarray]] = []
        self._reset: list[np.ndarray] = []
        self._ends: list[np.ndarray] = []
        starts = np.zeros(1, dtype=np.int64)  # day 0: the one start state (no run yet)
        self._start_sizes: list[int] = []
        for day in range(h):
            if len(starts) * len(self.options[day]) > MAX_CELLS_PER_DAY:
                raise Unsupported(f"{self.staff.id}: {len(starts)} states on day {day}")
            self._start_sizes.append(len(starts))
            prev_runs = self._runs[day - 1] if day else [None]
            run_of, counts = np.divmod(starts, g)
            targets = []
            for o, option in enumerate(self.options[day]):
                target = np.full(len(starts), -1, dtype=np.int64)
                for r in np.unique(run_of):
                    nxt = self._next_run[day][int(r)][o]
                    if nxt < 0:
                        continue
                    run = prev_runs[int(r)]
                    moved = axes.successor(day, option, run is not None and run.working)
                    rows = run_of == r
                    to = moved[counts[rows]]
                    target[rows] = np.where(to >= 0, nxt * g + to, -1)
                targets.append(target)
            for t in targets:
                t[~axes.can_still_finish(day, t)] = -1
            ends = np.unique(np.concatenate([t[t >= 0] for t in targets]))
            self._ends.append(ends)
            self._succ.append(
                [np.where(t >= 0, np.searchsorted(ends, np.maximum(t, 0)), len(ends)) for t in targets]
            )
            if day == h - 1:
                break
            after, ok = axes.after_day(day, ends)
            starts = np.unique(after[ok])
            self._reset.append(np.where(ok, np.searchsorted(starts, after), len(starts)))
        last = self._ends[h - 1]
        self._final = np.append(axes.final_penalty(last % g), INF)

    # ------------------------------------------------------------------ pricing

    def price(self, reward: dict[Key, float], scale: int) -> Priced:
        """Each option's cost at ``reward`` (``scale * own cost - reward``), the exact
        cost-to-go from every state (a backward pass), and the cheapest rota's cost (inf if
        the person has none). Everything below reads from this one pass."""
        costs = [
            np.array([scale * o.own_cost - sum(reward.get(k, 0) for k in o.keys) for o in opts], dtype=float)
            for opts in self.options
        ]
        h = self.problem.horizon_days
        ctg: list[np.ndarray] = [np.empty(0)] * h  # ctg[d][i]: least cost of days d+1.. from end state i
        ctg[h - 1] = self._final
        for day in range(h - 1, 0, -1):
            best = np.full(self._start_sizes[day] + 1, INF)
            for o, succ in enumerate(self._succ[day]):
                np.minimum(best[:-1], ctg[day][succ] + costs[day][o], out=best[:-1])
            ctg[day - 1] = np.append(best[self._reset[day - 1]], INF)
        lowest = min(costs[0][o] + ctg[0][int(succ[0])] for o, succ in enumerate(self._succ[0]))
        return Priced(costs, ctg, float(lowest))

    def best(self, reward: dict[Key, float], scale: int) -> tuple[float, frozenset[Key], int] | None:
        """The cheapest rota at ``reward``: (scaled cost, assignments, own cost), or None."""
        return next(self.enumerate(self.price(reward, scale), slack=0.0), None)

    def enumerate(self, priced: Priced, slack: float) -> Iterator[tuple[float, frozenset[Key], int]]:
        """Every rota whose scaled cost is within ``slack`` of the cheapest, cheapest-first
        along each branch (depth first; not globally sorted). Yields (cost, keys, own cost)."""
        if not math.isfinite(priced.lowest):
            return
        costs, ctg, threshold = priced.costs, priced.ctg, priced.threshold(slack)
        h = self.problem.horizon_days
        chosen: list[DayOption] = []

        def walk(day: int, state: int, so_far: float) -> Iterator[tuple[float, frozenset[Key], int]]:
            if day == h:
                keys = frozenset(k for o in chosen for k in o.keys)
                yield so_far, keys, sum(o.own_cost for o in chosen)
                return
            nexts = []
            for o, succ in enumerate(self._succ[day]):
                nxt = int(succ[state])
                total = so_far + costs[day][o]
                if total + ctg[day][nxt] <= threshold:
                    nexts.append((total + ctg[day][nxt], o, nxt, total))
            nexts.sort()
            for _, o, nxt, total in nexts:
                chosen.append(self.options[day][o])
                yield from walk(day + 1, self._next_start(day, nxt), total)
                chosen.pop()

        yield from walk(0, 0, 0.0)

    def arcs_within(
        self, priced: Priced, slack: float, reference: float | None = None
    ) -> list[tuple[int, int, int, int, float]]:
        """Every arc (day, from, option, to, arc cost) that lies on some rota costing at
        most ``reference + slack`` (``reference`` defaults to the cheapest; pass the exact
        cheapest when this graph is a relaxation). ``from`` numbers the day's start states,
        ``to`` the next day's start states (on the last day, its end states). Flows on these
        arcs are exactly the person's rotas within reach: the arc-flow form of the column
        generation master, whose LP bound is the same."""
        if not math.isfinite(priced.lowest):
            return []
        costs, ctg, threshold = priced.costs, priced.ctg, priced.threshold(slack, reference)
        arcs: list[tuple[int, int, int, int, float]] = []
        frontier = {0: 0.0}  # start state of the day -> cheapest cost of reaching it
        for day in self.problem.days:
            reached: dict[int, float] = {}
            for state, so_far in frontier.items():
                for o, succ in enumerate(self._succ[day]):
                    nxt = int(succ[state])
                    total = so_far + costs[day][o]
                    if total + ctg[day][nxt] <= threshold:
                        to = self._next_start(day, nxt)
                        arcs.append((day, state, o, to, float(costs[day][o])))
                        reached[to] = min(total, reached.get(to, INF))
            frontier = reached
        return arcs

    def own_cost(self, keys: frozenset[Key]) -> int:
        """The person's own cost of the rota ``keys``; ValueError if it breaks a hard rule."""
        return sum(self.options[day][o].own_cost for day, _, o, _ in self.path(keys))

    def path(self, keys: frozenset[Key]) -> list[tuple[int, int, int, int]]:
        """The arcs (day, from, option, to) the rota ``keys`` walks through the graph;
        ValueError if it breaks a hard rule (it then has no path)."""
        state, arcs = 0, []
        last = self.problem.horizon_days - 1
        for day in self.problem.days:
            today = frozenset(k for k in keys if k[1] == day)
            match = [o for o, opt in enumerate(self.options[day]) if frozenset(opt.keys) == today]
            if not match:
                raise ValueError(f"{self.staff.id}: day {day} sessions {sorted(today)} are not allowed")
            end = int(self._succ[day][match[0]][state])
            nxt = self._next_start(day, end)
            alive = nxt < (len(self._final) - 1 if day == last else self._start_sizes[day + 1])
            if not alive or (day == last and not math.isfinite(self._final[end])):
                raise ValueError(f"{self.staff.id}: the rota breaks a hard rule by {self.problem.day_label(day)}")
            arcs.append((day, state, match[0], nxt))
            state = nxt
        return arcs

    def _next_start(self, day: int, end: int) -> int:
        """The start state of day+1 that end state ``end`` of ``day`` continues as (the end
        state itself on the last day; dead stays dead)."""
        if day == self.problem.horizon_days - 1:
            return end
        reset = self._reset[day]
        return int(reset[end]) if end < len(reset) else self._start_sizes[day + 1]


class _Axes:
    """The counts part of a state, flattened: minutes, capped shift types, weekends and this
    week's sessions (each only when a rule limits it)."""

    def __init__(
        self, problem: Problem, staff: Staff, options: list[list[DayOption]], counted_types: Collection[str] | None = None
    ) -> None:
        self.problem, self.staff = problem, staff
        most_today = [max(sum(problem.shift_by_id[k[2]].length_minutes for k in o.keys) for o in opts) for opts in options]
        self._most_minutes_after = [sum(most_today[d + 1 :]) for d in range(len(options))]
        c = staff.contract
        p = problem
        self.names: list[str] = []
        self.sizes: list[int] = []
        self.saturating: list[bool] = []
        lengths = {p.shift_by_id[k[2]].length_minutes for opts in options for o in opts for k in o.keys}
        self.unit = math.gcd(*lengths) if lengths else 1
        minute_credit = c.leave_credit_minutes * len(staff.leave_days)
        self.min_minutes = c.min_minutes - minute_credit if c.min_minutes is not None and c.min_minutes > minute_credit else None
        self.minutes_impossible = c.max_minutes is not None and c.max_minutes < minute_credit
        if c.max_minutes is not None:
            self._add("minutes", max(0, c.max_minutes - minute_credit) // self.unit + 1, False)
        elif self.min_minutes is not None:  # only a minimum: every count from it on is alike
            self._add("minutes", -(-self.min_minutes // self.unit) + 1, True)
        self.capped_types: list[str] = []
        self.binding_types: list[str] = []
        for shift_id, k in sorted(c.max_shifts_per_type.items()):
            days = sum(1 for opts in options if any(shift_id in o.shifts for o in opts))
            if 0 < k < days:
                self.binding_types.append(shift_id)
                if counted_types is not None and shift_id not in counted_types:
                    continue
                self.capped_types.append(shift_id)
                self._add(f"type:{shift_id}", k + 1, False)
        weekends = p.weekends()
        self.weekend_cap = c.max_weekends if c.max_weekends is not None and c.max_weekends < len(weekends) else None
        if self.weekend_cap is not None:
            self._add("weekends", self.weekend_cap + 1, False)
        self.weekly = c.min_sessions_per_week is not None or c.max_sessions_per_week is not None
        if self.weekly:
            top = c.max_sessions_per_week if c.max_sessions_per_week is not None else 7 * c.max_shifts_per_day
            self._add("week", top + 1, False)
        self.size = int(np.prod(self.sizes)) if self.sizes else 1
        if self.size > MAX_COUNTS:
            raise Unsupported(f"{staff.id}: {self.size} combinations of counts")
        self._grid = np.indices(self.sizes).reshape(len(self.sizes), -1) if self.sizes else np.zeros((0, 1), dtype=np.int64)
        self._cache: dict[tuple[int, ...], np.ndarray] = {}

    def _add(self, name: str, size: int, saturating: bool) -> None:
        self.names.append(name)
        self.sizes.append(size)
        self.saturating.append(saturating)

    def _delta(self, day: int, option: DayOption, saturday_worked: bool) -> tuple[int, ...]:
        p = self.problem
        shifts = option.shifts
        out = []
        for name in self.names:
            if name == "minutes":
                out.append(sum(p.shift_by_id[s].length_minutes for s in shifts) // self.unit)
            elif name.startswith("type:"):
                out.append(int(name[5:] in shifts))
            elif name == "weekends":
                weekday = day % 7
                counts = bool(shifts) and (weekday == 5 or (weekday == 6 and not saturday_worked))
                out.append(int(counts))
            else:
                out.append(len(shifts))
        return tuple(out)

    def successor(self, day: int, option: DayOption, saturday_worked: bool) -> np.ndarray:
        """Flat counts after ``option`` from each flat count (-1 where a cap is broken)."""
        delta = self._delta(day, option, saturday_worked and day % 7 == 6)
        if delta not in self._cache:
            if not self.sizes:
                self._cache[delta] = np.zeros(1, dtype=np.int64)
            else:
                moved = self._grid + np.array(delta)[:, None]
                valid = np.ones(self.size, dtype=bool)
                for axis, (size, sat) in enumerate(zip(self.sizes, self.saturating)):
                    if sat:
                        moved[axis] = np.minimum(moved[axis], size - 1)
                    else:
                        valid &= moved[axis] < size
                flat = np.where(valid, np.ravel_multi_index(np.where(valid, moved, 0), self.sizes), -1)
                self._cache[delta] = flat
        return self._cache[delta]

    def _week_ok(self, week: int, counts: np.ndarray) -> np.ndarray:
        """Per flat count: whether this week's sessions (plus leave credit) keep the contract."""
        c, p = self.staff.contract, self.problem
        ok = np.ones(len(counts), dtype=bool)
        if not self.weekly:
            return ok
        credit = c.leave_credit_sessions * sum(1 for d in p.week_days(week) if d in self.staff.leave_days)
        worked = self._grid[self.names.index("week")][counts] + credit
        if c.min_sessions_per_week is not None and c.min_sessions_per_week > credit:
            ok &= worked >= c.min_sessions_per_week
        if c.max_sessions_per_week is not None:
            ok &= worked <= c.max_sessions_per_week
        return ok

    def final_penalty(self, counts: np.ndarray) -> np.ndarray:
        """0 where the counts at the end of the horizon keep every total, else inf."""
        ok = self._week_ok((self.problem.horizon_days - 1) // 7, counts)
        if self.minutes_impossible:
            ok[:] = False
        if self.min_minutes is not None:
            ok &= self._grid[self.names.index("minutes")][counts] * self.unit >= self.min_minutes
        return np.where(ok, 0.0, INF)

    def can_still_finish(self, day: int, states: np.ndarray) -> np.ndarray:
        """False for full states (-1: none) at the end of ``day`` that cannot reach the
        minimum minutes even working the most every remaining day."""
        alive = states >= 0
        if self.min_minutes is None:
            return alive
        left = self._most_minutes_after[day]
        minutes = self._grid[self.names.index("minutes")][np.maximum(states, 0) % self.size] * self.unit
        return alive & (minutes + left >= self.min_minutes)

    def after_day(self, day: int, states: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Full states the day's end ``states`` continue as the next morning, and whether
        each may continue: at the end of a week its count must keep the contract, and it
        restarts from 0."""
        if not self.weekly or day % 7 != 6:
            return states, np.ones(len(states), dtype=bool)
        run, counts = np.divmod(states, self.size)
        ok = self._week_ok(day // 7, counts)
        reset = self._grid[:, counts].copy()
        reset[self.names.index("week")] = 0
        return run * self.size + np.ravel_multi_index(reset, self.sizes), ok

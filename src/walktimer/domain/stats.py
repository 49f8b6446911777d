"""Progress over the weeks: the weekly goal, the streak, totals, pain change, a suggestion.

Weeks start on Monday in the walker's local time, so a walk at 23:30 on a Sunday belongs to the
week it was walked in, whatever offset it was saved with. The goal is about showing up, so a
walk counts whatever its status, once at least half of it was walked (`counts`): a 9-second
accidental start or a pain stop in the first minute stays in history, but is not a walk towards
the goal, the streak, the total or the suggestion to walk longer. Minutes are minutes: every
walk's active time, and its time in the fast intervals, is added up, short ones included.
"""

from __future__ import annotations

import dataclasses
import shlex
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from walktimer.domain.plan import PhaseKind
from walktimer.domain.presets import MAX_ROUNDS
from walktimer.domain.questions import PAIN_RISE
from walktimer.domain.summary import Summary

WEEKS_SHOWN = 12
WELL_WALKS = 3  # this many good walks in a row earn the suggestion to walk longer
MORE_ROUNDS = 2
COUNTING_SHARE = 0.5  # the share of its plan a walk must reach to count


def counts(summary: Summary) -> bool:
    """Whether the walk counts towards the weekly goal, the streak, the total and the
    suggestion: at least half its planned time walked, whatever its status."""
    return summary.active_seconds >= summary.planned_seconds * COUNTING_SHARE


@dataclass(frozen=True)
class NextWalk:
    """The walk the suggestion proposes: the latest walk as it was walked (its warm-up,
    cool-down and interval lengths), with more rounds."""

    walk: str
    warmup: str
    cooldown: str
    rounds: int
    fast_seconds: int
    slow_seconds: int

    def command(self) -> str:
        """The whole `walktimer run ...` line, quoted so that it runs as it is pasted."""
        words = [
            "walktimer",
            "run",
            self.walk,
            "--warmup",
            self.warmup,
            "--cooldown",
            self.cooldown,
            "--rounds",
            str(self.rounds),
            "--fast",
            str(self.fast_seconds),
            "--slow",
            str(self.slow_seconds),
        ]
        return shlex.join(words)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self) | {"command": self.command()}

    @property
    def more_seconds(self) -> int:
        """What the extra rounds add to the walk."""
        return MORE_ROUNDS * (self.fast_seconds + self.slow_seconds)

    def words(self) -> str:
        """The suggestion to take this walk, up to its command: `... Try 12 rounds next time,
        two more (about 4 more minutes):`."""
        minutes = max(1, round(self.more_seconds / 60))
        return (
            f"Your last {WELL_WALKS} walks went well. Ready for a little more? Try "
            f"{self.rounds} rounds next time, two more (about {minutes} more "
            f"minute{'s' if minutes != 1 else ''}):"
        )

    def suggestion(self) -> str:
        """The words, then the command."""
        return f"{self.words()} {self.command()}"


@dataclass(frozen=True)
class Week:
    start: date  # the Monday
    walks: int  # the walks that count
    active_minutes: float  # every walk's
    fast_minutes: float = 0.0  # every walk's time in its fast intervals

    def to_json(self) -> dict[str, Any]:
        return {
            "week_start": self.start.isoformat(),
            "walks": self.walks,
            "active_minutes": self.active_minutes,
            "fast_minutes": self.fast_minutes,
        }


@dataclass(frozen=True)
class Stats:
    weekly_goal: int
    this_week: Week
    streak_weeks: int
    total_walks: int  # the walks that count
    total_active_minutes: float  # every walk's, short ones included
    pain_change_avg: float | None
    suggestion: str | None
    weeks: tuple[Week, ...]  # the recent weeks, oldest first, this week last
    next_walk: NextWalk | None = None  # set when the suggestion is to walk longer
    short_walks: int = 0  # saved walks too short to count

    @property
    def goal_met(self) -> bool:
        return self.this_week.walks >= self.weekly_goal

    def to_json(self) -> dict[str, Any]:
        return {
            "weekly_goal": self.weekly_goal,
            "this_week": self.this_week.to_json(),
            "streak_weeks": self.streak_weeks,
            "total_walks": self.total_walks,
            "short_walks": self.short_walks,
            "total_active_minutes": self.total_active_minutes,
            "pain_change_avg": self.pain_change_avg,
            "suggestion": self.suggestion,
            "next_walk": None if self.next_walk is None else self.next_walk.to_json(),
            "weeks": [week.to_json() for week in self.weeks],
        }


def week_start(moment: datetime, zone: tzinfo | None = None) -> date:
    """The Monday of the local week `moment` falls in. `zone` None: the system's local time,
    with the offset that was in force at that moment (so summer walks stay in their week)."""
    local = moment.astimezone(zone).date()
    return local - timedelta(days=local.weekday())


def compute_stats(
    summaries: Sequence[Summary],
    *,
    weekly_goal: int,
    now: datetime,
    zone: tzinfo | None = None,
    weeks_shown: int = WEEKS_SHOWN,
) -> Stats:
    """The numbers of the stats command and the history screen. `summaries` in any order.

    Walks, the streak and the total are of the walks that count (`counts`); minutes and the
    pain change are of every walk.

    The suggestion is a gentle next step from the latest walks, or None. Pain comes first:
    after a rise of 2 or more the walker is asked to go gentler, and to see a doctor if it
    keeps happening; every rated walk is heard, however short (a walk stopped for pain in its
    first minute is a warning all the same). Only then: after three good walks that count,
    walk a little longer, the same way with two more rounds (`next_walk`)."""
    walks: Counter[date] = Counter()
    seconds: defaultdict[date, float] = defaultdict(float)
    fast: defaultdict[date, float] = defaultdict(float)
    changes: list[int] = []
    counted = 0
    for summary in summaries:
        start = week_start(summary.started_at, zone)
        if counts(summary):
            walks[start] += 1
            counted += 1
        seconds[start] += summary.active_seconds
        fast[start] += summary.fast_seconds
        if summary.pain_before is not None and summary.pain_after is not None:
            changes.append(summary.pain_after - summary.pain_before)
    current = week_start(now, zone)

    def week(start: date) -> Week:
        return Week(start, walks[start], _minutes(seconds[start]), _minutes(fast[start]))

    weeks = tuple(
        week(start)
        for start in (current - timedelta(weeks=n) for n in range(weeks_shown - 1, -1, -1))
    )
    newest = sorted(summaries, key=_started, reverse=True)
    warning = pain_warning(newest)
    longer = None if warning is not None else next_walk(newest)
    return Stats(
        weekly_goal=weekly_goal,
        this_week=week(current),
        streak_weeks=streak(walks, current, weekly_goal),
        total_walks=counted,
        total_active_minutes=_minutes(sum(s.active_seconds for s in summaries)),
        pain_change_avg=round(sum(changes) / len(changes), 2) if changes else None,
        suggestion=warning if longer is None else longer.suggestion(),
        weeks=weeks,
        next_walk=longer,
        short_walks=len(summaries) - counted,
    )


def streak(walks: Counter[date], current: date, goal: int) -> int:
    """Consecutive weeks meeting the goal, ending with this week if it already does, else with
    last week: a week still under way does not break a streak."""
    week = current if walks[current] >= goal else current - timedelta(weeks=1)
    count = 0
    while walks[week] >= goal:
        count += 1
        week -= timedelta(weeks=1)
    return count


def pain_warning(newest: Sequence[Summary]) -> str | None:
    """The words for a back that felt worse after the latest rated walks, or None."""
    rated = [s for s in newest if s.pain_before is not None and s.pain_after is not None]
    rises = 0
    for summary in rated:
        if _rise(summary) < PAIN_RISE:
            break
        rises += 1
    if rises >= 2:
        return (
            f"Your back felt worse after each of your last {rises} walks. Please talk to a "
            "doctor or physiotherapist about it; until then keep your walks shorter and gentler."
        )
    if rises == 1:
        latest = rated[0]
        return (
            f"Your back felt worse after your last walk (pain {latest.pain_before} -> "
            f"{latest.pain_after}). Next time try a shorter or gentler walk; if it keeps "
            "happening, talk to a doctor or physiotherapist."
        )
    return None


def next_walk(newest: Sequence[Summary]) -> NextWalk | None:
    """The latest walk again with two more rounds, after three good walks that count in a
    row (newest first); None otherwise, or past the most rounds a walk may have."""
    recent = [s for s in newest if counts(s)][:WELL_WALKS]
    if len(recent) < WELL_WALKS or not all(_went_well(s) for s in recent):
        return None
    latest = recent[0]
    rounds = latest.rounds_planned + MORE_ROUNDS
    if rounds > MAX_ROUNDS or latest.rounds_planned == 0:
        return None
    fast, slow = interval_seconds(latest)
    if fast < 1 or slow < 1:
        return None
    return NextWalk(latest.walk, latest.warmup, latest.cooldown, rounds, fast, slow)


def interval_seconds(summary: Summary) -> tuple[int, int]:
    """The planned seconds of one fast and one slow interval of the walk, from its phases
    (what `--fast` and `--slow` set); from its totals where it has no phases of a kind."""
    found: dict[PhaseKind, int] = {}
    for phase in summary.phases:
        if phase.kind.is_interval:
            found.setdefault(phase.kind, phase.planned_seconds)
    rounds = max(1, summary.rounds_completed)
    fast = found.get(PhaseKind.FAST, round(summary.fast_seconds / rounds))
    slow = found.get(PhaseKind.SLOW, round(summary.slow_seconds / rounds))
    return fast, slow


def _went_well(summary: Summary) -> bool:
    """Completed, and rated no worse after than before."""
    return (
        summary.status == "completed"
        and summary.pain_before is not None
        and summary.pain_after is not None
        and summary.pain_after <= summary.pain_before
    )


def _rise(summary: Summary) -> int:
    assert summary.pain_before is not None and summary.pain_after is not None
    return summary.pain_after - summary.pain_before


def _started(summary: Summary) -> tuple[float, str]:
    return summary.started_at.timestamp(), summary.id


def _minutes(seconds: float) -> float:
    return round(seconds / 60, 1)

"""Progress over the weeks: the weekly goal, the streak, totals, pain change, a suggestion.

Weeks start on Monday in the walker's local time, so a walk at 23:30 on a Sunday belongs to the
week it was walked in, whatever offset it was saved with. The goal is about showing up: every
saved walk counts, whatever its status.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from walktimer.domain.presets import MAX_ROUNDS
from walktimer.domain.questions import PAIN_RISE
from walktimer.domain.summary import Summary

WEEKS_SHOWN = 12
WELL_WALKS = 3  # this many good walks in a row earn the suggestion to walk longer
MORE_ROUNDS = 2


@dataclass(frozen=True)
class Week:
    start: date  # the Monday
    walks: int
    active_minutes: float

    def to_json(self) -> dict[str, Any]:
        return {
            "week_start": self.start.isoformat(),
            "walks": self.walks,
            "active_minutes": self.active_minutes,
        }


@dataclass(frozen=True)
class Stats:
    weekly_goal: int
    this_week: Week
    streak_weeks: int
    total_walks: int
    total_active_minutes: float
    pain_change_avg: float | None
    suggestion: str | None
    weeks: tuple[Week, ...]  # the recent weeks, oldest first, this week last

    @property
    def goal_met(self) -> bool:
        return self.this_week.walks >= self.weekly_goal

    def to_json(self) -> dict[str, Any]:
        return {
            "weekly_goal": self.weekly_goal,
            "this_week": self.this_week.to_json(),
            "streak_weeks": self.streak_weeks,
            "total_walks": self.total_walks,
            "total_active_minutes": self.total_active_minutes,
            "pain_change_avg": self.pain_change_avg,
            "suggestion": self.suggestion,
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
    """The numbers of the stats command and the history screen. `summaries` in any order."""
    walks: Counter[date] = Counter()
    seconds: defaultdict[date, float] = defaultdict(float)
    changes: list[int] = []
    for summary in summaries:
        start = week_start(summary.started_at, zone)
        walks[start] += 1
        seconds[start] += summary.active_seconds
        if summary.pain_before is not None and summary.pain_after is not None:
            changes.append(summary.pain_after - summary.pain_before)
    current = week_start(now, zone)
    weeks = tuple(
        Week(start, walks[start], _minutes(seconds[start]))
        for start in (current - timedelta(weeks=n) for n in range(weeks_shown - 1, -1, -1))
    )
    return Stats(
        weekly_goal=weekly_goal,
        this_week=Week(current, walks[current], _minutes(seconds[current])),
        streak_weeks=streak(walks, current, weekly_goal),
        total_walks=len(summaries),
        total_active_minutes=_minutes(sum(s.active_seconds for s in summaries)),
        pain_change_avg=round(sum(changes) / len(changes), 2) if changes else None,
        suggestion=suggestion(sorted(summaries, key=_started, reverse=True)),
        weeks=weeks,
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


def suggestion(newest: Sequence[Summary]) -> str | None:
    """A gentle next step from the latest walks (newest first), or None.

    Pain comes first: after a rise of 2 or more the walker is asked to go gentler, and to see
    a doctor if it keeps happening. Only then: after three good walks, walk a little longer."""
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
    recent = newest[:WELL_WALKS]
    if len(recent) < WELL_WALKS or not all(_went_well(s) for s in recent):
        return None
    latest = recent[0]
    rounds = latest.rounds_planned + MORE_ROUNDS
    if rounds > MAX_ROUNDS or latest.rounds_completed == 0:
        return None
    per_round = (latest.fast_seconds + latest.slow_seconds) / latest.rounds_completed
    minutes = max(1, round(MORE_ROUNDS * per_round / 60))
    return (
        f"Your last {WELL_WALKS} walks went well. Ready for a little more? Try {rounds} rounds "
        f"next time, two more (about {minutes} more minute{'s' if minutes != 1 else ''}): "
        f"walktimer run {latest.walk} --rounds {rounds}"
    )


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

"""The walking diary: what was walked week by week, as a physiotherapist would read it.

Facts only, from the saved walks: how many walks and how many of them counted (section 9 of
the design: at least half the plan walked), the minutes walked and the minutes of them in the
fast intervals, the pain the walker gave before and after (the mean of the ratings given), the
walks stopped for pain, the notes, and the programme weeks walked. Weeks start on Monday in
the walker's local time, as everywhere else (`stats.week_start`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from walktimer.domain.stats import counts, week_start
from walktimer.domain.summary import Summary

MAX_WEEKS = 520  # ten years of weeks: more is not a diary anyone reads


@dataclass(frozen=True)
class Note:
    day: date  # the local day of the walk
    text: str  # as the walker wrote it: the report escapes it for its format


@dataclass(frozen=True)
class DiaryWeek:
    start: date  # the Monday
    walks: int  # every walk saved
    counting: int  # the walks that count
    active_seconds: float
    fast_seconds: float
    pain_before: float | None  # the mean of the ratings given, to one decimal; None: none
    pain_after: float | None
    pain_stops: int  # walks stopped because of pain
    programmes: tuple[tuple[str, tuple[int, ...]], ...]  # programme id, the weeks of it walked
    notes: tuple[Note, ...]  # oldest first


def diary(
    summaries: Iterable[Summary],
    *,
    weeks: int,
    now: datetime,
    zone: tzinfo | None = None,
) -> tuple[DiaryWeek, ...]:
    """The last `weeks` weeks up to the one `now` is in, oldest first, each with the walks
    started in it (local time in `zone`; None: the system's). Weeks without walks are there
    too, with zeros: a gap is a fact as well."""
    current = week_start(now, zone)
    starts = [current - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    walks: defaultdict[date, list[Summary]] = defaultdict(list)
    for summary in summaries:
        walks[week_start(summary.started_at, zone)].append(summary)
    return tuple(_week(start, walks[start], zone) for start in starts)


def _week(start: date, walks: list[Summary], zone: tzinfo | None) -> DiaryWeek:
    walks = sorted(walks, key=lambda s: (s.started_at.timestamp(), s.id))
    programmes: dict[str, set[int]] = {}
    for walk in walks:
        if walk.program is not None and walk.program_week is not None:
            programmes.setdefault(walk.program, set()).add(walk.program_week)
    return DiaryWeek(
        start=start,
        walks=len(walks),
        counting=sum(1 for walk in walks if counts(walk)),
        active_seconds=sum(walk.active_seconds for walk in walks),
        fast_seconds=sum(walk.fast_seconds for walk in walks),
        pain_before=_mean(walk.pain_before for walk in walks),
        pain_after=_mean(walk.pain_after for walk in walks),
        pain_stops=sum(1 for walk in walks if walk.stopped_for_pain),
        programmes=tuple((name, tuple(sorted(found))) for name, found in programmes.items()),
        notes=tuple(
            Note(walk.started_at.astimezone(zone).date(), walk.notes)
            for walk in walks
            if walk.notes
        ),
    )


def _mean(ratings: Iterable[int | None]) -> float | None:
    given = [rating for rating in ratings if rating is not None]
    return round(sum(given) / len(given), 1) if given else None


def weeks_text(weeks: tuple[int, ...]) -> str:
    """`week 2`, `weeks 2 and 3`, `weeks 1, 2 and 3`: the programme weeks walked in a week."""
    numbers = [str(week) for week in weeks]
    if len(numbers) == 1:
        return f"week {numbers[0]}"
    return f"weeks {', '.join(numbers[:-1])} and {numbers[-1]}"

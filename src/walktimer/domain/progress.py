"""Where a walker is in a programme, worked out from the saved walks alone.

Nothing counts the weeks as they go by: each time progress is asked for, the walks of the
programme since it was started are replayed, oldest first. A walk deleted, restored, corrected
or synced from another device is therefore taken into account at once, and nothing drifts.

The replay starts in week 1. A walk moves it only if it was walked as the current week's walk
(its `program_week`): it counts once at least half of it was walked (`stats.counts`), and the
week is done when `walks_per_week` walks count. A walk that hurt (stopped for pain, or pain 2
or more higher after than before) starts the current week again; the second time in a row,
with no week done in between, the programme steps back a week. Why is always said.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any, Literal

from walktimer.domain.catalog import Catalog
from walktimer.domain.plan import Plan
from walktimer.domain.program import ProgramPreset, ProgramWeek
from walktimer.domain.questions import PAIN_RISE
from walktimer.domain.stats import counts
from walktimer.domain.summary import Summary
from walktimer.domain.words import count_text

ProgressState = Literal["on-track", "repeat", "step-back", "finished"]
WeekMark = Literal["done", "repeated", "current", "to-come"]
# Each week a shape, so the row reads without colour: done, done after starting again, the week
# being walked, and the weeks still to come; and, for a terminal that cannot show those, letters.
WEEK_MARKS: dict[WeekMark, str] = {"done": "●", "repeated": "◑", "current": "▶", "to-come": "○"}
ASCII_WEEK_MARKS: dict[WeekMark, str] = {
    "done": "#",
    "repeated": "%",
    "current": ">",
    "to-come": ".",
}
MARK_WORDS: dict[WeekMark, str] = {
    "done": "done",
    "repeated": "repeated",
    "current": "this week",
    "to-come": "to come",
}
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ActiveProgram:
    """The programme being walked, and the day it was started: walks before it are not its."""

    id: str
    started_on: date


@dataclass(frozen=True)
class Progress:
    id: str
    name: str
    week: int  # from 1; the last week once the programme is finished
    weeks: int
    walks_done: int  # the walks of the current week that count so far
    walks_per_week: int
    state: ProgressState
    reason: str | None  # why the week starts again or steps back; None on track or finished
    marks: tuple[WeekMark, ...]  # one for each week of the programme
    note: str  # the current week's note, "" if it has none

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "week": self.week,
            "weeks": self.weeks,
            "walks_done": self.walks_done,
            "walks_per_week": self.walks_per_week,
            "state": self.state,
            "reason": self.reason,
        }


@dataclass
class _Replay:
    """The programme as the walks so far leave it."""

    weeks: int
    walks_per_week: int
    week: int = 1
    done: int = 0
    state: ProgressState = "on-track"
    reason: str | None = None
    repeats: int = 0  # weeks started again in a row, with no week done in between
    repeated: set[int] = field(default_factory=set)  # weeks that had to start again

    def walk(self, summary: Summary, zone: tzinfo | None) -> None:
        if summary.program_week != self.week:
            return
        if (why := hurt(summary, zone)) is not None:
            self._start_again(why)
        elif counts(summary):
            self.done += 1
            if self.done >= self.walks_per_week:
                self.week, self.done, self.repeats = self.week + 1, 0, 0
                self.state, self.reason = "on-track", None

    def _start_again(self, why: str) -> None:
        self.repeated.add(self.week)
        self.done = 0
        self.repeats += 1
        if self.repeats < 2:
            self.state, self.reason = "repeat", f"Week {self.week} starts again: {why}."
            return
        again = f"{why}, and this week had already started again once"
        if self.week > 1:
            self.week -= 1
            self.reason = f"Back to week {self.week}: {again}."
        else:
            self.reason = f"Week 1 starts again: {again}; there is no easier week."
        self.state, self.repeats = "step-back", 0

    @property
    def finished(self) -> bool:
        return self.week > self.weeks

    def marks(self) -> tuple[WeekMark, ...]:
        def mark(week: int) -> WeekMark:
            if week == self.week:
                return "current"
            if week > self.week:
                return "to-come"
            return "repeated" if week in self.repeated else "done"

        return tuple(mark(week) for week in range(1, self.weeks + 1))


def progress(
    program: ProgramPreset,
    active: ActiveProgram,
    summaries: Iterable[Summary],
    *,
    zone: tzinfo | None = None,
) -> Progress:
    """The programme's progress after the walks in `summaries` (any order, any walks: only
    those of `active` started on or after its first day, in the local time of `zone`, count;
    None: the system's local time)."""
    walks = sorted(
        (
            s
            for s in summaries
            if s.program == active.id and s.started_at.astimezone(zone).date() >= active.started_on
        ),
        key=lambda s: (s.started_at.timestamp(), s.id),
    )
    replay = _Replay(weeks=len(program.weeks), walks_per_week=program.walks_per_week)
    for summary in walks:
        replay.walk(summary, zone)
        if replay.finished:
            break
    marks = replay.marks()
    week, done, state, reason = replay.week, replay.done, replay.state, replay.reason
    if replay.finished:
        week, done, state, reason = replay.weeks, program.walks_per_week, "finished", None
    return Progress(
        id=active.id,
        name=program.name,
        week=week,
        weeks=replay.weeks,
        walks_done=done,
        walks_per_week=program.walks_per_week,
        state=state,
        reason=reason,
        marks=marks,
        note=program.weeks[week - 1].note,
    )


def hurt(summary: Summary, zone: tzinfo | None = None) -> str | None:
    """Why the walk says the back needs the week again, in words, or None: stopped for pain,
    or pain at least 2 higher after the walk than before it."""
    day = day_text(summary.started_at.astimezone(zone).date())
    if summary.stopped_for_pain:
        return f"the walk on {day} was stopped for pain"
    before, after = summary.pain_before, summary.pain_after
    if before is not None and after is not None and after - before >= PAIN_RISE:
        return f"pain rose from {before} to {after} after the walk on {day}"
    return None


def day_text(day: date) -> str:
    """`Tue 12 Nov`: a day of the last few weeks, in the same words whatever the locale."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


@dataclass(frozen=True)
class Today:
    """The programme's progress, the walk it asks for next (None once it is finished) and its
    week as the programme writes it; `starts_on` the day it starts, while that is to come."""

    progress: Progress
    plan: Plan | None
    week: ProgramWeek
    starts_on: date | None = None

    @property
    def walkable(self) -> bool:
        """Whether a walk now is the programme's: it has begun, and is not finished."""
        return self.plan is not None and self.starts_on is None


def today(
    catalog: Catalog,
    active: ActiveProgram,
    summaries: Iterable[Summary],
    *,
    zone: tzinfo | None = None,
    on: date | None = None,
) -> Today:
    """Where the walker is in the active programme on the day `on` (today, in `zone`) and the
    walk that comes next, for `walktimer run` without a walk, home, `program status` and the
    calendar; PresetError if the programme (or its week's walk) cannot be used."""
    program_id, program = catalog.program(active.id)
    found = progress(program, active, summaries, zone=zone)
    plan = None if found.state == "finished" else catalog.week_plan(program_id, found.week)
    day = on or datetime.now(zone).astimezone(zone).date()
    starts_on = active.started_on if active.started_on > day else None
    return Today(found, plan, program.weeks[found.week - 1], starts_on)


def today_parts(found: Today) -> list[str]:
    """`Today: Back to walking`, `week 2 of 8`, `walk 2 of 3`, `First steps, 6 rounds`: the
    parts of the line of today's walk (shown with ` · ` between them); or, once the programme
    is finished, `Back to walking: finished, 8 of 8 weeks`. Names come from files: the caller
    makes them safe to show."""
    now, plan = found.progress, found.plan
    if plan is None:
        return [f"{now.name}: finished, {now.weeks} of {now.weeks} weeks"]
    if found.starts_on is not None:
        return [f"{now.name} starts on {day_text(found.starts_on)}", f"week 1 of {now.weeks}"]
    return [
        f"Today: {now.name}",
        f"week {now.week} of {now.weeks}",
        f"walk {now.walks_done + 1} of {now.walks_per_week}",
        f"{plan.walk_name}, {count_text(plan.rounds, 'round')}",
    ]


def legend(marks: Iterable[WeekMark], shapes: Mapping[WeekMark, str] = WEEK_MARKS) -> str:
    """`● done  ▶ this week  ○ to come`: what each mark in a row of `marks` means."""
    present = set(marks)
    return "  ".join(
        f"{shapes[mark]} {words}" for mark, words in MARK_WORDS.items() if mark in present
    )

"""The last few walks, this week's count against the goal, and a next step, on the home screen."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual.app import RenderResult
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from walktimer.domain.stats import MORE_ROUNDS, Stats, compute_stats, counts
from walktimer.domain.summary import Summary
from walktimer.domain.words import (
    duration_text,
    minutes_text,
    pain_text,
    safe_text,
    status_text,
    walk_name,
)
from walktimer.storage import read_summaries
from walktimer.storage.reading import SessionsFolderError
from walktimer.tui.text import cut

WIDE = 56  # from this width on, dates carry their weekday
MIN_NAME = 8  # a walk's name gets at least this much room before other columns do
NOT_COUNTED = " · not counted"  # less than half its plan walked: not towards the goal
MAX_NAME = 36  # and at most this much: on a wide terminal the figures stay beside the name


@dataclass(frozen=True)
class History:
    """The saved walks (newest first), their numbers, and the files that could not be read."""

    summaries: list[Summary]
    stats: Stats
    warnings: list[str]
    problem: str | None = None
    """Why the folder of saved walks could not be read at all: then there are no summaries,
    and the screens must say so rather than show an empty history."""


@dataclass
class HistoryRead(Message):
    """The saved walks, read on a thread, for the screen to show."""

    history: History


def read_history(sessions_dir: Path, weekly_goal: int, now: datetime) -> History:
    """The saved walks and their numbers (slow for a big folder: call it off the UI thread)."""
    problem = None
    try:
        summaries, warnings = read_summaries(sessions_dir)
    except SessionsFolderError as exc:
        summaries, warnings, problem = [], [], str(exc)
    stats = compute_stats(summaries, weekly_goal=weekly_goal, now=now)
    return History(summaries, stats, warnings, problem)


def suggestion_text(stats: Stats, names: Mapping[str, str], key: str) -> str | None:
    """The next step in words: the walk to try, set up by pressing `key`; or the gentle note
    after walks that left the back worse; or None."""
    walk = stats.next_walk
    if walk is None:
        return stats.suggestion
    name = safe_text(walk_name(walk.walk, names))  # the summary's id, or a preset's name
    more = duration_text(MORE_ROUNDS * (walk.fast_seconds + walk.slow_seconds))
    return (
        f"Your last walks went well. Ready for a little more? {name} with {walk.rounds} rounds, "
        f"two more ({more} longer): press {key} to set it up."
    )


def date_column(summary: Summary, wide: bool) -> str:
    """`Tue 03 Mar`, or `03 Mar` in a narrow panel: the walk's own local date."""
    return f"{summary.started_at:{'%a %d %b' if wide else '%d %b'}}"


class RecentWalks(Widget):
    """As many recent walks as fit; only the walk's name is shortened to make room.

    Columns are dropped from the right, least needed first, when the panel is narrow: the
    status, then the minutes; the date, the name and the pain before and after stay.
    """

    DEFAULT_CSS = """
    RecentWalks {
        height: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    summaries: reactive[Sequence[Summary] | None] = reactive(None)
    """Newest first; None until they have been read."""
    week: reactive[tuple[int, int] | None] = reactive(None)
    """(walks this week, weekly goal)."""
    suggestion: reactive[str | None] = reactive(None)
    """A next step, in words, under this week's count."""

    def __init__(self, names: Mapping[str, str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._names = names

    def show(self, history: History, key: str) -> None:
        """The walks read, or an empty panel that says they cannot be read; the suggestion
        names `key`, the key that sets it up."""
        if history.problem is not None:  # an empty panel, not "no walks yet"
            self.summaries, self.suggestion = None, None
            self.border_subtitle = "cannot be read"
            return
        self.border_subtitle = None
        self.summaries = history.summaries
        self.week = (history.stats.this_week.walks, history.stats.weekly_goal)
        self.suggestion = suggestion_text(history.stats, self._names, key)

    def render(self) -> RenderResult:
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.summaries is None:
            return text
        width = self.size.width
        wide = width >= WIDE
        if self.week is not None:
            walks, goal = self.week
            text.append("This week: ", "bold")
            text.append(f"{walks} of {goal} walks")
            text.append(" · goal met" if walks >= goal else "")
            if wide:
                text.append("   pain before -> after", "dim")
        suggestion = f"Next: {safe_text(self.suggestion)}" if self.suggestion else ""
        told = textwrap.wrap(suggestion, max(10, width))
        for number, line in enumerate(told):
            text.append("\n")
            if number == 0:
                text.append("Next:", "bold")
                line = line.removeprefix("Next:")
            text.append(line, "italic")
        if not self.summaries:
            text.append("\nNo walks yet: your first one will show here.", "dim")
            return text
        rows = max(1, self.size.height - 1 - len(told))  # this week's count, the suggestion
        shown = self.summaries[:rows]
        statuses = [
            status_text(s.status, s.stop_reason) + ("" if counts(s) else NOT_COUNTED) for s in shown
        ]
        pains = [pain_text(s.pain_before, s.pain_after) for s in shown]
        minutes = [minutes_text(s.active_seconds) for s in shown]
        widths = [max(map(len, column)) for column in (pains, minutes, statuses)]
        date_width = len(date_column(shown[0], wide))
        # Least needed last: in a narrow panel the status goes first, then the minutes.
        columns = 3
        while columns > 1 and self._name_room(width, date_width, widths[:columns]) < MIN_NAME:
            columns -= 1
        room = max(1, min(MAX_NAME, self._name_room(width, date_width, widths[:columns])))
        for summary, status, pain, mins in zip(shown, statuses, pains, minutes, strict=True):
            cells = [f"{pain:>{widths[0]}}", f"{mins:>{widths[1]}}", f"{status:<{widths[2]}}"]
            cells = cells[:columns]
            tail = "  ".join([*cells[1:], cells[0]])
            name = cut(safe_text(walk_name(summary.walk, self._names)), room)  # the file's own
            text.append(f"\n{date_column(summary, wide)}  ")
            text.append(f"{name:<{room}}", "bold")
            text.append(f"  {tail}")
        return text

    @staticmethod
    def _name_room(width: int, date_width: int, widths: Sequence[int]) -> int:
        """What is left for the name beside the date and these columns, two spaces apart."""
        return width - date_width - sum(w + 2 for w in widths) - 2

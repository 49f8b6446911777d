"""The last few walks and this week's count against the goal, as shown on the home screen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from walktimer.domain.summary import Summary
from walktimer.domain.words import minutes_text, pain_text, safe_text, status_text, walk_name

WIDE = 56  # from this width on, dates carry their weekday
MIN_NAME = 8  # a walk's name gets at least this much room before other columns do


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

    def __init__(self, names: Mapping[str, str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._names = names

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
        if not self.summaries:
            text.append("\nNo walks yet: your first one will show here.", "dim")
            return text
        rows = max(1, self.size.height - 1)  # the first line is this week's
        shown = self.summaries[:rows]
        statuses = [status_text(s.status, s.stop_reason) for s in shown]
        pains = [pain_text(s.pain_before, s.pain_after) for s in shown]
        minutes = [minutes_text(s.active_seconds) for s in shown]
        widths = [max(map(len, column)) for column in (pains, minutes, statuses)]
        date_width = len(date_column(shown[0], wide))
        # Least needed last: in a narrow panel the status goes first, then the minutes.
        columns = 3
        while columns > 1 and self._name_room(width, date_width, widths[:columns]) < MIN_NAME:
            columns -= 1
        room = max(1, self._name_room(width, date_width, widths[:columns]))
        for summary, status, pain, mins in zip(shown, statuses, pains, minutes, strict=True):
            cells = [f"{pain:>{widths[0]}}", f"{mins:>{widths[1]}}", f"{status:<{widths[2]}}"]
            cells = cells[:columns]
            tail = "  ".join([*cells[1:], cells[0]])
            name = safe_text(walk_name(summary.walk, self._names))  # the summary file's own
            name = name if len(name) <= room else name[: room - 1] + "…"
            text.append(f"\n{date_column(summary, wide)}  ")
            text.append(f"{name:<{room}}", "bold")
            text.append(f"  {tail}")
        return text

    @staticmethod
    def _name_room(width: int, date_width: int, widths: Sequence[int]) -> int:
        """What is left for the name beside the date and these columns, two spaces apart."""
        return width - date_width - sum(w + 2 for w in widths) - 2

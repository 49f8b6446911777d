"""The last few walks and this week's count against the goal, as shown on the home screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

from walktimer.domain.summary import Summary
from walktimer.tui.formatting import minutes

STATUS_WORDS = {"completed": "done", "stopped": "stopped", "interrupted": "cut short"}
STATUS_WIDTH = max(len(word) for word in STATUS_WORDS.values())
WIDE = 56  # from this width on, dates carry their weekday
MIN_NAME = 8  # a walk's name gets at least this much room before other columns do


def pain_change(summary: Summary) -> str:
    before, after = summary.pain_before, summary.pain_after
    if before is None and after is None:
        return ""
    return f"{'-' if before is None else before}→{'-' if after is None else after}"


class RecentWalks(Widget):
    """As many recent walks as fit; only the walk's name is shortened to make room."""

    DEFAULT_CSS = """
    RecentWalks {
        height: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, names: dict[str, str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._names = names
        self._summaries: list[Summary] = []
        self._week: tuple[int, int] | None = None
        self._loaded = False

    def show(self, summaries: list[Summary], week: tuple[int, int] | None) -> None:
        """`summaries` newest first; `week` is (walks this week, weekly goal)."""
        self._summaries, self._week, self._loaded = summaries, week, True
        self.refresh(layout=True)

    def render(self) -> RenderResult:
        text = Text(no_wrap=True, overflow="ellipsis")
        if not self._loaded:
            return text
        if self._week is not None:
            walks, goal = self._week
            text.append("This week: ", "bold")
            text.append(f"{walks} of {goal} walks")
            text.append(" · goal met" if walks >= goal else "")
            if self.size.width >= WIDE:
                text.append("   pain before→after", "dim")
        if not self._summaries:
            text.append("\nNo walks yet: your first one will show here.", "dim")
            return text
        width = self.size.width
        date_format = "%a %d %b" if width >= WIDE else "%d %b"
        rows = max(1, self.size.height - 1)  # the first line is this week's
        for summary in self._summaries[:rows]:
            date = f"{summary.started_at:{date_format}}"
            # Least needed last: in a narrow panel the status goes first, then the minutes.
            tail = [
                f"{pain_change(summary):>5}",
                f"{minutes(summary.active_seconds):>6}",
                f"{STATUS_WORDS.get(summary.status, summary.status):<{STATUS_WIDTH}}",
            ]
            while len(tail) > 1 and width - len(date) - len("  ".join(tail)) - 4 < MIN_NAME:
                tail.pop()
            shown = "  ".join([tail[1], *tail[2:], tail[0]] if len(tail) > 1 else tail)
            room = max(1, width - len(date) - len(shown) - 4)
            name = self._names.get(summary.walk, summary.walk)
            name = name if len(name) <= room else name[: room - 1] + "…"
            text.append(f"\n{date}  ")
            text.append(f"{name:<{room}}", "bold")
            text.append(f"  {shown}")
        return text

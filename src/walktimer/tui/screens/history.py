"""History: every walk in a table, one walk in detail, and the progress over the weeks.

The screen is given what it shows (summaries read by storage, stats computed by the domain,
the warnings about skipped files) and never reads the disk itself. Everything that came from a
file is shown as literal text: a note like `[bold]` stays `[bold]`. Walks are shown by the
names their presets give them (`names`), or by their ids where no preset of that id is known.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Sparkline, Static

from walktimer.domain.history import NO_NAMES, details, history_row, pain_pairs
from walktimer.domain.stats import Stats
from walktimer.domain.summary import Summary
from walktimer.domain.words import count_text, duration_text, minutes_text, safe_text
from walktimer.tui.text import shown

COLUMNS = ("Date", "Walk", "Min", "Status", "Pain", "Effort")
BARS = "▁▂▃▄▅▆▇█"
PAIN_WALKS = 40  # at most this many rated walks in the pain chart
MAX_WARNINGS_SHOWN = 20


def pain_bar(rating: int) -> str:
    """One character on a fixed 0-10 scale, so before and after compare at a glance."""
    return BARS[round(max(0, min(10, rating)) * (len(BARS) - 1) / 10)]


class PainChart(Widget):
    """Pain before and after the latest rated walks, oldest on the left, on one 0-10 scale."""

    DEFAULT_CSS = """
    PainChart {
        height: 2;
    }
    """
    LABEL = 8

    def __init__(self, pairs: Sequence[tuple[int, int]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._pairs = list(pairs)

    def render(self) -> RenderResult:
        if not self._pairs:
            return Text("Rate your back before and after a walk to see the trend here.", "dim")
        room = max(1, self.size.width - self.LABEL)
        pairs = self._pairs[-room:]
        text = Text("before  ", "bold")
        text.append("".join(pain_bar(before) for before, _ in pairs), "yellow")
        text.append("\nafter   ", "bold")
        text.append("".join(pain_bar(after) for _, after in pairs), "cyan")
        return text


class HistoryScreen(Screen[None]):
    """Your walks and your progress. Escape or q goes back."""

    CSS_PATH = "history.tcss"
    # Below 116 columns the details go under the table instead of beside it. Textual's own
    # annotation of this class variable is not a ClassVar to mypy, so none is added here.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (116, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="history.back", tooltip="Leave the history"),
        Binding("q", "close", "Back", show=False, id="history.quit", tooltip="Leave the history"),
    ]

    def __init__(
        self,
        summaries: Sequence[Summary],
        stats: Stats,
        warnings: Sequence[str],
        names: Mapping[str, str] = NO_NAMES,
        *,
        problem: str | None = None,
    ) -> None:
        super().__init__()
        self.problem = problem
        """Why the saved walks could not be read at all, shown where the walks would be."""
        self.summaries = list(summaries)  # newest first, as read
        self.stats = stats
        self.warnings = list(warnings)
        self.names = names

    def compose(self) -> ComposeResult:
        yield Static(self._overview(), id="overview")
        if self.stats.suggestion:
            yield Static(self._suggestion(), id="suggestion")
        with Horizontal(id="body"):
            yield DataTable(id="walks", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="details-box") as box:
                box.border_title = "Walk"
                yield Static(id="details")
        with Horizontal(id="charts"):
            with Vertical(classes="chart"):
                title = f"Active minutes, last {len(self.stats.weeks)} weeks"
                yield Static(title, classes="chart-title")
                yield Sparkline([w.active_minutes for w in self.stats.weeks], id="minutes-chart")
            with Vertical(classes="chart"):
                yield Static("Pain before and after (0-10)", classes="chart-title")
                yield PainChart(pain_pairs(self.summaries, PAIN_WALKS), id="pain-chart")
        if self.warnings:
            with VerticalScroll(id="warnings-box"):
                yield Static(self._warnings(), id="warnings")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#walks", DataTable)
        for column in COLUMNS:
            table.add_column(column, key=column.lower())
        for index, summary in enumerate(self.summaries):
            row = history_row(summary, self.names)
            table.add_row(*(shown(cell) for cell in row), key=str(index))
        self._show_details(0)
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_details(event.cursor_row)

    def action_close(self) -> None:
        self.dismiss(None)

    # --- contents -------------------------------------------------------------------------

    def _show_details(self, index: int) -> None:
        box = self.query_one("#details", Static)
        if self.problem is not None:
            box.update(Text(f"Your saved walks cannot be read. {safe_text(self.problem)}"))
            return
        if not 0 <= index < len(self.summaries):
            box.update(Text("No walks yet. Each walk you finish is saved and shows up here."))
            return
        summary = self.summaries[index]
        text = Text()
        for label, value in details(summary):
            text.append(f"{label}: ", "bold")
            text.append_text(shown(f"{value}\n", lines=True))
        for phase in summary.phases:
            word = phase.kind.word
            line = f"{duration_text(phase.actual_seconds):>5} {word:<9} {safe_text(phase.name)}"
            text.append(line + (" (skipped)" if phase.skipped else "") + "\n", "dim")
        text.rstrip()
        box.update(text)

    def _overview(self) -> Text:
        stats, week = self.stats, self.stats.this_week
        goal = "goal met" if stats.goal_met else f"{stats.weekly_goal - week.walks} to go"
        parts = [
            (
                "This week",
                f"{week.walks} of {stats.weekly_goal} walks ({goal}), "
                f"{minutes_text(week.active_minutes * 60)}",
            ),
            ("Streak", count_text(stats.streak_weeks, "week")),
            (
                "All",
                f"{count_text(stats.total_walks, 'walk')}, "
                f"{minutes_text(stats.total_active_minutes * 60)}",
            ),
        ]
        if stats.pain_change_avg is not None:
            parts.append(("Pain change", f"{stats.pain_change_avg:+.1f} on average"))
        text = Text()
        for label, value in parts:
            if text:
                text.append("  ·  ")
            text.append(label, "bold")
            text.append(f" {value}")
        return text

    def _suggestion(self) -> Text:
        text = Text("Suggestion", "bold")
        text.append_text(shown(f" {self.stats.suggestion}"))  # it may name a walk by its id
        return text

    def _warnings(self) -> Text:
        count = len(self.warnings)
        text = Text(f"{count_text(count, 'file')} skipped, left as they are:", "bold")
        text.append("\n")
        for line in self.warnings[:MAX_WARNINGS_SHOWN]:  # each names a file
            text.append(safe_text(line) + "\n")
        if count > MAX_WARNINGS_SHOWN:
            text.append(f"… and {count - MAX_WARNINGS_SHOWN} more: run `walktimer history`\n")
        text.rstrip()
        return text

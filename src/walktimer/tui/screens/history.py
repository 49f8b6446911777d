"""History: every walk in a table, one walk in detail, and the progress over the weeks.

The screen is given what it shows (summaries read by storage, stats computed by the domain,
the warnings about skipped files) and never reads the disk itself. Everything that came from a
file is shown as literal text: a note like `[bold]` stays `[bold]`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Sparkline, Static

from walktimer.domain.history import details, history_row, pain_pairs
from walktimer.domain.plan import PhaseKind
from walktimer.domain.presets import format_duration
from walktimer.domain.stats import Stats
from walktimer.domain.summary import Summary

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

    DEFAULT_CSS = """
    HistoryScreen {
        layout: vertical;
    }
    HistoryScreen #overview {
        height: auto;
        padding: 0 1;
    }
    HistoryScreen #body {
        height: 1fr;
    }
    HistoryScreen #walks {
        width: 1fr;
        height: 1fr;
    }
    HistoryScreen #details-box {
        width: 44;
        height: 1fr;
        border: round $primary 50%;
        border-title-color: $text;
        padding: 0 1;
    }
    HistoryScreen.-narrow #body {
        layout: vertical;
    }
    HistoryScreen.-narrow #walks {
        width: 1fr;
        height: 1fr;
    }
    HistoryScreen.-narrow #details-box {
        width: 1fr;
        height: 7;
    }
    HistoryScreen.-narrow #warnings-box {
        max-height: 2;
    }
    HistoryScreen #charts {
        height: auto;
    }
    HistoryScreen .chart {
        width: 1fr;
        height: auto;
        padding: 0 1;
    }
    HistoryScreen .chart-title {
        text-style: bold;
    }
    HistoryScreen #minutes-chart {
        height: 2;
        margin-right: 2;
    }
    HistoryScreen #suggestion {
        height: auto;
        padding: 0 1;
        color: $text-accent;
    }
    HistoryScreen #warnings-box {
        height: auto;
        max-height: 4;
        padding: 0 1;
        color: $text-warning;
    }
    """
    # Textual declares this without ClassVar, so mypy forbids adding one here.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (116, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="history.back", tooltip="Leave the history"),
        Binding("q", "close", "Back", show=False, id="history.quit", tooltip="Leave the history"),
    ]

    def __init__(self, summaries: Sequence[Summary], stats: Stats, warnings: Sequence[str]) -> None:
        super().__init__()
        self.summaries = list(summaries)  # newest first, as read
        self.stats = stats
        self.warnings = list(warnings)

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
            table.add_row(*(Text(cell) for cell in history_row(summary)), key=str(index))
        self._show_details(0)
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_details(event.cursor_row)

    def action_close(self) -> None:
        self.dismiss(None)

    # --- contents -------------------------------------------------------------------------

    def _show_details(self, index: int) -> None:
        box = self.query_one("#details", Static)
        if not 0 <= index < len(self.summaries):
            box.update(Text("No walks yet. Each walk you finish is saved and shows up here."))
            return
        summary = self.summaries[index]
        text = Text()
        for label, value in details(summary):
            text.append(f"{label}: ", "bold")
            text.append(f"{value}\n")
        for phase in summary.phases:
            word = PhaseKind(phase.kind).word
            line = f"{format_duration(phase.actual_seconds):>5} {word:<9} {phase.name}"
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
                f"{week.active_minutes:.0f} min",
            ),
            ("Streak", f"{stats.streak_weeks} week{'s' * (stats.streak_weeks != 1)}"),
            ("All", f"{stats.total_walks} walks, {stats.total_active_minutes:.0f} min"),
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
        text.append(f" {self.stats.suggestion}")
        return text

    def _warnings(self) -> Text:
        count = len(self.warnings)
        text = Text(f"{count} file{'s' * (count != 1)} skipped, left as they are:", "bold")
        text.append("\n")
        for line in self.warnings[:MAX_WARNINGS_SHOWN]:
            text.append(line + "\n")
        if count > MAX_WARNINGS_SHOWN:
            text.append(f"… and {count - MAX_WARNINGS_SHOWN} more: run `walktimer history`\n")
        text.rstrip()
        return text

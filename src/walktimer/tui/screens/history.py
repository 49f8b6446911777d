"""History: every walk in a table, one walk in detail, and the progress over the weeks.

The screen is given what it shows (summaries read by storage, stats computed by the domain,
the warnings about skipped files). The walker may correct the record here: `d` moves the
selected walk to the trash and `e` corrects its answers, each through storage on a thread, and
the table, the details and the charts are then worked out again from the walks in hand.
Everything that came from a file is shown as literal text: a note like `[bold]` stays
`[bold]`. Walks are shown by the names their presets give them (`names`), or by their ids where
no preset of that id is known; so are programmes (`programmes`): a walk walked as a week of a
programme is marked in the table by its week before its name (`W2 First steps`), and named
with its programme in the details.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from walktimer import paths
from walktimer.domain.history import NO_NAMES, details, history_row, pain_pairs
from walktimer.domain.inputs import path_text
from walktimer.domain.stats import Stats, compute_stats, counts
from walktimer.domain.summary import Summary
from walktimer.domain.words import (
    count_text,
    counts_text,
    date_text,
    duration_text,
    minutes_text,
    safe_text,
    walk_name,
)
from walktimer.errors import WalktimerError
from walktimer.storage import edit_summary, trash_beside, trash_summary
from walktimer.tui.screens.dialogs import Changes, Confirm, EditWalk
from walktimer.tui.text import shown
from walktimer.tui.widgets.charts import MAX_PAIN_WALKS, PainChart, WeeksChart
from walktimer.walk import local_now

COLUMNS = ("Date", "Walk", "Min", "Status", "Pain", "Effort", "Counts")
WIDE = 100  # columns from which the table has room for long walk names
WALK_WIDTH = 30  # a longer walk name is cut in the table (the details show it whole)
NARROW_WALK_WIDTH = 13  # below WIDE, so that every column fits in 80
MAX_WARNINGS_SHOWN = 20


def week_tag(summary: Summary) -> str:
    """`W2`: the week of a programme the walk was walked as; "" for a walk of none."""
    return "" if summary.program_week is None else f"W{summary.program_week}"


class HistoryScreen(Screen[None]):
    """Your walks and your progress. Escape or q goes back."""

    CSS_PATH = "history.tcss"
    # Textual's own annotation of these class variables is not a ClassVar to mypy, so none is
    # added here. Narrow: shorter walk names and details; short: less height for the charts.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="history.back", tooltip="Leave the history"),
        Binding("q", "close", "Back", show=False, id="history.quit", tooltip="Leave the history"),
        Binding("e", "edit", "Edit", id="history.edit", tooltip="Correct this walk's answers"),
        Binding("d", "trash", "Trash", id="history.trash", tooltip="Move this walk to the trash"),
    ]

    def __init__(
        self,
        summaries: Sequence[Summary],
        stats: Stats,
        warnings: Sequence[str],
        names: Mapping[str, str] = NO_NAMES,
        *,
        problem: str | None = None,
        sessions_dir: Path | None = None,
        wall: Callable[[], datetime] = local_now,
        programmes: Mapping[str, str] = NO_NAMES,
    ) -> None:
        """`names` and `programmes` give the names of walks and programmes by their ids."""
        super().__init__()
        self.problem = problem
        """Why the saved walks could not be read at all, shown where the walks would be."""
        self.summaries = list(summaries)  # newest first, as read
        self.stats = stats
        self.warnings = list(warnings)
        self.names = names
        self.programmes = programmes
        self.sessions_dir = sessions_dir or paths.sessions_dir()
        self.trash_dir = trash_beside(self.sessions_dir)
        self._wall = wall
        self._table_walk_width = WALK_WIDTH

    def compose(self) -> ComposeResult:
        yield Static(id="overview")
        yield Static(id="suggestion")
        yield DataTable(id="walks", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="lower"):
            with VerticalScroll(id="details-box") as box:
                box.border_title = "Walk"
                yield Static(id="details")
            yield WeeksChart(self.stats.weeks, self.stats.weekly_goal, id="minutes-chart")
            yield PainChart(pain_pairs(self.summaries, MAX_PAIN_WALKS), id="pain-chart")
        if self.warnings:
            with VerticalScroll(id="warnings-box"):
                yield Static(self._warnings(), id="warnings")
        yield Footer()

    def on_mount(self) -> None:
        self._show_all()
        self.query_one("#walks", DataTable).focus()

    def on_resize(self) -> None:
        if self._walk_width() != self._table_walk_width:
            self._fill_table()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_details(event.cursor_row)

    def action_close(self) -> None:
        self.dismiss(None)

    # --- correcting the record --------------------------------------------------------------

    def action_trash(self) -> None:
        summary = self._selected()
        if summary is None:
            return
        detail = Text(f"{self._heading(summary)}. It stops counting; ")
        detail.append(f"walktimer history restore {safe_text(summary.id)}", "bold")
        detail.append(" brings it back.")
        question = Confirm(
            "Move this walk to the trash?", detail, yes="Move to the trash", no="Keep it"
        )
        self.app.push_screen(question, partial(self._trash_answered, summary))

    def _trash_answered(self, summary: Summary, yes: bool | None) -> None:
        if yes:
            self._trash(summary)

    @work(thread=True, group="record")
    def _trash(self, summary: Summary) -> None:
        try:
            where = trash_summary(self.sessions_dir, self.trash_dir, summary.id)
        except (WalktimerError, OSError) as exc:
            self.app.call_from_thread(self._refused, exc)
            return
        self.app.call_from_thread(self._trashed, summary, where)

    def _trashed(self, summary: Summary, where: Path) -> None:
        self._changed([s for s in self.summaries if s.id != summary.id])
        restore = f"walktimer history restore {safe_text(summary.id)}"
        told = f"It is in {path_text(where)}; {restore} brings it back."
        self.notify(told, title="Walk moved to the trash", timeout=10, markup=False)

    def action_edit(self) -> None:
        summary = self._selected()
        if summary is None:
            return
        form = EditWalk(summary, Text(self._heading(summary)))
        self.app.push_screen(form, partial(self._edit_answered, summary))

    def _edit_answered(self, summary: Summary, changes: Changes | None) -> None:
        if changes is None:
            return
        if not changes:
            self.notify("Nothing was changed.", timeout=3, markup=False)
            return
        self._edit(summary, changes)

    @work(thread=True, group="record")
    def _edit(self, summary: Summary, changes: Changes) -> None:
        try:
            edited = edit_summary(self.sessions_dir, summary.id, changes)
        except (WalktimerError, OSError) as exc:
            self.app.call_from_thread(self._refused, exc)
            return
        self.app.call_from_thread(self._edited, edited)

    def _edited(self, edited: Summary) -> None:
        self._changed([edited if s.id == edited.id else s for s in self.summaries])
        self.notify("Your answers are corrected.", title="Walk saved", timeout=4, markup=False)

    def _changed(self, summaries: list[Summary]) -> None:
        """The walks as they are now: the numbers and charts are worked out again."""
        self.summaries = summaries
        weekly_goal = self.stats.weekly_goal
        self.stats = compute_stats(summaries, weekly_goal=weekly_goal, now=self._wall())
        self._show_all()

    def _refused(self, exc: Exception) -> None:
        problems = exc.problems if isinstance(exc, WalktimerError) else [str(exc)]
        line = safe_text("; ".join(problems))
        self.notify(line, title="Not changed", severity="error", timeout=15, markup=False)

    def _selected(self) -> Summary | None:
        """The walk under the cursor; None, said, when there is none."""
        index = self.query_one("#walks", DataTable).cursor_row
        if self.problem is None and 0 <= index < len(self.summaries):
            return self.summaries[index]
        self.notify("There is no walk here to change.", timeout=3, markup=False)
        return None

    def _heading(self, summary: Summary) -> str:
        """`Classic 30/30 on 2026-11-26 07:30`: a walk as the walker knows it."""
        name = safe_text(walk_name(summary.walk, self.names))
        return f"{name} on {date_text(summary.started_at)}"

    # --- contents -------------------------------------------------------------------------

    def _show_all(self) -> None:
        """Everything the screen shows, from `summaries` and `stats`."""
        self.query_one("#overview", Static).update(self._overview())
        suggestion = self.query_one("#suggestion", Static)
        suggestion.update(self._suggestion())
        suggestion.display = self.stats.suggestion is not None
        self._fill_table()
        self.query_one(WeeksChart).show(self.stats.weeks, self.stats.weekly_goal)
        self.query_one(PainChart).show(pain_pairs(self.summaries, MAX_PAIN_WALKS))

    def _fill_table(self) -> None:
        """The rows afresh, the columns as wide as their cells (and the names as the screen's
        width allows), the cursor on the same row or the nearest that is left."""
        table = self.query_one("#walks", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        for column in COLUMNS:
            table.add_column(column, key=column.lower())
        self._table_walk_width = self._walk_width()
        tags = [week_tag(summary) for summary in self.summaries]
        room = max(map(len, tags), default=0)
        for index, (summary, tag) in enumerate(zip(self.summaries, tags, strict=True)):
            table.add_row(*self._cells(summary, tag, room), key=str(index))
        table.move_cursor(row=min(max(0, row), max(0, len(self.summaries) - 1)))
        self._show_details(table.cursor_row)

    def _walk_width(self) -> int:
        return WALK_WIDTH if self.size.width >= WIDE else NARROW_WALK_WIDTH

    def _cells(self, summary: Summary, tag: str, room: int) -> list[Text]:
        """The walk's row, its name after its programme week's `tag` (in `room` columns, so
        that the names stay in line; none while no walk shown has a tag). A wide table makes
        room for the tag; a narrow one has none to spare, and cuts the name shorter."""
        row = history_row(summary, self.names)
        cells = [shown(cell) for cell in row]
        width = self._table_walk_width
        if room:
            cells[1] = Text.assemble((f"{tag:<{room}} ", "bold"), cells[1])
            width += room + 1 if width == WALK_WIDTH else 0
        cells[1].truncate(width, overflow="ellipsis")
        cells.append(Text(counts_text(counts(summary))))
        return cells

    def _show_details(self, index: int) -> None:
        box = self.query_one("#details", Static)
        if self.problem is not None:
            box.update(Text(f"Your saved walks cannot be read. {safe_text(self.problem)}"))
            return
        if not 0 <= index < len(self.summaries):
            box.update(Text("No walks yet. Each walk you finish is saved and shows up here."))
            return
        summary = self.summaries[index]
        lines = [
            (label, safe_text(walk_name(summary.walk, self.names)) if label == "Walk" else value)
            for label, value in details(summary)
        ]
        if summary.program is not None and summary.program_week is not None:
            programme = safe_text(walk_name(summary.program, self.programmes))
            lines.insert(1, ("Programme", f"{programme}, week {summary.program_week}"))
        text = Text()
        for label, value in lines:
            text.append(f"{label}: ", "bold")
            text.append_text(shown(f"{value}\n", lines=True))
        for phase in summary.phases:
            word = phase.kind.word
            line = f"{duration_text(phase.actual_seconds):>5} {word:<9} {safe_text(phase.name)}"
            text.append(line + (" (skipped)" if phase.skipped else "") + "\n", "dim")
        text.append(f"Id: {safe_text(summary.id)}", "dim")
        box.update(text)

    def _overview(self) -> Text:
        stats, week = self.stats, self.stats.this_week
        goal = "goal met" if stats.goal_met else f"{stats.weekly_goal - week.walks} to go"
        minutes = minutes_text(week.active_minutes * 60)
        fast = minutes_text(week.fast_minutes * 60)
        total = minutes_text(stats.total_active_minutes * 60)
        parts = [
            ("This week", f"{week.walks} of {stats.weekly_goal} walks ({goal}), {minutes}"),
            ("Fast", fast),  # this week's minutes in fast intervals
            ("Streak", count_text(stats.streak_weeks, "week")),
            ("All", f"{count_text(stats.total_walks, 'walk')}, {total}"),
        ]
        if stats.pain_change_avg is not None:
            parts.append(("Pain change", f"{stats.pain_change_avg:+.1f} on average"))
        text = Text()
        for label, value in parts:
            if text:
                text.append(" · ")
            text.append(label, "bold")
            text.append(f" {value}")
        return text

    def _suggestion(self) -> Text:
        text = Text("Suggestion", "bold")
        text.append_text(shown(f" {self.stats.suggestion or ''}"))  # it may name a walk by its id
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

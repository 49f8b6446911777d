"""The end of the walk: what was walked, how the back feels now, and the save.

Saving goes through `WalkRun.save`, the one path to storage. If the save fails, the summary is
shown as text on this screen (and printed when the app closes): nothing typed is ever lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static, TextArea

from walktimer.domain.stats import PAIN_RISE
from walktimer.domain.summary import Summary
from walktimer.notes import PAIN_NOTE, RISE_NOTE
from walktimer.tui.formatting import duration
from walktimer.tui.widgets.rating import Rating
from walktimer.walk import Saved, WalkRun


@dataclass(frozen=True)
class Answers:
    pain_after: int | None = None
    effort: int | None = None
    notes: str | None = None

    def save(self, run: WalkRun) -> Saved:
        return run.save(pain_after=self.pain_after, effort=self.effort, notes=self.notes)


def totals(summary: Summary) -> Table:
    """Two short rows, so the questions below still fit an 80x24 terminal."""
    skipped = sum(1 for phase in summary.phases if phase.skipped)
    table = Table.grid(padding=(0, 1))
    for style in ("bold", "", "bold", "", "bold", ""):
        table.add_column(style=style, no_wrap=True)
    table.add_row(
        "Active",
        duration(summary.active_seconds) + "  ",
        "Rounds",
        f"{summary.rounds_completed}/{summary.rounds_planned}  ",
        "Skipped",
        f"{skipped} phase{'' if skipped == 1 else 's'}",
    )
    table.add_row(
        "Fast",
        duration(summary.fast_seconds) + "  ",
        "Slow",
        duration(summary.slow_seconds) + "  ",
        "Paused",
        duration(summary.paused_seconds),
    )
    return table


def headline(summary: Summary, walk_name: str) -> Text:
    if summary.status == "completed":
        words = "Walk done"
    elif summary.stop_reason == "pain":
        words = "Stopped because of pain"
    else:
        words = "Stopped early"
    text = Text(words, "bold")
    text.append(f" · {walk_name}", "")
    return text


class EndScreen(Screen[Saved]):
    """Dismissed with the outcome of the save."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="end.save",
            tooltip="Save the walk with your answers",
            priority=True,
        ),
    ]

    def __init__(self, run: WalkRun, *, prompts: bool) -> None:
        super().__init__()
        self.walk_run = run
        self._prompts = prompts
        self._saved: Saved | None = None

    def compose(self) -> ComposeResult:
        summary = self.walk_run.summary()
        with VerticalScroll(id="end"):
            yield Static(headline(summary, self.walk_run.plan.walk_name), id="end-title")
            if summary.stop_reason == "pain":
                yield Static(Text(PAIN_NOTE), id="safety", classes="note")
            yield Static(totals(summary), id="totals")
            if self._prompts:
                before = self.walk_run.pain_before
                pain = "Back pain now" + ("" if before is None else f" (was {before})")
                with Horizontal(classes="question"):
                    yield Static(Text(pain), classes="label")
                    yield Rating(id="pain-after")
                with Horizontal(classes="question"):
                    yield Static(Text("Effort"), classes="label")
                    yield Rating(id="effort")
                yield Static(
                    Text("0 = no pain / rest, 10 = worst pain / all-out"),
                    classes="hint",
                )
                with Horizontal(classes="question"):
                    yield Static(Text("Notes"), classes="label")
                    yield Input(placeholder="anything to remember; Enter saves", id="notes")
                yield Static(Text(RISE_NOTE), id="rise", classes="note")
            yield Static(id="save-error", classes="note")
            yield TextArea(id="unsaved", read_only=True, show_line_numbers=False)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        if not self._prompts:
            self.action_save()
            return
        self.query_one("#rise").display = False
        self.query_one("#pain-after", Rating).focus()

    def answers(self) -> Answers:
        """What the walker has entered so far (also used when the app is told to close)."""
        if not self._prompts or not self.is_mounted:
            return Answers()
        notes = self.query_one("#notes", Input).value.strip()
        return Answers(
            pain_after=self.query_one("#pain-after", Rating).value,
            effort=self.query_one("#effort", Rating).value,
            notes=notes or None,
        )

    def on_rating_picked(self, event: Rating.Picked) -> None:
        event.stop()
        following = "#effort" if event.rating.id == "pain-after" else "#notes"
        self.query_one(following).focus()

    def on_rating_changed(self, event: Rating.Changed) -> None:
        if event.rating.id != "pain-after" or not self.is_mounted:
            return
        before, after = self.walk_run.pain_before, event.value
        rose = before is not None and after is not None and after - before >= PAIN_RISE
        self.query_one("#rise").display = rose

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if self._saved is not None:  # the save failed and its text is shown: now close
            self.dismiss(self._saved)
            return
        saved = self.answers().save(self.walk_run)
        if saved.path is not None or not self._prompts:
            self.dismiss(saved)
            return
        self._saved = saved
        self.query_one("#save-error", Static).update(
            Text(f"{saved.error}\nThe summary is below (and printed when walktimer closes).")
        )
        self.add_class("-unsaved")
        area = self.query_one("#unsaved", TextArea)
        area.text = saved.text
        self.query_one("#save", Button).label = "Close"
        area.focus()

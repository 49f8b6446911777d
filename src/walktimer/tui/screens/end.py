"""The end of the walk: what was walked, how the back feels now, and the save.

Each answer goes into the walk's `answers` as it is given, so a walk saved on closing (ctrl+q,
a hang-up) keeps what was typed. Saving goes through `WalkRun.save`, the one path to storage,
on a thread: it waits for the disk. If the save fails, the summary is shown as text on this
screen (and printed when the app closes): nothing typed is ever lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static, TextArea

from walktimer.domain.questions import END_QUESTIONS, SCALE_HINT, Answers, Question
from walktimer.domain.summary import Summary
from walktimer.domain.words import (
    PAIN_NOTE,
    RISE_NOTE,
    count_text,
    duration_text,
    headline_text,
    toml_shown,
)
from walktimer.tui.text import shown
from walktimer.tui.widgets.rating import Rating
from walktimer.walk import Saved, WalkRun


def field_id(question: Question) -> str:
    """`pain-after` for `pain_after`: the id of the question's answer field."""
    return question.key.replace("_", "-")


def label(question: Question, answers: Answers) -> str:
    """The question's label; pain after the walk recalls the rating before it."""
    if question.key == "pain_after" and answers.pain_before is not None:
        return f"{question.label} (was {answers.pain_before})"
    return question.label


def totals(summary: Summary) -> Table:
    """Two short rows, so the questions below still fit an 80x24 terminal."""
    skipped = sum(1 for phase in summary.phases if phase.skipped)
    table = Table.grid(padding=(0, 1))
    for style in ("bold", "", "bold", "", "bold", ""):
        table.add_column(style=style, no_wrap=True)
    table.add_row(
        "Active",
        duration_text(summary.active_seconds) + "  ",
        "Rounds",
        f"{summary.rounds_completed}/{summary.rounds_planned}  ",
        "Skipped",
        count_text(skipped, "phase"),
    )
    table.add_row(
        "Fast",
        duration_text(summary.fast_seconds) + "  ",
        "Slow",
        duration_text(summary.slow_seconds) + "  ",
        "Paused",
        duration_text(summary.paused_seconds),
    )
    return table


def headline(summary: Summary, walk_name: str) -> Text:
    """`Walk done · Tiny walk`, `Stopped because of pain · Tiny walk`."""
    text = Text(headline_text(summary.status, summary.stop_reason), "bold")
    text.append_text(shown(f" · {walk_name}"))
    return text


@dataclass
class SaveDone(Message):
    """The save, run on a thread, is over: written, or failed with the text to show."""

    saved: Saved


class EndScreen(Screen[Saved]):
    """Dismissed with the outcome of the save."""

    CSS_PATH = "end.tcss"
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
        self._questions = {field_id(q): q for q in END_QUESTIONS}
        self._saving = False
        self._failed: Saved | None = None

    def compose(self) -> ComposeResult:
        run = self.walk_run
        summary = run.summary()
        with VerticalScroll(id="end"):
            yield Static(headline(summary, run.plan.walk_name), id="end-title")
            if summary.stop_reason == "pain":
                yield Static(Text(PAIN_NOTE), id="safety", classes="note")
            yield Static(totals(summary), id="totals")
            if self._prompts:
                yield from self._questions_asked()
                yield Static(Text(RISE_NOTE), id="rise", classes="note")
            yield Static(id="save-error", classes="note")
            yield TextArea(id="unsaved", read_only=True, show_line_numbers=False)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
        yield Footer()

    def _questions_asked(self) -> ComposeResult:
        """Each question in its order, a 0-10 row or a line of text; the scale's hint after
        the last rating."""
        last_rating = max((i for i, q in enumerate(END_QUESTIONS) if q.rating), default=-1)
        for index, question in enumerate(END_QUESTIONS):
            with Horizontal(classes="question"):
                yield Static(Text(label(question, self.walk_run.answers)), classes="label")
                if question.rating:
                    yield Rating(id=field_id(question))
                else:
                    yield Input(
                        placeholder="anything to remember; Enter saves", id=field_id(question)
                    )
            if index == last_rating:
                yield Static(Text(SCALE_HINT), classes="hint")

    def on_mount(self) -> None:
        if not self._prompts:
            self.action_save()
            return
        self.query_one("#rise").display = self.walk_run.answers.pain_rose
        self.query_one(f"#{field_id(END_QUESTIONS[0])}").focus()

    # --- answers, as they are given -------------------------------------------------------

    def _answer(self, field: str | None, value: int | str | None) -> None:
        question = self._questions.get(field or "")
        if question is None:
            return
        run = self.walk_run
        run.answer(question.key, value)
        self.query_one("#rise").display = run.answers.pain_rose

    def on_rating_changed(self, event: Rating.Changed) -> None:
        event.stop()
        self._answer(event.rating.id, event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._answer(event.input.id, event.value)

    def on_rating_picked(self, event: Rating.Picked) -> None:
        """A rating given: on to the next question."""
        event.stop()
        fields = list(self._questions)
        index = fields.index(event.rating.id or "")
        if index + 1 < len(fields):
            self.query_one(f"#{fields[index + 1]}").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    # --- the save -------------------------------------------------------------------------

    def action_save(self) -> None:
        if self._failed is not None:  # the save failed and its text is shown: now close
            self.dismiss(self._failed)
            return
        if not self._saving:
            self._saving = True
            self._save()

    @work(thread=True, exclusive=True, group="save")
    def _save(self) -> None:
        """Write the walk off the UI thread: the save waits for the last checkpoint and for
        the disk to have it."""
        self.post_message(SaveDone(self.walk_run.save()))

    def on_save_done(self, message: SaveDone) -> None:
        saved = message.saved
        if saved.path is not None or not self._prompts:
            while not self.is_active:  # something opened over this screen while it saved
                self.app.pop_screen()
            self.dismiss(saved)
            return
        self._failed = saved
        self.query_one("#save-error", Static).update(
            shown(
                f"{saved.error}\nThe summary is below (and printed when walktimer closes).",
                lines=True,
            )
        )
        self.add_class("-unsaved")
        area = self.query_one("#unsaved", TextArea)
        area.text = toml_shown(saved.text)
        self.query_one("#save", Button).label = "Close"
        area.focus()

"""The end of the walk: what was walked, how the back feels now, and the save (or the trash).

The recap at the top is `domain/recap.py`'s, the lines plain mode prints, and its back pain
follows the answer as it is given. Each answer goes into the walk's `answers` as it is given,
so a walk saved on closing (ctrl+q, a hang-up) keeps what was typed. Saving goes through
`WalkRun.save`, the one path to storage, on a thread: it waits for the disk. If the save fails,
the summary is shown as text on this screen (and printed when the app closes): nothing typed is
ever lost. A walk not worth keeping (an accidental start) is discarded with `d`, after a
confirmation, through `WalkRun.discard`: it goes to the trash, never into the history.
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

from walktimer.domain.questions import END_QUESTIONS, Question
from walktimer.domain.recap import Recap, recap
from walktimer.domain.summary import Summary
from walktimer.domain.words import PAIN_NOTE, RISE_NOTE, toml_shown
from walktimer.tui.screens.dialogs import Confirm
from walktimer.tui.text import shown
from walktimer.tui.widgets.rating import Rating
from walktimer.walk import Saved, WalkRun

DISCARD_QUESTION = "Discard this walk?"
DISCARD_WORDS = "It goes to the trash and does not count."


def field_id(question: Question) -> str:
    """`pain-after` for `pain_after`: the id of the question's answer field."""
    return question.key.replace("_", "-")


def recap_table(walked: Recap) -> Table:
    """The recap's rows, each label beside its value; the headline is the screen's title."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for label, value in walked.rows:
        table.add_row(label, value)
    return table


def headline(walked: Recap) -> Text:
    """`Walk done · Tiny walk`, `Stopped because of pain · Tiny walk`: the walk's name is
    from a file."""
    return shown(walked.headline, "bold")


@dataclass
class SaveDone(Message):
    """The save or the discard, run on a thread, is over: its outcome."""

    saved: Saved


class EndScreen(Screen[Saved]):
    """Dismissed with the outcome of the save, or of the discard (`Saved.discarded`)."""

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
        Binding(
            "d",
            "discard",
            "Discard",
            id="end.discard",
            tooltip="Keep this walk out of your history: it goes to the trash and does not count",
        ),
    ]

    def __init__(self, run: WalkRun, *, prompts: bool) -> None:
        super().__init__()
        self.walk_run = run
        self._prompts = prompts
        self._questions = {field_id(q): q for q in END_QUESTIONS}
        self._saving = False
        self._failed: Saved | None = None

    def _recap(self, summary: Summary | None = None) -> Recap:
        """The recap of the walk as it is now (of `summary`, when it is at hand)."""
        run = self.walk_run
        return recap(run.summary() if summary is None else summary, run.plan.walk_name)

    def compose(self) -> ComposeResult:
        summary = self.walk_run.summary()
        walked = self._recap(summary)
        with VerticalScroll(id="end"):
            yield Static(headline(walked), id="end-title")
            if summary.stop_reason == "pain":
                yield Static(Text(PAIN_NOTE), id="safety", classes="note")
            yield Static(recap_table(walked), id="recap")
            if self._prompts:
                yield from self._questions_asked()
                yield Static(Text(RISE_NOTE), id="rise", classes="note")
            yield Static(id="save-error", classes="note")
            yield TextArea(id="unsaved", read_only=True, show_line_numbers=False)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Discard (d)", id="discard", variant="default", compact=True)
        yield Footer()

    def _questions_asked(self) -> ComposeResult:
        """Each question in its order, as plain mode asks it, over a 0-10 row or a line of
        text; how to answer a rating under its row."""
        for question in END_QUESTIONS:
            yield Static(Text(question.ask), classes="ask")
            if question.rating:
                yield Rating(id=field_id(question))
            else:
                yield Input(placeholder="anything to remember; Enter saves", id=field_id(question))
            if question.hint:
                yield Static(Text(question.hint), classes="hint")

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
        if question.rating:
            self.query_one("#recap", Static).update(recap_table(self._recap()))

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
        if event.button.id == "discard":
            self.action_discard()
        else:
            self.action_save()

    # --- the save, or the trash -----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Once saving has begun (or failed, with its text on show), the walk is no longer
        this screen's to discard."""
        if action == "discard":
            return not self._saving
        return True

    def action_save(self) -> None:
        if self._failed is not None:  # the save failed and its text is shown: now close
            self.dismiss(self._failed)
            return
        if not self._saving:
            self._saving = True
            self.refresh_bindings()
            self._save()

    def action_discard(self) -> None:
        if self._saving:
            return

        def answered(discard: bool | None) -> None:
            if discard and not self._saving:
                self._saving = True
                self.refresh_bindings()
                self._discard()

        self.app.push_screen(
            Confirm(DISCARD_QUESTION, Text(DISCARD_WORDS), yes="Discard", no="Keep it"), answered
        )

    @work(thread=True, exclusive=True, group="save")
    def _save(self) -> None:
        """Write the walk off the UI thread: the save waits for the last checkpoint and for
        the disk to have it."""
        self.post_message(SaveDone(self.walk_run.save()))

    @work(thread=True, exclusive=True, group="save")
    def _discard(self) -> None:
        """Move the walk to the trash off the UI thread, as the save would write it."""
        run = self.walk_run
        run.discard()
        self.post_message(SaveDone(run.save()))  # the outcome of the discard, kept by the run

    def on_save_done(self, message: SaveDone) -> None:
        saved = message.saved
        if saved.discarded:
            self._discarded(saved)
            return
        if saved.path is not None or not self._prompts:
            self._leave(saved)
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

    def _discarded(self, saved: Saved) -> None:
        if saved.path is not None:
            words = "It is in the trash and does not count: " + (
                f"`walktimer history restore {saved.summary.id}` brings it back."
            )
        else:
            words = "It could not be put in the trash, so it is not kept."
        self.notify(words, title="Walk discarded", markup=False, timeout=8)
        self._leave(saved)

    def _leave(self, saved: Saved) -> None:
        while not self.is_active:  # something opened over this screen while it saved
            self.app.pop_screen()
        self.dismiss(saved)

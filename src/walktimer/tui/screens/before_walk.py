"""Before the walk: how the back feels now (one key press, or 1 then 0, or skipped), then a
short checklist.

The answer is only asked, never required: a walker who wants to go just presses Enter. The
question and the checklist are `questions.PAIN_BEFORE` and `questions.CHECKLIST`, worded as
plain mode words them. The arrow keys move between the question and the items, as Tab does,
and a ticked item shows a tick, not only another colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Static

from walktimer.domain.plan import Plan
from walktimer.domain.questions import CHECKLIST, CHECKLIST_TITLE, PAIN_BEFORE
from walktimer.domain.words import duration_text
from walktimer.tui.text import shown
from walktimer.tui.widgets.rating import Rating

TICK = "\N{CHECK MARK}"


class CheckItem(Checkbox):
    """A checklist item: its box holds a tick when ticked and is empty when not, so the two
    differ in shape, not only in colour."""

    BUTTON_INNER = " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = TICK if self.value else " "
        super().watch_value()


@dataclass(frozen=True)
class Ready:
    """The walker is ready to go; `pain_before` is None when the question was skipped."""

    pain_before: int | None


class BeforeWalkScreen(Screen[Ready | None]):
    """Dismissed with `Ready`, or None if the walker went back instead."""

    CSS_PATH = "before_walk.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "go",
            "Go on",
            id="before.go",
            tooltip="Skip the question, or start the walk",
            priority=True,
        ),
        Binding("escape", "cancel", "Back", id="before.back", tooltip="Do not walk now"),
        Binding("down", "app.focus_next", "Next", show=False),
        Binding("up", "app.focus_previous", "Previous", show=False),
    ]

    def __init__(self, plan: Plan, *, ask_pain: bool, checklist: bool) -> None:
        super().__init__()
        self.plan = plan
        self._ask_pain = ask_pain
        self._checklist = checklist
        self._answered = not ask_pain

    def compose(self) -> ComposeResult:
        with Vertical(id="before"):
            total = duration_text(self.plan.total_seconds)
            title = shown(f"{self.plan.walk_name} · {total}", "bold")
            yield Static(title, id="before-title")
            if self._ask_pain:
                with Vertical(id="pain-question", classes="panel"):
                    yield Static(Text(PAIN_BEFORE.ask, "bold"))
                    with Horizontal(classes="question"):
                        yield Rating(id="pain-before")
                    yield Static(Text(f"{PAIN_BEFORE.hint}. Enter skips."), classes="hint")
            if self._checklist:
                with Vertical(id="checklist", classes="panel"):
                    yield Static(Text(CHECKLIST_TITLE, "bold"))
                    for key, label in CHECKLIST:
                        yield CheckItem(Text(label), id=f"check-{key}")
                    yield Static(
                        Text(
                            "Space ticks an item, \N{UPWARDS ARROW} \N{DOWNWARDS ARROW} move. "
                            "Enter starts the walk."
                        ),
                        classes="hint",
                    )
        yield Footer()

    def on_mount(self) -> None:
        if self._ask_pain:
            self.query_one(Rating).focus()
        elif self._checklist:
            self.query_one(Checkbox).focus()

    def on_rating_picked(self, event: Rating.Picked) -> None:
        event.stop()
        if not self._answered:
            self._next()
        elif self._checklist:  # answered again: back down to the checklist
            self.query_one(CheckItem).focus()

    def action_go(self) -> None:
        if self._ask_pain and (rating := self.query_one(Rating)).waiting is not None:
            answered = self._answered
            rating.settle()  # Enter takes the 1 that waited for a 0 at once
            if not answered:
                return  # the answer moves on to the checklist, as any answer does
        self._next()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _next(self) -> None:
        if not self._answered:
            self._answered = True
            if self._checklist:
                self.query_one("#pain-question").add_class("-answered")
                self.query_one(Checkbox).focus()
                return
        pain = self.query_one(Rating).value if self._ask_pain else None
        self.dismiss(Ready(pain))

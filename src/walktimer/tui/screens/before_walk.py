"""Before the walk: how the back feels now (one key press, or skipped), then a short checklist.

The answer is only asked, never required: a walker who wants to go just presses Enter. The
question is `questions.PAIN_BEFORE`, worded as plain mode words it.
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
from walktimer.domain.questions import PAIN_BEFORE
from walktimer.domain.words import duration_text
from walktimer.tui.text import shown
from walktimer.tui.widgets.rating import Rating

CHECKLIST = (
    ("shoes", "Supportive shoes on"),
    ("water", "Water at hand"),
    ("route", "A flat, even route"),
)


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
                        yield Static(Text(PAIN_BEFORE.label), classes="label")
                        yield Rating(id="pain-before")
                    yield Static(Text("Press a number, or Enter to skip."), classes="hint")
            if self._checklist:
                with Vertical(id="checklist", classes="panel"):
                    yield Static(Text("Before you go", "bold"))
                    for key, label in CHECKLIST:
                        yield Checkbox(Text(label), id=f"check-{key}")
                    yield Static(
                        Text("Space ticks an item. Enter starts the walk."), classes="hint"
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

    def action_go(self) -> None:
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

"""A 0-10 rating answered from the keyboard: a digit, or 1 then 0 for ten; arrows adjust it.

A 1 is held back for a moment (`questions.TEN_WAIT_SECONDS`), shown as waiting, in case a 0
follows to make 10: the walker in the worst pain types `10` and is recorded as 10, never as 1
with the 0 passed on to the next question. Enter takes the 1 at once. The rule itself is
`questions.type_digit`, which plain mode's answers follow too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from walktimer.domain.questions import RATING_MAX, TEN_WAIT_SECONDS, type_digit

CELL = 4  # " 10 " is the widest cell
TEN_KEY = "t"  # still taken for ten, as before `10` could be typed; no longer offered
WAITING_WORDS = " 0 for 10"


class Rating(Widget, can_focus=True):
    """A row of 0-10; `value` is None until the walker answers."""

    DEFAULT_CSS = """
    Rating {
        width: 57;
        height: 1;
    }
    Rating > .rating--chosen {
        text-style: bold reverse;
    }
    Rating > .rating--waiting {
        text-style: bold underline;
    }
    Rating:focus > .rating--chosen {
        color: $accent;
    }
    Rating:focus {
        background: $accent 15%;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"rating--chosen", "rating--waiting"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Less", show=False),
        Binding("right", "step(1)", "More", show=False),
        Binding("backspace,delete", "clear", "Clear", show=False),
        Binding("enter", "confirm", "Confirm", show=False),
    ]

    value: reactive[int | None] = reactive(None)
    waiting: reactive[int | None] = reactive(None)
    """A digit typed and held back for the next one (the 1 of 10), or None."""

    @dataclass
    class Picked(Message):
        """A direct answer: a digit, 1 then 0, a click, or Enter on the current value."""

        rating: Rating
        value: int | None

        @property
        def control(self) -> Rating:
            return self.rating

    @dataclass
    class Changed(Message):
        """The value changed, by any means."""

        rating: Rating
        value: int | None

        @property
        def control(self) -> Rating:
            return self.rating

    def __init__(self, *, id: str | None = None, value: int | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(Rating.value, value)
        self._wait: Timer | None = None

    def render(self) -> RenderResult:
        chosen = self.get_component_rich_style("rating--chosen")
        waiting = self.get_component_rich_style("rating--waiting")
        text = Text(no_wrap=True)
        for number in range(RATING_MAX + 1):
            if self.waiting is not None:
                style = chosen if number == self.waiting else ""
                style = waiting if number == RATING_MAX else style
            else:
                style = chosen if number == self.value else ""
            text.append(f"{number:^{CELL}}", style)
        if self.waiting is not None:
            text.append(f"  {self.waiting}\N{HORIZONTAL ELLIPSIS}", chosen)
            text.append(WAITING_WORDS, "dim")
        return text

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and event.character.isdigit() and len(event.key) == 1:
            event.stop()
            self.press_digit(int(event.character))
        elif event.key == TEN_KEY:
            event.stop()
            self._stop_waiting()
            self.pick(RATING_MAX)

    def press_digit(self, digit: int) -> None:
        """One digit typed: an answer at once, or held back for the next digit."""
        typed = type_digit(self.waiting, digit)
        self._stop_waiting()
        if typed.waiting is not None:
            self.waiting = typed.waiting
            self._wait = self.set_timer(TEN_WAIT_SECONDS, self.settle)
        elif typed.rating is not None:
            self.pick(typed.rating)

    def settle(self) -> None:
        """The digit held back, if any, becomes the answer now (the wait ended, or Enter)."""
        held = self.waiting
        self._stop_waiting()
        if held is not None:
            self.pick(held)

    def _stop_waiting(self) -> None:
        if self._wait is not None:
            self._wait.stop()
            self._wait = None
        self.waiting = None

    def on_click(self, event: events.Click) -> None:
        cell = event.x // CELL
        if 0 <= cell <= RATING_MAX:
            self._stop_waiting()
            self.pick(cell)

    def on_blur(self) -> None:
        """Focus went elsewhere while a 1 waited: the 1 is what was typed, kept without
        moving anything on (the walker chose where to go)."""
        held = self.waiting
        self._stop_waiting()
        if held is not None:
            self.value = held

    def pick(self, value: int | None) -> None:
        self.value = value
        self.post_message(self.Picked(self, value))

    def watch_value(self, value: int | None) -> None:
        self.post_message(self.Changed(self, value))

    def action_step(self, delta: int) -> None:
        self._stop_waiting()
        start = (-1 if delta > 0 else RATING_MAX + 1) if self.value is None else self.value
        self.value = min(RATING_MAX, max(0, start + delta))

    def action_clear(self) -> None:
        self._stop_waiting()
        self.value = None

    def action_confirm(self) -> None:
        if self.waiting is not None:
            self.settle()
            return
        self.post_message(self.Picked(self, self.value))

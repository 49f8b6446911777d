"""A 0-10 rating answered with one key press: 0-9, or t for ten; arrows adjust it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

CELL = 4  # " 10 " is the widest cell
TEN_KEY = "t"


class Rating(Widget, can_focus=True):
    """A row of 0-10; `value` is None until the walker answers."""

    DEFAULT_CSS = """
    Rating {
        width: 50;
        height: 1;
    }
    Rating > .rating--chosen {
        text-style: bold reverse;
    }
    Rating:focus > .rating--chosen {
        color: $accent;
    }
    Rating:focus {
        background: $accent 15%;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"rating--chosen"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Less", show=False),
        Binding("right", "step(1)", "More", show=False),
        Binding("backspace,delete", "clear", "Clear", show=False),
        Binding("enter", "confirm", "Confirm", show=False),
    ]

    value: reactive[int | None] = reactive(None)

    @dataclass
    class Picked(Message):
        """A direct answer: a digit, t, a click, or Enter on the current value."""

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

    def render(self) -> RenderResult:
        chosen = self.get_component_rich_style("rating--chosen")
        text = Text(no_wrap=True)
        for number in range(11):
            text.append(f"{number:^{CELL}}", chosen if number == self.value else "")
        text.append(f"  {TEN_KEY}=10", "dim")
        return text

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and event.character.isdigit() and len(event.key) == 1:
            event.stop()
            self.pick(int(event.character))
        elif event.key == TEN_KEY:
            event.stop()
            self.pick(10)

    def on_click(self, event: events.Click) -> None:
        cell = event.x // CELL
        if 0 <= cell <= 10:
            self.pick(cell)

    def pick(self, value: int | None) -> None:
        self.value = value
        self.post_message(self.Picked(self, value))

    def watch_value(self, value: int | None) -> None:
        self.post_message(self.Changed(self, value))

    def action_step(self, delta: int) -> None:
        start = (-1 if delta > 0 else 11) if self.value is None else self.value
        self.value = min(10, max(0, start + delta))

    def action_clear(self) -> None:
        self.value = None

    def action_confirm(self) -> None:
        self.post_message(self.Picked(self, self.value))

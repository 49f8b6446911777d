"""A line of text and a countdown whose content is a reactive, so a screen can `data_bind` them.

A screen keeps what it shows as its own reactives, derived from the walk at each wake-up, and
binds these widgets to them: a widget is redrawn only when its value really changes, with no
hand-kept cache of what is on screen.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Digits, Static


class Line(Static):
    """Text that is data, never markup: a name from a preset file shows as it is written."""

    text: reactive[Text] = reactive(Text, layout=True)

    def watch_text(self, text: Text) -> None:
        self.update(text)


class Countdown(Digits):
    """The time left, in large digits."""

    time: reactive[str] = reactive("")

    def watch_time(self, time: str) -> None:
        self.update(time)

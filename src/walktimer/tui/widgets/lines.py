"""The walk screen's lines: text whose content is a reactive, so a screen can `data_bind` it,
and the footer whose keys give way by importance in a narrow terminal.

A screen keeps what it shows as its own reactives, derived from the walk at each wake-up, and
binds these widgets to them: a widget is redrawn only when its value really changes, with no
hand-kept cache of what is on screen.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import Footer, Static


class Line(Static):
    """Text that is data, never markup: a name from a preset file shows as it is written."""

    text: reactive[Text] = reactive(Text, layout=True)

    def watch_text(self, text: Text) -> None:
        self.update(text)


class KeysFooter(Footer):
    """A footer whose every key has a class named after its action (`-key-pain` for the
    action `pain`, `-key-volume` for `volume(10)`), so a screen's stylesheet can hide the
    keys that matter least when the terminal is narrow."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            action = getattr(widget, "action", None)  # each key of the footer has its action
            if isinstance(action, str):
                widget.add_class(f"-key-{action.partition('(')[0]}")
            yield widget

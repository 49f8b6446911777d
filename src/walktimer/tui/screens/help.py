"""Help on home: what the screen is for, and its keys.

It is the walk's help dialog (the same box and styles), with words about setting a walk up
instead of the reminder of how to walk, and the keys of one group (`[ ]` for the rounds) on one
row, so that it fits an 80x24 terminal.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from walktimer.tui.screens.dialogs import NOT_ADVICE, HelpScreen, keys_table

ABOUT = (
    "Choose a walk, and a warm-up or cool-down if you like; the keys change its rounds, "
    "intervals and pace. The timeline shows the whole walk and when it would end; the panel "
    "under it, the highlighted preset. What you start is remembered for next time."
)
MOVING = (
    ("↑↓ Tab", "Choose in a list; Tab moves on to the next list", ""),
    ("^p", "Every command by name", ""),
)


class HomeHelp(HelpScreen):
    """What home is for, and its keys (key, description, tooltip)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,question_mark,q",
            "close",
            "Close",
            id="home-help.close",
            tooltip="Back to home",
        )
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Text("Home: set a walk up, then start it (esc closes)", "bold"), classes="title"
            )
            yield Static(Text(f"{ABOUT}\n"), id="about")
            yield Static(keys_table([*self._keys, *MOVING]), id="keys")
            yield Static(Text(NOT_ADVICE), classes="note")

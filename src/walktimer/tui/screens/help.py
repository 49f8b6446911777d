"""Help on home: what the screen is for, and its keys.

It is the walk's help dialog (the same box and styles), with words about setting a walk up
instead of the reminder of how to walk, and the keys of one group (`[ ]` for the rounds) on one
row, so that it fits an 80x24 terminal.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from walktimer.tui.screens.dialogs import NOT_ADVICE, HelpScreen

ABOUT = (
    "Choose a walk, and another warm-up or cool-down if you like; the keys change its rounds "
    "and how long each fast and slow interval lasts. The timeline shows the whole walk and "
    "when it would end; the panel under it, the steps and tips of the highlighted preset. "
    "What you start is remembered for next time."
)
MOVING = (
    ("↑↓ Tab", "Choose in a list; Tab moves on to the next list", ""),
    ("^p", "Every command by name", ""),
)


def grouped_keys(screen: Screen[Any]) -> list[tuple[str, str, str]]:
    """Each of the screen's own keys once, as (keys, description, tooltip); the keys of one
    group share a row, with the group's words and each key's tooltip."""
    rows: dict[str, tuple[list[str], str, list[str]]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.id is None or not binding.description or active.node is not screen:
            continue
        group = binding.group.description if binding.group is not None else None
        keys, _, tips = rows.setdefault(
            group or binding.action, ([], group or binding.description, [])
        )
        keys.append(screen.app.get_key_display(binding))
        if binding.tooltip:
            tips.append(binding.tooltip if not tips else binding.tooltip.lower())
    return [(" ".join(keys), words, ", ".join(tips)) for keys, words, tips in rows.values()]


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
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, description, tooltip in [*self._keys, *MOVING]:
            table.add_row(Text(key), Text(f"{description}: {tooltip}" if tooltip else description))
        with Vertical(id="dialog"):
            yield Static(
                Text("Home: set a walk up, then start it (esc closes)", "bold"), classes="title"
            )
            yield Static(Text(f"{ABOUT}\n"), id="about")
            yield Static(table, id="keys")
            yield Static(Text(NOT_ADVICE), classes="note")

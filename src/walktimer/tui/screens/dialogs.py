"""Small dialogs over a running walk: confirm a stop, and the keys. The walk keeps running."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

POSTURE = (
    "Walk tall: head up, shoulders back, core gently engaged, weight even on both feet. "
    "If the pain spikes, press p, rest, and go gentler next time."
)
NOT_ADVICE = "walktimer is a timer, not medical advice."


class ConfirmStop(ModalScreen[bool]):
    """Stop the walk early? Yes saves it as stopped; anything else walks on."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Stop", id="confirm.stop", tooltip="Stop and save the walk"),
        Binding(
            "n,escape",
            "answer(False)",
            "Keep walking",
            id="confirm.keep",
            tooltip="Close this and carry on walking",
        ),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Stop the walk now?", style="bold"), classes="title")
            yield Static(Text("It is saved as stopped, with what you walked so far."))
            with Horizontal(classes="buttons"):
                yield Button("Stop (y)", id="stop", variant="error")
                yield Button("Keep walking (n)", id="keep", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "stop")

    def action_answer(self, stop: bool) -> None:
        self.dismiss(stop)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen underneath, and a reminder of how to walk."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,question_mark,q",
            "close",
            "Close",
            id="help.close",
            tooltip="Back to the walk",
        )
    ]

    def __init__(self, keys: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self._keys = keys

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, description, tooltip in self._keys:
            table.add_row(Text(key), Text(f"{description}: {tooltip}" if tooltip else description))
        with Vertical(id="dialog"):
            yield Static(Text("Keys", style="bold"), classes="title")
            yield Static(table, id="keys")
            yield Static(Text(f"{POSTURE} {NOT_ADVICE}"), classes="note")
            with Horizontal(classes="buttons"):
                yield Button("Close (esc)", id="close", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

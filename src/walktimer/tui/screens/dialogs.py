"""Small dialogs over a screen: a yes-or-no question, the keys, and the form that corrects a
saved walk's answers. Over a walk, the walk keeps running under them.

The keys a screen lists (in its help, in the command palette) are walktimer's own: those with
an id; Textual's generic ones (tab, copy) have none and are left out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Static

from walktimer.domain.questions import SCALE_HINT, parse_rating
from walktimer.domain.summary import NOTES_LIMIT, Summary, answer_value
from walktimer.domain.words import safe_text

POSTURE = (
    "Walk tall: head up, shoulders back, core gently engaged, weight even on both feet. "
    "If the pain spikes, press p, rest, and go gentler next time."
)
NOT_ADVICE = "walktimer is a timer, not medical advice."


KeyRow = tuple[str, str, str]
"""A row of the keys: the keys, what they do, and the tooltip."""
Changes = dict[str, int | str | None]
"""Corrected answers by key (`pain_before`, `pain_after`, `effort`, `notes`); None removes one."""
RATINGS = (("pain_before", "Pain before"), ("pain_after", "Pain after"), ("effort", "Effort"))


class Confirm(ModalScreen[bool]):
    """A question: y or its button says yes; n, escape or the other button says no."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Do what is asked"),
        Binding(
            "n,escape", "answer(False)", "No", id="confirm.no", tooltip="Close this, change nothing"
        ),
    ]

    def __init__(self, question: str, detail: Text, *, yes: str, no: str) -> None:
        super().__init__()
        self._question, self._detail, self._yes, self._no = question, detail, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self._question, style="bold"), classes="title")
            yield Static(self._detail, id="detail")
            with Horizontal(classes="buttons"):
                yield Button(f"{self._yes} (y)", id="yes", variant="error")
                yield Button(f"{self._no} (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class EditWalk(ModalScreen[Changes | None]):
    """Correct a saved walk's answers: the pain before and after and the effort (0-10, blank
    removes one) and the notes. Gives back only what changed; None when closed unsaved.

    What is not an answer is refused here, with what to type instead, before anything is
    saved. The fields start with the answers as saved, control characters made visible."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="edit.save", tooltip="Save the corrected answers"),
        Binding("escape", "cancel", "Cancel", id="edit.cancel", tooltip="Close, change nothing"),
    ]

    def __init__(self, summary: Summary, heading: Text) -> None:
        super().__init__()
        self._heading = heading
        self._was: dict[str, str] = {
            key: "" if getattr(summary, key) is None else str(getattr(summary, key))
            for key, _ in RATINGS
        }
        self._was["notes"] = safe_text(summary.notes or "")

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Correct this walk", style="bold"), classes="title")
            yield Static(self._heading)
            yield Static(Text(f"0 to 10 ({SCALE_HINT}); blank removes an answer."), classes="hint")
            for key, label in RATINGS:
                with Horizontal(classes="field"):
                    yield Static(Text(label), classes="label")
                    yield Input(self._was[key], id=key, max_length=3, compact=True)
            with Horizontal(classes="field"):
                yield Static(Text("Notes"), classes="label")
                yield Input(self._was["notes"], id="notes", max_length=NOTES_LIMIT, compact=True)
            yield Static(id="problem", classes="note")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one(f"#{RATINGS[0][0]}", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        changes: Changes = {}
        for key, label in RATINGS:
            text = self.query_one(f"#{key}", Input).value.strip()
            rating = parse_rating(text)
            if text and rating is None:
                self._refuse(key, f"{label}: type a whole number from 0 to 10, or leave it blank.")
                return
            if text != self._was[key].strip():
                changes[key] = rating
        notes = self.query_one("#notes", Input).value
        if notes != self._was["notes"]:
            try:
                changes["notes"] = answer_value("notes", notes)
            except ValueError as exc:
                problem = str(exc)
                self._refuse("notes", problem[:1].upper() + problem[1:])
                return
        self.dismiss(changes)

    def _refuse(self, key: str, problem: str) -> None:
        self.query_one("#problem", Static).update(Text(problem))
        self.query_one(f"#{key}", Input).focus()


class ConfirmStop(Confirm):
    """Stop the walk early? Yes saves it as stopped; anything else walks on."""

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

    def __init__(self) -> None:
        detail = Text("It is saved as stopped, with what you walked so far.")
        super().__init__("Stop the walk now?", detail, yes="Stop", no="Keep walking")


def own_bindings(screen: Screen[Any]) -> Iterator[ActiveBinding]:
    """walktimer's own keys of `screen`, as they are now (those `check_action` hides left out)."""
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.id is not None and binding.description and active.node is screen:
            yield active


def key_rows(screen: Screen[Any], *, grouped: bool = False) -> list[KeyRow]:
    """Each of walktimer's own keys of `screen` once: the keys of one action share a row
    (`n/→`); with `grouped`, so do the actions of one group, with the group's words and each
    action's tooltip (`[ ]`, `Rounds`, `One round less, one round more`)."""
    rows: dict[str, tuple[dict[str, list[str]], str, list[str]]] = {}
    for active in own_bindings(screen):
        binding = active.binding
        group = binding.group.description if grouped and binding.group is not None else None
        actions, _, tips = rows.setdefault(
            group or binding.action, ({}, group or binding.description, [])
        )
        keys = actions.setdefault(binding.action, [])
        if not keys and binding.tooltip:
            tips.append(binding.tooltip if not tips else binding.tooltip.lower())
        keys.append(screen.app.get_key_display(binding))
    return [
        (" ".join("/".join(keys) for keys in actions.values()), words, ", ".join(tips))
        for actions, words, tips in rows.values()
    ]


def keys_table(rows: Iterable[KeyRow]) -> Table:
    """The keys in bold beside what they do and their tooltip."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, description, tooltip in rows:
        table.add_row(Text(key), Text(f"{description}: {tooltip}" if tooltip else description))
    return table


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

    def __init__(self, keys: list[KeyRow]) -> None:
        super().__init__()
        self._keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Keys", style="bold"), classes="title")
            yield Static(keys_table(self._keys), id="keys")
            yield Static(Text(f"{POSTURE} {NOT_ADVICE}"), classes="note")
            with Horizontal(classes="buttons"):
                yield Button("Close (esc)", id="close", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

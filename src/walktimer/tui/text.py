"""Text from files, as the app shows it.

Preset names, tips and descriptions, the walks and notes of saved summaries, file names in
warnings: any of these may hold an escape sequence, and Rich passes ESC straight through to the
terminal, where it could clear the screen, set the window title or write the clipboard. Every
widget that shows such text builds it here, literal (never markup) and with its control
characters made visible.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from walktimer.domain.words import safe_text


def cut(text: str, width: int) -> str:
    """`text` in at most `width` characters: cut short with `…` where it is longer."""
    return text if len(text) <= width else text[: width - 1] + "\N{HORIZONTAL ELLIPSIS}"


def shown(
    text: str, style: str | Style = "", *, lines: bool = False, no_wrap: bool | None = None
) -> Text:
    """`text` from a file as a `Text`; `lines=True` keeps its newlines and tabs, where it is
    shown as several lines (a description, a note)."""
    return Text(safe_text(text, lines=lines), style, no_wrap=no_wrap)

"""A word in letters three rows tall, readable from a treadmill or across a room.

Only the letters of the words the walk screen shows are drawn (WARM-UP, FAST, SLOW, COOL-DOWN,
PAUSED and the like). Any other word, or a widget too narrow for the large letters, falls back
to the word in ordinary bold type, so nothing is ever cut off or lost.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

GLYPHS: dict[str, tuple[str, str, str]] = {
    "A": ("┏━┓", "┣━┫", "╹ ╹"),
    "C": ("┏━╸", "┃  ", "┗━╸"),
    "D": ("┳━┓", "┃ ┃", "┻━┛"),
    "E": ("┏━╸", "┣━╸", "┗━╸"),
    "F": ("┏━╸", "┣━╸", "╹  "),
    "L": ("╻  ", "┃  ", "┗━╸"),
    "M": ("┏┳┓", "┃┃┃", "╹╹╹"),
    "N": ("┏┓╻", "┃┃┃", "╹┗┛"),
    "O": ("┏━┓", "┃ ┃", "┗━┛"),
    "P": ("┏━┓", "┣━┛", "╹  "),
    "R": ("┏━┓", "┣┳┛", "╹┗╸"),
    "S": ("┏━╸", "┗━┓", "╺━┛"),
    "T": ("╺┳╸", " ┃ ", " ╹ "),
    "U": ("╻ ╻", "┃ ┃", "┗━┛"),
    "W": ("╻╻╻", "┃┃┃", "┗┻┛"),
    "-": ("   ", "╺━╸", "   "),
    " ": ("   ", "   ", "   "),
}


def big_lines(word: str) -> list[str] | None:
    """The three rows of `word` in large letters, or None if a letter has no glyph."""
    letters = [GLYPHS.get(char) for char in word.upper()]
    if not word or any(glyph is None for glyph in letters):
        return None
    return [" ".join(glyph[row] for glyph in letters if glyph) for row in range(3)]


class BigWord(Widget):
    """`word` in large letters, centred; plain bold text where it does not fit."""

    DEFAULT_CSS = """
    BigWord {
        width: 1fr;
        height: 3;
        text-align: center;
        text-style: bold;
    }
    """

    word: reactive[str] = reactive("", layout=False)

    def __init__(self, word: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(BigWord.word, word)

    def render(self) -> RenderResult:
        lines = big_lines(self.word)
        if lines is None or len(lines[0]) > self.size.width:
            return Text(f"\n{self.word}", no_wrap=True, overflow="ellipsis")
        return Text("\n".join(lines), no_wrap=True)

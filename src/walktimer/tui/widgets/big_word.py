"""Words in letters three rows tall, readable from a treadmill or across a room.

Every letter of the alphabet, the digits and the usual punctuation of a stretch's name have a
glyph, so the walk screen can show FAST, GET READY or a stretch's own name ("Knee to chest")
large. A word too wide for one line is wrapped at its spaces over as many lines as the widget
allows; one that still does not fit (or has a character with no glyph) is shown by its
`fallback` in large letters, and failing that in ordinary bold type, so nothing is ever cut
off or lost.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from walktimer.domain.words import safe_text

ROWS = 3
GLYPHS: dict[str, tuple[str, str, str]] = {
    "A": ("┏━┓", "┣━┫", "╹ ╹"),
    "B": ("┳━┓", "┣━┫", "┻━┛"),
    "C": ("┏━╸", "┃  ", "┗━╸"),
    "D": ("┳━┓", "┃ ┃", "┻━┛"),
    "E": ("┏━╸", "┣━╸", "┗━╸"),
    "F": ("┏━╸", "┣━╸", "╹  "),
    "G": ("┏━╸", "┃╺┓", "┗━┛"),
    "H": ("╻ ╻", "┣━┫", "╹ ╹"),
    "I": ("╺┳╸", " ┃ ", "╺┻╸"),
    "J": ("  ╻", "  ┃", "┗━┛"),
    "K": ("╻ ╻", "┣┳┛", "╹┗╸"),
    "L": ("╻  ", "┃  ", "┗━╸"),
    "M": ("┏┳┓", "┃┃┃", "╹╹╹"),
    "N": ("┏┓╻", "┃┃┃", "╹┗┛"),
    "O": ("┏━┓", "┃ ┃", "┗━┛"),
    "P": ("┏━┓", "┣━┛", "╹  "),
    "Q": ("┏━┓", "┃ ┃", "┗━╋"),
    "R": ("┏━┓", "┣┳┛", "╹┗╸"),
    "S": ("┏━╸", "┗━┓", "╺━┛"),
    "T": ("╺┳╸", " ┃ ", " ╹ "),
    "U": ("╻ ╻", "┃ ┃", "┗━┛"),
    "V": ("╻ ╻", "┃ ┃", "┗┳┛"),
    "W": ("╻╻╻", "┃┃┃", "┗┻┛"),
    "X": ("╻ ╻", "┗┳┛", "┏┻┓"),
    "Y": ("╻ ╻", "┗┳┛", " ╹ "),
    "Z": ("╺━┓", "┏━┛", "┗━╸"),
    "0": ("┏━┓", "┃┃┃", "┗━┛"),
    "1": ("╺┓ ", " ┃ ", "╺┻╸"),
    "2": ("╺━┓", "┏━┛", "┗━╸"),
    "3": ("╺━┓", " ━┫", "╺━┛"),
    "4": ("╻ ╻", "┗━┫", "  ╹"),
    "5": ("┏━╸", "┗━┓", "╺━┛"),
    "6": ("┏━╸", "┣━┓", "┗━┛"),
    "7": ("╺━┓", "  ┃", "  ╹"),
    "8": ("┏━┓", "┣━┫", "┗━┛"),
    "9": ("┏━┓", "┗━┫", "╺━┛"),
    "-": ("   ", "╺━╸", "   "),
    "+": ("   ", "╺╋╸", "   "),
    "/": ("  ╻", "┏━┛", "╹  "),
    "&": ("┏┓ ", "┣╋┛", "┗┛╸"),
    "(": ("┏╸", "┃ ", "┗╸"),
    ")": ("╺┓", " ┃", "╺┛"),
    "'": ("╻", " ", " "),
    "’": ("╻", " ", " "),
    ",": (" ", " ", "╻"),
    ".": (" ", " ", "╸"),
    ":": ("╻", " ", "╹"),
    "!": ("╻", "┃", "╸"),
    "?": ("╺━┓", " ┏┛", " ╸ "),
    " ": (" ", " ", " "),
}


def big_lines(word: str) -> list[str] | None:
    """The three rows of `word` in large letters, or None if a character has no glyph."""
    letters = [GLYPHS.get(char) for char in word.upper()]
    if not word or any(glyph is None for glyph in letters):
        return None
    return [" ".join(glyph[row] for glyph in letters if glyph) for row in range(ROWS)]


def big_block(word: str, width: int, max_lines: int) -> list[str] | None:
    """`word` in large letters wrapped at its spaces to `width` columns, in at most
    `max_lines` lines of letters: their rows, or None if it does not fit or cannot be drawn."""
    lines: list[list[str]] = []
    for part in word.split():
        whole = big_lines(part)
        if whole is None or len(whole[0]) > width:
            return None
        joined = big_lines(" ".join([*lines[-1], part])) if lines else None
        if joined is not None and len(joined[0]) <= width:
            lines[-1].append(part)
        else:
            lines.append([part])
    if not lines or len(lines) > max_lines:
        return None
    rows: list[str] = []
    for line in lines:
        rows += big_lines(" ".join(line)) or []
    return rows


class BigWord(Widget):
    """`word` in large letters, centred; its `fallback` (or plain bold text) where it does
    not fit. `max_lines` lines of large letters at most."""

    DEFAULT_CSS = """
    BigWord {
        width: 1fr;
        height: auto;
        text-align: center;
        text-style: bold;
    }
    """

    # Each may change the widget's height: the layout follows.
    word: reactive[str] = reactive("", layout=True)
    fallback: reactive[str] = reactive("", layout=True)
    max_lines: reactive[int] = reactive(1, layout=True)

    def __init__(self, word: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(BigWord.word, word)

    def drawn(self, width: int) -> list[str] | None:
        """The rows drawn at `width`: the word, else its fallback; None for plain text."""
        for word in (self.word, self.fallback):
            if word and (rows := big_block(word, width, self.max_lines)) is not None:
                return rows
        return None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        rows = self.drawn(width)
        return ROWS if rows is None else len(rows)

    def render(self) -> RenderResult:
        rows = self.drawn(self.size.width)
        if rows is None or len(rows) > self.size.height:
            middle = "\n" * ((min(self.size.height, ROWS) - 1) // 2)
            return Text(middle + safe_text(self.word), no_wrap=True, overflow="ellipsis")
        return Text("\n".join(rows), no_wrap=True)

"""The time left in solid block digits, as large as the space the widget is given.

The digits are drawn from a 3x5 pixel font, each pixel a square of cells (a cell is about
twice as tall as it is wide, so a pixel is `scale` columns by `scale` half cells, drawn with
the half blocks `▀` and `▄`). The scale is the largest at which the widest time of the phase
fits, so the digits keep their size through the phase. In the last seconds a frame is drawn
round the digits in the space kept for it (the widget's `-ending` class also changes their
colour), so the change never rests on colour alone. With too little room for even the
smallest digits the time is one line of bold text.
"""

from __future__ import annotations

import functools
import math

from rich.segment import Segment
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
}
FONT_ROWS = 5
HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def units(text: str) -> int:
    """The width of `text` in pixels: its glyphs and a pixel between each two."""
    return sum(len(FONT[char][0]) for char in text) + len(text) - 1


def margins(scale: int) -> tuple[int, int, int]:
    """The space kept round the digits at `scale`: the frame's width (in columns and in half
    rows alike), then the gap inside it across (columns) and down (half rows). The gap down is
    chosen so that at an even scale the digits start on a whole row: no stroke is a half."""
    line = 1 if scale < 6 else 2
    down = math.ceil(scale / 2)
    if scale % 2 == 0 and (line + down) % 2:
        down += 1
    return line, scale, down


def block_size(text: str, scale: int) -> tuple[int, int]:
    """Columns and rows that `text` takes with its frame at `scale`."""
    line, across, down = margins(scale)
    half_rows = FONT_ROWS * scale + 2 * (line + down)
    return units(text) * scale + 2 * (line + across), math.ceil(half_rows / 2)


def best_scale(text: str, width: int, height: int) -> int:
    """The largest scale at which `text` and its frame fit `width` x `height`; 0 if none."""
    if not text or any(char not in FONT for char in text):
        return 0
    scale = 0
    while True:
        columns, rows = block_size(text, scale + 1)
        if columns > width or rows > height:
            return scale
        scale += 1


@functools.lru_cache(maxsize=64)
def block_lines(text: str, scale: int, framed: bool) -> tuple[str, ...]:
    """`text` in block digits at `scale`, with a frame round it when `framed`; the space for
    the frame is there either way, so the digits never move when it appears."""
    columns, rows = block_size(text, scale)
    line, across, down = margins(scale)
    pixels = [[False] * columns for _ in range(rows * 2)]
    left, top = line + across, line + down
    for char in text:
        glyph = FONT[char]
        for y, row in enumerate(glyph):
            for x, mark in enumerate(row):
                if mark == "#":
                    start = left + x * scale
                    for half_row in range(top + y * scale, top + (y + 1) * scale):
                        pixels[half_row][start : start + scale] = [True] * scale
        left += (len(glyph[0]) + 1) * scale
    if framed:
        bottom = FONT_ROWS * scale + 2 * (line + down)  # the half rows the frame encloses
        for y in range(bottom):
            across_all = y < line or y >= bottom - line
            for x in range(columns):
                if across_all or x < line or x >= columns - line:
                    pixels[y][x] = True
    return tuple(
        "".join(HALVES[pair] for pair in zip(pixels[2 * r], pixels[2 * r + 1], strict=True))
        for r in range(rows)
    )


def scale_for(time: str, widest: str, width: int, height: int) -> int:
    """The scale `time` is drawn at in `width` x `height`: no larger than `widest` allows
    (the longest time of the phase), so the digits keep their size; 0 for one line."""
    scale = best_scale(time, width, height)
    if scale and widest != time:
        scale = min(scale, best_scale(widest, width, height) or scale)
    return scale


@functools.lru_cache(maxsize=16)
def countdown_rows(
    time: str, widest: str, ending: bool, width: int, height: int
) -> tuple[str, ...]:
    """The rows of a countdown widget of `width` x `height`, each `width` wide: the digits
    centred, or the time on one line in the middle where they do not fit."""
    blank = " " * width
    scale = scale_for(time, widest, width, height)
    if scale == 0:
        line = f"» {time} «" if ending else time
        drawn: tuple[str, ...] = (line.center(width)[:width],)
    else:
        digits = block_lines(time, scale, ending)
        drawn = tuple(row.center(width) for row in digits)
    above = max(0, (height - len(drawn)) // 2)
    below = max(0, height - above - len(drawn))
    return (blank,) * above + drawn[:height] + (blank,) * below


class BigCountdown(Widget):
    """`time` in block digits, centred in the widget, scaled for `widest` (the longest time
    the phase shows, so the digits keep their size); framed while `ending`.

    It draws line by line from rows computed once for each time and size, so the once a
    second change costs little even when the digits fill a large terminal."""

    DEFAULT_CSS = """
    BigCountdown {
        width: 1fr;
        height: 1fr;
        min-height: 1;
        text-style: bold;
    }
    BigCountdown.-ending {
        color: $text-warning;
    }
    """

    time: reactive[str] = reactive("", repaint=False)  # repainted where it changed
    widest: reactive[str] = reactive("")
    ending: reactive[bool] = reactive(False)

    def watch_ending(self, ending: bool) -> None:
        self.set_class(ending, "-ending")

    def watch_time(self, before: str, after: str) -> None:
        """Repaint only the columns whose digits changed (mostly the last one or two)."""
        width, height = self.size
        old = countdown_rows(before, self.widest, self.ending, width, height)
        new = countdown_rows(after, self.widest, self.ending, width, height)
        left, right = width, -1
        for old_row, new_row in zip(old, new, strict=True):
            if old_row != new_row:
                pairs = zip(old_row, new_row, strict=True)
                columns = [x for x, (o, n) in enumerate(pairs) if o != n]
                left, right = min(left, columns[0]), max(right, columns[-1])
        if right >= left:
            self.refresh(Region(left, 0, right - left + 1, height))

    @property
    def scale(self) -> int:
        """The scale the digits are drawn at in the widget's present size; 0: one line."""
        return scale_for(self.time, self.widest, *self.size)

    @property
    def rows(self) -> tuple[str, ...]:
        """What the widget shows, row by row."""
        return countdown_rows(self.time, self.widest, self.ending, *self.size)

    def render_line(self, y: int) -> Strip:
        rows = self.rows
        width = self.size.width
        text = rows[y] if 0 <= y < len(rows) else " " * width
        return Strip([Segment(text, self.rich_style)], width)

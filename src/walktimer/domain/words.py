"""The words walktimer shows, the same on every screen and in every command.

Home, the history screen, the end of a walk, the command line and plain mode take their words
from here, so a walk reads the same wherever it is shown: `completed`, `stopped (pain)`,
`4 -> 3`, `12 min`, the walk's name. A new status or a new kind of preset is a new entry in one
of these tables, and mypy names the table when a type gains a value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: every domain module may take its words from here
    from walktimer.domain.kinds import PresetKind
    from walktimer.domain.session import StopReason
    from walktimer.domain.summary import SummaryStatus

NO_VALUE = "-"
CONTROL_MARK = "\N{REPLACEMENT CHARACTER}"
ECHO_LIMIT = 80  # a value from a file echoed in a message is cut to this many characters
# C0 controls, DEL and C1 controls: ESC, and the CSI, OSC and other sequences it starts.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROLS_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TOML_RAW_CONTROLS = re.compile("[\x80-\x9f]")  # the controls a TOML string may hold as they are
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
UNKNOWN_RATING = "?"

STATUS_WORDS: dict[SummaryStatus, str] = {
    "completed": "completed",
    "stopped": "stopped",
    "interrupted": "interrupted",
}
PAIN_STOP_WORDS = "stopped (pain)"
HEADLINES: dict[SummaryStatus, str] = {
    "completed": "Walk done",
    "stopped": "Stopped early",
    "interrupted": "Walk interrupted",
}
# Whether a walk counts towards the goal: at least half its plan walked (domain/stats.py).
COUNTS_WORDS = {True: "yes", False: "no"}
COUNTS_IN_FULL = {
    True: "yes, towards this week's goal",
    False: "no: less than half the plan was walked",
}
COUNTING_RULE = "A walk counts towards your goal once half of its planned time is walked."
KIND_WORDS: dict[PresetKind, str] = {
    "walk": "walk",
    "warmup": "warm-up",
    "cooldown": "cool-down",
    "program": "programme",
}

PAIN_NOTE = (
    "Stopped because of pain. Rest, and go gently next time: a shorter or slower walk. "
    "If the pain is sharp, spreads down a leg, or keeps coming back, talk to a doctor."
)
RISE_NOTE = (
    "Your back felt worse after this walk than before. Next time try a shorter or gentler "
    "walk; if it keeps happening, talk to a doctor or physiotherapist."
)


def status_text(status: SummaryStatus, stop_reason: StopReason | None = None) -> str:
    """`completed`, `stopped`, `stopped (pain)` or `interrupted`."""
    if status == "stopped" and stop_reason == "pain":
        return PAIN_STOP_WORDS
    return STATUS_WORDS[status]


def counts_text(counts: bool) -> str:
    """Whether a walk counts towards the goal, as a table's `counts` column says it."""
    return COUNTS_WORDS[counts]


def counts_words(counts: bool) -> str:
    """Whether a walk counts towards the goal, and why not, as a walk's recap and its details
    say it."""
    return COUNTS_IN_FULL[counts]


def headline_text(status: SummaryStatus, stop_reason: StopReason | None = None) -> str:
    """How the end of a walk is announced: `Walk done`, `Stopped because of pain` ..."""
    if status == "stopped" and stop_reason == "pain":
        return "Stopped because of pain"
    return HEADLINES[status]


def held_text(seconds: float) -> str:
    """What the walker is told after the program was stopped (Ctrl-Z) during a walk."""
    return f"walktimer was stopped for {duration_text(seconds)}; that time counts as a pause."


def pain_text(before: int | None, after: int | None) -> str:
    """`4 -> 3`; a missing rating shows as `?`, both missing as `-`."""
    if before is None and after is None:
        return NO_VALUE
    shown = [UNKNOWN_RATING if rating is None else str(rating) for rating in (before, after)]
    return " -> ".join(shown)


def rating_text(rating: int | None) -> str:
    return NO_VALUE if rating is None else str(rating)


def duration_text(seconds: float) -> str:
    """`1:05:00`, `12:30` or `0:30`: how walkers read a duration."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    mins, secs = divmod(rest, 60)
    return f"{hours}:{mins:02d}:{secs:02d}" if hours else f"{mins}:{secs:02d}"


def minutes_figure(seconds: float) -> str:
    """Whole minutes, with a decimal for short walks where a minute is a big share."""
    minutes = seconds / 60
    return f"{minutes:.1f}" if 0 < minutes < 10 else f"{minutes:.0f}"


def minutes_text(seconds: float) -> str:
    """`12 min`, `0.2 min`: the figure of `minutes_figure` with its unit."""
    return f"{minutes_figure(seconds)} min"


def date_text(moment: datetime) -> str:
    """The walk's own local time, as it was recorded: where and when the walker was."""
    return f"{moment:%Y-%m-%d %H:%M}"


def walk_name(walk_id: str, names: Mapping[str, str]) -> str:
    """A walk by the name its preset gives it, or by its id when no preset of that id is known
    here (a walk synced from another device, or a preset since removed)."""
    return names.get(walk_id, walk_id)


def count_text(count: int, thing: str) -> str:
    """`1 walk`, `3 walks`, `1 active minute`."""
    return f"{count} {thing}{'' if count == 1 else 's'}"


def safe_text(text: str, *, lines: bool = False) -> str:
    """Text from a file, made safe to show: every control character (ESC and the sequences it
    starts, BEL, DEL, C1) becomes a visible mark, so a file can never move the cursor, set a
    title or write a clipboard. `lines=True` keeps newlines and tabs, where text is shown as
    several lines."""
    return (_CONTROLS_BUT_LINES if lines else _CONTROLS).sub(CONTROL_MARK, text)


def has_controls(text: str) -> bool:
    """Whether `text` holds a control character (a newline and a tab included)."""
    return _CONTROLS.search(text) is not None


def echo_text(value: object) -> str:
    """A value from a file as an error message repeats it: safe, and cut to ECHO_LIMIT."""
    text = safe_text(value if isinstance(value, str) else repr(value))
    return text if len(text) <= ECHO_LIMIT else text[: ECHO_LIMIT - 1] + "\N{HORIZONTAL ELLIPSIS}"


def toml_shown(toml: str) -> str:
    """TOML that walktimer wrote (a summary it could not save), as a terminal is given it: the
    C1 controls TOML keeps raw in strings are written as escapes, so it is the same TOML and no
    name in it can act on the terminal."""
    return _TOML_RAW_CONTROLS.sub(lambda found: f"\\u{ord(found[0]):04x}", toml)


def csv_cell(text: str) -> str:
    """A text cell for a CSV file: safe like `safe_text`, and never read as a formula by a
    spreadsheet (a cell starting with =, +, -, @, tab or CR gets a leading apostrophe). A
    spreadsheet shows a cell's lines as lines, so a note's newlines and tabs are kept; the CSV
    writer quotes them."""
    if text.startswith(CSV_FORMULA_STARTS):
        text = "'" + text
    return safe_text(text, lines=True)

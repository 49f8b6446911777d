"""The programme on home: today's walk of the programme being walked, the weeks so far, the
week's note, and why a week starts again.

Where the walker is comes from the saved walks alone (`domain/progress.py`), worked out on the
thread that reads them (`read_programme`), so that the screen only shows it. Home sets its lists
to today's walk (`Programme.choices`); a walk started from them counts in the programme only
while they are exactly that walk (`ProgrammePanel.walk_of`): once they are changed, the panel
says the walk will not count, and `t` sets today's walk up again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from walktimer.domain.catalog import Catalog
from walktimer.domain.plan import Plan
from walktimer.domain.progress import WEEK_MARKS, Progress, Today, legend, today, today_parts
from walktimer.domain.words import safe_text
from walktimer.errors import PresetError
from walktimer.storage.choices import Choices
from walktimer.storage.program import ProgramFileError, read_active
from walktimer.tui.widgets.recent import History

TODAY_KEY = "t"
SEPARATOR = " · "
CHANGED = f"Changed: this walk will not count in the programme. {TODAY_KEY}: today's walk again"
STOP_HINT = "walktimer program stop ends it"
FINISHED_HINT = "walktimer program stop puts it away; program start begins another"


@dataclass(frozen=True)
class Programme:
    """The programme being walked, as home shows it: where the walker is and the walk it asks
    for today (`choices`, None once it is finished), or why it cannot be shown (`problem`)."""

    today: Today | None = None
    choices: Choices | None = None
    problem: str | None = None

    @property
    def leads(self) -> bool:
        """Whether there is a walk of the programme to walk today."""
        return self.today is not None and self.today.walkable


@dataclass
class ProgrammeRead(Message):
    """The programme being walked, worked out on a thread; None when there is none."""

    programme: Programme | None


def read_programme(path: Path | None, catalog: Catalog, history: History) -> Programme | None:
    """The programme in `path` and where the walks of `history` leave it; None when no
    programme is being walked (no file, or no `path`). A file or a programme that cannot be
    used is a `problem`, never an error: home goes on without it. Reads a file: call it on the
    thread that reads the walks."""
    if path is None:
        return None
    try:
        active = read_active(path)
    except ProgramFileError as exc:
        return Programme(problem=f"Your programme cannot be read: {exc.problems[0]}")
    if active is None:
        return None
    if history.problem is not None:
        return Programme(problem="Your programme cannot be followed: your walks cannot be read.")
    try:
        found = today(catalog, active, history.summaries)
    except PresetError as exc:
        problem = "; ".join(exc.problems)
        return Programme(problem=f"Your programme cannot be used ({STOP_HINT}): {problem}")
    if found.plan is None or not found.walkable:  # finished, or not begun: choices left alone
        return Programme(today=found)
    week = found.week
    choices = Choices(
        walk=found.plan.walk_id,
        warmup=week.warmup,
        cooldown=week.cooldown,
        rounds=week.rounds,
        fast_seconds=week.fast_seconds,
        slow_seconds=week.slow_seconds,
    )
    return Programme(today=found, choices=choices)


def joined(parts: list[Text], width: int) -> list[Text]:
    """`parts` one after another, ` · ` between them, in lines of `width` that break between
    parts (a part longer than a line is left to be wrapped)."""
    lines: list[Text] = []
    line = Text()
    for part in parts:
        if line and len(line) + len(SEPARATOR) + len(part) > width:
            lines.append(line)
            line = Text()
        if line:
            line.append(SEPARATOR)
        line.append_text(part)
    lines.append(line)
    return lines


def marks_row(progress: Progress, width: int) -> Text:
    """The weeks as a row of marks, spaced where there is room."""
    marks = [WEEK_MARKS[mark] for mark in progress.marks]
    row = " ".join(marks) if 2 * len(marks) - 1 <= width else "".join(marks)
    return Text(row, "bold")


def fitted(blocks: list[tuple[int, list[Text]]], height: int) -> list[Text]:
    """The lines of `blocks` (each with its rank: the lower, the more it is needed) that fit in
    `height`, in their order: the least needed go first, and a block cut short ends in `…`."""
    kept: dict[int, list[Text]] = {}
    room = height
    for index in sorted(range(len(blocks)), key=lambda i: blocks[i][0]):
        lines = blocks[index][1][: max(0, room)]
        if len(lines) < len(blocks[index][1]) and lines:
            last = lines[-1].copy()
            last.right_crop(1)
            last.append("…")
            lines[-1] = last
        kept[index] = lines
        room -= len(lines)
    return [line for index in sorted(kept) for line in kept[index]]


class ProgrammePanel(Widget):
    """Today's walk of the programme, its weeks as marks, the week's note and, when the week
    starts again or steps back, why. Hidden while no programme is being walked.

    Given less height than it would like, the legend goes first, then the note, then the
    marks (see `_lines`)."""

    DEFAULT_CSS = """
    ProgrammePanel {
        height: auto;
        display: none;
    }
    ProgrammePanel.-shown {
        display: block;
    }
    ProgrammePanel > .programme--changed {
        color: $text-warning;
        text-style: bold;
    }
    ProgrammePanel > .programme--reason {
        color: $text-warning;
    }
    ProgrammePanel > .programme--problem {
        color: $text-error;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "programme--changed",
        "programme--reason",
        "programme--problem",
    }

    programme: reactive[Programme | None] = reactive(None, layout=True)
    """The programme being walked; None: none (the panel is hidden)."""
    changed: reactive[str | None] = reactive(None, layout=True)
    """Why a walk started now would not be today's walk of the programme; None: it would."""

    def watch_programme(self, programme: Programme | None) -> None:
        self.set_class(programme is not None, "-shown")

    @property
    def leads(self) -> bool:
        return self.programme is not None and self.programme.leads

    def follow(self, plan: Plan | None, problem: str | None = None) -> None:
        """The lists now make `plan`: say whether it is today's walk; `problem`: why today's
        walk cannot be set up in them."""
        if not self.leads:
            self.changed = None
        elif problem is not None:
            self.changed = f"Today's walk cannot be set up here: {safe_text(problem)}"
        else:
            self.changed = None if self.is_today(plan) else CHANGED

    def is_today(self, plan: Plan | None) -> bool:
        programme = self.programme
        planned = None if programme is None or programme.today is None else programme.today.plan
        return plan is not None and planned is not None and plan.same_walk(planned)

    def walk_of(self, plan: Plan) -> Plan:
        """`plan` as it is walked: marked as today's walk of the programme while it is that
        walk, and as no programme's otherwise."""
        programme = self.programme
        planned = None if programme is None or programme.today is None else programme.today.plan
        if planned is None or not self.leads or not plan.same_walk(planned):
            return dataclasses.replace(plan, program=None, program_week=None)
        return dataclasses.replace(plan, program=planned.program, program_week=planned.program_week)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Every line it has to show: the layout may give less (see `fitted`)."""
        return len(self._lines(max(1, width), None))

    def render(self) -> RenderResult:
        lines = self._lines(max(1, self.size.width), self.size.height)
        return Text("\n").join(lines)

    def _lines(self, width: int, height: int | None) -> list[Text]:
        """The lines that fit in `height` (None: all of them), by rank: the line of today's
        walk, whether the lists still make it, why the week starts again (always said, where
        it can be), the marks, the week's note, and last the marks' legend."""
        programme = self.programme
        if programme is None:
            return []
        console = self.app.console

        def wrapped(text: str | Text, style: Style | str = "") -> list[Text]:
            shown = text if isinstance(text, Text) else Text(text, style)
            return list(shown.wrap(console, width))

        room = 10_000 if height is None else height
        if programme.problem is not None or programme.today is None:
            style = self.get_component_rich_style("programme--problem")
            return fitted([(0, wrapped(safe_text(programme.problem or ""), style))], room)
        progress, plan = programme.today.progress, programme.today.plan
        row = marks_row(progress, width)
        key = Text(legend(progress.marks), "dim")
        # The walk's count in the week is the one part not in bold: the rest is read first.
        parts = [
            Text(safe_text(part), "" if index == 2 else "bold")
            for index, part in enumerate(today_parts(programme.today))
        ]
        line = [part for text in joined(parts, width) for part in wrapped(text)]
        blocks: list[tuple[int, list[Text]]] = [(0, line)]
        if self.changed is not None:
            changed = self.get_component_rich_style("programme--changed")
            blocks.append((1, wrapped(self.changed, changed)))
        if len(row) + 3 + len(key) <= width:
            blocks.append((3, [Text.assemble(row, "   ", key)]))
        else:
            blocks += [(3, wrapped(row)), (5, [key] if len(key) <= width else [])]
        if plan is not None and progress.reason is not None:
            reason = self.get_component_rich_style("programme--reason")
            blocks.append((2, wrapped(safe_text(progress.reason), reason)))
        if plan is not None and progress.note:
            blocks.append((4, wrapped(safe_text(progress.note), "italic")))
        if plan is None:
            blocks.append((4, wrapped(f"{FINISHED_HINT}.", "dim")))
        return fitted(blocks, room)

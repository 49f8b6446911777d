"""The whole walk before it starts: a strip to scale, the steps in words, the total; and what a
walk, warm-up or cool-down holds, step by step with its tips.

The timeline never scrolls: given less height than it would like, it says less (one line per
routine instead of one per step, then only the strip and the total), so that the end time is
always in view. The phase colours are the app's `$kind-*` variables, set with the home
screen's styles; the widget itself only lays out what it is given.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from walktimer.domain.cadence import steps_text
from walktimer.domain.catalog import Entry
from walktimer.domain.plan import Phase, PhaseKind, Plan
from walktimer.domain.presets import RoutinePreset
from walktimer.domain.words import count_text, duration_text, safe_text
from walktimer.tui.formatting import clock_time
from walktimer.tui.text import cut, shown

# Each kind has its own pattern as well as its own colour, so the strip reads without colour.
PATTERN = {
    PhaseKind.WARMUP: "░",
    PhaseKind.FAST: "█",
    PhaseKind.SLOW: "▒",
    PhaseKind.COOLDOWN: "▓",
}
WORD_WIDTH = 10
ROW_WIDTH = 72  # a step's time stays near its name on a wide terminal


@dataclass(frozen=True)
class Row:
    word: str
    kind: PhaseKind
    text: str
    seconds: int


def rows(plan: Plan) -> list[Row]:
    """The plan step by step: each routine step as one row (a one-sided stretch, both sides
    and the change between them, as one), the intervals as one."""
    return _rows(plan, by_routine=False)


def routine_rows(plan: Plan) -> list[Row]:
    """The plan in three rows at most: the warm-up, the intervals, the cool-down."""
    return _rows(plan, by_routine=True)


def _rows(plan: Plan, *, by_routine: bool) -> list[Row]:
    out: list[Row] = []
    for group in _groups(plan.phases, by_routine=by_routine):
        first = group[0]
        seconds = sum(p.seconds for p in group)
        if first.kind.is_interval:
            out.append(Row(_interval_word(first.kind), first.kind, _interval_text(plan), seconds))
        elif by_routine:
            steps = first.steps or 1
            names = ", ".join(dict.fromkeys(p.step_name or p.name for p in group))
            out.append(
                Row(first.kind.word, first.kind, f"{count_text(steps, 'step')}: {names}", seconds)
            )
        else:
            name = first.step_name or first.name
            if first.side is not None:
                name += ", each side"
            out.append(Row(first.kind.word, first.kind, name, seconds))
    return out


def _groups(phases: Sequence[Phase], *, by_routine: bool) -> list[list[Phase]]:
    """Consecutive phases shown as one row: all the intervals; a routine's step (or the whole
    routine)."""

    def key(phase: Phase) -> tuple[object, ...]:
        if phase.kind.is_interval:
            return ("intervals",)
        return (phase.kind, None if by_routine else phase.step or phase.start)

    groups: list[list[Phase]] = []
    for phase in phases:
        if groups and key(groups[-1][-1]) == key(phase):
            groups[-1].append(phase)
        else:
            groups.append([phase])
    return groups


def _interval_word(kind: PhaseKind) -> str:
    first, second = (PhaseKind.FAST, PhaseKind.SLOW)
    if kind is PhaseKind.SLOW:
        first, second = second, first
    return f"{first.word}/{second.word}"


def _interval_text(plan: Plan) -> str:
    """`4 × 0:30 fast at 118 steps/min + 0:30 slow`, in the order the walk takes them."""
    kinds = [p.kind for p in plan.phases if p.kind.is_interval][:2] or [PhaseKind.FAST]
    if len(kinds) == 1:
        kinds.append(PhaseKind.SLOW if kinds[0] is PhaseKind.FAST else PhaseKind.FAST)
    first, second = kinds
    return f"{plan.rounds} × {_interval(plan, first)} + {_interval(plan, second)}"


def _interval(plan: Plan, kind: PhaseKind) -> str:
    """`0:30 fast`, or `0:30 fast at 118 steps/min` with the metronome's pace."""
    fast = kind is PhaseKind.FAST
    seconds, cadence = (
        (plan.fast_seconds, plan.fast_cadence) if fast else (plan.slow_seconds, plan.slow_cadence)
    )
    pace = "" if cadence is None else f" at {steps_text(cadence, short=True)}"
    return f"{duration_text(seconds)} {kind.value}{pace}"


class Timeline(Widget):
    """Shows a plan, or why there is none, and when it would end if started at `now`."""

    DEFAULT_CSS = """
    Timeline {
        height: auto;
    }
    Timeline > .timeline--problem { color: $error; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--warmup",
        "timeline--fast",
        "timeline--slow",
        "timeline--cooldown",
        "timeline--problem",
    }

    plan: reactive[Plan | None] = reactive(None, layout=True)
    problems: reactive[tuple[str, ...]] = reactive((), layout=True)
    """Why there is no plan: shown in its place."""
    now: reactive[datetime | None] = reactive(None)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The height of the whole timeline, step by step: the layout may give less."""
        if self.plan is None:
            return len(self._problems().wrap(self.app.console, max(1, width)))
        return len(rows(self.plan)) + 3

    def render(self) -> RenderResult:
        width, height = max(10, self.size.width), self.size.height
        plan = self.plan
        if plan is None:
            return self._problems()
        steps = rows(plan)
        text = Text(no_wrap=True, overflow="ellipsis")
        if height < 3:  # room for the end time alone
            return self._total(plan, text)
        text.append_text(self._strip(plan, width))
        shown_rows = steps if len(steps) + 2 <= height else routine_rows(plan)
        if len(shown_rows) + 2 <= height:
            for row in shown_rows:
                text.append("\n")
                self._row(text, row, width)
        text.append("\n\n" if len(shown_rows) + 3 <= height else "\n")
        return self._total(plan, text)

    def _problems(self) -> Text:
        """Why there is no walk, in short: the file each problem names is shown in full
        elsewhere (the details panel), where its long path may take the room it needs."""
        style = self.get_component_rich_style("timeline--problem")
        if not self.problems:
            return Text("Choose a walk.", style)
        problems = (safe_text(problem).partition(".toml: ") for problem in self.problems)
        lines = [rest if found else path for path, found, rest in problems]
        return Text("\n".join(["Cannot be walked:", *lines]), style)

    def _row(self, text: Text, row: Row, width: int) -> None:
        width = min(width, ROW_WIDTH)
        figure = duration_text(row.seconds)
        room = max(1, width - WORD_WIDTH - len(figure) - 1)
        name = cut(safe_text(row.text), room)  # step names come from preset files
        text.append(f"{row.word:<{WORD_WIDTH}}", self._style(row.kind) + Style(bold=True))
        text.append(f"{name:<{room}} {figure}")

    def _total(self, plan: Plan, text: Text) -> Text:
        text.append(f"Total {duration_text(plan.total_seconds)}", Style(bold=True))
        if self.now is not None:
            ends = self.now + timedelta(seconds=plan.total_seconds)
            text.append(f" · ends at {clock_time(ends)} if you start now")
        return text

    def _strip(self, plan: Plan, width: int) -> Text:
        starts = [p.start for p in plan.phases]
        strip = Text(no_wrap=True)
        for cell in range(width):
            offset = (cell + 0.5) * plan.total_seconds / width
            phase = plan.phases[max(0, bisect.bisect_right(starts, offset) - 1)]
            strip.append(PATTERN[phase.kind], self._style(phase.kind))
        return strip

    def _style(self, kind: PhaseKind) -> Style:
        return self.get_component_rich_style(f"timeline--{kind.value}")


def steps_table(rows: Sequence[tuple[Text, Text, str]]) -> Table:
    """Numbered items, each a name and time, its tip wrapped under it (a hanging indent)."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for mark, heading, tip in rows:
        item = heading.copy()
        if tip:
            item.append("\n")
            item.append_text(shown(tip))
        table.add_row(mark, item)
    return table


def routine_steps(routine: RoutinePreset) -> Table:
    """A warm-up's or cool-down's steps as a walker reads them before walking: each with its
    time, its sides and its tip."""
    rows: list[tuple[Text, Text, str]] = []
    for number, step in enumerate(routine.steps, start=1):
        heading = Text()
        heading.append_text(shown(step.name, "bold"))
        seconds = duration_text(step.seconds)
        if step.sides:
            change = f", {step.switch_seconds} s to change sides" if step.switch_seconds else ""
            heading.append(f"  {seconds} each side{change}", "dim")
        else:
            heading.append(f"  {seconds}", "dim")
        rows.append((Text(f"{number}.", "bold"), heading, step.tip))
    return steps_table(rows)


def interval_steps(plan: Plan) -> Table:
    """A walk's intervals as they are planned (rounds and seconds as chosen), with tips."""
    rows: list[tuple[Text, Text, str]] = []
    seen: set[PhaseKind] = set()
    for phase in plan.phases:
        if not phase.kind.is_interval or phase.kind in seen:
            continue
        seen.add(phase.kind)
        heading = Text()
        heading.append_text(shown(phase.name, "bold"))
        heading.append(
            f"  {duration_text(phase.seconds)}, {count_text(plan.rounds, 'time')}", "dim"
        )
        rows.append((Text(phase.kind.word, "bold"), heading, phase.tip))
    return steps_table(rows)


def about(entry: Entry, plan: Plan | None) -> tuple[Text, RenderableType]:
    """A preset's description, and its steps with their tips (a walk's intervals as `plan`
    has them), or why it cannot be walked."""
    description = shown(entry.description, "italic", lines=True)
    if not entry.usable:
        return description, problems_text(entry.problems)
    if isinstance(entry.preset, RoutinePreset):
        return description, routine_steps(entry.preset)
    return description, Text() if plan is None else interval_steps(plan)


def problems_text(problems: Sequence[str]) -> Text:
    """Why a preset cannot be walked, in full: each problem names its file."""
    text = Text()
    text.append("This cannot be walked until its file is put right:", "bold")
    for problem in problems or ("the file cannot be read",):
        text.append("\n")
        text.append_text(shown(problem))
    return text


def intervals_text(plan: Plan | None, own: Mapping[str, int] | None) -> Text:
    """`Rounds 4 [ ]  Fast 0:30 , .  Slow 0:30 < >`: the numbers the keys change, beside their
    keys; with a metronome, its pace (`Metronome: fast 0:30 at 118 steps/min`); and, once
    changed (`own` given), the changed ones marked and the walk's own numbers."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if plan is None:
        return text
    for word, key, value, keys in (
        ("Rounds", "rounds", str(plan.rounds), "[ ]"),
        ("Fast", "fast_seconds", duration_text(plan.fast_seconds), ", ."),
        ("Slow", "slow_seconds", duration_text(plan.slow_seconds), "< >"),
    ):
        changed = own is not None and own.get(key) != getattr(plan, key)
        text.append(f"{word} ", "bold")
        text.append(value, "reverse" if changed else "")
        text.append(f" {keys}   ", "dim")
    text.rstrip()
    if plan.has_cadence:
        text.append("\nMetronome: ", "bold")
        paces = ((PhaseKind.FAST, plan.fast_cadence), (PhaseKind.SLOW, plan.slow_cadence))
        clicked = [(kind, cadence) for kind, cadence in paces if cadence is not None]
        for number, (kind, cadence) in enumerate(clicked):
            # Only the fast pace is chosen on home: the slow one is always the walk's own.
            fast = kind is PhaseKind.FAST
            changed = fast and own is not None and own.get("fast_cadence") != cadence
            seconds = plan.fast_seconds if fast else plan.slow_seconds
            text.append(f"{', ' if number else ''}{kind.value} {duration_text(seconds)} at ")
            figure = Text(steps_text(cadence, short=True))
            if changed:  # the number marked, as the other changed numbers are
                figure.stylize("reverse", 0, len(str(cadence)))
            text.append_text(figure)
    if own:
        pace = ""
        if own.get("fast_cadence") != plan.fast_cadence:
            own_pace = own.get("fast_cadence")
            pace = " (no metronome)"
            if own_pace is not None:
                pace = f" at {steps_text(own_pace, short=True)}"
        text.append(
            f"\nThe walk's own: {own['rounds']} rounds, {duration_text(own['fast_seconds'])}"
            f" fast{pace}, {duration_text(own['slow_seconds'])} slow (r: back to them)"
        )
    return text

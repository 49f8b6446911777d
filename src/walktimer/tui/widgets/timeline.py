"""The whole walk before it starts: a strip to scale, the steps in words, the total.

The phase colours are the app's `$kind-*` variables, set with the home screen's styles; the
widget itself only lays out what it is given.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from walktimer.domain.plan import PhaseKind, Plan
from walktimer.domain.words import duration_text, safe_text
from walktimer.tui.formatting import clock_time

# Each kind has its own pattern as well as its own colour, so the strip reads without colour.
PATTERN = {
    PhaseKind.WARMUP: "░",
    PhaseKind.FAST: "█",
    PhaseKind.SLOW: "▒",
    PhaseKind.COOLDOWN: "▓",
}
WORD_WIDTH = 10
SIDES = (", left side", ", right side")


@dataclass(frozen=True)
class Row:
    word: str
    kind: PhaseKind
    text: str
    seconds: int


def rows(plan: Plan) -> list[Row]:
    """The plan in a few lines: each routine step (both sides as one), the intervals as one."""
    out: list[Row] = []
    phases = plan.phases
    index = 0
    while index < len(phases):
        phase = phases[index]
        if phase.kind.is_interval:
            end = index
            while end < len(phases) and phases[end].kind.is_interval:
                end += 1
            first, second = (PhaseKind.FAST, PhaseKind.SLOW)
            if phase.kind is PhaseKind.SLOW:
                first, second = second, first
            words = {PhaseKind.FAST: plan.fast_seconds, PhaseKind.SLOW: plan.slow_seconds}
            text = (
                f"{plan.rounds} × {duration_text(words[first])} {first.value}"
                f" + {duration_text(words[second])} {second.value}"
            )
            seconds = sum(p.seconds for p in phases[index:end])
            out.append(Row(f"{first.word}/{second.word}", phase.kind, text, seconds))
            index = end
            continue
        following = phases[index + 1] if index + 1 < len(phases) else None
        if (
            following is not None
            and phase.name.endswith(SIDES[0])
            and following.name == phase.name.removesuffix(SIDES[0]) + SIDES[1]
        ):
            name = phase.name.removesuffix(SIDES[0]) + ", each side"
            out.append(Row(phase.kind.word, phase.kind, name, phase.seconds + following.seconds))
            index += 2
            continue
        out.append(Row(phase.kind.word, phase.kind, phase.name, phase.seconds))
        index += 1
    return out


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

    def render(self) -> RenderResult:
        width = max(10, self.size.width)
        plan = self.plan
        if plan is None:
            style = self.get_component_rich_style("timeline--problem")
            problems = "\n".join(safe_text(problem) for problem in self.problems)
            return Text(problems or "Choose a walk.", style)
        text = Text()
        text.append_text(self._strip(plan, width))
        for row in rows(plan):
            figure = duration_text(row.seconds)
            room = max(1, width - WORD_WIDTH - len(figure) - 1)
            name = safe_text(row.text)  # step names come from preset files
            name = name if len(name) <= room else name[: room - 1] + "…"
            text.append("\n")
            text.append(f"{row.word:<{WORD_WIDTH}}", self._style(row.kind) + Style(bold=True))
            text.append(f"{name:<{room}} {figure}")
        total = duration_text(plan.total_seconds)
        text.append("\n\n")
        text.append(f"Total {total}", Style(bold=True))
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

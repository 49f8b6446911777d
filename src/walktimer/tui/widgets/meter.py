"""A one-line progress bar with a label and a figure, redrawn only when one of them changes.

Textual's `ProgressBar` keeps its own once-a-second timer for its ETA; the walk screen already
redraws on the countdown's whole seconds, so this bar has no timer of its own at all.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

FULL, HALF = "━", "╸"


class Meter(Widget):
    """`Label ━━━━━━━━╸──────── figure`: `fraction` of the bar is filled."""

    DEFAULT_CSS = """
    Meter {
        width: 1fr;
        height: 1;
    }
    Meter > .meter--empty {
        color: $foreground 20%;
    }
    Meter > .meter--label {
        text-style: bold;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"meter--empty", "meter--label"}

    label: reactive[str] = reactive("")
    fraction: reactive[float] = reactive(0.0)
    figure: reactive[str] = reactive("")

    def __init__(self, label: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(Meter.label, label)

    def show(self, fraction: float, figure: str) -> None:
        """Set both at once; the bar moves in half cells, so tiny changes cause no redraw."""
        cells = max(1, self.size.width) * 2
        self.fraction = round(min(1.0, max(0.0, fraction)) * cells) / cells
        self.figure = figure

    def render(self) -> RenderResult:
        width = self.size.width
        label = f"{self.label} " if self.label else ""
        figure = f" {self.figure}" if self.figure else ""
        bar_width = width - len(label) - len(figure)
        if bar_width < 4:  # too narrow for a bar: the figure alone still says how far
            return Text(f"{label}{self.figure}", no_wrap=True, overflow="ellipsis")
        halves = round(self.fraction * bar_width * 2)
        full, half = divmod(halves, 2)
        empty_style = self.get_component_rich_style("meter--empty")
        text = Text(no_wrap=True)
        text.append(label, self.get_component_rich_style("meter--label"))
        text.append(FULL * full + (HALF if half else ""))
        text.append(FULL * (bar_width - full - half), empty_style)
        text.append(figure)
        return text

"""The history screen's two charts, drawn with plotext: minutes walked a week, and pain.

Both use all the room the screen gives them, with numbers on their axes: the weeks as bars
(a week that met the weekly goal in solid blocks, one that did not in light shade, so the goal
shows without colour) with the week's minutes in fast intervals as a diamond on its bar, and
pain before and after each rated walk on a fixed 0-10 scale (before as hollow rings, after as
filled dots, each joined by a thin line). They are drawn afresh at each size, so the ticks never
crowd; below a few rows they say in words what they would show.
Their labels are dates and figures walktimer makes, never text from a file.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.app import RenderResult
from textual.color import Color
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from walktimer.domain.history import PainPoint
from walktimer.domain.questions import RATING_MAX
from walktimer.domain.stats import Week
from walktimer.domain.words import count_text, minutes_text

MET, SHORT = "█", "▒"  # the bar of a week that met the goal, and of one that did not
FAST = "◆"  # a week's minutes in fast intervals, on its bar
BEFORE, AFTER = "○", "●"
LINE = "braille"
MIN_WIDTH, MIN_HEIGHT = 20, 6  # below this a chart is a line of words
# A date label (6 columns) and the room around it: plotext moves a label that comes closer to
# another, one way or the other from run to run.
TICK_GAP = 10
FRAME = 2  # the columns of the plot's frame, left and right
MIN_WEEK_COLUMNS = 3  # fewer weeks are shown than would leave a week less room
MIN_WALK_COLUMNS = 2
PAIN_TICKS_ROWS = 9  # from this height on, the pain axis is numbered every 2
MAX_PAIN_WALKS = 60
PAIN_TICKS = (0, 2, 4, 6, 8, 10)
PAIN_TICKS_SHORT = (0, 5, 10)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NICE_STEPS = (5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 600)


def day_label(day: date) -> str:
    """`24 Nov`: the day as a walker says it, in the same words in every locale."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def tick_positions(count: int, columns: int) -> list[int]:
    """1-based positions of the labelled points, counted back from the newest so that it is
    always labelled, spaced so that no two labels touch."""
    per_point = max(1, columns) / max(1, count)
    step = max(1, math.ceil(TICK_GAP / per_point))
    return sorted(range(count, 0, -step))


def axis_top(highest: float, height: int) -> tuple[int, int]:
    """The top of the minutes axis and the step between its numbers: round figures (5, 10,
    15, 20, 30 ... minutes apart), about one every other row, the top above the highest bar."""
    rows = max(1, (height - 3) // 2)
    for step in NICE_STEPS:
        if highest / step < rows:
            break
    else:
        step = NICE_STEPS[-1] * math.ceil(highest / NICE_STEPS[-1] / rows)
    return step * (math.floor(highest / step) + 1), step


def bar_width(columns: float) -> float:
    """The width of a bar, in weeks, when a week has `columns` columns: an odd number of
    columns (so that plotext centres every bar alike) with a gap of at least one."""
    cells = max(1, math.floor(columns - 1.5))
    cells -= 1 - cells % 2
    return max(0.01, (cells - 1) / columns)


def numbers(values: Sequence[int]) -> tuple[list[float], list[str]]:
    """Ticks and their labels, all as wide as the widest, so the plot's width is known."""
    width = max(len(str(value)) for value in values)
    return [float(value) for value in values], [str(value).rjust(width) for value in values]


class Chart(PlotextPlot):
    """A plot drawn again from its data at every render, at the size it has then."""

    DEFAULT_CSS = """
    Chart {
        width: 1fr;
        height: 1fr;
        min-height: 1;
    }
    """

    def render(self) -> RenderResult:
        width, height = self.size.width, self.size.height
        if width < MIN_WIDTH or height < MIN_HEIGHT or not self.has_data():
            return Text(self.in_words(), "dim", no_wrap=height <= 1, overflow="ellipsis")
        plt = self.plt
        plt.clear_figure()
        plt.title(next((t for t in self.titles() if len(t) <= width - 2), ""))
        self.draw(plt, width, height - 1)
        return super().render()

    def colour(self, variable: str) -> tuple[int, int, int]:
        """A colour of the app's theme, so the chart reads in light themes and dark ones."""
        return Color.parse(self.app.theme_variables[variable]).rgb

    def titles(self) -> tuple[str, ...]:
        """The chart's title and legend, longest first: the longest that fits is shown."""
        raise NotImplementedError

    def has_data(self) -> bool:
        raise NotImplementedError

    def in_words(self) -> str:
        raise NotImplementedError

    def draw(self, plt: Plot, width: int, height: int) -> None:
        raise NotImplementedError


class WeeksChart(Chart):
    """Active minutes in each of the recent weeks, oldest on the left, this week last."""

    def __init__(self, weeks: Sequence[Week], goal: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.weeks = tuple(weeks)
        self.goal = goal

    def show(self, weeks: Sequence[Week], goal: int) -> None:
        self.weeks, self.goal = tuple(weeks), goal
        self.refresh()

    def titles(self) -> tuple[str, ...]:
        goal = f"Active minutes a week · {MET} {count_text(self.goal, 'walk')}, goal met"
        if not self.has_fast():
            return (
                f"{goal} · {SHORT} fewer",
                f"Minutes walked · {MET} goal met · {SHORT} not met",
                f"Minutes · {MET} met · {SHORT} not",
                "Minutes",
            )
        return (
            f"{goal} · {SHORT} fewer · {FAST} fast minutes",
            f"Minutes walked · {MET} goal met · {SHORT} not met · {FAST} fast",
            f"Minutes · {MET} goal met · {SHORT} not · {FAST} fast",
            f"Minutes · {MET} met · {SHORT} not · {FAST} fast",
            f"Min · {MET} met {SHORT} not {FAST} fast",
            f"Minutes · {MET} met · {SHORT} not",  # the bars need their legend more
            "Minutes",
        )

    def has_data(self) -> bool:
        return any(week.active_minutes > 0 for week in self.weeks)

    def has_fast(self) -> bool:
        return any(week.fast_minutes > 0 for week in self.weeks)

    def in_words(self) -> str:
        if not self.has_data():
            return "Your weeks show here once you walk."
        week = self.weeks[-1]
        minutes = minutes_text(week.active_minutes * 60)
        fast = minutes_text(week.fast_minutes * 60)
        return f"This week: {minutes}, {fast} fast, {week.walks} of {self.goal} walks."

    def draw(self, plt: Plot, width: int, height: int) -> None:
        highest = max(max(week.active_minutes, week.fast_minutes) for week in self.weeks)
        top, step = axis_top(highest, height)
        ticks, labels = numbers(range(0, top + 1, step))
        inner = width - len(labels[0]) - FRAME
        weeks = self.weeks[-max(1, inner // MIN_WEEK_COLUMNS) :]
        count = len(weeks)
        bar = bar_width(inner / count)
        met, short = self.colour("success"), self.colour("primary")
        for n, week in enumerate(weeks, 1):
            if week.active_minutes > 0:  # a bar each, so that plotext gives all one width
                goal_met = week.walks >= self.goal
                marker, colour = (MET, met) if goal_met else (SHORT, short)
                plt.bar([n], [week.active_minutes], marker=marker, color=colour, width=bar)
        fast = [(n, week.fast_minutes) for n, week in enumerate(weeks, 1) if week.fast_minutes > 0]
        if fast:  # after the bars, so that each diamond is drawn on its bar
            xs, ys = zip(*fast, strict=True)
            plt.scatter(list(xs), list(ys), marker=FAST, color=self.colour("warning"))
        plt.ylim(0, top)
        plt.yticks(ticks, labels)
        plt.xlim(0.5, count + 0.5)
        days = tick_positions(count, inner)
        plt.xticks([float(n) for n in days], [day_label(weeks[n - 1].start) for n in days])


class PainChart(Chart):
    """Pain before and after the latest rated walks that fit, oldest on the left."""

    def __init__(self, points: Sequence[PainPoint], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.points = list(points)

    def show(self, points: Sequence[PainPoint]) -> None:
        self.points = list(points)
        self.refresh()

    def titles(self) -> tuple[str, ...]:
        return (
            f"Pain, 0 to 10 · {BEFORE} before · {AFTER} after each walk",
            f"Pain, 0 to 10 · {BEFORE} before · {AFTER} after",
            f"Pain {BEFORE} before {AFTER} after",
            "Pain",
        )

    def has_data(self) -> bool:
        return bool(self.points)

    def in_words(self) -> str:
        if not self.points:
            return "Rate your back before and after a walk to see the trend here."
        last = self.points[-1]
        return f"Pain on the last rated walk: {last.before} before, {last.after} after."

    def draw(self, plt: Plot, width: int, height: int) -> None:
        ticks, labels = numbers(PAIN_TICKS if height >= PAIN_TICKS_ROWS else PAIN_TICKS_SHORT)
        inner = width - len(labels[0]) - FRAME
        points = self.points[-max(2, inner // MIN_WALK_COLUMNS) :]
        xs = list(range(1, len(points) + 1))
        series = (("before", BEFORE, "warning"), ("after", AFTER, "primary"))
        for attribute, marker, colour in series:
            values = [getattr(point, attribute) for point in points]
            rgb = self.colour(colour)
            if len(points) > 1:
                plt.plot(xs, values, marker=LINE, color=rgb)
            plt.scatter(xs, values, marker=marker, color=rgb)
        plt.ylim(0, RATING_MAX)
        plt.yticks(ticks, labels)
        plt.xlim(0.5, len(points) + 0.5)
        days = tick_positions(len(points), inner)
        plt.xticks([float(n) for n in days], [day_label(points[n - 1].day) for n in days])

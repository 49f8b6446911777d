"""Cadence: tap space (or Enter) at each step while walking, and see the steps a minute.

Readable from a step away: the pace so far in block digits, as large as the room allows, and
the taps and the seconds left in large letters. The seconds count from the first tap, so the
walker starts when ready; Escape or q ends it sooner. Once measured, Enter gives the pace back
(home clicks the fast intervals at it, on every walk until `r`) and Escape goes back without it.
A walker on a treadmill taps on past the end: Enter chooses only after a pause in the tapping.

The measuring is `domain.cadence.Tapping`, its words are the domain's. Taps are timed by the
clock handed in (a fake one in tests, which call `wake` as the timer would): one one-shot timer
wakes the screen when the seconds left next change, and nothing else polls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from walktimer.domain.cadence import (
    DEFAULT_SECONDS,
    MIN_TAPS,
    Cadence,
    Tapping,
    measured_text,
    range_text,
    steps_text,
    too_few_text,
)
from walktimer.domain.words import count_text
from walktimer.tui.widgets.big_word import BigWord
from walktimer.tui.widgets.countdown import BigCountdown
from walktimer.tui.widgets.lines import KeysFooter, Line

GRACE_SECONDS = 1.0  # a tap this soon after the time ran out, or after such a tap, is a step
WIDEST_PACE = "000"  # the digits keep one size from 60 steps a minute to 200
MIN_WAKE_SECONDS = 0.05

# Enter and Escape do one thing while measuring and another once measured (`check_action`),
# so the footer and the command palette always name what they do now.
CADENCE_BINDINGS: list[BindingType] = [
    Binding("space,enter", "tap", "Step", id="cadence.tap", tooltip="Press at each step"),
    Binding("escape,q", "end", "End", id="cadence.end", tooltip="End the measuring now"),
    Binding(
        "enter",
        "use",
        "Use it",
        id="cadence.use",
        tooltip="Click the fast intervals at this pace, on every walk until r",
    ),
    Binding("escape,q", "back", "Back", id="cadence.back", tooltip="Back home without it"),
    Binding(
        "space",
        "late_step",
        "Step",
        id="cadence.late-step",
        tooltip="A step tapped on after the end: Enter waits for a pause",
        show=False,
    ),
]


class CadenceScreen(Screen[int | None]):
    """Dismissed with the steps a minute to use, or None to use none."""

    CSS_PATH = "cadence.tcss"
    BINDINGS: ClassVar[list[BindingType]] = CADENCE_BINDINGS

    pace: var[str] = var("")
    """The steps a minute so far, in digits; empty until there are enough taps."""
    pace_label: var[Text] = var(Text)
    taps_word: var[str] = var("")
    left_word: var[str] = var("")
    result: var[Text] = var(Text)
    hint: var[Text] = var(Text)

    def __init__(
        self,
        clock: Callable[[], float],
        *,
        can_use: bool,
        seconds: int = DEFAULT_SECONDS,
    ) -> None:
        """`can_use`: whether Enter may give the pace back (home has a walk to set it on)."""
        super().__init__()
        self._clock = clock
        self.can_use = can_use
        self.tapping = Tapping(seconds)
        self.measured: Cadence | None = None
        """The measurement, once it has ended."""
        self._late_until = 0.0  # a key before this (the clock's time) is a step tapped late
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="cadence-bar"):
            yield Static(Text("Your cadence: steps a minute", "bold"), id="cadence-title")
        with Vertical(id="cadence-body"):
            yield BigCountdown(id="pace").data_bind(time=CadenceScreen.pace)
            yield Line(id="pace-label").data_bind(text=CadenceScreen.pace_label)
            with Horizontal(id="counts"):
                yield BigWord(id="taps").data_bind(word=CadenceScreen.taps_word)
                yield BigWord(id="left").data_bind(word=CadenceScreen.left_word)
            yield Line(id="result").data_bind(text=CadenceScreen.result)
            yield Line(id="hint").data_bind(text=CadenceScreen.hint)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#pace", BigCountdown).widest = WIDEST_PACE
        self._redraw()

    def wake(self) -> None:
        """The timer's callback: the time may be over; redraw."""
        now = self._clock()
        if self.measured is None and self.tapping.over(now):
            self._end(now)
        self._redraw()

    # --- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        measuring = self.measured is None
        if action in ("tap", "end"):
            return measuring
        if action == "use":
            return not measuring and self.can_use and self._usable() is not None
        if action in ("back", "late_step"):
            return not measuring
        return True

    def action_tap(self) -> None:
        now = self._clock()
        if not self.tapping.tap(now):  # the time was over before the timer said so
            self._end(now)
        self._redraw()

    def action_end(self) -> None:
        self._end(None)
        self._redraw()

    def action_use(self) -> None:
        pace = self._usable()
        if pace is None or self._stepped_late():
            return
        self.dismiss(pace)

    def action_late_step(self) -> None:
        self._stepped_late()

    def _stepped_late(self) -> bool:
        """Whether a key now is a step tapped on past the end: within GRACE_SECONDS of the
        end or of the last such step. If so, Enter waits GRACE_SECONDS more to choose."""
        now = self._clock()
        if now >= self._late_until:
            return False
        self._late_until = now + GRACE_SECONDS
        return True

    def action_back(self) -> None:
        self.dismiss(None)

    def _usable(self) -> int | None:
        return None if self.measured is None else self.measured.suggested

    def _end(self, ran_out: float | None) -> None:
        """The measuring is over: at `ran_out` (the clock's time) when its time ran out, or
        at the walker's word (None)."""
        if self.measured is not None:
            return
        self.measured = self.tapping.result()
        if ran_out is not None:
            self._late_until = ran_out + GRACE_SECONDS
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.refresh_bindings()

    # --- drawing --------------------------------------------------------------------------

    def _redraw(self) -> None:
        now = self._clock()
        tapping = self.tapping
        taps = len(tapping.taps)
        self.taps_word = count_text(taps, "tap")
        measured = self.measured
        if measured is not None:
            self._show_result(measured)
            return
        pace = tapping.result().steps_per_minute
        self.pace = "" if pace is None else str(pace)
        if pace is not None:
            self.pace_label = Text("steps a minute", "bold")
        else:
            self.pace_label = Text(f"Your steps a minute show from tap {MIN_TAPS} on", "dim")
        self.left_word = f"{tapping.left(now)} s left"
        self.hint = Text(
            f"Space or Enter at each step as you walk · the {tapping.seconds:g} s count from"
            " your first step · Esc or q ends sooner"
        )
        if taps:
            if self._timer is not None:
                self._timer.stop()
            delay = max(MIN_WAKE_SECONDS, tapping.next_second(now))
            self._timer = self.set_timer(delay, self.wake)

    def _show_result(self, measured: Cadence) -> None:
        self.left_word = "done"
        pace = measured.steps_per_minute
        self.pace = "" if pace is None else str(pace)
        self.hint = Text()
        result = Text(justify="center")
        if pace is None:
            self.pace_label = Text()
            too_few = too_few_text(measured)
            result.append(f"{too_few[:1].upper()}{too_few[1:]}.", "bold")
            result.append("\nEsc: back home")
            self.result = result
            return
        self.pace_label = Text("steps a minute", "bold")
        result.append(f"Your cadence: {measured_text(measured)}.", "bold")
        if beyond := range_text(measured):
            result.append(f"\n{beyond}")
        suggested = measured.suggested
        assert suggested is not None
        if self.can_use:
            result.append(f"\nEnter: your fast intervals at {steps_text(suggested)}")
            result.append(", on every walk until r\nEsc: back without it")
        else:
            result.append("\nEsc: back home (choose a walk there to use this pace)")
        self.result = result

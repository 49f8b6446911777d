"""The walk screen: what to do now, in large type, and how long for.

Everything shown is the session's state at `now`. One one-shot timer wakes the screen at the
next moment something visible changes: the countdown's next whole second, the next phase
boundary or cue (`WalkRun.next_wakeup()`), or, while paused, the next minute of the ends-at
clock. Nothing polls; a key press redraws at once and sets the timer again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, Footer, Static

from walktimer.domain.plan import PhaseKind, Plan
from walktimer.domain.session import State, Status
from walktimer.tui.formatting import (
    clock_time,
    countdown,
    duration,
    next_countdown_change,
    shown_seconds,
)
from walktimer.tui.screens.dialogs import ConfirmStop, HelpScreen
from walktimer.tui.widgets.big_word import BigWord
from walktimer.tui.widgets.meter import Meter
from walktimer.walk import WalkRun

LATE = 0.001  # wake just after a boundary, never just before it
KIND_CLASSES = tuple(f"-{kind.value}" for kind in PhaseKind)


WALK_BINDINGS: list[BindingType] = [
    Binding(
        "space",
        "pause",
        "Pause",
        id="walk.pause",
        tooltip="Pause or go on; the time left in the phase is kept",
    ),
    Binding("n,right", "skip", "Skip", id="walk.skip", tooltip="Go to the next phase now"),
    Binding(
        "b,left",
        "back",
        "Back",
        id="walk.back",
        tooltip="Restart this phase (in its first 3 s: the one before)",
    ),
    Binding("m", "mute", "Mute", id="walk.mute", tooltip="Turn the sound cues off or on"),
    Binding(
        "p", "pain", "Pain stop", id="walk.pain", tooltip="Stop now because of pain; it is saved"
    ),
    Binding("q", "stop", "Stop", id="walk.stop", tooltip="Stop early (asks first); it is saved"),
    Binding(
        "question_mark",
        "help",
        "Help",
        id="walk.help",
        tooltip="The keys, and a reminder of how to walk",
    ),
]


def key_list(screen: Screen[Any]) -> list[tuple[str, str, str]]:
    """Each of walktimer's own keys of `screen` once (`n/→` for two keys of one action);
    Textual's generic ones (tab, copy) have no id and are left out."""
    seen: dict[str, tuple[list[str], str, str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.id is None or not binding.description or active.node is not screen:
            continue
        keys, _, _ = seen.setdefault(binding.action, ([], binding.description, binding.tooltip))
        keys.append(screen.app.get_key_display(binding))
    return [("/".join(keys), description, tip) for keys, description, tip in seen.values()]


def position_text(plan: Plan, index: int) -> str:
    """`Round 3/10`, or `Warm-up 1/2` for a routine's steps."""
    phase = plan.phases[index]
    if phase.round is not None:
        return f"Round {phase.round}/{plan.rounds}"
    same = [i for i, p in enumerate(plan.phases) if p.kind is phase.kind]
    label = "Warm-up" if phase.kind is PhaseKind.WARMUP else "Cool-down"
    return f"{label} {same.index(index) + 1}/{len(same)}"


def next_text(plan: Plan, index: int) -> Text:
    if index + 1 >= len(plan.phases):
        return Text("Next: the end of the walk")
    following = plan.phases[index + 1]
    text = Text("Next: ")
    text.append(following.kind.word, "bold")
    text.append(f" {plan.label(index + 1)} ({duration(following.seconds)})")
    return text


def wake_delay(state: State, wakeup: float | None, now: float, wall: datetime) -> float:
    """Seconds from `now` until something on screen changes: the countdown's next whole
    second, the run's next wake-up (a phase boundary, a cue, a checkpoint), or, while paused,
    the next minute of the ends-at clock. A millisecond late, so a boundary is never missed."""
    delays: list[float] = []
    if wakeup is not None:
        delays.append(wakeup - now)
    if state.status is Status.RUNNING:
        delays.append(next_countdown_change(state.remaining))
    else:
        delays.append(60 - wall.second - wall.microsecond / 1e6)
    return max(0.0, min(delays)) + LATE


class WalkScreen(Screen[None]):
    """Dismissed (with None) when the walk finishes or is stopped."""

    BINDINGS: ClassVar[list[BindingType]] = WALK_BINDINGS

    def __init__(self, run: WalkRun, *, wall: Callable[[], datetime]) -> None:
        # The first phase's colours from the start: changing a class restyles the whole screen.
        super().__init__(classes=f"-{run.plan.phases[run.session.index].kind.value}")
        # Short terminals keep what matters most when walking: the kind, the step, the countdown.
        self.VERTICAL_BREAKPOINTS = [(0, "-tiny"), (16, "-short"), (22, "-tall")]
        self.walk_run = run
        self._wall = wall
        self._timer: Timer | None = None
        self._shown: dict[str, str] = {}
        self._ended = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="walk-bar"):
            yield Static(Text(self.walk_run.plan.walk_name, no_wrap=True), id="walk-name")
            yield Static(id="sound")
        with Vertical(id="walk-body"), Vertical(id="walk-column"):
            with Vertical(id="band"):
                yield BigWord(id="kind")
                yield Static(id="step")
            yield Static(id="tip")
            yield Digits(id="countdown")
            yield Static(id="position")
            yield Meter("Phase", id="phase-meter")
            yield Meter("Walk ", id="walk-meter")
            yield Static(id="next")
            yield Static(id="ends")
            yield Static(id="paused")
        yield Footer()

    def on_mount(self) -> None:
        if self.walk_run.session.status is Status.READY:
            self.walk_run.start()
        self.wake()

    def on_screen_resume(self) -> None:
        """Back from a dialog: redraw at once rather than at the next tick."""
        if self.walk_run.session.status is not Status.READY:
            self.wake()

    def wake(self) -> None:
        """Process what is due now (cues, checkpoint) and redraw from the state at now; the
        timer's callback, and what every key ends with."""
        self.walk_run.pump()
        if self._ended:
            return
        if not self.walk_run.session.active:
            self._end()
            return
        self._show(self.walk_run.session.state())
        self._schedule()

    # --- keys -----------------------------------------------------------------------------

    def action_pause(self) -> None:
        self.walk_run.session.toggle_pause()
        self.wake()

    def action_skip(self) -> None:
        self.walk_run.session.skip()
        self.wake()

    def action_back(self) -> None:
        self.walk_run.session.back()
        self.wake()

    def action_mute(self) -> None:
        player = self.walk_run.player
        player.muted = not player.muted
        self.notify("Sound off." if player.muted else "Sound on.", timeout=2, markup=False)
        self._show(self.walk_run.session.state())

    def action_pain(self) -> None:
        self.walk_run.stop("pain")
        self.wake()

    def action_stop(self) -> None:
        def answered(stop: bool | None) -> None:
            if stop:
                self.walk_run.stop("user")
                self.call_later(self.wake)

        self.app.push_screen(ConfirmStop(), answered)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(key_list(self)))

    # --- drawing --------------------------------------------------------------------------

    def _show(self, state: State) -> None:
        phase = state.phase
        if phase is None:
            return
        plan = self.walk_run.plan
        kind_class = f"-{phase.kind.value}"
        if not self.has_class(kind_class):
            self.remove_class(*KIND_CLASSES)
            self.add_class(kind_class)
        paused = state.status is Status.PAUSED
        self.set_class(paused, "-paused")
        self.query_one("#kind", BigWord).word = phase.kind.word
        self._text("#step", Text(phase.name, "bold"))
        self._text("#tip", Text(phase.tip))
        left = countdown(state.remaining)
        if self._shown.get("#countdown") != left:
            self._shown["#countdown"] = left
            self.query_one("#countdown", Digits).update(left)
        self._text("#position", Text(position_text(plan, state.index), "bold"))
        shown_elapsed = phase.seconds - float(shown_seconds(state.remaining))
        self.query_one("#phase-meter", Meter).show(
            shown_elapsed / phase.seconds,
            f"{duration(shown_elapsed)} of {duration(phase.seconds)}",
        )
        walk_left = shown_seconds(state.walk_remaining)
        self.query_one("#walk-meter", Meter).show(
            state.position / max(1, state.total_seconds), f"{duration(walk_left)} left"
        )
        self._text("#next", next_text(plan, state.index))
        ends = self._wall() + timedelta(seconds=walk_left)
        self._text("#ends", Text(f"Ends at {clock_time(ends)}"))
        self._text("#paused", Text("PAUSED · press space to go on" if paused else ""))
        player = self.walk_run.player
        sound = f"sound: {player.name}" + (", muted" if player.muted else "")
        self._text("#sound", Text(sound, no_wrap=True))

    def _text(self, selector: str, text: Text) -> None:
        key = text.markup
        if self._shown.get(selector) != key:
            self._shown[selector] = key
            self.query_one(selector, Static).update(text)

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        session = self.walk_run.session
        delay = wake_delay(
            session.state(), self.walk_run.next_wakeup(), session.clock(), self._wall()
        )
        self._timer = self.set_timer(delay, self.wake)

    def _end(self) -> None:
        self._ended = True
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        while self.app.screen is not self:  # a dialog is open: the walk ended under it
            self.app.pop_screen()
        self.dismiss(None)

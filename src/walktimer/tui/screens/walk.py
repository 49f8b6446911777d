"""The walk screen: what to do now, in large type, and how long for.

Everything shown is derived from the walk's view at `now` into the screen's reactives, which
the widgets are bound to: only what changed is redrawn. One one-shot timer wakes the screen at
the next moment something visible changes: the countdown's next whole second, the next phase
boundary or cue (`WalkRun.next_wakeup()`), or, while paused, the next minute of the ends-at
clock. Nothing polls; a key press redraws at once and sets the timer again. The screen ends
when the walk tells it so, by a `Finished` or `Stopped` event, whoever asked for the stop.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, assert_never

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from walktimer.domain.plan import PhaseKind, Plan
from walktimer.domain.session import (
    Countdown,
    Event,
    Finished,
    Held,
    PhaseStarted,
    Status,
    Stopped,
    next_countdown_change,
    shown_seconds,
)
from walktimer.domain.words import duration_text, held_text
from walktimer.tui.formatting import clock_time, countdown
from walktimer.tui.screens.dialogs import ConfirmStop, HelpScreen
from walktimer.tui.text import shown
from walktimer.tui.widgets.big_word import BigWord
from walktimer.tui.widgets.lines import Countdown as CountdownDigits
from walktimer.tui.widgets.lines import Line
from walktimer.tui.widgets.meter import Meter
from walktimer.walk import WalkRun, WalkView

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
    text.append_text(shown(f" {plan.label(index + 1)} ({duration_text(following.seconds)})"))
    return text


def wake_delay(view: WalkView, wakeup: float | None) -> float:
    """Seconds from the view's moment until something on screen changes: the countdown's next
    whole second, the run's next wake-up (a phase boundary, a cue, a checkpoint), or, while
    paused, the next minute of the ends-at clock. A millisecond late, so a boundary is never
    missed."""
    delays: list[float] = []
    if wakeup is not None:
        delays.append(wakeup - view.now)
    if view.state.status is Status.RUNNING:
        delays.append(next_countdown_change(view.state.remaining))
    else:
        delays.append(60 - view.wall.second - view.wall.microsecond / 1e6)
    return max(0.0, min(delays)) + LATE


class WalkScreen(Screen[None]):
    """Dismissed (with None) when the walk finishes or is stopped."""

    CSS_PATH = "walk.tcss"
    BINDINGS: ClassVar[list[BindingType]] = WALK_BINDINGS
    # Short terminals keep what matters most when walking: the kind, the step, the countdown.
    # (Textual declares this class attribute without ClassVar, so it is assigned as it is.)
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (16, "-short"), (22, "-tall")]  # noqa: RUF012

    kind_word: reactive[str] = reactive("")
    step: reactive[Text] = reactive(Text)
    tip: reactive[Text] = reactive(Text)
    time_left: reactive[str] = reactive("")
    position: reactive[Text] = reactive(Text)
    next_up: reactive[Text] = reactive(Text)
    ends: reactive[Text] = reactive(Text)
    paused_note: reactive[Text] = reactive(Text)
    sound: reactive[Text] = reactive(Text)

    def __init__(self, run: WalkRun) -> None:
        # The first phase's colours from the start: changing a class restyles the whole screen.
        super().__init__(classes=f"-{run.plan.phases[run.view().state.index].kind.value}")
        self.walk_run = run
        self._timer: Timer | None = None
        self._ended = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="walk-bar"):
            yield Static(shown(self.walk_run.plan.walk_name, no_wrap=True), id="walk-name")
            yield Line(id="sound").data_bind(text=WalkScreen.sound)
        with Vertical(id="walk-body"), Vertical(id="walk-column"):
            with Vertical(id="band"):
                yield BigWord(id="kind").data_bind(word=WalkScreen.kind_word)
                yield Line(id="step").data_bind(text=WalkScreen.step)
            yield Line(id="tip").data_bind(text=WalkScreen.tip)
            yield CountdownDigits(id="countdown").data_bind(time=WalkScreen.time_left)
            yield Line(id="position").data_bind(text=WalkScreen.position)
            yield Meter("Phase", id="phase-meter")
            yield Meter("Walk ", id="walk-meter")
            yield Line(id="next").data_bind(text=WalkScreen.next_up)
            yield Line(id="ends").data_bind(text=WalkScreen.ends)
            yield Line(id="paused").data_bind(text=WalkScreen.paused_note)
        yield Footer()

    def on_mount(self) -> None:
        self.walk_run.on_events = self._on_events
        if not self.walk_run.started:
            self.walk_run.start()
        self._redraw()

    def on_screen_resume(self) -> None:
        """Back from a dialog: redraw at once rather than at the next tick."""
        if self.walk_run.started:
            self._redraw()

    def wake(self) -> None:
        """The timer's callback: process what is due now (cues, checkpoint), then redraw."""
        self.walk_run.pump()
        self._redraw()

    def _on_events(self, events: Sequence[Event]) -> None:
        for event in events:
            match event:
                case Finished() | Stopped():
                    self.call_later(self._end)  # after the key or dialog that led here
                case Held(seconds=seconds):
                    self.notify(held_text(seconds), timeout=8, markup=False)
                case PhaseStarted() | Countdown():
                    pass  # drawn from the view, right after
                case _:
                    assert_never(event)

    # --- keys -----------------------------------------------------------------------------

    def action_pause(self) -> None:
        self.walk_run.toggle_pause()
        self._redraw()

    def action_skip(self) -> None:
        self.walk_run.skip()
        self._redraw()

    def action_back(self) -> None:
        self.walk_run.back()
        self._redraw()

    def action_mute(self) -> None:
        self.walk_run.toggle_mute()
        muted = self.walk_run.view().sound.muted
        self.notify("Sound off." if muted else "Sound on.", timeout=2, markup=False)
        self._redraw()

    def action_pain(self) -> None:
        self.walk_run.stop("pain")

    def action_stop(self) -> None:
        def answered(stop: bool | None) -> None:
            if stop:
                self.walk_run.stop("user")

        self.app.push_screen(ConfirmStop(), answered)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(key_list(self)))

    # --- drawing --------------------------------------------------------------------------

    def _redraw(self) -> None:
        if self._ended or not self.walk_run.active:
            return
        view = self.walk_run.view()
        self._show(view)
        self._schedule(view)

    def _show(self, view: WalkView) -> None:
        state, plan = view.state, view.plan
        phase = state.phase
        if phase is None:
            return
        kind_class = f"-{phase.kind.value}"
        if not self.has_class(kind_class):
            self.remove_class(*KIND_CLASSES)
            self.add_class(kind_class)
        paused = state.status is Status.PAUSED
        self.set_class(paused, "-paused")
        self.kind_word = phase.kind.word
        self.step = shown(phase.name, "bold")
        self.tip = shown(phase.tip)
        self.time_left = countdown(state.remaining)
        self.position = Text(position_text(plan, state.index), "bold")
        shown_elapsed = phase.seconds - float(shown_seconds(state.remaining))
        self.query_one("#phase-meter", Meter).show(
            shown_elapsed / phase.seconds,
            f"{duration_text(shown_elapsed)} of {duration_text(phase.seconds)}",
        )
        walk_left = shown_seconds(state.walk_remaining)
        self.query_one("#walk-meter", Meter).show(
            state.position / max(1, state.total_seconds), f"{duration_text(walk_left)} left"
        )
        self.next_up = next_text(plan, state.index)
        self.ends = Text(f"Ends at {clock_time(view.ends_at)}")
        self.paused_note = Text("PAUSED · press space to go on" if paused else "")
        sound = view.sound
        self.sound = Text(f"sound: {sound.name}" + (", muted" if sound.muted else ""), no_wrap=True)

    def _schedule(self, view: WalkView) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(wake_delay(view, self.walk_run.next_wakeup()), self.wake)

    def _end(self) -> None:
        if self._ended:
            return
        self._ended = True
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        while self.app.screen is not self:  # a dialog is open: the walk ended under it
            self.app.pop_screen()
        self.dismiss(None)

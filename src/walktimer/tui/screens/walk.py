"""The walk screen: what to do now, in large type, and how long for.

Everything shown is derived from the walk's view at `now` into the screen's reactives, which
the widgets are bound to: only what changed is redrawn. One one-shot timer wakes the screen at
the next moment something visible changes: the countdown's next whole second, the next phase
boundary or cue (`WalkRun.next_wakeup()`), the end of a flash, or, while paused, the next
minute of the ends-at clock. Nothing polls; a key press redraws at once and sets the timer
again. The screen ends when the walk tells it so, by a `Finished` or `Stopped` event, whoever
asked for the stop.

With `get_ready`, the walk's clock starts only after that many seconds of GET READY (space
starts it at once), so the first cue sounds when the walk really begins.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import fields
from typing import Any, ClassVar, assert_never

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from walktimer.control import Control, Listen, status_of
from walktimer.domain.actions import Action
from walktimer.domain.plan import PhaseKind
from walktimer.domain.session import (
    Countdown,
    Event,
    Finished,
    Held,
    PhaseStarted,
    Status,
    Stopped,
    StopReason,
)
from walktimer.domain.words import held_text
from walktimer.tui.formatting import WalkLook, ready_delay, wake_delay, walk_look
from walktimer.tui.screens.dialogs import ConfirmStop, HelpScreen, key_rows
from walktimer.tui.text import shown
from walktimer.tui.widgets.big_word import BigWord
from walktimer.tui.widgets.countdown import BigCountdown
from walktimer.tui.widgets.lines import KeysFooter, Line
from walktimer.tui.widgets.meter import Meter
from walktimer.walk import WalkRun

KIND_CLASSES = tuple(f"-{kind.value}" for kind in PhaseKind)
SHOWN = tuple(f.name for f in fields(WalkLook) if f.name not in ("kind", "paused", "meters"))
"""The fields of a `WalkLook` that are reactives of the screen's, of the same names."""
GET_READY_SECONDS = 5  # before the walk's clock starts, when the app asks its questions
FLASH_SECONDS = 0.5  # the screen flashes this long at every phase change, sound or none
VOLUME_STEP = 10
TALL_ENOUGH_FOR_TWO_LINES = 30  # rows from which a long stretch name takes two large lines
VOLUME = Binding.Group("Volume")

# Space has three bindings, one shown at a time (`check_action`), so the footer and the
# command palette always name what it does now.
WALK_BINDINGS: list[BindingType] = [
    Binding("space", "start", "Start now", id="walk.start", tooltip="Start the walk now"),
    Binding("space", "pause", "Pause", id="walk.pause", tooltip="Pause; the time left is kept"),
    Binding("space", "resume", "Resume", id="walk.resume", tooltip="Go on from the pause"),
    Binding("n,right", "skip", "Skip", id="walk.skip", tooltip="Go to the next phase now"),
    Binding(
        "b,left",
        "back",
        "Back",
        id="walk.back",
        tooltip="Restart this phase (in its first 3 s: the one before)",
    ),
    Binding("m", "mute", "Mute", id="walk.mute", tooltip="Turn the sound cues off or on"),
    # Shown only for a walk with a cadence, one at a time: the footer names what k does now.
    Binding(
        "k",
        "metronome(False)",
        "Clicks off",
        id="walk.metronome-off",
        tooltip="Stop the step clicks of the intervals",
    ),
    Binding(
        "k",
        "metronome(True)",
        "Clicks on",
        id="walk.metronome-on",
        tooltip="Click the steps of the intervals again, in time",
    ),
    Binding(
        "plus,equals_sign",
        f"volume({VOLUME_STEP})",
        "Louder",
        id="walk.louder",
        tooltip=f"The cues {VOLUME_STEP} louder (up to 100)",
        group=VOLUME,
    ),
    Binding(
        "minus",
        f"volume(-{VOLUME_STEP})",
        "Softer",
        id="walk.softer",
        tooltip=f"The cues {VOLUME_STEP} softer (down to 0)",
        group=VOLUME,
    ),
    Binding(
        "p", "pain", "Pain stop", id="walk.pain", tooltip="Stop now because of pain; it is saved"
    ),
    Binding("q", "stop", "Stop", id="walk.stop", tooltip="Stop early (asks first); it is saved"),
    Binding("question_mark", "help", "Help", id="walk.help", tooltip="The keys, and how to walk"),
]


class FromAfar(Message):
    """An action of `walktimer control` waits to be carried out, on this screen's loop."""


class WalkScreen(Screen[None]):
    """Dismissed (with None) when the walk finishes or is stopped. With `listen`, the walk
    listens for `walktimer control` while the screen is up; its actions are the keys'."""

    CSS_PATH = "walk.tcss"
    BINDINGS: ClassVar[list[BindingType]] = WALK_BINDINGS
    # Short terminals keep what matters most when walking: the kind, the step, the countdown;
    # narrow ones keep the keys that stop the walk. (Textual declares these class attributes
    # without ClassVar, so they are assigned as they are.)
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (16, "-short"), (22, "-tall"), (30, "-roomy")]  # noqa: RUF012
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-keys-fewest"),
        (36, "-keys-few"),
        (60, "-keys-most"),
        (80, "-keys-all"),
        (95, "-keys-and-palette"),
    ]

    # What the widgets show, bound to them (`data_bind`): each widget repaints itself when
    # its value changes; the screen itself draws none of them, so these never repaint it.
    kind_word: var[str] = var("")
    kind_fallback: var[str] = var("")
    side: var[str] = var("")
    step: var[Text] = var(Text)
    tip: var[Text] = var(Text)
    time_left: var[str] = var("")
    widest: var[str] = var("")
    ending: var[bool] = var(False)
    position: var[Text] = var(Text)
    next_up: var[Text] = var(Text)
    ends: var[Text] = var(Text)
    paused_note: var[Text] = var(Text)
    sound: var[Text] = var(Text)

    def __init__(self, run: WalkRun, *, get_ready: int = 0, listen: Listen | None = None) -> None:
        # The first phase's colours from the start: changing a class restyles the whole screen.
        super().__init__(classes=f"-{run.plan.phases[run.view().state.index].kind.value}")
        self.walk_run = run
        self.get_ready = get_ready
        """Seconds of GET READY before the walk's clock starts (0: it starts at once)."""
        self._ready_at: float | None = None  # the walk clock's time the walk starts at
        self._flash_until: float | None = None
        self._timer: Timer | None = None
        self._ended = False
        self._listen = listen
        self._control: Control | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="walk-bar"):
            yield Static(shown(self.walk_run.plan.walk_name, no_wrap=True), id="walk-name")
            yield Line(id="ends").data_bind(text=WalkScreen.ends)
            yield Line(id="sound").data_bind(text=WalkScreen.sound)
        with Vertical(id="walk-body"):
            with Vertical(id="band"):
                yield BigWord(id="kind").data_bind(
                    word=WalkScreen.kind_word, fallback=WalkScreen.kind_fallback
                )
                yield BigWord(id="side").data_bind(word=WalkScreen.side)
                yield Line(id="step").data_bind(text=WalkScreen.step)
            yield Line(id="tip").data_bind(text=WalkScreen.tip)
            yield Line(id="paused").data_bind(text=WalkScreen.paused_note)
            yield BigCountdown(id="countdown").data_bind(
                time=WalkScreen.time_left, widest=WalkScreen.widest, ending=WalkScreen.ending
            )
            with Vertical(id="walk-info"):
                yield Line(id="position").data_bind(text=WalkScreen.position)
                yield Meter("Phase", id="phase-meter")
                yield Meter("Walk ", id="walk-meter")
                yield Line(id="next").data_bind(text=WalkScreen.next_up)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.walk_run.on_events = self._on_events
        self.set_class(self.walk_run.plan.has_cadence, "-metronome")
        if self.get_ready > 0 and not self.walk_run.started:
            self._ready_at = self.walk_run.clock() + self.get_ready
        elif not self.walk_run.started:
            self.walk_run.start()
        if self._listen is not None:
            self._control = self._listen(self._from_afar, self._woken_from_afar)
        self._redraw()

    def on_unmount(self) -> None:
        self._stop_listening()

    def _woken_from_afar(self) -> None:
        """From the socket's thread: the action is carried out on this screen's loop (none,
        once the app has closed: the socket is being closed too)."""
        with contextlib.suppress(RuntimeError):
            self.post_message(FromAfar())

    def on_from_afar(self, message: FromAfar) -> None:
        if self._control is not None:
            self._control.take()

    def _from_afar(self, action: Action) -> dict[str, Any]:
        """An action of `walktimer control`, as its key does it (stop asks nothing); the walk's
        status after it."""
        getting_ready = self._ready_at is not None
        paused = self.walk_run.view().state.status is Status.PAUSED
        match action:
            case "toggle" | "resume" if getting_ready:
                self.action_start()
            case "toggle" | "resume" if paused:
                self.action_resume()
            case "toggle" | "pause" if not getting_ready and not paused:
                self.action_pause()
            case "skip":
                self.action_skip()
            case "back" if not getting_ready:
                self.action_back()
            case "mute":
                self.action_mute()
            case "stop":
                self._stop("user")
        return status_of(self.walk_run.view())

    def _stop_listening(self) -> None:
        control, self._control = self._control, None
        if control is not None:
            control.close()

    def on_resize(self) -> None:
        """A long stretch name may take two lines of large letters where there is room."""
        two_lines = self.size.height >= TALL_ENOUGH_FOR_TWO_LINES
        for word in self.query("#kind").results(BigWord):
            word.max_lines = 2 if two_lines else 1

    def on_screen_resume(self) -> None:
        """Back from a dialog: redraw at once rather than at the next tick."""
        self._redraw()

    def wake(self) -> None:
        """The timer's callback: process what is due now (cues, checkpoint), then redraw."""
        if self._ready_at is not None and self.walk_run.clock() >= self._ready_at:
            self._start()
        elif self.walk_run.started:
            self.walk_run.pump()
        self._redraw()

    def _start(self) -> None:
        """The end of GET READY: the walk's clock starts now, and its first cue sounds."""
        self._ready_at = None
        if not self.walk_run.started:
            self.walk_run.start()

    def _on_events(self, events: Sequence[Event]) -> None:
        for event in events:
            match event:
                case Finished() | Stopped():
                    self.call_later(self._end)  # after the key or dialog that led here
                case Held(seconds=seconds):
                    self.notify(held_text(seconds), timeout=8, markup=False)
                case PhaseStarted(at=at):
                    self._flash_until = at + FLASH_SECONDS
                case Countdown():
                    pass  # drawn from the view, right after
                case _:
                    assert_never(event)

    # --- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space starts the walk during GET READY, then pauses or resumes it; k turns the
        metronome off or on, for a walk that has one."""
        if action == "metronome":
            sound = self.walk_run.view().sound
            heard = self.walk_run.plan.has_cadence and sound.clicks
            return heard and parameters == (not sound.metronome,)
        getting_ready = self._ready_at is not None
        paused = self.has_class("-paused")  # as drawn: `_show` refreshes the keys on a change
        shown_now = {"start": getting_ready, "pause": not getting_ready and not paused}
        shown_now["resume"] = not getting_ready and paused
        return shown_now.get(action, True)

    def action_start(self) -> None:
        self._start()
        self._redraw()

    def action_pause(self) -> None:
        self.walk_run.pause()
        self._redraw()

    def action_resume(self) -> None:
        self.walk_run.resume()
        self._redraw()

    def action_skip(self) -> None:
        if self._ready_at is not None:
            self._start()
        else:
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

    def action_metronome(self, on: bool) -> None:
        if self.walk_run.view().sound.metronome != on:
            self.walk_run.toggle_metronome()
        self.notify("Metronome on." if on else "Metronome off.", timeout=2, markup=False)
        self.refresh_bindings()
        self._redraw()

    def action_volume(self, change: int) -> None:
        volume = self.walk_run.view().sound.volume
        self.walk_run.set_volume(min(100, max(0, volume + change)))
        self._redraw()

    def action_pain(self) -> None:
        self._stop("pain")

    def action_stop(self) -> None:
        def answered(stop: bool | None) -> None:
            if stop:
                self._stop("user")

        self.app.push_screen(ConfirmStop(), answered)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(key_rows(self)))

    def _stop(self, reason: StopReason) -> None:
        """Stop the walk (during GET READY, the walk that was about to start: it is kept as
        stopped, like any other)."""
        self._start()
        self.walk_run.stop(reason)

    # --- drawing --------------------------------------------------------------------------

    def _redraw(self) -> None:
        if self._ended or (self.walk_run.started and not self.walk_run.active):
            return
        view = self.walk_run.view()
        ready_in = None if self._ready_at is None else max(0.0, self._ready_at - view.now)
        self._show(walk_look(view, ready_in=ready_in, get_ready=self.get_ready), view.now)
        if ready_in is not None:
            delay = ready_delay(ready_in)
        else:
            delay = wake_delay(view, self.walk_run.next_wakeup(), also=[self._flash_until])
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(delay, self.wake)

    def _show(self, look: WalkLook, now: float) -> None:
        if not self.has_class(f"-{look.kind}"):
            self.remove_class(*KIND_CLASSES)
            self.add_class(f"-{look.kind}")
        getting_ready = self._ready_at is not None
        keys = (look.paused, getting_ready)
        if keys != (self.has_class("-paused"), self.has_class("-get-ready")):
            self.set_class(look.paused, "-paused")
            self.set_class(getting_ready, "-get-ready")
            self.refresh_bindings()  # what space does, in the footer and the palette
        self.set_class(self._flash_until is not None and now < self._flash_until, "-flash")
        self.set_class(bool(look.side), "-sided")
        for name in SHOWN:
            setattr(self, name, getattr(look, name))
        meters = look.meters
        self.query_one("#phase-meter", Meter).show(meters.phase, meters.phase_figure)
        self.query_one("#walk-meter", Meter).show(meters.walk, meters.walk_figure)

    def _end(self) -> None:
        if self._ended:
            return
        self._ended = True
        self._stop_listening()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        while self.app.screen is not self:  # a dialog is open: the walk ended under it
            self.app.pop_screen()
        self.dismiss(None)

"""What the walk screen shows at one moment, and when it next changes: the phase's words
large and small, where it is in the walk, what comes next, times on whole seconds.

The words and figures themselves (`12:30`, `WARM-UP`) come from `walktimer.domain`, as
everywhere else; this module only decides which of them the screen shows where, as plain
data the screen's reactives take (`walk_look`). Text from preset files goes through
`tui.text.shown` (or, for large letters, `BigWord`'s own safe fallback), never as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from rich.text import Text

from walktimer.audio.names import no_clicks_words, sound_words
from walktimer.domain.plan import Phase, Plan
from walktimer.domain.session import (
    COUNTDOWN_SECONDS,
    Status,
    next_countdown_change,
    shown_seconds,
)
from walktimer.domain.words import duration_text
from walktimer.tui.text import shown
from walktimer.walk import Sound, WalkView

ENDING_SECONDS = max(COUNTDOWN_SECONDS)  # the seconds with a countdown cue look different
LATE = 0.001  # wake just after a boundary, never just before it
PAUSED_NOTE = "PAUSED · press space to go on"
SIDE_WORDS = {"left": "LEFT", "right": "RIGHT"}
CHANGE_SIDES = "CHANGE SIDES"
GET_READY = "GET READY"


def countdown(remaining: float) -> str:
    return duration_text(shown_seconds(remaining))


def ending(remaining: float) -> bool:
    """Whether the countdown shows one of the phase's last seconds."""
    return shown_seconds(remaining) <= ENDING_SECONDS


def clock_time(moment: datetime) -> str:
    return f"{moment:%H:%M}"


@dataclass(frozen=True)
class Headline:
    """A phase's words at the top of the walk screen: `word` large (its `fallback` large where
    it does not fit), the `side` large under it, and the `line` in ordinary type that always
    names the kind, so colour is never the only sign."""

    word: str
    fallback: str
    side: str
    line: Text


def headline(phase: Phase) -> Headline:
    """FAST and `Brisk walk` for an interval; for a step of a warm-up or cool-down, the step
    itself (`Knee to chest`) large, its side (LEFT, RIGHT) large, and the kind and full name
    (`COOL-DOWN · Knee to chest, left side`) under them; CHANGE SIDES between two sides."""
    kind = phase.kind.word
    if phase.kind.is_interval or not phase.step_name:
        return Headline(kind, "", "", shown(phase.name, "bold"))
    line = Text(kind, "bold")
    line.append_text(shown(f" · {phase.name}"))
    if phase.switch:
        return Headline(CHANGE_SIDES, kind, "", line)
    side = SIDE_WORDS[phase.side] if phase.side is not None else ""
    return Headline(phase.step_name, kind, side, line)


def position_text(plan: Plan, index: int) -> str:
    """`Round 3/10`, or `Cool-down step 2 of 5` for a routine's steps (a stretch done on each
    side is one step)."""
    phase = plan.phases[index]
    if phase.round is not None:
        return f"Round {phase.round}/{plan.rounds}"
    label = phase.kind.word.capitalize()
    if phase.step is None or phase.steps is None:
        return label
    return f"{label} step {phase.step} of {phase.steps}"


def next_text(plan: Plan, index: int, lead: str = "Next") -> Text:
    """What comes after phase `index` (-1: the first phase, before the walk starts)."""
    if index + 1 >= len(plan.phases):
        return Text(f"{lead}: the end of the walk")
    following = plan.phases[index + 1]
    text = Text(f"{lead}: ")
    text.append(following.kind.word, "bold")
    text.append_text(shown(f" {plan.label(index + 1)} ({duration_text(following.seconds)})"))
    return text


def metronome_text(phase: Phase, sound: Sound) -> Text:
    """` · ♩ 115/min` in an interval with a cadence, or what keeps it silent; nothing in any
    other phase."""
    if phase.cadence is None:
        return Text()
    target = f"♩ {phase.cadence}/min"
    if not sound.clicks:
        return Text(f" · {target}: {no_clicks_words(sound.name)}")
    if not sound.metronome:
        return Text(" · ♩ off (k)")
    return Text(f" · {target}" + (", muted" if sound.muted else ""), "bold")


def sound_text(name: str, muted: bool, volume: int | None = None) -> Text:
    """`sound: simpleaudio · volume 80`, `sound: terminal bell only, muted · volume 80`;
    without a `volume`, `sound: terminal bell only`."""
    muting = ", muted" if muted else ""
    loudness = "" if volume is None else f" · volume {volume}"
    return Text(f"sound: {sound_words(name)}{muting}{loudness}", no_wrap=True)


@dataclass(frozen=True)
class Meters:
    """The two bars: how far into the phase and the walk, with their figures."""

    phase: float
    phase_figure: str
    walk: float
    walk_figure: str


@dataclass(frozen=True)
class WalkLook:
    """Everything the walk screen shows at one moment; each field but `kind`, `paused` and
    `meters` is a reactive of the screen's of the same name."""

    kind: str  # the phase kind's value: the screen's colours
    paused: bool
    meters: Meters
    kind_word: str
    kind_fallback: str
    side: str
    step: Text
    tip: Text
    time_left: str
    widest: str
    ending: bool
    position: Text
    next_up: Text
    ends: Text
    paused_note: Text
    sound: Text


def walk_look(view: WalkView, *, ready_in: float | None = None, get_ready: int = 0) -> WalkLook:
    """The walk as the screen shows it; with `ready_in` (seconds left of `get_ready`), GET
    READY over the first phase, its tip and what follows it: time to get into position."""
    state, plan = view.state, view.plan
    index = state.index
    phase = plan.phases[index] if state.phase is None else state.phase
    paused = state.status is Status.PAUSED
    top = headline(phase)
    elapsed = phase.seconds - float(shown_seconds(state.remaining))
    walk_left = duration_text(shown_seconds(state.walk_remaining))
    meters = Meters(
        elapsed / phase.seconds,
        f"{duration_text(elapsed)} of {duration_text(phase.seconds)}",
        state.position / max(1, state.total_seconds),
        f"{walk_left} left",
    )
    look = WalkLook(
        kind=phase.kind.value,
        paused=paused,
        meters=meters,
        kind_word=top.word,
        kind_fallback=top.fallback,
        side=top.side,
        step=top.line,
        tip=shown(phase.tip),
        time_left=countdown(state.remaining),
        widest=countdown(phase.seconds),
        ending=ending(state.remaining),
        position=Text(position_text(plan, index), "bold") + metronome_text(phase, view.sound),
        next_up=next_text(plan, index),
        ends=Text(f"Ends at {clock_time(view.ends_at)}"),
        paused_note=Text(PAUSED_NOTE if paused else ""),
        sound=sound_text(view.sound.name, view.sound.muted, view.sound.volume),
    )
    if ready_in is None:
        return look
    seconds = shown_seconds(ready_in)
    return replace(
        look,
        kind_word=GET_READY,
        kind_fallback="",
        side="",
        step=next_text(plan, -1, "First"),
        time_left=str(seconds),
        widest=str(get_ready),
        ending=False,
        position=Text(f"The walk starts in {seconds} s", "bold"),
    )


def wake_delay(view: WalkView, wakeup: float | None, *, also: Iterable[float | None] = ()) -> float:
    """Seconds from the view's moment until something on screen changes: the countdown's next
    whole second, the run's next wake-up (a phase boundary, a cue, a checkpoint), `also` (the
    walk clock's times of other changes, such as a flash ending), or, while paused, the next
    minute of the ends-at clock. A millisecond late, so a boundary is never missed."""
    delays = [moment - view.now for moment in also if moment is not None and moment > view.now]
    if wakeup is not None:
        delays.append(wakeup - view.now)
    if view.state.status is Status.RUNNING:
        delays.append(next_countdown_change(view.state.remaining))
    else:
        delays.append(60 - view.wall.second - view.wall.microsecond / 1e6)
    return max(0.0, min(delays)) + LATE


def ready_delay(ready_in: float) -> float:
    """Seconds until the GET READY countdown, `ready_in` seconds from its end, changes."""
    return max(0.0, next_countdown_change(ready_in)) + LATE

"""Which cue marks which moment of the walk, how each one sounds, and the words a voice says.

The cues are meant to be told apart by ear alone, with the screen out of sight: a fast interval
is two quick high beeps, a slow one a single long low tone; a warm-up rises, a cool-down falls,
the end of the walk climbs a whole chord. No two cues share both rhythm and pitch, so none can be
mistaken for another even on a small phone speaker.

The terminal bell has one sound, so there a cue is told by how many times it rings
(`BELL_RINGS`, `RING_GAP` apart): fast twice, slow once, the end of the walk three times; the
start of the warm-up and of the cool-down, a stretch step and a change of sides once each. The
countdown pip does not ring at all: a bell every second before each change would nag more than
it guides.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import assert_never

from walktimer.audio.names import Announcement
from walktimer.domain.plan import Phase, PhaseKind, Plan
from walktimer.domain.session import Countdown, Event, Finished, Held, PhaseStarted, Stopped


class Cue(StrEnum):
    WARMUP = "warmup"
    FAST = "fast"
    SLOW = "slow"
    COOLDOWN = "cooldown"
    STEP = "step"
    SWITCH_SIDES = "sides"
    COUNTDOWN = "pip"
    DONE = "done"
    CLICK = "click"  # the metronome's, at every step of an interval with a cadence

    @property
    def label(self) -> str:
        """The cue's name as `walktimer audio test` prints it."""
        return _LABELS[self]


_LABELS = {
    Cue.WARMUP: "warm-up start",
    Cue.FAST: "fast",
    Cue.SLOW: "slow",
    Cue.COOLDOWN: "cool-down start",
    Cue.STEP: "stretch step",
    Cue.SWITCH_SIDES: "switch sides",
    Cue.COUNTDOWN: "countdown pip",
    Cue.DONE: "walk done",
    Cue.CLICK: "metronome click",
}


@dataclass(frozen=True, slots=True)
class Note:
    """One sine tone, then `rest` seconds of silence before the next note of the cue."""

    hz: int  # whole hertz: see SCORE
    seconds: float
    rest: float = 0.0


# Whole-number pitches that divide 44 100 Hz into a short cycle (42 to 315 samples), so a note
# is one computed cycle repeated. Chords are pure ratios: 4:5:6:8 (588, 735, 882, 1176) and the
# 5:4 third (420 to 525, 700 to 560). Every cue is shorter than one second, the shortest phase.
SCORE: dict[Cue, tuple[Note, ...]] = {
    Cue.WARMUP: (Note(420, 0.16, 0.05), Note(525, 0.24)),
    Cue.FAST: (Note(1050, 0.09, 0.07), Note(1050, 0.09)),
    Cue.SLOW: (Note(392, 0.50),),
    Cue.COOLDOWN: (Note(882, 0.14, 0.04), Note(735, 0.14, 0.04), Note(588, 0.26)),
    Cue.STEP: (Note(630, 0.16),),
    Cue.SWITCH_SIDES: (Note(700, 0.10, 0.05), Note(560, 0.10, 0.05), Note(700, 0.10)),
    Cue.COUNTDOWN: (Note(1323, 0.05),),
    Cue.DONE: (
        Note(588, 0.12, 0.03),
        Note(735, 0.12, 0.03),
        Note(882, 0.12, 0.03),
        Note(1176, 0.36),
    ),
    Cue.CLICK: (Note(2205, 0.010),),
}
CLICK_LEVEL = 0.4  # a click's loudness against a cue's at the same volume: under, not over


RING_GAP = 0.15  # seconds from one ring of the bell to the next within a cue
BELL_RINGS: dict[Cue, int] = {
    Cue.WARMUP: 1,
    Cue.FAST: 2,
    Cue.SLOW: 1,
    Cue.COOLDOWN: 1,
    Cue.STEP: 1,
    Cue.SWITCH_SIDES: 1,
    Cue.COUNTDOWN: 0,
    Cue.DONE: 3,
    Cue.CLICK: 0,
}
_TIMES = {1: "once", 2: "twice", 3: "three times"}


def bell_words(cue: Cue) -> str:
    """How `cue` sounds on the terminal bell, as `walktimer audio test` reports it."""
    count = BELL_RINGS[cue]
    return f"rings {_TIMES[count]}" if count else "not played on the bell"


def bell_meaning() -> str:
    """What a walker hears when only the bell works, in one breath."""
    fast, slow, done = (_TIMES[BELL_RINGS[cue]] for cue in (Cue.FAST, Cue.SLOW, Cue.DONE))
    return f"fast {fast}, slow {slow}, done {done}; no countdown pips, no metronome"


def cue_seconds(cue: Cue) -> float:
    return sum(note.seconds + note.rest for note in SCORE[cue])


ANNOUNCE_EVERY = 5 * 60  # minutes-left: at each multiple of five minutes of walk left


def cue_for_event(
    event: Event, plan: Plan, announce: Collection[Announcement] = ()
) -> tuple[Cue, str | None] | None:
    """The cue for an event, with the words a voice may say after the tone (None: no words).

    Countdown pips carry no words: a voice speaks once a phase, never once a second. A walk
    stopped early has no cue: the walker asked for the stop and knows; nor has a walk held
    while the program was stopped: the next change has its own. `announce` adds to a phase's
    words: its round, the halfway mark, the minutes left.
    """
    match event:
        case Countdown():
            return Cue.COUNTDOWN, None
        case Finished():
            return Cue.DONE, "Walk done"
        case PhaseStarted(index=index, phase=phase):
            cue, words = _phase_cue(plan, index, phase)
            return cue, ". ".join([words, *announcements(plan, index, announce)])
        case Held() | Stopped():
            return None
        case _:
            assert_never(event)


def announcements(plan: Plan, index: int, announce: Collection[Announcement]) -> list[str]:
    """What is said at the start of phase `index` besides its name. Each mark belongs to one
    phase of the plan (the first to start at or after it), so it is said once a walk however
    the walker pauses, and never in the middle of a phase, over the next cue."""
    phase, total = plan.phases[index], plan.total_seconds
    before = plan.phases[index - 1].start if index > 0 else None
    said = []
    if "round" in announce and phase.kind is PhaseKind.FAST and phase.round is not None:
        said.append(f"Round {phase.round} of {plan.rounds}")
    if "halfway" in announce and before is not None and before < total / 2 <= phase.start:
        said.append("Halfway")
    left, left_before = total - phase.start, None if before is None else total - before
    if "minutes-left" in announce and left_before is not None and left >= 60:
        mark = (left_before - 1) // ANNOUNCE_EVERY * ANNOUNCE_EVERY  # the next mark to pass
        if left <= mark and mark > 0:
            minutes = round(left / 60)
            said.append(f"{minutes} minute{'s' if minutes != 1 else ''} left")
    return said


def _phase_cue(plan: Plan, index: int, phase: Phase) -> tuple[Cue, str]:
    if phase.kind is PhaseKind.FAST:
        return Cue.FAST, "Fast"
    if phase.kind is PhaseKind.SLOW:
        return Cue.SLOW, "Slow"
    previous = plan.phases[index - 1] if index > 0 else None
    if previous is None or previous.kind is not phase.kind:
        return (Cue.WARMUP if phase.kind is PhaseKind.WARMUP else Cue.COOLDOWN), phase.name
    if _changes_sides(previous, phase):
        return Cue.SWITCH_SIDES, phase.name
    return Cue.STEP, phase.name


def _changes_sides(previous: Phase, phase: Phase) -> bool:
    """The moment to change sides: the pause for it, or the right side straight after the left.
    The right side after that pause is a start of its own, and sounds like a step."""
    if phase.switch:
        return True
    return phase.side == "right" and previous.side == "left" and previous.step == phase.step

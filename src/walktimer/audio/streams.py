"""What one play of the player sounds: a stream of samples, which may hold more than a cue.

A stream is laid out on the time line of one phase (seconds from the phase's start) and every
sound in it is placed by sample index, never by a timer:

- a cue at its moment; with a lead-in (for a headset that wakes slowly) the stream begins
  earlier, with silence, so the tone itself is still on time;
- in an interval with a cadence, the whole interval is one stream: its cue, then a click at
  every step of the phase's grid (`step` seconds apart, counted from the phase's start, so a
  stream started again after a pause clicks in phase with the first), and the countdown pips,
  mixed in at their moments. No click sounds over the cue, nor while words are being said.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from walktimer.audio.cues import Cue
from walktimer.audio.synth import RATE, Sound

EPSILON = 1e-9
LIMIT = 32_767


@dataclass(frozen=True, slots=True)
class Stream:
    """One play, on its phase's time line. Times are seconds from the phase's start."""

    start: float  # where the stream begins; before 0: silence before the phase's moment
    cue: Cue | None = None  # None: clicks (and pips) only, as on resuming an interval
    cue_at: float = 0.0
    step: float | None = None  # seconds from one click to the next; None: no metronome
    clicks_from: float = 0.0  # no click before this (nor before the cue has ended)
    until: float = 0.0  # every click has ended by this
    pips: tuple[float, ...] = ()  # countdown pips mixed in
    quiet: tuple[float, float] | None = None  # no click in this span: words are being said

    @classmethod
    def cue_alone(cls, cue: Cue, lead_in: float = 0.0) -> Stream:
        """A cue at moment 0, `lead_in` seconds of silence before it."""
        return cls(start=-lead_in, cue=cue)


def render_stream(stream: Stream, sounds: Mapping[Cue, Sound]) -> Sound:
    """The samples of `stream`, with the sounds of `sounds` (one volume, the walker's own
    files or the built-in ones)."""
    parts: list[tuple[float, Sound]] = []
    clicks_from = stream.clicks_from
    if stream.cue is not None:
        cue = sounds[stream.cue]
        parts.append((stream.cue_at, cue))
        clicks_from = max(clicks_from, stream.cue_at + cue.seconds)
    pip = sounds[Cue.COUNTDOWN]
    parts += [(at, pip) for at in stream.pips if at >= stream.start - EPSILON]
    if stream.step is not None:
        click = sounds[Cue.CLICK]
        times = click_times(stream, max(clicks_from, stream.start), click.seconds)
        parts += [(at, click) for at in times]
    return _mix(parts, stream.start)


def click_times(stream: Stream, first: float, length: float) -> list[float]:
    """The phase times of the clicks: every multiple of the step from `first` on whose click
    ends by `until`, outside the quiet span."""
    step = stream.step
    if step is None:
        return []
    k = max(1, math.ceil(first / step - EPSILON))
    times = []
    while (at := k * step) + length <= stream.until + EPSILON:
        if stream.quiet is None or not stream.quiet[0] - length < at < stream.quiet[1]:
            times.append(at)
        k += 1
    return times


def _mix(parts: Sequence[tuple[float, Sound]], start: float) -> Sound:
    placed = [(round((at - start) * RATE), _samples(sound)) for at, sound in parts]
    length = max((index + len(samples) for index, samples in placed), default=0)
    out = array("h", bytes(2 * length))
    for index, samples in placed:
        if index < 0:  # begun before the stream: only its rest is heard
            samples, index = samples[-index:], 0
        end = index + len(samples)
        if not any(out[index:end]):
            out[index:end] = samples
        else:  # sounds meeting (a pip on a click's step): added, never wrapped round
            for offset, value in enumerate(samples, start=index):
                out[offset] = max(-LIMIT, min(LIMIT, out[offset] + value))
    if sys.byteorder == "big":
        out.byteswap()
    return Sound(out.tobytes())


def _samples(sound: Sound) -> array[int]:
    samples = array("h")
    samples.frombytes(sound.pcm)
    if sys.byteorder == "big":
        samples.byteswap()
    return samples

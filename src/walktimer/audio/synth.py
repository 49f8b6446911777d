"""Cue sounds as 16-bit mono PCM at 44.1 kHz, made with the standard library alone.

Every note is a pure sine with a raised-cosine fade in and out, so it starts and ends at zero
and never clicks. The loudest sample stays at or below -3 dBFS, leaving headroom for cheap
speakers and for a mixer adding a cue on top of other sound. The whole set is built once per
volume and cached: playing a cue is then handing ready bytes to a backend.
"""

from __future__ import annotations

import io
import math
import sys
import wave
from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from operator import mul

from walktimer.audio.cues import CLICK_LEVEL, SCORE, Cue, Note

RATE = 44_100
SAMPLE_BYTES = 2
CHANNELS = 1
FADE_SECONDS = 0.008
PEAK = 10 ** (-3 / 20)  # -3 dBFS as a fraction of full scale
FULL_SCALE = 32_767


@dataclass(frozen=True)
class Sound:
    """A cue ready to play: raw little-endian samples, and the same as a WAV file."""

    pcm: bytes

    @property
    def seconds(self) -> float:
        return len(self.pcm) / (SAMPLE_BYTES * RATE)

    def wav(self) -> bytes:
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(CHANNELS)
            out.setsampwidth(SAMPLE_BYTES)
            out.setframerate(RATE)
            out.writeframes(self.pcm)
        return buffer.getvalue()


def gain(volume: int) -> float:
    """Amplitude for a volume of 0-100, as a fraction of full scale.

    Loudness is heard roughly on a logarithmic scale; squaring the setting makes each step of
    the slider sound like a similar change, where a straight line would bunch them at the top.
    """
    level = min(100, max(0, volume)) / 100
    return PEAK * level * level


def render(notes: tuple[Note, ...], volume: int, level: float = 1.0) -> Sound:
    amplitude = math.floor(gain(volume) * level * FULL_SCALE)
    samples = array("h")
    for note in notes:
        samples.extend(_tone(note.hz, round(note.seconds * RATE), amplitude))
        samples.extend(repeat(0, round(note.rest * RATE)))
    if sys.byteorder == "big":
        samples.byteswap()
    return Sound(samples.tobytes())


def silence(seconds: float) -> Sound:
    return Sound(bytes(SAMPLE_BYTES * round(seconds * RATE)))


@cache
def cue_sounds(volume: int) -> Mapping[Cue, Sound]:
    """Every cue at this volume, built on first use and kept for the life of the process."""
    return {
        cue: render(notes, volume, CLICK_LEVEL if cue is Cue.CLICK else 1.0)
        for cue, notes in SCORE.items()
    }


def _tone(hz: int, count: int, amplitude: int) -> array[int]:
    cycle = _cycle(hz, amplitude)
    body = (cycle * (count // len(cycle) + 1))[:count]
    weights = _fade(min(round(FADE_SECONDS * RATE), count // 2))
    fade = len(weights)
    body[:fade] = array("h", map(round, map(mul, body[:fade], weights)))
    body[count - fade :] = array("h", map(round, map(mul, body[count - fade :], reversed(weights))))
    return body


@cache
def _cycle(hz: int, amplitude: int) -> array[int]:
    """The samples after which a whole-number pitch repeats exactly: RATE / gcd(RATE, hz)."""
    length = RATE // math.gcd(RATE, hz)
    step = 2 * math.pi * hz / RATE
    return array("h", (round(amplitude * math.sin(step * k)) for k in range(length)))


@cache
def _fade(count: int) -> tuple[float, ...]:
    """Raised cosine: 0 at the first sample, rising smoothly towards 1 over `count` samples."""
    return tuple(0.5 - 0.5 * math.cos(math.pi * i / count) for i in range(count))

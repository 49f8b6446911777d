"""Listening to PCM with arithmetic: notes found by their silences, pitch by zero crossings.

Used both on the sounds walktimer builds in memory and on what an ALSA device really received,
so the two are judged by the same ear.
"""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass

from walktimer.audio.cues import Note

RATE = 44_100
SILENT_RUN = round(0.005 * RATE)  # this much near-silence separates two notes


@dataclass(frozen=True)
class Heard:
    """One note found in a stream: where it lies (sample indexes) and what it sounds like."""

    start: int
    end: int  # exclusive
    hz: float
    peak: int

    @property
    def seconds(self) -> float:
        return (self.end - self.start) / RATE


def decode(pcm: bytes) -> array[int]:
    """16-bit little-endian samples, the format walktimer plays."""
    samples = array("h")
    samples.frombytes(pcm[: len(pcm) // 2 * 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def peak(samples: array[int]) -> int:
    return max((abs(s) for s in samples), default=0)


def notes(samples: array[int]) -> list[Heard]:
    """The notes of a cue, split wherever it stays within 1% of its peak for 5 ms or more."""
    loudest = peak(samples)
    if loudest == 0:
        return []
    threshold = max(2, loudest // 100)
    found: list[Heard] = []
    start: int | None = None
    last_loud = -SILENT_RUN
    for index, sample in enumerate(samples):
        if abs(sample) <= threshold:
            if start is not None and index - last_loud >= SILENT_RUN:
                found.append(_heard(samples, start, last_loud + 1))
                start = None
            continue
        if start is None:
            start = index
        last_loud = index
    if start is not None:
        found.append(_heard(samples, start, last_loud + 1))
    return found


def frequency(samples: array[int]) -> float:
    """Dominant frequency from upward zero crossings, placed between samples by interpolation."""
    crossings: list[float] = []
    for i in range(1, len(samples)):
        before, after = samples[i - 1], samples[i]
        if before < 0 <= after:
            crossings.append(i - 1 + before / (before - after))
    if len(crossings) < 2:
        return 0.0
    return (len(crossings) - 1) * RATE / (crossings[-1] - crossings[0])


def matches(heard: list[Heard], score: tuple[Note, ...], *, hz_tolerance: float = 0.005) -> bool:
    """Whether the notes heard are the score's: same count, same pitches, about the same length."""
    return len(heard) == len(score) and all(
        abs(h.hz - n.hz) <= n.hz * hz_tolerance and abs(h.seconds - n.seconds) <= 0.005
        for h, n in zip(heard, score, strict=True)
    )


def _heard(samples: array[int], start: int, end: int) -> Heard:
    part = samples[start:end]
    return Heard(start, end, frequency(part), peak(part))

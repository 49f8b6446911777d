"""Listening to PCM with arithmetic: notes found by their silences, pitch by zero crossings,
a known short sound (the metronome's click) found where it lies by correlation.

Used both on the sounds walktimer builds in memory and on what an ALSA device really received,
so the two are judged by the same ear.
"""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass
from operator import mul

from walktimer.audio.cues import Note

RATE = 44_100
SILENT_RUN = round(0.005 * RATE)  # this much near-silence separates two notes
FULL_SCALE = 32_767
FOUND = 0.5  # a sound is there when at least half of it correlates with its template


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


def correlation(samples: array[int], template: array[int], at: int) -> float:
    """How much of `template` lies in `samples` from index `at`: 1.0 where it is there exactly
    (alone, or added to a sound of another pitch), near 0 where it is not."""
    if at < 0 or at + len(template) > len(samples):
        return 0.0
    energy: int = sum(map(mul, template, template))
    overlap: int = sum(map(mul, samples[at : at + len(template)], template))
    return overlap / energy


def placed(samples: array[int], template: array[int], span: range) -> tuple[int, float]:
    """Where in `span` `template` best lies, and how well."""
    best = max(span, key=lambda at: correlation(samples, template, at))
    return best, correlation(samples, template, best)


def clicks(samples: array[int], click: array[int], click_hz: float) -> list[int]:
    """The first sample of every `click` in `samples`: a short note of the click's pitch, or
    a click added to a longer note, from its first sample on (a click on a pip's moment) or
    anywhere within it (a click too close to a pip to be a note of its own).

    A note is a click when it is shorter than 15 ms at the click's pitch (within 1%). Within a
    longer note the click's own samples are looked for a few samples apart (a fit stays above
    half within a fifth of the click's cycle of its peaks), then to the sample where they fit
    best: exactly 1.0, where a cycle away fits 0.99."""
    found = []
    for heard in notes(samples):
        if heard.seconds < 0.015 and abs(heard.hz - click_hz) <= click_hz * 0.01:
            found.append(placed(samples, click, range(heard.start - 60, heard.start + 20))[0])
            continue
        at = heard.start - 40
        while at < heard.end:
            if correlation(samples, click, at) < FOUND:
                at += 4
                continue
            # The fit passes half up to a third of the click's length before its best (and
            # nearly reaches it a cycle either side): the best within the click's length.
            best, _ = placed(samples, click, range(at - 4, at + len(click)))
            found.append(best)
            at = best + len(click)
    return found


def first_above(samples: array[int], dbfs: float) -> int | None:
    """The index of the first sample louder than `dbfs` (of full scale), if any."""
    level = FULL_SCALE * 10 ** (dbfs / 20)
    return next((i for i, s in enumerate(samples) if abs(s) > level), None)

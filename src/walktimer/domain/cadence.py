"""Steps per minute from taps: the walker presses a key at each step, and the time between the
presses gives the pace.

A missed tap doubles an interval and a doubled tap splits one, so each interval is judged
against the median of them all. A tap that comes sooner than `LOW` of the median after the last
tap kept is an extra: it is left out, and the next step is timed from the tap before it. A gap
longer than `HIGH` of the median (a missed tap, a stumble) is not timed: the tap after it is
left out and starts the timing again. The pace is the median of the intervals kept, which a
stray one cannot move, rounded to a whole step.

`Tapping` is one measurement as both front ends run it: the seconds count from the first tap,
so the walker starts when ready. Times are the caller's clock (monotonic seconds); nothing
here reads one. The words shown for a measurement are here too, the one place for them.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

MIN_CADENCE, MAX_CADENCE = 60, 200  # steps a minute a metronome can be set to
MIN_TAPS = 4  # taps kept, at the least, for a pace to be told
LOW, HIGH = 0.6, 1.6  # an interval is kept within these shares of the median
DEFAULT_SECONDS = 20
MIN_SECONDS, MAX_SECONDS = 5, 120  # how long a measurement may listen for


@dataclass(frozen=True)
class Cadence:
    """A measurement: the pace, and how it was found."""

    steps_per_minute: int | None
    """None: too few taps were kept to tell."""
    taps: int
    """Every tap counted, the first one too."""
    left_out: int
    """Taps whose step was not timed: extras, and those after a gap."""

    @property
    def suggested(self) -> int | None:
        """The pace for the metronome: the one measured, brought within its range."""
        if self.steps_per_minute is None:
            return None
        return max(MIN_CADENCE, min(MAX_CADENCE, self.steps_per_minute))

    @property
    def in_range(self) -> bool:
        return self.steps_per_minute is not None and self.suggested == self.steps_per_minute


def measure(taps: Sequence[float]) -> Cadence:
    """The pace of `taps` (times in seconds, in the order they came)."""
    times = sorted(taps)
    gaps = [later - earlier for earlier, later in pairwise(times)]
    median = statistics.median(gaps) if gaps else 0.0
    if median <= 0:
        return Cadence(None, len(times), 0)
    kept: list[float] = []
    left_out = 0
    last = times[0]
    for time in times[1:]:
        gap = time - last
        if gap < LOW * median:  # an extra tap: the step goes on from the last one kept
            left_out += 1
            continue
        if gap <= HIGH * median:
            kept.append(gap)
        else:  # a step missed, or a stop: timing starts again here
            left_out += 1
        last = time
    if len(kept) + 1 < MIN_TAPS:
        return Cadence(None, len(times), left_out)
    return Cadence(round(60 / statistics.median(kept)), len(times), left_out)


@dataclass
class Tapping:
    """One measurement under way: `seconds` from the first tap, then it is over."""

    seconds: float = DEFAULT_SECONDS
    taps: list[float] = field(default_factory=list)

    @property
    def ends_at(self) -> float | None:
        """When the listening ends; None until the first tap."""
        return self.taps[0] + self.seconds if self.taps else None

    def over(self, now: float) -> bool:
        ends = self.ends_at
        return ends is not None and now >= ends

    def tap(self, now: float) -> bool:
        """A step at `now`; False (not counted) once the time is over."""
        if self.over(now):
            return False
        self.taps.append(now)
        return True

    def left(self, now: float) -> int:
        """Whole seconds left, rounded up (all of them before the first tap)."""
        ends = self.ends_at
        if ends is None:
            return math.ceil(self.seconds)
        return max(0, math.ceil(ends - now))

    def next_second(self, now: float) -> float:
        """How long until the seconds left next change (the whole time before the first
        tap: nothing changes until then)."""
        ends = self.ends_at
        if ends is None:
            return self.seconds
        remaining = ends - now
        if remaining <= 0:
            return 0.0
        return remaining - (math.ceil(remaining) - 1)

    def result(self) -> Cadence:
        return measure(self.taps)


# --- the words ------------------------------------------------------------------------------


def steps_text(steps_per_minute: int, *, short: bool = False) -> str:
    """`118 steps a minute`; `short`: `118 steps/min`, where a line holds several paces."""
    unit = "steps/min" if short else "steps a minute"
    return f"{steps_per_minute} {unit}"


def cadence_text(fast: int | None, slow: int | None) -> str:
    """A walk's metronome: `115 steps a minute in fast intervals, 95 in slow`; `... in fast
    intervals only`; `none`."""
    if fast is not None and slow is not None:
        return f"{steps_text(fast)} in fast intervals, {slow} in slow"
    if fast is not None:
        return f"{steps_text(fast)} in fast intervals only"
    if slow is not None:
        return f"{steps_text(slow)} in slow intervals only"
    return "none"


def measured_text(cadence: Cadence) -> str:
    """`118 steps a minute (from 40 taps, 2 left out)`; for a measurement with a pace."""
    assert cadence.steps_per_minute is not None
    left_out = f", {cadence.left_out} left out" if cadence.left_out else ""
    return f"{steps_text(cadence.steps_per_minute)} (from {cadence.taps} taps{left_out})"


def too_few_text(cadence: Cadence) -> str:
    """`too few steps to tell your cadence (3 of 5 taps kept; at least 4 are needed)`."""
    kept = cadence.taps - cadence.left_out
    taps = f"{kept} of {cadence.taps} taps kept" if cadence.left_out else f"{kept} taps"
    return f"too few steps to tell your cadence ({taps}; at least {MIN_TAPS} are needed)"


def range_text(cadence: Cadence) -> str | None:
    """What the metronome does with a pace beyond its range; None within it."""
    if cadence.steps_per_minute is None or cadence.in_range:
        return None
    side = "more" if cadence.steps_per_minute > MAX_CADENCE else "fewer"
    return (
        f"The metronome clicks {MIN_CADENCE} to {MAX_CADENCE} steps a minute: "
        f"{cadence.steps_per_minute} is {side}, so {cadence.suggested} is the nearest."
    )


def progress_text(tapping: Tapping, now: float) -> str:
    """`12 taps · 14 s left · 118 steps a minute`: a measurement under way, in one line."""
    if not tapping.taps:
        return f"Waiting for your first step ({tapping.left(now)} s from then)"
    parts = [f"{len(tapping.taps)} taps", f"{tapping.left(now)} s left"]
    if (pace := tapping.result().steps_per_minute) is not None:
        parts.append(steps_text(pace))
    return " · ".join(parts)


def cadence_option(cadence: Cadence) -> str:
    """`--cadence 118`: the measured pace for `walktimer run`, within the metronome's range."""
    return f"--cadence {cadence.suggested}"


def result_lines(cadence: Cadence) -> list[str]:
    """What a measurement says, line by line; empty when there is no pace to tell."""
    if cadence.steps_per_minute is None:
        return []
    lines = [f"Your cadence: {measured_text(cadence)}."]
    if beyond := range_text(cadence):
        lines.append(beyond)
    lines.append(f"For brisk intervals at this pace: walktimer run WALK {cadence_option(cadence)}")
    return lines

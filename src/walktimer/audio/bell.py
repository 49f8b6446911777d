"""The terminal bell as a backend: a cue is told by how many times the bell rings.

A pattern's first ring is rung at once, by the caller; the others are due a fraction of a
second later, and neither the app's event loop nor plain mode's loop may sleep for them. So
they go to `Later`: one thread rings them at their times and ends when none is left, a new cue
drops the rings still due of the one before, and closing waits a bounded time for the last
pattern, then drops what is left, so nothing rings once the front end has let go of the
terminal. A ring that hangs (a terminal that stopped reading) holds up only that thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from walktimer.audio.cues import BELL_RINGS, RING_GAP, Cue
from walktimer.audio.later import Later
from walktimer.audio.protocol import AudioError, reason
from walktimer.audio.synth import Sound

# The longest the later rings are waited for: the longest pattern, and a margin.
PATTERN_SECONDS = RING_GAP * (max(BELL_RINGS.values()) - 1) + 0.5


class BellBackend:
    """The terminal bell, rung by the front end: a cue is told by how many times it rings
    (`BELL_RINGS`): fast twice, slow once, done three times, every other change once, the
    countdown pip never.

    The first ring is rung at once on the caller's thread; the others, `RING_GAP` apart, by a
    thread of their own (`Later`), so `ring` must be safe to call from any thread. The caller
    never waits for a pattern; a ring that fails there is raised by the next cue.
    """

    name = "bell"
    streams = False  # rings only: no lead-in, no metronome

    def __init__(self, ring: Callable[[], None]) -> None:
        self._ring = ring
        self._later: Later[None] = Later(lambda _: ring(), name="walktimer-bell")

    def play(self, sound: Sound, cue: Cue | None = None) -> None:
        self._check()
        count = 0 if cue is None else BELL_RINGS[cue]
        if count == 0:
            return
        now = time.monotonic()
        self._later.schedule([(now + RING_GAP * k, None) for k in range(1, count)])
        try:
            self._ring()
        except Exception as exc:
            self._later.schedule(())
            raise AudioError(f"the terminal bell failed: {reason(exc)}") from None

    def stop(self) -> None:
        """The rings of a pattern still to come are dropped."""
        self._later.schedule(())

    def wait(self) -> None:
        self._later.wait(PATTERN_SECONDS)
        self._check()

    def close(self) -> None:
        """The last cue rings out (the end of the walk rings three times), then nothing."""
        self._later.close(PATTERN_SECONDS)

    def _check(self) -> None:
        if (problem := self._later.take_problem()) is not None:
            raise AudioError(f"the terminal bell failed: {reason(problem)}")

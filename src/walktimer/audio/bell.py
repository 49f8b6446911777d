"""The terminal bell as a backend: a cue is told by how many times the bell rings.

A pattern's first ring is rung at once, by the caller; the others are due a fraction of a
second later, and neither the app's event loop nor plain mode's loop may sleep for them. So
they go to `LaterRings`: one thread rings them at their times and ends when none is left, a
new cue drops the rings still due of the one before, and closing waits a bounded time for the
last pattern, then drops what is left, so nothing rings once the front end has let go of the
terminal. A ring that hangs (a terminal that stopped reading) holds up only that thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from walktimer.audio.cues import BELL_RINGS, RING_GAP, Cue
from walktimer.audio.protocol import AudioError, reason
from walktimer.audio.synth import Sound

# The longest the later rings are waited for: the longest pattern, and a margin.
PATTERN_SECONDS = RING_GAP * (max(BELL_RINGS.values()) - 1) + 0.5
JOIN_SECONDS = 0.2  # after closing: how long a ring under way may take before it is left alone


class LaterRings:
    """Rings due at set times, rung by a thread of their own."""

    def __init__(self, ring: Callable[[], None]) -> None:
        """`ring` is called on this object's thread: it must be safe to call from any thread."""
        self._ring = ring
        self._cond = threading.Condition()
        self._due: list[float] = []  # time.monotonic() of each ring still to come, in order
        self._thread: threading.Thread | None = None
        self._closed = False
        self._problem: Exception | None = None

    def schedule(self, times: Sequence[float]) -> None:
        """Ring at each of `times` (on `time.monotonic`); the rings still due are dropped."""
        with self._cond:
            if self._closed:
                return
            self._due = sorted(times)
            if self._due and self._thread is None:
                self._thread = threading.Thread(target=self._run, name="walktimer-bell")
                self._thread.daemon = True  # a hung ring never keeps the program alive
                self._thread.start()
            self._cond.notify_all()

    def wait(self, timeout: float) -> None:
        """Return once no ring is due or under way, or after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._thread is not None and (left := deadline - time.monotonic()) > 0:
                self._cond.wait(left)

    def close(self, timeout: float) -> None:
        """Let the rings due within `timeout` ring, then drop the rest: none rings after."""
        self.wait(timeout)
        with self._cond:
            self._closed = True
            self._due.clear()
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(JOIN_SECONDS)

    def take_problem(self) -> Exception | None:
        """Why a later ring failed, once; the rings after it were dropped."""
        with self._cond:
            problem, self._problem = self._problem, None
            return problem

    def _run(self) -> None:
        while self._next():
            try:
                self._ring()
            except Exception as exc:  # reported to the caller's thread, never raised here
                with self._cond:
                    self._problem = exc
                    self._due.clear()

    def _next(self) -> bool:
        """Wait for the next ring's time; False when none is due (the thread then ends)."""
        with self._cond:
            while self._due and not self._closed:
                left = self._due[0] - time.monotonic()
                if left <= 0:
                    self._due.pop(0)
                    return True
                self._cond.wait(left)
            self._thread = None
            self._cond.notify_all()
            return False


class BellBackend:
    """The terminal bell, rung by the front end: a cue is told by how many times it rings
    (`BELL_RINGS`): fast twice, slow once, done three times, every other change once, the
    countdown pip never.

    The first ring is rung at once on the caller's thread; the others, `RING_GAP` apart, by a
    thread of their own (`LaterRings`), so `ring` must be safe to call from any thread. The
    caller never waits for a pattern; a ring that fails there is raised by the next cue.
    """

    name = "bell"
    streams = False  # rings only: no lead-in, no metronome

    def __init__(self, ring: Callable[[], None]) -> None:
        self._ring = ring
        self._later = LaterRings(ring)

    def play(self, sound: Sound, cue: Cue | None = None) -> None:
        self._check()
        count = 0 if cue is None else BELL_RINGS[cue]
        if count == 0:
            return
        now = time.monotonic()
        self._later.schedule([now + RING_GAP * k for k in range(1, count)])
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

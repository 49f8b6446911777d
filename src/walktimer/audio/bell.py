"""The terminal bell as a backend: a cue is told by how many times the bell rings.

A pattern's first ring is rung at once, by the caller; the others are due a fraction of a
second later, and neither the app's event loop nor plain mode's loop may sleep for them. So
they go to `Later`: one thread rings them at their times and ends when none is left, a new cue
drops the rings still due of the one before, and closing waits a bounded time for the last
pattern, then drops what is left, so nothing rings once the front end has let go of the
terminal. A ring that hangs (a terminal that stopped reading) holds up only that thread.
`Later` serves whatever else must happen at its time or in its turn without holding up the
walk: a phone's vibrations, and the Termux commands run one after another.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from walktimer.audio.cues import BELL_RINGS, RING_GAP, Cue
from walktimer.audio.protocol import AudioError, reason
from walktimer.audio.synth import Sound

# The longest the later rings are waited for: the longest pattern, and a margin.
PATTERN_SECONDS = RING_GAP * (max(BELL_RINGS.values()) - 1) + 0.5
JOIN_SECONDS = 0.2  # after closing: how long a ring under way may take before it is left alone

T = TypeVar("T")


class Later(Generic[T]):
    """Things to do at set times, each handed to `act` in turn by a thread of their own.

    The thread runs only while something is due: it ends when nothing is left, and the next
    thing due starts another. `act` never holds up the caller, only the things due after it.
    """

    def __init__(self, act: Callable[[T], None], *, name: str) -> None:
        """`act` is called on this object's thread (named `name`): it must be safe to call
        from any thread. What it raises is kept for `take_problem`, and what was due after it
        is dropped."""
        self._act = act
        self._name = name
        self._cond = threading.Condition()
        self._due: list[tuple[float, T]] = []  # (time.monotonic(), thing) still to come, in order
        self._thread: threading.Thread | None = None
        self._closed = False
        self._problem: Exception | None = None

    def schedule(self, due: Iterable[tuple[float, T]]) -> None:
        """Do each thing at its time (on `time.monotonic`); what was due before is dropped."""
        with self._cond:
            if self._closed:
                return
            self._due = sorted(due, key=lambda each: each[0])
            self._start()

    def add(self, thing: T, *, replacing: Callable[[T], bool] | None = None) -> None:
        """Do `thing` now, once what is due already is done; the things still due that
        `replacing` picks are dropped first (a newer request makes them pointless)."""
        with self._cond:
            if self._closed:
                return
            if replacing is not None:
                self._due = [each for each in self._due if not replacing(each[1])]
            now = time.monotonic()
            bisect.insort(self._due, (now, thing), key=lambda each: each[0])
            self._start()

    def wait(self, timeout: float) -> None:
        """Return once nothing is due or under way, or after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._thread is not None and (left := deadline - time.monotonic()) > 0:
                self._cond.wait(left)

    def close(self, timeout: float) -> None:
        """Let what is due within `timeout` be done, then drop the rest: nothing is after."""
        self.wait(timeout)
        with self._cond:
            self._closed = True
            self._due.clear()
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(JOIN_SECONDS)

    def take_problem(self) -> Exception | None:
        """Why a thing failed, once; what was due after it was dropped."""
        with self._cond:
            problem, self._problem = self._problem, None
            return problem

    def _start(self) -> None:
        """With the lock held: a thread for what is due, if none runs; wake it to look again."""
        if self._due and self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self._name)
            self._thread.daemon = True  # a hung act never keeps the program alive
            self._thread.start()
        self._cond.notify_all()

    def _run(self) -> None:
        while (due := self._next()) is not None:
            try:
                self._act(due[0])
            except Exception as exc:  # reported to the caller's thread, never raised here
                with self._cond:
                    self._problem = exc
                    self._due.clear()

    def _next(self) -> tuple[T] | None:
        """Wait for the next thing's time; None when nothing is due (the thread then ends)."""
        with self._cond:
            while self._due and not self._closed:
                left = self._due[0][0] - time.monotonic()
                if left <= 0:
                    return (self._due.pop(0)[1],)
                self._cond.wait(left)
            self._thread = None
            self._cond.notify_all()
            return None


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

"""Things to do at their time, or in their turn, without holding up the walk.

The bell's later rings, a phone's vibrations and the Termux:API commands that must run one after
another all go to a `Later`: one thread does each thing at its time and ends when none is left;
closing waits a bounded time for what is due, then drops the rest, so nothing happens once its
owner has let go.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

JOIN_SECONDS = 0.2  # after closing: how long a thing under way may take before it is left alone

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

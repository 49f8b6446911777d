"""`walktimer cadence`: tap space (or Enter) at each step while walking; it tells the steps a
minute, and the `--cadence` that sets the metronome of brisk intervals to that pace.

The keys come one at a time from the walker's terminal (`plain.Keys`), and every wait for one
has a timeout: the seconds left are rewritten on one line as they pass (on standard error, when
it is a terminal), and the listening ends on time with no key pressed. The seconds count from
the first tap, so the walker starts when ready; q, or Ctrl-C, ends it sooner and what was
tapped is told all the same. The measuring and its words are `domain.cadence`.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import time
from collections.abc import Callable, Iterator
from types import FrameType
from typing import TextIO

from walktimer.domain.cadence import (
    MAX_SECONDS,
    MIN_SECONDS,
    Cadence,
    Tapping,
    progress_text,
    result_lines,
    too_few_text,
)
from walktimer.errors import EXIT_FAILURE, EXIT_OK, UsageError
from walktimer.plain import Keys, KeySource, Terminated

STEP_KEYS = frozenset(" \n\r")
END_KEYS = frozenset("qQ")
FIRST_TAP_SECONDS = 300.0  # with no step tapped in this long, it ends with nothing to tell
NOT_A_TERMINAL = "cadence needs a terminal to tap in"


class _Interrupted(Exception):
    """Ctrl-C while listening: the end, as q is."""


def run(args: argparse.Namespace) -> int:
    seconds: int = args.seconds
    if problems := seconds_problems(seconds):
        raise UsageError(problems)
    if not sys.stdin.isatty():
        raise UsageError([NOT_A_TERMINAL])
    progress = Progress(sys.stderr)
    progress.say(f"Tap space (or Enter) at each step: {seconds} s from your first; q ends sooner.")
    tapping = Tapping(seconds)
    keys = Keys(sys.stdin)
    with keys.raw(), _ctrl_c_ends():
        listen(tapping, keys, time.monotonic, progress.show)
    progress.show(tapping, time.monotonic())
    progress.done()
    return report(tapping.result(), sys.stdout, sys.stderr)


def seconds_problems(seconds: int) -> list[str]:
    if seconds < MIN_SECONDS:
        return [f"--seconds: expected an integer >= {MIN_SECONDS}, got {seconds}"]
    if seconds > MAX_SECONDS:
        return [f"--seconds: expected an integer <= {MAX_SECONDS}, got {seconds}"]
    return []


def listen(
    tapping: Tapping,
    keys: KeySource,
    clock: Callable[[], float],
    show: Callable[[Tapping, float], None],
    *,
    first_tap_seconds: float = FIRST_TAP_SECONDS,
) -> None:
    """Take the taps until the time is over, q (or Ctrl-C) is pressed, the terminal closes, or
    no first tap comes within `first_tap_seconds`. `show` is called at each change."""
    started = clock()
    try:
        while True:
            now = clock()
            waited = now - started
            if tapping.over(now) or (not tapping.taps and waited >= first_tap_seconds):
                return
            show(tapping, now)
            timeout = tapping.next_second(now) if tapping.taps else first_tap_seconds - waited
            key = keys.read(max(0.0, timeout))
            if key in END_KEYS:
                return
            if key in STEP_KEYS:
                tapping.tap(clock())
    except (_Interrupted, Terminated):
        return


def report(cadence: Cadence, out: TextIO, err: TextIO) -> int:
    """The result on `out` (exit 0); too few taps: one line on `err` (exit 1)."""
    lines = result_lines(cadence)
    if not lines:
        print(f"walktimer: {too_few_text(cadence)}", file=err)
        return EXIT_FAILURE
    for line in lines:
        print(line, file=out)
    return EXIT_OK


class Progress:
    """The line that says how the measurement goes, rewritten in place; only on a terminal
    (in a file, a line rewritten would be a line repeated)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._live = stream.isatty()
        self._width = 0  # of the line now shown

    def say(self, line: str) -> None:
        self._write(f"{line}\n")

    def show(self, tapping: Tapping, now: float) -> None:
        if not self._live:
            return
        text = progress_text(tapping, now)
        self._write(f"\r{text:<{self._width}}")
        self._width = len(text)

    def done(self) -> None:
        if self._live and self._width:
            self._write("\n")

    def _write(self, text: str) -> None:
        with contextlib.suppress(OSError):  # a terminal gone is no reason to lose the result
            self._stream.write(text)
            self._stream.flush()


@contextlib.contextmanager
def _ctrl_c_ends() -> Iterator[None]:
    """Ctrl-C ends the listening as q does, instead of ending the program."""

    def interrupted(signum: int, frame: FrameType | None) -> None:
        raise _Interrupted

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    except _Interrupted:
        pass
    finally:
        signal.signal(signal.SIGINT, previous)

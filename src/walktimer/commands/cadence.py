"""`walktimer cadence`: tap space (or Enter) at each step while walking; it tells the steps a
minute, and the `--cadence` that sets the metronome of brisk intervals to that pace.

The keys come one at a time from the walker's terminal (`plain.Keys`), and every wait for one
has a timeout: the seconds left are rewritten on one line as they pass (on standard error, when
it is a terminal), and the listening ends on time with no key pressed. The seconds count from
the first tap, so the walker starts when ready; q (or Ctrl-C, SIGTERM, SIGHUP) ends it sooner
and what was tapped is told all the same. Keys tapped after the end are dropped before the
terminal goes back to line mode, so that none of them reaches the shell. The measuring and its
words are `domain.cadence`.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import termios
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
from walktimer.domain.presets import check_int
from walktimer.errors import EXIT_FAILURE, EXIT_OK, UsageError
from walktimer.plain import CLOSING_SIGNALS, Keys, KeySource, Terminated

STEP_KEYS = frozenset(" \n\r")
END_KEYS = frozenset("qQ")
FIRST_TAP_SECONDS = 300.0  # with no step tapped in this long, it ends with nothing to tell
NOT_A_TERMINAL = "cadence needs a terminal to tap in"


class _Interrupted(Exception):
    """Ctrl-C, SIGTERM or SIGHUP while listening: the end, as q is."""


def run(args: argparse.Namespace) -> int:
    seconds: int = args.seconds
    if problems := check_int("--seconds", seconds, MIN_SECONDS, MAX_SECONDS):
        raise UsageError(problems)
    if not sys.stdin.isatty():
        raise UsageError([NOT_A_TERMINAL])
    progress = Progress(sys.stderr)
    progress.say(f"Tap space (or Enter) at each step: {seconds} s from your first; q ends sooner.")
    tapping = Tapping(seconds)
    keys = Keys(sys.stdin)
    with keys.raw(), _signals_end():
        listen(tapping, keys, time.monotonic, progress.show)
        _drop_typed_ahead(sys.stdin)
    progress.show(tapping, time.monotonic())
    progress.done()
    return report(tapping.result(), sys.stdout, sys.stderr)


def listen(
    tapping: Tapping,
    keys: KeySource,
    clock: Callable[[], float],
    show: Callable[[Tapping, float], None],
    *,
    first_tap_seconds: float = FIRST_TAP_SECONDS,
) -> None:
    """Take the taps until the time is over, q is pressed (or Ctrl-C, SIGTERM, SIGHUP come:
    `_signals_end`), the terminal closes, or no first tap comes within `first_tap_seconds`.
    `show` is called at each change."""
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


def _drop_typed_ahead(stdin: TextIO) -> None:
    """Forget the keys typed but not read: steps tapped on after the end would otherwise be
    read by the shell once the program is over."""
    with contextlib.suppress(OSError, termios.error):  # a terminal gone has none to keep
        termios.tcflush(stdin.fileno(), termios.TCIFLUSH)


@contextlib.contextmanager
def _signals_end() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP end the listening as q does, instead of ending the program
    with the terminal still set to single keys; what was tapped is told all the same."""

    def interrupted(signum: int, frame: FrameType | None) -> None:
        raise _Interrupted

    previous = {sig: signal.signal(sig, interrupted) for sig in CLOSING_SIGNALS}
    try:
        yield
    except _Interrupted:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

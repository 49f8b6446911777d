"""Test doubles shared by the tests and the benchmarks: a clock that moves only when told, a
player that records what it was asked to sound, a companion that records what it was told,
scripted key presses for plain mode, and the command line run in this process instead of a
subprocess."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from walktimer.audio import Cue
from walktimer.audio.streams import Stream, render_stream
from walktimer.audio.synth import cue_sounds
from walktimer.cli import main

if TYPE_CHECKING:  # the benchmarks use these fakes too, without pytest
    import pytest

    from walktimer.walk import WalkView

START = 1000.0
"""Where a FakeClock starts unless told: far enough from 0 that a time mistaken for a
duration shows."""

FROZEN = datetime(2026, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=1)))
"""The wall-clock time a FakeClock's `wall()` reads at its start: a Wednesday, UTC+1."""


class FakeClock:
    """A monotonic clock that moves only when a test moves it.

    Call it for the time. `advance` (or `sleep`, for code that takes a wait function) moves it
    on; tests may also set `now` directly. `wall()` is the wall clock that goes with it.
    """

    def __init__(self, now: float = START) -> None:
        self.now = now
        self._start = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        """A wait that returns at once, having moved the clock; negative, it fails like
        `time.sleep`."""
        if seconds < 0:
            raise ValueError(f"sleep length must be non-negative, got {seconds}")
        self.advance(seconds)

    def wall(self) -> datetime:
        """The wall clock: FROZEN at the start, moving with the clock."""
        return FROZEN + timedelta(seconds=self.now - self._start)


@dataclass
class RecordingPlayer:
    """A walktimer `Player` that records what it is asked to play (nothing while muted): the
    cues with their words in `played`, every stream in `plays` with the fake clock's time (0
    without a `clock`), and the time of each silencing in `stops`. `streams=False` stands for
    the terminal bell: no lead-ins, no clicks."""

    name: str = "test player"
    muted: bool = False
    volume: int = 80
    streams: bool = True
    speaks: bool = False
    clock: FakeClock | None = None
    played: list[tuple[Cue, str | None]] = field(default_factory=list)
    plays: list[tuple[float, Stream]] = field(default_factory=list)
    stops: list[float] = field(default_factory=list)
    volumes: list[int] = field(default_factory=list)
    closed: bool = False

    def play(self, stream: Stream, words: str | None = None) -> float:
        if self.muted:
            return 0.0
        self.plays.append((self._now(), stream))
        if stream.cue is not None:
            self.played.append((stream.cue, words))
        return render_stream(stream, cue_sounds(self.volume)).seconds

    def stop(self) -> None:
        self.stops.append(self._now())

    def cue_seconds(self, cue: Cue) -> float:
        return cue_sounds(self.volume)[cue].seconds

    def _now(self) -> float:
        return self.clock.now if self.clock is not None else 0.0

    def set_volume(self, volume: int) -> None:
        self.volume = volume
        self.volumes.append(volume)

    def close(self) -> None:
        self.closed = True


@dataclass
class RecordingCompanion:
    """A `walk.Companion` (what stands beside a walk: the phone's wake lock and notification)
    that keeps what it was told."""

    begun: int = 0
    views: list[WalkView] = field(default_factory=list)
    ended: int = 0

    def begin(self) -> None:
        self.begun += 1

    def changed(self, view: WalkView) -> None:
        self.views.append(view)

    def end(self) -> None:
        self.ended += 1


class ScriptedKeys:
    """Key presses at fake-clock times, for plain mode: read() moves the clock like a real wait.

    Each press is (seconds after the clock's time when the keys are made, key). `pending` holds
    the presses not read yet, so a test can check that every one was.
    """

    def __init__(self, clock: FakeClock, presses: Iterable[tuple[float, str]]) -> None:
        self.clock = clock
        origin = clock.now
        self.pending: deque[tuple[float, str]] = deque(
            sorted(((origin + offset, key) for offset, key in presses), key=lambda p: p[0])
        )

    @contextlib.contextmanager
    def raw(self) -> Iterator[ScriptedKeys]:
        yield self

    def read(self, timeout: float | None, wake: int | None = None) -> str | None:
        """The next press if it comes within `timeout` (the clock moves to it, never back);
        else None, the clock moved on by `timeout`. Nothing else wakes it (`wake`)."""
        if self.pending:
            due, key = self.pending[0]
            if timeout is None or self.clock.now + timeout >= due:
                self.pending.popleft()
                self.clock.now = max(self.clock.now, due)
                return key
        elif timeout is None:
            raise AssertionError("no key presses left and no timeout: the walk would wait forever")
        self.clock.advance(timeout)
        return None


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> subprocess.CompletedProcess[str]:
    """`walktimer ARGS` run by `walktimer.cli.main` in this process: the exit code and output
    that `subprocess.run(..., capture_output=True, text=True)` of the program would give.

    For tests of what a command prints and returns, where the process itself is not the point.
    The XDG folders are the test's own (the autouse `xdg` fixture sets them in the environment).
    """
    capsys.readouterr()  # only what the command prints
    try:
        code = main(list(args))
    except SystemExit as exit:  # argparse's --version, --help and usage errors
        if exit.code is None or isinstance(exit.code, int):
            code = exit.code or 0
        else:  # as the interpreter does with `sys.exit("message")`
            print(exit.code, file=sys.stderr)
            code = 1
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(["walktimer", *args], code, out, err)

"""Plain mode: the walk as lines of text, for screen readers, SSH and pipes.

Standard output carries exactly one line per phase start (`MM:SS KIND name (duration)`) and a
last `MM:SS DONE`, each flushed at once. Tips, key feedback and questions go to standard error,
so a script reading standard output sees only the timeline.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import termios
import time
import tty
from collections.abc import Iterator
from functools import partial
from types import FrameType
from typing import TextIO

from walktimer.domain.session import Event, Finished, PhaseStarted, Status
from walktimer.notes import PAIN_NOTE, RISE_NOTE
from walktimer.walk import WalkRun


class Terminated(Exception):
    """SIGTERM or SIGHUP: save the walk at once and leave."""


class Keys:
    """Single key presses from a terminal, without waiting for Enter."""

    def __init__(self, stream: TextIO) -> None:
        self._fd = stream.fileno()

    @contextlib.contextmanager
    def raw(self) -> Iterator[Keys]:
        saved = termios.tcgetattr(self._fd)
        tty.setcbreak(self._fd)
        try:
            yield self
        finally:
            termios.tcsetattr(self._fd, termios.TCSADRAIN, saved)

    def read(self, timeout: float | None) -> str | None:
        ready, _, _ = select.select([self._fd], [], [], timeout)
        if not ready:
            return None
        data = os.read(self._fd, 16)
        return data.decode("utf-8", "replace")[:1] if data else None


def run_plain(run: WalkRun, *, prompts: bool, out: TextIO, err: TextIO, keys: Keys | None) -> int:
    """Walk the plan in real time; returns the exit code (1 only if the summary was not saved)."""
    ask = _Asker(sys.stdin, err) if prompts else None
    if ask:
        run.pain_before = ask.rating("How does your back feel now, 0 (no pain) to 10 (worst)?")
    if keys is not None:
        err.write(
            "Keys: space pause/resume, n skip, b back, m mute, p stop because of pain, q stop\n"
        )
    pain_after: int | None = None
    effort: int | None = None
    notes: str | None = None
    previous = {sig: signal.signal(sig, _terminate) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        _walk(run, keys, out, err)
        if run.session.stop_reason == "pain":
            err.write(PAIN_NOTE + "\n")
        if ask:
            pain_after = ask.rating("And now, 0 to 10?")
            effort = ask.rating("How hard was it, 0 (rest) to 10 (maximum effort)?")
            notes = ask.line("Notes (Enter to skip):") or None
    except (KeyboardInterrupt, Terminated):
        # During the walk: stop it. During the questions: keep the answers given so far.
        if run.session.active:
            run.stop("user")
        with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
            err.write("\nStopped.\n")
    try:
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)  # the save is never cut short
        saved = run.save(pain_after=pain_after, effort=effort, notes=notes)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if run.pain_before is not None and pain_after is not None and pain_after - run.pain_before >= 2:
        err.write(RISE_NOTE + "\n")
    if saved.path is not None:
        err.write(f"Saved {saved.path}\n")
        return 0
    err.write(f"walktimer: {saved.error}\nThe summary, so nothing is lost:\n")
    out.write(saved.text)
    out.flush()
    return 1


def _walk(run: WalkRun, keys: Keys | None, out: TextIO, err: TextIO) -> None:
    """Until the walk ends: sleep to the next deadline (or a key), then process what is due."""
    with keys.raw() if keys is not None else contextlib.nullcontext():
        show = partial(_show, run, out=out, err=err)
        run.start(show)
        while run.session.active:
            wakeup = run.next_wakeup()
            timeout = None if wakeup is None else max(0.0, wakeup - run.session.clock())
            if keys is None:
                time.sleep(timeout if timeout is not None else 1.0)
            elif (key := keys.read(timeout)) is not None:
                _press(run, key, err)
            run.pump(show)


def _show(run: WalkRun, events: list[Event], *, out: TextIO, err: TextIO) -> None:
    for event in events:
        if isinstance(event, PhaseStarted):
            out.write(run.plan.plain_line(event.index) + "\n")
            out.flush()
            if event.phase.tip:
                err.write(f"      {event.phase.tip}\n")
        elif isinstance(event, Finished):
            out.write(run.plan.done_line() + "\n")
            out.flush()


def _press(run: WalkRun, key: str, err: TextIO) -> None:
    session = run.session
    if key == " ":
        session.toggle_pause()
        err.write("Paused: space to go on\n" if session.status is Status.PAUSED else "Resumed\n")
    elif key == "n":
        session.skip()
    elif key == "b":
        session.back()
    elif key == "m":
        run.player.muted = not run.player.muted
        err.write("Sound off\n" if run.player.muted else "Sound on\n")
    elif key == "q":
        run.stop("user")
        err.write("Stopped.\n")
    elif key == "p":
        run.stop("pain")


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


class _Asker:
    """Questions on standard error, answers as lines on standard input; Enter skips."""

    def __init__(self, stdin: TextIO, err: TextIO) -> None:
        self._in, self._err = stdin, err

    def line(self, question: str) -> str:
        self._err.write(question + " ")
        self._err.flush()
        return self._in.readline().strip()

    def rating(self, question: str) -> int | None:
        while True:
            answer = self.line(question + " (Enter to skip)")
            if not answer:
                return None
            if answer.isdigit() and 0 <= int(answer) <= 10:
                return int(answer)
            self._err.write("Please type a whole number from 0 to 10, or just Enter.\n")

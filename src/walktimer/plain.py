"""Plain mode: the walk as lines of text, for screen readers, SSH and pipes.

Standard output carries exactly one line per phase start (`MM:SS KIND name (duration)`) and a
last `MM:SS DONE`, each flushed at once. Tips, key feedback and questions go to standard error,
so a script reading standard output sees only the timeline.

Everything plain mode waits on is handed in: the keys (a terminal, or none), the answers (a
text stream), the wait between wake-ups, and the walk's own clock. Tests walk a whole walk
with a fake clock and scripted keys; the command line hands in the real terminal and sleep.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import termios
import time
import tty
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from types import FrameType
from typing import Protocol, TextIO, assert_never

from walktimer.domain.questions import END_QUESTIONS, PAIN_BEFORE, Question, parse_rating
from walktimer.domain.session import Countdown, Event, Finished, PhaseStarted, Status, Stopped
from walktimer.domain.words import PAIN_NOTE, RISE_NOTE
from walktimer.walk import WalkRun

Wait = Callable[[float], None]
IDLE_WAKE_SECONDS = 1.0  # while paused with no keys to wait on: how often to look again
KEYS_HELP = "Keys: space pause/resume, n skip, b back, m mute, p stop because of pain, q stop"


class Terminated(Exception):
    """SIGTERM or SIGHUP: save the walk at once and leave."""


class KeySource(Protocol):
    def raw(self) -> AbstractContextManager[object]:
        """Single key presses, without waiting for Enter, for as long as the context lasts."""

    def read(self, timeout: float | None) -> str | None:
        """The next key pressed within `timeout` seconds (None: wait as long as it takes)."""


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


@dataclass(frozen=True)
class Terminal:
    """Where plain mode reads and writes: the timeline, the rest, the answers, the keys."""

    out: TextIO
    err: TextIO
    answers: TextIO
    keys: KeySource | None = None
    wait: Wait = time.sleep

    def tell(self, text: str) -> None:
        """A line on standard error; a terminal already gone (a hang-up) is no reason to fail."""
        with contextlib.suppress(OSError):
            self.err.write(text + "\n")
            self.err.flush()


def run_plain(run: WalkRun, terminal: Terminal, *, prompts: bool) -> int:
    """Walk the plan in real time; returns the exit code (1 only if the summary was not saved)."""
    ask = _Asker(terminal) if prompts else None
    if ask:
        run.answers = run.answers.answer(PAIN_BEFORE.key, ask.rating(PAIN_BEFORE))
    if terminal.keys is not None:
        terminal.tell(KEYS_HELP)
    previous = {sig: signal.signal(sig, _terminate) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        _walk(run, terminal)
        if ask:
            for question in END_QUESTIONS:  # each answer kept as soon as it is given
                run.answers = run.answers.answer(question.key, ask.answer(question))
    except (KeyboardInterrupt, Terminated):
        # During the walk: stop it. During the questions: keep the answers given so far.
        if run.active:
            run.stop("user")
    try:
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)  # the save is never cut short
        saved = run.save()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if run.answers.pain_rose:
        terminal.tell(RISE_NOTE)
    if saved.path is not None:
        terminal.tell(f"Saved {saved.path}")
        return 0
    terminal.tell(f"walktimer: {saved.error}\nThe summary, so nothing is lost:")
    terminal.out.write(saved.text)
    terminal.out.flush()
    return 1


def _walk(run: WalkRun, terminal: Terminal) -> None:
    """Until the walk ends: wait for the next wake-up (or a key), then process what is due."""
    keys = terminal.keys
    run.on_events = lambda events: _show(run, events, terminal)
    with keys.raw() if keys is not None else contextlib.nullcontext():
        run.start()
        while run.active:
            wakeup = run.next_wakeup()
            timeout = None if wakeup is None else max(0.0, wakeup - run.clock())
            if keys is None:
                terminal.wait(IDLE_WAKE_SECONDS if timeout is None else timeout)
            elif (key := keys.read(timeout)) is not None:
                _press(run, key, terminal)
            run.pump()


def _show(run: WalkRun, events: Sequence[Event], terminal: Terminal) -> None:
    for event in events:
        match event:
            case PhaseStarted(index=index, phase=phase):
                terminal.out.write(run.plan.plain_line(index) + "\n")
                terminal.out.flush()
                if phase.tip:
                    terminal.tell(f"      {phase.tip}")
            case Finished():
                terminal.out.write(run.plan.done_line() + "\n")
                terminal.out.flush()
            case Stopped(reason="pain"):
                terminal.tell(PAIN_NOTE)
            case Stopped():
                terminal.tell("Stopped.")
            case Countdown():
                pass  # heard, not read: a line a second would drown the timeline
            case _:
                assert_never(event)


def _press(run: WalkRun, key: str, terminal: Terminal) -> None:
    match key:
        case " ":
            run.toggle_pause()
            paused = run.view().state.status is Status.PAUSED
            terminal.tell("Paused: space to go on" if paused else "Resumed")
        case "n":
            run.skip()
        case "b":
            run.back()
        case "m":
            run.toggle_mute()
            terminal.tell("Sound off" if run.view().sound.muted else "Sound on")
        case "q":
            run.stop("user")
        case "p":
            run.stop("pain")


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


class _Asker:
    """Questions on standard error, answers as lines of text; Enter skips."""

    def __init__(self, terminal: Terminal) -> None:
        self._terminal = terminal

    def answer(self, question: Question) -> int | str | None:
        return self.rating(question) if question.rating else (self._line(question.ask) or None)

    def rating(self, question: Question) -> int | None:
        while True:
            answer = self._line(question.ask + " (Enter to skip)")
            if not answer:
                return None
            if (rating := parse_rating(answer)) is not None:
                return rating
            self._terminal.tell("Please type a whole number from 0 to 10, or just Enter.")

    def _line(self, question: str) -> str:
        err = self._terminal.err
        err.write(question + " ")
        err.flush()
        return self._terminal.answers.readline().strip()

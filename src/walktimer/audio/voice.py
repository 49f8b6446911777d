"""The optional voice: the phase name spoken after its tone, by a speech program if one is here.

Speech comes after the tone, never over it, and a new phase cuts short what is still being said
about the old one: the walker hears the present, never a queue of stale names. Speaking runs on
a timer thread so the walk is never held up; a problem there is kept for the player to report
from its own thread. The speech program runs as a `Child` (a group of its own, ended as a group,
every wait bounded), so one that hangs or ignores SIGTERM never holds up a cue or the exit.
"""

from __future__ import annotations

import shutil
import threading
import time

from walktimer.audio.names import under_termux
from walktimer.audio.processes import Child, end_soon, join_all

# Tried in this order: Android's own voice through Termux:API (on a phone only), espeak-ng
# (Linux), Speech Dispatcher's client, macOS's own.
SPEAKERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("termux-tts-speak", ()),
    ("espeak-ng", ()),
    ("spd-say", ("--wait",)),
    ("say", ()),
)
PHONE_SPEAKERS = ("termux-tts-speak",)
GAP_SECONDS = 0.1  # between the end of the tone and the first word
# How long words take to say: a speech program's usual pace (espeak-ng: 175 words a minute,
# about 0.34 s a word) with a margin, and its start. Only an estimate: the metronome rests for
# it, so it errs long.
SECONDS_PER_WORD = 0.45
START_SECONDS = 0.4
CLOSE_WAIT_SECONDS = 3.0  # the longest the last words may go on once the walk is over


def speaking_seconds(words: str) -> float:
    """About how long `words` take to say, from the end of the tone: for the metronome to rest."""
    return GAP_SECONDS + START_SECONDS + SECONDS_PER_WORD * len(words.split())


def speakers_here() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The speech programs worth looking for here, in order: the phone's only on a phone."""
    if under_termux():
        return SPEAKERS
    return tuple(speaker for speaker in SPEAKERS if speaker[0] not in PHONE_SPEAKERS)


def speaker_names() -> str:
    """The speech programs looked for here, as a walker is told none was found:
    `espeak-ng, spd-say or say`."""
    names = [program for program, _ in speakers_here()]
    return f"{', '.join(names[:-1])} or {names[-1]}"


def find_speaker() -> list[str] | None:
    """The command line of the first speech program installed, without the words."""
    for program, options in speakers_here():
        path = shutil.which(program)
        if path is not None:
            return [path, *options]
    return None


class Voice:
    def __init__(self, command: list[str], *, gap: float = GAP_SECONDS) -> None:
        self.command = command
        self._gap = gap
        self.problem: str | None = None
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._child: Child | None = None
        self._ending: list[threading.Thread] = []
        self._failed = False

    def say(self, words: str, *, after: float) -> None:
        """Speak `words` once `after` seconds have passed (the length of the tone)."""
        with self._lock:
            if self._failed:
                return
            if self._timer is not None:
                self._timer.cancel()
            # The words of the phase before are cut short now, never said over this one's tone.
            child, self._child = self._child, None
            if child is not None and (ending := end_soon(child)) is not None:
                self._ending.append(ending)
            # A leading dash would be read as an option by the speech program.
            timer = threading.Timer(after + self._gap, self._speak, (words.lstrip("-"),))
            timer.daemon = True
            self._timer = timer
            timer.start()

    def hush(self) -> None:
        """Say nothing more of what was asked: words waiting are dropped, words being said are
        cut short (on a thread: the caller never waits)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            child, self._child = self._child, None
            if child is not None and (ending := end_soon(child)) is not None:
                self._ending.append(ending)

    def take_problem(self) -> str | None:
        """A failure to report, handed out once."""
        with self._lock:
            problem, self.problem = self.problem, None
        return problem

    def wait(self, timeout: float = CLOSE_WAIT_SECONDS) -> None:
        """Until what was asked has been said, at most `timeout` seconds in all: words still
        going on then are cut short."""
        deadline = time.monotonic() + timeout
        timer = self._timer
        if timer is not None:
            timer.join(timeout)
        with self._lock:
            child, self._child = self._child, None
        if child is not None:
            if child.wait(max(0.0, deadline - time.monotonic())) is None:
                child.end()
            child.close()

    def close(self) -> None:
        """The last words are said (within the bounds of `wait`), then nothing more is."""
        self.wait()
        with self._lock:
            self._failed = True  # a timer that fires after all this says nothing
            child, self._child = self._child, None
            ending = list(self._ending)
        if child is not None:
            child.end()
            child.close()
        join_all(ending, CLOSE_WAIT_SECONDS)

    def _speak(self, words: str) -> None:
        # Starting a program can take a while on a busy machine: the lock is held only to swap
        # processes, never across the start, so the walk's next cue never waits for it.
        with self._lock:
            if self._failed:
                return
            previous, self._child = self._child, None
        ending = end_soon(previous) if previous is not None else None
        with self._lock:
            alive = [thread for thread in self._ending if thread.is_alive()]
            self._ending = alive if ending is None else [*alive, ending]
        try:
            child = Child([*self.command, words])
        except OSError as exc:
            with self._lock:
                self._failed = True
                self.problem = f"the voice ({self.command[0]}) cannot start: {exc.strerror or exc}"
            return
        with self._lock:
            if not self._failed:
                self._child = child
                return
        child.end()  # closed while it was starting: nothing more is said
        child.close()

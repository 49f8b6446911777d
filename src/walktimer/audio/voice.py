"""The optional voice: the phase name spoken after its tone, by a speech program if one is here.

Speech comes after the tone, never over it, and a new phase cuts short what is still being said
about the old one: the walker hears the present, never a queue of stale names. Speaking runs on
a timer thread so the walk is never held up; a problem there is kept for the player to report
from its own thread.
"""

from __future__ import annotations

import shutil
import subprocess
import threading

# Tried in this order: espeak-ng (Linux), Speech Dispatcher's client, macOS's own.
SPEAKERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("espeak-ng", ()),
    ("spd-say", ("--wait",)),
    ("say", ()),
)
GAP_SECONDS = 0.1  # between the end of the tone and the first word
CLOSE_WAIT_SECONDS = 3.0


def find_speaker() -> list[str] | None:
    """The command line of the first speech program installed, without the words."""
    for program, options in SPEAKERS:
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
        self._process: subprocess.Popen[bytes] | None = None
        self._failed = False

    def say(self, words: str, *, after: float) -> None:
        """Speak `words` once `after` seconds have passed (the length of the tone)."""
        with self._lock:
            if self._failed:
                return
            if self._timer is not None:
                self._timer.cancel()
            # A leading dash would be read as an option by the speech program.
            timer = threading.Timer(after + self._gap, self._speak, (words.lstrip("-"),))
            timer.daemon = True
            self._timer = timer
            timer.start()

    def take_problem(self) -> str | None:
        """A failure to report, handed out once."""
        with self._lock:
            problem, self.problem = self.problem, None
        return problem

    def wait(self, timeout: float = CLOSE_WAIT_SECONDS) -> None:
        """Until what was asked has been said (at most `timeout` seconds of speech)."""
        timer = self._timer
        if timer is not None:
            timer.join()
        with self._lock:
            process = self._process
        if process is not None:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.terminate()

    def close(self) -> None:
        self.wait()

    def _speak(self, words: str) -> None:
        # Starting a program can take a while on a busy machine: the lock is held only to swap
        # processes, never across the start, so the walk's next cue never waits for it.
        with self._lock:
            previous = self._process
        if previous is not None and previous.poll() is None:
            previous.terminate()
        try:
            process = subprocess.Popen(
                [*self.command, words],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            with self._lock:
                self._failed = True
                self.problem = f"the voice ({self.command[0]}) cannot start: {exc.strerror or exc}"
            return
        with self._lock:
            self._process = process

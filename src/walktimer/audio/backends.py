"""The ways a cue can reach the walker's ears, each behind the same small interface.

Opening a backend proves that it works here (a short silent sound really played), so choosing
one is never a guess: a backend that cannot sound raises `AudioError` with the reason, and the
player moves on to the next. Playing never waits for the sound to end, and no wait on a player
program is without a deadline: the walk never stops for audio. The interface and its error are
in `protocol.py`, the terminal bell in `bell.py`; every backend is opened from here.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from walktimer.audio.alsa import quiet_alsa
from walktimer.audio.bell import BellBackend
from walktimer.audio.cues import Cue
from walktimer.audio.names import names_here
from walktimer.audio.processes import (
    GRACE_SECONDS,
    REAP_SECONDS,
    Child,
    end_soon,
    failure,
    join_all,
)
from walktimer.audio.protocol import AudioError, Backend, reason
from walktimer.audio.synth import CHANNELS, RATE, SAMPLE_BYTES, Sound, silence

__all__ = [
    "AudioError",
    "Backend",
    "BellBackend",
    "CommandBackend",
    "NullBackend",
    "SimpleaudioBackend",
    "check_backends",
    "open_backend",
]

PROBE_SECONDS = 0.02
# The check of the player programs: however many there are and however they hang, the walk
# starts at most this late because of them; one program alone gets at most PROBE_EACH of it,
# so one hung sound server leaves time to try the next program.
PROBE_BUDGET = 2.0
PROBE_EACH = 1.0
PROBE_LEAST = 0.25  # less time than this left: the programs after are not tried
# A cue's player has this long beyond the cue's own length to finish, when anyone waits.
FINISH_MARGIN = 0.5
KEPT_FILES = 4  # the files of the latest streams; older ones are removed
# Players tried in this order: the sound servers first, then ALSA itself, then macOS.
PROGRAMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pw-play", ()),
    ("paplay", ()),
    ("aplay", ("-q",)),
    ("afplay", ()),
)


def open_backend(name: str, *, ring: Callable[[], None]) -> Backend:
    if name == "termux":
        # Loaded only when asked for: the phone's backend is a kind of this module's command
        # backend, and no other machine ever needs it.
        from walktimer.audio.termux import TermuxBackend

        return TermuxBackend()
    if name == "simpleaudio":
        return SimpleaudioBackend()
    if name == "command":
        return CommandBackend()
    if name == "bell":
        return BellBackend(ring)
    if name == "none":
        return NullBackend()
    raise AudioError(f"unknown sound backend {name!r}")


def check_backends(*, ring: Callable[[], None]) -> list[tuple[str, str | None]]:
    """Each backend worth trying here (`names_here`), its name as it would be shown, and None
    if it works or else why it does not."""
    results: list[tuple[str, str | None]] = []
    for name in names_here():
        try:
            backend = open_backend(name, ring=ring)
        except AudioError as exc:
            results.append((name, str(exc)))
        else:
            results.append((backend.name, None))
            backend.close()
    return results


class SimpleaudioBackend:
    name = "simpleaudio"
    streams = True

    def __init__(self) -> None:
        quiet_alsa()
        try:
            import simpleaudio
        except ImportError as exc:
            raise AudioError(
                f"not installed ({exc}); install walktimer with the extra: walktimer[audio]"
            ) from None
        self._module: Any = simpleaudio
        self._playing: Any = None
        self._seconds = 0.0
        try:
            self._start(silence(PROBE_SECONDS))
            self.wait()
        except Exception as exc:  # the library raises its own error type, or worse
            raise AudioError(reason(exc)) from None

    def play(self, sound: Sound, cue: Cue | None = None) -> None:
        self.stop()
        try:
            self._start(sound)
        except Exception as exc:
            raise AudioError(reason(exc)) from None

    def stop(self) -> None:
        if self._playing is not None and self._playing.is_playing():
            self._playing.stop()
        self._playing = None

    def wait(self) -> None:
        # Polled with a deadline: a device that never drains must not hang the caller.
        if self._playing is None:
            return
        deadline = time.monotonic() + self._seconds + 1.0
        while self._playing.is_playing() and time.monotonic() < deadline:
            time.sleep(0.01)

    def close(self) -> None:
        self.wait()
        self.stop()

    def _start(self, sound: Sound) -> None:
        self._playing = self._module.play_buffer(sound.pcm, CHANNELS, SAMPLE_BYTES, RATE)
        self._seconds = sound.seconds


class CommandBackend:
    """Each stream written as a WAV file, played by the first player program that works.

    Every player runs as a `Child`: in a group of its own, its error output in a file, ended as
    a group. A new stream cuts the one before short without waiting for it to go (a thread ends
    it), so a program that ignores SIGTERM costs the walk nothing. The files of streams long
    done are removed as new ones are written; the folder goes at close.
    """

    streams = True

    def __init__(
        self,
        programs: Sequence[tuple[str, tuple[str, ...]]] = PROGRAMS,
        *,
        budget: float = PROBE_BUDGET,
        each: float = PROBE_EACH,
    ) -> None:
        """Try `programs` in turn, each for at most `each` seconds and all for at most
        `budget`, and keep the first that plays a moment of silence."""
        try:
            self._folder = Path(tempfile.mkdtemp(prefix="walktimer-cues-"))
        except OSError as exc:
            raise AudioError(f"cannot make a folder for the cue files: {exc}") from None
        self._written: list[Path] = []
        self._count = 0
        try:
            probe = self._folder / "silence.wav"  # the check: a moment of silence
            probe.write_bytes(silence(PROBE_SECONDS).wav())
        except OSError as exc:
            shutil.rmtree(self._folder, ignore_errors=True)
            raise AudioError(f"cannot write the cue files: {exc}") from None
        self._child: Child | None = None
        self._ending: list[threading.Thread] = []
        self._seconds = 0.0
        failures: list[str] = []
        missing: list[str] = []
        deadline = time.monotonic() + budget
        for program, options in programs:
            path = shutil.which(program)
            if path is None:
                missing.append(program)
                continue
            left = deadline - time.monotonic() - GRACE_SECONDS
            if left < PROBE_LEAST:
                failures.append(f"{program}: not tried, the others took the time there was")
                continue
            self._command = [path, *options]
            self.program = program
            problem = self._try(probe, min(each, left))
            if problem is None:
                self.name = f"command ({program})"
                return
            failures.append(problem)
        shutil.rmtree(self._folder, ignore_errors=True)
        if not failures:
            raise AudioError(f"no player program found (looked for {', '.join(missing)})")
        if missing:
            failures.append(f"not found: {', '.join(missing)}")
        raise AudioError("; ".join(failures))

    def play(self, sound: Sound, cue: Cue | None = None) -> None:
        self._check()
        self.stop()
        try:
            path = self._write(sound)
        except OSError as exc:
            raise AudioError(f"cannot write the cue files: {exc}") from None
        try:
            self._child = Child([*self._command, str(path)], keep_errors=True)
        except OSError as exc:
            raise AudioError(f"{self.program} cannot start: {exc.strerror or exc}") from None
        self._seconds = sound.seconds

    def stop(self) -> None:
        """End the stream sounding now, on a thread of its own: the caller never waits for it."""
        child, self._child = self._child, None
        self._ending = [thread for thread in self._ending if thread.is_alive()]
        if child is not None and (thread := end_soon(child)) is not None:
            self._ending.append(thread)

    def wait(self) -> None:
        child = self._child
        if child is None:
            return
        if child.wait(self._seconds + FINISH_MARGIN) is None:
            self._child = None  # it never finished: ended, and not taken for a failure
            child.end()
            child.close()
            return
        self._check()

    def close(self) -> None:
        with contextlib.suppress(AudioError):
            self.wait()
        self.stop()
        join_all(self._ending, GRACE_SECONDS + REAP_SECONDS)
        shutil.rmtree(self._folder, ignore_errors=True)

    def _check(self) -> None:
        """Raise if the last cue's player has exited with an error (one we stop is forgotten)."""
        child = self._child
        if child is None or not child.exited():
            return
        self._child = None
        code, err = child.returncode, child.errors()
        child.close()
        if code != 0:
            raise AudioError(self._failure(code or 0, err))

    def _try(self, probe: Path, timeout: float) -> str | None:
        try:
            child = Child([*self._command, str(probe)], keep_errors=True)
        except OSError as exc:
            return f"{self.program}: cannot start: {exc.strerror or exc}"
        try:
            code = child.wait(timeout)
            if code is None:
                return f"{self.program}: did not finish within {timeout:.1f} s"
            return None if code == 0 else self._failure(code, child.errors())
        finally:
            child.end()
            child.close()

    def _failure(self, code: int, err: bytes) -> str:
        return failure(self.program, code, err)

    def _write(self, sound: Sound) -> Path:
        """A new file for `sound`; those of the streams before the last few are removed (a
        player that still had one open keeps reading it)."""
        self._count += 1
        path = self._folder / f"{self._count}.wav"
        path.write_bytes(sound.wav())
        self._written.append(path)
        while len(self._written) > KEPT_FILES:
            self._written.pop(0).unlink(missing_ok=True)
        return path


class NullBackend:
    name = "none"
    streams = False

    def play(self, sound: Sound, cue: Cue | None = None) -> None:
        pass

    def stop(self) -> None:
        pass

    def wait(self) -> None:
        pass

    def close(self) -> None:
        pass

"""Listening at a real ALSA device: every stream a walk opens, captured to a file of its own.

The test process replaces ALSA's default device (ALSA_CONFIG_PATH) by a `file` PCM that pipes
each stream to a recorder, which saves it with the time it started (tests/fixtures/alsa). The
plain capture takes each stream in as fast as the player writes it, so a stream cut short
still arrives whole; the paced one holds the player to real time as a sound card would, so a
stream cut short is captured only up to about when it was cut. `Walk` runs the real program
in plain mode, each line of its timeline with the moment it arrived, its keys typed into a
terminal of its own. The benchmarks use the same pieces, so nothing here needs pytest.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import pty
import subprocess
import sys
import termios
import threading
import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tests.unit.audio.pcm import RATE, Heard, clicks, decode, matches, notes
from walktimer.audio.cues import SCORE, Cue
from walktimer.audio.synth import cue_sounds

ALSA = Path(__file__).resolve().parents[1] / "fixtures" / "alsa"
ALSA_CONF = Path("/usr/share/alsa/alsa.conf")
VOLUME = 80  # the default audio.volume
CLICK_HZ = SCORE[Cue.CLICK][0].hz
HAS_SIMPLEAUDIO = importlib.util.find_spec("simpleaudio") is not None


@cache
def click_samples(volume: int = VOLUME) -> array[int]:
    """The metronome's click as walktimer plays it: what the ear listens for."""
    return decode(cue_sounds(volume)[Cue.CLICK].pcm)


@dataclass(frozen=True)
class Captured:
    """One stream the device received: when it was opened, and its samples."""

    onset: float  # wall-clock time the stream was opened
    samples: array[int] = field(repr=False)
    heard: list[Heard]

    @property
    def seconds(self) -> float:
        return len(self.samples) / RATE

    @property
    def end(self) -> float:
        """The wall-clock time its last sample was due."""
        return self.onset + self.seconds

    def at(self, index: int) -> float:
        """The wall-clock time sample `index` was due."""
        return self.onset + index / RATE

    def cue(self) -> Cue | None:
        """The cue this stream is, when it holds nothing else."""
        return next((cue for cue, score in SCORE.items() if matches(self.heard, score)), None)

    def opens_with(self) -> Cue | None:
        """The cue its first notes are (a stream of an interval goes on with clicks and pips);
        None for a stream that starts with a click or a pip."""
        for cue in (c for c in Cue if c not in (Cue.CLICK, Cue.COUNTDOWN)):
            score = SCORE[cue]
            if matches(self.heard[: len(score)], score):
                return cue
        return None

    def clicks(self, volume: int = VOLUME) -> list[int]:
        """The first sample of each metronome click in it."""
        return clicks(self.samples, click_samples(volume), CLICK_HZ)

    def click_times(self, volume: int = VOLUME) -> list[float]:
        return [self.at(index) for index in self.clicks(volume)]


@dataclass(frozen=True)
class Capture:
    folder: Path
    env: dict[str, str]

    def streams(self) -> list[Captured]:
        """Every stream with sound in it, oldest first (silent ones are backend probes)."""
        deadline = time.monotonic() + 5
        while list(self.folder.glob("*.part")) and time.monotonic() < deadline:
            time.sleep(0.05)
        found = []
        for path in self.folder.glob("*.raw"):
            samples = decode(path.read_bytes())
            heard = notes(samples)
            if heard:
                found.append(Captured(float(path.name.split("-")[0]), samples, heard))
        return sorted(found, key=lambda s: s.onset)


def _configure(conf: str, folder: Path, env: dict[str, str], name: str, **fills: str) -> Capture:
    capture = folder / name
    capture.mkdir()
    text = (ALSA / conf).read_text()
    fills = {"RECORDER": str(ALSA / "recorder.sh"), "CAPTURE_DIR": str(capture), **fills}
    for key, value in fills.items():
        text = text.replace(f"@{key}@", value)
    asound = folder / f"{name}.conf"
    asound.write_text(text)
    return Capture(capture, dict(env, ALSA_CONFIG_PATH=str(asound)))


def unpaced(folder: Path, env: dict[str, str]) -> Capture:
    """Every stream saved whole, as fast as the player writes it (fixtures/alsa/capture.conf)."""
    return _configure("capture.conf", folder, env, "capture")


@contextlib.contextmanager
def paced(folder: Path, env: dict[str, str]) -> Iterator[Capture]:
    """Every stream saved as a sound card would have played it: the player is held to real
    time by pacer.py (fixtures/alsa/paced.conf), which runs for as long as this lasts."""
    pipe = folder / "pacer.pipe"
    os.mkfifo(pipe)
    capture = _configure("paced.conf", folder, env, "paced", PACER_PIPE=str(pipe))
    pacer = subprocess.Popen(
        [sys.executable, str(ALSA / "pacer.py"), str(pipe)],
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    try:
        ready = _line_within(pacer, 10)
        if ready != b"ready\n":
            raise RuntimeError(f"the pacer did not start: {ready!r}")
        yield capture
    finally:
        pacer.kill()
        pacer.wait(10)
        if pacer.stdout is not None:
            pacer.stdout.close()


def _line_within(process: subprocess.Popen[bytes], seconds: float) -> bytes:
    timer = threading.Timer(seconds, process.kill)
    timer.start()
    try:
        assert process.stdout is not None
        return process.stdout.readline()
    finally:
        timer.cancel()


def walk_file(
    folder: Path, *, fast: int = 2, slow: int = 2, rounds: int = 1, extra: str = ""
) -> Path:
    """A walk of intervals alone (no warm-up, no cool-down); `extra` adds to `[intervals]`."""
    path = folder / "walk.toml"
    path.write_text(
        'kind = "walk"\nname = "Intervals"\ndescription = "Intervals only."\n'
        'warmup = "none"\ncooldown = "none"\n\n[intervals]\n'
        f'fast_seconds = {fast}\nslow_seconds = {slow}\nrounds = {rounds}\nfirst = "fast"\n' + extra
    )
    return path


def _take_terminal() -> None:
    """In the child, before walktimer starts: its standard input becomes its terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Walk:
    """The real program walking in plain mode, never for longer than `timeout` seconds.

    Each line of standard output is kept with the wall-clock time it arrived; standard error
    goes to a file. With `keys`, standard input is a terminal of its own (a pty, made the
    program's controlling terminal, as a shell would), so plain mode reads single keys, and
    `press` types them."""

    def __init__(
        self,
        argv: Sequence[str],
        env: dict[str, str],
        errors: Path,
        *,
        keys: bool = False,
        timeout: float = 90,
    ) -> None:
        self.errors = errors
        self.lines: list[tuple[float, str]] = []
        self._changed = threading.Condition()
        self._master: int | None = None
        follower: int | None = None
        if keys:
            self._master, follower = pty.openpty()
        with errors.open("wb") as err:
            self.process = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL if follower is None else follower,
                stdout=subprocess.PIPE,
                stderr=err,
                env=env,
                start_new_session=keys,
                preexec_fn=_take_terminal if keys else None,
            )
        if follower is not None:
            os.close(follower)
        self._watchdog = threading.Timer(timeout, self.process.kill)
        self._watchdog.start()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            with self._changed:
                self.lines.append((time.time(), raw.decode().rstrip("\n")))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_line(self, found: Callable[[str], bool], what: str, timeout: float = 30) -> float:
        """The time the first line that `found` accepts arrived, waiting for it if need be."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for at, text in self.lines:
                    if found(text):
                        return at
                left = deadline - time.monotonic()
                if left <= 0 or not self._reader.is_alive():
                    raise AssertionError(f"no line with {what}; lines: {self.lines}")
                self._changed.wait(left)

    def press(self, key: str, *, at: float | None = None) -> float:
        """Type `key` (at wall-clock time `at`, if given); the time it was typed."""
        assert self._master is not None, "a walk without keys"
        if at is not None:
            time.sleep(max(0.0, at - time.time()))
        typed = time.time()
        os.write(self._master, key.encode())
        return typed

    def finish(self, timeout: float = 60) -> str:
        """Wait for the walk to end; its standard error. A failing exit is an AssertionError."""
        code = self.process.wait(timeout)
        self._reader.join(10)
        stderr = self.errors.read_text()
        assert code == 0, stderr
        assert "stopped working" not in stderr and "does not work" not in stderr, stderr
        return stderr

    def close(self) -> None:
        self._watchdog.cancel()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        self._reader.join(10)
        if self.process.stdout is not None:
            self.process.stdout.close()
        if self._master is not None:
            os.close(self._master)
            self._master = None

    def __enter__(self) -> Walk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def plain_run(cmd: Sequence[str], walk: Path, *options: str) -> list[str]:
    """The command line of a plain-mode walk of `walk` on simpleaudio, without questions."""
    return [*cmd, "run", str(walk), "--plain", "--no-prompts", "--audio", "simpleaudio", *options]

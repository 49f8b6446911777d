"""Stand-ins for the Termux:API programs, for tests of walktimer on a phone without a phone.

`fake_termux(folder, log)` writes a small shell script for each program into `folder`: it
appends one record to `log` (the time it ran, as `date +%s.%N` gives it, its name and its
arguments), then does what the test asks of it (nothing, by default: it succeeds at once).
Put `folder` first on PATH (or alone: the scripts find `date` by its full path) and set
TERMUX_VERSION (`phone_env` does both for a subprocess's environment), and walktimer behaves
as under Termux. `calls(log)` reads the records back, `wait_for_calls` waits for them. `Phone`
holds a folder of stand-ins and its log together, for tests that install some and read them.
"""

from __future__ import annotations

import os
import shlex
import shutil
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

PROGRAMS = (
    "termux-media-player",
    "play-audio",
    "termux-vibrate",
    "termux-tts-speak",
    "termux-wake-lock",
    "termux-wake-unlock",
    "termux-notification",
    "termux-notification-remove",
)
FIELD, RECORD = "\x1f", "\x1e"  # between a record's fields, and at its end
# A program that never answers (the Termux:API app is missing); `sleep` by its full path, as the
# PATH a test gives walktimer may hold nothing but the stand-ins.
HANG = f"{shutil.which('sleep', path=os.defpath) or 'sleep'} 60"


@dataclass(frozen=True)
class Call:
    """One run of a stand-in: which program, with which arguments, when (`time.time()`)."""

    program: str
    argv: tuple[str, ...]
    at: float


def fake_termux(
    folder: Path,
    log: Path,
    *,
    programs: Iterable[str] = PROGRAMS,
    then: Mapping[str, str] | None = None,
) -> Path:
    """Stand-ins for `programs` in `folder` (made if needed), each recording its runs in
    `log`; `then` maps a program to shell lines it runs after recording (`HANG`, `exit 1`).
    Returns `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    date = shutil.which("date", path=os.defpath)
    assert date is not None, "the stand-ins need date(1)"
    for program in programs:
        script = folder / program
        script.write_text(
            "#!/bin/sh\n"
            f"record=$({shlex.quote(date)} +%s.%N){FIELD}{program}\n"
            f'for arg in "$@"; do record="$record{FIELD}$arg"; done\n'
            f"printf '%s{RECORD}\\n' \"$record\" >>{shlex.quote(str(log))}\n"
            f"{(then or {}).get(program, '')}\n"
        )
        script.chmod(0o755)
    return folder


def phone_env(env: Mapping[str, str], folder: Path) -> dict[str, str]:
    """`env` as Termux gives it, for a subprocess: the stand-ins in `folder` first on PATH,
    TERMUX_VERSION set."""
    path = env.get("PATH", os.defpath)
    return {**env, "PATH": f"{folder}{os.pathsep}{path}", "TERMUX_VERSION": "0.118.1"}


def calls(log: Path, program: str | None = None) -> list[Call]:
    """The runs recorded in `log` in the order they were recorded (only `program`'s, if
    given); none if nothing ran yet."""
    if not log.exists():
        return []
    found = []
    for record in log.read_text().split(RECORD + "\n"):
        if not record:
            continue
        at, name, *argv = record.split(FIELD)
        if program is None or name == program:
            found.append(Call(name, tuple(argv), float(at)))
    return found


def wait_for_calls(log: Path, program: str, count: int, timeout: float = 5.0) -> list[Call]:
    """The runs of `program`, once there are at least `count` of them or `timeout` is up."""
    deadline = time.monotonic() + timeout
    while len(found := calls(log, program)) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    return found


class Phone:
    """A folder of stand-ins (`folder`, made by `install`) and the log of their runs (`log`,
    beside it)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.log = folder.parent / "termux.log"

    def install(
        self, programs: Iterable[str] = PROGRAMS, then: Mapping[str, str] | None = None
    ) -> Phone:
        """Stand-ins for `programs`, doing what `then` asks of them (see `fake_termux`)."""
        fake_termux(self.folder, self.log, programs=programs, then=then)
        return self

    def calls(self, *programs: str) -> list[Call]:
        """The runs so far, in order: only those of `programs`, if any are named."""
        return [call for call in calls(self.log) if not programs or call.program in programs]

    def programs(self, *programs: str) -> list[str]:
        """Which programs ran, in order (only `programs`, if any are named)."""
        return [call.program for call in self.calls(*programs)]

    def runs(self) -> list[tuple[str, tuple[str, ...]]]:
        """Each run as (program, arguments), in order."""
        return [(call.program, call.argv) for call in self.calls()]

"""Player and speech programs that hang: every wait on them is bounded, and none outlives us.

The stand-ins ignore SIGTERM (and so do the children they start, which inherit that) and leave
a child holding their error output, the worst a program can do short of a stuck driver.
Each step runs under a watchdog, so a wait without a deadline fails the test instead of
hanging the suite.
"""

from __future__ import annotations

import secrets
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from tests.processes import left_behind
from walktimer.audio.backends import FINISH_MARGIN, AudioError, CommandBackend
from walktimer.audio.cues import Cue
from walktimer.audio.processes import GRACE_SECONDS
from walktimer.audio.synth import cue_sounds
from walktimer.audio.voice import CLOSE_WAIT_SECONDS, Voice

SOUNDS = cue_sounds(80)
SLEEP = shutil.which("sleep") or "/bin/sleep"
T = TypeVar("T")


@pytest.fixture
def marker() -> str:
    """The hung child's command line, unique to the test: `ps` finds what it left behind."""
    return f"{SLEEP} 1000.{secrets.randbelow(10**6):06d}"


def hung(folder: Path, name: str, marker: str, *, passes_check: bool = False) -> str:
    path = folder / name
    check = 'case "$1" in */silence.wav) exit 0;; esac\n' if passes_check else ""  # the probe
    path.write_text(f"#!/bin/sh\n{check}trap '' TERM\n{marker} &\nwait\n")
    path.chmod(0o755)
    return str(path)


def timed(action: Callable[[], T], *, within: float) -> tuple[T, float]:
    """`action`'s result and how long it took; fails if it takes longer than `within`."""
    box: list[T] = []
    errors: list[BaseException] = []

    def call() -> None:
        try:
            box.append(action())
        except BaseException as exc:  # handed back to the test's thread
            errors.append(exc)

    started = time.monotonic()
    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(within)
    took = time.monotonic() - started
    if thread.is_alive():
        pytest.fail(f"still waiting after {within} s")
    if errors:
        raise errors[0]
    return box[0], took


def test_a_hung_player_never_holds_up_a_cue_and_is_gone_after_close(
    programs: Path, marker: str
) -> None:
    hung(programs, "fakeplay", marker, passes_check=True)
    backend, _ = timed(lambda: CommandBackend([("fakeplay", ())]), within=5)
    for cue in (Cue.FAST, Cue.COUNTDOWN, Cue.SLOW, Cue.DONE):
        _, took = timed(lambda cue=cue: backend.play(SOUNDS[cue], cue), within=5)  # type: ignore[misc]
        assert took < 0.1, f"playing {cue} waited {took:.2f} s for the cue before"
    _, took = timed(backend.close, within=10)
    limit = SOUNDS[Cue.DONE].seconds + FINISH_MARGIN + GRACE_SECONDS + 0.5
    assert took < limit, f"closing took {took:.1f} s"
    assert left_behind(marker, str(programs)) == []


def test_player_programs_that_all_hang_at_the_check_cost_two_seconds_in_all(
    programs: Path, marker: str
) -> None:
    names = ("pw-play", "paplay", "aplay", "afplay")
    for name in names:
        hung(programs, name, marker)

    def opening() -> str:
        with pytest.raises(AudioError) as raised:
            CommandBackend([(name, ()) for name in names])
        return str(raised.value)

    why, took = timed(opening, within=15)
    assert took < 2.3, f"the check took {took:.1f} s"
    assert "pw-play: did not finish within" in why
    assert "afplay: not tried" in why
    assert left_behind(marker, str(programs)) == []


def test_a_hung_voice_is_cut_short_at_close_and_leaves_nothing_behind(
    programs: Path, marker: str
) -> None:
    voice = Voice([hung(programs, "speak", marker)], gap=0.0)
    for words in ("Fast", "Slow", "Walk done"):
        _, took = timed(lambda words=words: voice.say(words, after=0.0), within=5)  # type: ignore[misc]
        assert took < 0.1
        time.sleep(0.2)  # spoken (and hung) before the next
    _, took = timed(voice.close, within=15)
    assert took < CLOSE_WAIT_SECONDS + GRACE_SECONDS + 0.5, f"closing took {took:.1f} s"
    assert left_behind(marker, str(programs)) == []

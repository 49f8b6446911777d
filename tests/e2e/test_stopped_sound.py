"""Ctrl-Z in plain mode silences the metronome: a player runs apart from the terminal, so the
stop does not reach it by itself; after `fg` the clicks come back, in phase."""

from __future__ import annotations

import os
import shlex
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.e2e.conftest import Terminal, env_for

pytestmark = pytest.mark.e2e

WALK = """kind = "walk"
name = "Clicks"
[intervals]
fast_seconds = 60
slow_seconds = 60
rounds = 1
fast_cadence = 120
"""
FIRST_LINE = "00:00 FAST Brisk walk, round 1/1 (1:00)"
# The only player program on PATH: it passes the check, then logs each stream it plays, and
# its end when it is told to stop.
APLAY = """#!/bin/sh
for file; do :; done
case "$file" in *silence.wav) exit 0;; esac
echo "play $file" >>'{log}'
trap 'echo "ended $file" >>"{log}"; exit 0' TERM
sleep 30 &
wait
"""


def lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def settled(log: Path, count: int, what: str, timeout: float = 10) -> list[str]:
    """The log once it has `count` lines (within `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while len(lines(log)) < count:
        assert time.monotonic() < deadline, f"{what}: the log has {lines(log)}"
        time.sleep(0.05)
    return lines(log)


def test_ctrl_z_silences_the_clicks_and_fg_brings_them_back(
    terminal: Terminal, tmp_path: Path, xdg: Xdg
) -> None:
    programs, log = tmp_path / "bin", tmp_path / "player.log"
    programs.mkdir()
    aplay = programs / "aplay"
    aplay.write_text(APLAY.format(log=log))
    aplay.chmod(0o755)
    walk = tmp_path / "clicks.toml"
    walk.write_text(WALK)
    command = [sys.executable, "-m", "walktimer", "run", str(walk), "--plain", "--no-prompts"]
    command += ["--warmup", "none", "--cooldown", "none", "--audio", "command"]
    env = env_for(xdg) | {"PATH": f"{programs}{os.pathsep}{os.environ['PATH']}"}
    terminal.shell(env)
    terminal.keys(shlex.join(command), "Enter")
    terminal.wait_for(lambda s: FIRST_LINE in s, "the first line")
    (fast,) = settled(log, 1, "the fast interval's stream")
    assert fast.startswith("play ")
    terminal.keys("C-z")
    terminal.wait_for(lambda s: "+  Stopped" in s, "the shell's word that the walk stopped")
    # Stopped: its stream has ended all the same (before the fix it went on, clicking).
    assert settled(log, 2, "the stream ending with the stop")[1] == f"ended {fast[5:]}"
    time.sleep(1)
    assert len(lines(log)) == 2  # nothing plays while the walk is stopped
    terminal.keys("fg", "Enter")
    again = settled(log, 3, "the clicks again after fg")[2]
    assert again.startswith("play ") and again != fast
    terminal.keys("q")
    terminal.wait_for(lambda s: "Saved " in s, "the stop", timeout=10)

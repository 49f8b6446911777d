"""The real app in a real terminal: tmux runs it, reads the screen, and presses the keys."""

from __future__ import annotations

import os
import signal
import sys
import time
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.e2e.conftest import Terminal, env_for

pytestmark = pytest.mark.e2e

TINY = """\
kind = "walk"
name = "Tiny tmux walk"
warmup = "none"
cooldown = "none"

[intervals]
fast_seconds = {fast}
slow_seconds = 2
rounds = 2
"""


def only_summary(xdg: Xdg) -> dict[str, object]:
    [path] = list(xdg.sessions.glob("*.toml"))
    return tomllib.loads(path.read_text())


def test_walk_in_tmux_shows_phases_obeys_space_and_n_and_saves(
    terminal: Terminal, tmp_path: Path, xdg: Xdg
) -> None:
    walk = tmp_path / "tiny.toml"
    walk.write_text(TINY.format(fast=2))
    command = [sys.executable, "-m", "walktimer", "run", str(walk), "--no-prompts"]
    terminal.start([*command, "--audio", "none"], env_for(xdg))

    first = terminal.wait_for(lambda s: "Brisk walk" in s, "the first fast phase")
    assert "Round 1/2" in first
    assert "Next: SLOW Easy walk, round 1/2 (0:02)" in first
    assert "sound: none" in first

    terminal.keys("Space")
    paused = terminal.wait_for(lambda s: "PAUSED" in s, "the pause")
    figure = next(line for line in paused.splitlines() if "Phase" in line).split()[-3]
    time.sleep(1.5)
    still = terminal.screen()
    assert "PAUSED" in still and "Brisk walk" in still
    assert next(line for line in still.splitlines() if "Phase" in line).split()[-3] == figure

    terminal.keys("Space", "n")
    terminal.wait_for(
        lambda s: "Next: FAST Brisk walk, round 2/2" in s and "PAUSED" not in s,
        "the skip to the first slow phase",
    )
    ended = terminal.wait_for(lambda s: "EXIT=" in s, "the end of the walk")
    assert "EXIT=0" in ended
    assert "walktimer: saved" in ended
    summary = only_summary(xdg)
    assert summary["status"] == "completed"
    assert summary["paused_seconds"] >= 1.5  # type: ignore[operator]
    phases = summary["phases"]
    assert isinstance(phases, list)
    assert [p["skipped"] for p in phases] == [True, False, False, False]


def start_long_walk(terminal: Terminal, tmp_path: Path, xdg: Xdg) -> None:
    """A walk whose first phase lasts ten minutes, started and on the screen."""
    walk = tmp_path / "tiny.toml"
    walk.write_text(TINY.format(fast=600))
    command = [sys.executable, "-m", "walktimer", "run", str(walk), "--no-prompts"]
    terminal.start([*command, "--audio", "none"], env_for(xdg))
    terminal.wait_for(lambda s: "Brisk walk" in s, "the walk to start")


def test_sigterm_to_the_real_app_saves_the_walk_as_stopped_and_exits(
    terminal: Terminal, tmp_path: Path, xdg: Xdg
) -> None:
    start_long_walk(terminal, tmp_path, xdg)
    time.sleep(1)
    os.kill(terminal.pid(), signal.SIGTERM)
    ended = terminal.wait_for(lambda s: "EXIT=" in s, "the app to close", timeout=5)
    assert "EXIT=0" in ended
    assert "walktimer: saved" in ended  # a clean exit: the terminal was given back first
    summary = only_summary(xdg)
    assert (summary["status"], summary["stop_reason"]) == ("stopped", "user")
    assert xdg.checkpoint_files() == []


def test_closing_the_terminal_saves_the_walk_as_stopped(
    terminal: Terminal, tmp_path: Path, xdg: Xdg
) -> None:
    start_long_walk(terminal, tmp_path, xdg)
    pid = terminal.pid()
    terminal.run("kill-session", "-t", "walk")  # the terminal goes away: SIGHUP
    deadline = time.monotonic() + 6
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists(), "walktimer outlived its terminal"
    summary = only_summary(xdg)
    assert (summary["status"], summary["stop_reason"]) == ("stopped", "user")

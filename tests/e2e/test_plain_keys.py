"""Plain mode in a real terminal: single keys work without Enter (tmux types them)."""

from __future__ import annotations

import shlex
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.e2e.conftest import Terminal, env_for

pytestmark = pytest.mark.e2e

WALK = """kind = "walk"
name = "Keys"
[intervals]
fast_seconds = 60
slow_seconds = 60
rounds = 3
"""


FIRST_LINE = "00:00 FAST Brisk walk, round 1/3 (1:00)"


def command(tmp_path: Path) -> list[str]:
    walk = tmp_path / "keys.toml"
    walk.write_text(WALK)
    plain = ["run", str(walk), "--plain", "--no-prompts", "--audio", "none"]
    return [sys.executable, "-m", "walktimer", *plain]


def start(terminal: Terminal, tmp_path: Path, xdg: Xdg) -> None:
    terminal.start(command(tmp_path), env_for(xdg))
    terminal.wait_for(lambda s: FIRST_LINE in s, "the first line")


def summary(xdg: Xdg) -> dict[str, object]:
    [path] = list(xdg.sessions.glob("*.toml"))
    return tomllib.loads(path.read_text())


def test_space_pauses_n_skips_and_q_stops_and_saves(
    terminal: Terminal, tmp_path: Path, xdg: Xdg
) -> None:
    start(terminal, tmp_path, xdg)
    terminal.keys("Space")
    terminal.wait_for(lambda s: "Paused" in s, "the pause")
    terminal.keys("Space")
    terminal.wait_for(lambda s: "Resumed" in s, "the resume")
    terminal.keys("n")
    terminal.wait_for(lambda s: "01:00 SLOW Easy walk, round 1/3 (1:00)" in s, "the skip")
    terminal.keys("q")
    ended = terminal.wait_for(lambda s: "EXIT=" in s, "the stop")
    assert "EXIT=0" in ended
    saved = summary(xdg)
    assert (saved["status"], saved["stop_reason"]) == ("stopped", "user")
    phases = saved["phases"]
    assert isinstance(phases, list)
    assert [(p["kind"], p["skipped"]) for p in phases] == [("fast", True), ("slow", False)]


def test_p_stops_because_of_pain_with_a_safety_note(
    terminal: Terminal, tmp_path: Path, xdg: Xdg
) -> None:
    start(terminal, tmp_path, xdg)
    terminal.keys("p")
    ended = terminal.wait_for(lambda s: "EXIT=" in s, "the pain stop")
    assert "talk to a doctor" in ended
    saved = summary(xdg)
    assert (saved["status"], saved["stop_reason"]) == ("stopped", "pain")


def test_keys_work_again_at_once_after_ctrl_z_and_fg(
    terminal: Terminal, tmp_path: Path, xdg: Xdg
) -> None:
    """An interactive shell with job control: it takes the terminal back in line mode while
    the walk is stopped, and `fg` hands it over again as it is."""
    terminal.shell(env_for(xdg))
    terminal.keys(shlex.join(command(tmp_path)), "Enter")
    terminal.wait_for(lambda s: FIRST_LINE in s, "the first line")
    terminal.keys("C-z")
    terminal.wait_for(lambda s: "+  Stopped" in s, "the shell's word that the walk stopped")
    terminal.keys("fg", "Enter")
    terminal.wait_for(lambda s: s.rstrip().endswith("--audio none"), "fg naming the walk")
    terminal.keys("Space")
    terminal.wait_for(lambda s: "Paused: space to go on" in s, "the pause", timeout=5)
    terminal.keys("q")
    terminal.wait_for(lambda s: "Saved " in s, "the stop", timeout=10)
    saved = summary(xdg)
    assert (saved["status"], saved["stop_reason"]) == ("stopped", "user")

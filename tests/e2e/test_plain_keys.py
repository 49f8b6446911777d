"""Plain mode in a real terminal: single keys work without Enter (tmux types them)."""

from __future__ import annotations

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


def start(terminal: Terminal, tmp_path: Path, xdg: Xdg) -> None:
    walk = tmp_path / "keys.toml"
    walk.write_text(WALK)
    command = [sys.executable, "-m", "walktimer", "run", str(walk), "--plain", "--no-prompts"]
    terminal.start([*command, "--audio", "none"], env_for(xdg))
    terminal.wait_for(lambda s: "00:00 FAST Brisk walk, round 1/3 (1:00)" in s, "the first line")


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

"""The real app in a real terminal: tmux runs it, reads the screen, and presses the keys."""

from __future__ import annotations

import os
import secrets
import shlex
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import Xdg, require_program

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


class Terminal:
    """One tmux server of our own (its own socket), so a developer's tmux is never touched."""

    def __init__(self, tmux: str) -> None:
        self.tmux = tmux
        self.socket = f"walktimer-test-{secrets.token_hex(4)}"

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [self.tmux, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
        return done.stdout

    def start(self, command: list[str], env: dict[str, str]) -> None:
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        line = f"env {exports} {shlex.join(command)}; echo EXIT=$?; sleep 60"
        self.run("new-session", "-d", "-s", "walk", "-x", "100", "-y", "30", line)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "walk")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "walk", *keys)

    def wait_for(self, found: Callable[[str], bool], what: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if found(text):
                return text
            if time.monotonic() > deadline:
                pytest.fail(f"waited {timeout} s for {what}; the screen shows:\n{text}")
            time.sleep(0.05)

    def pid(self) -> int:
        """The walktimer process: the child of the pane's shell."""
        shell = int(self.run("display-message", "-p", "-t", "walk", "#{pane_pid}").strip())
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        return int(children[0])

    def close(self) -> None:
        subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(require_program("tmux"))
    try:
        yield term
    finally:
        term.close()


def env_for(xdg: Xdg) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(XDG_CONFIG_HOME=str(xdg.config), XDG_DATA_HOME=str(xdg.data), TERM="xterm-256color")
    return env


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


def test_sigterm_to_the_real_app_saves_the_walk_as_stopped_and_exits(
    terminal: Terminal, tmp_path: Path, xdg: Xdg
) -> None:
    walk = tmp_path / "tiny.toml"
    walk.write_text(TINY.format(fast=600))
    command = [sys.executable, "-m", "walktimer", "run", str(walk), "--no-prompts"]
    terminal.start([*command, "--audio", "none"], env_for(xdg))
    terminal.wait_for(lambda s: "Brisk walk" in s, "the walk to start")
    time.sleep(1)
    os.kill(terminal.pid(), signal.SIGTERM)
    ended = terminal.wait_for(lambda s: "EXIT=" in s, "the app to close", timeout=5)
    assert "EXIT=0" in ended
    assert "walktimer: saved" in ended  # a clean exit: the terminal was given back first
    summary = only_summary(xdg)
    assert (summary["status"], summary["stop_reason"]) == ("stopped", "user")
    assert not xdg.checkpoint.exists()


def test_closing_the_terminal_saves_the_walk_as_stopped(
    terminal: Terminal, tmp_path: Path, xdg: Xdg
) -> None:
    walk = tmp_path / "tiny.toml"
    walk.write_text(TINY.format(fast=600))
    command = [sys.executable, "-m", "walktimer", "run", str(walk), "--no-prompts"]
    terminal.start([*command, "--audio", "none"], env_for(xdg))
    terminal.wait_for(lambda s: "Brisk walk" in s, "the walk to start")
    pid = terminal.pid()
    terminal.run("kill-session", "-t", "walk")  # the terminal goes away: SIGHUP
    deadline = time.monotonic() + 6
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists(), "walktimer outlived its terminal"
    summary = only_summary(xdg)
    assert (summary["status"], summary["stop_reason"]) == ("stopped", "user")

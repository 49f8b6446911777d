"""Player programs that hang never hold up the walk, and never outlive it.

A stand-in for every player program the `command` backend looks for comes first on PATH. The
harshest one ignores SIGTERM and leaves a child of its own (a long `sleep`) holding its error
output: the walk's lines still come on time, the program exits soon after the walk, and no
process it started is left running.
"""

from __future__ import annotations

import os
import secrets
import selectors
import subprocess
import time
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.processes import left_behind

pytestmark = pytest.mark.e2e

WALK = """\
kind = "walk"
name = "Short"
warmup = "none"
cooldown = "none"

[intervals]
fast_seconds = 1
slow_seconds = 1
rounds = 2
"""
LINES = [
    "00:00 FAST Brisk walk, round 1/2 (0:01)",
    "00:01 SLOW Easy walk, round 1/2 (0:01)",
    "00:02 FAST Brisk walk, round 2/2 (0:01)",
    "00:03 SLOW Easy walk, round 2/2 (0:01)",
    "00:04 DONE",
]
PLAYERS = ("pw-play", "paplay", "aplay", "afplay")
# Ignores SIGTERM (and so does its child, which inherits that), and leaves the child holding
# standard error: a reader of that pipe waits for as long as the child lives.
HUNG = """\
#!/bin/sh
{probe}
trap '' TERM
{sleep} &
wait
"""
PASSES_THE_CHECK = 'case "$1" in *silence.wav) exit 0;; esac'


def players(tmp_path: Path, *, probe: str) -> tuple[dict[str, str], str]:
    """Every player program as the hung stand-in; the environment and the child's marker."""
    folder = tmp_path / "bin"
    folder.mkdir()
    marker = f"sleep 1000.{secrets.randbelow(10**6):06d}"  # whole seconds and a unique mark
    for name in PLAYERS:
        path = folder / name
        path.write_text(HUNG.format(probe=probe, sleep=marker))
        path.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"}, marker


def walk(cmd: list[str], walk_file: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*cmd, "run", str(walk_file), "--plain", "--no-prompts", "--audio", "command"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def arrivals(proc: subprocess.Popen[bytes], timeout: float) -> list[tuple[float, str]]:
    """Each line of standard output with the moment it came, until the output ends."""
    assert proc.stdout is not None
    lines: list[tuple[float, str]] = []
    pending = b""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"the output did not end within {timeout} s: {lines}"
            if not selector.select(left):
                continue
            chunk = os.read(proc.stdout.fileno(), 4096)
            now = time.monotonic()
            if not chunk:
                return lines
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                lines.append((now, line.decode()))


@pytest.fixture
def walk_file(tmp_path: Path) -> Path:
    path = tmp_path / "short.toml"
    path.write_text(WALK)
    return path


def test_a_player_that_ignores_sigterm_and_holds_its_stderr_never_holds_up_the_walk(
    walktimer_cmd: list[str], walk_file: Path, tmp_path: Path, xdg: Xdg
) -> None:
    env, marker = players(tmp_path, probe=PASSES_THE_CHECK)
    proc = walk(walktimer_cmd, walk_file, xdg.env() | env)
    try:
        came = arrivals(proc, timeout=30)
        ended = time.monotonic()
        proc.wait(timeout=30)
        exited = time.monotonic()
        assert proc.stderr is not None
        err = proc.stderr.read().decode()
    finally:
        proc.kill()
    assert "walktimer: sound: command (pw-play)" in err  # the hung player really was in use
    assert [line for _, line in came] == LINES
    first = came[0][0]
    for arrived, line in came:
        planned = int(line[3:5])
        assert abs(arrived - first - planned) < 0.1, f"{line!r} came {arrived - first:.3f} s in"
    assert exited - ended < 3.0, f"exit took {exited - ended:.1f} s after the last line"
    assert proc.returncode == 0, err
    [saved] = xdg.sessions.glob("*.toml")
    assert tomllib.loads(saved.read_text())["status"] == "completed"
    assert left_behind(marker, str(tmp_path / "bin")) == []


def test_player_programs_that_all_hang_at_the_check_delay_the_walk_at_most_two_seconds(
    walktimer_cmd: list[str], walk_file: Path, tmp_path: Path, xdg: Xdg
) -> None:
    env, marker = players(tmp_path, probe="")
    started = time.monotonic()
    proc = walk(walktimer_cmd, walk_file, xdg.env() | env)
    try:
        came = arrivals(proc, timeout=60)
        proc.wait(timeout=30)
        assert proc.stderr is not None
        err = proc.stderr.read().decode()
    finally:
        proc.kill()
    assert [line for _, line in came] == LINES
    first = came[0][0] - started
    assert first < 2.5, f"the first line came {first:.1f} s after the start"
    assert "did not finish within" in err  # the walker is told why there is no player sound
    assert proc.returncode == 0, err
    assert left_behind(marker, str(tmp_path / "bin")) == []

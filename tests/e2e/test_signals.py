"""The real program under Ctrl-C, a closed terminal and odd input: one line, never a traceback,
and never a walk lost.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Xdg
from tests.e2e.conftest import Terminal, env_for

pytestmark = pytest.mark.e2e

STOPPED = "walktimer: stopped"
LONG_WALK = """\
kind = "walk"
name = "Long"
warmup = "none"
cooldown = "none"

[intervals]
fast_seconds = 60
slow_seconds = 60
rounds = 3
"""
SHORT_WALK = LONG_WALK.replace("60", "1").replace("rounds = 3", "rounds = 1")


def walk_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "walk.toml"
    path.write_text(text)
    return path


def read_until(stream: Any, marker: bytes, timeout: float) -> bytes:
    """What `stream` (a pipe) gives until `marker` is in it, failing after `timeout` seconds."""
    data = b""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while marker not in data:
            left = deadline - time.monotonic()
            assert left > 0, f"no {marker!r} within {timeout} s, only {data!r}"
            if selector.select(left):
                chunk = os.read(stream.fileno(), 4096)
                assert chunk, f"the stream ended before {marker!r}: {data!r}"
                data += chunk
    return data


def history(cmd: list[str], xdg: Xdg) -> list[dict[str, Any]]:
    done = subprocess.run(
        [*cmd, "history", "--json"], env=xdg.env(), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    walks: list[dict[str, Any]] = json.loads(done.stdout)
    return walks


def interpreter_start(walktimer_cmd: list[str], xdg: Xdg) -> float:
    """How long this machine takes to start Python up to the point where walktimer's own code
    runs: a Ctrl-C before that is the interpreter's to report, not walktimer's."""
    started = time.monotonic()
    subprocess.run(
        [walktimer_cmd[0], "-c", "import runpy, walktimer"], env=xdg.env(), check=True, timeout=30
    )
    return time.monotonic() - started


def test_ctrl_c_while_starting_up_ends_with_one_line_and_exit_130(
    walktimer_cmd: list[str], xdg: Xdg
) -> None:
    """Ctrl-C lands in turn while modules are imported, while the command runs and as it ends
    (here 0.05 s to 0.2 s after the start)."""
    ready = interpreter_start(walktimer_cmd, xdg)
    interrupted = 0
    for after in (0.03, 0.05, 0.07, 0.09, 0.11, 0.13, 0.15, 0.18) * 2:
        delay = ready + after
        proc = subprocess.Popen(
            [*walktimer_cmd, "presets", "list"],
            env=xdg.env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert "Traceback" not in err, f"after {delay} s:\n{err}"
        assert proc.returncode in (0, 130), f"after {delay} s: exit {proc.returncode}\n{err}"
        if proc.returncode == 130:
            interrupted += 1
            assert err == STOPPED + "\n"
    assert interrupted > 0  # Ctrl-C came before the end at least once: the case was tried


def test_ctrl_c_at_the_first_question_ends_with_one_line_and_exit_130(
    walktimer_cmd: list[str], tmp_path: Path, xdg: Xdg
) -> None:
    proc = subprocess.Popen(
        [*walktimer_cmd, "run", str(walk_file(tmp_path, SHORT_WALK)), "--plain", "--audio", "none"],
        env=xdg.env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        asked = read_until(proc.stderr, b"(Enter to skip) ", timeout=30)
        proc.send_signal(signal.SIGINT)
        out, rest = proc.communicate(timeout=30)
    finally:
        proc.kill()
    err = (asked + rest).decode()
    assert "Traceback" not in err, err
    assert proc.returncode == 130, err
    assert err.endswith("(Enter to skip) \n" + STOPPED + "\n")  # on a line of its own
    assert out == b""
    assert not xdg.sessions.exists() or not list(xdg.sessions.iterdir())  # nothing was walked


@pytest.mark.parametrize("encoding", ["utf-8:strict", "utf-8:surrogateescape"])
def test_a_note_that_is_not_utf8_is_saved_with_a_replacement_mark(
    walktimer_cmd: list[str], tmp_path: Path, xdg: Xdg, encoding: str
) -> None:
    """Bytes typed or piped that are not UTF-8 become a visible mark, not a lost walk."""
    proc = subprocess.run(
        [*walktimer_cmd, "run", str(walk_file(tmp_path, SHORT_WALK)), "--plain", "--audio", "none"],
        env=xdg.env() | {"PYTHONIOENCODING": encoding},
        input=b"4\n3\n5\nfelt \xff\xfe better\n",
        capture_output=True,
        timeout=60,
    )
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert proc.returncode == 0, err
    [saved] = xdg.sessions.glob("*.toml")
    summary = tomllib.loads(saved.read_text(encoding="utf-8"))
    assert summary["notes"] == "felt \ufffd\ufffd better"
    assert (summary["pain_before"], summary["pain_after"], summary["effort"]) == (4, 3, 5)


@pytest.mark.parametrize("args", [[], ["run", "first-steps"]], ids=["home", "run"])
def test_the_app_without_a_terminal_says_so_in_one_line_and_exits_2(
    walktimer_cmd: list[str], xdg: Xdg, args: list[str]
) -> None:
    done = subprocess.run(
        [*walktimer_cmd, *args],
        env=xdg.env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=5,
    )
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("walktimer: ") and "terminal" in line and "--plain" in line
    assert done.stdout == ""


def test_closing_the_terminal_saves_the_plain_walk_at_once_with_the_time_walked(
    terminal: Terminal, walktimer_cmd: list[str], tmp_path: Path, xdg: Xdg
) -> None:
    """tmux kill-session hangs up the terminal the walk reads its keys from."""
    walk = walk_file(tmp_path, LONG_WALK)
    command = [sys.executable, "-m", "walktimer", "run", str(walk), "--plain", "--no-prompts"]
    terminal.start([*command, "--audio", "none"], env_for(xdg))
    terminal.wait_for(lambda s: "00:00 FAST Brisk walk, round 1/3 (1:00)" in s, "the first line")
    started = time.monotonic()
    time.sleep(3.0)
    terminal.run("kill-session", "-t", "walk")
    walked = time.monotonic() - started
    deadline = time.monotonic() + 5.0
    while not (saved := list(xdg.sessions.glob("*.toml"))):
        assert time.monotonic() < deadline, "the walk was not saved within 5 s of the hang-up"
        time.sleep(0.05)

    summary = tomllib.loads(saved[0].read_text())
    assert (summary["status"], summary["stop_reason"]) == ("stopped", "user")
    assert walked - 0.5 <= summary["active_seconds"] <= walked + 0.5
    walks = history(walktimer_cmd, xdg)  # and nothing is left to be recovered later
    assert [(w["status"], w["active_seconds"]) for w in walks] == [
        ("stopped", summary["active_seconds"])
    ]

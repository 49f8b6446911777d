"""A real plain-mode walk killed, terminated or unable to save: the walk is never lost."""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Xdg

pytestmark = pytest.mark.e2e

ONE_SECOND = """\
kind = "walk"
name = "One-second test walk"
warmup = "none"
cooldown = "none"

[intervals]
fast_seconds = 1
slow_seconds = 1
rounds = 30
"""
RUN = ["run", "one-second", "--plain", "--audio", "none"]


@pytest.fixture(autouse=True)
def one_second_preset(xdg: Xdg) -> None:
    (xdg.presets / "walks").mkdir(parents=True)
    (xdg.presets / "walks" / "one-second.toml").write_text(ONE_SECOND)


def start(cmd: list[str], env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*cmd, *RUN, *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def read_lines(proc: subprocess.Popen[bytes], count: int, timeout: float = 30.0) -> list[str]:
    """The first `count` lines of standard output, without ever blocking past `timeout`."""
    assert proc.stdout is not None
    data = b""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        while data.count(b"\n") < count:
            left = deadline - time.monotonic()
            assert left > 0, f"only got {data!r}"
            if selector.select(left):
                chunk = os.read(proc.stdout.fileno(), 4096)
                assert chunk, f"the walk ended early: {data!r}"
                data += chunk
    return data.decode().splitlines()[:count]


def checkpoint(xdg: Xdg) -> dict[str, Any]:
    """The one walk's checkpoint on disk; FileNotFoundError while there is none."""
    for path in xdg.checkpoints.glob("*.toml"):
        return tomllib.loads(path.read_text())
    raise FileNotFoundError(xdg.checkpoints / "*.toml")


def checkpointed(xdg: Xdg, *, phases: int, within: float) -> None:
    """Wait until the checkpoint on disk holds `phases` phases, at most `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        with contextlib.suppress(FileNotFoundError):
            data = checkpoint(xdg)
            if len(data["summary"]["phases"]) >= phases:
                return
        assert time.monotonic() < deadline, f"no checkpoint of {phases} phases in {within} s"
        time.sleep(0.01)


def history(cmd: list[str], xdg: Xdg) -> tuple[list[dict[str, Any]], str]:
    done = subprocess.run(
        [*cmd, "history", "--json"], env=xdg.env(), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


def test_a_walk_killed_mid_way_is_in_history_as_interrupted(
    walktimer_cmd: list[str], xdg: Xdg
) -> None:
    proc = start(walktimer_cmd, xdg.env(), "--no-prompts")
    lines = read_lines(proc, 4)
    checkpointed(xdg, phases=4, within=0.5)  # the fourth phase (one second) is under way
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert lines[0].endswith("FAST Brisk walk, round 1/30 (0:01)")
    assert len(xdg.checkpoint_files()) == 2  # the walk's checkpoint and its lock

    walks, err = history(walktimer_cmd, xdg)

    assert err.startswith("walktimer: saved a walk that was cut short: ")
    assert xdg.checkpoint_files() == []
    assert len(walks) == 1
    walk = walks[0]
    assert walk["status"] == "interrupted"
    assert "stop_reason" not in walk
    names = [phase["name"] for phase in walk["phases"]]
    expected = [f"{kind} walk, round {n}/30" for n in range(1, 31) for kind in ("Brisk", "Easy")]
    assert len(names) >= 4
    assert names == expected[: len(names)]
    done = walk["phases"][:3]
    assert all(p["actual_seconds"] == 1.0 and not p["skipped"] for p in done)
    assert walk["rounds_completed"] >= 1
    assert walk["active_seconds"] >= 3.0
    # The next command finds nothing more to recover, and the walk is listed once.
    again, err = history(walktimer_cmd, xdg)
    assert err == ""
    assert again == walks


def test_a_kill_in_a_long_phase_loses_at_most_ten_seconds(
    walktimer_cmd: list[str], xdg: Xdg
) -> None:
    """The checkpoint is rewritten during a phase too, so the phase under way is recorded."""
    proc = start(walktimer_cmd, xdg.env(), "--no-prompts", "--fast", "600")
    read_lines(proc, 1)
    started = time.monotonic()
    deadline = started + 30
    while True:  # wait for the first checkpoint written within the phase
        assert time.monotonic() < deadline, "no checkpoint within the phase"
        with contextlib.suppress(FileNotFoundError):
            phases = checkpoint(xdg)["summary"]["phases"]  # none in the one before the walk
            if phases and phases[0]["actual_seconds"] > 0:
                break
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    walked = time.monotonic() - started

    walks, _ = history(walktimer_cmd, xdg)

    phase = walks[0]["phases"][0]
    assert walks[0]["status"] == "interrupted"
    assert phase["name"] == "Brisk walk, round 1/30"
    assert walked - 10.5 <= phase["actual_seconds"] <= walked
    assert walks[0]["active_seconds"] >= phase["actual_seconds"]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_terminated_walk_is_saved_as_stopped_at_once(
    walktimer_cmd: list[str], xdg: Xdg, signum: int
) -> None:
    proc = start(walktimer_cmd, xdg.env(), "--no-prompts", "--fast", "600")
    read_lines(proc, 1)
    sent = time.monotonic()
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert time.monotonic() - sent < 10  # not at the end of the 10-minute phase
    assert b"Saved " in err
    assert xdg.checkpoint_files() == []

    walks, err_text = history(walktimer_cmd, xdg)
    assert err_text == ""
    assert [(w["status"], w["stop_reason"]) for w in walks] == [("stopped", "user")]
    assert [p["name"] for p in walks[0]["phases"]] == ["Brisk walk, round 1/30"]


def test_an_unwritable_data_folder_prints_the_summary_and_fails(
    walktimer_cmd: list[str], xdg: Xdg, tmp_path: Path
) -> None:
    """Tests run as root, who may write anywhere: a data path under a regular file stops
    even root."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder\n")
    env = xdg.env() | {"XDG_DATA_HOME": str(blocker / "data")}
    proc = subprocess.Popen(
        [*walktimer_cmd, *RUN, "--rounds", "1"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = proc.communicate("4\n3\n5\nLooser after [b]stretching[/b]\n", timeout=60)

    assert proc.returncode == 1
    sessions = blocker / "data" / "walktimer" / "sessions"
    assert f"walktimer: cannot save to {sessions}: " in err
    assert "Not a directory" in err
    kept = blocker / "data" / "walktimer" / "in-progress"
    assert f"; nor can the walk be kept in {kept}/" in err  # the printed summary is all there is
    lines = out.splitlines()
    done = next(i for i, line in enumerate(lines) if line.endswith(" DONE"))
    summary = tomllib.loads("\n".join(lines[done + 1 :]))
    assert summary["status"] == "completed"
    assert summary["walk"] == "one-second"
    assert (summary["pain_before"], summary["pain_after"], summary["effort"]) == (4, 3, 5)
    assert summary["notes"] == "Looser after [b]stretching[/b]"
    assert len(summary["phases"]) == 2
    assert blocker.read_text() == "a file, not a folder\n"

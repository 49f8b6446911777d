"""Real walks in one data folder: each keeps its own checkpoint, whatever happens to the others,
to the clock or to the disk, and every walk started ends up in history exactly once."""

from __future__ import annotations

import json
import signal
import subprocess
import time
import tomllib
from typing import Any

import pytest

from tests.conftest import Xdg, require_program
from tests.e2e.test_crash_safety import read_lines

pytestmark = pytest.mark.e2e

WALK = """\
kind = "walk"
name = "{name}"
warmup = "none"
cooldown = "none"

[intervals]
fast_seconds = 1
slow_seconds = 1
rounds = {rounds}
"""


def user_walk(xdg: Xdg, name: str, rounds: int) -> None:
    """A walk of one-second intervals among the user's presets, `rounds` rounds long."""
    folder = xdg.presets / "walks"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.toml").write_text(WALK.format(name=name, rounds=rounds))


def start(
    cmd: list[str], xdg: Xdg, walk: str, *, prefix: tuple[str, ...] = ()
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*prefix, *cmd, "run", walk, "--plain", "--no-prompts", "--audio", "none"],
        env=xdg.env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def history(cmd: list[str], xdg: Xdg) -> tuple[list[dict[str, Any]], str]:
    done = subprocess.run(
        [*cmd, "history", "--json"], env=xdg.env(), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


def kill(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)


def statuses(walks: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted((walk["walk"], walk["status"]) for walk in walks)


def test_two_walks_at_once_one_killed_are_both_in_history_once(
    walktimer_cmd: list[str], xdg: Xdg
) -> None:
    user_walk(xdg, "long-walk", rounds=30)
    user_walk(xdg, "short-walk", rounds=2)
    first = start(walktimer_cmd, xdg, "long-walk")
    read_lines(first, 2)  # a second into the first walk
    time.sleep(1.0)
    second = start(walktimer_cmd, xdg, "short-walk")
    read_lines(second, 2)
    time.sleep(0.3)  # both have written a checkpoint of their second phase
    kill(first)
    _, err = second.communicate(timeout=30)
    assert second.returncode == 0, err

    walks, told = history(walktimer_cmd, xdg)

    assert statuses(walks) == [("long-walk", "interrupted"), ("short-walk", "completed")]
    assert len({walk["id"] for walk in walks}) == 2
    assert "saved a walk that was cut short: " in told
    assert history(walktimer_cmd, xdg) == (walks, "")


def test_two_walks_at_once_both_killed_are_both_in_history_once(
    walktimer_cmd: list[str], xdg: Xdg
) -> None:
    user_walk(xdg, "first-walk", rounds=30)
    user_walk(xdg, "second-walk", rounds=30)
    first = start(walktimer_cmd, xdg, "first-walk")
    read_lines(first, 2)
    time.sleep(1.5)
    second = start(walktimer_cmd, xdg, "second-walk")
    read_lines(second, 2)
    time.sleep(0.3)
    kill(first)
    kill(second)

    walks, told = history(walktimer_cmd, xdg)

    assert statuses(walks) == [("first-walk", "interrupted"), ("second-walk", "interrupted")]
    assert all(walk["active_seconds"] >= 1.0 for walk in walks)
    assert told.count("saved a walk that was cut short: ") == 2
    assert history(walktimer_cmd, xdg) == (walks, "")


def test_a_live_walk_whose_clock_is_behind_is_left_walking(
    walktimer_cmd: list[str], xdg: Xdg
) -> None:
    """The walk's wall clock is two minutes behind the clock of the command run beside it:
    the walk must still count as alive, and be saved once, by itself, at its end."""
    faketime = require_program("faketime")
    user_walk(xdg, "behind", rounds=3)
    proc = start(walktimer_cmd, xdg, "behind", prefix=(faketime, "-f", "-120s"))
    read_lines(proc, 2)
    time.sleep(0.3)

    walks, told = history(walktimer_cmd, xdg)

    assert (walks, told) == ([], "")
    assert proc.poll() is None, "the walk should still be under way"
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    walks, told = history(walktimer_cmd, xdg)
    assert statuses(walks) == [("behind", "completed")]
    assert told == ""


def test_a_walk_that_could_not_be_saved_is_saved_whole_by_the_next_command(
    walktimer_cmd: list[str], xdg: Xdg
) -> None:
    """sessions/ cannot be created (a file is in the way): the summary is printed, and the
    walk, with the answers given after it, is kept to be saved later under its own id."""
    user_walk(xdg, "unsaved", rounds=1)
    sessions = xdg.data / "walktimer" / "sessions"
    sessions.parent.mkdir(parents=True)
    sessions.write_text("a file, not a folder\n")
    done = subprocess.run(
        [*walktimer_cmd, "run", "unsaved", "--plain", "--audio", "none"],
        env=xdg.env(),
        input="4\n3\n5\nLooser afterwards\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    end = next(i for i, line in enumerate(lines) if line.endswith(" DONE"))
    printed = tomllib.loads("\n".join(lines[end + 1 :]))

    sessions.unlink()
    walks, told = history(walktimer_cmd, xdg)

    path = sessions / f"{printed['id']}.toml"
    assert told == f"walktimer: saved a completed walk that had not been saved yet: {path}\n"
    assert [walk["id"] for walk in walks] == [printed["id"]]
    saved = walks[0]
    assert saved["status"] == "completed"
    answers = ("pain_before", "pain_after", "effort", "notes")
    assert [saved[key] for key in answers] == [4, 3, 5, "Looser afterwards"]
    assert [printed[key] for key in answers] == [4, 3, 5, "Looser afterwards"]
    kept = xdg.data / "walktimer" / "in-progress" / f"{printed['id']}.toml"
    assert f"the walk is kept in {kept}" in done.stderr
    assert not kept.exists()

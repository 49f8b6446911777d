"""A newcomer's record, through the real program: a walk started by accident is kept but does
not count, and a walk can be deleted, restored and corrected with every other key as it was."""

from __future__ import annotations

import shlex
import subprocess
import time
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.e2e.conftest import Terminal, env_for

pytestmark = pytest.mark.e2e

ANSWERS = (b"pain_before = ", b"pain_after = ", b"effort = ", b"notes = ")
TINY = """kind = "walk"
name = "Tiny"
warmup = "none"
cooldown = "none"

[intervals]
fast_seconds = 1
slow_seconds = 1
rounds = 1
"""


def typed(terminal: Terminal, command: list[str]) -> None:
    terminal.keys("clear", "Enter")
    terminal.wait_for(lambda s: s.strip() == "$", "a clear screen")
    terminal.keys(shlex.join(command), "Enter")


def test_a_walk_started_by_accident_is_kept_but_counts_towards_nothing(
    terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    terminal.shell(env_for(xdg))
    run = ["run", "first-steps", "--plain", "--no-prompts", "--audio", "none"]
    typed(terminal, [*walktimer_cmd, *run])
    terminal.wait_for(lambda s: "00:00 WARMUP" in s, "the walk's first line")
    time.sleep(2)  # a few seconds of a walk planned for minutes
    terminal.keys("q")
    terminal.wait_for(lambda s: s.rstrip().endswith("$"), "the walk to end")
    [path] = xdg.sessions.glob("*.toml")

    typed(terminal, [*walktimer_cmd, "stats"])
    stats = terminal.wait_for(lambda s: "Streak" in s and s.rstrip().endswith("$"), "stats")
    assert "0 of 3 walks" in stats
    assert "All walks 0" in stats and "1 more too short to count" in stats

    typed(terminal, [*walktimer_cmd, "history"])
    table = terminal.wait_for(lambda s: s.rstrip().endswith("$") and "counts" in s, "history")
    lines = table.splitlines()
    head = next(line for line in lines if line.startswith("date"))
    [row] = [line for line in lines if "First steps" in line]
    assert head.split() == ["date", "walk", "min", "status", "pain", "effort", "counts"]
    assert row.rstrip().endswith(" no")
    assert row.rstrip().rindex(" no") + 1 == head.index("counts")  # under its heading
    assert row.index("stopped") == head.index("status")
    assert "stopped" in row
    assert "A walk counts towards your goal once half of its planned time is walked." in table
    assert path.exists()  # kept in history all the same


def other_lines(data: bytes) -> list[bytes]:
    """The file's lines but the answers to the questions."""
    return [line for line in data.split(b"\n") if not line.startswith(ANSWERS)]


def test_delete_restore_and_edit_leave_every_other_key_byte_for_byte(
    xdg: Xdg, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    def walktimer(*args: str) -> None:
        done = subprocess.run(
            [*walktimer_cmd, *args], env=env_for(xdg), capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr

    walk = tmp_path / "tiny.toml"
    walk.write_text(TINY)
    walktimer("run", str(walk), "--plain", "--no-prompts", "--audio", "none")
    [path] = xdg.sessions.glob("*.toml")
    original = path.read_bytes()

    walktimer("history", "delete", path.stem)
    assert not path.exists()
    assert (xdg.trash / path.name).read_bytes() == original

    walktimer("history", "restore", path.stem)
    assert path.read_bytes() == original

    edit = ["--pain-before", "10", "--pain-after", "3", "--effort", "6", "--notes", "Felt ok"]
    walktimer("history", "edit", path.stem, *edit)
    assert other_lines(path.read_bytes()) == other_lines(original)
    now = tomllib.loads(path.read_text())
    assert (now["pain_before"], now["pain_after"], now["effort"], now["notes"]) == (
        10,
        3,
        6,
        "Felt ok",
    )

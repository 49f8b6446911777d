"""A newcomer's record, through the real program: a walk started by accident is kept but does
not count, and a walk can be deleted, restored and corrected with every other key as it was."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Xdg, require_program
from tests.e2e.conftest import Terminal, env_for

pytestmark = pytest.mark.e2e

WALKTIMER = [sys.executable, "-m", "walktimer"]
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


def shell(terminal: Terminal, xdg: Xdg) -> None:
    """An interactive shell in the terminal, as a walker types into one."""
    bash = require_program("bash")
    env = env_for(xdg) | {"PS1": "$ "}
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    line = f"env {exports} {shlex.quote(bash)} --norc --noprofile -i"
    terminal.run("new-session", "-d", "-s", "walk", "-x", "100", "-y", "30", line)
    terminal.wait_for(lambda s: s.rstrip().endswith("$"), "the shell's prompt")


def typed(terminal: Terminal, *args: str) -> None:
    terminal.keys("clear", "Enter")
    terminal.wait_for(lambda s: s.strip() == "$", "a clear screen")
    terminal.keys(shlex.join([*WALKTIMER, *args]), "Enter")


def test_a_nine_second_walk_is_kept_but_counts_towards_nothing(
    terminal: Terminal, xdg: Xdg
) -> None:
    shell(terminal, xdg)
    typed(terminal, "run", "first-steps", "--plain", "--no-prompts", "--audio", "none")
    terminal.wait_for(lambda s: "00:00 WARMUP" in s, "the walk's first line")
    time.sleep(9)
    terminal.keys("q")
    terminal.wait_for(lambda s: s.rstrip().endswith("$"), "the walk to end")
    [path] = xdg.sessions.glob("*.toml")

    typed(terminal, "stats")
    stats = terminal.wait_for(lambda s: "Streak" in s and s.rstrip().endswith("$"), "stats")
    assert "0 of 3 walks" in stats
    assert "All walks 0" in stats and "1 more too short to count" in stats

    typed(terminal, "history")
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


def walktimer(xdg: Xdg, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*WALKTIMER, *args], env=env_for(xdg), capture_output=True, text=True, timeout=60
    )


def other_lines(path: Path) -> list[bytes]:
    return [line for line in path.read_bytes().split(b"\n") if not line.startswith(ANSWERS)]


def test_delete_restore_and_edit_leave_every_other_key_byte_for_byte(
    xdg: Xdg, tmp_path: Path
) -> None:
    walk = tmp_path / "tiny.toml"
    walk.write_text(TINY)
    done = walktimer(xdg, "run", str(walk), "--plain", "--no-prompts", "--audio", "none")
    assert done.returncode == 0, done.stderr
    [path] = xdg.sessions.glob("*.toml")
    original = path.read_bytes()
    [listed] = json.loads(walktimer(xdg, "history", "--json").stdout)
    walk_id = listed["id"]
    assert listed["counts"] is True

    deleted = walktimer(xdg, "history", "delete", walk_id)
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.count("\n") == 1 and "trash" in deleted.stdout
    assert not path.exists()
    assert (xdg.trash / path.name).read_bytes() == original
    assert json.loads(walktimer(xdg, "history", "--json").stdout) == []

    again = walktimer(xdg, "history", "delete", walk_id)
    assert again.returncode == 2
    assert again.stderr == f"walktimer: no saved walk with the id {walk_id} in {xdg.sessions}\n"

    restored = walktimer(xdg, "history", "restore", walk_id)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout == f"restored walk {walk_id}: {path}\n"
    assert path.read_bytes() == original

    edit = ["--pain-before", "10", "--pain-after", "3", "--effort", "6", "--notes", "Felt ok"]
    edited = walktimer(xdg, "history", "edit", walk_id, *edit)
    assert edited.returncode == 0, edited.stderr
    assert edited.stdout == (
        f'edited walk {walk_id}: pain before 10, pain after 3, effort 6, notes "Felt ok"\n'
    )
    assert other_lines(path) == [
        line for line in original.split(b"\n") if not line.startswith(ANSWERS)
    ]
    [now] = json.loads(walktimer(xdg, "history", "--json").stdout)
    assert (now["pain_before"], now["pain_after"], now["effort"], now["notes"]) == (
        10,
        3,
        6,
        "Felt ok",
    )

    removed = walktimer(xdg, "history", "edit", walk_id, "--notes", "", "--effort", "none")
    assert removed.returncode == 0, removed.stderr
    assert b"notes = " not in path.read_bytes() and b"effort = " not in path.read_bytes()
    assert other_lines(path) == [
        line for line in original.split(b"\n") if not line.startswith(ANSWERS)
    ]

    bad = walktimer(xdg, "history", "edit", walk_id, "--pain-after", "11")
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr

"""What the next command does with checkpoints left behind: a broken one never stops it, a walk
already saved is never saved twice, the message says what happened, and a live walk (whose
lock is held, whatever its pid says) is left alone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.unit.storage.summaries import make_summary
from walktimer.cli import main
from walktimer.domain.summary import Checkpoint, Summary
from walktimer.storage import encode_summary, read_summaries, write_checkpoint

ID = "20261126T223500-classic-30-30-3f2a"
INVALID_UTF8 = b'pid = 12\n[summary]\nschema = 1\nid = "\xff\xfe"\n'
DEEP = b"pid = 12\nsummary = " + b"[" * 2000 + b"]" * 2000 + b"\n"


def folder(xdg: Xdg) -> Path:
    """Where each walk's checkpoint is kept while it runs."""
    return xdg.data / "walktimer" / "in-progress"


def earlier_checkpoint(xdg: Xdg) -> Path:
    """The single checkpoint file of earlier walktimer versions."""
    return xdg.data / "walktimer" / "in-progress.toml"


def place(xdg: Xdg, where: str, name: str = f"{ID}.toml") -> Path:
    path = earlier_checkpoint(xdg) if where == "earlier" else folder(xdg) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


@pytest.fixture
def live_pid() -> Iterator[int]:
    """An unrelated live process: what a pid in a checkpoint may name in another namespace."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield proc.pid
    proc.kill()
    proc.wait()


def recent(**overrides: object) -> Summary:
    now = datetime.now().astimezone().replace(microsecond=0)
    fields: dict[str, object] = {"id": ID, "ended_at": now}
    fields.update(overrides)
    return make_summary(now - timedelta(minutes=2), **fields)


@pytest.mark.parametrize("where", ["earlier", "own"])
@pytest.mark.parametrize("data", [INVALID_UTF8, DEEP], ids=["invalid-utf8", "nested-2000-deep"])
@pytest.mark.parametrize("argv", [["history"], ["presets", "list"]], ids=["history", "presets"])
def test_an_unreadable_checkpoint_is_moved_aside_with_one_warning_and_the_command_goes_on(
    xdg: Xdg, capsys: pytest.CaptureFixture[str], where: str, data: bytes, argv: list[str]
) -> None:
    path = place(xdg, where)
    path.write_bytes(data)

    assert main(argv) == 0

    err = capsys.readouterr().err.splitlines()
    aside = folder(xdg) / "broken" / path.name
    assert len(err) == 1, err
    assert err[0].startswith(f"walktimer: warning: {path}: ")
    assert str(aside) in err[0]
    assert not path.exists()
    assert aside.read_bytes() == data
    assert main(argv) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("where", ["earlier", "own"])
def test_a_checkpoint_whose_walk_was_saved_already_is_removed_not_saved_again(
    xdg: Xdg, capsys: pytest.CaptureFixture[str], dead_pid: int, where: str
) -> None:
    """Killed between publishing its summary and removing its checkpoint: the checkpoint holds
    the walk as it ended, before the answers that the summary has."""
    saved = recent(pain_before=4, pain_after=5, effort=6, notes="good")
    xdg.sessions.mkdir(parents=True)
    (xdg.sessions / f"{ID}.toml").write_text(encode_summary(saved))
    path = place(xdg, where)
    last = recent(pain_before=4)
    write_checkpoint(Checkpoint(pid=dead_pid, summary=last), path)
    if where == "own":
        (path.parent / f"{ID}.lock").touch()  # its walk held it, and is gone

    assert main(["history", "--json"]) == 0

    assert capsys.readouterr().err == ""
    assert read_summaries(xdg.sessions)[0] == [saved]
    assert not path.exists()


@pytest.mark.parametrize("where", ["earlier", "own"])
@pytest.mark.parametrize("status", ["completed", "stopped"])
def test_an_ended_walk_saved_from_its_checkpoint_is_not_called_interrupted(
    xdg: Xdg, capsys: pytest.CaptureFixture[str], dead_pid: int, where: str, status: str
) -> None:
    path = place(xdg, where)
    summary = recent(status=status, stop_reason="user" if status == "stopped" else None)
    write_checkpoint(Checkpoint(pid=dead_pid, summary=summary), path)

    assert main(["presets", "list"]) == 0

    saved = xdg.sessions / f"{ID}.toml"
    err = capsys.readouterr().err
    assert err == f"walktimer: saved a {status} walk that had not been saved yet: {saved}\n"
    assert read_summaries(xdg.sessions)[0] == [summary]


@pytest.mark.parametrize("where", ["earlier", "own"])
def test_a_pid_that_names_an_unrelated_live_process_does_not_keep_the_walk_alive(
    xdg: Xdg, capsys: pytest.CaptureFixture[str], live_pid: int, where: str
) -> None:
    path = place(xdg, where)
    summary = recent(status="interrupted")
    write_checkpoint(Checkpoint(pid=live_pid, summary=summary), path)

    assert main(["presets", "list"]) == 0

    saved = xdg.sessions / f"{ID}.toml"
    assert capsys.readouterr().err == f"walktimer: saved a walk that was cut short: {saved}\n"
    assert read_summaries(xdg.sessions)[0] == [summary]
    assert not path.exists()


def test_a_walk_holding_its_lock_is_alive_whatever_its_pid_says(
    xdg: Xdg, capsys: pytest.CaptureFixture[str], dead_pid: int
) -> None:
    path = place(xdg, "own")
    write_checkpoint(Checkpoint(pid=dead_pid, summary=recent(status="interrupted")), path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path.with_suffix(".lock"))],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        assert main(["history", "--json"]) == 0
        assert capsys.readouterr() == ("[]\n", "")
        assert path.exists()
    finally:
        holder.kill()
        holder.wait()
    assert main(["history", "--json"]) == 0
    assert "saved a walk that was cut short" in capsys.readouterr().err
    assert not path.exists()


HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(60)
"""


def test_old_hidden_temporary_files_are_removed_and_fresh_ones_left(
    xdg: Xdg, capsys: pytest.CaptureFixture[str]
) -> None:
    """What a kill in the middle of writing a file leaves; a fresh one may be a write under
    way in another walktimer."""
    hours_ago = time.time() - 2 * 3600
    kept: list[Path] = []
    for where in (xdg.sessions, folder(xdg)):
        where.mkdir(parents=True)
        old = where / f".{ID}.toml.0123abcd.tmp"
        old.write_text("half a file")
        os.utime(old, (hours_ago, hours_ago))
        fresh = where / f".{ID}.toml.89abcdef.tmp"
        fresh.write_text("being written")
        other = where / ".notes.txt"  # not walktimer's: never touched
        other.write_text("mine")
        os.utime(other, (hours_ago, hours_ago))
        kept += [fresh, other]

    assert main(["history", "--json"]) == 0

    assert capsys.readouterr().err == ""
    remaining = sorted(p for where in (xdg.sessions, folder(xdg)) for p in where.iterdir())
    assert remaining == sorted(kept)


@pytest.mark.parametrize("checkpoint", [True, False], ids=["with-checkpoint", "first-write-cut"])
def test_a_gone_walks_half_written_checkpoint_is_removed_with_it_at_once(
    xdg: Xdg, capsys: pytest.CaptureFixture[str], dead_pid: int, checkpoint: bool
) -> None:
    """A kill during a checkpoint's write leaves its temporary file: once the walk's lock is
    free nobody will finish it, so it goes with the walk, not an hour later."""
    path = place(xdg, "own")
    if checkpoint:
        write_checkpoint(Checkpoint(pid=dead_pid, summary=recent()), path)
    else:
        path.with_suffix(".lock").write_text("")  # locked, then killed before the first rename
    half = path.with_name(f".{path.name}.0123abcd.tmp")
    half.write_text("half a checkpoint")
    other_walk = path.with_name(".20261126T230000-other-1a2b.toml.89abcdef.tmp")
    other_walk.write_text("another walk's write under way")

    assert main(["history", "--json"]) == 0

    capsys.readouterr()
    assert sorted(p.name for p in folder(xdg).iterdir()) == [other_walk.name]

"""A checkpoint whose process is gone becomes a summary; a live walk's checkpoint is left alone."""

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
from walktimer.storage import (
    RecoveryError,
    encode_summary,
    read_summaries,
    recover_checkpoint,
    write_checkpoint,
)


@pytest.fixture
def dead_pid() -> int:
    """The pid of a process that has ended and been reaped."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


@pytest.fixture
def live_pid() -> Iterator[int]:
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield proc.pid
    proc.kill()
    proc.wait()


def interrupted(**overrides: object) -> Summary:
    """What a checkpoint holds mid-walk: the walk so far, as `interrupted`."""
    now = datetime.now().astimezone().replace(microsecond=0)
    fields: dict[str, object] = {"status": "interrupted", "ended_at": now, "pain_before": 3}
    fields.update(overrides)
    return make_summary(now - timedelta(minutes=2), **fields)


def checkpoint_of(xdg: Xdg, pid: int, summary: Summary) -> Path:
    write_checkpoint(Checkpoint(pid=pid, summary=summary), xdg.checkpoint)
    return xdg.checkpoint


def test_a_dead_walks_checkpoint_becomes_an_interrupted_summary(xdg: Xdg, dead_pid: int) -> None:
    summary = interrupted()
    path = recover_checkpoint(checkpoint_of(xdg, dead_pid, summary), xdg.sessions)
    assert path == xdg.sessions / f"{summary.id}.toml"
    assert not xdg.checkpoint.exists()
    walks, warnings = read_summaries(xdg.sessions)
    assert warnings == []
    assert walks == [summary]
    assert walks[0].status == "interrupted"
    assert len(walks[0].phases) == 4
    assert walks[0].pain_before == 3


def test_an_ended_walk_keeps_its_own_status(xdg: Xdg, dead_pid: int) -> None:
    summary = interrupted(status="stopped", stop_reason="pain")
    recover_checkpoint(checkpoint_of(xdg, dead_pid, summary), xdg.sessions)
    assert [(s.status, s.stop_reason) for s in read_summaries(xdg.sessions)[0]] == [
        ("stopped", "pain")
    ]


def test_a_live_owners_checkpoint_is_left_alone(xdg: Xdg, live_pid: int) -> None:
    path = checkpoint_of(xdg, live_pid, interrupted())
    data = path.read_bytes()
    assert recover_checkpoint(path, xdg.sessions) is None
    assert path.read_bytes() == data
    assert not xdg.sessions.exists()


def test_this_process_own_checkpoint_is_left_alone(xdg: Xdg) -> None:
    path = checkpoint_of(xdg, os.getpid(), interrupted())
    assert recover_checkpoint(path, xdg.sessions) is None
    assert path.exists()


def test_an_ended_but_unreaped_owner_counts_as_gone(xdg: Xdg) -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 30
    while Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
        assert time.monotonic() < deadline
        time.sleep(0.01)
    try:
        path = checkpoint_of(xdg, proc.pid, interrupted())
        assert recover_checkpoint(path, xdg.sessions) is not None
    finally:
        proc.wait()


def test_a_pid_reused_after_a_reboot_does_not_hold_the_walk_back(xdg: Xdg, live_pid: int) -> None:
    """The process now holding the pid started long after the walk's last checkpoint."""
    last_week = datetime.now().astimezone() - timedelta(days=7)
    summary = interrupted(ended_at=last_week)
    path = checkpoint_of(xdg, live_pid, summary)
    assert recover_checkpoint(path, xdg.sessions) == xdg.sessions / f"{summary.id}.toml"
    assert not path.exists()


def test_recovering_twice_at_once_adds_no_copy(xdg: Xdg, dead_pid: int) -> None:
    summary = interrupted()
    path = checkpoint_of(xdg, dead_pid, summary)
    data = path.read_bytes()
    first = recover_checkpoint(path, xdg.sessions)
    path.write_bytes(data)  # the second command read the checkpoint before it was removed
    second = recover_checkpoint(path, xdg.sessions)
    assert first == second
    assert len(list(xdg.sessions.glob("*.toml"))) == 1


def test_a_different_walk_with_the_same_id_is_kept_too(xdg: Xdg, dead_pid: int) -> None:
    summary = interrupted()
    xdg.sessions.mkdir(parents=True)
    other = xdg.sessions / f"{summary.id}.toml"
    other.write_text(encode_summary(interrupted(notes="another walk")))
    recovered = recover_checkpoint(checkpoint_of(xdg, dead_pid, summary), xdg.sessions)
    assert recovered is not None and recovered != other
    assert len(read_summaries(xdg.sessions)[0]) == 2


def test_no_checkpoint_means_nothing_to_do(xdg: Xdg) -> None:
    assert recover_checkpoint(xdg.checkpoint, xdg.sessions) is None


def test_an_unwritable_sessions_folder_keeps_the_checkpoint(xdg: Xdg, dead_pid: int) -> None:
    path = checkpoint_of(xdg, dead_pid, interrupted())
    blocker = xdg.data / "file"
    blocker.write_text("")
    with pytest.raises(RecoveryError, match="cannot save the interrupted walk") as caught:
        recover_checkpoint(path, blocker / "sessions")
    assert str(path) in str(caught.value)
    assert path.exists()


def test_a_corrupt_checkpoint_is_reported_and_kept(xdg: Xdg) -> None:
    xdg.checkpoint.parent.mkdir(parents=True)
    xdg.checkpoint.write_bytes(b"pid = 12\nsummary = [")
    with pytest.raises(RecoveryError, match="not a readable walk checkpoint"):
        recover_checkpoint(xdg.checkpoint, xdg.sessions)
    assert xdg.checkpoint.read_bytes() == b"pid = 12\nsummary = ["


def test_an_unsafe_id_in_a_checkpoint_is_refused(xdg: Xdg, dead_pid: int) -> None:
    path = checkpoint_of(xdg, dead_pid, interrupted(id="../../escape"))
    with pytest.raises(RecoveryError, match="not usable"):
        recover_checkpoint(path, xdg.sessions)
    assert not (xdg.data / "escape.toml").exists()


def newer_checkpoint(xdg: Xdg, pid: int) -> Path:
    """A checkpoint of a newer walktimer, whose schema 2 renamed a key this one needs."""
    path = checkpoint_of(xdg, pid, interrupted(schema=2))
    path.write_text(path.read_text().replace('walk = "', 'route = "', 1))
    return path


def test_a_newer_walktimers_checkpoint_is_left_for_it(xdg: Xdg, dead_pid: int) -> None:
    path = newer_checkpoint(xdg, dead_pid)
    data = path.read_bytes()
    with pytest.raises(RecoveryError) as caught:
        recover_checkpoint(path, xdg.sessions)
    assert str(caught.value) == (
        f"{path}: a walk checkpoint written by a newer walktimer (schema 2; this one reads "
        "schema 1); left as it is for that walktimer to save"
    )
    assert path.read_bytes() == data
    assert not xdg.sessions.exists()


def test_a_newer_walktimers_live_walk_is_left_alone_quietly(xdg: Xdg, live_pid: int) -> None:
    path = newer_checkpoint(xdg, live_pid)
    assert recover_checkpoint(path, xdg.sessions) is None
    assert path.exists()


def test_any_command_recovers_first_and_says_so_on_stderr(
    xdg: Xdg, dead_pid: int, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = interrupted()
    checkpoint_of(xdg, dead_pid, summary)
    assert main(["presets", "list", "--json"]) == 0
    err = capsys.readouterr().err
    assert err == f"walktimer: saved an interrupted walk: {xdg.sessions / summary.id}.toml\n"
    assert not xdg.checkpoint.exists()
    main(["presets", "list", "--json"])
    assert capsys.readouterr().err == ""


def test_a_command_goes_on_when_recovery_fails(
    xdg: Xdg, capsys: pytest.CaptureFixture[str]
) -> None:
    xdg.checkpoint.parent.mkdir(parents=True)
    xdg.checkpoint.write_text("garbage = ")
    assert main(["history", "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "[]\n"
    assert captured.err.startswith(f"walktimer: {xdg.checkpoint}: not a readable walk checkpoint")

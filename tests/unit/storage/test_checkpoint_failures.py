"""A disk that fails for a while never ends the walk's checkpoints, and a summary that cannot be
saved is kept whole, answers and all, for the next command to save under the walk's own id."""

from __future__ import annotations

import errno
import threading
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.fakes import FakeClock, RecordingPlayer
from tests.unit.test_session import F, S, W, make_plan
from walktimer.cli import main
from walktimer.domain.summary import Checkpoint
from walktimer.storage import write_checkpoint
from walktimer.walk import WalkRun

PLAN = make_plan((W, 60), (F, 60), (S, 60))
WAIT = 10.0  # seconds: only ever reached if the code under test hangs


def eventually(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        assert time.monotonic() < deadline, f"waited {WAIT} s for {what}"
        time.sleep(0.005)


class FullDisk:
    """The checkpoint write, failing with ENOSPC while `full` is set; counts finished calls."""

    def __init__(self) -> None:
        self.full = True
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, checkpoint: Checkpoint, path: Path) -> None:
        try:
            if self.full:
                raise OSError(errno.ENOSPC, "No space left on device")
            write_checkpoint(checkpoint, path)
        finally:
            with self._lock:
                self.calls += 1

    def wait_calls(self, count: int) -> None:
        eventually(lambda: self.calls >= count, f"{count} checkpoint writes")


def pumped(run: WalkRun) -> bool:
    """Pump once more, for a check that waits on news from the writer's thread."""
    run.pump()
    return True


def checkpoints_in(data: Path) -> list[dict[str, object]]:
    return [tomllib.loads(path.read_text()) for path in sorted(data.rglob("*.toml"))]


def test_checkpoints_go_on_after_the_disk_was_full_for_a_few_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = FullDisk()
    monkeypatch.setattr("walktimer.storage.checkpoint.write_checkpoint", disk)
    clock = FakeClock()
    told: list[str] = []
    data = tmp_path / "data"
    run = WalkRun(
        PLAN,
        player=RecordingPlayer(),
        sessions_dir=data / "sessions",
        checkpoint_dir=data / "in-progress",
        clock=clock,
        wall=clock.wall,
        on_problem=told.append,
    )
    run.start()  # the first checkpoint: the disk is full
    disk.wait_calls(1)
    clock.advance(3)
    eventually(lambda: pumped(run) and told != [], "the walker to be told")
    assert len(told) == 1 and "No space left on device" in told[0]

    disk.full = False  # space again, three seconds later
    clock.advance(7)
    run.pump()  # ten seconds on: the next checkpoint
    disk.wait_calls(2)
    eventually(lambda: pumped(run) and len(told) == 2, "the walker to hear it works again")
    clock.advance(15)
    run.pump()  # fifteen seconds on: another checkpoint
    disk.wait_calls(3)

    [checkpoint] = checkpoints_in(data)
    summary = checkpoint["summary"]
    assert isinstance(summary, dict)
    assert summary["active_seconds"] == 25.0
    assert [phase["kind"] for phase in summary["phases"]] == ["warmup"]
    assert "No space left on device" not in told[1]
    assert len(told) == 2


def test_a_summary_that_cannot_be_saved_is_kept_in_its_checkpoint_and_saved_next_time(
    xdg: Xdg, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_space(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    clock = FakeClock()
    data = xdg.data / "walktimer"
    run = WalkRun(
        PLAN,
        player=RecordingPlayer(),
        sessions_dir=data / "sessions",
        checkpoint_dir=data / "in-progress",
        clock=clock,
        wall=clock.wall,
    )
    run.answers = run.answers.answer("pain_before", 6)
    run.start()
    clock.advance(200)
    run.pump()  # the walk has ended: now the questions
    run.answers = run.answers.answer("pain_after", 4).answer("effort", 7)
    with monkeypatch.context() as patch:
        patch.setattr("walktimer.walk.write_summary", no_space)
        saved = run.save()

    assert saved.path is None and saved.error is not None
    assert "No space left on device" in saved.error
    assert main(["history", "--json"]) == 0
    assert "saved a completed walk" in capsys.readouterr().err
    [path] = (data / "sessions").glob("*.toml")
    assert path.stem == saved.summary.id
    record = tomllib.loads(path.read_text())
    assert (record["status"], record["pain_before"], record["pain_after"], record["effort"]) == (
        "completed",
        6,
        4,
        7,
    )
    kept = data / "in-progress" / f"{saved.summary.id}.toml"
    assert f"the walk is kept in {kept}" in saved.error
    assert not kept.exists()

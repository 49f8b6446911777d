"""The checkpoint writer: the newest checkpoint reaches the disk; the walk never waits on it."""

from __future__ import annotations

import threading
from pathlib import Path

import msgspec
import pytest

from tests.unit.audio.test_player import FakeBackend, FakeClock, opens, small_plan
from tests.unit.storage.summaries import make_summary
from walktimer.audio.cues import Cue
from walktimer.audio.player import CuePlayer
from walktimer.domain.session import Event, PhaseStarted
from walktimer.domain.summary import Checkpoint
from walktimer.storage import CheckpointWriter, write_checkpoint
from walktimer.walk import WalkRun

WAIT = 10.0  # seconds: only ever reached if the code under test hangs


class GatedWrite:
    """Writes checkpoints for real, but only once the gate opens; records each one it began."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.began = threading.Semaphore(0)
        self.written: list[Checkpoint] = []

    def __call__(self, checkpoint: Checkpoint, path: Path) -> None:
        self.began.release()
        assert self.gate.wait(WAIT), "the gate never opened"
        write_checkpoint(checkpoint, path)
        self.written.append(checkpoint)

    def wait_began(self) -> None:
        assert self.began.acquire(timeout=WAIT), "no write began"


def checkpoint(pid: int) -> Checkpoint:
    return Checkpoint(pid=pid, summary=make_summary())


def read(path: Path) -> Checkpoint:
    return msgspec.toml.decode(path.read_bytes(), type=Checkpoint)


def test_close_returns_once_the_last_checkpoint_is_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "data" / "in-progress.toml"
    writer = CheckpointWriter(path)
    for pid in (101, 102, 103):
        writer.put(checkpoint(pid))
    writer.close()
    assert read(path).pid == 103
    assert writer.take_problem() is None
    assert [p.name for p in path.parent.iterdir()] == ["in-progress.toml"]  # no temporary left


def test_a_checkpoint_waiting_behind_a_slow_write_is_replaced_by_a_newer_one(
    tmp_path: Path,
) -> None:
    write = GatedWrite()
    writer = CheckpointWriter(tmp_path / "in-progress.toml", write=write)
    writer.put(checkpoint(1))
    write.wait_began()  # the disk is busy with the first one
    writer.put(checkpoint(2))
    writer.put(checkpoint(3))
    write.gate.set()
    writer.close()
    assert [c.pid for c in write.written] == [1, 3]
    assert read(tmp_path / "in-progress.toml").pid == 3


def test_a_writer_never_given_a_checkpoint_starts_no_thread_and_writes_nothing(
    tmp_path: Path,
) -> None:
    before = threading.active_count()
    folder = tmp_path / "data"
    writer = CheckpointWriter(folder / "in-progress.toml")
    assert threading.active_count() == before
    writer.clear(pid=1)
    assert not folder.exists()


def test_a_put_cut_short_by_a_signal_is_still_written_by_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM in plain mode raises wherever the walk is, even between handing a checkpoint
    over and starting the thread; the save after it must neither hang nor lose it."""

    class Interrupted(threading.Thread):
        def start(self) -> None:
            raise KeyboardInterrupt

    monkeypatch.setattr("walktimer.storage.checkpoint.threading.Thread", Interrupted)
    path = tmp_path / "in-progress.toml"
    writer = CheckpointWriter(path)
    with pytest.raises(KeyboardInterrupt):
        writer.put(checkpoint(7))
    writer.close()
    assert read(path).pid == 7


def test_a_failed_write_is_told_once_and_ends_the_writing(tmp_path: Path) -> None:
    calls: list[int] = []

    def failing(checkpoint: Checkpoint, path: Path) -> None:
        calls.append(checkpoint.pid)
        raise OSError(28, "No space left on device")

    writer = CheckpointWriter(tmp_path / "in-progress.toml", write=failing)
    writer.put(checkpoint(1))
    writer.close()
    problem = writer.take_problem()
    assert problem is not None
    assert str(tmp_path / "in-progress.toml") in problem and "No space left" in problem
    assert writer.take_problem() is None
    writer.put(checkpoint(2))
    writer.close()
    assert calls == [1]


def test_a_slow_disk_holds_up_neither_the_screen_nor_the_cues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Phase changes are shown and sounded while a checkpoint write is stuck; the save waits
    for that write, so the checkpoint is gone afterwards instead of coming back."""
    write = GatedWrite()
    monkeypatch.setattr("walktimer.storage.checkpoint.write_checkpoint", write)
    backend = FakeBackend("fake")
    clock = FakeClock()
    path = tmp_path / "in-progress.toml"
    run = WalkRun(
        small_plan(),
        player=CuePlayer([("fake", opens(backend))], notify=print),
        sessions_dir=tmp_path / "sessions",
        checkpoint_path=path,
        clock=clock,
    )
    shown: list[Event] = []
    run.on_events = shown.extend
    run.start()
    write.wait_began()  # and stays stuck: the gate is shut
    clock.now += 10
    run.pump()
    clock.now += 10
    run.pump()

    started = [e.phase.name for e in shown if isinstance(e, PhaseStarted)]
    assert started == ["March", "Brisk walk", "Easy walk"]
    assert [c for c in backend.played if c is not Cue.COUNTDOWN] == [Cue.WARMUP, Cue.FAST, Cue.SLOW]
    assert write.written == []

    run.stop()
    write.gate.set()
    run.answers = run.answers.answer("pain_after", 2)
    saved = run.save()

    assert saved.path is not None and saved.path.exists()
    assert len(write.written) == 2  # the first, then the newest (the stopped walk)
    last = write.written[-1].summary
    assert last.status == "stopped"
    assert [p.kind for p in last.phases] == ["warmup", "fast", "slow"]
    assert not path.exists()

"""The checkpoint writer: the newest checkpoint reaches the disk; the walk never waits on it."""

from __future__ import annotations

import errno
import threading
from pathlib import Path

import msgspec
import pytest

from tests.fakes import FakeClock
from tests.unit.audio.test_player import FakeBackend, opens, small_plan
from tests.unit.storage.summaries import make_summary
from walktimer.audio.cues import Cue
from walktimer.audio.player import CuePlayer
from walktimer.domain.session import Event, PhaseStarted
from walktimer.domain.summary import Checkpoint
from walktimer.storage import CheckpointWriter, write_checkpoint
from walktimer.storage.lock import release, take
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


ID = make_summary().id


def checkpoint(pid: int) -> Checkpoint:
    return Checkpoint(pid=pid, summary=make_summary())


def read(folder: Path) -> Checkpoint:
    return msgspec.toml.decode((folder / f"{ID}.toml").read_bytes(), type=Checkpoint)


def test_close_returns_once_the_last_checkpoint_is_on_disk(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "in-progress"
    writer = CheckpointWriter(folder)
    for pid in (101, 102, 103):
        writer.put(checkpoint(pid))
    writer.close()
    assert read(folder).pid == 103
    assert writer.take_problem() is None
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"{ID}.lock", f"{ID}.toml"]  # no temporary left


def test_a_checkpoint_waiting_behind_a_slow_write_is_replaced_by_a_newer_one(
    tmp_path: Path,
) -> None:
    write = GatedWrite()
    writer = CheckpointWriter(tmp_path, write=write)
    writer.put(checkpoint(1))
    write.wait_began()  # the disk is busy with the first one
    writer.put(checkpoint(2))
    writer.put(checkpoint(3))
    write.gate.set()
    writer.close()
    assert [c.pid for c in write.written] == [1, 3]
    assert read(tmp_path).pid == 3


def test_a_writer_never_given_a_checkpoint_starts_no_thread_and_writes_nothing(
    tmp_path: Path,
) -> None:
    before = threading.active_count()
    folder = tmp_path / "data"
    writer = CheckpointWriter(folder)
    assert threading.active_count() == before
    writer.clear()
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
    writer = CheckpointWriter(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        writer.put(checkpoint(7))
    writer.close()
    assert read(tmp_path).pid == 7


def test_a_failed_write_is_told_once_and_the_next_checkpoint_is_tried_all_the_same(
    tmp_path: Path,
) -> None:
    full = OSError(errno.ENOSPC, "No space left on device")
    outcomes: list[OSError | None] = [full, full, None]
    done = threading.Semaphore(0)

    def flaky(checkpoint: Checkpoint, path: Path) -> None:
        try:
            if (error := outcomes.pop(0)) is not None:
                raise error
            write_checkpoint(checkpoint, path)
        finally:
            done.release()

    writer = CheckpointWriter(tmp_path, write=flaky)
    for pid in (1, 2, 3):
        writer.put(checkpoint(pid))
        assert done.acquire(timeout=WAIT), "the checkpoint was not tried"
    writer.close()

    path = tmp_path / f"{ID}.toml"
    failed = writer.take_problem()
    assert failed is not None
    assert failed.startswith(f"cannot write the walk's checkpoint {path}: No space left on device")
    assert writer.take_problem() == f"the walk's checkpoint is written again: {path}"
    assert writer.take_problem() is None
    assert read(tmp_path).pid == 3


def test_the_walk_holds_its_lock_from_its_first_checkpoint_until_it_is_cleared(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in-progress"
    writer = CheckpointWriter(folder)
    lock = folder / f"{ID}.lock"
    writer.put(checkpoint(1))
    writer.close()
    assert take(lock) is None  # held: any other command sees the walk as going
    writer.clear()
    assert list(folder.iterdir()) == []
    fd = take(lock)
    assert fd is not None
    release(fd, lock, remove=True)


def test_a_kept_walk_lets_go_of_its_lock_so_the_next_command_saves_it(tmp_path: Path) -> None:
    folder = tmp_path / "in-progress"
    writer = CheckpointWriter(folder)
    writer.put(checkpoint(1))
    told = writer.keep(checkpoint(2))
    path = folder / f"{ID}.toml"
    assert told == f"the walk is kept in {path}, and the next walktimer command saves it"
    assert read(folder).pid == 2
    assert [p.name for p in folder.iterdir()] == [path.name]


def test_a_walk_that_cannot_be_kept_either_leaves_no_earlier_checkpoint_behind(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in-progress"
    """An earlier checkpoint would be saved later as an interrupted walk, beside the summary
    the walker was shown: the shown one is the record."""
    folder = tmp_path / "in-progress"
    calls: list[int] = []

    def fails_after_the_first(checkpoint: Checkpoint, path: Path) -> None:
        calls.append(checkpoint.pid)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        write_checkpoint(checkpoint, path)

    writer = CheckpointWriter(folder, write=fails_after_the_first)
    writer.put(checkpoint(1))
    writer.close()
    assert (folder / f"{ID}.toml").exists()
    told = writer.keep(checkpoint(2))
    assert told == f"nor can the walk be kept in {folder / f'{ID}.toml'}: No space left on device"
    assert list(folder.iterdir()) == []


def test_a_slow_disk_holds_up_neither_the_screen_nor_the_cues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Phase changes are shown and sounded while a checkpoint write is stuck; the save waits
    for that write, so the checkpoint is gone afterwards instead of coming back."""
    write = GatedWrite()
    monkeypatch.setattr("walktimer.storage.checkpoint.write_checkpoint", write)
    backend = FakeBackend("fake")
    clock = FakeClock()
    folder = tmp_path / "in-progress"
    run = WalkRun(
        small_plan(),
        player=CuePlayer([("fake", opens(backend))], notify=print),
        sessions_dir=tmp_path / "sessions",
        checkpoint_dir=folder,
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
    assert list(folder.iterdir()) == []

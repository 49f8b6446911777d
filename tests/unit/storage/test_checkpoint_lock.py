"""The lock that tells a walk still going from one that is gone: held by the walk alone, taken
by one recovering command at a time, and never fooled by a lock file removed under it."""

from __future__ import annotations

import fcntl
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.unit.storage.summaries import make_summary
from walktimer.domain.summary import Checkpoint
from walktimer.storage import read_summaries, recover_walks, write_checkpoint
from walktimer.storage.lock import hold, release, take


def test_a_lock_file_removed_between_open_and_lock_is_not_mistaken_for_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A recovering command removes a lock file it holds just as the walk opens it: the walk
    must end up holding the file that the name leads to, or no command could see it."""
    path = tmp_path / "walk.lock"
    real_flock = fcntl.flock
    removed: list[bool] = []

    def flock_after_a_removal(fd: int, operation: int) -> None:
        if not removed:
            removed.append(True)
            path.unlink()
        real_flock(fd, operation)

    with monkeypatch.context() as patch:
        patch.setattr("walktimer.storage.lock.fcntl.flock", flock_after_a_removal)
        fd = hold(path)
    try:
        assert removed == [True]
        assert os.path.samestat(os.fstat(fd), path.stat())
        assert take(path) is None
    finally:
        release(fd, path, remove=True)


def test_holding_a_lock_held_by_another_gives_up_after_its_time(tmp_path: Path) -> None:
    path = tmp_path / "walk.lock"
    other = take(path)
    assert other is not None
    try:
        with pytest.raises(TimeoutError):
            hold(path, within=0.1)
    finally:
        release(other, path, remove=False)


def test_commands_recovering_at_once_save_a_walk_once(xdg: Xdg) -> None:
    summary = make_summary(status="interrupted")
    write_checkpoint(Checkpoint(pid=1, summary=summary), xdg.checkpoints / f"{summary.id}.toml")

    def recover(_: int) -> int:
        told = recover_walks(xdg.checkpoints, xdg.sessions)
        return sum(1 for item in told if item.saved is not None)

    with ThreadPoolExecutor(8) as pool:
        saved = sum(pool.map(recover, range(16)))

    assert saved == 1
    assert read_summaries(xdg.sessions)[0] == [summary]
    assert xdg.checkpoint_files() == []


def test_a_process_the_walk_started_never_keeps_its_lock(tmp_path: Path) -> None:
    """A sound player left running after its walk died must not make the walk look alive."""
    path = tmp_path / "walk.lock"
    fd = hold(path)
    child = subprocess.Popen(["sleep", "30"], close_fds=False)
    try:
        release(fd, path, remove=False)
        again = take(path)
        assert again is not None, "the lock went on with the child"
        release(again, path, remove=True)
    finally:
        child.kill()
        child.wait()

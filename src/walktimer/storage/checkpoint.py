"""The walk's checkpoint, kept on disk by a thread of its own.

A checkpoint is flushed to the disk each time, and a flush can take a long while (a busy or slow
disk: hundreds of milliseconds). The walk hands each new checkpoint over and goes on at once, so
a phase change is shown and sounded on time whatever the disk does. Only the newest checkpoint
matters: one handed over while an older one is still being written replaces any not yet started.

Each walk has a checkpoint of its own, `<summary id>.toml` in the checkpoints folder, so walks
at once never share one, and holds the lock beside it (`<summary id>.lock`, see `lock.py`) from
its first checkpoint until its summary is saved: that lock tells the next command whether the
walk is still going. A write that fails (a disk full for a moment) is told once and does not end
the checkpoints: the next one is tried all the same, and the walker hears once when one is
written again.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path

from walktimer.domain.summary import Checkpoint
from walktimer.storage.files import (
    encode_checkpoint,
    make_folder,
    reason,
    replace_file,
    write_checkpoint,
)
from walktimer.storage.lock import hold, release

Write = Callable[[Checkpoint, Path], None]


class CheckpointWriter:
    """Writes the newest checkpoint handed to `put()` into `folder`, off the caller's thread.

    Failures are kept for `take_problem()`, one message each time writing stops or starts
    working again; the walk goes on either way. `close()` never depends on the thread having
    started: a signal may cut `put()` short."""

    def __init__(self, folder: Path, *, write: Write | None = None) -> None:
        self.folder = folder
        self._write_given = write
        self._cond = threading.Condition(threading.Lock())
        self._pending: Checkpoint | None = None
        self._writing = False
        self._closed = False
        self._failing = False
        self._problems: list[str] = []
        self._thread: threading.Thread | None = None
        self._lock_fd: int | None = None
        self._lock_id: str | None = None

    def path_for(self, summary_id: str) -> Path:
        return self.folder / f"{summary_id}.toml"

    def put(self, checkpoint: Checkpoint) -> None:
        """Have `checkpoint` written soon; returns at once."""
        with self._cond:
            if self._closed:
                return
            self._pending = checkpoint
            self._cond.notify_all()
        if self._thread is None:  # started by the first checkpoint, not before
            thread = threading.Thread(target=self._run, name="walktimer-checkpoint", daemon=True)
            thread.start()
            self._thread = thread

    def write_now(self, checkpoint: Checkpoint) -> None:
        """Write the walk's first checkpoint and take its lock before returning, so a walk
        killed in its first instant is still found by the next command. Not flushed to the
        disk, which may take long: a killed process leaves it in the system's cache all the
        same, and the next checkpoint, written by the thread, is flushed."""
        path = self.path_for(checkpoint.summary.id)
        try:
            self._hold(checkpoint.summary.id)
            replace_file(encode_checkpoint(checkpoint), path, durable=False)
        except OSError as exc:
            self._tell(failing=True, news=_cannot_write(path, exc))

    def take_problem(self) -> str | None:
        """The oldest news not yet told: writing failed, or works again (None if nothing)."""
        with self._cond:
            return self._problems.pop(0) if self._problems else None

    def close(self) -> None:
        """Return once the last checkpoint handed over is on disk; write no more after it."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            self._cond.wait_for(lambda: not self._writing)
            checkpoint, self._pending = self._pending, None
        if checkpoint is not None:
            self._write_one(checkpoint)

    def clear(self) -> None:
        """The walk is saved: close, remove its checkpoint, then let go of its lock."""
        self.close()
        self._release(remove_checkpoint=True)

    def discard(self, summary_id: str) -> None:
        """The walk is not to be kept: close, remove its checkpoint (one kept by `keep()`
        too, so no later command saves it), then let go of its lock."""
        self.close()
        with contextlib.suppress(OSError):
            self.path_for(summary_id).unlink(missing_ok=True)
        self._release(remove_checkpoint=True)

    def keep(self, checkpoint: Checkpoint) -> str:
        """The summary could not be saved: close, put it whole (final status, answers) in the
        walk's checkpoint, and let go of the lock so the next command saves it under the walk's
        id. Returns where it is kept, as words for the walker."""
        self.close()
        path = self.path_for(checkpoint.summary.id)
        try:
            self._hold(checkpoint.summary.id)
            self._write(checkpoint, path)
        except OSError as exc:
            # An earlier checkpoint left in its place would later be saved as an interrupted
            # walk: the printed summary is the record now.
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
            self._release(remove_checkpoint=False)
            return f"nor can the walk be kept in {path}: {reason(exc)}"
        self._release(remove_checkpoint=False)
        return f"the walk is kept in {path}, and the next walktimer command saves it"

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None or self._closed)
                if self._closed:
                    return  # `close()` writes whatever is left
                checkpoint, self._pending = self._pending, None
                self._writing = True
            try:
                self._write_one(checkpoint)
            finally:
                with self._cond:
                    self._writing = False
                    self._cond.notify_all()

    def _write_one(self, checkpoint: Checkpoint | None) -> None:
        if checkpoint is None:
            return
        path = self.path_for(checkpoint.summary.id)
        try:
            self._hold(checkpoint.summary.id)
            self._write(checkpoint, path)
        except OSError as exc:
            self._tell(failing=True, news=_cannot_write(path, exc))
            return
        self._tell(failing=False, news=f"the walk's checkpoint is written again: {path}")

    def _write(self, checkpoint: Checkpoint, path: Path) -> None:
        # Looked up at each call, so a test may stand in for the disk after construction.
        (self._write_given or write_checkpoint)(checkpoint, path)

    def _tell(self, *, failing: bool, news: str) -> None:
        """Queue `news` when writing starts failing, or works again after failing."""
        with self._cond:
            if failing != self._failing:
                self._failing = failing
                self._problems.append(news)

    def _hold(self, summary_id: str) -> None:
        """Hold the walk's lock before its first checkpoint is written."""
        if self._lock_id == summary_id:
            return
        self._release(remove_checkpoint=True)  # a walk that changed its id (restarted)
        make_folder(self.folder)
        self._lock_fd = hold(self.folder / f"{summary_id}.lock")
        self._lock_id = summary_id

    def _release(self, *, remove_checkpoint: bool) -> None:
        fd, summary_id = self._lock_fd, self._lock_id
        self._lock_fd = self._lock_id = None
        if fd is None or summary_id is None:
            return  # never held: nothing was written
        if remove_checkpoint:
            with contextlib.suppress(OSError):
                self.path_for(summary_id).unlink(missing_ok=True)
        release(fd, self.folder / f"{summary_id}.lock", remove=True)


def _cannot_write(path: Path, exc: OSError) -> str:
    return (
        f"cannot write the walk's checkpoint {path}: {reason(exc)}; "
        "the walk goes on, and walktimer keeps trying"
    )

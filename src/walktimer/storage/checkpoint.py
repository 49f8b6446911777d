"""The walk's checkpoint, kept on disk by a thread of its own.

A checkpoint is flushed to the disk each time, and a flush can take a long while (a busy or slow
disk: hundreds of milliseconds). The walk hands each new checkpoint over and goes on at once, so
a phase change is shown and sounded on time whatever the disk does. Only the newest checkpoint
matters: one handed over while an older one is still being written replaces any not yet started.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from walktimer.domain.summary import Checkpoint
from walktimer.storage.files import clear_checkpoint, write_checkpoint

Write = Callable[[Checkpoint, Path], None]


class CheckpointWriter:
    """Writes the newest checkpoint handed to `put()` to `path`, off the caller's thread.

    The first failure is kept for `take_problem()` and ends the writing; the walk goes on.
    `close()` never depends on the thread having started: a signal may cut `put()` short."""

    def __init__(self, path: Path, *, write: Write | None = None) -> None:
        self.path = path
        self._write = write if write is not None else write_checkpoint
        self._cond = threading.Condition(threading.Lock())
        self._pending: Checkpoint | None = None
        self._writing = False
        self._closed = False
        self._failed = False
        self._problem: str | None = None
        self._thread: threading.Thread | None = None

    def put(self, checkpoint: Checkpoint) -> None:
        """Have `checkpoint` written soon; returns at once."""
        with self._cond:
            if self._closed or self._failed:
                return
            self._pending = checkpoint
            self._cond.notify_all()
        if self._thread is None:  # started by the first checkpoint, not before
            thread = threading.Thread(target=self._run, name="walktimer-checkpoint", daemon=True)
            thread.start()
            self._thread = thread

    def take_problem(self) -> str | None:
        """Why writing failed, once (None if it did not, or was already told)."""
        with self._cond:
            problem, self._problem = self._problem, None
        return problem

    def close(self) -> None:
        """Return once the last checkpoint handed over is on disk; write no more after it."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            self._cond.wait_for(lambda: not self._writing)
            checkpoint, self._pending = self._pending, None
        if checkpoint is not None:
            self._write_one(checkpoint)

    def clear(self, pid: int) -> None:
        """The walk is saved: close, then remove the checkpoint if it is still `pid`'s own."""
        self.close()
        clear_checkpoint(self.path, pid)

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
        if checkpoint is None or self._failed:
            return
        try:
            self._write(checkpoint, self.path)
        except OSError as exc:
            with self._cond:
                self._failed = True
                self._pending = None
                self._problem = f"cannot keep the walk's checkpoint at {self.path}: {exc}"

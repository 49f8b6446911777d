"""The lock a walk holds on its checkpoint's `<id>.lock` for as long as it runs.

Whether a walk is still going is decided by this lock alone: a process id can name another
process (reused, or seen from another pid namespace) and a wall clock can be stepped, but the
kernel drops a `flock` the moment its holder dies, however it dies. The lock is on a file of
its own because the checkpoint itself is replaced at every write, and a lock on a replaced
file would be lost. Whoever removes a lock file does so while holding it, and whoever takes one
checks that the name still leads to the file it locked, so a file removed in between is never
mistaken for a held lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from pathlib import Path

ATTEMPTS = 100  # a lock file replaced this often in a row is being fought over: give up


def take(path: Path) -> int | None:
    """Lock `path` (creating it) without waiting: the open descriptor, or None if another
    holds it. Raises OSError if the file cannot be created or locked at all."""
    for _ in range(ATTEMPTS):
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        try:
            if os.path.samestat(os.fstat(fd), path.stat()):
                return fd
        except FileNotFoundError:
            pass  # removed by its last holder after this open: try the file there now
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    return None


def hold(path: Path, *, within: float = 5.0) -> int:
    """Lock `path` for a walk, waiting at most `within` seconds for a recovery that holds it
    for a moment; raises OSError (TimeoutError) if it stays held."""
    deadline = time.monotonic() + within
    while (fd := take(path)) is None:
        if time.monotonic() > deadline:
            raise TimeoutError(errno.ETIMEDOUT, "another walktimer holds its lock", str(path))
        time.sleep(0.02)
    return fd


def release(fd: int, path: Path, *, remove: bool) -> None:
    """Let go of a lock; `remove` deletes its file first, while it is still held."""
    try:
        if remove:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
    finally:
        os.close(fd)

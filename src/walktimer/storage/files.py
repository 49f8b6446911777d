"""Writing walk summaries: whole files or none, and never over another walk.

Every write goes to a temporary file in the target folder, is flushed to the disk, and is then
linked to its final name, which fails rather than replace a file that is already there. A reader
therefore sees either no file or a whole one, and no walk ever overwrites another.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import msgspec
import tomli_w

from walktimer.domain.summary import SAFE_ID, Checkpoint, Summary

MAX_ID_ATTEMPTS = 20
# The hidden temporary file each write goes through: `.<name>.<8 hex>.tmp` (`_write_temp`).
TEMP_NAME = re.compile(r"\..+\.[0-9a-f]{8}\.tmp")
# Errors of a file system that cannot hard-link: publish by rename there instead.
NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK}


def encode_summary(summary: Summary) -> str:
    data = msgspec.to_builtins(summary, builtin_types=(datetime,))
    return tomli_w.dumps(data)


def write_summary(summary: Summary, directory: Path) -> tuple[Path, Summary]:
    """Save a new summary; on a name clash take a new random suffix. Returns the path and the
    summary as saved (its id may have changed)."""
    if not SAFE_ID.fullmatch(summary.id):
        raise ValueError(f"not a usable summary id: {summary.id!r}")
    make_folder(directory)
    for _ in range(MAX_ID_ATTEMPTS):
        final = directory / f"{summary.id}.toml"
        if publish(encode_summary(summary).encode("utf-8"), final):
            return final, summary
        stem = summary.id.rsplit("-", 1)[0]
        summary = msgspec.structs.replace(summary, id=f"{stem}-{secrets.token_hex(2)}")
    raise FileExistsError(f"{directory}: no free file name for {summary.id}")


def replace_file(
    data: bytes, target: Path, *, durable: bool = True, mode: int | None = None
) -> None:
    """Atomically replace `target` (for files that are meant to be rewritten, like checkpoints).

    `durable=False` skips the flushes to disk, for caches that can always be rebuilt; `mode`
    gives the new file the permissions of the one it replaces."""
    make_folder(target.parent)
    _replace(data, target, durable=durable, mode=mode)


def write_output(
    data: bytes, target: Path, *, check: Callable[[BinaryIO], None] | None = None
) -> None:
    """Write a file made for the walker (an export, a calendar, a diary) at `target`, as the
    shell's `>` would, but a regular file (or none yet) is replaced whole or not at all; what
    `writes_into` names (a link, a named pipe, a device, a terminal) is written into, never
    replaced. `check` sees the stream of what is written into first, and may refuse it by
    raising. A folder that is not there is not made: it may be a typo. OSError if it cannot be
    written."""
    if writes_into(target):
        with open(target, "wb", opener=_no_controlling_terminal) as stream:
            if check is not None:
                check(stream)
            stream.write(data)
        return
    if not target.parent.is_dir():
        what = "is not a folder" if target.parent.exists() else "does not exist"
        raise FileNotFoundError(errno.ENOENT, f"the folder {target.parent} {what}", str(target))
    _replace(data, target, durable=True, mode=None)


def writes_into(target: Path) -> bool:
    """Whether `write_output` writes into `target` rather than putting a new file there: a
    link (`/dev/stdout`, or one the walker made: what it leads to is written, the link stays),
    or something that is not a regular file."""
    try:
        return stat.S_ISLNK(target.lstat().st_mode) or not stat.S_ISREG(target.stat().st_mode)
    except FileNotFoundError:
        return False  # nothing there yet: a new file


def _no_controlling_terminal(path: str, flags: int) -> int:
    """Open as `open` does, except that a terminal opened never becomes this program's own."""
    return os.open(path, flags | os.O_NOCTTY, 0o666)


def encode_checkpoint(checkpoint: Checkpoint) -> bytes:
    data = msgspec.to_builtins(checkpoint, builtin_types=(datetime,))
    return tomli_w.dumps(data).encode("utf-8")


def write_checkpoint(checkpoint: Checkpoint, path: Path) -> None:
    replace_file(encode_checkpoint(checkpoint), path)


def move_into(path: Path, folder: Path) -> Path:
    """Move `path` into `folder` under its own name, or that name with a random suffix if it
    is taken: never over another file. Returns where it went."""
    make_folder(folder)
    for attempt in range(MAX_ID_ATTEMPTS):
        name = path.name if attempt == 0 else f"{path.stem}-{secrets.token_hex(2)}{path.suffix}"
        target = folder / name
        if move_to(path, target):
            return target
    raise FileExistsError(f"{folder}: no free name for {path.name}")


def move_to(path: Path, target: Path) -> bool:
    """Move `path` (a file, a link or a folder) to `target` in an existing folder, never over
    another file: False, with nothing moved, if that name is taken."""
    if os.path.lexists(target):
        return False
    try:
        os.link(path, target, follow_symlinks=False)  # fails rather than replace
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in NO_LINKS and not path.is_dir():
            raise
        if os.path.lexists(target):
            return False
        path.rename(target)  # no hard links here, or a folder: rename, after the check
        return True
    path.unlink()
    return True


def remove_stale_temps(folder: Path, *, older_than: float, prefix: str = ".") -> None:
    """Remove the hidden temporary files that a write cut short by a kill left in `folder`,
    once they are `older_than` seconds old (a younger one may be a write under way)."""
    cutoff = time.time() - older_than
    try:
        with os.scandir(folder) as found:
            entries = list(found)
    except OSError:
        return
    for entry in entries:
        if not (entry.name.startswith(prefix) and TEMP_NAME.fullmatch(entry.name)):
            continue
        with contextlib.suppress(OSError):
            if (
                entry.is_file(follow_symlinks=False)
                and entry.stat(follow_symlinks=False).st_mtime < cutoff
            ):
                Path(entry.path).unlink()


def make_folder(directory: Path) -> None:
    """Create the folder if needed, and make its new entry in the parent durable too."""
    if directory.is_dir():
        return
    directory.mkdir(parents=True, exist_ok=True)
    fsync_dir(directory.parent)


def _replace(data: bytes, target: Path, *, durable: bool, mode: int | None = None) -> None:
    temp = _write_temp(data, target, durable=durable)
    try:
        if mode is not None:
            temp.chmod(mode)
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(target.parent)


def publish(data: bytes, final: Path) -> bool:
    """Create `final` with `data`, whole or not at all; False if the name is taken."""
    if final.exists():
        return False
    temp = _write_temp(data, final, durable=True)
    try:
        os.link(temp, final)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in NO_LINKS or final.exists():
            raise
        temp.rename(final)  # no hard links here: rename, after the check above
    finally:
        temp.unlink(missing_ok=True)
    fsync_dir(final.parent)
    return True


def _write_temp(data: bytes, target: Path, *, durable: bool) -> Path:
    """A hidden `.name.xxxx.tmp` beside the target: readers skip such names."""
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def fsync_dir(directory: Path) -> None:
    """Make the folder's entries (a file moved in or out) durable."""
    with contextlib.suppress(OSError):  # not every platform can open a folder
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def reason(exc: OSError) -> str:
    """Why a file or folder could not be used, as the system says it (`No space left on
    device`), for a message that names the file."""
    return exc.strerror or str(exc)

"""Recovery: the checkpoint of a walk that is gone becomes its summary, under its own id.

Run at the start of every command. A walk is gone when the lock on its `<id>.lock` can be taken
(see `lock.py`): its process died, however and whenever, and neither a reused pid nor a stepped
clock can make it look alive or dead. A checkpoint is data from a file, so nothing in one may
stop a command: one that cannot be read is moved aside to `broken/` with one warning.
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import msgspec

from walktimer.domain.summary import SAFE_ID, SCHEMA, Checkpoint
from walktimer.domain.words import echo_text, safe_text
from walktimer.storage.files import (
    encode_summary,
    make_folder,
    move_into,
    publish,
    reason,
    remove_stale_temps,
)
from walktimer.storage.lock import release, take

STALE_TEMP_SECONDS = 3600.0  # a write under way takes milliseconds; an hour-old one was cut
BROKEN = "broken"  # beside the checkpoints: those that could not be read, set aside
MAX_CHECKPOINT_BYTES = 1 << 20  # six hours of one-second intervals fit in a tenth of this
SAVED_WORDS = {
    "interrupted": "saved a walk that was cut short",
    "completed": "saved a completed walk that had not been saved yet",
    "stopped": "saved a stopped walk that had not been saved yet",
}


@dataclass(frozen=True)
class Told:
    """One line for the walker about a checkpoint (safe to show), and the summary it became."""

    line: str
    saved: Path | None = None


class _Unusable(Exception):
    """Why a checkpoint cannot be read, in words."""


class _Schema(msgspec.Struct):
    schema: object = None


class _Newer(msgspec.Struct):
    """The little of a checkpoint that any schema keeps: enough to tell a newer walktimer's
    checkpoint apart before reading the rest, whose keys may mean other things."""

    summary: _Schema


def recover_walks(checkpoints: Path, sessions: Path, *, earlier: Path | None = None) -> list[Told]:
    """Save the walk of every checkpoint in `checkpoints` whose walk is gone, remove stale
    temporary files, and bring in `earlier` (the single checkpoint file of older versions)."""
    told: list[Told] = []
    shown: dict[Path, Path] = {}
    if earlier is not None:
        try:
            there = earlier.exists() or earlier.is_symlink()
        except OSError as exc:  # a data folder closed to the walker
            there = False
            told.append(_warn(f"{earlier}: cannot look for it: {reason(exc)}"))
        try:
            if there:
                shown[move_into(earlier, checkpoints)] = earlier
        except OSError as exc:
            told.append(_warn(f"{earlier}: cannot move it into {checkpoints}: {reason(exc)}"))
    for folder in (sessions, checkpoints):
        remove_stale_temps(folder, older_than=STALE_TEMP_SECONDS)
    if earlier is not None:
        prefix = f".{earlier.name}."
        remove_stale_temps(earlier.parent, older_than=STALE_TEMP_SECONDS, prefix=prefix)
    try:
        with os.scandir(checkpoints) as found:
            names = sorted(entry.name for entry in found if not entry.name.startswith("."))
    except FileNotFoundError:
        return told
    except OSError as exc:
        return [*told, _warn(f"{checkpoints}: cannot look for walks to save: {reason(exc)}")]
    stems = {name[: -len(".toml")] for name in names if name.endswith(".toml")}
    for stem in sorted(stems):
        path = checkpoints / f"{stem}.toml"
        told += _recover_one(path, shown.get(path, path), sessions)
    for name in names:  # locks whose walk never wrote a checkpoint, or has removed it
        if name.endswith(".lock") and name[: -len(".lock")] not in stems:
            _drop_lock(checkpoints / name)
    return told


def _recover_one(path: Path, shown: Path, sessions: Path) -> list[Told]:
    lock = path.with_suffix(".lock")
    try:
        fd = take(lock)
    except OSError as exc:
        why = reason(exc)
        return [
            _warn(f"{shown}: cannot tell whether its walk is still going ({why}); left as it is")
        ]
    if fd is None:
        return []  # its walk is still going
    try:
        if not (path.exists() or path.is_symlink()):
            return []  # saved and removed since the folder was listed
        return _settle(path, shown, sessions)
    finally:
        _remove_half_written(path)
        release(fd, lock, remove=True)


def _settle(path: Path, shown: Path, sessions: Path) -> list[Told]:
    """With the walk's lock held: save its summary, or say why not."""
    try:
        checkpoint = _read(path)
    except Exception as exc:  # whatever a file holds, no command stops for it
        return [_aside(path, shown, _why(exc))]
    if isinstance(checkpoint, int):
        return [
            _warn(
                f"{shown}: a walk checkpoint written by a newer walktimer (schema {checkpoint}; "
                f"this one reads schema {SCHEMA}); left as it is for that walktimer to save"
            )
        ]
    summary = checkpoint.summary
    final = sessions / f"{summary.id}.toml"
    try:
        make_folder(sessions)
        published = publish(encode_summary(summary).encode("utf-8"), final)
    except OSError as exc:
        return [
            _warn(
                f"cannot save the walk kept in {path} to {sessions}: {reason(exc)}; it stays there"
            )
        ]
    # Saved now, or already by the walk itself (which stopped before removing its checkpoint,
    # or that kept the summary it had been unable to save): never a second copy.
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
    if not published:
        return []
    return [Told(safe_text(f"{SAVED_WORDS[summary.status]}: {final}"), saved=final)]


def _read(path: Path) -> Checkpoint | int:
    """The checkpoint in `path`, or the schema of a newer walktimer's; raises if unusable."""
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode):
        raise _Unusable("not a regular file")
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as stream:
        data = stream.read(MAX_CHECKPOINT_BYTES + 1)
    if len(data) > MAX_CHECKPOINT_BYTES:
        raise _Unusable("larger than 1 MiB")
    try:
        schema = msgspec.toml.decode(data, type=_Newer).summary.schema
    except msgspec.DecodeError:
        schema = None  # told by the full reading, with its reason
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA:
        return schema
    checkpoint = msgspec.toml.decode(data, type=Checkpoint)
    if not SAFE_ID.fullmatch(checkpoint.summary.id):
        raise _Unusable(f"id {echo_text(checkpoint.summary.id)} is not usable as a file name")
    return checkpoint


def _aside(path: Path, shown: Path, why: str) -> Told:
    try:
        target = move_into(path, path.parent / BROKEN)
    except OSError as exc:
        return _warn(
            f"{shown}: not a readable walk checkpoint ({why}), and it cannot be moved aside "
            f"({reason(exc)}); left as it is"
        )
    return _warn(f"{shown}: not a readable walk checkpoint ({why}); moved to {target}")


def _drop_lock(lock: Path) -> None:
    with contextlib.suppress(OSError):
        fd = take(lock)
        if fd is not None:
            _remove_half_written(lock.with_suffix(".toml"))
            release(fd, lock, remove=True)


def _remove_half_written(path: Path) -> None:
    """With the walk's lock held, so the walk is gone: the temporary files of checkpoint writes
    it never finished (a kill mid-write) will never be finished by anyone."""
    remove_stale_temps(path.parent, older_than=0.0, prefix=f".{path.name}.")


def _why(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, OSError):
        return reason(exc)
    return echo_text(str(exc) or type(exc).__name__)


def _warn(text: str) -> Told:
    return Told(safe_text(f"warning: {text}"))

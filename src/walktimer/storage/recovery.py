"""Recovery: the checkpoint of a walk whose process died becomes a saved summary."""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path

import msgspec

from walktimer.domain.summary import SAFE_ID, SCHEMA, Checkpoint, Summary
from walktimer.storage.files import (
    clear_checkpoint,
    encode_summary,
    make_folder,
    publish,
    write_summary,
)

# A process that started this long after a checkpoint's last moment cannot be its owner: the
# pid was reused (after a reboot, typically). The margin absorbs small clock adjustments.
PID_REUSE_MARGIN = 30.0


class RecoveryError(Exception):
    """A checkpoint that could not be turned into a summary; the message says where and why."""


class _SchemaOnly(msgspec.Struct):
    schema: object = None


class _Owner(msgspec.Struct):
    """The little of a checkpoint that any schema keeps: enough to tell a newer walktimer's
    checkpoint apart before trying to read the rest, whose keys may mean other things."""

    pid: int
    summary: _SchemaOnly


def recover_checkpoint(checkpoint_path: Path, sessions_dir: Path) -> Path | None:
    """Turn the checkpoint of a walk whose process is gone into a summary; remove it.

    Returns the new summary's path, or None when there is nothing to recover (no checkpoint,
    or its owner is still walking). Raises RecoveryError when the checkpoint cannot be read
    or the summary cannot be written; the checkpoint is then left where it is."""
    try:
        data = checkpoint_path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise RecoveryError(f"{checkpoint_path}: cannot read: {exc.strerror or exc}") from None
    if (newer := _newer_schema(data)) is not None:
        if _owner_alive(newer.pid, datetime.now().astimezone()):
            return None
        raise RecoveryError(
            f"{checkpoint_path}: a walk checkpoint written by a newer walktimer (schema "
            f"{newer.summary.schema}; this one reads schema {SCHEMA}); left as it is for that "
            "walktimer to save"
        )
    try:
        checkpoint = msgspec.toml.decode(data, type=Checkpoint)
    except msgspec.DecodeError as exc:
        raise RecoveryError(
            f"{checkpoint_path}: not a readable walk checkpoint ({exc}); "
            "it is kept for you to look at, and the next walk replaces it"
        ) from None
    if not SAFE_ID.fullmatch(checkpoint.summary.id):
        raise RecoveryError(f"{checkpoint_path}: id {checkpoint.summary.id!r} is not usable")
    if _owner_alive(checkpoint.pid, checkpoint.summary.ended_at):
        return None
    try:
        path = _publish_once(checkpoint.summary, sessions_dir)
    except OSError as exc:
        raise RecoveryError(
            f"cannot save the interrupted walk in {sessions_dir}: {exc.strerror or exc}; "
            f"it stays in {checkpoint_path}"
        ) from None
    clear_checkpoint(checkpoint_path, checkpoint.pid)
    return path


def _newer_schema(data: bytes) -> _Owner | None:
    """The owner of a checkpoint whose summary has a schema newer than this walktimer's."""
    try:
        owner = msgspec.toml.decode(data, type=_Owner)
    except msgspec.DecodeError:
        return None  # reported by the full reading, with its reason
    schema = owner.summary.schema
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA:
        return owner
    return None


def _publish_once(summary: Summary, directory: Path) -> Path:
    """Write the recovered summary under its own id. Two commands recovering the same
    checkpoint at once write identical bytes: the second finds them and adds no copy."""
    make_folder(directory)
    data = encode_summary(summary).encode("utf-8")
    final = directory / f"{summary.id}.toml"
    if publish(data, final):
        return final
    with contextlib.suppress(OSError):
        if final.read_bytes() == data:
            return final
    return write_summary(summary, directory)[0]


def _owner_alive(pid: int, last_seen: datetime) -> bool:
    """Whether process `pid` may still be the one that wrote a checkpoint at `last_seen`."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    except (OSError, OverflowError):
        return False
    state = _linux_process(pid)
    if state is None:
        return True  # exists, and nothing more is known: leave its checkpoint alone
    status, started = state
    if status == "Z":  # ended, not yet reaped
        return False
    return started <= last_seen.timestamp() + PID_REUSE_MARGIN


def _linux_process(pid: int) -> tuple[str, float] | None:
    """The state letter and start time (epoch seconds) of a process, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
        return fields[0], boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, StopIteration):
        return None

"""Correcting the record: a walk moved to the trash and back, its answers changed.

A saved walk is the walker's own record, so nothing here ever unlinks one or writes over
another: deleting moves the file into the trash folder under its own name, restoring moves it
back only where no file has that name, and an edit replaces the file atomically with the same
walk and the corrected answers (`editing.py`). Every refusal is one line (a `WalktimerError`,
exit 2) and leaves every file as it was.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from walktimer.domain.inputs import Refused, path_text, read_limited
from walktimer.domain.summary import SAFE_ID, Summary, answer_value
from walktimer.domain.words import echo_text
from walktimer.errors import WalktimerError
from walktimer.storage.editing import edited_file
from walktimer.storage.files import (
    fsync_dir,
    make_folder,
    move_into,
    move_to,
    reason,
    replace_file,
)
from walktimer.storage.reading import decode_summary

MAX_NAME_BYTES = 255  # of a file name, on the file systems walktimer runs on
COPY_MARKS = (" ", "-", ".")  # what follows the id in a copy's name: ` (1).toml`, `-1a2b.toml`


class RecordError(WalktimerError):
    """A saved walk that cannot be moved or changed as asked; nothing was changed."""

    def __init__(self, line: str) -> None:
        super().__init__([line])


class UnknownWalk(RecordError):
    """No saved walk has this id (or it cannot be the id of one)."""


class WalkExists(RecordError):
    """A file of the walk's name is already where it was to go."""


class NotASummary(RecordError):
    """The file is not a walk summary this walktimer can read, so it is not edited."""


def trash_beside(sessions_dir: Path) -> Path:
    """The trash of the walks saved in `sessions_dir`: the folder `trash` beside it."""
    return sessions_dir.parent / "trash"


def trash_summary(sessions_dir: Path, trash_dir: Path, walk_id: str) -> Path:
    """Move the walk's file into `trash_dir` under its own name (with a random suffix if an
    older copy of it is there already); returns where it went. It stops counting at once."""
    source = find_walk(sessions_dir, walk_id)
    try:
        target = move_into(source, trash_dir)
    except OSError as exc:
        raise RecordError(
            f"cannot move {path_text(source)} to {path_text(trash_dir)}: {reason(exc)}"
        ) from None
    fsync_dir(sessions_dir)
    fsync_dir(trash_dir)
    return target


def restore_summary(sessions_dir: Path, trash_dir: Path, walk_id: str) -> Path:
    """Move the walk's file back from the trash as `<id>.toml`; refused, with nothing moved,
    when a file of that name is in `sessions_dir` already. Returns its path there."""
    source = find_walk(trash_dir, walk_id, place="in the trash")
    target = sessions_dir / f"{walk_id}.toml"
    try:
        make_folder(sessions_dir)
        moved = move_to(source, target)
    except OSError as exc:
        raise RecordError(
            f"cannot move {path_text(source)} to {path_text(sessions_dir)}: {reason(exc)}"
        ) from None
    if not moved:
        raise WalkExists(
            f"{path_text(target)} exists already; nothing was restored "
            f"({path_text(source)} stays in the trash)"
        )
    fsync_dir(trash_dir)
    fsync_dir(sessions_dir)
    return target


def edit_summary(
    sessions_dir: Path, walk_id: str, changes: Mapping[str, int | str | None]
) -> Summary:
    """Change the walk's answers (`pain_before`, `pain_after`, `effort`: 0-10; `notes`; None,
    or blank notes, removes one) and nothing else; returns the walk as it is now saved.

    The file is replaced atomically (a temporary file, flushed, renamed over it); the lines of
    every other key keep their exact bytes. A file that is not a usable summary is refused
    with its reason, untouched."""
    answers: dict[str, int | str | None] = {}
    for key, value in changes.items():
        try:
            answers[key] = answer_value(key, value)
        except ValueError as exc:
            raise RecordError(str(exc)) from None
    path = find_walk(sessions_dir, walk_id)
    shown = path_text(path)
    try:
        data = read_limited(path)
    except Refused as refused:
        raise NotASummary(f"{shown}: {refused.reason}; not changed") from None
    decoded = decode_summary(data)
    if isinstance(decoded, str):
        raise NotASummary(f"{shown}: {decoded}; not changed")
    raw = decoded[0]
    edited = edited_file(data, raw, answers)
    after = decode_summary(edited)
    if isinstance(after, str):  # answers checked above: only a file walktimer cannot rewrite
        raise NotASummary(f"{shown}: cannot be changed: {after}; not changed")
    if edited != data:
        real = path.resolve()  # a link to a summary: the summary is edited, the link kept
        try:
            replace_file(edited, real, mode=stat.S_IMODE(real.stat().st_mode))
        except OSError as exc:
            raise RecordError(f"cannot change {shown}: {reason(exc)}; not changed") from None
    return after[1]


def find_walk(folder: Path, walk_id: str, *, place: str = "") -> Path:
    """The file of the walk `walk_id` in `folder`: `<id>.toml`, or else a copy of it whose name
    starts with the id (`<id> (1).toml` from a sync tool, `<id>-1a2b.toml` in the trash) and
    that holds that id. UnknownWalk if there is none, or if the id could not be one."""
    where = place or f"in {path_text(folder)}"
    if not SAFE_ID.fullmatch(walk_id) or len(walk_id.encode()) > MAX_NAME_BYTES - 5:
        raise UnknownWalk(
            f"not a walk id: {echo_text(walk_id)} (an id is a name like "
            "20261126T223500-classic-30-30-3f2a, as `walktimer history --json` shows it)"
        )
    unknown = UnknownWalk(f"no saved walk with the id {walk_id} {where}")
    direct = folder / f"{walk_id}.toml"
    if os.path.lexists(direct):
        return _movable(direct)
    try:
        copies = sorted(
            path
            for path in folder.iterdir()
            if path.name.startswith(walk_id)
            and path.name[len(walk_id) : len(walk_id) + 1] in COPY_MARKS
            and path.name.endswith(".toml")
        )
    except FileNotFoundError:
        raise unknown from None
    except OSError as exc:
        raise RecordError(f"{path_text(folder)}: cannot read the folder: {reason(exc)}") from None
    for path in copies:
        try:
            decoded = decode_summary(read_limited(path))
        except Refused:
            continue
        if not isinstance(decoded, str) and decoded[1].id == walk_id:
            return _movable(path)
    raise unknown


def _movable(path: Path) -> Path:
    """A file or a link to one may be moved; a folder of that name is not a walk."""
    if path.is_dir():
        raise RecordError(f"{path_text(path)}: not a regular file (a folder); not changed")
    return path

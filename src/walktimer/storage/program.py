"""The programme being walked: `$XDG_DATA_HOME/walktimer/program.toml`.

    id = "back-to-walking"      # the programme preset's id
    started_on = 2026-11-27     # a TOML date: walks from this day on are the programme's

That is all that is kept: where the walker is in the programme is worked out from the saved
walks each time (`domain/progress.py`). The file is written whole or not at all, and ending
the programme moves it into the trash beside the saved walks, never deletes it. It is read like
every file walktimer did not just write (limited, decoded strictly, never a pipe); a file that
cannot be used is one line naming it and the problem, and it is left as it is.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tomli_w

from walktimer.domain.decoding import parse_toml, show_value
from walktimer.domain.inputs import Refused, path_text, read_limited
from walktimer.domain.program import PROGRAM_ID, PROGRAM_ID_WORDS
from walktimer.domain.progress import ActiveProgram
from walktimer.domain.summary import MAX_YEAR, MIN_YEAR
from walktimer.domain.words import echo_text
from walktimer.errors import WalktimerError
from walktimer.storage.files import fsync_dir, move_into, reason, replace_file

MAX_PROGRAM_BYTES = 64 * 1024  # two short lines are written; this leaves room for comments
KEYS = ("id", "started_on")


class ProgramFileError(WalktimerError):
    """The file of the programme being walked cannot be read, written or moved: one line."""

    def __init__(self, line: str) -> None:
        super().__init__([line])


def read_active(path: Path) -> ActiveProgram | None:
    """The programme being walked; None when there is no file (no programme is active);
    ProgramFileError when the file is there but cannot be used."""
    shown = path_text(path)
    try:
        data = read_limited(path, MAX_PROGRAM_BYTES)
    except Refused as refused:
        if refused.missing:
            return None
        raise ProgramFileError(f"{shown}: {refused.reason}") from None
    raw = parse_toml(data)
    if isinstance(raw, str):
        raise ProgramFileError(f"{shown}: {raw}")
    if problems := _problems(raw):
        raise ProgramFileError(f"{shown}: {'; '.join(problems)}")
    return ActiveProgram(id=raw["id"], started_on=raw["started_on"])


def _problems(raw: dict[str, Any]) -> list[str]:
    problems = [f"{echo_text(key)}: unknown key" for key in raw if key not in KEYS]
    program_id, started_on = raw.get("id"), raw.get("started_on")
    if program_id is None:
        problems.append("id: missing required key")
    elif not isinstance(program_id, str) or not PROGRAM_ID.fullmatch(program_id):
        shown = show_value(program_id)
        problems.append(f"id: expected a programme id ({PROGRAM_ID_WORDS} characters), got {shown}")
    if started_on is None:
        problems.append("started_on: missing required key")
    elif isinstance(started_on, datetime) or not isinstance(started_on, date):
        shown = started_on.isoformat() if isinstance(started_on, date) else show_value(started_on)
        problems.append(f"started_on: expected a date like 2026-11-27, got {echo_text(shown)}")
    elif not MIN_YEAR <= started_on.year <= MAX_YEAR:
        problems.append(
            f"started_on: expected a date between the years {MIN_YEAR} and {MAX_YEAR}, "
            f"got {started_on.isoformat()}"
        )
    return problems


def write_active(path: Path, active: ActiveProgram) -> None:
    """Record `active` as the programme being walked, replacing the file whole or not at all;
    ProgramFileError if it cannot be written (nothing is changed then)."""
    if not PROGRAM_ID.fullmatch(active.id):
        raise ValueError(f"not a programme id: {active.id!r}")
    data = tomli_w.dumps({"id": active.id, "started_on": active.started_on})
    try:
        replace_file(data.encode("utf-8"), path)
    except OSError as exc:
        raise ProgramFileError(f"cannot write {path_text(path)}: {reason(exc)}") from None


def end_active(path: Path, trash_dir: Path) -> Path | None:
    """End the programme: its file goes into `trash_dir` (never over another file there).
    Returns where it went; None when no programme was active. A file that cannot be read is
    moved all the same: ending a programme needs nothing from it."""
    if not os.path.lexists(path):
        return None
    try:
        target = move_into(path, trash_dir)
    except FileNotFoundError:  # ended by another command in the meantime
        return None
    except OSError as exc:
        raise ProgramFileError(
            f"cannot move {path_text(path)} to {path_text(trash_dir)}: {reason(exc)}"
        ) from None
    fsync_dir(path.parent)
    fsync_dir(trash_dir)
    return target

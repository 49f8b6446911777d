"""Programme presets: a walk for each week, built up gently over weeks.

A programme names a walk for each of its weeks, with the changes that week makes to it (more
rounds, longer intervals, another warm-up), how many walks a week it asks for, and a note in
plain words. It is decoded as strictly as every other preset: each problem is one line naming
its key (`weeks[3].rounds: expected an integer <= 200, got 300`), every one of them at once.
Whether the walks it names exist, and each week's walk fits in 6 hours, needs the other
presets: the catalog checks that (`Catalog.checked`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

import msgspec

from walktimer.domain.decoding import show_value
from walktimer.domain.presets import Name, Reference, Rounds, Seconds
from walktimer.domain.words import has_controls

MAX_WEEKS = 52
MAX_WALKS_PER_WEEK = 7
NOTE_LIMIT = 500  # characters of a week's note: a short paragraph, read beside the walk
# The ids a programme may have: they are written into every walk walked in it, and read back.
PROGRAM_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
PROGRAM_ID_WORDS = "letters, digits, - and _, at most 64"


def _check_note(key: str, value: str) -> list[str]:
    if len(value) > NOTE_LIMIT:
        return [f"{key}: expected at most {NOTE_LIMIT} characters, got {len(value)}"]
    if has_controls(value):
        return [f"{key}: expected one paragraph, without line breaks or control characters"]
    return []


def _check_walk(key: str, value: str) -> list[str]:
    return [] if value.strip() else [f'{key}: expected a walk id, got ""']


Note = Annotated[str, msgspec.Meta(extra={"check": _check_note})]
WalkReference = Annotated[str, msgspec.Meta(extra={"check": _check_walk})]
WalksPerWeek = Annotated[int, msgspec.Meta(ge=1, le=MAX_WALKS_PER_WEEK)]


class ProgramWeek(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """One week: its walk, and what the week changes in it (None: the walk's own)."""

    walk: WalkReference  # a walk id (or path)
    note: Note = ""
    warmup: Reference | None = None  # an id or "none"
    cooldown: Reference | None = None
    rounds: Rounds | None = None
    fast_seconds: Seconds | None = None
    slow_seconds: Seconds | None = None


Weeks = Annotated[list[ProgramWeek], msgspec.Meta(min_length=1, max_length=MAX_WEEKS)]


class ProgramPreset(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    kind: Literal["program"]
    name: Name
    description: str = ""
    walks_per_week: WalksPerWeek
    weeks: Weeks


def weeks_problems(raw: dict[str, Any]) -> list[str]:
    """How many weeks the file has, against 1 to 52: the list's length, which the checks of
    its items do not look at."""
    weeks = raw.get("weeks")
    if not isinstance(weeks, list) or 1 <= len(weeks) <= MAX_WEEKS:
        return []
    return [f"weeks: expected 1 to {MAX_WEEKS} weeks, got {len(weeks)}"]


def program_id_problem(program_id: str) -> str | None:
    """Why `program_id` cannot be a programme's id (its file name), or None."""
    if PROGRAM_ID.fullmatch(program_id):
        return None
    return f"expected a file name of {PROGRAM_ID_WORDS} characters, got {show_value(program_id)}"

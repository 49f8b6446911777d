"""The last choices made on home, remembered between launches.

`$XDG_STATE_HOME/walktimer/choices.toml` holds the walk, its warm-up and cool-down, its rounds
and seconds, and the steps a minute of its fast intervals as they were when the last walk was
started from home:

    walk = "classic-30-30"
    warmup = "dynamic-stretches"    # left out: the walk's own
    cooldown = "none"
    rounds = 6                      # left out: the walk's own
    fast_seconds = 45
    slow_seconds = 30
    fast_cadence = 118              # measured on home (c); left out: the walk's own

It is a convenience, not the walker's data. It is read like every file walktimer did not just
write (limited, decoded strictly, never a pipe), and a file that cannot be used is passed over
with one line saying why: nothing is lost by that, and the next walk started from home writes
it anew. Whether the presets it names still exist is for the caller to judge, against its
catalog.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
import tomli_w

from walktimer.domain.decoding import parse_toml, validation_problem
from walktimer.domain.inputs import Refused, path_text, read_limited
from walktimer.domain.presets import check_override
from walktimer.errors import WalktimerError
from walktimer.storage.files import replace_file

FILE_NAME = "choices.toml"
MAX_CHOICES_BYTES = 64 * 1024  # a few short lines are written; this leaves room for comments


class Choices(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """A walk as chosen on home. None: what the walk itself says."""

    walk: str
    warmup: str | None = None
    cooldown: str | None = None
    rounds: int | None = None
    fast_seconds: int | None = None
    slow_seconds: int | None = None
    fast_cadence: int | None = None


class UnusableChoices(WalktimerError):
    """A file of remembered choices that is there but cannot be used: one line, naming it."""


def choices_file(folder: Path) -> Path:
    return folder / FILE_NAME


def read_choices(folder: Path) -> Choices | None:
    """The choices remembered in `folder`; None when nothing is remembered there;
    UnusableChoices when the file cannot be read, is not TOML, holds a key or a type it should
    not, or a number beyond the limits of a walk."""
    path = choices_file(folder)
    shown = path_text(path)
    try:
        data = read_limited(path, MAX_CHOICES_BYTES)
    except Refused as refused:
        if refused.missing:
            return None
        raise UnusableChoices([f"{shown}: {refused.reason}"]) from None
    raw = parse_toml(data)
    if isinstance(raw, str):
        raise UnusableChoices([f"{shown}: {raw}"])
    try:
        choices = msgspec.convert(raw, type=Choices, strict=True)
    except msgspec.ValidationError as exc:
        raise UnusableChoices([f"{shown}: {validation_problem(str(exc), raw)}"]) from None
    if problems := limit_problems(choices):
        raise UnusableChoices([f"{shown}: {problems[0]}"])
    return choices


def limit_problems(choices: Choices) -> list[str]:
    """The numbers against the limits of a preset's own (rounds 1-200, seconds 1-3600, steps a
    minute 60-200)."""
    problems: list[str] = []
    for key in ("rounds", "fast_seconds", "slow_seconds", "fast_cadence"):
        value = getattr(choices, key)
        if value is not None:
            problems += check_override(key, value)
    return problems


def write_choices(folder: Path, choices: Choices) -> Path:
    """Remember `choices` in `folder`, replacing what was there whole or not at all (OSError
    if the folder cannot be written). Returns the file."""
    path = choices_file(folder)
    data = {k: v for k, v in msgspec.structs.asdict(choices).items() if v is not None}
    replace_file(tomli_w.dumps(data).encode("utf-8"), path)
    return path

"""The user's config file, decoded as strictly as presets: a typo is an error, not a default.

A problem stops only what it concerns: a command names the keys it reads (`needed`), and a
bad `audio.backend` stops a walk or `audio test`, never `stats` or `history`. A top-level key
the config does not know is a typo of something, which could be anything: it stops every
command that reads the config, and so does a file that cannot be read or parsed at all. An
unknown key inside a table (`audio.loudness`) concerns that table.

The days and the time of day a walker means to walk (`walk_days`, `walk_time`) have rules
beyond their types (no day twice, a time on the 24-hour clock): they are checked before the
rest is decoded, each problem one line naming the key.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import msgspec

from walktimer.audio.names import ANNOUNCEMENTS, CHOICES, Announcement, BackendChoice
from walktimer.domain.decoding import choices_text, parse_toml, show_value, validation_problem
from walktimer.domain.inputs import Refused, path_text, read_limited
from walktimer.errors import ConfigError


class CueFiles(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """The walker's own WAV files for cues, by cue name (`audio.cues`); None: the built-in."""

    warmup: str | None = None
    fast: str | None = None
    slow: str | None = None
    cooldown: str | None = None
    step: str | None = None
    sides: str | None = None
    pip: str | None = None
    done: str | None = None
    click: str | None = None

    def given(self) -> dict[str, str]:
        """Each cue name with a file of the walker's, as written in the config."""
        named = ((name, getattr(self, name)) for name in self.__struct_fields__)
        return {name: path for name, path in named if path is not None}


class AudioConfig(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    backend: BackendChoice = "auto"
    volume: Annotated[int, msgspec.Meta(ge=0, le=100)] = 80
    voice: bool = False
    lead_in_ms: Annotated[int, msgspec.Meta(ge=0, le=1000)] = 0
    announce: tuple[Announcement, ...] = ()
    cues: CueFiles = msgspec.field(default_factory=CueFiles)
    haptics: bool = True  # on where the phone can vibrate: under Termux (`termux-vibrate`)


class Defaults(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    walk: str = "first-steps"
    warmup: str | None = None  # None: the walk's own choice
    cooldown: str | None = None


Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = get_args(Day)  # Monday first, as `date.weekday()` counts
WALK_TIME = re.compile(r"(?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9])")


class Config(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    weekly_goal: Annotated[int, msgspec.Meta(ge=1, le=14)] = 3
    theme: str = "textual-dark"
    checklist: bool = True
    walk_days: tuple[Day, ...] = ("mon", "wed", "fri")  # for `program calendar`
    walk_time: str = "07:30"  # "HH:MM" on the 24-hour clock, checked as the file is read
    audio: AudioConfig = msgspec.field(default_factory=AudioConfig)
    defaults: Defaults = msgspec.field(default_factory=Defaults)

    @property
    def walk_clock(self) -> time:
        """`walk_time` as a time of day."""
        found = WALK_TIME.fullmatch(self.walk_time)
        assert found is not None  # checked as the file was read
        return time(int(found["hour"]), int(found["minute"]))


KEYS: tuple[str, ...] = Config.__struct_fields__
_AT = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_UNKNOWN = re.compile(r"^Object contains unknown field `(?P<key>[^`]+)`")


def load_config(path: Path, needed: Collection[str] = KEYS) -> Config:
    """The config at `path`, defaults if there is none. ConfigError, one line a problem, if the
    file cannot be read (a pipe, a device or a file of gigabytes at that path is never read),
    is not TOML, has a key the config does not know, or has a bad value under one of the
    top-level keys in `needed`; a bad value under any other key leaves that key's default."""
    shown = path_text(path)
    try:
        data = read_limited(path)
    except Refused as refused:
        if refused.missing:
            return Config()
        raise ConfigError([f"{shown}: {refused.reason}"]) from None
    raw = parse_toml(data)
    if isinstance(raw, str):
        raise ConfigError([f"{shown}: {raw}"])
    config, problems = _decode(raw)
    stopping = [
        f"{shown}: {problem}" for key, problem in problems if key in needed or key not in KEYS
    ]
    if stopping:
        raise ConfigError(stopping)
    return config


def _decode(raw: dict[str, Any]) -> tuple[Config, list[tuple[str, str]]]:
    """The config with every bad key left out (so its default applies), and each problem with
    the top-level key it is under. msgspec reports one problem at a time: each is taken out and
    the rest decoded again, so every problem in the file is found."""
    problems = _schedule_problems(raw)
    while True:
        try:
            return msgspec.convert(raw, type=Config, strict=True), problems
        except msgspec.ValidationError as exc:
            text = str(exc)
            keys = _bad_keys(text)
            problems.append((keys[0] if keys else "", validation_problem(text, raw, _CHOICES)))
            if not keys or not _drop(raw, keys):
                return Config(), problems  # nothing left to take out: the file as a whole


_CHOICES = {"audio.backend": CHOICES, "audio.announce": ANNOUNCEMENTS}


def _schedule_problems(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """The problems of `walk_days` and `walk_time`, each with its key; a bad one is taken
    out, so that its default applies where a command does not read it."""
    problems = [("walk_days", p) for p in _days_problems(raw.get("walk_days", list(DAYS)))]
    given = raw.get("walk_time", "00:00")
    if not isinstance(given, str) or WALK_TIME.fullmatch(given) is None:
        shown = given.isoformat() if isinstance(given, time) else show_value(given)
        expected = 'a time of day as "HH:MM" on the 24-hour clock, like "07:30" or "18:15"'
        problems.append(("walk_time", f"walk_time: expected {expected}, got {shown}"))
    for key in {key for key, _ in problems}:
        del raw[key]
    return problems


def _days_problems(days: object) -> list[str]:
    if not isinstance(days, list):
        return [
            f'walk_days: expected a list of days like ["mon", "wed", "fri"], got {show_value(days)}'
        ]
    if not days:
        return ["walk_days: expected at least one day, got an empty list"]
    problems: list[str] = []
    seen: set[str] = set()
    for number, day in enumerate(days, start=1):
        if not isinstance(day, str) or day not in DAYS:
            problems.append(
                f"walk_days[{number}]: expected {choices_text(DAYS)}, got {show_value(day)}"
            )
        elif day in seen:
            problems.append(f'walk_days[{number}]: "{day}" is already in the list')
        else:
            seen.add(day)
    return problems


def _bad_keys(text: str) -> list[str]:
    """The keys leading to the value a msgspec message is about: `$.audio.backend` ->
    ["audio", "backend"]; an unknown key's own name last."""
    at = _AT.search(text)
    path = at["path"] if at else ""
    # A bad item of a list takes the list out whole: `$.audio.announce[1]` -> audio, announce.
    keys = [re.sub(r"\[\d+\]$", "", key) for key in path.split(".") if key]
    if unknown := _UNKNOWN.match(text):
        keys.append(unknown["key"])
    return keys


def _drop(raw: dict[str, Any], keys: list[str]) -> bool:
    """Take out the value at `keys`; False if it is not there (nothing could be taken out)."""
    table: Any = raw
    for key in keys[:-1]:
        table = table.get(key) if isinstance(table, dict) else None
    if not isinstance(table, dict) or keys[-1] not in table:
        return False
    del table[keys[-1]]
    return True

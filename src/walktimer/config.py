"""The user's config file, decoded as strictly as presets: a typo is an error, not a default.

A problem stops only what it concerns: a command names the keys it reads (`needed`), and a
bad `audio.backend` stops a walk or `audio test`, never `stats` or `history`. A top-level key
the config does not know is a typo of something, which could be anything: it stops every
command that reads the config, and so does a file that cannot be read or parsed at all. An
unknown key inside a table (`audio.loudness`) concerns that table.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Annotated, Any

import msgspec

from walktimer.audio.names import ANNOUNCEMENTS, CHOICES, Announcement, BackendChoice
from walktimer.domain.decoding import parse_toml, validation_problem
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


class Config(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    weekly_goal: Annotated[int, msgspec.Meta(ge=1, le=14)] = 3
    theme: str = "textual-dark"
    checklist: bool = True
    audio: AudioConfig = msgspec.field(default_factory=AudioConfig)
    defaults: Defaults = msgspec.field(default_factory=Defaults)


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
    problems: list[tuple[str, str]] = []
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

"""The user's config file, decoded as strictly as presets: a typo is an error, not a default."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec

from walktimer.audio.names import CHOICES, BackendChoice
from walktimer.domain.decoding import parse_toml, validation_problem
from walktimer.domain.inputs import Refused, path_text, read_limited
from walktimer.errors import ConfigError


class AudioConfig(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    backend: BackendChoice = "auto"
    volume: Annotated[int, msgspec.Meta(ge=0, le=100)] = 80
    voice: bool = False


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


def load_config(path: Path) -> Config:
    """The config at `path`, defaults if there is none; ConfigError with one line if invalid
    (a pipe, a device or a file of gigabytes at that path included: it is never read)."""
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
    try:
        return msgspec.convert(raw, type=Config, strict=True)
    except msgspec.ValidationError as exc:
        problem = validation_problem(str(exc), raw, {"audio.backend": CHOICES})
        raise ConfigError([f"{shown}: {problem}"]) from None

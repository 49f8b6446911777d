"""The user's config file, decoded as strictly as presets: a typo is an error, not a default."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated

import msgspec

from walktimer.audio.names import CHOICES, BackendChoice
from walktimer.domain.decoding import toml_problem, validation_problem
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
    """The config at `path`, defaults if there is none; ConfigError with one line if invalid."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read: {exc.strerror}"]) from None
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError([f"{path}: not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{path}: {toml_problem(exc)}"]) from None
    try:
        return msgspec.convert(raw, type=Config, strict=True)
    except msgspec.ValidationError as exc:
        problem = validation_problem(str(exc), raw, {"audio.backend": CHOICES})
        raise ConfigError([f"{path}: {problem}"]) from None

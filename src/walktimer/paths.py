"""Where walktimer keeps things. Functions, so nothing is computed or created at import."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "walktimer"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_file() -> Path:
    return config_dir() / "config.toml"


def user_presets_dir() -> Path:
    return config_dir() / "presets"


def sessions_dir() -> Path:
    return data_dir() / "sessions"


def checkpoint_file() -> Path:
    return data_dir() / "in-progress.toml"

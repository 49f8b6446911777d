"""Where walktimer keeps things. Functions, so nothing is computed or created at import."""

from __future__ import annotations

import os
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


def program_file() -> Path:
    """The programme being walked, if any: its id and the day it was started."""
    return data_dir() / "program.toml"


def state_dir() -> Path:
    """What walktimer remembers between launches (the last choices on home), not the walker's
    data: losing it loses nothing but a convenience."""
    return Path(platformdirs.user_state_dir(APP, appauthor=False))


def control_socket() -> Path:
    """Where a running walk listens for `walktimer control`: in `$XDG_RUNTIME_DIR` (a folder
    of this user's that lasts as long as the login), else beside the state."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    folder = Path(runtime) / APP if Path(runtime).is_absolute() else state_dir()
    return folder / "control.sock"


def checkpoints_dir() -> Path:
    """One checkpoint per running walk, `<summary id>.toml`, each beside the lock its walk holds."""
    return data_dir() / "in-progress"


def earlier_checkpoint_file() -> Path:
    """The single checkpoint of walktimer versions before `checkpoints_dir()`: recovered once."""
    return data_dir() / "in-progress.toml"


def anything_in_progress() -> bool:
    """Whether a walk may have left something to recover: a look cheap enough for the start of
    every command, so that a command with nothing to recover loads no storage code."""
    try:
        if earlier_checkpoint_file().exists():
            return True
        with os.scandir(checkpoints_dir()) as found:
            # Walks leave files there; the only folder is the one for unreadable checkpoints.
            return any(not entry.is_dir(follow_symlinks=False) for entry in found)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # recovery says what is wrong with the folder

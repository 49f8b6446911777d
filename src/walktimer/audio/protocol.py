"""What every sound backend offers the player, and the one error through which it fails."""

from __future__ import annotations

import re
from typing import Protocol

from walktimer.audio.cues import Cue


class AudioError(Exception):
    """This backend cannot sound cues: at open (it does not work here) or later (it broke)."""


class Backend(Protocol):
    name: str

    def play(self, cue: Cue) -> None:
        """Start sounding `cue`, cutting short the one before, and return at once."""

    def set_volume(self, volume: int) -> None:
        """Sound the next cues at `volume` (0-100); raise AudioError if that cannot be done."""

    def wait(self) -> None:
        """Return when the cue now sounding has ended (raise AudioError if it failed)."""

    def close(self) -> None:
        """Let a cue still sounding finish (the walk's last one must be heard), then let go."""


def reason(exc: BaseException) -> str:
    # simpleaudio says "Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory".
    text = re.sub(r"\.? -- CODE: -?\d+ -- MSG: ", ": ", str(exc))
    return text or type(exc).__name__

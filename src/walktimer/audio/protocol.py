"""What every sound backend offers the player, and the one error through which it fails."""

from __future__ import annotations

import re
from typing import Protocol

from walktimer.audio.cues import Cue
from walktimer.audio.synth import Sound


class AudioError(Exception):
    """This backend cannot sound cues: at open (it does not work here) or later (it broke)."""


class Backend(Protocol):
    name: str
    streams: bool
    """Whether it sounds the samples it is given: lead-ins and metronome clicks with them. The
    bell does not: it rings for the cue, and has nothing to say for a click."""

    def play(self, sound: Sound, cue: Cue | None = None) -> None:
        """Start sounding `sound` (the stream of `cue`, if it is one), cutting short the one
        before, and return at once."""

    def stop(self) -> None:
        """Silence at once what is sounding."""

    def wait(self) -> None:
        """Return when the cue now sounding has ended (raise AudioError if it failed)."""

    def close(self) -> None:
        """Let a cue still sounding finish (the walk's last one must be heard), then let go."""


def reason(exc: BaseException) -> str:
    # simpleaudio says "Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory".
    text = re.sub(r"\.? -- CODE: -?\d+ -- MSG: ", ": ", str(exc))
    return text or type(exc).__name__

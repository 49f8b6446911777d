"""Sound on a phone, through Termux:API: the same streams, played by the phone's own player.

Termux has no ALSA, so neither simpleaudio nor the desktop player programs work there. Its
Termux:API package asks Android to play a file (`termux-media-player play FILE`); where only
`play-audio` is installed, that plays it instead. Both are run as `Child`ren without a shell,
every wait bounded, as every player program is (`backends.CommandBackend`, whose probe, files
and children this backend shares).

`play-audio` plays a file to its end and is ended to silence it: the command backend's way.
`termux-media-player` is different: it asks the Termux:API service to play and returns, a new
file replaces the one playing, and `termux-media-player stop` silences it. The service answers
requests in the order they are made only if each is made once the one before has returned, so
the requests go to a thread of their own (`Later`) and run one after another, each for at most
`REQUEST_SECONDS`; a request not made yet when a newer one comes is dropped (the newer one
replaces what it would have done). The walk never waits for the service: a request that fails
or hangs is raised by the next play, and the player moves on to the next backend.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from typing import NamedTuple

from walktimer.audio.backends import CommandBackend
from walktimer.audio.cues import Cue
from walktimer.audio.later import Later
from walktimer.audio.processes import Commands
from walktimer.audio.protocol import AudioError
from walktimer.audio.synth import Sound

MEDIA_PLAYER = "termux-media-player"
# Tried in this order: Termux:API's player, then play-audio (`pkg install play-audio`).
PHONE_PROGRAMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (MEDIA_PLAYER, ("play",)),
    ("play-audio", ()),
)
MISSING = (
    "termux-media-player and play-audio not found: install Termux:API (pkg install termux-api)"
)
# Android may have to start the Termux:API app for the first request: the probe gives it time
# (the walk's player is opened before the walk, or beside home on a thread of its own).
PROBE_BUDGET = 4.0
PROBE_EACH = 3.0
REQUEST_SECONDS = 3.0  # the longest one request to the Termux:API service may take


class Request(NamedTuple):
    """One request to the media player, and how long the sound it starts lasts (a stop: 0)."""

    command: list[str]
    seconds: float = 0.0


def _every(request: Request) -> bool:
    return True


class TermuxBackend(CommandBackend):
    """The phone's player: `termux-media-player`, else `play-audio` (see the module's words)."""

    def __init__(self, *, budget: float = PROBE_BUDGET, each: float = PROBE_EACH) -> None:
        if not any(shutil.which(program) for program, _ in PHONE_PROGRAMS):
            raise AudioError(MISSING)
        super().__init__(PHONE_PROGRAMS, budget=budget, each=each)
        self.name = f"termux ({'media player' if self.program == MEDIA_PLAYER else self.program})"
        self._requests: Later[Request] | None = None
        self._commands = Commands()
        # Until when what was asked last may be sounding: the request's own time included.
        self._asked_until = 0.0
        self._sounding_until = 0.0  # when the sound of the last request made ends
        self._broken = False  # a request failed: nothing is waited for any more
        if self.program == MEDIA_PLAYER:
            self._requests = Later(self._request, name="walktimer-media-player")

    def play(self, sound: Sound, cue: Cue | None = None) -> None:
        if self._requests is None:
            super().play(sound, cue)
            return
        self._raise_problem()
        try:
            path = self._write(sound)
        except OSError as exc:
            raise AudioError(f"cannot write the cue files: {exc}") from None
        self._requests.add(Request([*self._command, str(path)], sound.seconds), replacing=_every)
        self._asked_until = time.monotonic() + REQUEST_SECONDS + sound.seconds

    def stop(self) -> None:
        """Silence what the service plays; nothing is asked when nothing can be sounding."""
        if self._requests is None:
            super().stop()
            return
        if time.monotonic() < self._asked_until:
            self._requests.add(Request([self._command[0], "stop"]), replacing=_every)
            self._asked_until = 0.0
        self._sounding_until = 0.0  # silenced: nothing left to wait for

    def wait(self) -> None:
        if self._requests is None:
            super().wait()
            return
        self._requests.wait(REQUEST_SECONDS)
        self._raise_problem()
        time.sleep(max(0.0, self._sounding_until - time.monotonic()))

    def close(self) -> None:
        """The walk's last cue is heard to its end, unless the phone's player has failed:
        then nothing is waited for, and a request still under way is ended."""
        if self._requests is None:
            super().close()
            return
        if not self._broken:
            with contextlib.suppress(AudioError):
                self.wait()
        self._requests.close(0 if self._broken else REQUEST_SECONDS)
        self._commands.end()
        shutil.rmtree(self._folder, ignore_errors=True)

    def _request(self, request: Request) -> None:
        """Make one request, on the requests' thread; what goes wrong is raised by `play`."""
        problem = self._commands.run(request.command, REQUEST_SECONDS)
        if problem is not None:
            raise AudioError(problem)
        self._sounding_until = time.monotonic() + request.seconds

    def _raise_problem(self) -> None:
        if self._requests is not None and (problem := self._requests.take_problem()):
            self._broken = True
            raise AudioError(str(problem))

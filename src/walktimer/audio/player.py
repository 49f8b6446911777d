"""The player the walk talks to: the first backend that works, and a way down when one breaks.

Sound is a help, never a condition of walking. A backend that cannot open is skipped; one that
fails mid-walk is dropped for the next that works, the cue is sounded there at once, and the
walker is told a single time. When only the terminal bell is left, that one message also says
what its rings mean: on the bell, cues differ only in how many times it rings. Nothing here ever
raises into the walk.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Protocol

from walktimer.audio.backends import NullBackend, open_backend
from walktimer.audio.cues import Cue, bell_meaning, cue_seconds
from walktimer.audio.names import NAMES, sound_words
from walktimer.audio.protocol import AudioError, Backend
from walktimer.audio.voice import Voice, find_speaker

Opener = Callable[[], Backend]
DEFAULT_VOLUME = 80
MAX_VOLUME = 100


class Player(Protocol):
    name: str
    muted: bool
    volume: int

    def play(self, cue: Cue, words: str | None = None) -> None:
        """Start sounding `cue` and return at once."""

    def set_volume(self, volume: int) -> None:
        """The cues from now on at `volume`, 0 to 100."""

    def close(self) -> None: ...


class CuePlayer:
    """Plays on the first backend of `chain` that opens; moves down the chain when one fails.

    `name` is the backend in use, as the app shows it; it changes when the player falls back.
    """

    def __init__(
        self,
        chain: Sequence[tuple[str, Opener]],
        *,
        notify: Callable[[str], None],
        voice: Voice | None = None,
        explicit: bool = False,
        volume: int = DEFAULT_VOLUME,
    ) -> None:
        self.muted = False
        self.volume = volume
        self._opened_volume = volume  # what the chain's openers make the cues at
        self.voice = voice
        self.unavailable: list[tuple[str, str]] = []  # (backend, why) skipped on the way
        self._chain = list(chain)
        self._notify = notify
        self._backend: Backend = NullBackend()
        self.name = self._backend.name
        self._open_next()
        if explicit and self.unavailable:
            wanted, why = self.unavailable[0]
            notify(f"sound: {wanted} does not work here ({why}); {_using(self.name, 'instead')}")
        elif self.unavailable and self.name == "bell":
            notify(f"sound: no sound device works here, so {_using(self.name, 'instead')}")

    def play(self, cue: Cue, words: str | None = None) -> None:
        if self.voice is not None and (problem := self.voice.take_problem()):
            self._notify(f"{problem}; cues go on without it")
        if self.muted:
            return
        try:
            self._backend.play(cue)
        except AudioError as exc:
            self._recover(str(exc), cue)
        if words and self.voice is not None and self.name != "none":
            self.voice.say(words, after=cue_seconds(cue))

    def set_volume(self, volume: int) -> None:
        self.volume = max(0, min(MAX_VOLUME, volume))
        try:
            self._backend.set_volume(self.volume)
        except AudioError as exc:
            self._recover(str(exc), None)

    def wait(self) -> None:
        """Until the cue now sounding (and its words) have ended: for `walktimer audio test`."""
        try:
            self._backend.wait()
        except AudioError as exc:
            self._recover(str(exc), None)
        if self.voice is not None:
            self.voice.wait()

    def close(self) -> None:
        _close_quietly(self._backend)
        if self.voice is not None:
            self.voice.close()

    def _recover(self, why: str, cue: Cue | None) -> None:
        """Drop the broken backend for the next that works, sound `cue` there, tell once."""
        broken = self.name
        while True:
            _close_quietly(self._backend)
            self._open_next()
            if cue is None:
                break
            try:
                self._backend.play(cue)
                break
            except AudioError as exc:
                self.unavailable.append((self.name, str(exc)))
        self._notify(f"sound: {broken} stopped working ({why}); {_using(self.name, 'from now on')}")

    def _open_next(self) -> None:
        """The next backend of the chain that opens; silence once the chain is used up."""
        while self._chain:
            name, opener = self._chain.pop(0)
            try:
                self._backend = opener()
                if self.volume != self._opened_volume:
                    self._backend.set_volume(self.volume)
            except AudioError as exc:
                self.unavailable.append((name, str(exc)))
                continue
            self.name = self._backend.name
            return
        self._backend = NullBackend()
        self.name = self._backend.name


def open_player(
    backend: str,
    *,
    ring: Callable[[], None],
    notify: Callable[[str], None],
    volume: int = DEFAULT_VOLUME,
    voice: bool = False,
) -> CuePlayer:
    """The player for `backend`; "auto" takes the first that works of simpleaudio, command, bell.

    A named backend that does not work here falls back the same way, and says so once.
    """
    start = NAMES.index(backend) if backend in NAMES else 0
    chain = [(name, _opener(name, volume, ring)) for name in NAMES[start:]]
    speaker = None
    if voice:
        command = find_speaker()
        if command is None:
            notify("voice: no espeak-ng, spd-say or say found; cues only")
        else:
            speaker = Voice(command)
    return CuePlayer(chain, notify=notify, voice=speaker, explicit=backend != "auto", volume=volume)


def _using(name: str, when: str) -> str:
    """What the walker hears from now on: on the bell, what each ring means, as it is new."""
    if name == "bell":
        return f"the terminal bell rings {when}: {bell_meaning()}"
    return f"using {sound_words(name)} {when}"


def _close_quietly(backend: Backend) -> None:
    with contextlib.suppress(Exception):  # closing must never turn a walk into a crash
        backend.close()


def _opener(name: str, volume: int, ring: Callable[[], None]) -> Opener:
    return lambda: open_backend(name, volume=volume, ring=ring)

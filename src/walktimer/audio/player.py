"""The player the walk talks to: the first backend that works, and a way down when one breaks.

Sound is a help, never a condition of walking. A backend that cannot open is skipped; one that
fails mid-walk is dropped for the next that works, the cue is sounded there at once, and the
walker is told a single time. When only the terminal bell is left, that one message also says
what its rings mean: on the bell, cues differ only in how many times it rings. Nothing here ever
raises into the walk.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from walktimer.audio.backends import NullBackend, open_backend
from walktimer.audio.cues import Cue, bell_meaning
from walktimer.audio.haptics import Haptics, open_haptics
from walktimer.audio.names import NAMES, names_here, sound_words
from walktimer.audio.protocol import AudioError, Backend
from walktimer.audio.sounds import CueSounds, load_cue_files
from walktimer.audio.streams import Stream, render_stream
from walktimer.audio.synth import Sound
from walktimer.audio.voice import Voice, find_speaker, speaker_names

Opener = Callable[[], Backend]
DEFAULT_VOLUME = 80
MAX_VOLUME = 100


class Player(Protocol):
    name: str
    muted: bool
    volume: int

    @property
    def streams(self) -> bool:
        """Whether lead-ins and metronome clicks can be heard here (not on the bell)."""

    @property
    def speaks(self) -> bool:
        """Whether words given to `play` are said."""

    def cue_seconds(self, cue: Cue) -> float:
        """How long `cue` sounds (the walker's own sound, or the built-in one)."""

    def play(self, stream: Stream, words: str | None = None) -> float:
        """Start sounding `stream`, cutting short the one before, and return at once: how long
        it sounds, in seconds (0 when nothing is heard). `words` are said after its cue."""

    def stop(self) -> None:
        """Silence at once what is sounding (the words too)."""

    def set_volume(self, volume: int) -> None:
        """The cues from now on at `volume`, 0 to 100."""

    def close(self) -> None: ...


class CuePlayer:
    """Plays on the first backend of `chain` that opens; moves down the chain when one fails.

    `name` is the backend in use, as the app shows it; it changes when the player falls back.
    With `haptics`, every cue is felt as well, at its moment: muted too (muting is of the
    sound; vibration is turned off in the config), and on any backend, none included.
    """

    def __init__(
        self,
        chain: Sequence[tuple[str, Opener]],
        *,
        notify: Callable[[str], None],
        voice: Voice | None = None,
        explicit: bool = False,
        volume: int = DEFAULT_VOLUME,
        sounds: CueSounds | None = None,
        haptics: Haptics | None = None,
    ) -> None:
        self.muted = False
        self.volume = volume
        self.sounds = sounds or CueSounds()
        self.voice = voice
        self.haptics = haptics
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

    @property
    def streams(self) -> bool:
        return self._backend.streams

    @property
    def speaks(self) -> bool:
        return self.voice is not None and self.name != "none"

    def cue_seconds(self, cue: Cue) -> float:
        return self.sounds.at(self.volume)[cue].seconds

    def play(self, stream: Stream, words: str | None = None) -> float:
        if self.voice is not None and (problem := self.voice.take_problem()):
            self._notify(f"{problem}; cues go on without it")
        if self.haptics is not None:
            if problem := self.haptics.take_problem():
                self._notify(f"haptics: {problem}; cues go on without vibrating")
            self.haptics.feel(stream)
        if self.muted:
            return 0.0
        sounds = self.sounds.at(self.volume)
        tone_end = stream.cue_at + sounds[stream.cue].seconds if stream.cue else stream.start
        sound = render_stream(stream, sounds)
        if not sound.pcm:  # nothing left to sound (clicks resumed at an interval's very end)
            return 0.0
        try:
            self._backend.play(sound, stream.cue)
        except AudioError as exc:
            self._recover(str(exc), (sound, stream.cue))
        if words and self.speaks and self.voice is not None:
            self.voice.say(words, after=tone_end - stream.start)
        return sound.seconds if self._backend.streams else 0.0

    def stop(self) -> None:
        try:
            self._backend.stop()
        except AudioError as exc:
            self._recover(str(exc), None)
        if self.voice is not None:
            self.voice.hush()
        if self.haptics is not None:
            self.haptics.stop()

    def set_volume(self, volume: int) -> None:
        self.volume = max(0, min(MAX_VOLUME, volume))

    def wait(self) -> None:
        """Until the cue now sounding (its words and its pulses too) has ended: for
        `walktimer audio test`."""
        try:
            self._backend.wait()
        except AudioError as exc:
            self._recover(str(exc), None)
        if self.voice is not None:
            self.voice.wait()
        if self.haptics is not None:
            self.haptics.wait()

    def close(self) -> None:
        _close_quietly(self._backend)
        if self.voice is not None:
            self.voice.close()
        if self.haptics is not None:
            self.haptics.close()

    def _recover(self, why: str, playing: tuple[Sound, Cue | None] | None) -> None:
        """Drop the broken backend for the next that works, sound `playing` there, tell once."""
        broken = self.name
        while True:
            _close_quietly(self._backend)
            self._open_next()
            if playing is None:
                break
            try:
                self._backend.play(*playing)
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
    cue_files: Mapping[str, Path] | None = None,
    haptics: bool = False,
) -> CuePlayer:
    """The player for `backend`; "auto" takes the first that works of termux (on a phone
    only), simpleaudio, command, bell.

    A named backend that does not work here falls back the same way, and says so once.
    `cue_files`: the walker's own sounds by cue name (`audio.cues`). `haptics`: cues are
    felt too where the phone can vibrate (`audio.haptics`).
    """
    names = NAMES[NAMES.index(backend) :] if backend in NAMES else names_here()
    chain = [(name, _opener(name, ring)) for name in names]
    sounds = load_cue_files(cue_files or {}, notify)
    speaker = None
    if voice:
        command = find_speaker()
        if command is None:
            notify(f"voice: no {speaker_names()} found; cues only")
        else:
            speaker = Voice(command)
    return CuePlayer(
        chain,
        notify=notify,
        voice=speaker,
        explicit=backend != "auto",
        volume=volume,
        sounds=sounds,
        haptics=open_haptics(notify) if haptics else None,
    )


def _using(name: str, when: str) -> str:
    """What the walker hears from now on: on the bell, what each ring means, as it is new."""
    if name == "bell":
        return f"the terminal bell rings {when}: {bell_meaning()}"
    return f"using {sound_words(name)} {when}"


def _close_quietly(backend: Backend) -> None:
    with contextlib.suppress(Exception):  # closing must never turn a walk into a crash
        backend.close()


def _opener(name: str, ring: Callable[[], None]) -> Opener:
    return lambda: open_backend(name, ring=ring)

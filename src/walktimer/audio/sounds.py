"""The sound of every cue at a volume: built in, or the walker's own file in its place.

`[audio.cues]` in the config names WAV files by cue (`fast = "~/sounds/whistle.wav"`). Each is
read and converted once, when the player opens; a file that cannot be used is told in one line
naming the key and the file, and that cue keeps its built-in sound. A walker's sound follows the
volume like the built-in ones: at 100 it is played as the file has it.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable, Mapping
from pathlib import Path

from walktimer.audio.cues import Cue
from walktimer.audio.synth import RATE, Sound, cue_sounds
from walktimer.audio.wavfile import WavProblem, read_wav
from walktimer.domain.cadence import MAX_CADENCE
from walktimer.domain.inputs import path_text

MAX_CLICK_SECONDS = 60 / MAX_CADENCE  # 0.3 s: a click ends before the next step's


class CueSounds:
    """Every cue's sound at any volume, built once a volume and kept."""

    def __init__(self, own: Mapping[Cue, array[int]] | None = None) -> None:
        self.own = dict(own or {})
        self._by_volume: dict[int, Mapping[Cue, Sound]] = {}

    def at(self, volume: int) -> Mapping[Cue, Sound]:
        sounds = self._by_volume.get(volume)
        if sounds is None:
            sounds = dict(cue_sounds(volume))
            level = (max(0, min(100, volume)) / 100) ** 2  # as the built-in ones: see `gain`
            sounds.update((cue, _scaled(samples, level)) for cue, samples in self.own.items())
            self._by_volume[volume] = sounds
        return sounds


def load_cue_files(files: Mapping[str, Path], notify: Callable[[str], None]) -> CueSounds:
    """The sounds with each of the walker's files (by cue name) in place of the built-in one;
    a file that cannot be used is told, and its cue keeps the built-in sound."""
    own: dict[Cue, array[int]] = {}
    for name, path in files.items():
        try:
            own[Cue(name)] = _checked(Cue(name), read_wav(path))
        except WavProblem as problem:
            notify(
                f"sound: audio.cues.{name} ({path_text(path)}): {problem}; "
                f"the built-in {name} sound plays instead"
            )
    return CueSounds(own)


def _checked(cue: Cue, samples: array[int]) -> array[int]:
    """A click longer than the shortest step would run into the next click."""
    if cue is Cue.CLICK and len(samples) > MAX_CLICK_SECONDS * RATE:
        seconds = len(samples) / RATE
        raise WavProblem(
            f"{seconds:.2f} s long: a click must be shorter than {MAX_CLICK_SECONDS} s, "
            f"the time of a step at {MAX_CADENCE} steps a minute"
        )
    return samples


def _scaled(samples: array[int], level: float) -> Sound:
    out = array("h", (round(value * level) for value in samples))
    if sys.byteorder == "big":
        out.byteswap()
    return Sound(out.tobytes())

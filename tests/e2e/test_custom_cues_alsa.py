"""The walker's own cue sound at a real ALSA device, and a broken one told once, not played.

A WAV file far from what walktimer plays (8-bit, stereo, 22 050 Hz) is named in the config's
`[audio.cues]`; a walk in plain mode on simpleaudio, captured at the device
(tests/e2e/alsa.py), must play it as 16-bit mono 44.1 kHz of the same length and pitch. A
file cut short must be named in one line on standard error, with the built-in cue in its place.
"""

from __future__ import annotations

import math
import wave
from pathlib import Path

import pytest

from tests.conftest import Xdg, require
from tests.e2e.alsa import HAS_SIMPLEAUDIO, Capture, Walk, plain_run, walk_file
from walktimer.audio.cues import Cue

pytestmark = [pytest.mark.e2e, pytest.mark.alsa]

TONE_HZ, TONE_SECONDS, FILE_RATE = 700, 0.3, 22_050


def write_tone(path: Path) -> Path:
    """A 0.3 s 700 Hz tone as 8-bit unsigned stereo PCM at 22 050 Hz."""
    frames = bytearray()
    for n in range(round(TONE_SECONDS * FILE_RATE)):
        byte = 128 + round(100 * math.sin(2 * math.pi * TONE_HZ * n / FILE_RATE))
        frames += bytes((byte, byte))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(1)
        out.setframerate(FILE_RATE)
        out.writeframes(bytes(frames))
    return path


def walk_with_fast_sound(
    sound: str, capture: Capture, xdg: Xdg, tmp_path: Path, cmd: list[str]
) -> str:
    """A two-interval walk with `sound` as `[audio.cues] fast`; its standard error."""
    xdg.config_file.parent.mkdir(parents=True, exist_ok=True)
    xdg.config_file.write_text(f'[audio.cues]\nfast = "{sound}"\n')
    with Walk(plain_run(cmd, walk_file(tmp_path)), capture.env, tmp_path / "err") as walk:
        return walk.finish()


def test_an_8_bit_stereo_wav_plays_as_16_bit_mono_of_its_length_and_pitch(
    capture: Capture, xdg: Xdg, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    require(HAS_SIMPLEAUDIO, "simpleaudio")
    tone = write_tone(tmp_path / "whistle.wav")
    stderr = walk_with_fast_sound(str(tone), capture, xdg, tmp_path, walktimer_cmd)
    assert "audio.cues" not in stderr
    first, *others = capture.streams()
    # Decoded as 16-bit mono at 44.1 kHz, the samples hold the file's one note, unchanged.
    [note] = first.heard
    print(f"own fast sound: {note.seconds * 1000:.2f} ms at {note.hz:.1f} Hz, peak {note.peak}")
    assert abs(note.seconds - TONE_SECONDS) <= 0.001
    assert abs(note.hz - TONE_HZ) <= TONE_HZ * 0.01
    assert [s.cue() for s in others] == [Cue.COUNTDOWN, Cue.SLOW, Cue.COUNTDOWN, Cue.DONE]


def test_a_truncated_wav_is_named_once_and_the_built_in_cue_plays(
    capture: Capture, xdg: Xdg, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    require(HAS_SIMPLEAUDIO, "simpleaudio")
    whole = write_tone(tmp_path / "whole.wav").read_bytes()
    cut = tmp_path / "cut short.wav"
    cut.write_bytes(whole[: len(whole) // 2])
    stderr = walk_with_fast_sound(str(cut), capture, xdg, tmp_path, walktimer_cmd)
    told = [line for line in stderr.splitlines() if "audio.cues.fast" in line]
    print("\n".join(told))
    assert len(told) == 1, stderr
    assert str(cut) in told[0]
    assert [s.cue() for s in capture.streams()] == [
        Cue.FAST,
        Cue.COUNTDOWN,
        Cue.SLOW,
        Cue.COUNTDOWN,
        Cue.DONE,
    ]

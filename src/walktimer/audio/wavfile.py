"""A walker's own cue sound: a WAV file turned into the samples walktimer plays.

Any PCM WAV of 8 or 16 bits, at any rate and with any number of channels, becomes 16-bit mono
at 44.1 kHz: the channels averaged, the rate changed by linear interpolation (a tone keeps its
pitch and the sound its length; plenty for a short cue), the level as the file has it. The file
is read like every other file walktimer did not write (never a pipe or a device, never more
than a few MiB) and parsed in memory; whatever makes it unusable is one line saying why.
"""

from __future__ import annotations

import io
import os
import struct
import sys
import wave
from array import array
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path

from walktimer.audio.synth import RATE
from walktimer.domain.inputs import Refused, read_limited

MAX_WAV_BYTES = 8 * 1024 * 1024  # 10 s of 16-bit stereo at 192 kHz fits
MAX_SECONDS = 10
_RATES = range(1_000, 768_001)  # 1 kHz to 768 kHz: every rate a real recording uses
_PCM, _FLOAT, _EXTENSIBLE = 1, 3, 0xFFFE
_WIDTHS = "only 8- or 16-bit PCM can be used"
_TRUNCATED = "the file ends early (truncated)"
_DAMAGED = "a damaged WAV file (its parts do not fit together)"
_WAVE_ERRORS = {
    "bad # of channels": "no channels in it (0)",
    "bad sample width": f"0-bit samples: {_WIDTHS}",
    "fmt chunk and/or data chunk missing": "no sound in it (no fmt or data chunk)",
    "data chunk before fmt chunk": "not a usable WAV file (its data comes before its format)",
}
_FLIP = bytes(byte ^ 0x80 for byte in range(256))  # unsigned 8-bit to the high byte of signed


class WavProblem(Exception):
    """Why a WAV file cannot be used: one short line, without the path (the caller names it)."""


def read_wav(path: Path) -> array[int]:
    """The sound in the WAV file at `path` as 16-bit mono samples at 44.1 kHz (native order)."""
    data = _file_bytes(path)
    if not data:
        raise WavProblem("an empty file")
    if data[:4] != b"RIFF" or (len(data) >= 12 and data[8:12] != b"WAVE"):
        raise WavProblem("not a WAV file (no RIFF/WAVE header)")
    try:
        with wave.open(io.BytesIO(_as_plain_pcm(data)), "rb") as reader:
            channels, width = reader.getnchannels(), reader.getsampwidth()
            rate, frames = reader.getframerate(), reader.getnframes()
            if width > 2:
                raise WavProblem(f"{width * 8}-bit samples: {_WIDTHS}")
            if rate not in _RATES:
                raise WavProblem(f"a sample rate of {rate:,} Hz: it cannot be played")
            if frames == 0:
                raise WavProblem("no sound in it (0 frames)")
            if frames > MAX_SECONDS * rate:
                raise WavProblem(f"longer than {MAX_SECONDS} s: a cue should be short")
            pcm = reader.readframes(frames)
    except (EOFError, struct.error):
        raise WavProblem(_TRUNCATED) from None
    except RuntimeError:  # a part said to run on past the end of the whole
        raise WavProblem(_TRUNCATED if _cut_short(data) else _DAMAGED) from None
    except wave.Error as error:
        reason = _WAVE_ERRORS.get(str(error), f"not a usable WAV file ({error})")
        raise WavProblem(_TRUNCATED if _cut_short(data) else reason) from None
    if len(pcm) < frames * channels * width:
        raise WavProblem(_TRUNCATED)
    return _at_rate(_mono(_samples(pcm, width), channels), rate)


def _file_bytes(path: Path) -> bytes:
    if "\0" in str(path):  # no file can be named so: the system refuses to look
        raise WavProblem("not found (the name holds a NUL character)")
    try:
        return read_limited(path, MAX_WAV_BYTES)
    except Refused as refused:
        if refused.missing:
            raise WavProblem("not found") from None
        if os.path.isdir(path):  # noqa: PTH112 (Path.is_dir raises where access is denied)
            raise WavProblem("a folder, not a file") from None
        raise WavProblem(refused.reason) from None


def _as_plain_pcm(data: bytes) -> bytes:
    """The file, its PCM told the plain way where it was told the extensible way (Python 3.11's
    `wave` reads only the plain one); any other format is refused here, with words for it."""
    at = 12
    while at + 8 <= len(data):
        name, size = data[at : at + 4], int.from_bytes(data[at + 4 : at + 8], "little")
        if name == b"fmt ":
            body = data[at + 8 : at + 8 + size]
            if len(body) < max(size, 16):
                raise WavProblem(_TRUNCATED if len(body) < size else _DAMAGED)
            tag = int.from_bytes(body[:2], "little")
            if tag == _EXTENSIBLE and len(body) >= 26:  # the sub-format's first two bytes
                tag = int.from_bytes(body[24:26], "little")
                data = data[: at + 8] + body[24:26] + data[at + 10 :]
            if tag == _FLOAT:
                bits = int.from_bytes(body[14:16], "little")
                raise WavProblem(f"{bits}-bit floating-point samples: {_WIDTHS}")
            if tag != _PCM:
                raise WavProblem(f"compressed (format {tag}): only PCM can be used")
            return data
        at += 8 + size + (size & 1)  # chunks are padded to an even length
    return data


def _cut_short(data: bytes) -> bool:
    """Whether the file is shorter than its RIFF header says (an unreadable part was cut)."""
    return len(data) < 8 + int.from_bytes(data[4:8], "little")


def _samples(pcm: bytes, width: int) -> array[int]:
    if width == 1:  # unsigned, 128 is silence: (byte - 128) * 256 as little-endian 16-bit
        wide = bytearray(2 * len(pcm))
        wide[1::2] = pcm.translate(_FLIP)
        pcm = bytes(wide)
    samples = array("h")
    samples.frombytes(pcm)
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def _mono(samples: array[int], channels: int) -> Sequence[int]:
    if channels == 1:
        return samples
    each = [samples[channel::channels] for channel in range(channels)]
    half = channels // 2  # the mean to the nearest whole number
    return [(total + half) // channels for total in map(sum, zip(*each, strict=True))]


def _at_rate(samples: Sequence[int], rate: int) -> array[int]:
    """The samples at 44.1 kHz: output sample i lies at i * rate / 44100 of the input, between
    two input samples, in whole-number arithmetic (the same result on every machine)."""
    if rate == RATE:
        return array("h", samples)
    count = round(len(samples) * RATE / rate)
    held = [*samples, samples[-1]]  # the last output may lie just past the last input
    half = RATE // 2
    places = map(divmod, range(0, count * rate, rate), repeat(RATE))  # i * rate / RATE
    out = [(held[at] * (RATE - part) + held[at + 1] * part + half) // RATE for at, part in places]
    return array("h", out)

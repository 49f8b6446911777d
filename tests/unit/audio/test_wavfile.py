"""A walker's own WAV files as the samples walktimer plays: 16-bit mono at 44.1 kHz, the length
and the pitch kept; every file that cannot be used refused with one line, never a traceback."""

from __future__ import annotations

import math
import os
import random
import struct
import sys
import threading
import time
import wave
from array import array
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.unit.audio.pcm import RATE, frequency, peak
from walktimer.audio.wavfile import MAX_WAV_BYTES, WavProblem, read_wav

PCM_GUID_TAIL = bytes.fromhex(
    "000000001000800000aa00389b71"
)  # KSDATAFORMAT_SUBTYPE_* after the tag


def tone(hz: float, seconds: float, rate: int, amplitude: float) -> list[float]:
    return [amplitude * math.sin(2 * math.pi * hz * n / rate) for n in range(round(seconds * rate))]


def interleaved(*channels: list[int]) -> list[int]:
    return [value for frame in zip(*channels, strict=True) for value in frame]


def little_endian(values: list[int]) -> bytes:
    samples = array("h", values)
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()


def write_wav(path: Path, values: list[int], *, width: int, rate: int, channels: int = 1) -> Path:
    """A WAV file written by Python's own `wave`: 8-bit values are unsigned, 16-bit signed."""
    frames = bytes(values) if width == 1 else little_endian(values)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(frames)
    return path


def riff(tag: int, channels: int, rate: int, bits: int, data: bytes, extra: bytes = b"") -> bytes:
    """A WAV file put together by hand, for headers `wave` will not write."""
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits) + extra
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt
    chunks += b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks


def extensible(sub_format: int, channels: int, bits: int, data: bytes) -> bytes:
    extra = struct.pack("<HHI", 22, bits, 3) + sub_format.to_bytes(2, "little") + PCM_GUID_TAIL
    return riff(0xFFFE, channels, 44_100, bits, data, extra)


def problem_of(path: Path) -> str:
    with pytest.raises(WavProblem) as problem:
        read_wav(path)
    return str(problem.value)


def test_8_bit_stereo_at_22_khz_becomes_mono_at_44_khz_with_its_length_and_pitch(
    tmp_path: Path,
) -> None:
    left = [round(128 + value) for value in tone(440, 0.5, 22_050, 100)]
    right = [128] * len(left)  # silence: the mono sound is the tone at half its level
    path = write_wav(tmp_path / "a.wav", interleaved(left, right), width=1, rate=22_050, channels=2)
    samples = read_wav(path)
    assert samples.typecode == "h"
    assert len(samples) == round(len(left) * RATE / 22_050)
    assert len(samples) / RATE == pytest.approx(len(left) / 22_050, abs=0.001)
    assert frequency(samples) == pytest.approx(440, rel=0.01)
    assert peak(samples) == pytest.approx(100 * 256 / 2, abs=256)


def test_8_bit_samples_are_centred_on_128_and_scaled_by_256(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "a.wav", [0, 1, 127, 128, 129, 255], width=1, rate=RATE)
    assert read_wav(path).tolist() == [-32768, -32512, -256, 0, 256, 32512]


def test_16_bit_mono_at_44_khz_passes_through_sample_for_sample(tmp_path: Path) -> None:
    chance = random.Random(7)
    values = [-32768, 32767, 0, -1, 1] + [chance.randint(-32768, 32767) for _ in range(5000)]
    path = write_wav(tmp_path / "a.wav", values, width=2, rate=RATE)
    assert read_wav(path).tolist() == values


def test_16_bit_three_channels_at_48_khz_are_averaged_with_length_and_pitch_kept(
    tmp_path: Path,
) -> None:
    one = [round(value) for value in tone(1000, 0.5, 48_000, 8000)]
    path = write_wav(
        tmp_path / "a.wav",
        interleaved(one, [2 * value for value in one], [0] * len(one)),
        width=2,
        rate=48_000,
        channels=3,
    )
    samples = read_wav(path)
    assert len(samples) == round(len(one) * RATE / 48_000) == 22_050
    assert frequency(samples) == pytest.approx(1000, rel=0.01)
    assert peak(samples) == pytest.approx(8000, rel=0.01)  # the mean of 1, 2 and 0 times it


def test_channels_are_averaged_into_one(tmp_path: Path) -> None:
    frames = 4800
    values = interleaved([300] * frames, [-600] * frames, [900] * frames)
    path = write_wav(tmp_path / "a.wav", values, width=2, rate=48_000, channels=3)
    assert set(read_wav(path)) == {200}


def test_pcm_told_the_extensible_way_is_read_like_plain_pcm(tmp_path: Path) -> None:
    frames = little_endian([1000, -1000, 2000, 4000, -32768, 32767])
    path = tmp_path / "a.wav"
    path.write_bytes(extensible(1, 2, 16, frames))
    assert read_wav(path).tolist() == [0, 3000, 0]


def test_a_tone_at_any_rate_keeps_its_length_within_one_sample(tmp_path: Path) -> None:
    for rate in (8_000, 11_025, 16_000, 32_000, 96_000, 192_000):
        values = [round(value) for value in tone(500, 0.3, rate, 10_000)]
        samples = read_wav(write_wav(tmp_path / f"{rate}.wav", values, width=2, rate=rate))
        assert abs(len(samples) - len(values) * RATE / rate) <= 0.5
        assert frequency(samples) == pytest.approx(500, rel=0.01)


def valid_wav(path: Path) -> Path:
    values = [round(value) for value in tone(440, 0.2, 22_050, 9000)]
    return write_wav(path, interleaved(values, values), width=2, rate=22_050, channels=2)


def cut_in_half(path: Path) -> None:
    data = valid_wav(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])


def twenty_four_bits(path: Path) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(3)
        out.setframerate(RATE)
        out.writeframes(bytes(300))


def no_frames(path: Path) -> None:
    write_wav(path, [], width=2, rate=RATE)


def eleven_seconds(path: Path) -> None:
    write_wav(path, [128] * 11 * 8000, width=1, rate=8000)


def without_data(whole: bytes) -> bytes:
    """The same file with no data chunk at all, its RIFF size telling so."""
    return whole[:4] + struct.pack("<I", len(whole) - 16) + whole[8:-8]


PROBLEMS: dict[str, tuple[Callable[[Path], object], str]] = {
    "truncated": (cut_in_half, "the file ends early (truncated)"),
    "text": (
        lambda p: p.write_text("this is a to-do list, not a sound\n"),
        "not a WAV file (no RIFF/WAVE header)",
    ),
    "other-riff": (
        lambda p: p.write_bytes(b"RIFF\x10\x00\x00\x00AVI LIST\x00\x00\x00\x00"),
        "not a WAV file (no RIFF/WAVE header)",
    ),
    "empty": (lambda p: p.write_bytes(b""), "an empty file"),
    "24-bit": (twenty_four_bits, "24-bit samples: only 8- or 16-bit PCM can be used"),
    "float": (
        lambda p: p.write_bytes(riff(3, 1, RATE, 32, bytes(400))),
        "32-bit floating-point samples: only 8- or 16-bit PCM can be used",
    ),
    "extensible-float": (
        lambda p: p.write_bytes(extensible(3, 2, 32, bytes(400))),
        "32-bit floating-point samples: only 8- or 16-bit PCM can be used",
    ),
    "a-law": (
        lambda p: p.write_bytes(riff(6, 1, 8000, 8, bytes(400))),
        "compressed (format 6): only PCM can be used",
    ),
    "no-channels": (
        lambda p: p.write_bytes(riff(1, 0, RATE, 16, bytes(400))),
        "no channels in it (0)",
    ),
    "rate-0": (
        lambda p: p.write_bytes(riff(1, 1, 0, 16, bytes(400))),
        "a sample rate of 0 Hz: it cannot be played",
    ),
    "no-data-chunk": (
        lambda p: p.write_bytes(without_data(riff(1, 1, RATE, 16, b""))),
        "no sound in it (no fmt or data chunk)",
    ),
    "0-frames": (no_frames, "no sound in it (0 frames)"),
    "too-long": (eleven_seconds, "longer than 10 s: a cue should be short"),
    "missing": (lambda p: None, "not found"),
    "folder": (lambda p: p.mkdir(), "a folder, not a file"),
    "too-large": (
        lambda p: p.write_bytes(b"RIFF" + bytes(MAX_WAV_BYTES)),
        f"too large: {MAX_WAV_BYTES + 4:,} bytes, more than the limit of 8 MiB "
        f"({MAX_WAV_BYTES:,} bytes)",
    ),
}


@pytest.mark.parametrize(("make", "reason"), PROBLEMS.values(), ids=PROBLEMS.keys())
def test_a_file_that_cannot_be_used_is_one_line_saying_why(
    tmp_path: Path, make: Callable[[Path], object], reason: str
) -> None:
    path = tmp_path / "cue.wav"
    make(path)
    assert problem_of(path) == reason


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "cue.wav"
    os.mkfifo(path)
    outcome: list[str] = []

    def read() -> None:
        try:
            read_wav(path)
        except WavProblem as problem:
            outcome.append(str(problem))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():
        with path.open("wb"):  # let the waiting reader go before failing
            pass
        pytest.fail("reading a named pipe waited for a writer")
    assert outcome == ["not a regular file (a named pipe)"]


def test_a_file_cut_anywhere_is_truncated(tmp_path: Path) -> None:
    data = valid_wav(tmp_path / "whole.wav").read_bytes()
    path = tmp_path / "cut.wav"
    for end in [*range(4, 64), *range(64, len(data), 331), len(data) - 1]:
        path.write_bytes(data[:end])
        assert problem_of(path) == "the file ends early (truncated)", end


def test_a_damaged_header_is_a_problem_or_a_sound_never_a_crash(tmp_path: Path) -> None:
    data = valid_wav(tmp_path / "whole.wav").read_bytes()
    path = tmp_path / "damaged.wav"
    chance = random.Random(12)
    for _ in range(400):
        damaged = bytearray(data)
        for _ in range(chance.randint(1, 3)):
            damaged[chance.randrange(4, 44)] = chance.randrange(256)
        path.write_bytes(bytes(damaged))
        try:
            samples = read_wav(path)
        except WavProblem as problem:
            assert str(problem) and "\n" not in str(problem) and str(path) not in str(problem)
        else:
            assert samples.typecode == "h" and len(samples) <= 10 * RATE


def test_five_seconds_of_48_khz_stereo_are_converted_quickly(tmp_path: Path) -> None:
    one = [round(value) for value in tone(880, 5, 48_000, 12_000)]
    path = write_wav(tmp_path / "a.wav", interleaved(one, one), width=2, rate=48_000, channels=2)
    started = time.perf_counter()
    samples = read_wav(path)
    took = time.perf_counter() - started
    assert len(samples) == 5 * RATE
    assert took < 1.0  # about 0.07 s on a quiet machine: room for a busy one

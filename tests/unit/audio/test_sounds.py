"""A walker's own sounds (`[audio.cues]`): a WAV file in place of a cue, following the volume;
a file that cannot be used is one line naming its key and path, and the built-in sound plays."""

from __future__ import annotations

import sys
import wave
from array import array
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.fakes import run_main
from tests.unit.audio.pcm import decode
from tests.unit.audio.test_player import FakeBackend, opens
from walktimer.audio.cues import Cue
from walktimer.audio.player import CuePlayer
from walktimer.audio.sounds import CueSounds, load_cue_files
from walktimer.audio.streams import Stream
from walktimer.audio.synth import cue_sounds
from walktimer.audio.wavfile import WavProblem, read_wav

WHISTLE = [0, 12_000, -20_000, 32_767, -32_768, 8_000, -4_000, 0]


def write_wav(path: Path, values: list[int], *, rate: int = 44_100, channels: int = 1) -> Path:
    """16-bit PCM (frames interleaved), as an editor would save a short cue."""
    samples = array("h", values)
    if sys.byteorder == "big":
        samples.byteswap()
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path


def test_a_walkers_file_replaces_its_cue_and_the_others_stay_built_in(tmp_path: Path) -> None:
    told: list[str] = []
    sounds = load_cue_files({"fast": write_wav(tmp_path / "whistle.wav", WHISTLE)}, told.append)
    assert told == []
    at_100 = sounds.at(100)
    assert list(decode(at_100[Cue.FAST].pcm)) == WHISTLE  # at 100: as the file has it
    for cue in Cue:
        if cue is not Cue.FAST:
            assert at_100[cue] == cue_sounds(100)[cue], cue


@pytest.mark.parametrize("volume", [80, 50, 10, 0])
def test_a_walkers_sound_follows_the_volume_as_the_built_in_ones_do(
    tmp_path: Path, volume: int
) -> None:
    sounds = load_cue_files({"fast": write_wav(tmp_path / "whistle.wav", WHISTLE)}, print)
    level = (volume / 100) ** 2  # as `gain`: each step of the slider sounds alike
    heard = list(decode(sounds.at(volume)[Cue.FAST].pcm))
    assert heard == [round(value * level) for value in WHISTLE]
    built_in = cue_sounds(volume)[Cue.SLOW]
    assert sounds.at(volume)[Cue.SLOW] == built_in
    assert sounds.at(volume) is sounds.at(volume)  # built once a volume


def test_the_player_plays_the_walkers_sound_and_clicks_with_the_walkers_click(
    tmp_path: Path,
) -> None:
    own = load_cue_files(
        {
            "fast": write_wav(tmp_path / "whistle.wav", WHISTLE),
            "click": write_wav(tmp_path / "tick.wav", [0, 30_000, 0]),
        },
        print,
    )
    backend = FakeBackend("simpleaudio")
    player = CuePlayer([("simpleaudio", opens(backend))], notify=print, volume=100, sounds=own)
    player.play(Stream(start=0.0, cue=Cue.FAST, step=0.5, until=1.2))
    (sound,) = backend.sounds
    heard = decode(sound.pcm)
    assert list(heard[: len(WHISTLE)]) == WHISTLE
    for at in (22_050, 44_100):  # 0.5 s and 1.0 s
        assert list(heard[at : at + 3]) == [0, 30_000, 0]
    assert len(heard) == 44_100 + 3
    assert not any(heard[len(WHISTLE) : 22_050])


def test_a_file_of_another_rate_and_channels_is_converted_once(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "stereo.wav", [1000, 3000] * 100, rate=22_050, channels=2)
    sounds = load_cue_files({"done": path}, print)
    assert sounds.own[Cue.DONE] == read_wav(path)
    assert abs(len(sounds.own[Cue.DONE]) - 200) <= 2  # twice the rate: twice the samples
    assert set(sounds.own[Cue.DONE]) == {2000}  # the channels averaged


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("fast.wav", b"not a sound at all"),
        ("empty.wav", b""),
        ("missing.wav", None),
    ],
)
def test_a_file_that_cannot_be_used_is_one_line_and_the_built_in_sound_plays(
    tmp_path: Path, name: str, content: bytes | None
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(WavProblem) as problem:
        read_wav(path)
    told: list[str] = []
    sounds = load_cue_files(
        {"fast": path, "slow": write_wav(tmp_path / "ok.wav", WHISTLE)}, told.append
    )
    assert told == [
        f"sound: audio.cues.fast ({path}): {problem.value}; the built-in fast sound plays instead"
    ]
    assert sounds.at(80)[Cue.FAST] == cue_sounds(80)[Cue.FAST]
    assert list(decode(sounds.at(100)[Cue.SLOW].pcm)) == WHISTLE  # the good one is used


def test_no_files_is_every_built_in_sound() -> None:
    assert CueSounds().at(70) == cue_sounds(70)


def test_a_relative_path_in_the_config_is_taken_from_its_folder_and_told_once_if_bad(
    xdg: Xdg, capsys: pytest.CaptureFixture[str]
) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text(
        '[audio]\nbackend = "none"\n\n[audio.cues]\nfast = "sounds/fast.wav"\n'
    )
    done = run_main(capsys, "audio", "test")
    assert done.returncode == 0
    expected = xdg.config_file.parent / "sounds" / "fast.wav"
    assert done.stderr.splitlines() == [
        f"walktimer: sound: audio.cues.fast ({expected}): not found; "
        "the built-in fast sound plays instead"
    ]


def test_a_path_no_file_can_have_is_one_line_never_a_traceback(
    xdg: Xdg, capsys: pytest.CaptureFixture[str]
) -> None:
    """A home folder of a user who does not exist, a NUL in a name: each cue keeps its sound."""
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text(
        '[audio]\nbackend = "none"\n\n[audio.cues]\n'
        'fast = "~nobody-such-here/fast.wav"\nslow = "a\\u0000b.wav"\n'
    )
    done = run_main(capsys, "audio", "test")
    assert done.returncode == 0
    fast, slow = done.stderr.splitlines()
    assert fast.startswith("walktimer: sound: audio.cues.fast (") and "not found" in fast
    assert slow.startswith("walktimer: sound: audio.cues.slow (") and "NUL" in slow


def test_a_click_longer_than_a_step_at_200_a_minute_is_refused(tmp_path: Path) -> None:
    """Clicks a step apart never run into each other: 0.3 s at most."""
    told: list[str] = []
    long_click = write_wav(tmp_path / "tock.wav", [1_000] * round(0.35 * 44_100))
    short_click = write_wav(tmp_path / "tick.wav", [1_000] * round(0.01 * 44_100))
    sounds = load_cue_files({"click": long_click}, told.append)
    assert sounds.own == {}
    assert told == [
        f"sound: audio.cues.click ({long_click}): 0.35 s long: a click must be shorter than "
        "0.3 s, the time of a step at 200 steps a minute; the built-in click sound plays instead"
    ]
    assert set(load_cue_files({"click": short_click}, told.append).own) == {Cue.CLICK}

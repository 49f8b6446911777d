"""`walktimer audio test` on a machine with no sound at all: it says so, and still rings."""

from __future__ import annotations

import re
import sys
import wave
from array import array
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.unit.audio.pcm import RATE, decode, notes, peak
from walktimer.audio.cues import BELL_RINGS, SCORE, Cue
from walktimer.audio.synth import cue_sounds
from walktimer.cli import main
from walktimer.commands import audio


@pytest.fixture(autouse=True)
def bare_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setitem(sys.modules, "simpleaudio", None)
    monkeypatch.setattr(audio, "PAUSE_SECONDS", 0.0)


def test_audio_test_lists_every_backend_then_plays_every_cue_on_the_one_that_works(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["audio", "test"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == "Sound backends here:"
    assert lines[1].split()[:4] == ["simpleaudio", "does", "not", "work:"]
    assert "not installed" in lines[1]
    assert lines[2].split()[:4] == ["command", "does", "not", "work:"]
    assert "no player program found" in lines[2]
    assert lines[3].split() == ["bell", "works"] and lines[4].split() == ["none", "works"]
    assert lines[5] == "Voice: not available (no espeak-ng, spd-say or say installed)"
    assert lines[6] == (
        "The terminal bell rings for each cue (it has no volume, no lead-in and no metronome: "
        "intervals with a cadence do not click on it):"
    )
    assert [re.split(r"\s{2,}", line.strip()) for line in lines[7:]] == [
        ["warm-up start", "rings once"],
        ["fast", "rings twice"],
        ["slow", "rings once"],
        ["cool-down start", "rings once"],
        ["stretch step", "rings once"],
        ["switch sides", "rings once"],
        ["countdown pip", "not played on the bell"],
        ["walk done", "rings three times"],
        ["metronome click", "not played on the bell"],
    ]
    assert err.count("\a") == sum(BELL_RINGS.values()) == 10  # as many rings as it says
    assert "so the terminal bell rings instead: fast twice" in err


def test_audio_test_with_a_backend_that_does_not_work_fails_after_falling_back(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["audio", "test", "--audio", "simpleaudio"]) == 1
    out, err = capsys.readouterr()
    assert "The terminal bell rings for each cue" in out
    assert out.splitlines()[-1] == (
        "The simpleaudio backend does not work here; the terminal bell rang instead."
    )
    assert "walktimer: sound: simpleaudio does not work here" in err


def test_audio_test_uses_the_configured_backend_and_volume(
    xdg: Xdg, capsys: pytest.CaptureFixture[str]
) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text('[audio]\nbackend = "none"\nvolume = 30\n')
    assert main(["audio", "test"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "Sound is off (none): no cue is played."
    assert not any(cue.label in out for cue in Cue)  # nothing is listed as played
    assert "\a" not in err


def copying_aplay(tmp_path: Path) -> Path:
    """A stand-in `aplay` that keeps a copy of every file it is given, numbered in order."""
    copies = tmp_path / "copies"
    copies.mkdir()
    aplay = tmp_path / "empty-bin" / "aplay"
    aplay.write_text(
        f"#!{sys.executable}\n"
        "import pathlib, sys\n"
        f"copies = pathlib.Path({str(copies)!r})\n"
        "number = len(list(copies.iterdir())) + 1\n"
        "(copies / f'{number}.wav').write_bytes(pathlib.Path(sys.argv[-1]).read_bytes())\n"
    )
    aplay.chmod(0o755)
    return copies


def samples_of(path: Path) -> array[int]:
    with wave.open(str(path)) as file:
        return decode(file.readframes(file.getnframes()))


def test_audio_test_on_a_player_program_plays_each_cue_and_four_steps_of_clicks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copies = copying_aplay(tmp_path)
    assert main(["audio", "test", "--audio", "command"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    start = lines.index("Playing every cue on command (aplay) (volume 80):")
    assert [re.split(r"\s{2,}", line.strip()) for line in lines[start + 1 :]] == [
        *([cue.label] for cue in Cue if cue is not Cue.CLICK),
        ["metronome click", "4 steps at 120 a minute"],
    ]
    files = [copies / f"{n}.wav" for n in range(1, len(list(copies.iterdir())) + 1)]
    # two silent probes: the check of the backends, then the player's own opening
    probes, clicks = files[: -len(Cue)], files[-1]
    assert len(probes) == 2 and all(peak(samples_of(probe)) == 0 for probe in probes)
    sounds = cue_sounds(80)
    played = [path.read_bytes() for path in files[len(probes) : -1]]
    assert played == [sounds[cue].wav() for cue in Cue if cue is not Cue.CLICK]
    steps = notes(samples_of(clicks))
    assert [round(h.hz) for h in steps] == [SCORE[Cue.CLICK][0].hz] * 4
    assert [round(h.start / RATE, 2) for h in steps] == [0.5, 1.0, 1.5, 2.0]  # 120 a minute
    assert "\a" not in err


def test_audio_test_plays_each_cue_after_the_configured_lead_in(
    xdg: Xdg, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text("[audio]\nlead_in_ms = 250\n")
    copies = copying_aplay(tmp_path)
    assert main(["audio", "test", "--audio", "command"]) == 0
    lead_in = round(0.25 * RATE)
    files = [copies / f"{n}.wav" for n in range(1, len(list(copies.iterdir())) + 1)]
    warmup, clicks = files[-len(Cue)], files[-1]
    samples = samples_of(warmup)
    assert samples[:lead_in] == array("h", bytes(2 * lead_in))
    assert samples[lead_in:].tobytes() == cue_sounds(80)[Cue.WARMUP].pcm
    steps = notes(samples_of(clicks))
    assert [round(h.start / RATE, 2) for h in steps] == [0.75, 1.25, 1.75, 2.25]


def test_audio_test_with_the_voice_on_still_plays_the_four_steps_it_names(
    xdg: Xdg, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text("[audio]\nvoice = true\n")
    speaker = tmp_path / "empty-bin" / "espeak-ng"
    speaker.write_text("#!/bin/sh\nexit 0\n")
    speaker.chmod(0o755)
    copies = copying_aplay(tmp_path)
    assert main(["audio", "test", "--audio", "command"]) == 0
    out, _ = capsys.readouterr()
    lines = [re.split(r"\s{2,}", line.strip()) for line in out.splitlines()]
    assert ["metronome click", "4 steps at 120 a minute"] in lines
    clicks = copies / f"{len(list(copies.iterdir()))}.wav"
    steps = notes(samples_of(clicks))
    assert [round(h.hz) for h in steps] == [SCORE[Cue.CLICK][0].hz] * 4

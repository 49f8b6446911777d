"""`walktimer audio test` on a machine with no sound at all: it says so, and still rings."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.conftest import Xdg
from walktimer.audio.cues import BELL_RINGS, Cue
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
    assert lines[6] == "The terminal bell rings for each cue (it has no volume):"
    assert [re.split(r"\s{2,}", line.strip()) for line in lines[7:]] == [
        ["warm-up start", "rings once"],
        ["fast", "rings twice"],
        ["slow", "rings once"],
        ["cool-down start", "rings once"],
        ["stretch step", "rings once"],
        ["switch sides", "rings once"],
        ["countdown pip", "not played on the bell"],
        ["walk done", "rings three times"],
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


def test_audio_test_on_a_player_program_lists_each_cue_as_played(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aplay = tmp_path / "empty-bin" / "aplay"
    aplay.write_text(f'#!/bin/sh\necho "$*" >>"{tmp_path / "played"}"\n')
    aplay.chmod(0o755)
    assert main(["audio", "test", "--audio", "command"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    start = lines.index("Playing every cue on command (aplay) (volume 80):")
    assert [line.strip() for line in lines[start + 1 :]] == [cue.label for cue in Cue]
    played = [Path(line).stem for line in (tmp_path / "played").read_text().splitlines()]
    assert [stem for stem in played if stem != "silence"] == [cue.value for cue in Cue]
    assert "\a" not in err

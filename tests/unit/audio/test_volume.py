"""Changing the volume mid-walk: every backend that plays samples plays the next cue at it (the
bell, which has no volume, is in test_bell.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.unit.audio.test_backends import FakeSimpleaudio, log_of, program
from walktimer.audio.backends import AudioError, CommandBackend, SimpleaudioBackend
from walktimer.audio.cues import Cue
from walktimer.audio.player import CuePlayer
from walktimer.audio.synth import cue_sounds


class VolumeBackend:
    def __init__(self, name: str, *, refuse: bool = False) -> None:
        self.name = name
        self.volumes: list[int] = []
        self._refuse = refuse

    def play(self, cue: Cue) -> None:
        pass

    def set_volume(self, volume: int) -> None:
        if self._refuse:
            raise AudioError("mixer gone")
        self.volumes.append(volume)

    def wait(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_the_player_keeps_the_volume_in_range_and_passes_it_on() -> None:
    backend = VolumeBackend("first")
    player = CuePlayer([("first", lambda: backend)], notify=print, volume=80)
    player.set_volume(90)
    player.set_volume(130)
    player.set_volume(-5)
    assert backend.volumes == [90, 100, 0]
    assert player.volume == 0


def test_a_backend_taken_after_a_failure_plays_at_the_volume_chosen_since() -> None:
    broken, spare = VolumeBackend("first", refuse=True), VolumeBackend("spare")
    told: list[str] = []
    player = CuePlayer(
        [("first", lambda: broken), ("spare", lambda: spare)], notify=told.append, volume=80
    )
    player.set_volume(50)
    assert player.name == "spare" and spare.volumes == [50]
    assert told == ["sound: first stopped working (mixer gone); using spare from now on"]


def test_the_command_backend_plays_new_files_at_the_new_volume(programs: Path) -> None:
    program(programs, "fakeplay", "exit 0")
    backend = CommandBackend(cue_sounds(80), [("fakeplay", ())])
    backend.set_volume(40)
    backend.play(Cue.SLOW)
    backend.wait()
    played = Path(log_of(programs)[-1].split()[-1])
    assert played.read_bytes() == cue_sounds(40)[Cue.SLOW].wav()
    assert cue_sounds(40)[Cue.SLOW].wav() != cue_sounds(80)[Cue.SLOW].wav()
    backend.close()


def test_each_step_of_the_volume_reaches_the_next_cue_on_simpleaudio(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeSimpleaudio()
    monkeypatch.setitem(sys.modules, "simpleaudio", fake)
    player = CuePlayer(
        [("simpleaudio", lambda: SimpleaudioBackend(cue_sounds(80)))], notify=print, volume=80
    )
    for volume in (90, 100, 90, 80, 70):  # `+` twice, then `-` three times, 10 a step
        player.set_volume(volume)
        player.play(Cue.FAST)
        assert fake.calls[-1][0] == cue_sounds(volume)[Cue.FAST].pcm, volume
    player.close()


def test_the_command_backend_never_rewrites_a_file_a_player_may_be_reading(
    programs: Path,
) -> None:
    program(programs, "fakeplay", "exit 0")
    backend = CommandBackend(cue_sounds(80), [("fakeplay", ())])
    backend.set_volume(70)
    backend.play(Cue.SLOW)
    backend.wait()
    at_70 = Path(log_of(programs)[-1].split()[-1])
    at_70.write_bytes(b"still being read")  # stands for a player in the middle of it
    backend.set_volume(80)
    backend.set_volume(70)  # back and forth within one cue
    backend.play(Cue.SLOW)
    backend.wait()
    assert Path(log_of(programs)[-1].split()[-1]) == at_70
    assert at_70.read_bytes() == b"still being read"
    backend.close()

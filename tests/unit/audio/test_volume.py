"""Changing the volume mid-walk: the player renders the next stream at it, and every backend
that plays samples gets those samples (the bell, which has no volume, is in test_bell.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.unit.audio.test_backends import FakeSimpleaudio, log_of, program
from tests.unit.audio.test_player import FakeBackend, opens
from walktimer.audio.backends import CommandBackend, SimpleaudioBackend
from walktimer.audio.cues import Cue
from walktimer.audio.player import CuePlayer
from walktimer.audio.streams import Stream, render_stream
from walktimer.audio.synth import cue_sounds


def test_the_player_keeps_the_volume_in_range_and_renders_each_stream_at_it() -> None:
    backend = FakeBackend("first")
    player = CuePlayer([("first", opens(backend))], notify=print, volume=80)
    for volume in (90, 130, -5):
        player.set_volume(volume)
        player.play(Stream.cue_alone(Cue.FAST))
    assert player.volume == 0
    assert backend.sounds == [cue_sounds(v)[Cue.FAST] for v in (90, 100, 0)]


def test_a_backend_taken_after_a_failure_plays_at_the_volume_chosen_since() -> None:
    broken, spare = FakeBackend("first", fail_from=0), FakeBackend("spare")
    told: list[str] = []
    player = CuePlayer(
        [("first", opens(broken)), ("spare", opens(spare))], notify=told.append, volume=80
    )
    player.set_volume(50)
    player.play(Stream.cue_alone(Cue.SLOW))
    assert player.name == "spare" and spare.sounds == [cue_sounds(50)[Cue.SLOW]]
    assert told == ["sound: first stopped working (device unplugged); using spare from now on"]


def test_the_clicks_are_rendered_at_the_volume_too() -> None:
    backend = FakeBackend("first")
    player = CuePlayer([("first", opens(backend))], notify=print, volume=80)
    clicks = Stream(start=0.0, step=0.5, until=2.0)
    player.play(clicks)
    player.set_volume(40)
    player.play(clicks)
    assert backend.sounds == [render_stream(clicks, cue_sounds(v)) for v in (80, 40)]
    assert backend.sounds[0] != backend.sounds[1]


def test_the_command_backend_plays_new_files_at_the_new_volume(programs: Path) -> None:
    program(programs, "fakeplay", "exit 0")
    player = CuePlayer(
        [("command", lambda: CommandBackend([("fakeplay", ())]))], notify=print, volume=80
    )
    player.set_volume(40)
    player.play(Stream.cue_alone(Cue.SLOW))
    player.wait()
    played = Path(log_of(programs)[-1].split()[-1])
    assert played.read_bytes() == cue_sounds(40)[Cue.SLOW].wav()
    assert cue_sounds(40)[Cue.SLOW].wav() != cue_sounds(80)[Cue.SLOW].wav()
    player.close()


def test_each_step_of_the_volume_reaches_the_next_cue_on_simpleaudio(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeSimpleaudio()
    monkeypatch.setitem(sys.modules, "simpleaudio", fake)
    player = CuePlayer([("simpleaudio", SimpleaudioBackend)], notify=print, volume=80)
    for volume in (90, 100, 90, 80, 70):  # `+` twice, then `-` three times, 10 a step
        player.set_volume(volume)
        player.play(Stream.cue_alone(Cue.FAST))
        assert fake.calls[-1][0] == cue_sounds(volume)[Cue.FAST].pcm, volume
    player.close()


def test_the_command_backend_never_rewrites_a_file_a_player_may_be_reading(
    programs: Path,
) -> None:
    program(programs, "fakeplay", "exit 0")
    player = CuePlayer(
        [("command", lambda: CommandBackend([("fakeplay", ())]))], notify=print, volume=70
    )
    player.play(Stream.cue_alone(Cue.SLOW))
    player.wait()
    at_70 = Path(log_of(programs)[-1].split()[-1])
    at_70.write_bytes(b"still being read")  # stands for a player in the middle of it
    player.set_volume(80)
    player.set_volume(70)  # back and forth within one cue
    player.play(Stream.cue_alone(Cue.SLOW))
    player.wait()
    again = Path(log_of(programs)[-1].split()[-1])
    assert again != at_70 and again.read_bytes() == cue_sounds(70)[Cue.SLOW].wav()
    assert at_70.read_bytes() == b"still being read"
    player.close()

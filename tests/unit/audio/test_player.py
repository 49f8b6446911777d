"""The player: choosing a backend, falling back when one breaks, muting, and the voice."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.fakes import FakeClock
from tests.unit.audio.pcm import RATE, decode, notes
from walktimer.audio.backends import AudioError, Backend
from walktimer.audio.cues import SCORE, Cue, cue_seconds
from walktimer.audio.player import CuePlayer, Opener, open_player
from walktimer.audio.streams import Stream
from walktimer.audio.synth import Sound, cue_sounds
from walktimer.audio.voice import Voice
from walktimer.domain.plan import Phase, PhaseKind, Plan
from walktimer.walk import WalkRun


class FakeBackend:
    """Records what it is asked to play (the cues in `played`, the samples in `sounds`);
    raises from the `fail_from`-th play on."""

    def __init__(self, name: str, fail_from: int | None = None, *, streams: bool = True) -> None:
        self.name = name
        self.streams = streams
        self.played: list[Cue | None] = []
        self.sounds: list[Sound] = []
        self.stops = 0
        self.closed = False
        self._fail_from = fail_from

    def play(self, sound: Sound, cue: Cue | None = None) -> None:
        if self._fail_from is not None and len(self.played) >= self._fail_from:
            raise AudioError("device unplugged")
        self.played.append(cue)
        self.sounds.append(sound)

    def stop(self) -> None:
        self.stops += 1

    def wait(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


def opens(backend: Backend) -> Opener:
    return lambda: backend


def alone(cue: Cue, lead_in: float = 0.0) -> Stream:
    """The stream of `cue` alone, as a walk plays it at a phase change."""
    return Stream.cue_alone(cue, lead_in)


def fails_to_open(why: str) -> Opener:
    def opener() -> Backend:
        raise AudioError(why)

    return opener


def small_plan() -> Plan:
    kinds = [
        (PhaseKind.WARMUP, "March", None),
        (PhaseKind.FAST, "Brisk walk", 1),
        (PhaseKind.SLOW, "Easy walk", 1),
        (PhaseKind.FAST, "Brisk walk", 2),
        (PhaseKind.SLOW, "Easy walk", 2),
        (PhaseKind.COOLDOWN, "Cat-cow", None),
    ]
    phases = tuple(
        Phase(kind, name, 10, round=number, start=10 * i)
        for i, (kind, name, number) in enumerate(kinds)
    )
    return Plan("tiny", "Tiny", "march", "cat-cow", 2, 10, 10, phases)


def test_backend_failing_mid_walk_falls_back_once_and_the_walk_goes_on(tmp_path: Path) -> None:
    flaky, spare = FakeBackend("simpleaudio", fail_from=3), FakeBackend("command (aplay)")
    told: list[str] = []
    player = CuePlayer(
        [("simpleaudio", opens(flaky)), ("command", opens(spare))], notify=told.append
    )
    clock = FakeClock()
    run = WalkRun(
        small_plan(), player=player, sessions_dir=tmp_path, checkpoint_dir=None, clock=clock
    )
    run.start()
    while (wakeup := run.next_wakeup()) is not None:
        clock.now = wakeup
        run.pump()
    summary = run.summary()
    assert summary.status == "completed"
    walked = [(phase.actual_seconds, phase.skipped) for phase in summary.phases]
    assert walked == [(phase.seconds, False) for phase in small_plan().phases]
    every = [Cue.WARMUP, Cue.COUNTDOWN, Cue.COUNTDOWN, Cue.COUNTDOWN, Cue.FAST]
    assert flaky.played == every[:3] and flaky.closed
    assert spare.played[:2] == every[3:]  # the cue that failed is sounded on the spare at once
    assert spare.played[-1] is Cue.DONE
    assert player.name == "command (aplay)"
    assert told == [
        "sound: simpleaudio stopped working (device unplugged); using command (aplay) from now on"
    ]


def test_player_never_raises_when_every_backend_breaks() -> None:
    told: list[str] = []
    first, second = FakeBackend("simpleaudio", fail_from=0), FakeBackend("bell", fail_from=0)
    player = CuePlayer([("simpleaudio", opens(first)), ("bell", opens(second))], notify=told.append)
    for each in Cue:
        player.play(alone(each))
    assert player.name == "none"
    assert told == ["sound: simpleaudio stopped working (device unplugged); using none from now on"]


def test_auto_takes_the_first_backend_that_opens_without_a_word() -> None:
    told: list[str] = []
    command = FakeBackend("command (aplay)")
    player = CuePlayer(
        [("simpleaudio", fails_to_open("no device")), ("command", opens(command))],
        notify=told.append,
    )
    player.play(alone(Cue.SLOW))
    assert player.name == "command (aplay)" and command.played == [Cue.SLOW]
    assert player.unavailable == [("simpleaudio", "no device")]
    assert told == []


def test_a_named_backend_that_does_not_work_falls_back_and_says_so_once() -> None:
    told: list[str] = []
    player = CuePlayer(
        [
            ("simpleaudio", fails_to_open("no device")),
            ("command", fails_to_open("no player program found")),
            ("bell", opens(FakeBackend("bell"))),
        ],
        notify=told.append,
        explicit=True,
    )
    for each in Cue:
        player.play(alone(each))
    assert player.name == "bell"
    assert told == [
        "sound: simpleaudio does not work here (no device); the terminal bell rings instead: "
        "fast twice, slow once, done three times; no countdown pips, no metronome"
    ]


def test_muted_player_sounds_nothing_until_unmuted() -> None:
    backend = FakeBackend("bell")
    player = CuePlayer([("bell", opens(backend))], notify=print)
    player.muted = True
    assert player.play(alone(Cue.FAST), "Fast") == 0.0
    player.muted = False
    player.play(alone(Cue.SLOW), "Slow")
    assert backend.played == [Cue.SLOW]


class FakeVoice(Voice):
    def __init__(self) -> None:
        super().__init__(["speak"])
        self.said: list[tuple[str, float]] = []
        self.hushed = 0

    def say(self, words: str, *, after: float) -> None:
        self.said.append((words, after))

    def hush(self) -> None:
        self.hushed += 1


def test_words_are_spoken_after_the_tone_and_never_for_pips_or_when_muted() -> None:
    voice = FakeVoice()
    player = CuePlayer([("bell", opens(FakeBackend("bell")))], notify=print, voice=voice)
    player.play(alone(Cue.FAST), "Fast")
    player.play(alone(Cue.COUNTDOWN), None)
    player.muted = True
    player.play(alone(Cue.SLOW), "Slow")
    ((words, after),) = voice.said
    assert words == "Fast" and after == pytest.approx(cue_seconds(Cue.FAST))


def click_starts(sound: Sound) -> list[float]:
    """Where each click of a stream begins, in seconds from the stream's start."""
    clicks = [h for h in notes(decode(sound.pcm)) if round(h.hz) == SCORE[Cue.CLICK][0].hz]
    return [round(h.start / RATE, 2) for h in clicks]


def test_words_after_a_lead_in_wait_for_the_tone_and_the_stream_is_played_as_given() -> None:
    """The player times the words after the lead-in and the tone; where the clicks rest for
    them is on the stream already (the walk's `Cueing` places it)."""
    words = "Fast. Round 3 of 10"
    stream = Stream(start=-0.3, cue=Cue.FAST, step=0.5, until=6.0, quiet=(0.25, 3.0))
    tone = cue_sounds(80)[Cue.FAST].seconds
    voice = FakeVoice()
    backend = FakeBackend("simpleaudio")
    player = CuePlayer([("simpleaudio", opens(backend))], notify=print, voice=voice)
    assert player.speaks
    player.play(stream, words)
    (sound,) = backend.sounds
    ((said, after),) = voice.said
    assert said == words and after == pytest.approx(0.3 + tone)  # the lead-in, then the tone
    clicks = [round(at - 0.3, 2) for at in click_starts(sound)]
    assert clicks == [0.5 * k for k in range(6, 12)]  # the grid kept, from 3.0 s on


def test_play_says_how_long_its_stream_sounds_and_nothing_on_a_backend_of_rings() -> None:
    stream = Stream(start=-0.3, cue=Cue.SLOW)
    samples = FakeBackend("simpleaudio")
    player = CuePlayer([("simpleaudio", opens(samples))], notify=print)
    assert player.streams
    assert player.play(stream) == pytest.approx(0.3 + cue_sounds(80)[Cue.SLOW].seconds)
    bell = FakeBackend("bell", streams=False)
    rings = CuePlayer([("bell", opens(bell))], notify=print)
    assert not rings.streams
    assert rings.play(stream) == 0.0
    assert samples.played == bell.played == [Cue.SLOW]


def test_stop_silences_the_backend_and_the_words_at_once() -> None:
    voice = FakeVoice()
    backend = FakeBackend("simpleaudio")
    player = CuePlayer([("simpleaudio", opens(backend))], notify=print, voice=voice)
    player.play(alone(Cue.FAST), "Fast")
    player.stop()
    assert (backend.stops, voice.hushed) == (1, 1)


def speaker(folder: Path, body: str = "") -> list[str]:
    script = folder / "speak"
    script.write_text(f'#!/bin/sh\n{body}\necho "$*" >>"{folder / "said"}"\n')
    script.chmod(0o755)
    return [str(script)]


def test_voice_speaks_the_words_as_one_argument_never_as_an_option(tmp_path: Path) -> None:
    voice = Voice(speaker(tmp_path), gap=0.0)
    voice.say("Knee to chest, left side", after=0.0)
    voice.wait()
    voice.say("--help", after=0.0)
    voice.close()
    assert (tmp_path / "said").read_text().splitlines() == ["Knee to chest, left side", "help"]


def test_voice_that_cannot_start_is_reported_once_and_cues_go_on(tmp_path: Path) -> None:
    told: list[str] = []
    voice = Voice([str(tmp_path / "missing-speaker")], gap=0.0)
    backend = FakeBackend("bell")
    player = CuePlayer([("bell", opens(backend))], notify=told.append, voice=voice)
    player.play(alone(Cue.FAST), "Fast")
    voice.wait()
    player.play(alone(Cue.SLOW), "Slow")
    player.play(alone(Cue.DONE), "Walk done")
    assert backend.played == [Cue.FAST, Cue.SLOW, Cue.DONE]
    assert len(told) == 1 and "cannot start" in told[0] and "cues go on without it" in told[0]


@pytest.fixture
def nothing_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No simpleaudio, no player or speech program: a bare SSH box."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setitem(sys.modules, "simpleaudio", None)


BELL_TOLD = (
    "sound: no sound device works here, so the terminal bell rings instead: "
    "fast twice, slow once, done three times; no countdown pips, no metronome"
)


@pytest.mark.usefixtures("nothing_installed")
def test_open_player_auto_on_a_bare_machine_says_once_what_the_bell_means() -> None:
    told: list[str] = []
    rings: list[None] = []
    player = open_player("auto", ring=lambda: rings.append(None), notify=told.append)
    for each in (Cue.FAST, Cue.COUNTDOWN, Cue.SLOW):
        player.play(alone(each))
        player.wait()
    player.close()
    assert player.name == "bell" and len(rings) == 3
    assert told == [BELL_TOLD]


@pytest.mark.usefixtures("nothing_installed")
def test_open_player_asked_for_the_bell_has_nothing_to_explain() -> None:
    told: list[str] = []
    player = open_player("bell", ring=lambda: None, notify=told.append)
    player.close()
    assert player.name == "bell" and told == []


def test_a_backend_breaking_into_the_bell_says_what_the_rings_mean() -> None:
    told: list[str] = []
    flaky, bell = FakeBackend("simpleaudio", fail_from=1), FakeBackend("bell")
    player = CuePlayer([("simpleaudio", opens(flaky)), ("bell", opens(bell))], notify=told.append)
    player.play(alone(Cue.FAST))
    player.play(alone(Cue.SLOW))
    assert bell.played == [Cue.SLOW]
    assert told == [
        "sound: simpleaudio stopped working (device unplugged); the terminal bell rings from "
        "now on: fast twice, slow once, done three times; no countdown pips, no metronome"
    ]


@pytest.mark.usefixtures("nothing_installed")
def test_open_player_named_simpleaudio_on_a_bare_machine_falls_back_and_says_so() -> None:
    told: list[str] = []
    player = open_player("simpleaudio", ring=lambda: None, notify=told.append)
    assert player.name == "bell"
    assert len(told) == 1 and told[0].startswith("sound: simpleaudio does not work here")
    assert told[0].endswith(
        "; the terminal bell rings instead: "
        "fast twice, slow once, done three times; no countdown pips, no metronome"
    )


@pytest.mark.usefixtures("nothing_installed")
def test_open_player_none_is_silent_and_voice_without_a_speaker_says_so() -> None:
    told: list[str] = []
    rings: list[None] = []
    player = open_player("none", ring=lambda: rings.append(None), notify=told.append, voice=True)
    for each in Cue:
        assert player.play(alone(each), "words") == 0.0
    assert player.name == "none" and rings == []
    assert told == ["voice: no espeak-ng, spd-say or say found; cues only"]

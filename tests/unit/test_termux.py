"""Sound on a phone: the termux backend, `auto` under Termux, and the phone's own voice.

The Termux:API programs are stand-ins (`tests/termux.py`) that record how they were run."""

from __future__ import annotations

import time

import pytest

from tests.processes import left_behind
from tests.termux import HANG, Phone, wait_for_calls
from walktimer.audio import termux
from walktimer.audio.backends import check_backends
from walktimer.audio.cues import Cue
from walktimer.audio.names import names_here, under_termux
from walktimer.audio.player import open_player
from walktimer.audio.protocol import AudioError
from walktimer.audio.streams import Stream
from walktimer.audio.synth import cue_sounds
from walktimer.audio.termux import MISSING, TermuxBackend
from walktimer.audio.voice import Voice, find_speaker

SOUNDS = cue_sounds(80)
PLAYER = "termux-media-player"
BELL_FROM_NOW_ON = (
    "the terminal bell rings from now on: "
    "fast twice, slow once, done three times; no countdown pips, no metronome"
)


def test_termux_is_known_by_its_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERMUX_VERSION", "0.118.1")
    assert under_termux() and names_here()[0] == "termux"
    monkeypatch.delenv("TERMUX_VERSION")
    assert not under_termux() and "termux" not in names_here()


def test_without_termux_api_the_backend_says_what_to_install(phone: Phone) -> None:
    with pytest.raises(AudioError) as refused:
        TermuxBackend()
    assert str(refused.value) == MISSING
    assert MISSING == (
        "termux-media-player and play-audio not found: install Termux:API (pkg install termux-api)"
    )


def test_the_media_player_plays_each_stream_as_a_wav_file_given_as_one_argument(
    phone: Phone,
) -> None:
    phone.install()
    backend = TermuxBackend()
    assert backend.name == "termux (media player)"
    folder = backend._folder
    backend.play(SOUNDS[Cue.FAST], Cue.FAST)
    backend.wait()
    probe, fast = (call.argv for call in phone.calls())
    assert probe == ("play", str(folder / "silence.wav"))  # it proved itself first
    assert fast == ("play", str(folder / "1.wav"))
    assert (folder / "1.wav").read_bytes() == SOUNDS[Cue.FAST].wav()
    backend.close()
    assert not folder.exists()


def test_requests_to_the_media_player_are_made_one_after_another_and_never_hold_up_the_walk(
    phone: Phone,
) -> None:
    """A skip silences, then plays its own cue at once: made side by side, the stop could
    reach the service after the play and silence the skip's cue. Made in turn, a request not
    made yet when a newer one comes is dropped, and the last one asked is the last one made."""
    phone.install([PLAYER], then={PLAYER: f"{HANG.split()[0]} 0.3"})  # each request: 0.3 s
    backend = TermuxBackend()
    backend.play(SOUNDS[Cue.SLOW], Cue.SLOW)
    wait_for_calls(phone.log, PLAYER, 2)  # under way: the service takes 0.3 s to answer
    started = time.monotonic()
    backend.stop()  # a skip
    backend.play(SOUNDS[Cue.FAST], Cue.FAST)
    backend.stop()  # another
    backend.play(SOUNDS[Cue.DONE], Cue.DONE)
    assert time.monotonic() - started < 0.2  # the walk did not wait for the service
    backend.wait()
    made = phone.calls()[1:]  # after the probe
    assert [call.argv[0] for call in made] == ["play", "play"]  # the slow cue, then the last
    assert made[-1].argv[1].endswith("3.wav")  # the end of the walk's stream
    assert made[1].at - made[0].at >= 0.3  # the second once the first had returned
    backend.close()


def test_the_media_player_is_stopped_only_when_something_may_still_be_sounding(
    phone: Phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(termux, "REQUEST_SECONDS", 0.2)
    phone.install()
    backend = TermuxBackend()
    backend.stop()  # nothing played yet
    backend.play(SOUNDS[Cue.STEP], Cue.STEP)
    backend.stop()  # a pause straight after
    backend.wait()
    assert [call.argv[0] for call in phone.calls()[1:]] in (["play", "stop"], ["stop"])
    backend.play(SOUNDS[Cue.STEP], Cue.STEP)
    backend.wait()
    time.sleep(0.3)  # the cue and the time a request may take are over
    before = len(phone.calls())
    backend.stop()
    backend.close()
    assert len(phone.calls()) == before


def test_a_media_player_that_fails_is_reported_by_the_next_cue_and_the_bell_takes_over(
    phone: Phone,
) -> None:
    fails_after_the_probe = (
        'case "$2" in */silence.wav) exit 0;; esac\n'
        'echo "termux-media-player: Termux:API is not answering" >&2\nexit 1'
    )
    phone.install([PLAYER], then={PLAYER: fails_after_the_probe})
    told: list[str] = []
    rings: list[None] = []
    player = open_player("auto", ring=lambda: rings.append(None), notify=told.append)
    assert player.name == "termux (media player)"
    player.play(Stream.cue_alone(Cue.FAST))
    wait_for_calls(phone.log, PLAYER, 2)
    time.sleep(0.1)  # its answer is in
    player.play(Stream.cue_alone(Cue.SLOW))
    player.close()
    assert player.name == "bell" and len(rings) == 1  # the slow cue, rung at once
    assert told == [
        "sound: termux (media player) stopped working (termux-media-player: Termux:API is not "
        f"answering); {BELL_FROM_NOW_ON}"
    ]


def test_a_media_player_that_never_answers_is_passed_over_for_play_audio(phone: Phone) -> None:
    plays_to_the_end = f'case "$1" in */silence.wav) exit 0;; esac\n{HANG}'
    phone.install([PLAYER, "play-audio"], then={PLAYER: HANG, "play-audio": plays_to_the_end})
    backend = TermuxBackend(budget=2.0, each=0.3)
    assert backend.name == "termux (play-audio)"
    assert left_behind(f"{phone.folder}/{PLAYER}") == []  # the hung probe was ended
    backend.play(SOUNDS[Cue.FAST], Cue.FAST)
    (call,) = wait_for_calls(phone.log, "play-audio", 2)[1:]
    assert call.argv == (str(backend._folder / "1.wav"),)
    backend.stop()  # play-audio plays to the end of its file: stopping ends it
    assert left_behind(str(phone.folder)) == []
    backend.close()


def test_auto_takes_termux_under_termux_and_never_tries_it_elsewhere(
    phone: Phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    phone.install()
    told: list[str] = []
    player = open_player("auto", ring=lambda: None, notify=told.append)
    assert player.name == "termux (media player)" and told == []
    player.close()
    tried = len(phone.calls())
    monkeypatch.delenv("TERMUX_VERSION")
    player = open_player("auto", ring=lambda: None, notify=told.append)
    player.close()
    assert player.name == "bell" and len(phone.calls()) == tried  # not even probed


def test_termux_asked_for_where_it_does_not_work_falls_back_and_says_so_once(
    phone: Phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TERMUX_VERSION")  # a laptop
    told: list[str] = []
    player = open_player("termux", ring=lambda: None, notify=told.append)
    player.close()
    assert player.name == "bell"
    assert told == [
        f"sound: termux does not work here ({MISSING}); the terminal bell rings instead: "
        "fast twice, slow once, done three times; no countdown pips, no metronome"
    ]


def test_audio_test_lists_termux_first_on_a_phone_and_not_at_all_elsewhere(
    phone: Phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = check_backends(ring=lambda: None)
    assert listed[0] == ("termux", MISSING)
    phone.install()
    assert check_backends(ring=lambda: None)[0] == ("termux (media player)", None)
    monkeypatch.delenv("TERMUX_VERSION")
    assert [name for name, _ in check_backends(ring=lambda: None)] == [
        "simpleaudio",
        "command",
        "bell",
        "none",
    ]


def test_the_phone_speaks_with_its_own_voice_first_and_only_under_termux(
    phone: Phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    phone.install(["termux-tts-speak", "espeak-ng"])
    command = find_speaker()
    assert command == [str(phone.folder / "termux-tts-speak")]
    voice = Voice(command, gap=0.0)
    voice.say("Knee to chest, left side", after=0.0)
    voice.close()
    assert [call.argv for call in phone.calls("termux-tts-speak")] == [
        ("Knee to chest, left side",)
    ]
    monkeypatch.delenv("TERMUX_VERSION")
    assert find_speaker() == [str(phone.folder / "espeak-ng")]


def test_a_phone_without_a_voice_names_the_one_to_install(phone: Phone) -> None:
    told: list[str] = []
    player = open_player("none", ring=lambda: None, notify=told.append, voice=True)
    player.close()
    assert told == ["voice: no termux-tts-speak, espeak-ng, spd-say or say found; cues only"]


def test_a_phone_player_that_stops_answering_never_holds_up_the_walk(
    phone: Phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mid-interval, the Termux:API app stops answering: the pause's stop hangs. The resume
    that follows falls back to the bell at once, without waiting for the end of the interval's
    long stream of clicks, and no request to the phone is left running."""
    monkeypatch.setattr(termux, "REQUEST_SECONDS", 0.5)
    stop_hangs = f'case "$1" in stop) {HANG};; esac'
    phone.install([PLAYER], then={PLAYER: stop_hangs})
    told: list[str] = []
    player = open_player("auto", ring=lambda: None, notify=told.append)
    assert player.name == "termux (media player)"
    player.play(Stream(start=0.0, cue=Cue.FAST, step=0.5, until=20.0))  # 20 s of clicks
    wait_for_calls(phone.log, PLAYER, 2)
    player.stop()  # the pause
    wait_for_calls(phone.log, PLAYER, 3)
    time.sleep(0.7)  # the stop has not answered within REQUEST_SECONDS
    began = time.monotonic()
    player.play(Stream.cue_alone(Cue.FAST))  # the resume
    took = time.monotonic() - began
    player.close()
    assert player.name == "bell" and len(told) == 1, told
    assert took < 1.0, f"the resume waited {took:.1f} s for a stream the phone no longer plays"
    assert left_behind(str(phone.folder)) == []

"""Cues felt on a phone: each cue's vibration pattern, on time, never holding up the walk."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.fakes import FakeClock, RecordingPlayer
from tests.processes import left_behind
from tests.termux import HANG, Call, Phone, wait_for_calls
from tests.unit.test_session import F, S, W, make_plan
from walktimer.audio import haptics
from walktimer.audio.cues import Cue
from walktimer.audio.haptics import Haptics, open_haptics, pulses
from walktimer.audio.player import open_player
from walktimer.audio.streams import Stream
from walktimer.config import AudioConfig, load_config
from walktimer.errors import ConfigError
from walktimer.walk import WalkRun

VIBRATE = "termux-vibrate"
EARLY = 0.005  # `date` and time.time() read the same clock: a pulse is never this early
LATE = 0.25  # a start, sh and date on a busy 2-core machine


def felt_by(phone: Phone) -> Haptics:
    """Haptics that run the phone's termux-vibrate by its full path."""
    return Haptics([str(phone.folder / VIBRATE)])


def lengths(phone: Phone) -> list[str]:
    """How long each pulse so far was asked to be, in milliseconds."""
    return [call.argv[-1] for call in phone.calls(VIBRATE)]


def offsets(found: list[Call], since: float) -> list[float]:
    return [call.at - since for call in found]


def assert_on_time(found: list[Call], since: float, expected: list[float]) -> None:
    """Each pulse started at its offset from `since`: never early, at most LATE late."""
    got = offsets(found, since)
    assert len(got) == len(expected), got
    for at, wanted in zip(got, expected, strict=True):
        assert wanted - EARLY <= at < wanted + LATE, (got, expected)


def haptic_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "walktimer-haptics"]


def test_each_cue_has_its_own_pattern_of_pulses_with_rests_as_long_as_them() -> None:
    assert pulses(Cue.FAST) == [(0.0, 150), (0.3, 150)]  # two of 150 ms, 150 ms apart
    assert pulses(Cue.SLOW) == [(0.0, 600)]
    for one in (Cue.WARMUP, Cue.COOLDOWN, Cue.STEP, Cue.SWITCH_SIDES):
        assert pulses(one) == [(0.0, 300)], one
    assert pulses(Cue.DONE) == [(0.0, 300), (0.6, 300), (1.2, 300)]
    assert pulses(Cue.COUNTDOWN) == [(0.0, 60)]
    assert pulses(Cue.CLICK) == []  # the metronome is heard, never felt


def test_fast_is_felt_as_two_pulses_on_time_without_the_caller_waiting(phone: Phone) -> None:
    phone.install([VIBRATE])
    felt = felt_by(phone)
    since = time.time()
    started = time.monotonic()
    felt.feel(Stream.cue_alone(Cue.FAST))
    assert time.monotonic() - started < 0.05
    found = wait_for_calls(phone.log, VIBRATE, 2)
    assert [call.argv for call in found] == [("-f", "-d", "150")] * 2
    assert_on_time(found, since, [0.0, 0.3])
    felt.close()
    assert haptic_threads() == []


def test_a_lead_in_keeps_the_pulse_at_the_moment_of_the_tone(phone: Phone) -> None:
    phone.install([VIBRATE])
    felt = felt_by(phone)
    since = time.time()
    felt.feel(Stream.cue_alone(Cue.SLOW, lead_in=0.5))
    found = wait_for_calls(phone.log, VIBRATE, 1)
    assert_on_time(found, since, [0.5])
    assert lengths(phone) == ["600"]
    felt.close()


def test_the_countdown_pips_of_a_clicking_stream_are_felt_and_its_clicks_are_not(
    phone: Phone,
) -> None:
    """An interval's stream from 0.2 s in: its cue (begun 0.2 s ago) is not felt again, the
    second pulse of it is; the pips at 0.8 and 1.4 s are; not one of the clicks."""
    phone.install([VIBRATE])
    felt = felt_by(phone)
    stream = Stream(start=0.2, cue=Cue.FAST, cue_at=0.0, step=0.25, until=2.0, pips=(0.8, 1.4))
    since = time.time()
    felt.feel(stream)
    wait_for_calls(phone.log, VIBRATE, 3)
    time.sleep(0.3)  # nothing more comes
    assert lengths(phone) == ["150", "60", "60"]
    assert_on_time(phone.calls(VIBRATE), since, [0.1, 0.6, 1.2])
    felt.close()


def test_a_new_cue_drops_the_pulses_still_due_of_the_one_before(phone: Phone) -> None:
    phone.install([VIBRATE])
    felt = felt_by(phone)
    felt.feel(Stream.cue_alone(Cue.DONE))
    wait_for_calls(phone.log, VIBRATE, 1)
    felt.feel(Stream.cue_alone(Cue.SLOW))
    wait_for_calls(phone.log, VIBRATE, 2)
    time.sleep(1.4)  # the end of the walk's two later pulses were due by now
    assert lengths(phone) == ["300", "600"]
    felt.close()


def test_stop_drops_the_pulses_still_due(phone: Phone) -> None:
    phone.install([VIBRATE])
    felt = felt_by(phone)
    felt.feel(Stream.cue_alone(Cue.DONE))
    wait_for_calls(phone.log, VIBRATE, 1)
    felt.stop()
    time.sleep(1.4)
    assert lengths(phone) == ["300"]
    felt.close()


def test_close_lets_the_last_pattern_be_felt_then_nothing(phone: Phone) -> None:
    phone.install([VIBRATE])
    felt = felt_by(phone)
    felt.feel(Stream.cue_alone(Cue.DONE))  # the walk's last cue: the player closes right after
    felt.close()
    assert lengths(phone) == ["300"] * 3
    felt.feel(Stream.cue_alone(Cue.FAST))
    time.sleep(0.4)
    assert len(phone.calls(VIBRATE)) == 3 and haptic_threads() == []


def test_a_vibrate_command_that_hangs_is_ended_told_once_and_not_run_again(
    phone: Phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the Termux:API app, termux-vibrate never returns: each pulse is a process that
    would be left behind. The first found hanging is ended, and vibration stops there."""
    monkeypatch.setattr(haptics, "HUNG_SECONDS", 0.3)
    phone.install([VIBRATE], then={VIBRATE: HANG})
    felt = felt_by(phone)
    felt.feel(Stream.cue_alone(Cue.DONE))  # pulses at 0, 0.6 (finds the first hung), 1.2
    deadline = time.monotonic() + 3
    while (problem := felt.take_problem()) is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert problem == "termux-vibrate did not finish within 0.3 s"
    felt.feel(Stream.cue_alone(Cue.FAST))
    time.sleep(0.5)
    assert len(phone.calls(VIBRATE)) == 1
    assert felt.take_problem() is None  # told once
    started = time.monotonic()
    felt.close()
    assert time.monotonic() - started < 2.0
    assert left_behind(str(phone.folder)) == []


def test_a_first_pulse_slow_to_return_while_android_starts_the_app_is_not_taken_for_a_hang(
    phone: Phone,
) -> None:
    """The first request to Termux:API may take a few seconds while Android starts its app:
    vibration goes on, untold, and the cues after it are felt."""
    first = phone.folder.parent / "answered-once"
    sleep = HANG.split()[0]
    phone.install([VIBRATE], then={VIBRATE: f"[ -e {first} ] || {{ : >{first}; {sleep} 3; }}"})
    felt = felt_by(phone)
    felt.feel(Stream.cue_alone(Cue.SLOW))  # its command returns after 3 s
    time.sleep(2.7)
    felt.feel(Stream.cue_alone(Cue.FAST))  # the first one still running
    wait_for_calls(phone.log, VIBRATE, 3)
    felt.wait()
    assert felt.take_problem() is None
    felt.close()
    assert lengths(phone) == ["600", "150", "150"]
    assert left_behind(str(phone.folder)) == []


def test_close_ends_a_pulse_command_still_running_within_its_bound(phone: Phone) -> None:
    phone.install([VIBRATE], then={VIBRATE: HANG})
    felt = felt_by(phone)
    felt.feel(Stream.cue_alone(Cue.SLOW))
    wait_for_calls(phone.log, VIBRATE, 1)
    started = time.monotonic()
    felt.close()
    assert time.monotonic() - started < haptics.FINISH_SECONDS + 1.5
    assert left_behind(str(phone.folder)) == []


def test_a_vibrate_program_gone_since_it_was_found_is_told_and_vibration_stops(
    phone: Phone,
) -> None:
    felt = felt_by(phone)  # found once, removed since
    felt.feel(Stream.cue_alone(Cue.FAST))
    felt.wait(1.0)
    assert felt.take_problem() == "termux-vibrate cannot start: No such file or directory"
    felt.close()


def test_haptics_are_offered_only_where_termux_vibrate_is(
    phone: Phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    assert open_haptics(told.append) is None  # under Termux, without Termux:API
    assert told == ["haptics: termux-vibrate not found: install Termux:API"]
    monkeypatch.delenv("TERMUX_VERSION")
    assert open_haptics(told.append) is None  # a laptop: nothing to say
    assert len(told) == 1
    phone.install([VIBRATE])
    found = open_haptics(told.append)
    assert found is not None and len(told) == 1
    found.close()


# --- the player feels what it plays --------------------------------------------------------


def test_the_player_vibrates_while_muted_and_on_no_sound_at_all(phone: Phone) -> None:
    """Muting is of the sound: a walker who mutes in a quiet room still feels every cue."""
    phone.install([VIBRATE])
    told: list[str] = []
    player = open_player("none", ring=lambda: None, notify=told.append, haptics=True)
    player.muted = True
    since = time.time()
    assert player.play(Stream.cue_alone(Cue.FAST), "Fast") == 0.0
    wait_for_calls(phone.log, VIBRATE, 2)
    player.close()
    assert lengths(phone) == ["150", "150"]
    assert_on_time(phone.calls(VIBRATE), since, [0.0, 0.3])
    assert told == [] and haptic_threads() == []


def test_the_player_feels_a_lead_in_stream_at_its_tone_and_its_pips_at_theirs(
    phone: Phone,
) -> None:
    phone.install([VIBRATE])
    player = open_player("none", ring=lambda: None, notify=print, haptics=True)
    since = time.time()
    player.play(Stream(start=-0.3, cue=Cue.SLOW, step=0.5, until=2.0, pips=(1.0,)))
    wait_for_calls(phone.log, VIBRATE, 2)
    player.close()
    assert lengths(phone) == ["600", "60"]
    assert_on_time(phone.calls(VIBRATE), since, [0.3, 1.3])


def test_stopping_the_player_stops_the_pulses_to_come(phone: Phone) -> None:
    phone.install([VIBRATE])
    player = open_player("none", ring=lambda: None, notify=print, haptics=True)
    player.play(Stream.cue_alone(Cue.DONE))
    wait_for_calls(phone.log, VIBRATE, 1)
    player.stop()  # a pause, a skip
    time.sleep(1.4)
    player.close()
    assert lengths(phone) == ["300"]


def test_the_player_tells_once_when_vibration_stops_and_the_cues_go_on(
    phone: Phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(haptics, "HUNG_SECONDS", 0.2)
    phone.install([VIBRATE], then={VIBRATE: HANG})
    told: list[str] = []
    player = open_player("none", ring=lambda: None, notify=told.append, haptics=True)
    for cue in (Cue.DONE, Cue.SLOW, Cue.FAST):
        player.play(Stream.cue_alone(cue))
        time.sleep(0.7)
    player.close()
    assert told == [
        "haptics: termux-vibrate did not finish within 0.2 s; cues go on without vibrating"
    ]
    assert left_behind(str(phone.folder)) == []


def test_haptics_are_off_when_the_config_turns_them_off(phone: Phone) -> None:
    phone.install([VIBRATE])
    player = open_player("none", ring=lambda: None, notify=print, haptics=False)
    player.play(Stream.cue_alone(Cue.FAST))
    time.sleep(0.5)
    player.close()
    assert phone.calls(VIBRATE) == []


def test_haptics_are_on_unless_the_config_says_otherwise_and_a_bad_value_is_one_line(
    xdg: Xdg,
) -> None:
    assert load_config(xdg.config_file).audio.haptics is True  # no config at all
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text("[audio]\nhaptics = false\n")
    assert load_config(xdg.config_file).audio.haptics is False
    xdg.config_file.write_text('[audio]\nhaptics = "yes"\n')
    with pytest.raises(ConfigError) as refused:
        load_config(xdg.config_file)
    assert refused.value.problems == [
        f'{xdg.config_file}: audio.haptics: expected true or false, got "yes"'
    ]


class FeelingPlayer(RecordingPlayer):
    """Records every stream it is given, muted or not: what haptics would feel."""

    def play(self, stream: Stream, words: str | None = None) -> float:
        self.plays.append((self._now(), stream))
        return 0.0


@pytest.mark.parametrize(
    ("muted", "streams"), [(True, True), (False, False)], ids=["muted", "bell"]
)
def test_a_lead_in_never_delays_a_cue_that_is_felt_but_not_heard_early(
    tmp_path: Path, muted: bool, streams: bool
) -> None:
    """A lead-in starts a sound early so its tone is on time. With the sound muted, or on the
    bell, nothing starts early: the cue is given at its moment, tone first, so its vibration is
    not felt a lead-in late."""
    clock = FakeClock()
    player = FeelingPlayer(muted=muted, streams=streams, clock=clock)
    run = WalkRun(
        make_plan((W, 10), (F, 5), (S, 5)),
        player=player,
        sessions_dir=tmp_path / "sessions",
        checkpoint_dir=None,
        clock=clock,
        wall=clock.wall,
        audio=AudioConfig(lead_in_ms=300),
    )
    run.start()
    clock.advance(10)
    run.pump()
    moments = [stream for _, stream in player.plays if stream.cue in (Cue.WARMUP, Cue.FAST)]
    assert [(s.cue, s.cue_at - s.start) for s in moments] == [(Cue.WARMUP, 0.0), (Cue.FAST, 0.0)]

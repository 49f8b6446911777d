"""What a walk plays, and when: one stream an interval with a cadence, lead-ins before their
moments, silence at once on a pause, a mute or a stop, and the clicks back in phase after."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import pytest

from tests.fakes import START, FakeClock, RecordingPlayer
from tests.unit.audio.pcm import RATE, clicks, decode
from tests.unit.audio.test_player import FakeBackend, opens
from tests.unit.test_session import C, F, S, W, make_plan
from walktimer.audio.cues import SCORE, Cue
from walktimer.audio.names import Announcement
from walktimer.audio.player import CuePlayer
from walktimer.audio.streams import Stream, click_times, render_stream
from walktimer.audio.synth import cue_sounds
from walktimer.audio.voice import speaking_seconds
from walktimer.config import AudioConfig
from walktimer.domain.plan import PhaseKind, Plan
from walktimer.walk import WalkRun

FAST_STEP, SLOW_STEP = 60 / 120, 60 / 90
# A 5 s fast interval at 120 steps a minute: its cue, clicks every 0.5 s, pips at 2, 3, 4 s.
FAST_STREAM = Stream(start=0.0, cue=Cue.FAST, step=FAST_STEP, until=5, pips=(2, 3, 4))


def with_cadence(plan: Plan, fast: int | None = 120, slow: int | None = 90) -> Plan:
    cadence = {PhaseKind.FAST: fast, PhaseKind.SLOW: slow}
    phases = tuple(replace(p, cadence=cadence.get(p.kind)) for p in plan.phases)
    return replace(plan, phases=phases, fast_cadence=fast, slow_cadence=slow)


PLAIN = make_plan((W, 10), (F, 5), (S, 5), (C, 6))  # as `--fast 5 --slow 5` with a warm-up
CADENCE = with_cadence(PLAIN)  # and `--cadence 120/90`


def walking(
    tmp_path: Path,
    plan: Plan = CADENCE,
    *,
    lead_in_ms: int = 0,
    metronome: bool = True,
    streams: bool = True,
    announce: tuple[Announcement, ...] = (),
    speaks: bool = False,
    player_type: type[RecordingPlayer] = RecordingPlayer,
) -> tuple[WalkRun, FakeClock, RecordingPlayer]:
    """A walk started at START, its player recording each stream at the clock's time (and
    saying the words it is given, with `speaks`)."""
    clock = FakeClock()
    player = player_type(clock=clock, streams=streams, speaks=speaks)
    run = WalkRun(
        plan,
        player=player,
        sessions_dir=tmp_path / "sessions",
        checkpoint_dir=None,
        clock=clock,
        wall=clock.wall,
        audio=AudioConfig(lead_in_ms=lead_in_ms, announce=announce),
        metronome=metronome,
    )
    run.start()
    return run, clock, player


def walk_to(run: WalkRun, clock: FakeClock, until: float | None = None) -> list[float]:
    """Wake at each time the walk asks for, up to `until` seconds after START (to the end if
    None), as a front end does; the wake-ups, in seconds after START."""
    woken = []
    while (wakeup := run.next_wakeup()) is not None:
        if until is not None and wakeup > START + until:
            break
        clock.now = wakeup
        woken.append(round(wakeup - START, 6))
        run.pump()
    if until is not None:
        clock.now = START + until
        run.pump()
    return woken


def heard(player: RecordingPlayer) -> list[tuple[float, Cue | None]]:
    """When each stream was started (seconds after START), and its cue."""
    return [(round(at - START, 6), stream.cue) for at, stream in player.plays]


def heard_streams(player: RecordingPlayer) -> list[tuple[float, Stream]]:
    """When each stream was started (seconds after START), and the stream, its times to the
    microsecond (the fake clock's times are sums of floats)."""
    return [(round(at - START, 6), rounded(stream)) for at, stream in player.plays]


def rounded(stream: Stream) -> Stream:
    quiet = stream.quiet
    return replace(
        stream,
        start=round(stream.start, 6),
        cue_at=round(stream.cue_at, 6),
        clicks_from=round(stream.clicks_from, 6),
        until=round(stream.until, 6),
        pips=tuple(round(at, 6) for at in stream.pips),
        quiet=quiet and (round(quiet[0], 6), round(quiet[1], 6)),
    )


def clicks_heard(stream: Stream, volume: int = 80) -> list[float]:
    """The phase times of the clicks in the stream's samples, found by ear (tests/unit/audio/
    pcm.py), not by the rule that placed them."""
    sounds = cue_sounds(volume)
    samples = decode(render_stream(stream, sounds).pcm)
    click = decode(sounds[Cue.CLICK].pcm)
    found = clicks(samples, click, SCORE[Cue.CLICK][0].hz)
    return [round(stream.start + index / RATE, 3) for index in found]


def test_an_interval_with_a_cadence_is_one_stream_of_its_cue_clicks_and_pips(
    tmp_path: Path,
) -> None:
    run, clock, player = walking(tmp_path)
    walk_to(run, clock)
    assert heard(player) == [
        (0, Cue.WARMUP),
        (7, Cue.COUNTDOWN),  # the warm-up's own pips: it has no clicks to carry them
        (8, Cue.COUNTDOWN),
        (9, Cue.COUNTDOWN),
        (10, Cue.FAST),  # no pip plays of its own in either interval
        (15, Cue.SLOW),
        (20, Cue.COOLDOWN),
        (26, Cue.DONE),
    ]
    streams = dict(heard_streams(player))
    assert len(streams) == len(player.plays)
    assert streams[10] == FAST_STREAM
    assert streams[15] == Stream(start=0.0, cue=Cue.SLOW, step=SLOW_STEP, until=5, pips=(2, 3, 4))
    for moment, cue in ((0, Cue.WARMUP), (7, Cue.COUNTDOWN), (20, Cue.COOLDOWN), (26, Cue.DONE)):
        assert streams[moment] == Stream(start=0.0, cue=cue)  # no clicks
    assert player.stops == []  # nothing was cut short


def test_a_walk_without_a_cadence_plays_its_pips_one_by_one(tmp_path: Path) -> None:
    run, clock, player = walking(tmp_path, PLAIN)
    walk_to(run, clock)
    pips = [(s, Cue.COUNTDOWN) for s in (7, 8, 9, 12, 13, 14, 17, 18, 19)]
    changes = [(0, Cue.WARMUP), (10, Cue.FAST), (15, Cue.SLOW), (20, Cue.COOLDOWN), (26, Cue.DONE)]
    assert heard(player) == sorted(pips + changes, key=lambda p: p[0])
    assert all(stream.step is None and stream.pips == () for _, stream in player.plays)


def test_with_the_metronome_off_an_interval_with_a_cadence_does_not_click(
    tmp_path: Path,
) -> None:
    run, clock, player = walking(tmp_path, metronome=False)
    walk_to(run, clock)
    assert all(stream.step is None for _, stream in player.plays)
    assert (12, Cue.COUNTDOWN) in heard(player) and (17, Cue.COUNTDOWN) in heard(player)
    assert run.view().sound.metronome is False


def test_toggling_the_metronome_silences_the_clicks_then_brings_them_back_in_phase(
    tmp_path: Path,
) -> None:
    run, clock, player = walking(tmp_path)
    walk_to(run, clock, 11.2)
    run.toggle_metronome()
    assert player.stops == [START + 11.2] and run.view().sound.metronome is False
    walk_to(run, clock, 12.3)
    assert heard(player)[-1] == (12, Cue.COUNTDOWN)  # a pip of its own, with no clicks
    run.toggle_metronome()
    assert run.view().sound.metronome is True
    assert heard_streams(player)[-1] == (
        12.3,
        Stream(start=2.3, step=FAST_STEP, clicks_from=2.3, until=5, pips=(3, 4)),
    )
    walk_to(run, clock, 15.5)
    assert heard(player)[-2:] == [(12.3, None), (15, Cue.SLOW)]  # the pips were in the stream


def test_pause_silences_at_once_and_resume_clicks_on_the_grid_with_the_pips_to_come(
    tmp_path: Path,
) -> None:
    run, clock, player = walking(tmp_path)
    walk_to(run, clock, 12.2)
    run.pause()
    assert player.stops == [START + 12.2]
    walk_to(run, clock, 42.2)  # paused for 30 s: the phase time stands at 2.2 s
    played = len(player.plays)
    run.resume()
    assert len(player.plays) == played + 1
    at, stream = heard_streams(player)[-1]
    assert at == 42.2
    assert stream == Stream(start=2.2, step=FAST_STEP, clicks_from=2.2, until=5, pips=(3, 4))
    clicks = render_stream(stream, cue_sounds(80))
    assert clicks.seconds == pytest.approx(4.51 - 2.2)  # 2.5, 3.0 ... 4.5 s of the phase
    walk_to(run, clock, 45.5)
    assert heard(player)[-2:] == [(42.2, None), (45, Cue.SLOW)]  # no pip of its own


def test_pause_and_resume_without_clicks_silence_and_start_nothing(tmp_path: Path) -> None:
    run, clock, player = walking(tmp_path)
    walk_to(run, clock, 3)
    run.pause()
    clock.advance(10)
    run.resume()
    assert player.stops == [START + 3]
    assert heard(player) == [(0, Cue.WARMUP)]


def test_skip_and_back_start_the_new_phases_stream_and_cut_the_old_one(tmp_path: Path) -> None:
    run, clock, player = walking(tmp_path)
    walk_to(run, clock, 11)
    run.skip()
    assert heard_streams(player)[-1] == (
        11,
        Stream(start=0.0, cue=Cue.SLOW, step=SLOW_STEP, until=5, pips=(2, 3, 4)),
    )
    walk_to(run, clock, 12)
    run.back()  # under 3 s into the slow interval: back to the fast one, from its start
    assert heard_streams(player)[-1] == (12, FAST_STREAM)
    walk_to(run, clock, 17.5)
    assert heard(player)[-3:] == [(11, Cue.SLOW), (12, Cue.FAST), (17, Cue.SLOW)]


def test_stop_silences_at_once(tmp_path: Path) -> None:
    run, clock, player = walking(tmp_path)
    walk_to(run, clock, 11.5)
    run.stop()
    assert player.stops == [START + 11.5]
    assert heard(player)[-1] == (10, Cue.FAST)  # a stop has no cue of its own


def test_mute_silences_at_once_and_unmute_brings_the_clicks_back_in_phase(tmp_path: Path) -> None:
    run, clock, player = walking(tmp_path)
    walk_to(run, clock, 11)
    run.toggle_mute()
    assert player.stops == [START + 11]
    walk_to(run, clock, 12.5)  # the pip at 12 s is not heard
    assert heard(player)[-1] == (10, Cue.FAST)
    run.toggle_mute()
    assert heard_streams(player)[-1] == (
        12.5,
        Stream(start=2.5, step=FAST_STEP, clicks_from=2.5, until=5, pips=(3, 4)),
    )


def test_a_new_volume_mid_interval_restarts_the_clicks_at_it_in_phase(tmp_path: Path) -> None:
    run, clock, player = walking(tmp_path)
    walk_to(run, clock, 11.3)
    run.set_volume(40)
    assert player.volume == 40
    assert heard_streams(player)[-1] == (
        11.3,
        # Its cue is still in the interval's stream, long over: none of it is heard again.
        Stream(start=1.3, cue=Cue.FAST, step=FAST_STEP, clicks_from=1.3, until=5, pips=(2, 3, 4)),
    )
    walk_to(run, clock, 20.5)  # into the cool-down: no clicks there, nothing to restart
    plays = len(player.plays)
    run.set_volume(30)
    assert len(player.plays) == plays


def test_a_player_of_rings_gets_neither_clicks_nor_lead_ins(tmp_path: Path) -> None:
    run, clock, player = walking(tmp_path, lead_in_ms=300, streams=False)
    wakeups = walk_to(run, clock)
    assert all(stream.step is None and stream.start == 0 for _, stream in player.plays)
    assert [at for at, cue in heard(player) if cue is not Cue.COUNTDOWN] == [0, 10, 15, 20, 26]
    assert all(wakeup == round(wakeup) for wakeup in wakeups)  # no wake-up for a lead-in
    assert run.view().sound.clicks is False


def test_with_a_lead_in_each_stream_starts_that_long_before_its_moment(tmp_path: Path) -> None:
    run, clock, player = walking(tmp_path, lead_in_ms=300)
    wakeups = walk_to(run, clock)
    assert {6.7, 7.7, 8.7, 9.7, 14.7, 19.7, 25.7} <= set(wakeups)
    starts = heard_streams(player)
    assert [(at, stream.cue) for at, stream in starts] == [
        (0, Cue.WARMUP),  # the walker's own start: its tone a lead-in later
        (6.7, Cue.COUNTDOWN),
        (7.7, Cue.COUNTDOWN),
        (8.7, Cue.COUNTDOWN),
        (9.7, Cue.FAST),  # and not again at 10 s
        (14.7, Cue.SLOW),
        (19.7, Cue.COOLDOWN),
        (25.7, Cue.DONE),
    ]
    assert (starts[0][1].start, starts[0][1].cue_at) == (0, 0.3)
    for _, stream in starts[1:]:
        assert stream.start == pytest.approx(-0.3) and stream.cue_at == 0
    fast = starts[4][1]
    assert (fast.step, fast.until, fast.pips) == (FAST_STEP, 4.7, (2, 3, 4))


def test_a_lead_in_never_starts_a_stream_before_the_sound_before_has_ended(
    tmp_path: Path,
) -> None:
    """1 s phases and a 1 s lead-in: the walker's start sounds its tone 1 s late, at the next
    moment, so the streams after it cannot start early; none may cut the one before short,
    or that one's tone is never heard."""
    plan = with_cadence(make_plan((W, 1), (F, 1), (S, 1), (F, 1), (S, 1), (C, 1)))
    run, clock, player = walking(tmp_path, plan, lead_in_ms=1000)
    walk_to(run, clock)
    sounds = cue_sounds(80)
    timeline = [
        (
            round(at - START, 3),
            stream.cue,
            round(at - START + render_stream(stream, sounds).seconds, 3),
        )
        for at, stream in player.plays
    ]
    assert [cue for _, cue, _ in timeline] == [
        Cue.WARMUP,
        Cue.FAST,
        Cue.SLOW,
        Cue.FAST,
        Cue.SLOW,
        Cue.COOLDOWN,
        Cue.DONE,
    ]
    cut_short = [
        (before, after) for before, after in itertools.pairwise(timeline) if after[0] < before[2]
    ]
    assert cut_short == []


def test_a_lead_in_is_shortened_to_what_is_left_after_the_sound_before(tmp_path: Path) -> None:
    plan = with_cadence(make_plan((W, 2), (F, 1), (S, 1), (F, 1), (S, 2), (C, 1)))
    run, clock, player = walking(tmp_path, plan, lead_in_ms=1000)
    walk_to(run, clock)
    heard = heard_streams(player)
    slow_at, slow = next(play for play in reversed(heard) if play[1].cue is Cue.SLOW)
    slow_ends = slow_at + render_stream(slow, cue_sounds(80)).seconds  # its last pip's end
    cooldown, done = heard_streams(player)[-2:]
    assert cooldown[1].cue is Cue.COOLDOWN and done[1].cue is Cue.DONE
    assert cooldown[0] == pytest.approx(slow_ends)
    assert cooldown[1].start == pytest.approx(slow_ends - 7)  # its tone still at 7 s
    assert cooldown[1].cue_at == 0


def test_a_skip_with_a_lead_in_sounds_its_tone_a_lead_in_after_the_key(tmp_path: Path) -> None:
    run, clock, player = walking(tmp_path, lead_in_ms=300)
    walk_to(run, clock, 11)
    run.skip()
    at, stream = heard_streams(player)[-1]
    assert at == 11
    assert stream == Stream(
        start=0.0,
        cue=Cue.SLOW,
        cue_at=0.3,
        step=SLOW_STEP,
        clicks_from=0.3,
        until=4.7,
        pips=(2, 3, 4),
    )
    assert stream.cue_at == stream.start + 0.3


def test_a_stale_change_sounds_no_cue_but_its_interval_still_clicks(tmp_path: Path) -> None:
    run, clock, player = walking(tmp_path)
    clock.advance(12.5)  # the machine slept through the change into the fast interval
    run.pump()
    assert [cue for _, cue in heard(player)] == [Cue.WARMUP, None]
    at, stream = heard_streams(player)[-1]
    assert at == 12.5
    assert stream == Stream(start=2.5, step=FAST_STEP, clicks_from=2.5, until=5, pips=(3, 4))


def test_a_stale_change_into_a_phase_without_clicks_sounds_nothing(tmp_path: Path) -> None:
    run, clock, player = walking(tmp_path)
    clock.advance(22)  # slept through the slow interval's end into the cool-down
    run.pump()
    assert heard(player) == [(0, Cue.WARMUP)]


def test_the_announcements_are_the_words_of_the_phase_stream(tmp_path: Path) -> None:
    run, clock, player = walking(tmp_path, announce=("round",))
    walk_to(run, clock)
    assert (Cue.FAST, "Fast. Round 1 of 1") in player.played
    assert (Cue.SLOW, "Slow") in player.played


def test_clicks_rejoined_with_nothing_left_to_sound_hand_no_empty_buffer_to_the_device(
    tmp_path: Path,
) -> None:
    """Unmuted, resumed or at a new volume after the interval's last click and pip: there is
    nothing to sound, and an empty buffer is not a sound (simpleaudio is reported to crash the
    process on one on macOS and Windows)."""
    backend = FakeBackend("simpleaudio")
    clock = FakeClock()
    run = WalkRun(
        CADENCE,
        player=CuePlayer([("simpleaudio", opens(backend))], notify=print),
        sessions_dir=tmp_path / "sessions",
        checkpoint_dir=None,
        clock=clock,
        wall=clock.wall,
    )
    run.start()
    walk_to(run, clock, 14.6)  # the last click of the fast interval was at 4.5 s
    run.toggle_mute()
    run.toggle_mute()
    run.set_volume(60)
    run.pause()
    run.resume()
    assert Cue.FAST in backend.played
    empty = [
        cue for cue, sound in zip(backend.played, backend.sounds, strict=True) if not sound.pcm
    ]
    assert empty == []


# --- a skip while paused, the words' rest, long intervals, long sounds ----------------------


@pytest.mark.parametrize(
    ("into_fast", "change"),
    [(5, "skip"), (13.5, "back")],
    ids=["skip from the warm-up", "back to the fast interval's start"],
)
def test_a_change_while_paused_sounds_its_cue_alone_and_the_clicks_wait_for_the_resume(
    tmp_path: Path, into_fast: float, change: str
) -> None:
    run, clock, player = walking(tmp_path)
    walk_to(run, clock, into_fast)
    run.pause()
    walk_to(run, clock, 20)
    getattr(run, change)()  # the fast interval from its start, still paused
    state = run.view().state
    assert state.phase is not None and (state.phase.kind, state.elapsed) == (F, 0)
    assert heard_streams(player)[-1] == (20, Stream(start=0.0, cue=Cue.FAST))  # no clicks
    plays = len(player.plays)
    walk_to(run, clock, 50)  # nothing sounds while paused
    assert len(player.plays) == plays
    run.resume()
    # The clicks on the interval's grid from its start: the cue was heard at the change.
    assert heard_streams(player)[-1] == (
        50,
        Stream(start=0.0, step=FAST_STEP, until=5, pips=(2, 3, 4)),
    )
    walk_to(run, clock, 55.5)
    assert heard(player)[-2:] == [(50, None), (55, Cue.SLOW)]


def test_a_new_volume_while_the_round_is_said_keeps_the_clicks_resting_and_the_cue(
    tmp_path: Path,
) -> None:
    run, clock, player = walking(tmp_path, announce=("round",), speaks=True)
    walk_to(run, clock, 11)
    words = "Fast. Round 1 of 1"
    tone = cue_sounds(80)[Cue.FAST].seconds
    quiet = (tone, tone + speaking_seconds(words))  # the words from the tone's end: to 3.0 s
    assert quiet == pytest.approx((0.25, 3.0))
    assert player.played[-1] == (Cue.FAST, words)
    assert heard_streams(player)[-1] == (10, replace(FAST_STREAM, quiet=quiet))
    run.set_volume(90)  # + at 1.0 s into the interval, while the words are said
    at, stream = heard_streams(player)[-1]
    assert (at, stream) == (
        11,
        Stream(
            start=1.0,
            cue=Cue.FAST,
            step=FAST_STEP,
            clicks_from=1.0,
            until=5,
            pips=(2, 3, 4),
            quiet=quiet,
        ),
    )
    assert [said for _, said in player.played].count(words) == 1  # not said again
    assert clicks_heard(stream, volume=90) == [3.0, 3.5, 4.0, 4.5]  # none from 1.0 to 3.0 s


def test_a_long_interval_clicks_in_parts_each_ending_half_way_between_two_steps(
    tmp_path: Path,
) -> None:
    """Ten minutes at 120 steps a minute: the first part ends half-way between the steps at
    300 s and 300.5 s, where the next goes on with no cue (that was heard) and no click lost
    or doubled; the last part runs to the interval's end, with its pips."""
    plan = with_cadence(make_plan((W, 2), (F, 600), (S, 5), (C, 6)))
    run, clock, player = walking(tmp_path, plan)
    walk_to(run, clock, 2 + 300.1)
    first = Stream(start=0.0, cue=Cue.FAST, step=FAST_STEP, until=300.25)
    assert heard_streams(player)[-1] == (2, first)
    assert run.next_wakeup() == pytest.approx(START + 2 + 300.25)  # the next part's start
    walk_to(run, clock, 2 + 300.3)
    at, rest = heard_streams(player)[-1]
    assert (at, rest) == (
        302.25,
        Stream(start=300.25, step=FAST_STEP, clicks_from=300.25, until=600, pips=(597, 598, 599)),
    )
    click = cue_sounds(80)[Cue.CLICK].seconds
    last, following = click_times(first, 0.0, click)[-1], click_times(rest, 300.25, click)[0]
    assert (last, following) == (300.0, 300.5)
    assert clicks_heard(replace(rest, until=302.0)) == [300.5, 301.0, 301.5]
    walk_to(run, clock, 2 + 600.5)
    assert heard(player)[-3:] == [(2, Cue.FAST), (302.25, None), (602, Cue.SLOW)]


class LongWarmup(RecordingPlayer):
    """The warm-up's sound goes on for 4 s (a walker's own long sound file)."""

    def play(self, stream: Stream, words: str | None = None) -> float:
        seconds = super().play(stream, words)
        return 4.0 if stream.cue is Cue.WARMUP else seconds


@pytest.mark.parametrize("lead_in_ms", [0, 300], ids=["no lead-in", "a lead-in"])
def test_a_moment_does_not_wait_behind_a_long_sound_begun_before_its_lead_in(
    tmp_path: Path, lead_in_ms: int
) -> None:
    """The fast interval 1 s after the walk's start, its warm-up sound 4 s long: the interval
    cuts it short with its cue and clicks at its moment. With a lead-in, the device is awake
    (it is playing): the tone is still on time."""
    plan = with_cadence(make_plan((W, 1), (F, 5), (S, 5), (C, 6)))
    run, clock, player = walking(tmp_path, plan, lead_in_ms=lead_in_ms, player_type=LongWarmup)
    walk_to(run, clock, 1.5)
    assert [(at, stream.cue) for at, stream in heard_streams(player)] == [
        (0, Cue.WARMUP),
        (1, Cue.FAST),
    ]
    lead_in = lead_in_ms / 1000
    fast = heard_streams(player)[-1][1]
    assert fast == Stream(
        start=0.0, cue=Cue.FAST, step=FAST_STEP, until=5 - lead_in, pips=(2, 3, 4)
    )

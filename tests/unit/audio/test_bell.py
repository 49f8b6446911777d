"""The terminal bell: a pattern of rings for each cue, never a wait for the caller."""

from __future__ import annotations

import threading
import time

import pytest

from walktimer.audio.backends import AudioError, BellBackend
from walktimer.audio.bell import PATTERN_SECONDS
from walktimer.audio.cues import BELL_RINGS, Cue, bell_meaning, bell_words
from walktimer.audio.player import CuePlayer
from walktimer.audio.streams import Stream
from walktimer.audio.synth import cue_sounds

SOUNDS = cue_sounds(80)  # what the bell is handed: it rings by the cue, whatever the samples


class Rings:
    """A ring that records when it rang (time.monotonic) and on which thread."""

    def __init__(self, fail_from: int | None = None) -> None:
        self.at: list[float] = []
        self.threads: list[int] = []
        self._fail_from = fail_from

    def __call__(self) -> None:
        if self._fail_from is not None and len(self.at) >= self._fail_from:
            raise OSError("terminal gone")
        self.at.append(time.monotonic())
        self.threads.append(threading.get_ident())

    def gaps(self) -> list[float]:
        return [later - earlier for earlier, later in zip(self.at, self.at[1:], strict=False)]


def bell_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "walktimer-bell"]


def wait_for_no_bell_thread(seconds: float = 2) -> None:
    """Return once the bell's thread has ended (it has nothing left to ring), or after
    `seconds`."""
    deadline = time.monotonic() + seconds
    while bell_threads() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_fast_rings_twice_about_150_ms_apart_without_the_caller_waiting() -> None:
    rings = Rings()
    backend = BellBackend(rings)
    started = time.monotonic()
    backend.play(SOUNDS[Cue.FAST], Cue.FAST)
    returned = time.monotonic()
    assert len(rings.at) == 1  # the second ring is not the caller's to wait for
    assert returned - started < 0.1
    backend.wait()
    assert len(rings.at) == 2
    assert 0.130 <= rings.gaps()[0] < 0.5
    assert rings.threads[0] == threading.get_ident() != rings.threads[1]
    backend.close()


def test_slow_rings_once_and_the_end_of_the_walk_three_times() -> None:
    for cue, count in ((Cue.SLOW, 1), (Cue.DONE, 3)):
        rings = Rings()
        backend = BellBackend(rings)
        backend.play(SOUNDS[cue], cue)
        backend.wait()
        time.sleep(0.2)  # nothing more comes after the pattern
        assert len(rings.at) == count, cue
        # each ring is due 150 ms after the one before it was due: measured from the first,
        # so one late ring on a busy machine does not make the next look early
        offsets = [at - rings.at[0] for at in rings.at]
        assert all(offset >= 0.130 * k for k, offset in enumerate(offsets)), offsets
        assert all(gap < 0.5 for gap in rings.gaps()), rings.gaps()
        backend.close()


def test_every_cue_rings_its_pattern_and_the_countdown_pip_not_at_all() -> None:
    rings = Rings()
    backend = BellBackend(rings)
    heard = {}
    for cue in Cue:
        before = len(rings.at)
        backend.play(SOUNDS[cue], cue)
        backend.wait()
        heard[cue] = len(rings.at) - before
    backend.close()
    assert heard == {
        Cue.WARMUP: 1,
        Cue.FAST: 2,
        Cue.SLOW: 1,
        Cue.COOLDOWN: 1,
        Cue.STEP: 1,
        Cue.SWITCH_SIDES: 1,
        Cue.COUNTDOWN: 0,
        Cue.DONE: 3,
        Cue.CLICK: 0,
    }


def test_a_new_cue_drops_the_rings_still_due_of_the_one_before() -> None:
    rings = Rings()
    backend = BellBackend(rings)
    backend.play(SOUNDS[Cue.DONE], Cue.DONE)
    # straight after: the end's two later rings never come
    backend.play(SOUNDS[Cue.SLOW], Cue.SLOW)
    backend.wait()
    time.sleep(0.4)
    assert len(rings.at) == 2
    backend.close()


def test_close_lets_the_last_pattern_ring_out_then_nothing_rings_and_no_thread_is_left() -> None:
    rings = Rings()
    backend = BellBackend(rings)
    # the walk's last cue: plain mode closes the player right after
    backend.play(SOUNDS[Cue.DONE], Cue.DONE)
    backend.close()
    assert len(rings.at) == 3
    time.sleep(0.3)
    assert len(rings.at) == 3
    assert bell_threads() == []


def test_close_with_a_ring_that_hangs_returns_within_its_bound() -> None:
    released = threading.Event()
    rings: list[float] = []

    def ring() -> None:
        rings.append(time.monotonic())
        if len(rings) > 1:  # the terminal stopped reading: the write never returns
            released.wait(10)

    backend = BellBackend(ring)
    backend.play(SOUNDS[Cue.DONE], Cue.DONE)
    started = time.monotonic()
    backend.close()
    assert time.monotonic() - started < PATTERN_SECONDS + 0.5
    released.set()
    wait_for_no_bell_thread()
    assert len(rings) == 2  # the third ring was dropped with the close
    assert bell_threads() == []


def test_a_later_ring_that_fails_is_raised_by_the_next_cue_so_the_player_can_move_on() -> None:
    rings = Rings(fail_from=1)
    backend = BellBackend(rings)
    # the first ring works, the second fails on the ring thread
    backend.play(SOUNDS[Cue.FAST], Cue.FAST)
    wait_for_no_bell_thread()  # it ends once the failure is kept for the next cue
    assert len(rings.at) == 1 and bell_threads() == []
    with pytest.raises(AudioError, match="the terminal bell failed: terminal gone"):
        backend.play(SOUNDS[Cue.SLOW], Cue.SLOW)
    backend.close()


def test_the_bell_ignores_the_volume_without_an_error() -> None:
    rings = Rings()
    backend = BellBackend(rings)
    told: list[str] = []
    player = CuePlayer([("bell", lambda: backend)], notify=told.append, volume=80)
    for volume in (90, 100, 0, 10):
        player.set_volume(volume)
        player.play(Stream.cue_alone(Cue.FAST))
        player.wait()
    player.close()
    assert player.name == "bell" and player.volume == 10 and told == []
    assert len(rings.at) == 8


def test_the_metronome_never_rings_the_bell_nor_does_a_lead_in_delay_it() -> None:
    rings = Rings()
    backend = BellBackend(rings)
    player = CuePlayer([("bell", lambda: backend)], notify=print)
    assert not player.streams  # the walk then sends it neither lead-ins nor clicks
    clicks = Stream(start=2.2, step=0.5, clicks_from=2.2, until=30.0, pips=(27.0, 28.0, 29.0))
    assert player.play(clicks) == 0.0
    player.wait()
    assert rings.at == []
    started = time.monotonic()
    player.play(Stream.cue_alone(Cue.SLOW, lead_in=1.0))
    assert len(rings.at) == 1 and rings.at[0] - started < 0.5  # rung at once
    player.close()


def test_the_words_for_the_bell_come_from_its_patterns() -> None:
    assert bell_words(Cue.FAST) == "rings twice"
    assert bell_words(Cue.DONE) == "rings three times"
    assert bell_words(Cue.COUNTDOWN) == "not played on the bell"
    assert bell_words(Cue.CLICK) == "not played on the bell"
    assert (
        bell_meaning() == "fast twice, slow once, done three times; no countdown pips, no metronome"
    )
    assert set(BELL_RINGS) == set(Cue)

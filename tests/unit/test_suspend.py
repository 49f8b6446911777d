"""Time across a suspend: the walk's clock went on while the machine slept (the awake clock did
not), so the walk is where real time says, the phases slept through are recorded with the time
they really had, their stale cues stay silent, and whatever shows the walk catches up at once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.fakes import FakeClock, RecordingCompanion, RecordingPlayer
from tests.unit.test_session import C, F, S, W, make_plan
from walktimer.audio import Cue
from walktimer.domain.session import Held
from walktimer.walk import WalkRun, walk_clock

PLAN = make_plan((W, 60), (F, 30), (S, 30), (F, 30), (S, 30), (C, 60))
SLEPT = 90.0


def suspended_walk(
    tmp_path: Path, before: float
) -> tuple[WalkRun, FakeClock, RecordingPlayer, RecordingCompanion, int]:
    """A walk `before` seconds in, then a suspend of SLEPT seconds and the first wake-up after
    it; also how many streams were played before the suspend."""
    clock, awake = FakeClock(), FakeClock()
    player, companion = RecordingPlayer(clock=clock), RecordingCompanion()
    run = WalkRun(
        PLAN,
        player=player,
        sessions_dir=tmp_path / "sessions",
        checkpoint_dir=tmp_path / "in-progress",
        clock=clock,
        awake=awake,
        wall=clock.wall,
        companion=companion,
    )
    run.start()
    clock.advance(before)
    awake.advance(before)
    run.pump()
    played_before = len(player.plays)
    companion.views.clear()
    clock.advance(SLEPT)  # asleep: only the walk's clock (CLOCK_BOOTTIME) went on
    run.pump()
    return run, clock, player, companion, played_before


def test_after_a_suspend_the_walk_is_where_real_time_says(tmp_path: Path) -> None:
    run, _, _, _, _ = suspended_walk(tmp_path, before=0.5)
    state = run.view().state
    # 90.5 s in: past the 60 s warm-up and the 30 s fast interval, 0.5 s into the slow one.
    assert (state.index, state.phase and state.phase.kind) == (2, S)
    assert state.elapsed == pytest.approx(0.5)
    assert (state.active_seconds, state.paused_seconds) == (pytest.approx(90.5), 0.0)


def test_the_phases_slept_through_are_recorded_with_their_real_time(tmp_path: Path) -> None:
    run, _, _, _, _ = suspended_walk(tmp_path, before=0.5)
    run.stop("user")
    phases = run.summary().phases
    assert [(p.actual_seconds, p.skipped) for p in phases[:3]] == [
        (60.0, False),
        (30.0, False),
        (pytest.approx(0.5), False),
    ]
    assert run.summary().paused_seconds == 0.0  # a suspend is walked time, not a pause


def test_no_cue_more_than_a_second_old_is_sounded_after_a_suspend(tmp_path: Path) -> None:
    _, clock, player, _, played_before = suspended_walk(tmp_path, before=0.5)
    after = player.plays[played_before:]
    # The slow interval began 0.5 s ago: its cue still sounds. The fast cue (30.5 s late) and
    # the countdown pips before the slow one (1.5 to 3.5 s late) do not.
    assert [stream.cue for _, stream in after] == [Cue.SLOW]
    (at, stream) = after[0]
    assert at == clock.now and stream.start == pytest.approx(0.5)  # 0.5 s late, not more


def test_a_cue_slept_past_by_more_than_a_second_stays_silent(tmp_path: Path) -> None:
    run, _, player, _, played_before = suspended_walk(tmp_path, before=2.5)
    assert run.view().state.index == 2  # 2.5 s into the slow interval
    assert player.plays[played_before:] == []


def test_the_companion_catches_up_at_once_and_only_with_where_the_walk_is(
    tmp_path: Path,
) -> None:
    run, _, _, companion, _ = suspended_walk(tmp_path, before=0.5)
    assert [view.state.index for view in companion.views] == [2]  # one update, the slow phase
    assert not [e for e in run.summary().phases if e.skipped]
    run.stop("user")
    assert (companion.begun, companion.ended) == (1, 1)


def test_a_suspend_is_not_taken_for_a_stopped_program(tmp_path: Path) -> None:
    run, _, _, _, _ = suspended_walk(tmp_path, before=0.5)
    shown: list[object] = []
    run.on_events = shown.extend
    run.pump()
    assert not [e for e in shown if isinstance(e, Held)]
    assert run.view().state.paused_seconds == 0.0


def test_the_walk_keeps_its_time_by_the_clock_that_counts_a_suspend(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On Linux (where the suite runs): CLOCK_BOOTTIME, which goes on while the machine sleeps.
    On a machine that never slept it reads as CLOCK_MONOTONIC does, so which clock is asked is
    what tells them apart."""
    asked: list[int] = []

    def clock_gettime(clock_id: int) -> float:
        asked.append(clock_id)
        return 1234.5

    monkeypatch.setattr(time, "clock_gettime", clock_gettime)
    clock = walk_clock()
    assert clock() == 1234.5
    assert asked == [time.CLOCK_BOOTTIME]

"""The one surface a front end drives: commands, events handed out, reads that change nothing."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes import FakeClock, RecordingPlayer
from tests.unit.test_session import C, F, S, W, make_plan
from walktimer.audio import Cue
from walktimer.domain.questions import Answers
from walktimer.domain.session import Event, Finished, PhaseStarted, Session, Stopped
from walktimer.walk import Saved, WalkRun

PLAN = make_plan((W, 10), (F, 5), (S, 5), (C, 6))


def walk_run(tmp_path: Path, clock: FakeClock, player: RecordingPlayer | None = None) -> WalkRun:
    return WalkRun(
        PLAN,
        player=player or RecordingPlayer(),
        sessions_dir=tmp_path / "sessions",
        checkpoint_path=tmp_path / "in-progress.toml",
        clock=clock,
        wall=clock.wall,
    )


def test_reading_the_state_past_a_boundary_does_not_move_the_walk_on() -> None:
    clock = FakeClock()
    session = Session(PLAN, clock)
    session.start()
    session.drain()
    clock.advance(12)  # into the fast interval, not yet processed
    first, second = session.state(), session.state()
    assert first == second
    assert (first.index, first.remaining) == (0, 0.0)  # the warm-up, with nothing left
    events = session.drain()
    assert [(e.index, e.at) for e in events if isinstance(e, PhaseStarted)] == [(1, clock.now - 2)]
    assert session.state().index == 1


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["advance", "pause", "resume", "skip", "back"]),
        st.floats(min_value=0.0, max_value=9.0),
        st.integers(min_value=0, max_value=2),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(actions=ACTIONS)
def test_state_read_any_number_of_times_never_changes_what_drain_returns(
    actions: list[tuple[str, float, int]],
) -> None:
    """Two sessions walked alike, one read between every step: they hand out the same events."""
    clock = FakeClock()
    read, unread = Session(PLAN, clock), Session(PLAN, clock)
    read.start()
    unread.start()
    got: list[Event] = []
    expected: list[Event] = []
    for action, seconds, reads in actions:
        if action == "advance":
            clock.advance(seconds)
        else:
            getattr(read, action)()
            getattr(unread, action)()
        states = [read.state() for _ in range(reads + 1)]
        assert all(state == states[0] for state in states)
        got += read.drain()
        expected += unread.drain()
        assert read.state() == unread.state()
    assert got == expected


def test_a_change_processed_inside_stop_reaches_the_front_end(tmp_path: Path) -> None:
    clock = FakeClock()
    run = walk_run(tmp_path, clock)
    shown: list[Event] = []
    run.on_events = shown.extend
    run.start()
    clock.advance(11)  # the fast interval began 1 s ago; nothing has processed it yet
    run.stop("user")
    assert [type(e) for e in shown[-2:]] == [PhaseStarted, Stopped]
    started = shown[-2]
    assert isinstance(started, PhaseStarted) and started.index == 1
    summary = run.summary()
    assert (summary.status, summary.stop_reason) == ("stopped", "user")
    assert [p.kind for p in summary.phases] == ["warmup", "fast"]


def test_commands_hand_their_events_to_the_front_end_before_the_cues_sound(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    player = RecordingPlayer()
    run = walk_run(tmp_path, clock, player)
    order: list[str] = []
    run.on_events = lambda events: order.append(f"shown {len(player.played)} cues")
    run.start()
    run.skip()
    assert order == ["shown 0 cues", "shown 1 cues"]
    assert [cue for cue, _ in player.played] == [Cue.WARMUP, Cue.FAST]


def test_view_is_a_read_and_reports_sound_and_the_end_time(tmp_path: Path) -> None:
    clock = FakeClock()
    player = RecordingPlayer()
    run = walk_run(tmp_path, clock, player)
    run.start()
    clock.advance(3.5)
    view = run.view()
    assert run.view() == view
    assert (view.state.index, view.state.remaining) == (0, 6.5)
    assert view.ends_at == clock.wall() + timedelta(seconds=PLAN.total_seconds - 3)
    run.toggle_mute()
    run.set_volume(40)
    assert run.view().sound == type(view.sound)("test player", True, 40)
    assert player.volumes == [40]


def test_a_stop_from_the_walk_is_one_event_and_its_checkpoint_says_stopped(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    run = walk_run(tmp_path, clock)
    shown: list[Event] = []
    run.on_events = shown.extend
    run.start()
    clock.advance(2)
    run.pump()
    run.stop("pain")
    run.stop("pain")  # a second stop (a key and a remote at once) changes nothing
    assert [e for e in shown if isinstance(e, Stopped)] == [Stopped("pain", clock.now)]
    assert not run.active


def test_the_walk_to_its_end_hands_out_finished_once(tmp_path: Path) -> None:
    clock = FakeClock()
    run = walk_run(tmp_path, clock)
    shown: list[Event] = []
    run.on_events = shown.extend
    run.start()
    while (wakeup := run.next_wakeup()) is not None:
        clock.now = wakeup
        run.pump()
    assert sum(isinstance(e, Finished) for e in shown) == 1
    assert run.summary().status == "completed"


def test_answers_are_saved_once_even_when_two_threads_save_at_once(tmp_path: Path) -> None:
    clock = FakeClock()
    run = walk_run(tmp_path, clock)
    run.start()
    clock.advance(4)
    run.stop("user")
    run.answers = Answers(pain_before=4).answer("pain_after", 3).answer("notes", "  easy  ")
    results: list[Saved] = []
    threads = [threading.Thread(target=lambda: results.append(run.save())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(results) == 4 and all(result is results[0] for result in results)
    saved = results[0]
    assert saved.path is not None
    assert [p.name for p in (tmp_path / "sessions").iterdir()] == [saved.path.name]
    summary = saved.summary
    assert (summary.pain_before, summary.pain_after, summary.effort, summary.notes) == (
        4,
        3,
        None,
        "easy",
    )
    assert not (tmp_path / "in-progress.toml").exists()

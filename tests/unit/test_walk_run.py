"""The one surface a front end drives: commands, events handed out, reads that change nothing."""

from __future__ import annotations

import threading
import time
import tomllib
from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes import FakeClock, RecordingPlayer
from tests.unit.test_session import C, F, S, W, make_plan
from walktimer.audio import Cue
from walktimer.audio.streams import Stream
from walktimer.domain.session import Event, Finished, Held, PhaseStarted, Session, Stopped
from walktimer.storage import recover_walks
from walktimer.walk import Saved, WalkRun

PLAN = make_plan((W, 10), (F, 5), (S, 5), (C, 6))


def walk_run(tmp_path: Path, clock: FakeClock, player: RecordingPlayer | None = None) -> WalkRun:
    return WalkRun(
        PLAN,
        player=player or RecordingPlayer(),
        sessions_dir=tmp_path / "sessions",
        checkpoint_dir=tmp_path / "in-progress",
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
    run.answer("pain_before", 4)
    run.answer("pain_after", 3)
    run.answer("notes", "  easy  ")
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
    assert list((tmp_path / "in-progress").iterdir()) == []  # no checkpoint, no lock


def held_run(
    tmp_path: Path, player: RecordingPlayer | None = None
) -> tuple[WalkRun, FakeClock, FakeClock, list[Event], RecordingPlayer]:
    """A walk with both clocks: the walk's own, and the awake one that stops in a suspend."""
    clock, awake, player = FakeClock(), FakeClock(), player or RecordingPlayer()
    run = WalkRun(
        PLAN,
        player=player,
        sessions_dir=tmp_path / "sessions",
        checkpoint_dir=None,
        clock=clock,
        awake=awake,
        wall=clock.wall,
    )
    shown: list[Event] = []
    run.on_events = shown.extend
    run.start()
    return run, clock, awake, shown, player


def test_a_program_stopped_mid_walk_records_the_stop_as_a_pause(tmp_path: Path) -> None:
    run, clock, awake, shown, _ = held_run(tmp_path)
    clock.advance(0.5)
    awake.advance(0.5)
    run.pump()
    wakeup = run.next_wakeup()
    assert wakeup is not None and wakeup - clock.now <= 1.0  # a front end wakes each second
    clock.advance(40.5)  # Ctrl-Z, and `fg` 40 s later: both clocks went on
    awake.advance(40.5)
    run.pump()
    (held,) = [e for e in shown if isinstance(e, Held)]
    assert held.seconds == 40.5  # from its last wake-up, the last moment it is known to have run
    state = run.view().state
    assert (state.index, state.paused_seconds, state.active_seconds) == (0, 40.5, 0.5)


def test_a_suspended_machine_is_walked_time_and_its_stale_cues_stay_silent(
    tmp_path: Path,
) -> None:
    run, clock, _awake, shown, player = held_run(tmp_path)
    clock.advance(12.5)  # the laptop slept: the walk's clock went on, the awake one did not
    run.pump()
    assert not [e for e in shown if isinstance(e, Held)]
    state = run.view().state
    assert (state.index, state.paused_seconds) == (1, 0.0)  # into the fast interval
    changes = [cue for cue, _ in player.played if cue is not Cue.COUNTDOWN]
    assert changes == [Cue.WARMUP]  # the fast cue, 2.5 s late, is not sounded


def test_a_key_pressed_after_a_stop_counts_the_stop_as_a_pause_first(tmp_path: Path) -> None:
    run, clock, awake, shown, _ = held_run(tmp_path)
    clock.advance(30)
    awake.advance(30)
    run.skip()  # the first thing after `fg` is a key
    started = [e for e in shown if isinstance(e, PhaseStarted)]
    assert [e.index for e in started] == [0, 1]  # the warm-up was not walked past: skipped
    summary = run.summary()
    assert (summary.phases[0].actual_seconds, summary.phases[0].skipped) == (0.0, True)
    assert summary.paused_seconds == 30.0


def test_a_walk_is_on_disk_before_its_first_phase_is_shown(tmp_path: Path) -> None:
    clock = FakeClock()
    run = walk_run(tmp_path, clock)
    on_disk: list[list[str]] = []
    run.on_events = lambda events: on_disk.append(
        [p.name for p in (tmp_path / "in-progress").glob("*.toml")]
    )
    run.start()
    assert len(on_disk[0]) == 1  # written and locked before the first line or frame


def test_answers_given_after_the_walk_reach_its_checkpoint_at_once(tmp_path: Path) -> None:
    """A walk killed during the last questions keeps what was answered."""
    clock = FakeClock()
    run = walk_run(tmp_path, clock)
    run.start()
    run.stop("user")
    run.answer("pain_after", 3)
    run.answer("notes", "stiff at first")
    (path,) = (tmp_path / "in-progress").glob("*.toml")
    deadline = time.monotonic() + 5
    while "stiff at first" not in path.read_text() and time.monotonic() < deadline:
        time.sleep(0.01)
    checkpoint = tomllib.loads(path.read_text())
    assert checkpoint["summary"]["pain_after"] == 3
    assert checkpoint["summary"]["notes"] == "stiff at first"


class StoppedWhilePlaying(RecordingPlayer):
    """A player during whose `play` the program is stopped, once armed."""

    stop_for: float = 0.0
    clocks: tuple[FakeClock, ...] = ()

    def play(self, stream: Stream, words: str | None = None) -> float:
        seconds = super().play(stream, words)
        for clock in self.clocks:
            clock.advance(self.stop_for)
        self.stop_for = 0.0
        return seconds


def test_a_stop_that_comes_while_a_change_is_processed_is_a_pause_too(tmp_path: Path) -> None:
    player = StoppedWhilePlaying()
    run, clock, awake, shown, _ = held_run(tmp_path, player)
    for second in range(1, 11):  # woken each second, as promised
        clock.advance(1)
        awake.advance(1)
        if second == 10:  # Ctrl-Z during the fast interval's cue, for 40 s
            player.clocks, player.stop_for = (clock, awake), 40.0
        run.pump()
    run.pump()
    (held,) = [e for e in shown if isinstance(e, Held)]
    assert held.seconds == 40.0
    state = run.view().state
    assert (state.index, state.elapsed, state.paused_seconds) == (1, 0.0, 40.0)


# --- discarding a walk --------------------------------------------------------------------


def ended_walk(tmp_path: Path) -> tuple[WalkRun, FakeClock]:
    clock = FakeClock()
    run = walk_run(tmp_path, clock)
    run.start()
    clock.advance(4)
    run.stop("user")
    run.answer("pain_after", 3)
    return run, clock


def in_progress(tmp_path: Path) -> list[str]:
    folder = tmp_path / "in-progress"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_discarded_walk_goes_to_the_trash_and_never_into_history(tmp_path: Path) -> None:
    run, _ = ended_walk(tmp_path)
    summary_id = run.summary().id
    path = run.discard()
    assert path == tmp_path / "trash" / f"{summary_id}.toml"
    saved = tomllib.loads(path.read_text())
    assert (saved["id"], saved["status"], saved["pain_after"]) == (summary_id, "stopped", 3)
    assert in_progress(tmp_path) == []  # no checkpoint for the next command to save
    later = run.save()
    assert later.discarded and later.path == path
    assert not (tmp_path / "sessions").exists()
    assert run.discard() == path
    assert [p.name for p in (tmp_path / "trash").iterdir()] == [path.name]


def test_discarding_a_walk_already_saved_moves_it_to_the_trash(tmp_path: Path) -> None:
    run, _ = ended_walk(tmp_path)
    saved = run.save()
    assert saved.path is not None
    data = saved.path.read_bytes()
    path = run.discard()
    assert path == tmp_path / "trash" / saved.path.name
    assert path.read_bytes() == data
    assert list((tmp_path / "sessions").iterdir()) == []


def test_a_walk_kept_in_its_checkpoint_after_a_failed_save_is_discarded_too(
    tmp_path: Path,
) -> None:
    (tmp_path / "sessions").write_text("a file where the folder should be")
    run, _ = ended_walk(tmp_path)
    failed = run.save()
    assert failed.error is not None and in_progress(tmp_path) != []
    path = run.discard()
    assert path is not None and path.parent == tmp_path / "trash"
    assert in_progress(tmp_path) == []


def told_run(tmp_path: Path) -> tuple[WalkRun, list[str]]:
    """An ended walk whose front end keeps what it is told."""
    told: list[str] = []
    clock = FakeClock()
    run = WalkRun(
        PLAN,
        player=RecordingPlayer(),
        sessions_dir=tmp_path / "sessions",
        checkpoint_dir=tmp_path / "in-progress",
        clock=clock,
        wall=clock.wall,
        on_problem=told.append,
    )
    run.start()
    clock.advance(4)
    run.stop("user")
    run.answer("pain_after", 3)
    return run, told


def test_a_trash_that_cannot_be_written_keeps_the_walk_for_the_next_command(
    tmp_path: Path,
) -> None:
    (tmp_path / "trash").write_text("a file where the folder should be")
    run, told = told_run(tmp_path)
    summary_id = run.summary().id
    assert run.discard() is None
    (line,) = told
    assert line.startswith(f"cannot put the walk in the trash {tmp_path / 'trash'}: ")
    assert "not discarded" in line and str(tmp_path / "in-progress") in line
    assert in_progress(tmp_path) == [f"{summary_id}.toml"]
    (recovered,) = recover_walks(tmp_path / "in-progress", tmp_path / "sessions")
    assert recovered.saved == tmp_path / "sessions" / f"{summary_id}.toml"
    saved = tomllib.loads(recovered.saved.read_text())
    assert (saved["status"], saved["pain_after"]) == ("stopped", 3)


def test_a_walk_the_trash_cannot_take_is_saved_by_a_later_save_all_the_same(
    tmp_path: Path,
) -> None:
    (tmp_path / "trash").write_text("a file where the folder should be")
    run, _ = told_run(tmp_path)
    assert run.discard() is None
    later = run.save()
    assert not later.discarded and later.path is not None and later.path.exists()
    assert recover_walks(tmp_path / "in-progress", tmp_path / "sessions") == []
    assert list((tmp_path / "sessions").iterdir()) == [later.path]


def test_a_saved_walk_the_trash_cannot_take_stays_saved_and_counts(tmp_path: Path) -> None:
    run, told = told_run(tmp_path)
    saved = run.save()
    assert saved.path is not None
    (tmp_path / "trash").write_text("a file where the folder should be")
    assert run.discard() is None
    (line,) = told
    assert line.startswith(f"cannot move {saved.path} to {tmp_path / 'trash'}: ")
    assert line.endswith("; the walk was not discarded and stays in your history")
    assert run.save() == saved and not run.save().discarded
    assert saved.path.exists()

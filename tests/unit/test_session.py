"""The session engine, driven by a fake clock: no sleeps, exact times."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes import FakeClock
from walktimer.domain.plan import Phase, PhaseKind, Plan
from walktimer.domain.session import (
    Countdown,
    Event,
    Finished,
    Held,
    PhaseStarted,
    Session,
    Status,
)


def make_plan(*spec: tuple[PhaseKind, int]) -> Plan:
    phases, offset, rounds = [], 0, 0
    for kind, seconds in spec:
        if kind is PhaseKind.FAST:
            rounds += 1
        number = rounds if kind.is_interval else None
        phases.append(Phase(kind, kind.value, seconds, "", number, offset))
        offset += seconds
    return Plan("w", "W", "none", "none", max(rounds, 1), 30, 30, tuple(phases))


W, F, S, C = PhaseKind.WARMUP, PhaseKind.FAST, PhaseKind.SLOW, PhaseKind.COOLDOWN
PLAN = make_plan((W, 10), (F, 30), (S, 30), (F, 30), (S, 30), (C, 20))


def started(plan: Plan = PLAN) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    session = Session(plan, clock)
    session.start()
    return session, clock


def test_without_pauses_the_walk_ends_exactly_at_the_planned_total() -> None:
    session, clock = started()
    clock.advance(PLAN.total_seconds - 0.001)
    assert session.state().status is Status.RUNNING
    clock.advance(0.001)
    events = session.drain()
    assert session.status is Status.FINISHED
    assert session.ended_at == 1000.0 + PLAN.total_seconds
    assert isinstance(events[-1], Finished)
    assert events[-1].at == 1000.0 + PLAN.total_seconds


def test_phase_changes_happen_at_their_exact_planned_times() -> None:
    session, clock = started()
    clock.advance(PLAN.total_seconds + 5)
    starts = [e.at - 1000.0 for e in session.drain() if isinstance(e, PhaseStarted)]
    assert starts == [float(p.start) for p in PLAN.phases]


def test_countdown_comes_three_two_one_seconds_before_interval_changes_only() -> None:
    session, clock = started()
    clock.advance(PLAN.total_seconds)
    countdowns = [
        (e.index, e.seconds, e.at - 1000.0) for e in session.drain() if isinstance(e, Countdown)
    ]
    # The warm-up ends into an interval, each interval ends, the cool-down ends into nothing.
    expected = [(i, s, PLAN.phases[i].end - s) for i in range(5) for s in (3, 2, 1)]
    assert countdowns == expected


def test_pause_across_phase_boundary_keeps_remaining() -> None:
    session, clock = started()
    clock.advance(8)
    session.pause()
    clock.advance(600)
    state = session.state()
    assert (state.index, state.remaining, state.status) == (0, 2.0, Status.PAUSED)
    session.resume()
    clock.advance(1.5)
    assert session.state().remaining == 0.5
    clock.advance(0.5)
    session.drain()
    assert session.state().index == 1
    assert session.state().paused_seconds == 600


def test_skip_starts_the_next_phase_now_and_marks_the_skipped_one() -> None:
    session, clock = started()
    clock.advance(4)
    session.skip()
    state = session.state()
    assert (state.index, state.elapsed) == (1, 0.0)
    assert session.records[0].skipped
    assert session.records[0].actual_seconds == 4


def test_back_restarts_the_phase_after_three_seconds_and_goes_back_before() -> None:
    session, clock = started()
    clock.advance(12)  # 2 s into the first fast interval
    session.back()
    assert session.state().index == 0  # under 3 s old: back to the warm-up
    clock.advance(5)
    session.back()
    assert (session.state().index, session.state().elapsed) == (0, 0.0)  # restarted


def test_skipping_the_last_phase_finishes_the_walk() -> None:
    session, clock = started(make_plan((F, 5)))
    clock.advance(1)
    session.skip()
    assert session.status is Status.FINISHED
    assert isinstance(session.drain()[-1], Finished)


def test_stop_keeps_what_was_walked_and_the_reason() -> None:
    session, clock = started()
    clock.advance(25)
    session.stop("pain")
    clock.advance(100)
    state = session.state()
    assert (session.status, session.stop_reason) == (Status.STOPPED, "pain")
    assert state.active_seconds == 25
    assert [r.actual_seconds for r in session.records[:2]] == [10, 15]


def test_state_before_start_shows_the_first_phase_in_full() -> None:
    session = Session(PLAN, FakeClock())
    state = session.state()
    assert (state.status, state.index, state.remaining) == (Status.READY, 0, 10)


# --- properties over random use ----------------------------------------------------------

ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("advance"), st.floats(min_value=0.0, max_value=40.0)),
        st.tuples(st.sampled_from(["pause", "resume", "skip", "back", "toggle"]), st.just(0.0)),
    ),
    max_size=40,
)
PLANS = st.lists(
    st.tuples(st.sampled_from([W, F, S, C]), st.integers(min_value=1, max_value=20)),
    min_size=1,
    max_size=8,
).map(lambda spec: make_plan(*spec))


@settings(max_examples=300, deadline=None)
@given(plan=PLANS, actions=ACTIONS)
def test_engine_invariants_hold_under_any_use(plan: Plan, actions: list[tuple[str, float]]) -> None:
    session, clock = started(plan)
    start = clock.now
    delivered: list[Event] = session.drain()
    previous_index = 0
    for action, amount in actions:
        if action == "advance":
            clock.advance(amount)
        else:
            {
                "pause": session.pause,
                "resume": session.resume,
                "skip": session.skip,
                "back": session.back,
                "toggle": session.toggle_pause,
            }[action]()
        delivered += session.drain()
        state = session.state()
        # Phases only move forward, except on back.
        if action != "back":
            assert state.index >= previous_index
        previous_index = state.index
        # Remaining time is never negative, nor more than planned.
        assert 0.0 <= state.remaining <= (state.phase.seconds if state.phase else 0)
        # Active and paused time add up to the wall time since the start.
        end = session.ended_at if session.ended_at is not None else clock.now
        assert abs(state.active_seconds + state.paused_seconds - (end - start)) < 1e-6
        assert state.active_seconds >= -1e-9 and state.paused_seconds >= 0.0
    # Each event is delivered exactly once: draining again adds nothing, and within each visit
    # of a phase every countdown second comes once, in order, then at most one Finished last.
    assert session.drain() == []
    assert_well_formed(delivered)
    assert sum(isinstance(e, Finished) for e in delivered) == (session.status is Status.FINISHED)
    # The record of each phase adds up to the active time.
    total_recorded = sum(r.actual_seconds for r in session.records)
    if not session.active:
        assert abs(total_recorded - session.state().active_seconds) < 1e-6


def assert_well_formed(events: list[Event]) -> None:
    assert isinstance(events[0], PhaseStarted) and events[0].index == 0
    visit: PhaseStarted = events[0]
    counted: list[int] = []
    for event in events[1:]:
        assert event.at >= visit.at
        if isinstance(event, PhaseStarted):
            visit, counted = event, []
        elif isinstance(event, Countdown):
            assert event.index == visit.index
            assert not counted or event.seconds < counted[-1]
            counted.append(event.seconds)
        else:
            assert event is events[-1]


@settings(max_examples=200, deadline=None)
@given(plan=PLANS, steps=st.lists(st.floats(min_value=0.001, max_value=7.0), max_size=200))
def test_without_pauses_or_skips_the_walk_finishes_exactly_at_the_total(
    plan: Plan, steps: list[float]
) -> None:
    session, clock = started(plan)
    for step in steps:
        clock.advance(step)
        session.drain()
    clock.now = 1000.0 + plan.total_seconds + 1
    session.drain()
    assert session.ended_at == 1000.0 + plan.total_seconds
    assert session.state().active_seconds == plan.total_seconds


def test_a_hold_lets_what_was_due_happen_then_counts_the_rest_as_paused() -> None:
    session, clock = started()
    session.drain()
    clock.advance(50)  # stopped at 14 s (4 s into the first fast interval), continued at 50 s
    session.hold(since=1014.0)
    events = session.drain()
    assert [(e.index, e.at) for e in events if isinstance(e, PhaseStarted)] == [(1, 1010.0)]
    assert [e for e in events if isinstance(e, Held)] == [Held(36.0, 1050.0)]
    state = session.state()
    assert (state.index, state.elapsed, state.paused_seconds) == (1, 4.0, 36.0)


def test_a_hold_while_paused_changes_nothing() -> None:
    session, clock = started()
    clock.advance(2)
    session.pause()
    clock.advance(30)
    session.hold(since=1005.0)
    assert not [e for e in session.drain() if isinstance(e, Held)]
    session.resume()
    assert session.state().paused_seconds == 30.0


def test_upcoming_lists_what_drain_will_hand_out_up_to_the_next_change() -> None:
    session, clock = started()
    session.drain()
    first = PLAN.phases[1]
    assert session.upcoming() == [
        Countdown(0, 3, 1007.0),
        Countdown(0, 2, 1008.0),
        Countdown(0, 1, 1009.0),
        PhaseStarted(1, first, 1010.0),
    ]
    clock.advance(7.5)
    assert session.drain() == [Countdown(0, 3, 1007.0)]
    assert session.upcoming() == [
        Countdown(0, 2, 1008.0),
        Countdown(0, 1, 1009.0),
        PhaseStarted(1, first, 1010.0),
    ]
    assert session.upcoming() == session.upcoming()  # a read: nothing is handed out
    clock.advance(2.5)
    assert session.drain() == [
        Countdown(0, 2, 1008.0),
        Countdown(0, 1, 1009.0),
        PhaseStarted(1, first, 1010.0),
    ]


def test_upcoming_moves_with_a_pause_and_is_empty_while_paused_or_ended() -> None:
    session, clock = started()
    clock.advance(5)
    session.pause()
    assert session.upcoming() == []
    clock.advance(60)
    session.resume()
    assert session.upcoming()[-1] == PhaseStarted(1, PLAN.phases[1], 1070.0)
    assert session.upcoming()[0] == Countdown(0, 3, 1067.0)
    session.stop()
    assert session.upcoming() == []
    assert Session(PLAN, clock).upcoming() == []  # not started yet


def test_the_last_phase_ends_in_the_walks_end_and_a_cooldown_has_no_countdown() -> None:
    session, clock = started()
    clock.advance(PLAN.total_seconds - 5)
    session.drain()
    assert session.upcoming() == [Finished(1000.0 + PLAN.total_seconds)]


@settings(max_examples=100, deadline=None)
@given(
    actions=st.lists(
        st.tuples(
            st.sampled_from(["advance", "pause", "resume", "skip", "back"]),
            st.floats(min_value=0.0, max_value=40.0),
        ),
        max_size=20,
    )
)
def test_upcoming_is_what_drain_hands_out_when_the_phase_is_left_to_run(
    actions: list[tuple[str, float]],
) -> None:
    session, clock = started()
    for action, seconds in actions:
        if action == "advance":
            clock.advance(seconds)
        else:
            getattr(session, action)()
    session.drain()
    upcoming = session.upcoming()
    if session.status is not Status.RUNNING:
        assert upcoming == []
        return
    clock.now = upcoming[-1].at  # the change at the end of the phase
    assert session.drain() == upcoming

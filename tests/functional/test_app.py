"""The app as a whole: home, keys and palette, closing signals, literal text, small terminals."""

from __future__ import annotations

import os
import signal
import threading
from datetime import datetime, timedelta

import pytest
from textual.widgets import OptionList

from tests.conftest import Xdg
from tests.fakes import FROZEN, FakeClock
from tests.functional.conftest import (
    AppMaker,
    printed,
    saved,
    settle,
    shown,
    start_now,
    write_past_walks,
)
from walktimer.domain.plan import Plan
from walktimer.domain.questions import Answers
from walktimer.domain.session import State, Status
from walktimer.tui.screens.before_walk import BeforeWalkScreen
from walktimer.tui.screens.dialogs import HelpScreen
from walktimer.tui.screens.history import HistoryScreen
from walktimer.tui.screens.home import HomeScreen
from walktimer.tui.screens.walk import GET_READY_SECONDS, WalkScreen, wake_delay
from walktimer.tui.widgets.big_word import BigWord
from walktimer.tui.widgets.recent import RecentWalks
from walktimer.tui.widgets.timeline import Timeline
from walktimer.walk import Sound, WalkView

WALK_KEYS = (
    "Start now",
    "Pause",
    "Resume",
    "Skip",
    "Back",
    "Mute",
    "Clicks off",
    "Clicks on",
    "Louder",
    "Softer",
    "Pain stop",
    "Stop",
    "Help",
)
# While a walk without a cadence walks (the metronome's keys are for a walk that has one).
NOT_WALKING = ("Start now", "Resume", "Clicks off", "Clicks on")
WALKING = [key for key in WALK_KEYS if key not in NOT_WALKING]


def view(status: Status, remaining: float, now: float, wall: datetime = FROZEN) -> WalkView:
    """A walk's view at `now`, `remaining` seconds before the end of its phase."""
    state = State(
        status=status,
        index=0,
        phase=None,
        elapsed=0.0,
        remaining=remaining,
        active_seconds=0.0,
        paused_seconds=0.0,
        position=0.0,
        total_seconds=60,
    )
    plan = Plan("w", "Walk", "none", "none", rounds=0, fast_seconds=0, slow_seconds=0)
    return WalkView(plan, state, Sound("test", False, 80), Answers(), now, wall)


def test_the_timer_wakes_at_the_next_whole_second_of_the_countdown() -> None:
    assert wake_delay(view(Status.RUNNING, 27.3, 0.0), None) == pytest.approx(0.301)
    assert wake_delay(view(Status.RUNNING, 27.0, 0.0), None) == pytest.approx(1.001)


def test_the_timer_wakes_at_a_boundary_or_cue_when_that_comes_first() -> None:
    assert wake_delay(view(Status.RUNNING, 27.5, 100.0), 100.2) == pytest.approx(0.201)
    assert wake_delay(view(Status.RUNNING, 27.5, 100.0), 99.0) == pytest.approx(0.001)


def test_a_paused_walk_wakes_only_for_the_next_minute_or_checkpoint() -> None:
    wall = FROZEN + timedelta(seconds=15)
    assert wake_delay(view(Status.PAUSED, 27.5, 0.0, wall), None) == pytest.approx(45.001)
    assert wake_delay(view(Status.PAUSED, 27.5, 0.0, wall), 10.0) == pytest.approx(10.001)


async def test_every_walk_key_has_an_id_a_tooltip_and_a_palette_command(
    make: AppMaker,
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        bindings = [b for b in WalkScreen.BINDINGS if not isinstance(b, tuple)]
        assert [b.description for b in bindings] == list(WALK_KEYS)
        assert all(b.id and b.tooltip for b in bindings)
        commands = {c.title: c for c in app.get_system_commands(screen)}
        assert set(WALKING) <= set(commands)
        await commands["Pause"].callback()  # the palette's command does what the key does
        await pilot.pause()
        assert "PAUSED" in shown(app, "#paused")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = shown(app, "#keys")
        for description in ["Resume" if key == "Pause" else key for key in WALKING]:
            assert description in help_text  # paused: space now resumes


@pytest.mark.parametrize("closing", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
async def test_a_closing_signal_mid_walk_saves_it_at_once_as_stopped(
    make: AppMaker, clock: FakeClock, xdg: Xdg, closing: signal.Signals
) -> None:
    """SIGTERM, or a closed terminal (SIGHUP), is a stop: `stopped`, by the walker, saved at
    once with the answers given; never left to be found later as `interrupted`."""
    app = make(plan=make.plan())
    async with app.run_test() as pilot:
        await pilot.press("4", "enter")
        await pilot.pause()
        await start_now(pilot)
        clock.advance(8)
        await pilot.pause()
        assert signal.getsignal(closing) is not signal.SIG_DFL  # caught, so safe to send
        os.kill(os.getpid(), closing)
        await pilot.pause()
        await pilot.pause()
    [summary] = saved(xdg)
    assert (summary.status, summary.stop_reason, summary.pain_before) == ("stopped", "user", 4)
    assert summary.active_seconds == 8
    assert xdg.checkpoint_files() == []
    assert signal.getsignal(closing) is signal.SIG_DFL  # given back on the way out


async def test_the_walk_gets_ready_after_the_questions_and_not_with_no_prompts(
    make: AppMaker, clock: FakeClock
) -> None:
    asked = make(plan=make.plan())
    async with asked.run_test() as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        screen = asked.screen
        assert isinstance(screen, WalkScreen)
        clock.advance(GET_READY_SECONDS - 0.1)
        screen.wake()
        assert not screen.walk_run.started  # the get-ready countdown runs first
        clock.advance(0.1)
        screen.wake()
        assert screen.walk_run.started
    unasked = make(plan=make.plan(), prompts=False)
    async with unasked.run_test() as pilot:
        await pilot.pause()
        assert isinstance(unasked.screen, WalkScreen)
        assert unasked.screen.walk_run.started


async def test_the_bell_may_be_rung_from_any_thread_and_rings_on_the_apps_own(
    make: AppMaker,
) -> None:
    app = make()
    rung: list[int] = []
    app.bell = lambda: rung.append(threading.get_ident())  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await pilot.pause()
        ringer = threading.Thread(target=lambda: [app.ring() for _ in range(3)])
        ringer.start()
        ringer.join(timeout=5)
        app.ring()
        await pilot.pause()
        await pilot.pause()
        assert rung == [threading.get_ident()] * 4
    app.ring()  # after the app has closed: nothing, and no error


async def test_sighup_on_the_end_screen_keeps_what_was_typed(make: AppMaker, xdg: Xdg) -> None:
    app = make(plan=make.plan())
    async with app.run_test() as pilot:
        await pilot.press("enter", "enter", "p", "6", "2")
        await pilot.press(*"sore")
        await pilot.pause()
        os.kill(os.getpid(), signal.SIGHUP)
        await pilot.pause()
        await pilot.pause()
    [summary] = saved(xdg)
    assert (summary.stop_reason, summary.pain_after, summary.effort) == ("pain", 6, 2)
    assert summary.notes == "sore"


async def test_quitting_mid_walk_saves_it_as_stopped(make: AppMaker, xdg: Xdg) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert [(s.status, s.stop_reason) for s in saved(xdg)] == [("stopped", "user")]


NASTY_WALK = """\
kind = "walk"
name = "[bold]x[/"
description = "[red]not red[/red]"
warmup = "none"
cooldown = "none"

[intervals]
fast_seconds = 5
slow_seconds = 5
rounds = 1
fast_tip = "[link=http://x]tip[/link]"
"""


async def test_text_from_presets_is_shown_literally(make: AppMaker, xdg: Xdg) -> None:
    (xdg.presets / "nasty.toml").write_text(NASTY_WALK)
    app = make(plan=make.plan("nasty"), prompts=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert shown(app, "#walk-name") == "[bold]x[/"
        assert shown(app, "#tip") == "[link=http://x]tip[/link]"
    home = make()
    async with home.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walks = home.screen.query_one("#walks", OptionList)
        walks.highlighted = walks.get_option_index("nasty")
        await pilot.pause()
        assert shown(home, "#description") == "[red]not red[/red]"
        assert "[bold]x[/" in str(walks.get_option("nasty").prompt)


async def test_small_terminals_and_resizing_mid_walk_do_not_crash(
    make: AppMaker, clock: FakeClock
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for size in ((40, 12), (20, 6), (10, 3), (120, 40), (80, 24)):
            await pilot.resize_terminal(*size)
            clock.advance(1.5)
            await pilot.pause()
            assert isinstance(app.screen, WalkScreen)
            app.screen.wake()
            await pilot.pause()
        assert app.screen.query_one("#kind", BigWord).word == "FAST"


async def test_home_lists_unusable_presets_last_with_their_reason(make: AppMaker, xdg: Xdg) -> None:
    (xdg.presets / "broken.toml").write_text('kind = "walk"\nname = "Broken"\n')
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        option = app.screen.query_one("#walks", OptionList).get_option("broken")
        assert not option.disabled  # highlighted, it explains itself
        assert "unusable: " in str(option.prompt)
        assert "intervals: missing required key" in str(option.prompt)


async def test_home_timeline_follows_the_choices_and_s_starts_that_walk(
    make: AppMaker,
) -> None:
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        timeline = app.screen.query_one(Timeline)
        assert "Total 0:30" in str(timeline.render())
        assert "ends at 09:30" in str(timeline.render())
        cooldowns = app.screen.query_one("#cooldowns", OptionList)
        cooldowns.highlighted = cooldowns.get_option_index("none")
        await pilot.pause()
        assert "Total 0:24" in str(timeline.render())
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, BeforeWalkScreen)
        assert [p.kind.value for p in app.screen.plan.phases][-1] == "slow"


async def test_a_walk_from_home_returns_home_after_the_save(
    make: AppMaker, clock: FakeClock, xdg: Xdg
) -> None:
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s", "enter", "enter")
        await pilot.pause()
        await start_now(pilot)
        clock.advance(30)
        assert isinstance(app.screen, WalkScreen)
        app.screen.wake()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Tiny walk" in str(app.screen.query_one(RecentWalks).render())  # read again
    assert [s.status for s in saved(xdg)] == ["completed"]


def test_frozen_wall_clock_is_what_the_tests_assume() -> None:
    assert FROZEN.isoformat() == datetime(2026, 3, 4, 9, 30, tzinfo=FROZEN.tzinfo).isoformat()


async def test_home_shows_recent_walks_and_this_weeks_count_against_the_goal(
    make: AppMaker, xdg: Xdg
) -> None:
    write_past_walks(xdg)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        recent = app.screen.query_one(RecentWalks).render()
        text = printed(recent)
        assert "This week: 2 of 3 walks" in text
        lines = [line.split() for line in text.splitlines()[1:]]
        assert [line[:4] for line in lines] == [
            ["Tue", "03", "Mar", "Tiny"],
            ["Mon", "02", "Mar", "Classic"],
            ["Wed", "25", "Feb", "First"],
        ]
        assert lines[1][-6:] == ["min", "stopped", "(pain)", "5", "->", "7"]
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert len(app.screen.summaries) == 3

"""The cadence screen driven by a fake clock (taps timed by it, its timer's wake called as the
timer would), and what home does with the pace: the fast intervals at it, shown, started,
remembered, kept across walks and reset."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.conftest import Xdg
from tests.fakes import FROZEN, FakeClock
from tests.functional.conftest import AppMaker, past_walk, printed, settle, shown, told
from walktimer.storage import write_summary
from walktimer.storage.choices import FILE_NAME, Choices, read_choices
from walktimer.tui.app import WalktimerApp
from walktimer.tui.screens.before_walk import BeforeWalkScreen
from walktimer.tui.screens.cadence import GRACE_SECONDS, CadenceScreen
from walktimer.tui.screens.home import HomeScreen
from walktimer.tui.widgets.big_word import BigWord
from walktimer.tui.widgets.countdown import BigCountdown
from walktimer.tui.widgets.timeline import Timeline

PACED = """\
kind = "walk"
name = "Paced walk"
warmup = "none"
cooldown = "none"

[intervals]
fast_seconds = 30
slow_seconds = 30
rounds = 2
fast_cadence = 110
slow_cadence = 90
"""


def cadence(app: WalktimerApp) -> CadenceScreen:
    screen = app.screen
    assert isinstance(screen, CadenceScreen)
    return screen


def home(app: WalktimerApp) -> HomeScreen:
    screen = app.screen
    assert isinstance(screen, HomeScreen)
    return screen


def big(app: WalktimerApp, selector: str) -> str:
    return app.screen.query_one(selector, BigWord).word


def pace(app: WalktimerApp) -> str:
    return app.screen.query_one("#pace", BigCountdown).time


async def tap(pilot: Pilot[None], clock: FakeClock, count: int, every: float = 0.5) -> None:
    """`count` steps, `every` seconds apart on the fake clock, space and Enter in turn."""
    for number in range(count):
        if number:
            clock.advance(every)
        await pilot.press("enter" if number % 2 else "space")
    await pilot.pause()


async def later(pilot: Pilot[None], clock: FakeClock, seconds: float) -> None:
    """Move the clock and wake the screen, as its timer would at that moment."""
    clock.advance(seconds)
    screen = pilot.app.screen
    if isinstance(screen, CadenceScreen):
        screen.wake()
    await pilot.pause()


async def opened(pilot: Pilot[None], clock: FakeClock, *, can_use: bool = True) -> list[int | None]:
    """The cadence screen over home, on the test's clock; what it is dismissed with."""
    given: list[int | None] = []
    await pilot.pause()
    pilot.app.push_screen(CadenceScreen(clock, can_use=can_use), given.append)
    await pilot.pause()
    return given


# --- the screen -----------------------------------------------------------------------------


async def test_the_seconds_start_at_the_first_tap_and_the_pace_shows_from_the_fourth(
    make: AppMaker,
) -> None:
    app, clock = make(), make.clock
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, clock)
        assert (big(app, "#taps"), big(app, "#left"), pace(app)) == ("0 taps", "20 s left", "")
        await later(pilot, clock, 30)  # no tap yet: nothing counts down
        assert big(app, "#left") == "20 s left"
        await tap(pilot, clock, 3)
        assert (big(app, "#taps"), pace(app)) == ("3 taps", "")
        assert "from tap 4 on" in shown(app, "#pace-label")
        await tap(pilot, clock, 1)  # straight after the third: a doubled tap, left out
        await later(pilot, clock, 0.5)
        await tap(pilot, clock, 3)
        assert (big(app, "#taps"), pace(app)) == ("7 taps", "120")
        assert shown(app, "#pace-label") == "steps a minute"
        assert big(app, "#left") == "18 s left"  # 2.5 s since the first tap


async def test_the_time_ends_the_measuring_and_a_late_enter_is_not_a_choice(
    make: AppMaker,
) -> None:
    app, clock = make(), make.clock
    async with app.run_test(size=(80, 24)) as pilot:
        given = await opened(pilot, clock)
        await tap(pilot, clock, 40)  # 19.5 s
        await later(pilot, clock, 0.5)
        screen = cadence(app)
        assert screen.measured is not None
        assert (big(app, "#left"), pace(app)) == ("done", "120")
        result = shown(app, "#result")
        assert "Your cadence: 120 steps a minute (from 40 taps)." in result
        assert "Enter: your fast intervals at 120 steps a minute, on every walk until r" in result
        assert "Esc: back without it" in result
        await pilot.press("space", "enter")  # a step or two tapped after the end
        assert app.screen is screen and given == []
        await later(pilot, clock, GRACE_SECONDS)
        await pilot.press("enter")
        await pilot.pause()
        assert given == [120]
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("keys", [["enter"], ["space", "enter"]], ids=["enter", "both"])
async def test_taps_going_on_past_the_end_choose_nothing_until_a_pause(
    make: AppMaker, keys: list[str]
) -> None:
    app, clock = make(), make.clock
    async with app.run_test(size=(80, 24)) as pilot:
        given = await opened(pilot, clock)
        await tap(pilot, clock, 40)  # 19.5 s
        await later(pilot, clock, 0.5)  # the time runs out
        screen = cadence(app)
        assert screen.measured is not None
        for number in range(10):  # the walker on the treadmill taps on for 5 s
            clock.advance(0.5)
            await pilot.press(keys[number % len(keys)])
        await pilot.pause()
        assert app.screen is screen and given == []
        clock.advance(1.2)  # a pause, then Enter
        await pilot.press("enter")
        await pilot.pause()
        assert given == [120]


async def test_escape_ends_sooner_and_escape_again_goes_back_without_it(make: AppMaker) -> None:
    app, clock = make(), make.clock
    async with app.run_test(size=(80, 24)) as pilot:
        given = await opened(pilot, clock)
        await tap(pilot, clock, 10, every=0.6)
        await pilot.press("escape")
        await pilot.pause()
        assert "Your cadence: 100 steps a minute (from 10 taps)." in shown(app, "#result")
        await pilot.press("escape")
        await pilot.pause()
        assert given == [None]


async def test_q_ends_it_and_enter_at_once_uses_it(make: AppMaker) -> None:
    app, clock = make(), make.clock
    async with app.run_test(size=(80, 24)) as pilot:
        given = await opened(pilot, clock)
        await tap(pilot, clock, 8, every=0.45)
        await pilot.press("q", "enter")  # ended by the walker: no grace to wait for
        await pilot.pause()
        assert given == [133]


async def test_too_few_taps_say_so_and_enter_uses_nothing(make: AppMaker) -> None:
    app, clock = make(), make.clock
    async with app.run_test(size=(80, 24)) as pilot:
        given = await opened(pilot, clock)
        await tap(pilot, clock, 3)
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert pace(app) == ""
        assert shown(app, "#result").startswith(
            "Too few steps to tell your cadence (3 taps; at least 4 are needed)."
        )
        assert given == []
        await pilot.press("escape")
        await pilot.pause()
        assert given == [None]


async def test_a_pace_beyond_the_metronome_offers_the_nearest(make: AppMaker) -> None:
    app, clock = make(), make.clock
    async with app.run_test(size=(80, 24)) as pilot:
        given = await opened(pilot, clock)
        await tap(pilot, clock, 12, every=0.25)
        await pilot.press("escape")
        await pilot.pause()
        result = shown(app, "#result")
        assert "Your cadence: 240 steps a minute" in result
        assert "240 is more, so 200 is the nearest." in result
        assert "at 200 steps a minute" in result
        await pilot.press("enter")
        await pilot.pause()
        assert given == [200]


async def test_with_no_walk_to_set_enter_does_nothing(make: AppMaker) -> None:
    app, clock = make(), make.clock
    async with app.run_test(size=(80, 24)) as pilot:
        given = await opened(pilot, clock, can_use=False)
        await tap(pilot, clock, 6)
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert "choose a walk there" in shown(app, "#result")
        assert given == []


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_the_pace_is_large_and_everything_fits(make: AppMaker, size: tuple[int, int]) -> None:
    app, clock = make(), make.clock
    async with app.run_test(size=size) as pilot:
        await opened(pilot, clock)
        await tap(pilot, clock, 8)
        assert app.screen.query_one("#pace", BigCountdown).scale >= 2  # readable from a step away
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        footer_top = size[1] - 1
        for selector in ("#pace-label", "#counts", "#result"):
            region = screen.query_one(selector).region
            assert region.height > 0 and region.bottom <= footer_top, selector
        assert screen.query_one("#result").region.height == 3  # the result and the two keys


# --- home -----------------------------------------------------------------------------------


async def measured_on_home(pilot: Pilot[None], clock: FakeClock, every: float = 0.5) -> None:
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CadenceScreen)
    await tap(pilot, clock, 12, every)
    await pilot.press("escape", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen)


async def test_c_on_home_sets_the_fast_intervals_and_s_remembers_it(
    make: AppMaker, xdg: Xdg
) -> None:
    app, clock = make(), make.clock
    async with app.run_test(size=(120, 40)) as pilot:
        await measured_on_home(pilot, clock)
        screen = home(app)
        assert screen.plan is not None
        assert (screen.plan.fast_cadence, screen.plan.slow_cadence) == (120, None)
        intervals = shown(app, "#intervals")
        assert "Metronome: fast 0:05 at 120 steps/min" in intervals
        assert "The walk's own: 2 rounds, 0:05 fast (no metronome), 0:04 slow" in intervals
        assert "2 × 0:05 fast at 120 steps/min + 0:04 slow" in printed(
            app.screen.query_one(Timeline).render()
        )
        assert "Fast intervals at 120 steps a minute, on every walk until r." in told(app)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, BeforeWalkScreen)
        assert [p.cadence for p in app.screen.plan.phases if p.kind.is_interval] == [
            120,
            None,
        ] * 2
    assert read_choices(xdg.remembered) == Choices(walk="tiny", fast_cadence=120)
    again = make()
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert home(again).plan is not None
        assert home(again).plan.fast_cadence == 120  # type: ignore[union-attr]
        assert "Metronome: fast 0:05 at 120 steps/min" in shown(again, "#intervals")


async def test_the_walks_own_slow_pace_stays_beside_a_measured_fast_one(
    make: AppMaker, xdg: Xdg
) -> None:
    (xdg.presets / "paced.toml").write_text(PACED)
    app, clock = make(), make.clock
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walks = app.screen.query_one("#walks", OptionList)
        walks.highlighted = walks.get_option_index("paced")
        await pilot.pause()
        assert "Metronome: fast 0:30 at 110 steps/min, slow 0:30 at 90 steps/min" in shown(
            app, "#intervals"
        )
        await measured_on_home(pilot, clock, every=0.6)
        plan = home(app).plan
        assert plan is not None
        assert (plan.fast_cadence, plan.slow_cadence) == (100, 90)
        intervals = shown(app, "#intervals")
        assert "Metronome: fast 0:30 at 100 steps/min, slow 0:30 at 90 steps/min" in intervals
        assert "The walk's own: 2 rounds, 0:30 fast at 110 steps/min, 0:30 slow" in intervals


async def test_the_pace_stays_when_another_walk_is_chosen_and_r_clears_it(
    make: AppMaker, xdg: Xdg
) -> None:
    app, clock = make(), make.clock
    async with app.run_test(size=(120, 40)) as pilot:
        await measured_on_home(pilot, clock)
        walks = app.screen.query_one("#walks", OptionList)
        walks.highlighted = walks.get_option_index("first-steps")
        await pilot.pause()
        screen = home(app)
        assert screen.plan is not None and screen.plan.fast_cadence == 120
        assert screen.check_action("reset", ())
        await pilot.press("r")
        await pilot.pause()
        assert screen.plan is not None and screen.plan.fast_cadence is None
        assert "Metronome" not in shown(app, "#intervals")
        assert screen.pickers.adjusted == {}


async def test_a_remembered_pace_beyond_the_metronome_is_passed_over(
    make: AppMaker, xdg: Xdg
) -> None:
    xdg.remembered.mkdir(parents=True)
    (xdg.remembered / FILE_NAME).write_text('walk = "tiny"\nfast_cadence = 250\n')
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        [line] = told(app)
        assert line.startswith("Your last choices were not used: ")
        assert line.endswith("fast_cadence: expected an integer <= 200, got 250")
        assert home(app).plan is not None
        assert home(app).plan.fast_cadence is None  # type: ignore[union-attr]


def three_good_walks(xdg: Xdg) -> None:
    """Walks that went well: home suggests a little more (`a`)."""
    for days in (3, 2, 1):
        started = FROZEN - timedelta(days=days)
        write_summary(past_walk(started, "first-steps", pain=(4, 3)), xdg.sessions)


def footer_words(app: WalktimerApp) -> str:
    """The words of the footer's keys wholly on screen."""
    width = app.size.width
    keys = app.screen.query("Footer FooterKey")
    return " ".join(str(key.render()) for key in keys if 0 < key.region.right <= width)


@pytest.mark.parametrize(("width", "in_footer"), [(80, False), (120, True)])
async def test_c_leaves_the_footer_to_the_suggestion_when_narrow_and_stays_a_key(
    make: AppMaker, xdg: Xdg, width: int, in_footer: bool
) -> None:
    three_good_walks(xdg)
    app, clock = make(), make.clock
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        words = footer_words(app)
        assert "Next" in words and "Quit" in words
        assert ("Cadence" in words) is in_footer
        await measured_on_home(pilot, clock)
        await pilot.press("a")  # the suggested walk, at the pace measured
        await pilot.pause()
        assert home(app).pickers.choices() == Choices(
            walk="first-steps", warmup="none", cooldown="none", rounds=6, fast_cadence=120
        )


async def test_without_a_suggestion_c_is_in_the_footer_at_80_columns(make: AppMaker) -> None:
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Cadence" in footer_words(app)

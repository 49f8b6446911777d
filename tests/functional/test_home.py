"""Home: rounds and seconds by key, choices remembered, the suggestion, help, what each preset
holds, broken presets, the sound, the words of recent walks, what is done off the screen's
thread."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import msgspec
import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from tests.conftest import Xdg
from tests.fakes import FROZEN, RecordingPlayer
from tests.functional.conftest import (
    AppMaker,
    past_walk,
    printed,
    settle,
    shown,
    told,
    write_past_walks,
)
from walktimer.audio import Player
from walktimer.config import Config, Defaults
from walktimer.domain.plan import Plan
from walktimer.storage import write_summary
from walktimer.storage.choices import FILE_NAME, Choices, read_choices
from walktimer.tui.app import PlayerFactory, WalktimerApp, make_app
from walktimer.tui.screens.before_walk import BeforeWalkScreen
from walktimer.tui.screens.help import HomeHelp
from walktimer.tui.screens.home import HomeScreen
from walktimer.tui.widgets.pickers import step_value
from walktimer.tui.widgets.recent import History, RecentWalks, read_history
from walktimer.tui.widgets.timeline import Timeline

LONG_COOL = """\
kind = "cooldown"
name = "Long stretches"
description = "Many stretches, to make the timeline long."
{steps}
"""
STEP = """
[[steps]]
name = "Stretch {n}"
seconds = 20
sides = {sides}
tip = "Tip of stretch {n}."
"""


def home(app: App[None]) -> HomeScreen:
    screen = app.screen
    assert isinstance(screen, HomeScreen)
    return screen


def timeline(app: App[None]) -> str:
    return printed(app.screen.query_one(Timeline).render())


async def started_plan(pilot: Pilot[None]) -> Plan:
    await pilot.press("s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, BeforeWalkScreen)
    return screen.plan


# --- rounds and seconds --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "direction", "expected"),
    [
        ("fast_seconds", 30, 1, 35),
        ("fast_seconds", 32, -1, 30),
        ("fast_seconds", 32, 1, 35),
        ("fast_seconds", 55, 1, 60),
        ("fast_seconds", 60, 1, 75),
        ("fast_seconds", 60, -1, 55),
        ("fast_seconds", 62, -1, 60),
        ("slow_seconds", 180, 1, 195),
        ("slow_seconds", 300, 1, 360),
        ("slow_seconds", 300, -1, 285),
        ("slow_seconds", 3600, 1, 3600),
        ("slow_seconds", 5, -1, 5),
        ("slow_seconds", 4, -1, 4),
        ("rounds", 1, -1, 1),
        ("rounds", 10, 1, 11),
        ("rounds", 200, 1, 200),
    ],
)
def test_keys_move_on_steps_a_walker_reads(
    key: str, value: int, direction: int, expected: int
) -> None:
    assert step_value(key, value, direction) == expected


@pytest.mark.parametrize(
    ("value", "direction", "own", "expected"),
    [(35, -1, 32, 32), (30, 1, 32, 32), (5, -1, 4, 4), (4, 1, 4, 5), (55, 1, 200, 60)],
)
def test_a_step_stops_at_the_walks_own_value(
    value: int, direction: int, own: int, expected: int
) -> None:
    assert step_value("fast_seconds", value, direction, own) == expected


async def test_keys_change_rounds_and_seconds_and_the_timeline_follows(make: AppMaker) -> None:
    app = make()  # the tiny walk: 6 s warm-up, 2 x (5 s fast + 4 s slow), 6 s cool-down
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Total 0:30" in timeline(app)
        assert not home(app).check_action("reset", ())
        await pilot.press("right_square_bracket", "full_stop", "greater_than_sign")
        await pilot.pause()
        # 3 rounds of 10 s fast and 5 s slow, with the 12 s of warm-up and cool-down
        text = timeline(app)
        assert "3 × 0:10 fast + 0:05 slow" in text
        assert "Total 0:57" in text
        assert "ends at 09:30 if you start now" in text
        intervals = shown(app, "#intervals")
        assert "Rounds 3" in intervals and "Fast 0:10" in intervals and "Slow 0:05" in intervals
        assert "The walk's own: 2 rounds, 0:05 fast, 0:04 slow" in intervals
        assert home(app).check_action("reset", ())
        await pilot.press("left_square_bracket", "comma", "less_than_sign")
        await pilot.pause()
        assert "Total 0:30" in timeline(app)
        assert "The walk's own" not in shown(app, "#intervals")


async def test_the_walk_started_is_the_adjusted_one(make: AppMaker) -> None:
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*["right_square_bracket"] * 3, "full_stop", "greater_than_sign")
        plan = await started_plan(pilot)
    assert (plan.rounds, plan.fast_seconds, plan.slow_seconds) == (5, 10, 5)
    assert [p.seconds for p in plan.phases if p.kind.is_interval] == [10, 5] * 5


async def test_the_keys_never_make_a_walk_over_six_hours(make: AppMaker, xdg: Xdg) -> None:
    # 200 rounds of 100 s + 4 s is 5:46:52 with the routines; 105 s would make 6:03:32.
    xdg.remembered.mkdir(parents=True)
    (xdg.remembered / FILE_NAME).write_text('walk = "tiny"\nrounds = 200\nfast_seconds = 100\n')
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("full_stop", "right_square_bracket")
        await pilot.pause()
        assert "200 × 1:40 fast" in timeline(app)
        assert any("more than the limit of 6:00:00" in message for message in told(app))
        assert not home(app).query_one("#start").disabled


async def test_a_new_walk_brings_its_own_numbers_and_r_goes_back(make: AppMaker) -> None:
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert "4 × 0:05 fast" in timeline(app)
        await pilot.press("r")
        await pilot.pause()
        assert "2 × 0:05 fast" in timeline(app)
        await pilot.press("right_square_bracket")
        walks = app.screen.query_one("#walks", OptionList)
        walks.highlighted = walks.get_option_index("first-steps")
        await pilot.pause()
        assert "4 × 0:30 fast + 0:30 slow" in timeline(app)  # first-steps' own four rounds
        assert home(app).pickers.adjusted == {}


# --- remembered choices --------------------------------------------------------------------


async def test_starting_remembers_the_choices_and_the_next_launch_has_them(
    make: AppMaker, xdg: Xdg
) -> None:
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#cooldowns", OptionList).highlighted = app.screen.query_one(
            "#cooldowns", OptionList
        ).get_option_index("none")
        await pilot.pause()
        await pilot.press("right_square_bracket", "full_stop")
        await started_plan(pilot)
    assert read_choices(xdg.remembered) == Choices(
        walk="tiny", cooldown="none", rounds=3, fast_seconds=10
    )
    again = make()
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = home(again)
        assert screen.pickers.choices() == Choices(
            walk="tiny", cooldown="none", rounds=3, fast_seconds=10
        )
        assert "3 × 0:10 fast + 0:04 slow" in timeline(again)
        assert told(again) == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(
            b'walk = "tiny"\nrounds = "x"\n', 'rounds: expected an integer, got "x"', id="type"
        ),
        pytest.param(b"walk = [", "TOML syntax error", id="syntax"),
        pytest.param(b'walk = "gone"\n', 'no walk "gone" that can be walked here', id="stale-walk"),
        pytest.param(
            b'walk = "tiny"\nwarmup = "gone-too"\n',
            'no warm-up "gone-too" that can be walked here',
            id="stale-warmup",
        ),
        pytest.param(
            b'walk = "tiny"\nwarmup = "tiny-cool"\n',
            'no warm-up "tiny-cool" that can be walked here',
            id="wrong-kind",
        ),
        pytest.param(
            b'walk = "\\u001b]0;owned\\u0007"\n', 'no walk "\ufffd]0;owned\ufffd"', id="hostile"
        ),
        pytest.param(
            b'walk = "tiny"\nrounds = 200\nfast_seconds = 3600\n',
            "more than the limit of 6:00:00",
            id="too-long",
        ),
        pytest.param(b'walk = "tiny"\nspeed = 3\n', "speed: unknown key", id="unknown-key"),
    ],
)
async def test_remembered_choices_that_cannot_be_used_are_passed_over_in_one_line(
    make: AppMaker, xdg: Xdg, content: bytes, reason: str
) -> None:
    xdg.remembered.mkdir(parents=True)
    (xdg.remembered / FILE_NAME).write_bytes(content)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        [line] = told(app)
        assert line.startswith("Your last choices were not used: ")
        assert reason in line
        assert "\x1b" not in line and "\x07" not in line
        assert home(app).pickers.choices() == Choices(walk="tiny")  # the config's default
    assert (xdg.remembered / FILE_NAME).read_bytes() == content  # left as it was


async def test_a_pipe_for_the_remembered_choices_never_holds_up_home(
    make: AppMaker, xdg: Xdg
) -> None:
    xdg.remembered.mkdir(parents=True)
    os.mkfifo(xdg.remembered / FILE_NAME)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        [line] = told(app)
        assert "not a regular file (a named pipe)" in line


async def test_choices_that_cannot_be_kept_do_not_stop_the_walk(make: AppMaker, xdg: Xdg) -> None:
    xdg.state.rmdir()
    xdg.state.write_text("a file where the state folder should be")
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await started_plan(pilot)
        assert any("could not be kept for next time" in message for message in told(app))
    assert xdg.state.read_text() == "a file where the state folder should be"


# --- the suggestion ------------------------------------------------------------------------


def three_good_walks(xdg: Xdg) -> None:
    for days in (3, 2, 1):
        started = FROZEN - timedelta(days=days)
        write_summary(past_walk(started, "first-steps", pain=(4, 3)), xdg.sessions)


async def test_the_suggestion_is_shown_in_words_and_a_sets_it_up(make: AppMaker, xdg: Xdg) -> None:
    three_good_walks(xdg)  # each 4 rounds of 30 s + 30 s, warm-up and cool-down "none"
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        recent = " ".join(printed(app.screen.query_one(RecentWalks).render()).split())
        assert "Next: Your last walks went well." in recent
        assert "Ready for a little more? First steps with 6 rounds" in recent
        assert "press a to set it up" in recent
        assert home(app).check_action("suggested", ())
        await pilot.press("a")
        await pilot.pause()
        assert home(app).pickers.choices() == Choices(
            walk="first-steps", warmup="none", cooldown="none", rounds=6
        )
        assert "6 × 0:30 fast + 0:30 slow" in timeline(app)
        plan = await started_plan(pilot)
    assert (plan.walk_id, plan.rounds, plan.warmup_id, plan.cooldown_id) == (
        "first-steps",
        6,
        "none",
        "none",
    )


async def test_without_a_suggestion_a_is_not_offered(make: AppMaker, xdg: Xdg) -> None:
    write_past_walks(xdg)  # one of them a pain stop: no suggestion to walk longer
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not home(app).check_action("suggested", ())
        await pilot.press("a")
        await pilot.pause()
        assert home(app).pickers.choices() == Choices(walk="tiny")


# --- help and details -----------------------------------------------------------------------


async def test_question_mark_opens_help_on_home(make: AppMaker) -> None:
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HomeHelp)
        assert app.screen.query_one("#dialog").max_scroll_y == 0  # all of it in 80x24
        keys = printed(app.screen.query_one("#keys", Static).content)
        for row in (
            "[ ]     Rounds: One round less, one round more",
            ", .     Fast: Shorter fast intervals, longer fast intervals",
            "< >     Slow: Shorter slow intervals, longer slow intervals",
            "s       Start: Walk the chosen plan now",
            "h       History",
        ):
            assert row in keys
        assert "What you start is remembered for next time." in shown(app, "#about")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_highlighted_routine_shows_its_steps_and_tips(make: AppMaker, xdg: Xdg) -> None:
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "tab")  # the cool-down list, on the walk's own
        await pilot.pause()
        details = app.screen.query_one("#details")
        assert str(details.border_title).startswith("Cool-down: Tiny cool-down (the walk's own)")
        steps = shown(app, "#steps")
        assert "1. Knee hug  0:03 each side" in steps
        assert "Slowly." in steps
        await pilot.press("shift+tab", "down")  # the warm-ups: the first one after the walk's
        await pilot.pause()
        assert str(details.border_title) == "Warm-up: Tiny warm-up"
        lines = [line.rstrip() for line in shown(app, "#steps").splitlines()]
        assert lines == ["1. March in place  0:06", "   Knees up gently."]
        await pilot.press("shift+tab")
        await pilot.pause()
        assert shown(app, "#description") == "Two rounds of 5 s fast and 4 s slow, for tests."
        assert "Quick now." in shown(app, "#steps")


async def test_the_timeline_fits_80x24_without_scrolling(make: AppMaker, xdg: Xdg) -> None:
    steps = "".join(STEP.format(n=n, sides="true" if n % 2 else "false") for n in range(1, 13))
    (xdg.presets / "long-cool.toml").write_text(LONG_COOL.format(steps=steps))
    (xdg.presets / "tiny.toml").write_text(
        (xdg.presets / "tiny.toml").read_text().replace('"tiny-cool"', '"long-cool"')
    )
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.screen.query_one(Timeline)
        lines = timeline(app).rstrip("\n").splitlines()
        assert len(lines) <= widget.size.height
        assert lines[-1].startswith("Total 6:24 · ends at 09:36")
        assert any("COOL-DOWN 12 steps: Stretch 1" in line for line in lines)
    async with make().run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        assert "COOL-DOWN Stretch 12 " in timeline(pilot.app)  # room enough: step by step


# --- broken presets ------------------------------------------------------------------------


async def test_broken_presets_are_listed_last_one_line_each(make: AppMaker, xdg: Xdg) -> None:
    deep = xdg.presets / "some" / "deeply" / "nested" / "folder" / "of" / "presets"
    deep.mkdir(parents=True)
    (deep / "aaa-broken.toml").write_text('kind = "walk"\nname = "Broken walk"\n')
    (xdg.presets / "bad-warm.toml").write_text('kind = "warmup"\nname = "Bad warm"\nsteps = 3\n')
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        walks = app.screen.query_one("#walks", OptionList)
        prompts = [str(o.prompt) for o in walks.options]
        assert prompts[-1] == "aaa-broken  unusable: intervals: missing required key"
        assert all("unusable" not in p for p in prompts[:-1])
        assert walks.virtual_size.height == walks.option_count  # one line each
        warmups = app.screen.query_one("#warmups", OptionList)
        assert [o.id for o in warmups.options][-2:] == ["none", "bad-warm"]
        assert str(deep) not in str(warmups.get_option("bad-warm").prompt)


async def test_a_broken_preset_says_why_it_cannot_be_walked(make: AppMaker, xdg: Xdg) -> None:
    (xdg.presets / "broken.toml").write_text('kind = "walk"\nname = "Broken"\n')
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walks = app.screen.query_one("#walks", OptionList)
        walks.highlighted = walks.get_option_index("broken")
        await pilot.pause()
        steps = shown(app, "#steps")
        assert "This cannot be walked until its file is put right:" in steps
        assert f"{xdg.presets / 'broken.toml'}: intervals: missing required key" in steps
        assert home(app).query_one("#start").disabled
        await pilot.press("enter")
        await pilot.pause()
        assert any("intervals: missing required key" in message for message in told(app))
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # nothing started


# --- sound and words -----------------------------------------------------------------------


async def test_home_says_the_sound_in_words_before_a_walk(make: AppMaker) -> None:
    make.player = RecordingPlayer(name="bell")
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        subtitle = app.screen.query_one(Timeline).border_subtitle
        assert subtitle == "sound: terminal bell only"


async def test_recent_walks_use_the_words_of_history(make: AppMaker, xdg: Xdg) -> None:
    write_past_walks(xdg)
    cut = past_walk(FROZEN - timedelta(hours=1), "tiny", status="interrupted", pain=None)
    short = msgspec.structs.replace(cut, active_seconds=9.0)  # 9 s of 12 minutes
    write_summary(short, xdg.sessions)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = printed(app.screen.query_one(RecentWalks).render())
    assert "This week: 2 of 3 walks" in text  # the 9-second walk does not count
    assert "0.1 min  interrupted · not counted" in text
    assert "stopped (pain)" in text and "5 -> 7" in text and "12 min" in text
    for other in ("done", "cut short", "→", "First-steps", "first-steps"):
        assert other not in text


async def test_small_terminals_and_resizing_never_crash_home(make: AppMaker, xdg: Xdg) -> None:
    write_past_walks(xdg)
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for size in ((40, 12), (20, 6), (10, 3), (200, 60), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
        assert "7 × 0:05 fast" in timeline(app)


async def test_two_user_presets_with_one_id_are_both_listed(make: AppMaker, xdg: Xdg) -> None:
    (xdg.presets / "more").mkdir()
    (xdg.presets / "more" / "tiny.toml").write_text(
        (xdg.presets / "tiny.toml").read_text().replace("Tiny walk", "Other tiny walk")
    )
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walks = app.screen.query_one("#walks", OptionList)
        prompts = [str(option.prompt) for option in walks.options]
        assert sum("tiny walk" in prompt.lower() for prompt in prompts) == 2
        assert "another file has this id" in prompts[-1]
        assert home(app).pickers.choices() == Choices(walk="tiny")
        assert "Total 0:30" in timeline(app)


# --- off the screen's thread ----------------------------------------------------------------


def with_player(make: AppMaker, factory: PlayerFactory) -> WalktimerApp:
    """The app of `make()`, with its player built by `factory`."""
    return make_app(
        catalog=make.catalog(),
        config=Config(defaults=Defaults(walk="tiny")),
        player_factory=factory,
        sessions_dir=make.xdg.sessions,
        checkpoint_dir=make.xdg.checkpoints,
        clock=make.clock,
        wall=make.clock.wall,
    )


async def test_home_opens_the_player_off_its_thread_then_says_the_sound(make: AppMaker) -> None:
    opened_on: list[int] = []

    def factory(ring: Callable[[], None], notify: Callable[[str], None]) -> Player:
        opened_on.append(threading.get_ident())
        return RecordingPlayer(name="bell")

    app = with_player(make, factory)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(opened_on) == 1 and opened_on[0] != threading.get_ident()
        assert app.screen.query_one(Timeline).border_subtitle == "sound: terminal bell only"


async def test_a_walk_started_while_the_player_opens_waits_for_it_and_hears_its_news(
    make: AppMaker,
) -> None:
    held_up: list[bool] = []

    def factory(ring: Callable[[], None], notify: Callable[[str], None]) -> Player:
        time.sleep(0.5)  # the audio backends take their time; s is pressed meanwhile
        teller = threading.Thread(target=notify, args=("sound: using the terminal bell",))
        teller.start()
        teller.join(2)
        held_up.append(teller.is_alive())
        return make.player

    app = with_player(make, factory)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await settle(pilot)
        assert held_up == [False]
        assert isinstance(app.screen, BeforeWalkScreen)
        assert "sound: using the terminal bell" in told(app)


async def test_an_older_reading_of_the_walks_never_replaces_a_newer_one(
    make: AppMaker, xdg: Xdg, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_past_walks(xdg)
    readings: list[History] = []
    first_may_end = threading.Event()

    def reading(sessions_dir: Path, goal: int, now: datetime) -> History:
        history = read_history(sessions_dir, goal, now)
        readings.append(history)
        if len(readings) == 1:  # the first reading is slow: it ends after the second
            first_may_end.wait(5)
        return history

    monkeypatch.setattr("walktimer.tui.screens.home.read_history", reading)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")  # help over home, then back: home reads again
        await pilot.pause()
        await pilot.press("escape")
        for _ in range(100):
            await pilot.pause(0.02)
            if len(readings) == 2 and home(app).history is readings[1]:
                break
        assert len(readings) == 2 and home(app).history is readings[1]
        first_may_end.set()
        for _ in range(10):
            await pilot.pause(0.05)
        assert home(app).history is readings[1]


def test_the_player_is_built_once_however_many_ask_at_once(make: AppMaker) -> None:
    built: list[Player] = []

    def factory(ring: Callable[[], None], notify: Callable[[str], None]) -> Player:
        time.sleep(0.2)
        built.append(RecordingPlayer())
        return built[-1]

    app = with_player(make, factory)
    got: list[Player] = []
    askers = [threading.Thread(target=lambda: got.append(app.player)) for _ in range(2)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join(5)
    assert len(built) == 1 and got == [built[0], built[0]]

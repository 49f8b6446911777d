"""Home with a programme being walked: it leads with today's walk (the line, the weeks as marks,
the week's note, why a week starts again), its lists are set to that walk and `s` walks it as
the programme's; lists changed make a walk that does not count, `t` brings today's walk back;
a finished programme says so and leaves the lists alone; a programme that cannot be used is
one line. Every history is written as summary files, as walks leave them.

Update a picture only after looking at the report: `pytest
tests/functional/test_home_programme.py --snapshot-update`, then check the new SVG files.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import msgspec
import pytest
from textual.app import App
from textual.pilot import Pilot

from tests.conftest import Xdg
from tests.fakes import FROZEN, FakeClock, RecordingPlayer
from tests.functional.conftest import AppMaker, past_walk, printed, saved, settle
from walktimer import paths
from walktimer.config import Config, Defaults
from walktimer.domain.plan import Plan
from walktimer.domain.progress import ActiveProgram, day_text
from walktimer.storage import write_summary
from walktimer.storage.choices import Choices, write_choices
from walktimer.storage.program import write_active
from walktimer.tui.app import WalktimerApp, make_app
from walktimer.tui.screens.before_walk import BeforeWalkScreen
from walktimer.tui.screens.home import HomeScreen
from walktimer.tui.screens.walk import WalkScreen
from walktimer.tui.widgets.programme import ProgrammePanel
from walktimer.tui.widgets.recent import RecentWalks

Snap = Any  # the snap_compare fixture of pytest-textual-snapshot
PROGRAMME = "tiny-programme"
TINY_PROGRAMME = """\
kind = "program"
name = "Tiny programme"
description = "Three weeks of the tiny walk, two walks a week, for tests."
walks_per_week = 2

[[weeks]]
walk = "tiny"
note = "Week one: gently, two rounds."

[[weeks]]
walk = "tiny"
rounds = 3
note = "Week two: a round more, still easy. Stop at any sharp pain."

[[weeks]]
walk = "tiny"
rounds = 4
fast_seconds = 6
warmup = "none"
note = "Week three: four rounds."
"""
MONDAY = FROZEN.replace(day=2, hour=8, minute=0)  # the programme's first day; FROZEN is Wed 4


@pytest.fixture
def programme(make: AppMaker, xdg: Xdg) -> AppMaker:
    """The tiny walk and a tiny programme of it, started on Monday 2 March."""
    (xdg.presets / f"{PROGRAMME}.toml").write_text(TINY_PROGRAMME)
    write_active(paths.program_file(), ActiveProgram(PROGRAMME, MONDAY.date()))
    return make


def app_of(make: AppMaker, *, prompts: bool = False) -> WalktimerApp:
    """The app as the command line builds it, with the programme file it reads."""
    return make_app(
        catalog=make.catalog(),
        config=Config(checklist=False, defaults=Defaults(walk="tiny")),
        player_factory=lambda ring, notify: make.player,
        sessions_dir=make.xdg.sessions,
        checkpoint_dir=make.xdg.checkpoints,
        clock=make.clock,
        wall=make.clock.wall,
        prompts=prompts,
        program_file=paths.program_file(),
    )


def walked(
    xdg: Xdg,
    *weeks: int | None,
    start: datetime = MONDAY,
    pain: tuple[int, int] | None = (3, 3),
    stopped_for_pain: tuple[int, ...] = (),
    program: str = PROGRAMME,
) -> None:
    """Walks of the tiny walk, one every two hours from `start` (all on Monday in any time zone
    from UTC-7 to UTC+10), each walked as the programme week given (None: as no programme's);
    the walks at `stopped_for_pain` (0-based) stopped for pain."""
    for number, week in enumerate(weeks):
        started = start + timedelta(hours=2 * number)
        summary = past_walk(started, "tiny", pain=pain, minutes=1)
        if number in stopped_for_pain:
            summary = past_walk(started, "tiny", pain=pain, minutes=1, status="stopped")
        summary = msgspec.structs.replace(
            summary,
            id=f"{summary.id[:-4]}{number:04d}",
            program=None if week is None else program,
            program_week=week,
        )
        write_summary(summary, xdg.sessions)


def home(app: App[None]) -> HomeScreen:
    screen = app.screen
    assert isinstance(screen, HomeScreen)
    return screen


def panel(app: App[None]) -> str:
    """What the programme panel says, as plain text; "" while it is hidden."""
    found = app.screen.query_one(ProgrammePanel)
    return printed(found.render()) if found.display else ""


async def started_plan(pilot: Pilot[None]) -> Plan:
    """`s` on home, with the questions asked first: the plan about to be walked."""
    await pilot.press("s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, BeforeWalkScreen)
    return screen.plan


async def walk_to_the_end(pilot: Pilot[None], clock: FakeClock) -> None:
    """`s` on home (no questions), the whole walk, and home again once it is saved."""
    await pilot.press("s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WalkScreen)
    clock.advance(600)
    screen.wake()
    await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)


# --- what home shows ------------------------------------------------------------------------


async def test_home_leads_with_todays_walk_its_weeks_and_note(
    programme: AppMaker, xdg: Xdg
) -> None:
    walked(xdg, 1, 1, 2)  # week one done (two walks a week), one walk of week two
    app = app_of(programme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = panel(app)
        line = "Today: Tiny programme · week 2 of 3 · walk 2 of 2 · Tiny walk, 3 rounds"
        assert line in text
        assert "● ▶ ○   ● done  ▶ this week  ○ to come" in text
        assert "Week two: a round more, still easy. Stop at any sharp pain." in text
        assert "Changed" not in text and "starts again" not in text
        plan = home(app).plan
        assert plan is not None
        assert (plan.walk_id, plan.rounds, plan.fast_seconds) == ("tiny", 3, 5)
        assert not home(app).check_action("today", ())


async def test_a_walk_stopped_for_pain_starts_the_week_again_and_says_why(
    programme: AppMaker, xdg: Xdg
) -> None:
    walked(xdg, 1, 1, 2, 2, stopped_for_pain=(3,))  # Monday 2 March, 14:00
    app = app_of(programme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = panel(app)
        assert "week 2 of 3 · walk 1 of 2" in text
        assert "Week 2 starts again: the walk on Mon 2 Mar was stopped for pain." in text


async def test_a_second_start_again_in_a_row_steps_back_a_week_and_says_why(
    programme: AppMaker, xdg: Xdg
) -> None:
    walked(xdg, 1, 1, 2, 2, stopped_for_pain=(2, 3))
    app = app_of(programme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = panel(app)
        assert "Today: Tiny programme · week 1 of 3 · walk 1 of 2 · Tiny walk, 2 rounds" in text
        assert "Back to week 1: the walk on Mon 2 Mar was stopped for pain" in text
        assert "▶ ○ ○" in text  # week two is to come again
        assert "Week one: gently, two rounds." in text
        plan = home(app).plan
        assert plan is not None and plan.rounds == 2


async def test_text_from_the_programmes_file_is_shown_literally(
    programme: AppMaker, xdg: Xdg
) -> None:
    hostile = TINY_PROGRAMME.replace(
        'name = "Tiny programme"', 'name = "Tiny \\u001b]0;pwned\\u0007[bold]programme"'
    )
    (xdg.presets / f"{PROGRAMME}.toml").write_text(hostile)
    app = app_of(programme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = panel(app)
        assert "\x1b" not in text and "\x07" not in text
        assert "[bold]programme · week 1 of 3" in text


async def test_a_week_that_had_to_start_again_is_marked_apart_from_the_others(
    programme: AppMaker, xdg: Xdg
) -> None:
    walked(xdg, 1, 1, 1, stopped_for_pain=(0,))  # week one again after the first, then done
    app = app_of(programme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = panel(app)
        assert "◑ ▶ ○" in text
        assert "starts again" not in text  # the week is done: on track again


async def test_at_80x24_the_line_breaks_between_its_parts_and_the_recent_walks_stay(
    programme: AppMaker, xdg: Xdg
) -> None:
    walked(xdg, 1, 1, 2)
    app = app_of(programme)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = panel(app).splitlines()
        assert lines[:2] == [
            "Today: Tiny programme · week 2 of 3",
            "walk 2 of 2 · Tiny walk, 3 rounds",
        ]
        assert lines[2] == "● ▶ ○   ● done  ▶ this week  ○ to come"  # the legend fits beside
        assert "Week two: a round more" in lines[3]
        assert app.screen.query_one(RecentWalks).size.height >= 2


async def test_at_80x24_the_note_gives_way_to_why_the_week_starts_again(
    programme: AppMaker, xdg: Xdg
) -> None:
    walked(xdg, 1, 1, 2, 2, stopped_for_pain=(3,))
    app = app_of(programme)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = panel(app)
        assert "Week 2 starts again: the walk on Mon 2 Mar \nwas stopped for pain." in text
        assert "● ▶ ○" in text
        assert "Week two" not in text
        assert app.screen.query_one(RecentWalks).size.height >= 2


async def test_squeezed_the_panel_never_crashes_and_comes_back_whole(
    programme: AppMaker, xdg: Xdg
) -> None:
    walked(xdg, 1, 1, 2, 2, stopped_for_pain=(3,))
    app = app_of(programme)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for size in ((40, 12), (20, 6), (120, 8), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            panel(app)  # drawn at that size
        assert panel(app).startswith("Today: Tiny programme · week 2 of 3\n")


async def test_a_finished_programme_says_so_and_leaves_the_lists_alone(
    programme: AppMaker, xdg: Xdg
) -> None:
    walked(xdg, 1, 1, 2, 2, 3, 3)
    write_choices(xdg.remembered, Choices(walk="tiny", rounds=7))
    app = app_of(programme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = panel(app)
        assert "Tiny programme: finished, 3 of 3 weeks" in text
        assert "● ● ●   ● done\n" in text
        assert "walktimer program stop puts it away" in text
        assert "Today" not in text and "Week three" not in text
        plan = home(app).plan
        assert plan is not None and plan.rounds == 7  # the remembered walk, as it was
        await walk_to_the_end(pilot, programme.clock)
    [summary] = [s for s in saved(xdg) if s.rounds_planned == 7]
    assert (summary.program, summary.program_week) == (None, None)


def starting_later(days: int = 10) -> date:
    """The tiny programme started for a day `days` after today (the real today: home asks the
    system's clock which day it is), and that day."""
    later = date.today() + timedelta(days=days)
    write_active(paths.program_file(), ActiveProgram(PROGRAMME, later))
    return later


async def test_a_programme_still_to_start_says_when_and_leaves_the_lists_alone(
    programme: AppMaker, xdg: Xdg
) -> None:
    later = starting_later()
    write_choices(xdg.remembered, Choices(walk="tiny", rounds=7))
    app = app_of(programme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = panel(app)
        assert text.startswith(f"Tiny programme starts on {day_text(later)} · week 1 of 3\n")
        assert "Today" not in text and "Changed" not in text
        plan = home(app).plan
        assert plan is not None and plan.rounds == 7  # the remembered walk, not week one's
        assert not home(app).check_action("today", ())


async def test_a_walk_from_home_before_the_programme_starts_is_not_the_programmes(
    programme: AppMaker, xdg: Xdg
) -> None:
    """The lists make week one's walk (the default walk is the same): still not counted."""
    starting_later(days=1)
    app = app_of(programme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        plan = home(app).plan
        assert plan is not None and plan.rounds == 2  # week one's walk, as it happens
        assert "Changed" not in panel(app)
        await walk_to_the_end(pilot, programme.clock)
    [summary] = saved(xdg)
    assert (summary.walk, summary.rounds_planned) == ("tiny", 2)
    assert (summary.program, summary.program_week) == (None, None)


async def test_walks_of_another_programme_or_none_do_not_move_it(
    programme: AppMaker, xdg: Xdg
) -> None:
    walked(xdg, 1, 1, program="another-one")
    walked(xdg, None, None, start=MONDAY + timedelta(hours=1))
    app = app_of(programme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "week 1 of 3 · walk 1 of 2 · Tiny walk, 2 rounds" in panel(app)


# --- walking it -----------------------------------------------------------------------------


async def test_s_walks_todays_walk_as_the_programmes_and_home_moves_on(
    programme: AppMaker, xdg: Xdg
) -> None:
    walked(xdg, 1, 1, 2)
    app = app_of(programme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await walk_to_the_end(pilot, programme.clock)
        text = panel(app)  # the walk just saved finished week two
        assert "Today: Tiny programme · week 3 of 3 · walk 1 of 2 · Tiny walk, 4 rounds" in text
        assert "● ● ▶" in text
        plan = home(app).plan  # the lists follow: week three's walk, without a warm-up
        assert plan is not None
        assert (plan.rounds, plan.fast_seconds, plan.warmup_id) == (4, 6, "none")
        assert "Changed" not in text
    [new] = [s for s in saved(xdg) if s.started_at > FROZEN - timedelta(minutes=1)]
    assert (new.program, new.program_week) == (PROGRAMME, 2)
    assert (new.walk, new.rounds_planned) == ("tiny", 3)


async def test_changed_lists_make_a_walk_that_does_not_count_and_t_brings_today_back(
    programme: AppMaker, xdg: Xdg
) -> None:
    walked(xdg, 1, 1)
    app = app_of(programme, prompts=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")  # one round more than the week asks
        await pilot.pause()
        assert "Changed: this walk will not count in the programme" in panel(app)
        assert home(app).check_action("today", ())
        plan = await started_plan(pilot)
        assert (plan.rounds, plan.program, plan.program_week) == (4, None, None)
        await pilot.press("escape")  # not now: home again
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert "Changed" not in panel(app)
        plan = await started_plan(pilot)
        assert (plan.rounds, plan.program, plan.program_week) == (3, PROGRAMME, 2)


async def test_the_same_walk_chosen_by_hand_is_todays_walk(programme: AppMaker, xdg: Xdg) -> None:
    walked(xdg, 1, 1)
    app = app_of(programme, prompts=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        await pilot.press("left_square_bracket")  # back to the week's three rounds
        await pilot.pause()
        assert "Changed" not in panel(app)
        plan = await started_plan(pilot)
        assert (plan.program, plan.program_week) == (PROGRAMME, 2)


async def test_the_programme_sets_the_walks_so_no_longer_walk_is_suggested(
    programme: AppMaker, xdg: Xdg
) -> None:
    walked(xdg, 1, 1, 2)  # three good walks in a row: without a programme, `a` would offer more
    app = app_of(programme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        history = home(app).history
        assert history is not None and history.stats.next_walk is not None
        assert not home(app).check_action("suggested", ())
        assert "Ready for a little more?" not in printed(app.screen.query_one(RecentWalks).render())


# --- what cannot be used --------------------------------------------------------------------


async def test_a_programme_file_that_cannot_be_read_is_one_line_and_home_works(
    programme: AppMaker, xdg: Xdg
) -> None:
    paths.program_file().write_text('id = "tiny-programme"\nstarted_on = "last week"\n')
    app = app_of(programme, prompts=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = panel(app).replace("\n", "")  # one line, wrapped to the panel's width
        assert text.startswith("Your programme cannot be read: ")
        assert str(paths.program_file()) in text and "started_on" in text
        assert "Today" not in text
        plan = await started_plan(pilot)  # home goes on: the default walk
        assert (plan.walk_id, plan.program) == ("tiny", None)


async def test_a_programme_that_cannot_be_used_is_one_line(programme: AppMaker, xdg: Xdg) -> None:
    write_active(paths.program_file(), ActiveProgram("gone-away", date(2026, 3, 2)))
    app = app_of(programme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = panel(app).replace("\n", "")
        assert text.startswith("Your programme cannot be used (walktimer program stop ends it)")
        assert '"gone-away"' in text


async def test_without_a_programme_home_has_no_panel(make: AppMaker, xdg: Xdg) -> None:
    app = app_of(make)  # a programme file is looked for, and there is none
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert panel(app) == ""
        assert not app.screen.has_class("-programme")
        assert not home(app).check_action("today", ())


# --- pictures -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_home_with_a_programme(
    snap_compare: Snap, programme: AppMaker, xdg: Xdg, size: tuple[int, int]
) -> None:
    programme.only_test_presets = True
    programme.player = RecordingPlayer(name="bell")
    walked(xdg, 1, 1, 2, 2, stopped_for_pain=(3,))
    assert snap_compare(app_of(programme), terminal_size=size, run_before=settle)

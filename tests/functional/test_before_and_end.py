"""Before the walk (pain, checklist) and after it (the recap, answers, the save, the trash)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Checkbox, Input, TextArea

from tests.conftest import Xdg
from tests.fakes import FakeClock
from tests.functional.conftest import AppMaker, saved, settle, shown, start_now
from walktimer.config import Config, Defaults
from walktimer.domain.questions import END_QUESTIONS, TEN_WAIT_SECONDS
from walktimer.tui.screens.before_walk import TICK, BeforeWalkScreen, CheckItem
from walktimer.tui.screens.dialogs import Confirm
from walktimer.tui.screens.end import EndScreen
from walktimer.tui.screens.home import HomeScreen
from walktimer.tui.screens.walk import WalkScreen
from walktimer.tui.widgets.rating import Rating


async def test_pain_is_one_key_press_then_the_checklist_then_enter_walks(
    make: AppMaker, xdg: Xdg
) -> None:
    app = make(plan=make.plan())
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BeforeWalkScreen)
        await pilot.press("7")
        await pilot.pause()
        assert isinstance(app.focused, Checkbox)
        await pilot.press("space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert app.screen.walk_run.answers.pain_before == 7
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    [summary] = saved(xdg)
    assert summary.pain_before == 7


async def test_enter_skips_the_pain_question(make: AppMaker, xdg: Xdg) -> None:
    app = make(plan=make.plan())
    async with app.run_test() as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert app.screen.walk_run.answers.pain_before is None


async def test_config_can_turn_the_checklist_off(make: AppMaker) -> None:
    config = Config(checklist=False, defaults=Defaults(walk="tiny"))
    app = make(plan=make.plan(), config=config)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not app.screen.query(Checkbox)
        await pilot.press("t")  # ten: the one key press is the whole question
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert app.screen.walk_run.answers.pain_before == 10


async def test_going_back_before_the_walk_saves_nothing(make: AppMaker, xdg: Xdg) -> None:
    app = make(plan=make.plan())
    async with app.run_test() as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert saved(xdg) == []
    assert app.saves == []


async def test_end_screen_saves_the_entered_pain_effort_and_notes(
    make: AppMaker, clock: FakeClock, xdg: Xdg
) -> None:
    app = make(plan=make.plan())
    async with app.run_test() as pilot:
        await pilot.press("3", "enter")
        await pilot.pause()
        await start_now(pilot)
        clock.advance(30)
        assert isinstance(app.screen, WalkScreen)
        app.screen.wake()
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert shown(app, "#end-title").startswith("Walk done")
        assert not app.screen.query_one("#rise").display
        await pilot.press("5")  # pain after: up by 2, so the gentle note shows
        assert app.screen.query_one("#rise").display
        await pilot.press("4")  # effort
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press(*"[bold]x[/", "enter")
        await pilot.pause()
    [summary] = saved(xdg)
    assert (summary.pain_before, summary.pain_after, summary.effort) == (3, 5, 4)
    assert summary.notes == "[bold]x[/"
    assert summary.status == "completed"


async def test_end_screen_recap_counts_time_rounds_skips_and_pain(
    make: AppMaker, clock: FakeClock
) -> None:
    app = make(plan=make.plan())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4", "enter")
        await pilot.pause()
        await start_now(pilot)
        clock.advance(6 + 5 + 4)  # warm-up and round 1
        await pilot.press("n", "n", "n", "p")  # skip round 2 and the first stretch
        await pilot.pause()
        assert shown(app, "#end-title") == "Stopped because of pain · Tiny walk"
        recap = [line.rstrip() for line in shown(app, "#recap").splitlines() if line.strip()]
        assert recap == [
            "Walked     0:15 of 0:30 planned",
            "Rounds     1 of 2: fast 0:05, slow 0:04",
            "Skipped    3 phases",
            "Back pain  4 -> ?",
            "Counts     yes, towards this week's goal",
        ]
        await pilot.press("1", "0")  # the back pain in the recap follows the answer
        await pilot.pause()
        assert "Back pain  4 -> 10" in shown(app, "#recap")


async def test_a_failed_save_shows_the_summary_and_keeps_it_for_the_terminal(
    make: AppMaker, clock: FakeClock, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the sessions folder should be")
    app = make(plan=make.plan(), sessions_dir=blocker / "sessions")
    async with app.run_test() as pilot:
        await pilot.press("enter", "enter", "p")
        await pilot.pause()
        await pilot.press("2", "2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EndScreen)
        assert "cannot save" in shown(app, "#save-error")
        assert "pain_after = 2" in app.screen.query_one("#unsaved", TextArea).text
        await pilot.press("ctrl+s")  # now closes
        await pilot.pause()
    [outcome] = app.saves
    assert outcome.path is None
    assert "effort = 2" in outcome.text


def rating(app: App[None], selector: str) -> Rating:
    return app.screen.query_one(selector, Rating)


def drawn(widget: Widget) -> str:
    return str(widget.render())


async def test_ten_typed_as_1_then_0_before_the_walk_is_ten(make: AppMaker, xdg: Xdg) -> None:
    app = make(plan=make.plan())
    async with app.run_test() as pilot:
        await pilot.press("1", "0")
        await pilot.pause()
        assert rating(app, "#pain-before").value == 10
        assert isinstance(app.focused, CheckItem)  # on to the checklist, the 0 taken as well
        assert not any(item.value for item in app.screen.query(CheckItem))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert app.screen.walk_run.answers.pain_before == 10
        await start_now(pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    [summary] = saved(xdg)
    assert summary.pain_before == 10


async def test_a_1_shows_that_it_waits_for_a_0_then_is_taken_after_about_a_second(
    make: AppMaker,
) -> None:
    app = make(plan=make.plan())
    async with app.run_test() as pilot:
        await pilot.press("1")
        await pilot.pause()
        waiting = rating(app, "#pain-before")
        assert (waiting.waiting, waiting.value) == (1, None)
        assert "1\N{HORIZONTAL ELLIPSIS} 0 for 10" in drawn(waiting)
        assert app.focused is waiting
        await pilot.pause(TEN_WAIT_SECONDS + 0.3)
        assert (waiting.waiting, waiting.value) == (None, 1)
        assert "0 for 10" not in drawn(waiting)
        assert isinstance(app.focused, CheckItem)


async def test_enter_takes_a_1_that_waits_at_once(make: AppMaker) -> None:
    app = make(plan=make.plan())
    async with app.run_test() as pilot:
        await pilot.press("1", "enter")
        await pilot.pause()
        assert rating(app, "#pain-before").value == 1
        assert isinstance(app.focused, CheckItem)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert app.screen.walk_run.answers.pain_before == 1


async def test_another_digit_after_a_1_is_the_answer_meant(make: AppMaker) -> None:
    app = make(plan=make.plan())
    async with app.run_test() as pilot:
        await pilot.press("1", "4")
        await pilot.pause()
        assert rating(app, "#pain-before").value == 4
        assert isinstance(app.focused, CheckItem)


async def test_the_hints_say_how_to_type_ten(make: AppMaker) -> None:
    app = make(plan=make.plan())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        hints = " ".join(str(hint.content) for hint in app.screen.query(".hint"))
        assert "0 = no pain, 10 = worst; type 10 for ten" in hints
        assert "t=10" not in drawn(rating(app, "#pain-before"))
        await pilot.press("enter", "enter")
        await pilot.pause()
        await start_now(pilot)
        await pilot.press("p")
        await pilot.pause()
        asked = [str(ask.content) for ask in app.screen.query(".ask")]
        assert asked == [question.ask for question in END_QUESTIONS]
        assert "How does your back feel after the walk, 0 (no pain) to 10 (worst)?" in asked
        hints = " ".join(str(hint.content) for hint in app.screen.query(".hint"))
        assert "0 = rest, 10 = all-out; type 10 for ten" in hints


async def test_ten_on_the_end_screen_is_ten_and_the_next_key_answers_the_effort(
    make: AppMaker, xdg: Xdg
) -> None:
    app = make(plan=make.plan())
    async with app.run_test() as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        await start_now(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        await pilot.press("1", "0")
        await pilot.pause()
        assert app.focused is rating(app, "#effort")
        assert rating(app, "#effort").value is None
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press("ctrl+s")
        await settle(pilot)
    [summary] = saved(xdg)
    assert (summary.pain_after, summary.effort) == (10, 4)


async def test_arrow_keys_move_through_the_checklist_and_a_tick_is_a_mark(
    make: AppMaker,
) -> None:
    app = make(plan=make.plan())
    async with app.run_test() as pilot:
        await pilot.press("5")
        await pilot.pause()
        items = list(app.screen.query(CheckItem))
        assert app.focused is items[0]
        await pilot.press("down", "down")
        assert app.focused is items[2]
        await pilot.press("space", "up")
        assert app.focused is items[1]
        await pilot.press("up", "up")
        assert app.focused is rating(app, "#pain-before")
        assert [item.value for item in items] == [False, False, True]
        assert TICK in drawn(items[2])
        assert TICK not in drawn(items[0]) and TICK not in drawn(items[1])


async def end_of_a_short_walk(pilot: Pilot[None], clock: FakeClock) -> EndScreen:
    """A walk stopped 2 s in, on its end screen: far less than half of it walked."""
    await pilot.press("enter", "enter")
    await pilot.pause()
    await start_now(pilot)
    app = pilot.app
    clock.advance(2)
    await pilot.press("p")
    await pilot.pause()
    assert isinstance(app.screen, EndScreen)
    return app.screen


async def test_d_on_the_end_screen_discards_the_walk_into_the_trash_after_asking(
    make: AppMaker, clock: FakeClock, xdg: Xdg
) -> None:
    app = make()
    told: list[str] = []
    real_notify = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        told.append(message)
        real_notify(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        end = await end_of_a_short_walk(pilot, clock)
        assert "no: less than half the plan was walked" in shown(app, "#recap")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "Discard this walk?" in shown(app, ".title")
        assert "It goes to the trash and does not count." in shown(app, "#detail")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not end.is_attached
    assert saved(xdg) == []
    [trashed] = xdg.trash.glob("*.toml")
    assert trashed.stem in " ".join(told)
    assert "in the trash and does not count" in " ".join(told)
    assert app.saves == [] and [d.path for d in app.discarded] == [trashed]
    assert xdg.checkpoint_files() == []


async def test_the_walk_is_kept_when_the_discard_is_not_confirmed(
    make: AppMaker, clock: FakeClock, xdg: Xdg
) -> None:
    app = make(plan=make.plan())
    async with app.run_test(size=(100, 30)) as pilot:
        await end_of_a_short_walk(pilot, clock)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [s.status for s in saved(xdg)] == ["stopped"]
    assert not xdg.trash.exists() or not list(xdg.trash.iterdir())
    assert app.discarded == []


async def test_a_walk_once_saving_cannot_be_discarded(make: AppMaker, clock: FakeClock) -> None:
    app = make(plan=make.plan())
    async with app.run_test(size=(100, 30)) as pilot:
        end = await end_of_a_short_walk(pilot, clock)
        assert end.check_action("discard", ())
        end.action_save()
        assert not end.check_action("discard", ())
        end.action_discard()
        assert app.screen is end  # no question was asked over it
        await settle(pilot)
    assert len(app.saves) == 1 and app.discarded == []


async def test_a_1_left_for_another_field_is_kept_and_the_focus_stays_where_it_went(
    make: AppMaker, clock: FakeClock
) -> None:
    app = make(plan=make.plan())
    async with app.run_test(size=(100, 30)) as pilot:
        await end_of_a_short_walk(pilot, clock)
        await pilot.press("5", "1")  # pain after, then a 1 for the effort that waits
        await pilot.pause()
        assert rating(app, "#effort").waiting == 1
        await pilot.press("shift+tab")  # back to the pain
        await pilot.pause()
        assert rating(app, "#effort").value == 1
        assert app.focused is rating(app, "#pain-after")
        await pilot.pause(TEN_WAIT_SECONDS + 0.3)
        assert rating(app, "#effort").waiting is None
        assert app.focused is rating(app, "#pain-after")
        assert isinstance(app.screen, EndScreen)
        assert app.screen.walk_run.answers.effort == 1

"""Before the walk (pain, checklist) and after it (totals, answers, the save)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, TextArea

from tests.conftest import Xdg
from tests.fakes import FakeClock
from tests.functional.conftest import AppMaker, saved, shown
from walktimer.config import Config, Defaults
from walktimer.tui.screens.before_walk import BeforeWalkScreen
from walktimer.tui.screens.end import EndScreen
from walktimer.tui.screens.walk import WalkScreen


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the app's threads (the save, reading the history) and for what they report
    to be shown, however many follow one another."""
    app = pilot.app
    while True:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            return


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
        clock.advance(30)
        await pilot.pause()
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


async def test_end_screen_totals_count_rounds_minutes_and_skips(
    make: AppMaker, clock: FakeClock
) -> None:
    app = make(plan=make.plan())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "enter")
        clock.advance(6 + 5 + 4)  # warm-up and round 1
        await pilot.press("n", "n", "n", "p")  # skip round 2 and the first stretch
        await pilot.pause()
        totals = shown(app, "#totals")
    assert "Rounds 1/2" in totals
    assert "Skipped 3 phases" in totals
    assert "Fast   0:05" in totals


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

"""The walk screen driven by a fake clock: what it shows, and what each key does."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Digits

from tests.conftest import Xdg
from tests.functional.conftest import AppMaker, FakeClock, RecordingPlayer, saved, shown
from walktimer.audio import Cue
from walktimer.tui.app import WalktimerApp
from walktimer.tui.screens.dialogs import ConfirmStop, HelpScreen
from walktimer.tui.screens.end import EndScreen
from walktimer.tui.screens.walk import WalkScreen
from walktimer.tui.widgets.big_word import BigWord


async def later(pilot: Pilot[None], clock: FakeClock, seconds: float) -> None:
    """Move the clock and let the screen wake, as its timer would at that moment."""
    clock.advance(seconds)
    screen = pilot.app.screen
    if isinstance(screen, WalkScreen):
        screen.wake()
    await pilot.pause()


def countdown(app: WalktimerApp) -> str:
    return app.screen.query_one("#countdown", Digits).value


def kind(app: WalktimerApp) -> str:
    return app.screen.query_one("#kind", BigWord).word


async def test_every_phase_is_shown_in_order_and_the_walk_is_saved_completed(
    make: AppMaker, clock: FakeClock, xdg: Xdg
) -> None:
    plan = make.plan()
    app = make(plan=plan, prompts=False)
    seen: list[tuple[str, str, str]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for phase in plan.phases:
            seen.append((kind(app), shown(app, "#step"), countdown(app)))
            await later(pilot, clock, phase.seconds)
    expected = [(p.kind.word, p.name, f"0:{p.seconds:02d}") for p in plan.phases]
    assert seen == expected
    [summary] = saved(xdg)
    assert summary.status == "completed"
    assert summary.rounds_completed == 2
    assert summary.active_seconds == plan.total_seconds


async def test_cues_sound_at_each_phase_start_and_the_end(
    make: AppMaker, clock: FakeClock, player: RecordingPlayer
) -> None:
    plan = make.plan()
    async with make(plan=plan, prompts=False).run_test() as pilot:
        await pilot.pause()
        for phase in plan.phases:
            await later(pilot, clock, phase.seconds)
    cues = [cue for cue, _ in player.played if cue is not Cue.COUNTDOWN]
    assert cues == [
        Cue.WARMUP,
        Cue.FAST,
        Cue.SLOW,
        Cue.FAST,
        Cue.SLOW,
        Cue.COOLDOWN,
        Cue.SWITCH_SIDES,
        Cue.DONE,
    ]
    assert player.closed


async def test_countdown_rounds_up_and_changes_on_whole_seconds(
    make: AppMaker, clock: FakeClock
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert countdown(app) == "0:06"
        await later(pilot, clock, 0.2)
        assert countdown(app) == "0:06"
        await later(pilot, clock, 0.8)
        assert countdown(app) == "0:05"
        await later(pilot, clock, 4.99)
        assert countdown(app) == "0:01"
        assert kind(app) == "WARM-UP"


async def test_pause_keeps_the_time_left_however_long_it_lasts(
    make: AppMaker, clock: FakeClock
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        await later(pilot, clock, 2)
        await pilot.press("space")
        assert "PAUSED" in shown(app, "#paused")
        await later(pilot, clock, 500)
        assert (kind(app), countdown(app)) == ("WARM-UP", "0:04")
        await pilot.press("space")
        assert shown(app, "#paused") == ""
        await later(pilot, clock, 1)
        assert (kind(app), countdown(app)) == ("WARM-UP", "0:03")
        await later(pilot, clock, 3)
        assert (kind(app), countdown(app)) == ("FAST", "0:05")


async def test_skip_starts_the_next_phase_and_is_recorded(
    make: AppMaker, clock: FakeClock, xdg: Xdg
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        await later(pilot, clock, 1)
        await pilot.press("n")
        assert (kind(app), countdown(app)) == ("FAST", "0:05")
        await pilot.press("right")
        assert (kind(app), shown(app, "#step")) == ("SLOW", "Easy walk")
        await pilot.press("p")
    [summary] = saved(xdg)
    assert [p.skipped for p in summary.phases] == [True, True, False]


async def test_back_restarts_the_phase_or_goes_back_one_in_its_first_seconds(
    make: AppMaker, clock: FakeClock
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        await later(pilot, clock, 6 + 4)  # 4 s into the first fast phase
        assert (kind(app), countdown(app)) == ("FAST", "0:01")
        await pilot.press("b")
        assert (kind(app), countdown(app)) == ("FAST", "0:05")
        await later(pilot, clock, 1)
        await pilot.press("left")  # under 3 s old: back to the warm-up, from its start
        assert (kind(app), countdown(app)) == ("WARM-UP", "0:06")


async def test_q_asks_first_and_no_keeps_walking(make: AppMaker, clock: FakeClock) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmStop)
        await later(pilot, clock, 7)  # the walk goes on under the question
        await pilot.press("n")
        assert isinstance(app.screen, WalkScreen)
        assert kind(app) == "FAST"


async def test_q_then_yes_saves_the_walk_as_stopped_by_the_user(
    make: AppMaker, clock: FakeClock, xdg: Xdg
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        await later(pilot, clock, 8)
        await pilot.press("q", "y")
        await pilot.pause()
    [summary] = saved(xdg)
    assert (summary.status, summary.stop_reason) == ("stopped", "user")
    assert summary.active_seconds == 8


async def test_p_saves_the_walk_stopped_for_pain_and_shows_a_safety_note(
    make: AppMaker, clock: FakeClock, xdg: Xdg
) -> None:
    app = make(plan=make.plan(), prompts=True)
    async with app.run_test() as pilot:
        await pilot.press("enter", "enter")  # skip the pain question, pass the checklist
        await later(pilot, clock, 3)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert shown(app, "#end-title").startswith("Stopped because of pain")
        assert "doctor" in shown(app, "#safety")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [summary] = saved(xdg)
    assert (summary.status, summary.stop_reason) == ("stopped", "pain")


async def test_the_walk_ending_under_a_dialog_closes_the_dialog_first(
    make: AppMaker, clock: FakeClock, xdg: Xdg
) -> None:
    plan = make.plan()
    app = make(plan=plan, prompts=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        walk = app.screen_stack[-2]
        assert isinstance(walk, WalkScreen)
        clock.advance(plan.total_seconds)
        walk.wake()
        await pilot.pause()
    assert [s.status for s in saved(xdg)] == ["completed"]


async def test_mute_silences_the_cues_and_says_so(
    make: AppMaker, clock: FakeClock, player: RecordingPlayer
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert shown(app, "#sound") == "sound: test player"
        await pilot.press("m")
        assert player.muted
        assert shown(app, "#sound") == "sound: test player, muted"
        before = len(player.played)
        await later(pilot, clock, 6)
        assert len(player.played) == before


async def test_round_progress_next_and_ends_at_follow_the_walk(
    make: AppMaker, clock: FakeClock
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert shown(app, "#position") == "Warm-up 1/1"
        assert shown(app, "#next") == "Next: FAST Brisk walk, round 1/2 (0:05)"
        assert shown(app, "#ends") == "Ends at 09:30"  # 30 s from 09:30:00
        await later(pilot, clock, 6 + 5)
        assert shown(app, "#position") == "Round 1/2"
        await pilot.press("n", "n")  # skipping brings the end nearer
        assert shown(app, "#position") == "Round 2/2"
        assert shown(app, "#next") == "Next: COOL-DOWN Knee hug, left side (0:03)"

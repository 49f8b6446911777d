"""The walk screen driven by a fake clock: what it shows, and what each key does."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.color import Color
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from tests.conftest import Xdg
from tests.fakes import FakeClock, RecordingPlayer
from tests.functional.conftest import TINY_WALK, AppMaker, saved, shown, told
from walktimer.audio import Cue
from walktimer.audio.streams import Stream
from walktimer.config import Config, Defaults
from walktimer.tui.app import WalktimerApp
from walktimer.tui.screens.dialogs import ConfirmStop, HelpScreen
from walktimer.tui.screens.end import EndScreen
from walktimer.tui.screens.walk import GET_READY_SECONDS, WalkScreen
from walktimer.tui.widgets.big_word import BigWord, big_lines
from walktimer.tui.widgets.countdown import BigCountdown
from walktimer.walk import WalkRun

STROKES = "█▀▄"
SIDES_WALK = """\
kind = "walk"
name = "Sides walk"
warmup = "none"
cooldown = "sides-cool"

[intervals]
fast_seconds = 5
slow_seconds = 4
rounds = 1
"""
SIDES_COOL = """\
kind = "cooldown"
name = "Two stretches"

[[steps]]
name = "Knee hug"
seconds = 6
sides = true
switch_seconds = 2
tip = "Hug one knee, stand tall."

[[steps]]
name = "Calf raise"
seconds = 4
"""
STRETCH_START = 5 + 4  # the cool-down starts after one round
# The tiny walk with its fast intervals clicking at 115 steps a minute.
CADENCE_WALK = TINY_WALK.replace("Tiny walk", "Tiny clicking walk").replace(
    "[intervals]\n", "[intervals]\nfast_cadence = 115\n"
)


async def later(pilot: Pilot[None], clock: FakeClock, seconds: float) -> None:
    """Move the clock and let the screen wake, as its timer would at that moment."""
    clock.advance(seconds)
    screen = pilot.app.screen
    if isinstance(screen, WalkScreen):
        screen.wake()
    await pilot.pause()


def digits(app: WalktimerApp) -> BigCountdown:
    return app.screen.query_one("#countdown", BigCountdown)


def countdown(app: WalktimerApp) -> str:
    return digits(app).time


def kind(app: WalktimerApp) -> str:
    return app.screen.query_one("#kind", BigWord).word


def drawn(widget: Widget) -> list[str]:
    """The lines a widget draws, as text."""
    rendered = widget.render()
    assert isinstance(rendered, Text)
    return rendered.plain.splitlines()


def digit_rows(app: WalktimerApp) -> list[str]:
    return [line for line in digits(app).rows if any(mark in line for mark in STROKES)]


def footer_words(app: WalktimerApp) -> str:
    """The words of the footer's keys that are on screen."""
    keys = app.screen.query("KeysFooter FooterKey")
    return " ".join(str(key.render()) for key in keys if key.display and key.region.width)


@pytest.fixture
def cadenced(make: AppMaker, xdg: Xdg) -> AppMaker:
    """The app maker, with the tiny walk's fast intervals clicking (`tiny-cadence`)."""
    (xdg.presets / "tiny-cadence.toml").write_text(CADENCE_WALK)
    return make


@pytest.fixture
def sides(make: AppMaker, xdg: Xdg) -> AppMaker:
    (xdg.presets / "sides.toml").write_text(SIDES_WALK)
    (xdg.presets / "sides-cool.toml").write_text(SIDES_COOL)
    return make


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
    assert seen == [
        ("March in place", "WARM-UP · March in place", "0:06"),
        ("FAST", "Brisk walk", "0:05"),
        ("SLOW", "Easy walk", "0:04"),
        ("FAST", "Brisk walk", "0:05"),
        ("SLOW", "Easy walk", "0:04"),
        ("Knee hug", "COOL-DOWN · Knee hug, left side", "0:03"),
        ("Knee hug", "COOL-DOWN · Knee hug, right side", "0:03"),
    ]
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
        assert kind(app) == "March in place"


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
        assert countdown(app) == "0:04"
        await pilot.press("space")
        assert shown(app, "#paused") == ""
        await later(pilot, clock, 1)
        assert countdown(app) == "0:03"
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
        assert (kind(app), countdown(app)) == ("March in place", "0:06")


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
        await pilot.press("space")  # start now, without getting ready
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
    assert summary.active_seconds == 3


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
        assert shown(app, "#sound") == "sound: test player · volume 80"
        await pilot.press("m")
        assert player.muted
        assert shown(app, "#sound") == "sound: test player, muted · volume 80"
        before = len(player.played)
        await later(pilot, clock, 6)
        assert len(player.played) == before


async def test_round_progress_next_and_ends_at_follow_the_walk(
    make: AppMaker, clock: FakeClock
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert shown(app, "#position") == "Warm-up step 1 of 1"
        assert shown(app, "#next") == "Next: FAST Brisk walk, round 1/2 (0:05)"
        assert shown(app, "#ends") == "Ends at 09:30"  # 30 s from 09:30:00
        await later(pilot, clock, 6 + 5)
        assert shown(app, "#position") == "Round 1/2"
        await pilot.press("n", "n")  # skipping brings the end nearer
        assert shown(app, "#position") == "Round 2/2"
        assert shown(app, "#next") == "Next: COOL-DOWN Knee hug, left side (0:03)"


# --- the countdown, as large as the terminal allows -------------------------------------


@pytest.mark.parametrize(
    ("size", "rows", "columns"),
    [((80, 24), 5, 30), ((120, 40), 6, 60), ((200, 60), 20, 101)],
    ids=["80x24", "120x40", "200x60"],
)
async def test_the_countdown_grows_with_the_terminal_and_everything_still_fits(
    make: AppMaker, size: tuple[int, int], rows: int, columns: int
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        strokes = digit_rows(app)
        assert len(strokes) >= rows
        assert max(len(line.strip()) for line in strokes) >= columns
        body = app.screen.query_one("#walk-body")
        assert body.virtual_size.height <= body.size.height  # nothing scrolled out of sight
        for part in ("#kind", "#step", "#countdown", "#position", "#next", "KeysFooter"):
            assert app.screen.query_one(part).region.height > 0, part
        assert "Pain stop" in footer_words(app) and "Stop" in footer_words(app)


async def test_a_tiny_terminal_shows_the_countdown_as_one_line(make: AppMaker) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test(size=(24, 7)) as pilot:
        await pilot.pause()
        lines = [line.strip() for line in list(digits(app).rows) if line.strip()]
        assert lines == ["0:06"]


async def test_the_digits_keep_their_size_when_a_digit_drops_away(
    make: AppMaker, clock: FakeClock
) -> None:
    app = make(plan=make.plan(fast_seconds=600), prompts=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await later(pilot, clock, 6)
        assert countdown(app) == "10:00"
        at_ten = digits(app).scale
        await later(pilot, clock, 1)
        assert countdown(app) == "9:59"
        assert digits(app).scale == at_ten


async def test_the_last_three_seconds_are_framed_and_in_another_colour(
    make: AppMaker, clock: FakeClock
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await later(pilot, clock, 6 + 1)  # 0:04 of the fast phase
        before_lines, before_colour = list(digits(app).rows), digits(app).rich_style.color
        assert not digits(app).has_class("-ending")
        await later(pilot, clock, 1)  # 0:03
        assert countdown(app) == "0:03"
        assert digits(app).has_class("-ending")
        assert digits(app).rich_style.color != before_colour
        framed = [line.strip() for line in list(digits(app).rows) if line.strip()]
        unframed = [line.strip() for line in before_lines if line.strip()]
        assert len(framed) > len(unframed)  # the frame's own rows, above and below
        assert set(framed[0]) <= set(STROKES) and len(framed[0]) > len(unframed[0])
        await later(pilot, clock, 3)  # the next phase: no frame
        assert (countdown(app), digits(app).has_class("-ending")) == ("0:04", False)


async def test_only_a_change_of_time_or_phase_redraws_the_countdown(
    make: AppMaker, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await later(pilot, clock, 1.2)  # after the first phase's flash
        widget = digits(app)
        refreshes: list[None] = []
        original = widget.refresh

        def counting(*regions: Region, **flags: bool) -> Widget:
            refreshes.append(None)
            return original(*regions, **flags)

        monkeypatch.setattr(widget, "refresh", counting)
        await later(pilot, clock, 0.3)
        await later(pilot, clock, 0.3)
        assert (countdown(app), refreshes) == ("0:05", [])  # the same second: nothing to draw
        await later(pilot, clock, 0.3)
        assert countdown(app) == "0:04" and refreshes


# --- the flash at every phase change ------------------------------------------------------


async def test_the_screen_flashes_at_each_phase_change_even_when_muted(
    make: AppMaker, clock: FakeClock
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("m")
        screen = app.screen
        await later(pilot, clock, 1)
        assert not screen.has_class("-flash")
        await later(pilot, clock, 5.1)  # just into the fast phase
        assert kind(app) == "FAST" and screen.has_class("-flash")
        body = screen.query_one("#walk-body")
        flashing = body.styles.background
        await later(pilot, clock, 0.5)
        assert not screen.has_class("-flash")
        assert body.styles.background != flashing
        await pilot.press("n")  # a skip is a change too
        assert kind(app) == "SLOW" and screen.has_class("-flash")


# --- stretches that can be followed ------------------------------------------------------


async def test_a_stretch_shows_its_name_and_side_large_and_counts_steps(
    sides: AppMaker, clock: FakeClock
) -> None:
    app = sides(plan=sides.plan("sides"), prompts=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await later(pilot, clock, STRETCH_START + 1)
        name, side = app.screen.query_one("#kind", BigWord), app.screen.query_one("#side", BigWord)
        assert (name.word, side.word) == ("Knee hug", "LEFT")
        assert drawn(name) == big_lines("KNEE HUG")
        assert drawn(side) == big_lines("LEFT")
        assert shown(app, "#step") == "COOL-DOWN · Knee hug, left side"
        assert shown(app, "#position") == "Cool-down step 1 of 2"
        await later(pilot, clock, 5)  # the change of sides
        assert (name.word, side.display) == ("CHANGE SIDES", False)
        assert drawn(name) == big_lines("CHANGE SIDES")
        assert shown(app, "#position") == "Cool-down step 1 of 2"
        await later(pilot, clock, 2)
        assert (name.word, side.word, side.display) == ("Knee hug", "RIGHT", True)
        assert shown(app, "#position") == "Cool-down step 1 of 2"
        await later(pilot, clock, 6)
        assert (name.word, side.display) == ("Calf raise", False)
        assert shown(app, "#position") == "Cool-down step 2 of 2"


async def test_a_name_too_long_for_large_letters_shows_the_kind_large_and_the_name(
    sides: AppMaker, xdg: Xdg, clock: FakeClock
) -> None:
    long_name = "Standing hip flexor stretch against the rail"
    (xdg.presets / "sides-cool.toml").write_text(SIDES_COOL.replace("Knee hug", long_name))
    app = sides(plan=sides.plan("sides"), prompts=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await later(pilot, clock, STRETCH_START + 1)
        assert drawn(app.screen.query_one("#kind", BigWord)) == big_lines("COOL-DOWN")
        assert shown(app, "#step") == f"COOL-DOWN · {long_name}, left side"
        assert drawn(app.screen.query_one("#side", BigWord)) == big_lines("LEFT")


# --- getting ready -----------------------------------------------------------------------


def walk_run(make: AppMaker) -> WalkRun:
    """A walk of the tiny preset, for a walk screen the test pushes itself."""
    return WalkRun(
        make.plan(),
        player=make.player,
        sessions_dir=make.xdg.sessions,
        checkpoint_dir=make.xdg.checkpoints,
        clock=make.clock,
        wall=make.clock.wall,
    )


async def test_get_ready_counts_down_large_then_starts_the_walk_and_its_first_cue(
    make: AppMaker, clock: FakeClock, player: RecordingPlayer
) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        run = walk_run(make)
        screen = WalkScreen(run, get_ready=GET_READY_SECONDS)
        await app.push_screen(screen)
        await pilot.pause()
        assert (kind(app), countdown(app)) == ("GET READY", "5")
        assert digit_rows(app)  # in large digits too
        assert "Start now" in footer_words(app)
        assert not run.started and player.played == []
        await later(pilot, clock, 1)
        assert countdown(app) == "4"
        await later(pilot, clock, 4)
        assert run.started
        assert (kind(app), countdown(app)) == ("March in place", "0:06")
        assert [cue for cue, _ in player.played] == [Cue.WARMUP]
        assert "Pause" in footer_words(app) and "Start now" not in footer_words(app)


async def test_space_skips_get_ready_and_starts_the_walk_at_once(
    make: AppMaker, clock: FakeClock
) -> None:
    app = make()
    async with app.run_test() as pilot:
        await pilot.pause()
        run = walk_run(make)
        await app.push_screen(WalkScreen(run, get_ready=GET_READY_SECONDS))
        await pilot.pause()
        await later(pilot, clock, 2)
        await pilot.press("space")
        assert run.started
        assert countdown(app) == "0:06"
        await later(pilot, clock, 1)
        assert countdown(app) == "0:05"  # the walk's clock started at the key, not before


async def test_no_get_ready_without_questions(make: AppMaker) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert (kind(app), countdown(app)) == ("March in place", "0:06")


# --- keys and the footer -----------------------------------------------------------------


async def test_plus_and_minus_change_the_volume_by_ten_within_0_to_100(
    make: AppMaker, player: RecordingPlayer
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("plus")
        assert (player.volume, shown(app, "#sound")) == (90, "sound: test player · volume 90")
        await pilot.press("plus", "plus", "equals_sign")
        assert player.volumes == [90, 100, 100, 100]
        for _ in range(12):
            await pilot.press("minus")
        assert player.volume == 0
        assert shown(app, "#sound") == "sound: test player · volume 0"


async def test_the_footer_says_resume_while_paused(make: AppMaker) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Pause" in footer_words(app) and "Resume" not in footer_words(app)
        await pilot.press("space")
        await pilot.pause()
        assert "Resume" in footer_words(app) and "Pause" not in footer_words(app)
        await pilot.press("space")
        await pilot.pause()
        assert "Pause" in footer_words(app)


@pytest.mark.parametrize("width", [59, 40, 30, 24])
async def test_a_narrow_footer_keeps_pain_stop_and_stop(make: AppMaker, width: int) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test(size=(width, 20)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one("KeysFooter")
        for key in app.screen.query("KeysFooter FooterKey"):
            if key.display:
                assert key.region.right <= footer.region.right, str(key.render())
        words = footer_words(app)
        assert "Pain stop" in words and "Stop" in words


async def test_the_header_says_when_only_the_terminal_bell_sounds(
    make: AppMaker, player: RecordingPlayer
) -> None:
    player.name = "bell"
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert shown(app, "#sound") == "sound: terminal bell only · volume 80"


def contrast(one: Color, other: Color) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(colour: Color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = colour.rgb
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(app: WalktimerApp) -> None:
    """Large type at least 3:1 against what is behind it, text at least 4.5:1 (WCAG)."""
    for part, least in (("#kind", 3), ("#countdown", 3), ("#step", 4.5), ("#position", 4.5)):
        widget = app.screen.query_one(part)
        foreground, background = widget.colors[3], widget.colors[2]
        assert contrast(foreground, background) >= least, (part, foreground, background)


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
async def test_the_warm_up_words_are_readable_in_light_and_dark_themes(
    make: AppMaker, clock: FakeClock, theme: str
) -> None:
    config = Config(defaults=Defaults(walk="tiny"), theme=theme)
    app = make(plan=make.plan(), prompts=False, config=config)
    async with app.run_test() as pilot:
        await later(pilot, clock, 1)  # after the first flash
        assert app.screen.has_class("-warmup")
        readable(app)
        await later(pilot, clock, 5 + 2.5)  # the fast phase's last seconds
        assert countdown(app) == "0:03"
        readable(app)
        await pilot.press("space")
        paused = app.screen.query_one("#paused")
        assert contrast(paused.colors[3], paused.colors[2]) >= 4.5


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
async def test_the_words_are_readable_during_a_flash(
    make: AppMaker, clock: FakeClock, theme: str
) -> None:
    config = Config(defaults=Defaults(walk="tiny"), theme=theme)
    app = make(plan=make.plan(), prompts=False, config=config)
    async with app.run_test() as pilot:
        await later(pilot, clock, 6.1)  # just into the fast phase
        assert app.screen.has_class("-fast") and app.screen.has_class("-flash")
        readable(app)


# --- the metronome's key --------------------------------------------------------------------


async def test_k_turns_the_clicks_off_and_on_again_and_the_screen_says_which(
    cadenced: AppMaker, clock: FakeClock, player: RecordingPlayer
) -> None:
    plan = cadenced.plan("tiny-cadence")
    assert (plan.fast_cadence, plan.slow_cadence) == (115, None)
    app = cadenced(plan=plan, prompts=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await later(pilot, clock, 6 + 1)  # 1 s into the first fast interval
        assert "Clicks off" in footer_words(app) and "Clicks on" not in footer_words(app)
        assert shown(app, "#position") == "Round 1/2 · ♩ 115/min"
        clicking = player.plays[-1][1]
        assert (clicking.cue, clicking.step) == (Cue.FAST, pytest.approx(60 / 115))
        await pilot.press("k")
        assert len(player.stops) == 1  # silenced at once
        assert "Clicks on" in footer_words(app) and "Clicks off" not in footer_words(app)
        assert shown(app, "#position") == "Round 1/2 · ♩ off (k)"
        assert told(app)[-1] == "Metronome off."
        plays = len(player.plays)
        await later(pilot, clock, 0.5)
        await pilot.press("k")
        assert "Clicks off" in footer_words(app) and "Clicks on" not in footer_words(app)
        assert shown(app, "#position") == "Round 1/2 · ♩ 115/min"
        assert told(app)[-1] == "Metronome on."
        assert len(player.plays) == plays + 1
        # The clicks again from 1.5 s into the interval, on its grid, with the pips to come.
        again = Stream(start=1.5, step=60 / 115, clicks_from=1.5, until=5, pips=(2, 3, 4))
        assert player.plays[-1][1] == again
        await later(pilot, clock, 5)  # the slow interval has no cadence: no clicks, no key
        assert shown(app, "#position") == "Round 1/2"
        assert player.plays[-1][1].step is None


async def test_a_walk_without_a_cadence_has_no_metronome_key(
    make: AppMaker, clock: FakeClock, player: RecordingPlayer
) -> None:
    app = make(plan=make.plan(), prompts=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await later(pilot, clock, 6 + 1)
        words = footer_words(app)
        assert "Clicks off" not in words and "Clicks on" not in words
        assert shown(app, "#position") == "Round 1/2"
        await pilot.press("k")  # nothing to turn off
        assert player.stops == []
        assert shown(app, "#position") == "Round 1/2"
        assert "Metronome off." not in told(app)

"""Every screen of the app shows text from files (preset names, tips, descriptions, the walks,
notes and ids of saved summaries, file names in warnings) literally: what reaches the terminal
holds no control character, so no file can clear the screen, set the title or write the
clipboard. Each screen is drawn whole (`export_screenshot`) and searched."""

from __future__ import annotations

import re
from datetime import timedelta

import msgspec
from textual.pilot import Pilot

from tests.conftest import Xdg
from tests.fakes import FROZEN, FakeClock
from tests.functional.conftest import AppMaker, past_walk
from walktimer.config import Config, Defaults
from walktimer.tui.app import WalktimerApp
from walktimer.tui.screens.end import EndScreen
from walktimer.tui.screens.history import HistoryScreen
from walktimer.tui.screens.walk import WalkScreen

TITLE = r"\u001b]0;pwned\u0007"
OSC52 = r"\u001b]52;c;aGk=\u001b\\"
CLEAR = r"\u001b[2J"
HOSTILE_WALK = rf"""kind = "walk"
name = "Evil {TITLE} walk"
description = "Clears {CLEAR} the screen \u009b1m"
warmup = "evil-warm"
cooldown = "none"

[intervals]
fast_seconds = 3
slow_seconds = 3
rounds = 1
fast_tip = "{OSC52}"
slow_tip = "Easy {CLEAR} now"
"""
HOSTILE_WARMUP = rf"""kind = "warmup"
name = "Warm {CLEAR} up"

[[steps]]
name = "March {TITLE}"
seconds = 3
tip = "Tip {OSC52} done"
"""
# What may reach the terminal besides printable text: newlines and tabs of multi-line text.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def hostile_presets(xdg: Xdg) -> None:
    (xdg.presets / "evil.toml").write_text(HOSTILE_WALK)
    (xdg.presets / "evil-warm.toml").write_text(HOSTILE_WARMUP)
    (xdg.presets / "bad\x1b[2J.toml").write_text('kind = "walk"\n')


def assert_drawn_safely(app: WalktimerApp, *expected: str) -> None:
    drawn = app.export_screenshot()
    assert not CONTROL.findall(drawn)
    for text in expected:
        assert text.replace(" ", "\N{NO-BREAK SPACE}") in drawn or text in drawn, text


async def later(pilot: Pilot[None], clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    if isinstance(pilot.app.screen, WalkScreen):
        pilot.app.screen.wake()
    await pilot.pause()


async def test_a_walk_of_hostile_presets_is_drawn_without_control_characters(
    make: AppMaker, clock: FakeClock, xdg: Xdg
) -> None:
    hostile_presets(xdg)
    app = make(plan=make.plan("evil"), prompts=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert_drawn_safely(app, "pwned")  # before the walk: its name
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        await pilot.press("space")  # no need to get ready: the walk starts now
        await pilot.pause()
        assert_drawn_safely(app, "March", "Tip", "52;c;aGk=")
        for _ in range(3):  # the fast and slow intervals, then the end
            await later(pilot, clock, 3)
            assert_drawn_safely(app, "pwned")
        assert isinstance(app.screen, EndScreen)


async def test_home_and_history_draw_hostile_summaries_without_control_characters(
    make: AppMaker, xdg: Xdg
) -> None:
    hostile_presets(xdg)
    walk = past_walk(FROZEN - timedelta(days=1), "evil\x1b]0;pwned\x07", pain=(4, 3))
    walk.id = "-evil\x1b[2J"
    walk.notes = "sore \x1b]52;c;aGk=\x1b\\ then \x1b[2J\nand\tmore"
    xdg.sessions.mkdir(parents=True)
    (xdg.sessions / "evil.toml").write_bytes(msgspec.toml.encode(walk))  # as a device synced it
    (xdg.sessions / "broken\x1b]0;pwned\x07.toml").write_text("schema = \n")
    app = make(config=Config(defaults=Defaults(walk="evil")))
    async with app.run_test(size=(140, 45)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_drawn_safely(app, "Clears", "Warm", "evil")
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert_drawn_safely(app, "sore", "broken")

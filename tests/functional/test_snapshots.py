"""Pictures of the screens at 80x24 and 120x40 (the walk screen at 200x60 too), with a frozen
clock and fixed data.

Update a picture only after looking at the report: `pytest tests/functional/test_snapshots.py
--snapshot-update`, then check the new SVG files under `__snapshots__/`.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import Xdg
from tests.fakes import FakeClock
from tests.functional.conftest import AppMaker, write_past_walks
from tests.functional.test_walk_screen import (
    CADENCE_WALK,
    SIDES_COOL,
    SIDES_WALK,
    STRETCH_START,
)
from walktimer.tui.screens.walk import WalkScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
# The walk screen grows its countdown with the terminal: a large one is pictured too.
WALK_SIZES = [*SIZES, pytest.param((200, 60), id="200x60")]
Snap = Any  # the snap_compare fixture of pytest-textual-snapshot


@pytest.fixture
def fixed(make: AppMaker, xdg: Xdg) -> AppMaker:
    make.only_test_presets = True
    write_past_walks(xdg)
    return make


async def walk_to(pilot: Pilot[None], clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    screen = pilot.app.screen
    assert isinstance(screen, WalkScreen)
    screen.wake()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare: Snap, fixed: AppMaker, size: tuple[int, int]) -> None:
    async def loaded(pilot: Pilot[None]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(fixed(), terminal_size=size, run_before=loaded)


@pytest.mark.parametrize("size", WALK_SIZES)
def test_walk_fast(
    snap_compare: Snap, fixed: AppMaker, clock: FakeClock, size: tuple[int, int]
) -> None:
    async def into_the_first_fast_phase(pilot: Pilot[None]) -> None:
        await walk_to(pilot, clock, 6 + 1.4)

    app = fixed(plan=fixed.plan(), prompts=False)
    assert snap_compare(app, terminal_size=size, run_before=into_the_first_fast_phase)


def test_walk_fast_with_a_cadence(
    snap_compare: Snap, fixed: AppMaker, xdg: Xdg, clock: FakeClock
) -> None:
    """The metronome's pace on the position line, and its key (k) in the footer."""
    (xdg.presets / "tiny-cadence.toml").write_text(CADENCE_WALK)

    async def into_the_first_fast_phase(pilot: Pilot[None]) -> None:
        await walk_to(pilot, clock, 6 + 1.4)

    app = fixed(plan=fixed.plan("tiny-cadence"), prompts=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=into_the_first_fast_phase)


@pytest.mark.parametrize("size", WALK_SIZES)
def test_walk_stretch_left_side(
    snap_compare: Snap, fixed: AppMaker, xdg: Xdg, clock: FakeClock, size: tuple[int, int]
) -> None:
    (xdg.presets / "sides.toml").write_text(SIDES_WALK)
    (xdg.presets / "sides-cool.toml").write_text(SIDES_COOL)

    async def into_the_left_side(pilot: Pilot[None]) -> None:
        await walk_to(pilot, clock, STRETCH_START + 1.4)

    app = fixed(plan=fixed.plan("sides"), prompts=False)
    assert snap_compare(app, terminal_size=size, run_before=into_the_left_side)


@pytest.mark.parametrize("size", SIZES)
def test_walk_slow_paused(
    snap_compare: Snap, fixed: AppMaker, clock: FakeClock, size: tuple[int, int]
) -> None:
    async def paused_in_a_slow_phase(pilot: Pilot[None]) -> None:
        await walk_to(pilot, clock, 6 + 5 + 1.5)
        await pilot.press("space")

    app = fixed(plan=fixed.plan(), prompts=False)
    assert snap_compare(app, terminal_size=size, run_before=paused_in_a_slow_phase)


@pytest.mark.parametrize("size", SIZES)
def test_end_after_a_pain_stop(
    snap_compare: Snap, fixed: AppMaker, clock: FakeClock, size: tuple[int, int]
) -> None:
    async def stopped_for_pain(pilot: Pilot[None]) -> None:
        await pilot.press("3", "enter")
        await pilot.press("space")  # ready at once: the get-ready countdown is not walked
        await walk_to(pilot, clock, 6 + 5 + 2)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("6")  # pain rose by 3: the gentle note shows too
        await pilot.pause()

    app = fixed(plan=fixed.plan())
    assert snap_compare(app, terminal_size=size, run_before=stopped_for_pain)

"""Pictures of home at 80x24, 120x40 and 200x60, with a frozen clock and fixed data: as it opens,
with its numbers changed and a cool-down's steps shown, with a broken preset highlighted, with
the suggestion, and its help.

Update a picture only after looking at the report: `pytest tests/functional/test_home_snapshots.py
--snapshot-update`, then check the new SVG files under `__snapshots__/`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import Xdg
from tests.fakes import FROZEN, RecordingPlayer
from tests.functional.conftest import AppMaker, past_walk, settle, write_past_walks
from walktimer.domain.catalog import Catalog, load_file
from walktimer.storage import write_summary

SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((120, 40), id="120x40"),
    pytest.param((200, 60), id="200x60"),
]
Snap = Any  # the snap_compare fixture of pytest-textual-snapshot
WALKERS_PRESETS = "/home/walker/.config/walktimer/presets"
STRETCHES = """\
kind = "cooldown"
name = "Standing stretches"
description = "Three stretches that need no floor, for after a treadmill walk."

[[steps]]
name = "Hamstring stretch"
seconds = 30
sides = true
tip = "Heel on a low step, hinge at the hips, back straight."

[[steps]]
name = "Hip flexor stretch"
seconds = 30
sides = true
tip = "Step one foot back, tuck the pelvis under, stand tall."

[[steps]]
name = "Back extension"
seconds = 20
tip = "Hands on the lower back, lean back gently, look ahead."
"""


@pytest.fixture
def fixed(make: AppMaker, xdg: Xdg) -> AppMaker:
    make.only_test_presets = True
    make.player = RecordingPlayer(name="bell")
    (xdg.presets / "stretches.toml").write_text(STRETCHES)
    return make


async def loaded(pilot: Pilot[None]) -> None:
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_home_as_it_opens(
    snap_compare: Snap, fixed: AppMaker, xdg: Xdg, size: tuple[int, int]
) -> None:
    write_past_walks(xdg)
    assert snap_compare(fixed(), terminal_size=size, run_before=loaded)


@pytest.mark.parametrize("size", SIZES)
def test_home_with_numbers_changed_and_a_cool_down_shown(
    snap_compare: Snap, fixed: AppMaker, xdg: Xdg, size: tuple[int, int]
) -> None:
    write_past_walks(xdg)

    async def changed(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("right_square_bracket", "full_stop", "full_stop", "tab", "tab")
        await pilot.press("down", "down")  # the standing stretches
        await pilot.pause()

    assert snap_compare(fixed(), terminal_size=size, run_before=changed)


def test_home_with_a_broken_preset_highlighted(
    snap_compare: Snap, fixed: AppMaker, xdg: Xdg, monkeypatch: pytest.MonkeyPatch
) -> None:
    (xdg.presets / "broken-walk.toml").write_text('kind = "walk"\nname = "Broken"\n')

    def catalog() -> Catalog:  # the files named as in a walker's home, the same in every run
        files = sorted(xdg.presets.glob("*.toml"))
        return Catalog(load_file(p, "user", f"{WALKERS_PRESETS}/{p.name}") for p in files)

    monkeypatch.setattr(fixed, "catalog", catalog)

    async def highlighted(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(fixed(), terminal_size=(80, 24), run_before=highlighted)


def test_home_with_the_suggestion(snap_compare: Snap, fixed: AppMaker, xdg: Xdg) -> None:
    for days in (3, 2, 1):
        write_summary(past_walk(FROZEN - timedelta(days=days), "tiny", pain=(4, 3)), xdg.sessions)
    assert snap_compare(fixed(), terminal_size=(120, 40), run_before=loaded)


def test_home_help(snap_compare: Snap, fixed: AppMaker) -> None:
    async def helped(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(fixed(), terminal_size=(80, 24), run_before=helped)

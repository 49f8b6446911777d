"""The walk screen as a walker on a treadmill sees it, in a real terminal at three sizes: a
countdown that grows with the terminal, a stretch named in large letters with its side, and a
volume that `+` and `-` change on screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.e2e.conftest import Terminal, env_for
from walktimer.tui.widgets.big_word import big_lines

pytestmark = pytest.mark.e2e

Start = Callable[[Path, tuple[int, int]], str]
STROKES = "█▀▄"  # what the countdown's digits are drawn with
LONG_WALK = """\
kind = "walk"
name = "Long first interval"
warmup = "none"
cooldown = "none"

[intervals]
fast_seconds = 600
slow_seconds = 2
rounds = 2
"""
STRETCH_WALK = """\
kind = "walk"
name = "Straight to the stretch"
warmup = "none"
cooldown = "{cooldown}"

[intervals]
fast_seconds = 60
slow_seconds = 60
rounds = 1
"""
KNEE_HUG = """\
kind = "cooldown"
name = "One stretch"

[[steps]]
name = "Knee hug"
seconds = 600
sides = true
tip = "Hug one knee to the chest, standing tall."
"""


@pytest.fixture
def start(terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]) -> Start:
    """Start a walk without questions in a terminal of a size; the screen once it shows the
    first fast phase at that size."""

    def started(walk: Path, size: tuple[int, int]) -> str:
        command = [*walktimer_cmd, "run", str(walk), "--no-prompts", "--audio", "none"]
        terminal.start(command, env_for(xdg), size)
        width, height = size
        return terminal.wait_for(
            lambda s: "Brisk walk" in s and len(s.splitlines()) == height and "Stop" in s,
            f"the walk at {width}x{height}",
        )

    return started


def drawn(rows: list[str] | None, screen: str) -> bool:
    """Whether the large letters' `rows` are on `screen` (which has no trailing spaces)."""
    return rows is not None and all(row.rstrip() in screen for row in rows)


def digit_rows(screen: str) -> list[str]:
    return [line for line in screen.splitlines() if any(mark in line for mark in STROKES)]


def digit_span(rows: list[str]) -> int:
    """Columns from the first stroke to the last, over all the digits' rows."""
    starts = [min(row.index(m) for m in STROKES if m in row) for row in rows]
    ends = [max(row.rindex(m) for m in STROKES if m in row) for row in rows]
    return max(ends) - min(starts) + 1


@pytest.fixture
def long_walk(tmp_path: Path) -> Path:
    walk = tmp_path / "long.toml"
    walk.write_text(LONG_WALK)
    return walk


def test_the_countdown_is_at_least_six_rows_tall_at_120x40(start: Start, long_walk: Path) -> None:
    screen = start(long_walk, (120, 40))
    rows = digit_rows(screen)
    assert len(rows) >= 6, f"the countdown is {len(rows)} rows tall:\n{screen}"


def test_the_countdown_fills_more_than_half_the_width_at_200x60(
    start: Start, long_walk: Path
) -> None:
    screen = start(long_walk, (200, 60))
    rows = digit_rows(screen)
    assert rows, f"no large digits on screen:\n{screen}"
    assert digit_span(rows) > 100, f"the digits span {digit_span(rows)} of 200 columns"
    assert len(rows) >= 20


def test_everything_fits_at_80x24_with_a_larger_countdown(start: Start, long_walk: Path) -> None:
    screen = start(long_walk, (80, 24))
    rows = digit_rows(screen)
    assert len(rows) >= 5, f"the countdown is {len(rows)} rows tall:\n{screen}"
    for shown in ("Round 1/2", "Phase", "Walk ", "Next: SLOW Easy walk", "Pain stop", "Stop"):
        assert shown in screen, f"{shown!r} is not on the screen:\n{screen}"
    assert drawn(big_lines("FAST"), screen), screen


def test_a_stretch_shows_its_name_large_and_its_side(
    terminal: Terminal, start: Start, tmp_path: Path
) -> None:
    cooldown = tmp_path / "knee.toml"
    cooldown.write_text(KNEE_HUG)
    walk = tmp_path / "stretch.toml"
    walk.write_text(STRETCH_WALK.format(cooldown=cooldown))
    start(walk, (120, 40))
    terminal.keys("n", "n")
    screen = terminal.wait_for(lambda s: "step 1 of 1" in s, "the stretch")
    assert drawn(big_lines("KNEE HUG"), screen), f"no large KNEE HUG:\n{screen}"
    assert drawn(big_lines("LEFT"), screen), f"no large LEFT:\n{screen}"
    assert "Cool-down step 1 of 1" in screen
    terminal.keys("n")
    screen = terminal.wait_for(lambda s: "Next: the end of the walk" in s, "the right side")
    assert drawn(big_lines("RIGHT"), screen), f"no large RIGHT:\n{screen}"


def test_plus_and_minus_change_the_volume_shown(
    terminal: Terminal, start: Start, long_walk: Path
) -> None:
    screen = start(long_walk, (120, 40))
    assert "volume 80" in screen, screen
    terminal.keys("+")
    terminal.wait_for(lambda s: "volume 90" in s, "the volume to go up by 10")
    terminal.keys("-", "-")
    terminal.wait_for(lambda s: "volume 70" in s, "the volume to go down by 20")

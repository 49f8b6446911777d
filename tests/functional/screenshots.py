"""The README's pictures: `python -m tests.functional.screenshots` writes docs/walk.svg and
docs/history.svg, exported by Textual from the real app with a frozen clock and made-up walks.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import timedelta
from pathlib import Path

from tests.fakes import FROZEN, FakeClock, RecordingPlayer
from tests.functional.conftest import past_walk
from walktimer.config import Config
from walktimer.domain.catalog import Catalog
from walktimer.storage import write_summary
from walktimer.tui.app import make_app
from walktimer.tui.screens.walk import WalkScreen

DOCS = Path(__file__).resolve().parents[2] / "docs"
SIZE = (100, 30)
MINUTES = {"first-steps": 12, "classic-30-30": 21, "iwt-3x3": 42}
# Five weeks of walks, oldest first: (days and hours before the frozen moment, walk, pain
# before, pain after).
WALKS = [
    (33, 1, "first-steps", 5, 4),
    (31, 3, "first-steps", 5, 5),
    (28, 0, "first-steps", 4, 4),
    (24, 2, "first-steps", 5, 3),
    (22, 1, "classic-30-30", 4, 4),
    (19, 4, "classic-30-30", 4, 3),
    (15, 0, "classic-30-30", 4, 6),
    (13, 2, "first-steps", 5, 4),
    (10, 1, "classic-30-30", 4, 3),
    (8, 3, "classic-30-30", 3, 3),
    (6, 0, "classic-30-30", 3, 2),
    (2, 2, "classic-30-30", 3, 2),
    (1, 1, "iwt-3x3", 3, 3),
]


async def shoot(folder: Path) -> None:
    sessions = folder / "sessions"
    for days, hours, walk, before, after in WALKS:
        started = FROZEN - timedelta(days=days, hours=hours)
        summary = past_walk(started, walk, pain=(before, after), minutes=MINUTES[walk])
        write_summary(summary, sessions)
    catalog = Catalog.load(None)
    clock = FakeClock()

    walking = make_app(
        catalog=catalog,
        config=Config(),
        player_factory=lambda ring, notify: RecordingPlayer(name="simpleaudio"),
        sessions_dir=folder / "scratch",  # closing saves this walk: keep it out of the history
        checkpoint_dir=None,
        clock=clock,
        wall=clock.wall,
        plan=catalog.plan("classic-30-30"),
        prompts=False,
    )
    async with walking.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(5 * 60 + 2 * 60 + 12.4)  # the warm-up, two rounds, 12 s into round 3
        assert isinstance(walking.screen, WalkScreen)
        walking.screen.wake()
        await pilot.pause()
        walking.save_screenshot("walk.svg", str(DOCS))
        await pilot.press("ctrl+q")
    home = make_app(
        catalog=catalog,
        config=Config(),
        player_factory=lambda ring, notify: RecordingPlayer(),
        sessions_dir=sessions,
        checkpoint_dir=None,
        clock=clock,
        wall=clock.wall,
    )
    async with home.run_test(size=SIZE) as pilot:
        await home.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        home.save_screenshot("history.svg", str(DOCS))


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(shoot(Path(folder)))
    print(f"wrote {DOCS / 'walk.svg'} and {DOCS / 'history.svg'}")


if __name__ == "__main__":
    main()

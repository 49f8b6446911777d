"""The app as the tests build it: a fake clock, a frozen wall clock, a player that records."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import msgspec
import pytest
from rich.console import Console
from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from tests.conftest import Xdg
from tests.fakes import FROZEN, FakeClock, RecordingPlayer
from walktimer.config import Config, Defaults
from walktimer.domain.catalog import Catalog, load_file
from walktimer.domain.plan import Plan
from walktimer.domain.summary import Summary, new_summary_id
from walktimer.storage import write_summary
from walktimer.tui.app import WalktimerApp, make_app
from walktimer.tui.screens.walk import WalkScreen

TINY_WALK = """\
kind = "walk"
name = "Tiny walk"
description = "Two rounds of 5 s fast and 4 s slow, for tests."
warmup = "tiny-warm"
cooldown = "tiny-cool"

[intervals]
fast_seconds = 5
slow_seconds = 4
rounds = 2
fast_tip = "Quick now."
slow_tip = "Easy now."
"""
TINY_WARM = """\
kind = "warmup"
name = "Tiny warm-up"

[[steps]]
name = "March in place"
seconds = 6
tip = "Knees up gently."
"""
TINY_COOL = """\
kind = "cooldown"
name = "Tiny cool-down"

[[steps]]
name = "Knee hug"
seconds = 3
sides = true
tip = "Slowly."
"""


def past_walk(
    started: datetime,
    walk: str,
    *,
    status: str = "completed",
    pain: tuple[int, int] | None,
    minutes: int = 12,
) -> Summary:
    """A saved walk, 12 minutes unless told: 4 rounds of 30/30 and some warm-up and cool-down."""
    return Summary(
        schema=1,
        id=new_summary_id(started, walk, "abcd"),
        app_version="0.1.0",
        status=status,  # type: ignore[arg-type]
        stop_reason="pain" if status == "stopped" else None,
        started_at=started,
        ended_at=started + timedelta(minutes=minutes + 1),
        walk=walk,
        warmup="none",
        cooldown="none",
        planned_seconds=60 * minutes,
        active_seconds=60.0 * minutes,
        paused_seconds=0.0,
        rounds_planned=4,
        rounds_completed=4,
        fast_seconds=120.0,
        slow_seconds=120.0,
        pain_before=None if pain is None else pain[0],
        pain_after=None if pain is None else pain[1],
        phases=[],
    )


def write_past_walks(xdg: Xdg) -> list[Summary]:
    """Two walks this week (the week of Monday 2 March 2026) and one the week before."""
    walks = [
        past_walk(FROZEN.replace(month=2, day=25, hour=8), "first-steps", pain=(4, 3)),
        past_walk(FROZEN.replace(day=2, hour=8), "classic-30-30", status="stopped", pain=(5, 7)),
        past_walk(FROZEN.replace(day=3, hour=18), "tiny", pain=(3, 2)),
    ]
    for summary in walks:
        write_summary(summary, xdg.sessions)
    return walks


def write_tiny_presets(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tiny.toml").write_text(TINY_WALK)
    (folder / "tiny-warm.toml").write_text(TINY_WARM)
    (folder / "tiny-cool.toml").write_text(TINY_COOL)


@dataclass
class AppMaker:
    xdg: Xdg
    clock: FakeClock
    player: RecordingPlayer

    only_test_presets: bool = False

    def catalog(self) -> Catalog:
        """The bundled presets and the test's own; or only the test's (for snapshots, whose
        pictures must not change when a bundled preset does)."""
        if self.only_test_presets:
            files = sorted(self.xdg.presets.glob("*.toml"))
            return Catalog(load_file(path, "user") for path in files)
        return Catalog.load(self.xdg.presets)

    def plan(self, walk: str = "tiny", **overrides: int) -> Plan:
        return self.catalog().plan(walk, **overrides)  # type: ignore[arg-type]

    def __call__(
        self,
        *,
        plan: Plan | None = None,
        prompts: bool = True,
        config: Config | None = None,
        sessions_dir: Path | None = None,
    ) -> WalktimerApp:
        return make_app(
            catalog=self.catalog(),
            config=config or Config(defaults=Defaults(walk="tiny")),
            player_factory=lambda ring, notify: self.player,
            sessions_dir=sessions_dir or self.xdg.sessions,
            checkpoint_dir=self.xdg.checkpoints,
            clock=self.clock,
            wall=self.clock.wall,
            plan=plan,
            prompts=prompts,
        )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def player() -> RecordingPlayer:
    return RecordingPlayer()


@pytest.fixture
def make(xdg: Xdg, clock: FakeClock, player: RecordingPlayer) -> AppMaker:
    write_tiny_presets(xdg.presets)
    return AppMaker(xdg, clock, player)


def printed(renderable: object) -> str:
    """What rich prints of `renderable` on a terminal 200 columns wide, as plain text."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def shown(app: App[None], selector: str) -> str:
    """The plain text a Static on the current screen shows (tables too, as printed)."""
    content = app.screen.query_one(selector, Static).content
    if isinstance(content, str | Text):
        return str(content)
    return printed(content)


def told(app: App[None]) -> list[str]:
    """The messages the app has notified, oldest first."""
    return [n.message for n in app._notifications]


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the app's threads (the save, reading the history) and for what they report
    to be shown, however many follow one another."""
    app = pilot.app
    while True:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            return


async def start_now(pilot: Pilot[None]) -> None:
    """On the walk screen after the questions: the walk starts now, not after getting ready."""
    assert isinstance(pilot.app.screen, WalkScreen)
    await pilot.press("space")
    await pilot.pause()
    assert pilot.app.screen.walk_run.started


def saved(xdg: Xdg) -> list[Summary]:
    """The summaries on disk, oldest first."""
    files = sorted(xdg.sessions.glob("*.toml")) if xdg.sessions.is_dir() else []
    return [msgspec.toml.decode(f.read_bytes(), type=Summary) for f in files]

"""What stands beside a walk in the app (on a phone: its wake lock and its notification) hears
of the walk's start once, of each phase and each pause and going on, and of its end once,
however the walk ends."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.conftest import Xdg
from tests.fakes import FakeClock, RecordingCompanion
from tests.functional.conftest import AppMaker, saved
from tests.functional.test_walk_screen import later
from walktimer.config import Config, Defaults
from walktimer.domain.session import Status
from walktimer.tui.app import WalktimerApp, make_app
from walktimer.tui.screens.dialogs import ConfirmStop
from walktimer.walk import Companion

WARMUP, FAST, SLOW = 0, 1, 2  # the tiny walk's first phases: 6 s, then 5 s, then 4 s
RUNNING, PAUSED = Status.RUNNING, Status.PAUSED


def with_companions(make: AppMaker, made: list[RecordingCompanion]) -> WalktimerApp:
    """The app on the tiny walk, asking nothing, each walk's companion kept in `made`."""

    def companion(tell: Callable[[str], None]) -> Companion:
        made.append(RecordingCompanion())
        return made[-1]

    return make_app(
        catalog=make.catalog(),
        config=Config(defaults=Defaults(walk="tiny")),
        player_factory=lambda ring, notify: make.player,
        sessions_dir=make.xdg.sessions,
        checkpoint_dir=make.xdg.checkpoints,
        clock=make.clock,
        wall=make.clock.wall,
        plan=make.plan(),
        prompts=False,
        companion=companion,
    )


def told(companion: RecordingCompanion) -> list[tuple[int, Status]]:
    """Each change the companion heard of: the phase, and whether the walk was paused."""
    return [(view.state.index, view.state.status) for view in companion.views]


async def walk_into_the_fast_interval(pilot: Pilot[None], clock: FakeClock) -> None:
    """From the start: the fast interval, a pause in it, and going on."""
    await later(pilot, clock, 6)
    await pilot.press("space")
    await later(pilot, clock, 30)  # nothing changes while paused
    await pilot.press("space")
    await pilot.pause()


async def test_the_companion_hears_of_the_start_each_phase_each_pause_and_a_stop_once(
    make: AppMaker, clock: FakeClock, xdg: Xdg
) -> None:
    made: list[RecordingCompanion] = []
    app = with_companions(make, made)
    async with app.run_test() as pilot:
        await pilot.pause()
        [companion] = made
        assert (companion.begun, told(companion)) == (1, [(WARMUP, RUNNING)])
        await walk_into_the_fast_interval(pilot, clock)
        await later(pilot, clock, 5)
        assert told(companion) == [
            (WARMUP, RUNNING),
            (FAST, RUNNING),
            (FAST, PAUSED),
            (FAST, RUNNING),
            (SLOW, RUNNING),
        ]
        assert companion.ended == 0
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmStop)
        assert companion.ended == 0  # asked, not stopped yet
        await pilot.press("y")
        await pilot.pause()
        assert companion.ended == 1
    assert len(made) == 1
    assert (companion.begun, companion.ended, len(companion.views)) == (1, 1, 5)
    [summary] = saved(xdg)
    assert (summary.status, summary.active_seconds) == ("stopped", 11)


async def test_the_app_closing_mid_walk_ends_the_companion_once(
    make: AppMaker, clock: FakeClock, xdg: Xdg
) -> None:
    made: list[RecordingCompanion] = []
    app = with_companions(make, made)
    async with app.run_test() as pilot:
        await pilot.pause()
        await walk_into_the_fast_interval(pilot, clock)
        await pilot.press("ctrl+q")  # the app's own quit: the walk is saved as stopped
        await pilot.pause()
    [companion] = made
    assert (companion.begun, companion.ended) == (1, 1)
    assert told(companion) == [(WARMUP, RUNNING), (FAST, RUNNING), (FAST, PAUSED), (FAST, RUNNING)]
    [summary] = saved(xdg)
    assert (summary.status, summary.stop_reason, summary.active_seconds) == ("stopped", "user", 6)

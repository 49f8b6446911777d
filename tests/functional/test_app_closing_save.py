"""The app under a real Ctrl-C sent to this process (`kill -INT`; in the app's own terminal
Ctrl-C is a key): the walk is saved as stopped, and a Ctrl-C during that save never cuts it short.

The app runs under `asyncio.run`, as `App.run` runs it, so asyncio's own Ctrl-C handling (which
cancels the program and raises KeyboardInterrupt once it has stopped) is in play.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time

import pytest

from tests.conftest import Xdg
from tests.fakes import FakeClock
from tests.functional.conftest import AppMaker, saved

REAL_FSYNC = os.fsync


def test_ctrl_c_during_the_closing_save_never_cuts_the_save_short(
    make: AppMaker, clock: FakeClock, xdg: Xdg, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[bool] = []

    def fsync(fd: int) -> None:  # the walker presses Ctrl-C while the disk is being flushed
        sent.append(True)
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        REAL_FSYNC(fd)

    async def walk_then_quit() -> None:
        app = make(plan=make.plan(), prompts=False)
        async with app.run_test() as pilot:
            clock.advance(7)
            await pilot.pause()
            monkeypatch.setattr("walktimer.storage.files.os.fsync", fsync)
            await pilot.press("ctrl+q")
            await pilot.pause()

    previous = signal.getsignal(signal.SIGINT)
    try:
        asyncio.run(walk_then_quit())
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C during the closing save ended the program")
    assert sent
    [summary] = saved(xdg)
    assert (summary.status, summary.active_seconds) == ("stopped", 7)
    assert signal.getsignal(signal.SIGINT) is previous  # given back


def test_ctrl_c_during_a_walk_saves_it_as_stopped(
    make: AppMaker, clock: FakeClock, xdg: Xdg
) -> None:
    async def walk_then_interrupt() -> None:
        app = make(plan=make.plan(), prompts=False)
        async with app.run_test() as pilot:
            clock.advance(5)
            await pilot.pause()
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(3):
                await pilot.pause()

    try:
        asyncio.run(walk_then_interrupt())
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C ended the program without saving the walk")
    [summary] = saved(xdg)
    assert (summary.status, summary.stop_reason, summary.active_seconds) == ("stopped", "user", 5)

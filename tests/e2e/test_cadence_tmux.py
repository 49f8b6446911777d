"""`walktimer cadence` and the app's cadence screen in a real terminal: tmux presses space every
half second, and the steps a minute come out as 120."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import tomllib

import pytest

from tests.conftest import Xdg
from tests.e2e.conftest import Terminal, env_for
from walktimer.storage.choices import FILE_NAME

pytestmark = pytest.mark.e2e

CADENCE = [sys.executable, "-m", "walktimer", "cadence"]
MEASURED = re.compile(r"Your cadence: (\d+) steps a minute \(from (\d+) taps(, \d+ left out)?\)\.")


def tap(terminal: Terminal, count: int, every: float = 0.5, key: str = "Space") -> None:
    """`count` presses `every` seconds apart, on a schedule, so that a late press is not
    followed by a late one too."""
    start = time.monotonic()
    for number in range(count):
        time.sleep(max(0.0, start + number * every - time.monotonic()))
        terminal.keys(key)


def measured(screen: str) -> tuple[int, int]:
    found = MEASURED.search(screen)
    assert found is not None, screen
    return int(found[1]), int(found[2])


def test_taps_every_half_second_then_q_are_120_steps_a_minute(terminal: Terminal, xdg: Xdg) -> None:
    terminal.start(CADENCE, env_for(xdg))
    terminal.wait_for(lambda s: "at each step" in s, "the line saying what to do")
    tap(terminal, 20)
    terminal.wait_for(lambda s: "20 taps · " in s, "the progress of 20 taps")
    terminal.keys("q")
    screen = terminal.wait_for(lambda s: "EXIT=" in s, "the end")
    assert "EXIT=0" in screen
    pace, taps = measured(screen)
    assert abs(pace - 120) <= 2 and taps == 20
    assert f"For brisk intervals at this pace: walktimer run WALK --cadence {pace}" in screen


def test_the_seconds_from_the_first_tap_end_it_without_a_key(terminal: Terminal, xdg: Xdg) -> None:
    terminal.start([*CADENCE, "--seconds", "10"], env_for(xdg))
    terminal.wait_for(lambda s: "10 s from your first" in s, "the line saying what to do")
    time.sleep(1.0)  # the walker gets going: nothing counts yet
    tap(terminal, 24, key="Enter")  # 11.5 s of taps: those after the 10 s are not steps
    screen = terminal.wait_for(lambda s: "EXIT=" in s, "the end")
    assert "EXIT=0" in screen
    pace, taps = measured(screen)
    assert abs(pace - 120) <= 2 and taps in (20, 21)


def line_mode(terminal: Terminal) -> bool:
    """Whether the terminal reads lines again, with what is typed shown: as a shell needs it."""
    tty = terminal.run("display-message", "-p", "-t", "walk", "#{pane_tty}").strip()
    settings = subprocess.run(
        ["stty", "-F", tty, "-a"], capture_output=True, text=True, check=True, timeout=10
    ).stdout.split()
    return "icanon" in settings and "echo" in settings


def test_ctrl_c_ends_it_like_q(terminal: Terminal, xdg: Xdg) -> None:
    terminal.start(CADENCE, env_for(xdg))
    terminal.wait_for(lambda s: "at each step" in s, "the line saying what to do")
    tap(terminal, 8)
    terminal.wait_for(lambda s: "8 taps · " in s, "the progress of 8 taps")
    terminal.keys("C-c")
    screen = terminal.wait_for(lambda s: "EXIT=" in s, "the end")
    assert "EXIT=0" in screen
    assert measured(screen)[1] == 8
    assert line_mode(terminal)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_end_it_like_q_and_give_the_terminal_back(
    terminal: Terminal, xdg: Xdg, signum: signal.Signals
) -> None:
    terminal.start(CADENCE, env_for(xdg))
    terminal.wait_for(lambda s: "at each step" in s, "the line saying what to do")
    tap(terminal, 8)
    terminal.wait_for(lambda s: "8 taps · " in s, "the progress of 8 taps")
    assert not line_mode(terminal)  # single keys while listening
    os.kill(terminal.pid(), signum)
    screen = terminal.wait_for(lambda s: "EXIT=" in s, "the end")
    assert "EXIT=0" in screen
    assert measured(screen)[1] == 8
    assert line_mode(terminal)


def test_too_few_taps_say_so_in_one_line(terminal: Terminal, xdg: Xdg) -> None:
    terminal.start(CADENCE, env_for(xdg))
    terminal.wait_for(lambda s: "at each step" in s, "the line saying what to do")
    tap(terminal, 2)
    terminal.wait_for(lambda s: "2 taps · " in s, "the progress of 2 taps")
    terminal.keys("q")
    screen = terminal.wait_for(lambda s: "EXIT=" in s, "the end")
    assert "EXIT=1" in screen
    assert "walktimer: too few steps to tell your cadence (2 taps; at least 4 are needed)" in screen
    assert "Your cadence" not in screen


def test_without_a_terminal_to_tap_in_it_says_so_and_exits_2(xdg: Xdg) -> None:
    done = subprocess.run(
        CADENCE,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=xdg.env(),
        timeout=30,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "walktimer: cadence needs a terminal to tap in\n"


def test_the_app_measures_on_home_and_sets_the_fast_intervals(terminal: Terminal, xdg: Xdg) -> None:
    terminal.start([sys.executable, "-m", "walktimer"], env_for(xdg), size=(100, 30))
    terminal.wait_for(lambda s: "c Cadence" in s and "Total" in s, "home, with its c key")
    terminal.keys("c")
    terminal.wait_for(lambda s: "Your cadence: steps a minute" in s, "the cadence screen")
    tap(terminal, 20)
    terminal.keys("Escape")
    screen = terminal.wait_for(lambda s: MEASURED.search(s) is not None, "the measured pace")
    pace, taps = measured(screen)
    assert abs(pace - 120) <= 2 and taps == 20
    assert f"Enter: your fast intervals at {pace} steps a minute, on every walk until r" in screen
    terminal.keys("Enter")
    home = terminal.wait_for(lambda s: "Metronome: fast" in s, "home with the fast pace")
    assert f"Metronome: fast 0:30 at {pace} steps/min" in home
    terminal.keys("s")
    remembered = xdg.remembered / FILE_NAME
    deadline = time.monotonic() + 15
    while not remembered.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert tomllib.loads(remembered.read_text())["fast_cadence"] == pace
    terminal.keys("C-q")
    assert "EXIT=0" in terminal.wait_for(lambda s: "EXIT=" in s, "the app to close")

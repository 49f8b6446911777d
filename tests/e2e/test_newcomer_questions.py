"""The questions around a walk and its recap, as a newcomer meets them in a real terminal: `10`
typed as 1 then 0 is ten in the app and in plain mode, plain mode tells the time left on `t`,
and plain mode ends with the same recap as the app's end screen."""

from __future__ import annotations

import re
import time
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.e2e.conftest import Terminal, env_for

pytestmark = pytest.mark.e2e

WALK = """kind = "walk"
name = "Newcomer"
[intervals]
fast_seconds = 60
slow_seconds = 60
rounds = 3
"""
FIRST_LINE = "00:00 FAST Brisk walk, round 1/3 (1:00)"


@pytest.fixture
def walk_cmd(tmp_path: Path, walktimer_cmd: list[str]) -> list[str]:
    """The program walking the three rounds of `WALK`, without sound."""
    walk = tmp_path / "newcomer.toml"
    walk.write_text(WALK)
    return [*walktimer_cmd, "run", str(walk), "--audio", "none"]


def summary(xdg: Xdg) -> dict[str, object]:
    [path] = list(xdg.sessions.glob("*.toml"))
    return tomllib.loads(path.read_text())


def test_the_app_takes_10_typed_as_1_then_0_and_still_asks_the_effort(
    terminal: Terminal, walk_cmd: list[str], xdg: Xdg
) -> None:
    terminal.start(walk_cmd, env_for(xdg))
    terminal.wait_for(lambda s: "How does your back feel now" in s, "the pain question")
    terminal.keys("1", "0")
    time.sleep(1.5)  # longer than a 1 waits for a 0: nothing more may come of those two keys
    terminal.keys("Enter")  # the checklist's Enter: the walk starts
    terminal.wait_for(lambda s: "Pain stop" in s and "Start now" in s, "the walk getting ready")
    terminal.keys("Space")  # the walk starts now, not after getting ready
    terminal.wait_for(lambda s: "Start now" not in s, "the walk to start")
    terminal.keys("p")
    terminal.wait_for(lambda s: "Stopped because of pain" in s, "the end of the walk")
    terminal.keys("1", "0")  # the pain after the walk: ten, and the 0 is not the effort
    time.sleep(1.5)
    terminal.keys("4")  # the effort
    time.sleep(0.3)
    terminal.keys("C-s")
    ended = terminal.wait_for(lambda s: "EXIT=" in s, "the save")
    assert "EXIT=0" in ended
    saved = summary(xdg)
    assert (saved.get("pain_before"), saved.get("pain_after"), saved.get("effort")) == (10, 10, 4)


def test_plain_mode_takes_10_typed_as_1_then_0_and_still_asks_the_effort(
    terminal: Terminal, walk_cmd: list[str], xdg: Xdg
) -> None:
    terminal.start([*walk_cmd, "--plain"], env_for(xdg))
    terminal.wait_for(lambda s: "How does your back feel now" in s, "the pain question")
    terminal.keys("1", "0", "Enter")
    terminal.wait_for(lambda s: FIRST_LINE in s, "the first line")
    terminal.keys("q")
    terminal.wait_for(lambda s: "How does your back feel after" in s, "the question after")
    terminal.keys("1", "0", "Enter")
    terminal.wait_for(lambda s: "How hard was it" in s, "the effort question")
    terminal.keys("5", "Enter")
    terminal.wait_for(lambda s: "Notes" in s, "the notes")
    terminal.keys("Enter")
    ended = terminal.wait_for(lambda s: "EXIT=" in s, "the save")
    assert "EXIT=0" in ended
    saved = summary(xdg)
    assert (saved.get("pain_before"), saved.get("pain_after"), saved.get("effort")) == (10, 10, 5)


def test_plain_mode_tells_the_time_left_on_t(
    terminal: Terminal, walk_cmd: list[str], xdg: Xdg
) -> None:
    terminal.start([*walk_cmd, "--plain", "--no-prompts"], env_for(xdg))
    terminal.wait_for(lambda s: FIRST_LINE in s, "the first line")
    time.sleep(1.2)
    terminal.keys("t")
    told = terminal.wait_for(lambda s: "Time left" in s, "the time left")
    line = next(line for line in told.splitlines() if line.startswith("Time left"))
    found = re.fullmatch(
        r"Time left: 0:(\d\d) of Brisk walk, round 1/3; 5:(\d\d) of the walk", line
    )
    assert found is not None, line
    assert 50 <= int(found[1]) <= 59 and found[1] == found[2]  # the same seconds in both
    terminal.keys("q")
    assert "EXIT=0" in terminal.wait_for(lambda s: "EXIT=" in s, "the stop")


def test_plain_mode_ends_with_the_recap_of_the_walk(
    terminal: Terminal, walk_cmd: list[str], xdg: Xdg
) -> None:
    terminal.start([*walk_cmd, "--plain", "--no-prompts"], env_for(xdg))
    terminal.wait_for(lambda s: FIRST_LINE in s, "the first line")
    terminal.keys("n")
    terminal.wait_for(lambda s: "01:00 SLOW" in s, "the skip")
    terminal.keys("q")
    ended = terminal.wait_for(lambda s: "EXIT=" in s, "the stop")
    lines = [line.rstrip() for line in ended.splitlines()]
    start = lines.index("Stopped early · Newcomer")
    recap = lines[start : start + 7]
    assert re.fullmatch(r"  Walked     0:0\d of 6:00 planned", recap[1]), recap
    assert re.fullmatch(r"  Rounds     0 of 3: fast 0:0\d, slow 0:0\d", recap[2]), recap
    assert recap[3:6] == [
        "  Skipped    1 phase",
        "  Back pain  -",
        "  Counts     no: less than half the plan was walked",
    ]
    assert recap[6].startswith("Saved ")

"""The history screen of the real app, in tmux at 120x40, as a walker with a few weeks of walks
finds it: charts tall enough to read, with numbers on their axes; `d` moves a walk to the trash;
`e` corrects its pain, and the file says so."""

from __future__ import annotations

import re
import tomllib
from datetime import datetime, timedelta

from tests.conftest import Xdg
from tests.e2e.conftest import Terminal, env_for
from tests.functional.conftest import past_walk
from walktimer.domain.summary import Summary
from walktimer.storage import write_summary

WIDTH, HEIGHT = 120, 40
AXIS_NUMBER = re.compile(r"(\d+)┤")


def write_walks(xdg: Xdg) -> list[Summary]:
    """Ten rated walks over the last four weeks, the newest first."""
    now = datetime.now().astimezone().replace(microsecond=0)
    walks = [
        past_walk(now - timedelta(days=3 * n, hours=2), "classic-30-30", pain=(5, 4 - n % 3))
        for n in range(10)
    ]
    for walk in walks:
        write_summary(walk, xdg.sessions)
    return walks


def open_history(terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]) -> str:
    """The app at 120x40, past home, on the history screen."""
    xdg.config_file.parent.mkdir(parents=True, exist_ok=True)
    xdg.config_file.write_text('[audio]\nbackend = "none"\n')
    terminal.start(walktimer_cmd, env_for(xdg), (WIDTH, HEIGHT))
    terminal.wait_for(lambda s: "History" in s, "home, with its key to the history")
    terminal.keys("h")
    return terminal.wait_for(lambda s: "Date" in s and "Pain" in s, "the history screen")


def chart_rows(screen: str) -> list[str]:
    """The lines inside the charts' frames (between their top and bottom edges)."""
    lines = screen.splitlines()
    top = next(i for i, line in enumerate(lines) if "┌─" in line)
    bottom = next(i for i, line in enumerate(lines) if "└─" in line)
    return lines[top + 1 : bottom]


def test_the_charts_are_tall_with_numbers_on_their_axes(
    terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    write_walks(xdg)
    screen = open_history(terminal, xdg, walktimer_cmd)
    screen = terminal.wait_for(lambda s: "┌─" in s and "└─" in s, "the charts")
    rows = chart_rows(screen)
    assert len(rows) > 6, screen
    numbers = [int(n) for line in rows for n in AXIS_NUMBER.findall(line)]
    assert 10 in numbers and 0 in numbers, screen  # pain, 0 to 10
    assert max(numbers) >= 24, screen  # minutes: two 12-minute walks in some week
    assert "before" in screen and "after" in screen


def test_d_then_yes_moves_the_walk_to_the_trash(
    terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    walks = write_walks(xdg)
    open_history(terminal, xdg, walktimer_cmd)
    terminal.keys("d")
    terminal.wait_for(lambda s: "Move this walk to the trash?" in s, "the question")
    terminal.keys("y")
    terminal.wait_for(lambda s: "moved to the trash" in s, "the walk to be moved")
    newest = walks[0].id
    assert (xdg.trash / f"{newest}.toml").is_file()
    assert not (xdg.sessions / f"{newest}.toml").exists()
    assert len(list(xdg.sessions.glob("*.toml"))) == 9


def test_e_corrects_the_pain_and_the_file_shows_it(
    terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    walks = write_walks(xdg)
    open_history(terminal, xdg, walktimer_cmd)
    terminal.keys("e")
    terminal.wait_for(lambda s: "Correct this walk" in s, "the form")
    terminal.keys("1", "0", "Enter")  # the pain before, selected: typed over
    terminal.wait_for(lambda s: "10 -> 4" in s, "the corrected pain in the table")
    saved = tomllib.loads((xdg.sessions / f"{walks[0].id}.toml").read_text())
    assert (saved["pain_before"], saved["pain_after"]) == (10, 4)

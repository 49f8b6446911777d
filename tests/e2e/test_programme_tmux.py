"""A programme in the real app, in a real terminal: with a programme started, home shows today's
walk, `s` walks it, and the saved walk records the programme and its week; home then leads with
the next week."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from tests.conftest import Xdg
from tests.e2e.conftest import Terminal, env_for
from walktimer import paths
from walktimer.domain.progress import ActiveProgram
from walktimer.domain.questions import PAIN_BEFORE
from walktimer.storage.program import write_active

pytestmark = pytest.mark.e2e

QUIET = 'checklist = false\n\n[audio]\nbackend = "none"\n'
WALK = """\
kind = "walk"
name = "Tiny walk"
warmup = "none"
cooldown = "none"

[intervals]
fast_seconds = 2
slow_seconds = 1
rounds = 2
"""
PROGRAMME = """\
kind = "program"
name = "Tiny programme"
walks_per_week = 1

[[weeks]]
walk = "tiny-tmux"
note = "Seconds long, for a test."

[[weeks]]
walk = "tiny-tmux"
rounds = 3
note = "A round more."
"""


@pytest.fixture
def started(xdg: Xdg) -> None:
    """The quiet config, the walk and the programme among the user's presets, and the
    programme started today (in this process's XDG folders, which the program's are)."""
    xdg.config_file.parent.mkdir(parents=True, exist_ok=True)
    xdg.config_file.write_text(QUIET)
    xdg.presets.mkdir(parents=True, exist_ok=True)
    (xdg.presets / "tiny-tmux.toml").write_text(WALK)
    (xdg.presets / "tiny-tmux-programme.toml").write_text(PROGRAMME)
    write_active(paths.program_file(), ActiveProgram("tiny-tmux-programme", date.today()))


def test_home_shows_todays_walk_and_s_walks_it_as_the_programmes(
    terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str], started: None
) -> None:
    terminal.start(walktimer_cmd, env_for(xdg), size=(120, 40))
    today = "Today: Tiny programme · week 1 of 2 · walk 1 of 1 · Tiny walk, 2 rounds"
    home = terminal.wait_for(lambda s: today in s, "today's walk of the programme on home")
    assert "Seconds long, for a test." in home
    terminal.keys("s")
    terminal.wait_for(lambda s: PAIN_BEFORE.ask in s, "the question before the walk")
    terminal.keys("Enter")  # no pain rating: straight on
    terminal.wait_for(lambda s: "Start now" in s, "the walk getting ready")
    terminal.keys("Space")  # the walk starts now
    terminal.wait_for(lambda s: "Save (ctrl+s)" in s, "the end of the walk", timeout=30)
    terminal.keys("C-s")
    next_week = "week 2 of 2 · walk 1 of 1 · Tiny walk, 3 rounds"
    terminal.wait_for(lambda s: next_week in s, "home leading with the next week")
    terminal.keys("q")
    ended = terminal.wait_for(lambda s: "EXIT=" in s, "the app to close")
    assert "EXIT=0" in ended
    [path] = list(xdg.sessions.glob("*.toml"))
    summary = tomllib.loads(path.read_text())
    assert (summary["program"], summary["program_week"]) == ("tiny-tmux-programme", 1)
    assert (summary["walk"], summary["status"], summary["rounds_planned"]) == (
        "tiny-tmux",
        "completed",
        2,
    )

"""Home as a newcomer meets it, in a real terminal: rounds changed by key are the rounds walked,
the choices come back at the next launch, a broken preset is one line at the end of its list,
the suggestion is set up with one key, and the sound is named before a walk."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import Xdg
from tests.e2e.conftest import Terminal, env_for
from tests.functional.conftest import past_walk
from walktimer.storage import write_summary

pytestmark = pytest.mark.e2e

QUIET = 'checklist = false\n\n[audio]\nbackend = "none"\n'


def config(xdg: Xdg, text: str = QUIET) -> None:
    xdg.config_file.parent.mkdir(parents=True, exist_ok=True)
    xdg.config_file.write_text(text)


def timeline_row(screen: str) -> str:
    """The intervals' row of the timeline."""
    return next((line for line in screen.splitlines() if "FAST/SLOW" in line), "")


def test_rounds_changed_on_home_are_the_rounds_walked(
    terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    config(xdg)
    terminal.start(walktimer_cmd, env_for(xdg))
    terminal.wait_for(lambda s: "4 × 0:30 fast" in timeline_row(s), "first-steps' four rounds")
    terminal.keys("]", "]")
    terminal.wait_for(lambda s: "6 × 0:30 fast" in timeline_row(s), "six rounds after ] ]")
    terminal.keys("s")
    terminal.wait_for(lambda s: "Timeline" not in s, "the screen before the walk")
    terminal.keys("Enter")  # no pain rating: straight on
    terminal.wait_for(lambda s: "sound: none" in s, "the walk screen")
    terminal.keys("Space")  # no need to get ready
    terminal.wait_for(lambda s: "step 1 of 2" in s, "the first step of the warm-up")
    terminal.keys("C-q")
    ended = terminal.wait_for(lambda s: "EXIT=" in s, "the app to close")
    assert "EXIT=0" in ended
    [path] = list(xdg.sessions.glob("*.toml"))
    summary = tomllib.loads(path.read_text())
    assert (summary["walk"], summary["rounds_planned"]) == ("first-steps", 6)


def test_the_choices_come_back_at_the_next_launch(
    terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    config(xdg)
    terminal.start(walktimer_cmd, env_for(xdg))
    terminal.wait_for(lambda s: "4 × 0:30 fast" in timeline_row(s), "first-steps' four rounds")
    terminal.keys("]", ".", ".")
    terminal.wait_for(lambda s: "5 × 0:40 fast" in timeline_row(s), "five rounds of 40 s fast")
    terminal.keys("s")
    terminal.wait_for(lambda s: "Timeline" not in s, "the screen before the walk")
    terminal.keys("Escape")  # not now after all
    terminal.wait_for(lambda s: "Timeline" in s, "home again")
    terminal.keys("q")
    terminal.wait_for(lambda s: "EXIT=0" in s, "the app to close")
    terminal.close()

    again = Terminal(terminal.tmux)
    try:
        again.start(walktimer_cmd, env_for(xdg))
        screen = again.wait_for(lambda s: "The walk's own" in s, "home with changed numbers")
        assert "5 × 0:40 fast + 0:30 slow" in timeline_row(screen)
        assert "The walk's own: 4 rounds, 0:30 fast, 0:30 slow" in screen
    finally:
        again.close()


def test_a_broken_user_preset_is_one_line_at_the_end_of_the_list(
    terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    config(xdg)
    folder = xdg.presets / "my walks" / "kept in a folder with a rather long name indeed"
    folder.mkdir(parents=True)
    (folder / "broken-walk.toml").write_text('kind = "walk"\nname = "Broken"\n')
    terminal.start(walktimer_cmd, env_for(xdg), (80, 24))
    screen = terminal.wait_for(lambda s: "broken-walk" in s, "the broken preset in the list")
    lines = screen.splitlines()
    walk_box = lines[: next(i for i, line in enumerate(lines) if "Warm-up" in line)]
    names = [line.split("│")[1].strip() for line in walk_box if line.startswith("│")]
    names = [name for name in names if name]
    assert names[-1].startswith("broken-walk  unusable: interv")
    assert all("unusable" not in name for name in names[:-1])
    assert len(names) == 5  # four bundled walks and the broken one, one line each
    assert str(folder) not in screen and "rather long name" not in screen


def test_the_suggestion_key_sets_up_the_suggested_walk(
    terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    config(xdg)
    now = datetime.now(UTC).astimezone()
    for days in (3, 2, 1):  # three good walks of first-steps, four rounds, no routines
        write_summary(
            past_walk(now - timedelta(days=days), "first-steps", pain=(4, 3)), xdg.sessions
        )
    terminal.start(walktimer_cmd, env_for(xdg), (120, 40))
    terminal.wait_for(lambda s: "press a to set it up" in s, "the suggestion on home")
    terminal.keys("a")
    screen = terminal.wait_for(
        lambda s: "6 × 0:30 fast" in timeline_row(s), "the suggested six rounds"
    )
    assert "WARM-UP" not in screen and "COOL-DOWN" not in screen  # as walked: none of either
    assert "Total 6:00" in screen


def test_home_names_the_sound_before_a_walk(
    terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    config(xdg, '[audio]\nbackend = "bell"\n')
    terminal.start(walktimer_cmd, env_for(xdg))
    terminal.wait_for(lambda s: "sound: terminal bell only" in s, "the sound named on home")

"""What a new walker sees of the presets, with the real program in a real terminal.

`presets show` names every step with its time, sides and tip, and where the file is;
`presets validate` names every problem of a file at once; `presets list` speaks the words a
preset file uses and marks the walker's own presets that replace bundled ones.
"""

from __future__ import annotations

import shlex
import tomllib

import pytest

from tests.conftest import REPO, Xdg
from tests.e2e.conftest import Terminal, env_for
from walktimer.domain.words import duration_text

pytestmark = pytest.mark.e2e

MY_LOWER_BACK = """\
kind = "cooldown"
name = "My own back stretches"

[[steps]]
name = "Shoulder rolls"
seconds = 40
tip = "Slow circles, both ways."
"""

THREE_PROBLEMS = """\
kind = "walk"
name = 5

[intervals]
fast_seconds = "30"
slow_seconds = 30
rounds = 300
"""


def output_of(terminal: Terminal, xdg: Xdg, command: list[str]) -> str:
    """Run `command` in the terminal; everything it printed, wrapped lines joined."""
    terminal.start(command, env_for(xdg))
    terminal.wait_for(lambda s: "EXIT=" in s, f"{shlex.join(command)} to end")
    return terminal.run("capture-pane", "-p", "-J", "-S", "-", "-t", "walk")


def test_presets_show_gives_each_step_with_its_time_and_tip_and_the_files_full_path(
    terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    path = REPO / "presets" / "cooldowns" / "lower-back.toml"
    steps = tomllib.loads(path.read_text())["steps"]
    shown = output_of(terminal, xdg, [*walktimer_cmd, "presets", "show", "lower-back"])
    assert "EXIT=0" in shown
    assert str(path) in shown
    lines = shown.splitlines()
    flat = " ".join(shown.split())
    for number, step in enumerate(steps, start=1):
        line = next((x for x in lines if f"{number}. {step['name']}" in x), None)
        assert line is not None, f"step {number} ({step['name']}) is not shown:\n{shown}"
        assert duration_text(step["seconds"]) in line
        assert ("each side" in line) == step.get("sides", False)
        assert " ".join(step["tip"].split()) in flat


def test_presets_validate_names_every_problem_of_a_file_at_once(
    terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    xdg.config.mkdir(parents=True, exist_ok=True)
    bad = xdg.config / "lunch-walk.toml"
    bad.write_text(THREE_PROBLEMS)
    shown = output_of(terminal, xdg, [*walktimer_cmd, "presets", "validate", str(bad)])
    assert "EXIT=2" in shown
    assert f"{bad}: name: expected a string, got 5" in shown
    assert f'{bad}: intervals.fast_seconds: expected an integer, got "30"' in shown
    assert f"{bad}: intervals.rounds: expected an integer <= 200, got 300" in shown
    assert "Traceback" not in shown


def test_presets_list_marks_a_preset_that_replaces_a_bundled_one_and_uses_the_files_words(
    terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    xdg.presets.mkdir(parents=True)
    (xdg.presets / "lower-back.toml").write_text(MY_LOWER_BACK)
    shown = output_of(terminal, xdg, [*walktimer_cmd, "presets", "list"])
    assert "EXIT=0" in shown
    lines = shown.splitlines()
    rows = {line.split()[0]: n for n, line in enumerate(lines) if line.strip()}
    mine = rows["lower-back"]
    assert "My own back stretches" in lines[mine]
    assert lines[mine + 1].strip() == "replaces the bundled one"  # under the name
    assert "replaces" not in lines[rows["quick-stretch"] + 1]
    assert lines[rows["easy-walk"]].split()[1] == "warmup"
    assert lines[rows["quick-stretch"]].split()[1] == "cooldown"


def test_presets_show_says_a_preset_replaces_the_bundled_one(
    terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    xdg.presets.mkdir(parents=True)
    mine = xdg.presets / "lower-back.toml"
    mine.write_text(MY_LOWER_BACK)
    shown = output_of(terminal, xdg, [*walktimer_cmd, "presets", "show", "lower-back"])
    assert "EXIT=0" in shown
    assert "replaces the bundled one" in shown
    assert str(mine) in shown
    assert "1. Shoulder rolls" in shown
    assert "Slow circles, both ways." in shown

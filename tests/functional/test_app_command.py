"""`walktimer` and `walktimer run` refuse bad input in one line each, before any screen opens."""

from __future__ import annotations

import subprocess

from tests.conftest import Xdg


def run(cmd: list[str], xdg: Xdg, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*cmd, *args],
        capture_output=True,
        text=True,
        env=xdg.env(),
        stdin=subprocess.DEVNULL,
        timeout=30,
    )


def test_an_unknown_walk_is_one_line_and_exit_code_2(walktimer_cmd: list[str], xdg: Xdg) -> None:
    done = run(walktimer_cmd, xdg, "run", "no-such-walk", "--no-prompts")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        'walktimer: no walk preset named "no-such-walk" (there are: classic-30-30, first-steps, '
        "iwt-3x3)"
    ]
    assert done.stdout == ""


def test_a_bad_override_is_refused_before_the_app_opens(walktimer_cmd: list[str], xdg: Xdg) -> None:
    done = run(walktimer_cmd, xdg, "run", "first-steps", "--rounds", "0")
    assert done.returncode == 2
    assert done.stderr.strip() == "walktimer: --rounds: expected an integer >= 1, got 0"


def test_a_bad_config_stops_the_app_with_one_line(walktimer_cmd: list[str], xdg: Xdg) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text("weekly_goal = 0\n")
    done = run(walktimer_cmd, xdg)
    assert done.returncode == 2
    assert done.stderr.strip().endswith("weekly_goal: expected an integer >= 1, got 0")
    assert "Traceback" not in done.stderr


def test_an_unknown_theme_is_refused_with_the_names_there_are(
    walktimer_cmd: list[str], xdg: Xdg
) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text('theme = "no-such-theme"\n')
    done = run(walktimer_cmd, xdg, "run", "first-steps")
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert 'theme: no theme named "no-such-theme" (there are: ' in line
    assert "textual-dark" in line

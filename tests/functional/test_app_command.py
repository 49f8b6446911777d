"""`walktimer` and `walktimer run` refuse bad input in one line each, before any screen opens.

`walktimer.cli.main` runs in this process; tests/e2e runs the real program.
"""

from __future__ import annotations

import io
from typing import NoReturn

import pytest
from textual.app import App

from tests.conftest import Xdg
from tests.fakes import run_main as run

Capture = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def no_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing to read on standard input, and an app that opens fails the test at once."""

    def opened(self: App[object], *args: object, **kwargs: object) -> NoReturn:
        raise AssertionError("the app opened")

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setattr(App, "run", opened)


def test_an_unknown_walk_is_one_line_and_exit_code_2(capsys: Capture) -> None:
    done = run(capsys, "run", "no-such-walk", "--no-prompts")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        'walktimer: no walk preset named "no-such-walk" (there are: brisk-cadence-30-30, '
        "classic-30-30, first-steps, iwt-3x3)"
    ]
    assert done.stdout == ""


def test_a_bad_override_is_refused_before_the_app_opens(capsys: Capture) -> None:
    done = run(capsys, "run", "first-steps", "--rounds", "0")
    assert done.returncode == 2
    assert done.stderr.strip() == "walktimer: --rounds: expected an integer >= 1, got 0"


def test_a_bad_config_stops_the_app_with_one_line(capsys: Capture, xdg: Xdg) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text("weekly_goal = 0\n")
    done = run(capsys)
    assert done.returncode == 2
    assert done.stderr.strip().endswith("weekly_goal: expected an integer >= 1, got 0")
    assert "Traceback" not in done.stderr


def test_an_unknown_theme_is_refused_with_the_names_there_are(capsys: Capture, xdg: Xdg) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text('theme = "no-such-theme"\n')
    done = run(capsys, "run", "first-steps")
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert 'theme: no theme named "no-such-theme" (there are: ' in line
    assert "textual-dark" in line

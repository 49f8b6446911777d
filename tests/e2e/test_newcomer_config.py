"""A problem in the config stops only what uses the bad key, seen from a real terminal."""

from __future__ import annotations

import shlex

import pytest

from tests.conftest import Xdg
from tests.e2e.conftest import Terminal, env_for

pytestmark = pytest.mark.e2e


def test_stats_and_history_work_with_a_bad_audio_backend_that_a_walk_refuses(
    terminal: Terminal, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text('weekly_goal = 4\n\n[audio]\nbackend = "loud"\n')
    walktimer = shlex.join(walktimer_cmd)
    script = (
        f"{walktimer} stats; echo STATS=$?; {walktimer} history; echo HISTORY=$?; "
        f"{walktimer} run first-steps --plain --no-prompts; echo RUN=$?"
    )
    terminal.start(["sh", "-c", script], env_for(xdg))
    screen = terminal.wait_for(lambda s: "RUN=" in s, "the three commands")
    assert "STATS=0" in screen
    assert "0 of 4 walks" in screen  # the rest of the config is still read
    assert "HISTORY=0" in screen
    assert "RUN=2" in screen
    assert 'audio.backend: expected "auto"' in screen
    assert "Traceback" not in screen

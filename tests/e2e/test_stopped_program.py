"""A walk whose program is stopped (Ctrl-Z, SIGSTOP) and continued: the stop is a pause."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import tomllib
from pathlib import Path

from tests.conftest import Xdg

WALK = """kind = "walk"
name = "Short"

[intervals]
fast_seconds = 6
slow_seconds = 1
rounds = 1
"""
STOPPED_FOR = 4.0
# Half-way between two of the walk's wake-ups (it wakes each whole second to check the time):
# the stop is counted from the last wake-up before it, so from 1 s here.
WALKED_BEFORE_STOP = 1.5


def test_a_stopped_and_continued_walk_records_the_stop_as_paused_time(
    tmp_path: Path, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    walk = tmp_path / "short.toml"
    walk.write_text(WALK)
    process = subprocess.Popen(
        [*walktimer_cmd, "run", str(walk), "--plain", "--no-prompts", "--audio", "none"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=xdg.env(),
    )
    assert process.stdout is not None
    try:
        first = process.stdout.readline()
        assert first.startswith("00:00 FAST")
        time.sleep(WALKED_BEFORE_STOP)
        os.kill(process.pid, signal.SIGSTOP)
        time.sleep(STOPPED_FOR)
        continued = time.monotonic()
        os.kill(process.pid, signal.SIGCONT)
        second = process.stdout.readline()
        after_continue = time.monotonic() - continued
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert second.startswith("00:06 SLOW")
    # The fast interval still has about 5 s to walk after the stop: the stop did not count as
    # walking (counted as walking, the line would come 0.5 s after). Measured from the
    # continue, with room for a test process, or a wake-up, late on a busy machine.
    assert 3.5 < after_continue < 6.5, f"the slow line came {after_continue:.2f} s after"
    assert "walktimer was stopped for 0:0" in err
    (saved,) = xdg.sessions.glob("*.toml")
    summary = tomllib.loads(saved.read_text())
    assert summary["status"] == "completed"
    # The stop, and the time from the last wake-up before it (at most WALKED_BEFORE_STOP).
    assert STOPPED_FOR - 0.2 < summary["paused_seconds"] < STOPPED_FOR + 1.7, summary
    assert abs(summary["active_seconds"] - 7.0) < 0.5, summary

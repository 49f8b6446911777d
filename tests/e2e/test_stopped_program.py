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
WALKED_BEFORE_STOP = 1.0


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
    # walking. (Measured from the continue, with room for a test process scheduled late on a
    # busy machine: counted as walking, the line would come at once.)
    assert 2.5 < after_continue < 5.5, f"the slow line came {after_continue:.2f} s after"
    assert "walktimer was stopped for 0:0" in err
    (saved,) = xdg.sessions.glob("*.toml")
    summary = tomllib.loads(saved.read_text())
    assert summary["status"] == "completed"
    assert abs(summary["paused_seconds"] - STOPPED_FOR) < 0.5, summary
    assert abs(summary["active_seconds"] - 7.0) < 0.5, summary

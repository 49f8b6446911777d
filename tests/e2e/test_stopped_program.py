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
fast_seconds = 2
slow_seconds = 2
rounds = 2
"""
STOPPED_FOR = 4.0


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
        started = time.monotonic()
        assert first.startswith("00:00 FAST")
        time.sleep(1.0)
        os.kill(process.pid, signal.SIGSTOP)
        time.sleep(STOPPED_FOR)
        os.kill(process.pid, signal.SIGCONT)
        second = process.stdout.readline()
        second_at = time.monotonic() - started
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert second.startswith("00:02 SLOW")
    # The slow interval starts 2 s of walking in: after the stop, not during it.
    assert abs(second_at - (2.0 + STOPPED_FOR)) < 0.5, f"the slow line came {second_at:.2f} s in"
    assert "walktimer was stopped for 0:0" in err
    (saved,) = xdg.sessions.glob("*.toml")
    summary = tomllib.loads(saved.read_text())
    assert summary["status"] == "completed"
    assert abs(summary["paused_seconds"] - STOPPED_FOR) < 0.5, summary
    assert abs(summary["active_seconds"] - 8.0) < 0.5, summary

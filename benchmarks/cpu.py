"""CPU and memory while walking: walktimer's app in a real terminal beside termdown.

Both run in tmux for the same minute; CPU time is read from /proc at 5 s (start-up done) and at
65 s, so the figure is the steady cost of showing a running clock. Start-up is reported apart.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.common import BIN, WALKTIMER, Tmux, table, temporary_xdg, write_walk

SETTLE, WINDOW = 5.0, 60.0


def measure(command: str, env: dict[str, str]) -> tuple[float, float, float]:
    """(CPU s during start-up, CPU % of one core over the window, peak RSS MiB)."""
    tmux = Tmux(command, env)
    try:
        time.sleep(SETTLE)
        settled = tmux.cpu_seconds()
        time.sleep(WINDOW)
        spent = tmux.cpu_seconds() - settled
        return settled, 100 * spent / WINDOW, tmux.peak_rss_mib()
    finally:
        tmux.close()


def main() -> None:
    with temporary_xdg() as env, tempfile.TemporaryDirectory() as folder:
        walk = write_walk(Path(folder), phase_seconds=30, rounds=5)
        ours = measure(f"{WALKTIMER} run {walk} --audio none --no-prompts", env)
        theirs = measure(f"{BIN / 'termdown'} {int(SETTLE + WINDOW + 30)}", env)
        plain = measure(f"{WALKTIMER} run {walk} --plain --audio none --no-prompts", env)
    rows = [
        ["walktimer app (tmux 100x30)", f"{ours[1]:.2f}", f"{ours[0]:.2f}", f"{ours[2]:.1f}"],
        ["walktimer --plain", f"{plain[1]:.2f}", f"{plain[0]:.2f}", f"{plain[2]:.1f}"],
        ["baseline: termdown", f"{theirs[1]:.2f}", f"{theirs[0]:.2f}", f"{theirs[2]:.1f}"],
    ]
    ratio = ours[1] / theirs[1] if theirs[1] else float("inf")
    print(
        table(
            f"CPU while walking, {WINDOW:.0f} s after {SETTLE:.0f} s of start-up "
            "(target: app <= termdown and < 2% of a core)",
            ["program", "CPU % of a core", "start-up CPU s", "peak RSS MiB"],
            rows,
        )
    )
    print(f"app / termdown CPU ratio: {ratio:.2f}")

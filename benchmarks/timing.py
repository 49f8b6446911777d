"""Timing accuracy: when each phase change really happened, against the plan.

A 2-minute walk of 5-second phases runs in real time through plain mode (lines read as they
arrive) and through the full app loop, headless (the moments its cues were played). The
baseline in the same run is the naive way: a loop that sleeps 5 s and then prints.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.common import WALKTIMER, median, table, temporary_xdg, write_walk

PHASE_SECONDS = 5
ROUNDS = 12  # 24 phases of 5 s: two minutes
NAIVE_LOOP = f"""
import time
for index in range({2 * ROUNDS}):
    print(f"{{index * {PHASE_SECONDS}:05d}}", flush=True)
    time.sleep({PHASE_SECONDS})
    sum(range(20000))  # the redraw a counting loop does each step
print(f"{{{2 * ROUNDS * PHASE_SECONDS}:05d}}", flush=True)
"""


def line_errors(argv: list[str], env: dict[str, str], planned: list[float]) -> list[float]:
    """Error (ms) of each line's arrival against its planned offset from the first line."""
    process = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert process.stdout is not None
    arrivals = [time.monotonic() for _ in process.stdout]
    process.wait()
    first = arrivals[0]
    return [((t - first) - p) * 1000 for t, p in zip(arrivals, planned, strict=True)]


def app_errors(env: dict[str, str], walk: Path) -> list[float]:
    probe = [sys.executable, "-m", "benchmarks.app_probe", str(walk)]
    result = subprocess.run(probe, env=env, capture_output=True, text=True, check=True)
    return [float(x) for x in json.loads(result.stdout)["errors_ms"]]


def summarize(name: str, errors: list[float]) -> list[object]:
    absolute = [abs(e) for e in errors]
    first, last = absolute[1:6], absolute[-5:]
    return [
        name,
        f"{median(absolute):.1f}",
        f"{max(absolute):.1f}",
        f"{median(first):.1f}",
        f"{median(last):.1f}",
        len(errors),
    ]


def main() -> None:
    with temporary_xdg() as env, tempfile.TemporaryDirectory() as folder:
        walk = write_walk(Path(folder), phase_seconds=PHASE_SECONDS, rounds=ROUNDS)
        planned = [float(i * PHASE_SECONDS) for i in range(2 * ROUNDS + 1)]
        # The two real-time runs go side by side (both mostly sleep), each read on its own
        # thread so every line is timed as it arrives.
        plain_argv = [WALKTIMER, "run", str(walk), "--plain", "--no-prompts", "--audio", "none"]
        naive_argv = [sys.executable, "-c", NAIVE_LOOP]
        with ThreadPoolExecutor(max_workers=2) as pool:
            plain_run = pool.submit(line_errors, plain_argv, env, planned)
            naive_run = pool.submit(line_errors, naive_argv, env, planned)
            plain, naive_errors = plain_run.result(), naive_run.result()
        app = app_errors(env, walk)
    rows = [
        summarize("walktimer --plain (lines)", plain),
        summarize("walktimer app, headless (cues)", app),
        summarize("baseline: sleep-5-s loop", naive_errors),
    ]
    print(
        table(
            f"Timing: {2 * ROUNDS} phase changes of {PHASE_SECONDS} s in real time "
            "(error in ms; target max 50, no growth)",
            ["run", "median", "max", "first 5", "last 5", "changes"],
            rows,
        )
    )

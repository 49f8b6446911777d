"""Soak: walks killed in every way, two at a time, with readers beside them; then an audit.

Each cycle starts two plain-mode walks in one data folder, each from a preset file of its own
(so a summary's `walk` names the process that walked it), and a `history --json` reader at a
random moment; after a random 0.2-2.5 s each walk gets one of SIGKILL, SIGTERM, SIGHUP or two
SIGINTs (the second while it saves). A final `history --json` recovers what was killed. The
audit: every walk that started (printed its first line) is in history exactly once; none
walked less than its record says minus 10 s (the most a checkpoint may lag) or more than it
ran; its status is the one its signal means; nothing is left in `in-progress/`.
`WALKTIMER_SOAK_CYCLES` sets the number of cycles (200).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import WALKTIMER, table, temporary_xdg

CYCLES = int(os.environ.get("WALKTIMER_SOAK_CYCLES", "200"))
SIGNALS = ("SIGKILL", "SIGTERM", "SIGHUP", "SIGINT x2")
EXPECTED_STATUS = {"SIGKILL": "interrupted", "SIGTERM": "stopped", "SIGHUP": "stopped"}
CHECKPOINT_LAG = 10.0  # seconds of a walk a kill may cost: the checkpoint's longest interval
START_UP = 2.0  # seconds from the process's start to the walk's, at the most, on a busy machine
WAIT = 20.0  # seconds a signalled walk may take to save and end


@dataclass
class Walk:
    walk_id: str
    process: subprocess.Popen[bytes]
    out: Path
    began: float
    signal: str = ""
    alive: float = 0.0
    started: bool = False
    """Whether the walk itself began: its first line is printed once it has."""


def main() -> None:
    rng = random.Random(20261127)
    with temporary_xdg() as env:
        root = Path(env["XDG_DATA_HOME"]).parent
        walks: list[Walk] = []
        hung = 0
        began = time.monotonic()
        for cycle in range(CYCLES):
            pair = [start(root, env, f"soak-{cycle:04d}-{side}") for side in "ab"]
            reader_at = rng.uniform(0.0, 2.0)
            kills = sorted((rng.uniform(0.2, 2.5), walk) for walk in pair)
            reader = None
            moment = 0.0
            for delay, walk in kills:
                if reader is None and reader_at < delay:
                    time.sleep(max(0.0, reader_at - moment))
                    moment = reader_at
                    reader = read_history(env)
                time.sleep(max(0.0, delay - moment))
                moment = delay
                walk.signal = rng.choice(SIGNALS)
                send(walk)
            for walk in pair:
                try:
                    walk.process.wait(timeout=WAIT)
                except subprocess.TimeoutExpired:
                    hung += 1
                    walk.process.kill()
                    walk.process.wait(timeout=WAIT)
            if reader is not None:
                reader.wait(timeout=WAIT)
            for walk in pair:
                walk.started = b"00:00" in walk.out.read_bytes()
            walks += pair
        seconds = time.monotonic() - began
        history = json.loads(
            subprocess.run(
                [WALKTIMER, "history", "--json"], env=env, capture_output=True, check=True
            ).stdout
        )
        left = sorted(
            p.name
            for p in (Path(env["XDG_DATA_HOME"]) / "walktimer" / "in-progress").rglob("*")
            if p.is_file()
        )
    print(audit(walks, history, left, hung, seconds))


def start(root: Path, env: dict[str, str], walk_id: str) -> Walk:
    preset = root / f"{walk_id}.toml"
    preset.write_text(
        'kind = "walk"\nname = "Soak"\n[intervals]\nfast_seconds = 1\nslow_seconds = 1\n'
        "rounds = 200\n"
    )
    out = root / f"{walk_id}.out"
    with out.open("wb") as stream:
        process = subprocess.Popen(
            [WALKTIMER, "run", str(preset), "--plain", "--no-prompts", "--audio", "none"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stream,
            stderr=subprocess.DEVNULL,
        )
    return Walk(walk_id, process, out, time.monotonic())


def send(walk: Walk) -> None:
    walk.alive = time.monotonic() - walk.began
    if walk.signal == "SIGINT x2":
        walk.process.send_signal(signal.SIGINT)
        time.sleep(random.uniform(0.0, 0.05))
        walk.process.send_signal(signal.SIGINT)
    else:
        walk.process.send_signal(getattr(signal, walk.signal))


def read_history(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [WALKTIMER, "history", "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def audit(
    walks: list[Walk], history: list[dict[str, object]], left: list[str], hung: int, seconds: float
) -> str:
    counts = Counter(str(summary["walk"]) for summary in history)
    by_walk = {str(summary["walk"]): summary for summary in history}
    started = [walk for walk in walks if walk.started]
    lost = [w.walk_id for w in started if counts[w.walk_id] == 0]
    duplicated = [w.walk_id for w in started if counts[w.walk_id] > 1]
    wrong: list[str] = []
    for walk in started:
        summary = by_walk.get(walk.walk_id)
        if summary is None:
            continue
        active = float(str(summary["active_seconds"]))
        expected = EXPECTED_STATUS.get(walk.signal, "stopped")
        if summary["status"] != expected:
            wrong.append(f"{walk.walk_id}: {walk.signal} saved as {summary['status']}")
        elif active < walk.alive - START_UP - CHECKPOINT_LAG or active > walk.alive + 0.5:
            wrong.append(f"{walk.walk_id}: ran {walk.alive:.1f} s, recorded {active:.1f} s")
    began = {walk.walk_id for walk in started}
    unseen = sum(1 for summary in history if str(summary["walk"]) not in began)
    by_signal = Counter(walk.signal for walk in started)
    rows = [
        ("walks started (of launched)", f"{len(started)} of {len(walks)}"),
        ("by signal", ", ".join(f"{name} {by_signal[name]}" for name in SIGNALS)),
        ("walks in history", len(history)),
        ("  of walks killed before their first line", unseen),
        ("lost", len(lost)),
        ("duplicated", len(duplicated)),
        ("wrong (status or time)", len(wrong)),
        ("hung past 20 s", hung),
        ("files left in in-progress/", len(left)),
        ("seconds", f"{seconds:.0f}"),
    ]
    report = table(
        f"Soak: {len(walks) // 2} cycles of two walks killed at random, readers beside them",
        ("count", "value"),
        rows,
    )
    details = [*lost[:5], *duplicated[:5], *wrong[:5], *left[:5]]
    return report + ("\n" + "\n".join(details) if details else "")

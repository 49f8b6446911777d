"""Runs a walk through the real app loop, headless, and prints when each phase cue sounded.

Used by `benchmarks.timing`: the player records the moment `play` is called for every cue that
marks a phase change (not the countdown pips), against the plan's offsets.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from walktimer.audio import Cue
from walktimer.config import Config
from walktimer.domain.catalog import Catalog
from walktimer.tui.app import make_app


class RecordingPlayer:
    name = "recording"

    def __init__(self) -> None:
        self.muted = False
        self.volume = 80
        self.changes: list[float] = []

    def play(self, cue: Cue, words: str | None = None) -> None:
        if cue is not Cue.COUNTDOWN:
            self.changes.append(time.monotonic())

    def set_volume(self, volume: int) -> None:
        self.volume = volume

    def close(self) -> None:
        pass


def main() -> None:
    plan = Catalog.load(None).plan(sys.argv[1], "none", "none")
    player = RecordingPlayer()
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(
            catalog=Catalog.load(None),
            config=Config(),
            player_factory=lambda ring, notify: player,
            sessions_dir=Path(folder) / "sessions",
            checkpoint_dir=Path(folder) / "in-progress",
            plan=plan,
            prompts=False,
        )
        app.run(headless=True, size=(100, 30))
    planned = [float(p.start) for p in plan.phases] + [float(plan.total_seconds)]
    first = player.changes[0]
    errors = [((t - first) - p) * 1000 for t, p in zip(player.changes, planned, strict=True)]
    print(json.dumps({"errors_ms": errors}))


if __name__ == "__main__":
    main()

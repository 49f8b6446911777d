"""Start-up: data commands against bare Python, the first frame against a bare Textual app.

The first frame is measured as a user sees it: the program is launched in tmux and the screen
is read until the walk screen's countdown is on it. The baseline is the same measurement of the
smallest Textual app (one line of text), plus `python -c "import textual.app"`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import WALKTIMER, Tmux, median, table, temporary_xdg, wall_time, write_walk

RUNS = 15
FRAME_RUNS = 7
MINIMAL_APP = (
    "from textual.app import App\nfrom textual.widgets import Static\n"
    "class A(App):\n    def compose(self):\n        yield Static('READY')\nA().run()\n"
)


def first_frame_ms(command: str, env: dict[str, str], ready: Callable[[str], bool]) -> float:
    start = time.perf_counter()
    tmux = Tmux(command, env)
    try:
        while not ready(tmux.screen()):
            if time.perf_counter() - start > 20:
                raise RuntimeError(f"no frame from {command!r}:\n{tmux.screen()}")
            time.sleep(0.002)
        return (time.perf_counter() - start) * 1000
    finally:
        tmux.close()


def main() -> None:
    python = sys.executable
    with temporary_xdg() as env, tempfile.TemporaryDirectory() as folder:
        walk = write_walk(Path(folder), phase_seconds=30, rounds=5)
        bare = wall_time([python, "-c", "pass"], env, RUNS)
        textual_import = wall_time([python, "-c", "import textual.app"], env, RUNS)
        version = wall_time([WALKTIMER, "--version"], env, RUNS)
        listing = wall_time([WALKTIMER, "presets", "list", "--json"], env, RUNS)
        script = Path(folder) / "minimal_app.py"
        script.write_text(MINIMAL_APP)
        minimal = median(
            [
                first_frame_ms(f"{python} {script}", env, lambda s: "READY" in s)
                for _ in range(FRAME_RUNS)
            ]
        )
        command = f"{WALKTIMER} run {walk} --audio none --no-prompts"
        frame = median(
            [
                first_frame_ms(command, env, lambda s: "Round 1/5" in s and "Ends at" in s)
                for _ in range(FRAME_RUNS)
            ]
        )
    rows = [
        ["python -c pass (baseline)", f"{bare:.0f}", ""],
        ["walktimer --version", f"{version:.0f}", f"+{version - bare:.0f}"],
        ["walktimer presets list --json", f"{listing:.0f}", f"+{listing - bare:.0f}"],
        ['python -c "import textual.app" (baseline)', f"{textual_import:.0f}", ""],
        [
            "minimal Textual app, first frame in tmux",
            f"{minimal:.0f}",
            f"+{minimal - textual_import:.0f}",
        ],
        [
            "walktimer run, walk screen first frame in tmux",
            f"{frame:.0f}",
            f"+{frame - textual_import:.0f}",
        ],
    ]
    print(
        table(
            "Start-up, median ms (targets: data commands within 100 ms of bare Python; "
            "first frame within 300 ms of the Textual import)",
            ["command", "ms", "vs baseline"],
            rows,
        )
    )

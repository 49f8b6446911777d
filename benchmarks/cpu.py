"""CPU and memory while walking: walktimer's app in a real terminal beside termdown.

Every program runs in a tmux of its own, all in the same minute, so whatever else the machine
does weighs on each alike. CPU time is read from /proc at 5 s (start-up done) and at 65 s, so
the figure is the steady cost of showing a running clock (and, with the metronome, of building
and writing each interval's stream of clicks). Start-up is reported apart.

The metronome is measured with sound really made: on simpleaudio, into an ALSA default device
that takes it and plays it nowhere (`null`, through ALSA_CONFIG_PATH), against the same walk
with `--no-metronome` on the same device.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.common import BIN, WALKTIMER, Tmux, alsa_null, table, temporary_xdg, write_walk

SETTLE, WINDOW = 5.0, 60.0
CADENCE = "115/95"


def measure(
    programs: dict[str, tuple[str, dict[str, str]]],
) -> dict[str, tuple[float, float, float]]:
    """Each program's (CPU s during start-up, CPU % of one core over the window, peak RSS
    MiB), all measured over the same minute."""
    running: dict[str, Tmux] = {}
    try:
        for name, (command, env) in programs.items():
            running[name] = Tmux(command, env)
        time.sleep(SETTLE)
        settled = {name: tmux.cpu_seconds() for name, tmux in running.items()}
        time.sleep(WINDOW)
        return {
            name: (
                settled[name],
                100 * (tmux.cpu_seconds() - settled[name]) / WINDOW,
                tmux.peak_rss_mib(),
            )
            for name, tmux in running.items()
        }
    finally:
        for tmux in running.values():
            tmux.close()


def main() -> None:
    with temporary_xdg() as env, tempfile.TemporaryDirectory() as folder:
        walk = write_walk(Path(folder), phase_seconds=30, rounds=5)
        sounding = dict(env, ALSA_CONFIG_PATH=str(alsa_null(Path(folder))))
        run = f"{WALKTIMER} run {walk} --no-prompts"
        metronome = f"{run} --audio simpleaudio --cadence {CADENCE}"
        found = measure(
            {
                "walktimer app (tmux 100x30)": (f"{run} --audio none", env),
                f"walktimer app, metronome {CADENCE}": (metronome, sounding),
                "walktimer app, --no-metronome": (f"{metronome} --no-metronome", sounding),
                "walktimer --plain": (f"{run} --plain --audio none", env),
                "baseline: termdown": (f"{BIN / 'termdown'} {int(SETTLE + WINDOW + 30)}", env),
            }
        )
    rows = [
        [name, f"{cpu:.2f}", f"{start:.2f}", f"{rss:.1f}"]
        for name, (start, cpu, rss) in found.items()
    ]
    termdown = found["baseline: termdown"][1]
    print(
        table(
            f"CPU while walking, {WINDOW:.0f} s after {SETTLE:.0f} s of start-up, all in the same "
            "minute (target: app <= termdown and < 2% of a core; with the metronome <= termdown)",
            ["program", "CPU % of a core", "start-up CPU s", "peak RSS MiB"],
            rows,
        )
    )
    for name in ("walktimer app (tmux 100x30)", f"walktimer app, metronome {CADENCE}"):
        ratio = found[name][1] / termdown if termdown else float("inf")
        print(f"{name} / termdown CPU ratio: {ratio:.2f}")

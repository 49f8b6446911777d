"""What the benchmarks share: medians, tables, temporary XDG folders, tmux sessions."""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

BIN = Path(sys.executable).parent
WALKTIMER = str(BIN / "walktimer")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [list(map(str, header))] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [title, "-" * len(title)]
    for index, row in enumerate(cells):
        lines.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


@contextlib.contextmanager
def temporary_xdg() -> Iterator[dict[str, str]]:
    """An environment whose XDG folders are empty and thrown away afterwards."""
    with tempfile.TemporaryDirectory(prefix="walktimer-bench-") as root:
        env = dict(os.environ)
        env.update(
            XDG_CONFIG_HOME=str(Path(root) / "config"),
            XDG_DATA_HOME=str(Path(root) / "data"),
            PATH=f"{BIN}:{env.get('PATH', '')}",
        )
        yield env


def write_walk(folder: Path, *, phase_seconds: int, rounds: int) -> Path:
    path = folder / "bench-walk.toml"
    path.write_text(
        'kind = "walk"\nname = "Bench"\n[intervals]\n'
        f"fast_seconds = {phase_seconds}\nslow_seconds = {phase_seconds}\nrounds = {rounds}\n"
    )
    return path


def alsa_null(folder: Path) -> Path:
    """An ALSA configuration (for ALSA_CONFIG_PATH) whose default device takes every sound
    and plays it nowhere: a player really renders and writes, on a machine without a card."""
    path = folder / "asound-null.conf"
    path.write_text("</usr/share/alsa/alsa.conf>\n\npcm.!default {\n    type null\n}\n")
    return path


def wall_time(argv: Sequence[str], env: dict[str, str], runs: int) -> float:
    """Median wall time of a command, in milliseconds (one warm-up run first)."""
    subprocess.run(argv, env=env, capture_output=True, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=True)
        times.append((time.perf_counter() - start) * 1000)
    return median(times)


class Tmux:
    """A program in a real terminal: tmux on its own server socket, so nothing else is touched."""

    def __init__(self, command: str, env: dict[str, str], *, width: int = 100, height: int = 30):
        if shutil.which("tmux") is None:
            raise SystemExit("the benchmarks need tmux (apt-get install tmux)")
        self.socket = f"walktimer-bench-{os.getpid()}-{time.monotonic_ns()}"
        self.env = env
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height), f"exec {command}")
        self.pid = int(self._tmux("display-message", "-p", "#{pane_pid}").strip())

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime

    def peak_rss_mib(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        """End the session, and wait (up to 10 s) for the program to have ended: a walk saves
        itself on the hang-up, and its folder may be removed only after."""
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"],
            env=self.env,
            capture_output=True,
            check=False,
        )
        deadline = time.monotonic() + 10
        while self._running() and time.monotonic() < deadline:
            time.sleep(0.05)

    def _running(self) -> bool:
        try:
            state = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        return state != "Z"

"""Which processes are alive, read from /proc as `ps` would: for tests that a program leaves
nothing running behind it."""

from __future__ import annotations

import time
from pathlib import Path


def running(*marks: str) -> list[str]:
    """The command lines of the processes alive now (zombies aside) that contain any of
    `marks`, read from /proc as `ps` would."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            zombie = ") Z " in (proc / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        if not zombie and any(mark in args for mark in marks):
            found.append(args.strip())
    return found


def left_behind(*marks: str, within: float = 2.0) -> list[str]:
    """What is still running after `within` seconds (a process killed a moment ago may still be
    on its way out)."""
    deadline = time.monotonic() + within
    while (found := running(*marks)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found

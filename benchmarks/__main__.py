"""`make bench`: every benchmark, each printing its figures beside its baseline."""

from __future__ import annotations

import importlib
import os
import platform
import sys
import traceback

MODULES = ["startup", "timing", "metronome", "cpu", "history_scale", "soak"]


def main() -> None:
    chosen = sys.argv[1:] or MODULES
    print(
        f"walktimer benchmarks on {platform.platform()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}\n"
    )
    failed = []
    for name in chosen:
        module = importlib.import_module(f"benchmarks.{name}")
        try:
            module.main()
        except Exception:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            failed.append(name)
        print(flush=True)
    if failed:
        sys.exit(f"benchmarks that failed: {', '.join(failed)}")


main()

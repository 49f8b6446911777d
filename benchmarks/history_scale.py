"""History and stats at scale: 1,000 and 10,000 saved walks.

Each size gets its own temporary data folder full of realistic summaries (real plans of the
bundled walks, walked on a fake clock). `walktimer stats --json` and `walktimer history --json`
run as real subprocesses and are compared with a baseline measured in the same run: a plain
Python subprocess that only reads the bytes of the same files. Target: at most 5x the baseline.
The first walktimer run of a folder builds its index and is shown apart, as "first run";
the other runs are interleaved with the baseline's, and each side's median is compared.
Walktimer's modules are byte-compiled (into the temporary folder) as an installed copy's are.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from tests.fakes import FakeClock

from walktimer.domain.catalog import Catalog
from walktimer.domain.plan import Plan
from walktimer.domain.session import Session
from walktimer.domain.summary import Summary, new_summary_id, summarize
from walktimer.storage import encode_summary

SIZES = (1_000, 10_000)
RUNS = 7
TARGET_RATIO = 5.0
WALKS = (
    ("first-steps", "easy-walk", "quick-stretch"),
    ("classic-30-30", "easy-walk", "lower-back"),
    ("iwt-3x3", "dynamic-stretches", "lower-back"),
)
BASELINE = """
import os, sys
folder = sys.argv[1]
size = 0
for name in os.listdir(folder):
    with open(os.path.join(folder, name), "rb") as stream:
        size += len(stream.read())
"""


def walked(plan: Plan, started_at: datetime) -> Summary:
    """The summary of `plan` walked to its end on a fake clock: real phases, real totals."""
    clock = FakeClock(now=0.0)
    session = Session(plan, clock)
    session.start()
    clock.now = plan.total_seconds + 1.0
    session.drain()
    return summarize(
        session, summary_id=new_summary_id(started_at, plan.walk_id), started_at=started_at
    )


def fill(folder: Path, count: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    catalog = Catalog.load(folder / "no-user-presets")
    templates = [walked(catalog.plan(*walk), datetime.now().astimezone()) for walk in WALKS]
    moment = datetime.now().astimezone().replace(microsecond=0)
    for _ in range(count):
        moment -= timedelta(hours=rng.randint(6, 60), minutes=rng.randint(0, 59))
        template = rng.choice(templates)
        before = rng.randint(1, 7)
        summary = Summary(
            **{
                **{f: getattr(template, f) for f in Summary.__struct_fields__},
                "id": new_summary_id(moment, template.walk, f"{rng.getrandbits(16):04x}"),
                "started_at": moment,
                "ended_at": moment + timedelta(seconds=template.planned_seconds),
                "pain_before": before,
                "pain_after": max(0, before + rng.randint(-3, 2)),
                "effort": rng.randint(2, 8),
                "notes": rng.choice([None, "Felt looser after the stretches.", "Windy; short."]),
            }
        )
        path = folder / f"{summary.id}.toml"
        while path.exists():
            path = path.with_name(f"{path.stem}-{rng.getrandbits(16):04x}.toml")
        path.write_text(encode_summary(summary), encoding="utf-8")


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(count: int) -> list[tuple[str, float, float, float]]:
    """(what, baseline, first run, median) in seconds for one folder of `count` walks."""
    with tempfile.TemporaryDirectory(prefix="walktimer-bench-") as temp:
        data = Path(temp) / "data"
        sessions = data / "walktimer" / "sessions"
        sessions.mkdir(parents=True)
        fill(sessions, count)
        env = dict(os.environ, XDG_DATA_HOME=str(data), XDG_CONFIG_HOME=str(Path(temp) / "cfg"))
        # As an installed walktimer runs: its modules byte-compiled once, not at every start.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(temp) / "pycache")
        baseline_cmd = [sys.executable, "-c", BASELINE, str(sessions)]
        commands = {
            " ".join(args): [sys.executable, "-m", "walktimer", *args]
            for args in (["stats", "--json"], ["history", "--json"], ["history"])
        }
        timed(baseline_cmd, env)  # the files are now in the page cache for everyone
        first = {}
        for what, command in commands.items():
            for index in (data / "walktimer" / "cache").glob("*.json"):
                index.unlink()  # each first run parses every file and builds the index
            first[what] = timed(command, env)
        # Interleaved, so that whatever else the machine does weighs on both sides alike.
        baseline: list[float] = []
        runs: dict[str, list[float]] = {what: [] for what in commands}
        for _ in range(RUNS):
            baseline.append(timed(baseline_cmd, env))
            for what, command in commands.items():
                runs[what].append(timed(command, env))
        base = statistics.median(baseline)
        return [(what, base, first[what], statistics.median(runs[what])) for what in commands]


def main() -> None:
    print(f"History at scale: median of {RUNS} runs each, in subprocesses; target <= 5x.")
    header = f"{'walks':>7}  {'command':<15}{'baseline':>10}{'first run':>11}"
    print(f"{header}{'walktimer':>11}{'ratio':>8}")
    worst = 0.0
    for count in SIZES:
        for what, baseline, first, median in measure(count):
            ratio = median / baseline
            worst = max(worst, ratio) if count == SIZES[-1] else worst
            print(
                f"{count:>7,}  {what:<15}{baseline * 1000:>8.0f}ms{first * 1000:>9.0f}ms"
                f"{median * 1000:>9.0f}ms{ratio:>7.1f}x"
            )
    verdict = "met" if worst <= TARGET_RATIO else "NOT met"
    print(f"Target at {SIZES[-1]:,} walks (<= {TARGET_RATIO:.0f}x): {verdict} ({worst:.1f}x)")


if __name__ == "__main__":
    main()

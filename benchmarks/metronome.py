"""The metronome's step spacing at a real ALSA device, against a metronome made of a timer.

walktimer walks one fast and one slow interval of 60 s (cadence 115/95) in plain mode on
simpleaudio, with ALSA's default device replaced by a capture that saves every stream it opens
(tests/e2e/alsa.py). Every click is found in the samples, and the spacing measured inside each
interval's stream. The baseline, in the same run and for the same two minutes, is the naive
way: a loop that sleeps until each step and starts a separate simpleaudio play of the same
click. Each of its clicks is a stream of its own, so its spacing is read from the streams'
start times, as the capture recorded them. The two run one after the other, so neither's work
disturbs the other's timing. Target: max |spacing - 60/cadence| <= 1 ms.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from itertools import pairwise
from pathlib import Path

from tests.e2e.alsa import Capture, unpaced, walk_file
from tests.unit.audio.pcm import RATE

from benchmarks.common import WALKTIMER, median, table, temporary_xdg
from walktimer.audio.cues import Cue

SECONDS = 60
FAST, SLOW = 115, 95
TARGET_MS = 1.0
TIMER_METRONOME = """
import sys, time
import simpleaudio
from walktimer.audio.cues import Cue
from walktimer.audio.synth import cue_sounds

cadence, seconds = int(sys.argv[1]), float(sys.argv[2])
click, step = cue_sounds(80)[Cue.CLICK].pcm, 60 / cadence
start, plays, k = time.monotonic() + 0.5, [], 0
while k * step + 0.010 <= seconds:
    time.sleep(max(0.0, start + k * step - time.monotonic()))
    plays.append(simpleaudio.play_buffer(click, 1, 2, 44100))
    k += 1
for play in plays:
    play.wait_done()
"""


def errors_ms(times: list[float], cadence: int) -> list[float]:
    """|spacing - step| of each pair of successive clicks, in milliseconds."""
    return [abs((b - a) - 60 / cadence) * 1000 for a, b in pairwise(times)]


def walktimer_errors(capture: Capture, folder: Path) -> dict[int, list[float]]:
    walk = walk_file(folder, fast=SECONDS, slow=SECONDS)
    argv = [WALKTIMER, "run", str(walk), "--plain", "--no-prompts", "--audio", "simpleaudio"]
    argv += ["--cadence", f"{FAST}/{SLOW}"]
    subprocess.run(argv, env=capture.env, capture_output=True, timeout=4 * SECONDS, check=True)
    streams = capture.streams()
    found = {}
    for cue, cadence in ((Cue.FAST, FAST), (Cue.SLOW, SLOW)):
        stream = next(s for s in streams if s.opens_with() is cue)
        found[cadence] = errors_ms([i / RATE for i in stream.clicks()], cadence)
    return found


def timer_errors(capture: Capture, cadence: int) -> list[float]:
    for old in capture.folder.iterdir():
        old.unlink()
    argv = [sys.executable, "-c", TIMER_METRONOME, str(cadence), str(SECONDS)]
    subprocess.run(argv, env=capture.env, timeout=2 * SECONDS, check=True)
    return errors_ms([s.onset for s in capture.streams()], cadence)


def main() -> None:
    with temporary_xdg() as env, tempfile.TemporaryDirectory() as temp:
        ours_folder, theirs_folder = Path(temp) / "walktimer", Path(temp) / "timer"
        ours_folder.mkdir()
        theirs_folder.mkdir()
        ours = walktimer_errors(unpaced(ours_folder, env), ours_folder)
        timer = unpaced(theirs_folder, env)
        theirs = {cadence: timer_errors(timer, cadence) for cadence in (FAST, SLOW)}
    rows = []
    for name, found in (
        ("walktimer: one stream an interval", ours),
        ("baseline: timer loop, a play a click", theirs),
    ):
        for cadence, errors in found.items():
            rows.append(
                [
                    f"{name}, {cadence}/min",
                    len(errors) + 1,
                    f"{median(errors):.3f}",
                    f"{max(errors):.3f}",
                ]
            )
    print(
        table(
            f"Metronome at the ALSA device: {SECONDS} s at {FAST} then {SECONDS} s at {SLOW} "
            f"steps a minute; |spacing - 60/cadence| in ms (target: max <= {TARGET_MS:g})",
            ["run", "clicks", "median ms", "max ms"],
            rows,
        )
    )
    worst = max(max(errors) for errors in ours.values())
    print(
        f"Target max <= {TARGET_MS:g} ms: "
        f"{'met' if worst <= TARGET_MS else 'not met'} ({worst:.3f} ms)"
    )

"""Spoken announcements on a real walk: the round at each fast interval, halfway once, each
after its tone, and cut short at the next change rather than said over its tone.

The speech program is a stand-in first on the PATH (`espeak-ng`): it takes 2.9 s as if
speaking, longer than what is left of a 3 s phase after its tone, and writes down the words it
was given with when it started and when it ended, or was cut short (SIGTERM). The walk runs in
plain mode on simpleaudio through the ALSA capture (tests/e2e/alsa.py), so each fast tone's
end is read from what the device received.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Xdg, require
from tests.e2e.alsa import HAS_SIMPLEAUDIO, Capture, Walk, plain_run, walk_file
from walktimer.audio.cues import Cue

pytestmark = [pytest.mark.e2e, pytest.mark.alsa]

ROUNDS = 4
SPEAKING_SECONDS = 2.9
CUT_WITHIN = 0.050  # seconds: words still going at a change are cut this soon after its line
# Logs `start`, then `end` or `cut`, each with the time, its own process id and the words.
SPEAKER = """#!/bin/sh
words="$*"
note() {{ printf '%s\\t%s\\t%s\\t%s\\n' "$1" "$(date +%s.%N)" "$$" "$words" >> '{log}'; }}
trap 'trap "" TERM; note cut; exit 143' TERM
note start
sleep {seconds} &
wait $!
note end
"""


@dataclass(frozen=True)
class Said:
    """One run of the speech program: its words, when it started and when it stopped."""

    words: str
    start: float
    stop: float | None  # None: it never logged its end (killed outright)
    cut: bool

    def says(self, part: str) -> bool:
        return part in self.words.split(". ")


def fake_speaker(folder: Path) -> tuple[Path, Path]:
    """A folder holding the stand-in `espeak-ng`, and the log it writes."""
    programs, log = folder / "speech-bin", folder / "said.log"
    programs.mkdir()
    speaker = programs / "espeak-ng"
    speaker.write_text(SPEAKER.format(log=log, seconds=SPEAKING_SECONDS))
    speaker.chmod(0o755)
    return programs, log


def read_log(log: Path) -> list[Said]:
    """Each run of the speech program, in the order they started."""
    starts: dict[str, tuple[float, str]] = {}
    stops: dict[str, tuple[float, bool]] = {}
    for row in log.read_text().splitlines():
        kind, at, pid, words = row.split("\t")
        if kind == "start":
            starts[pid] = (float(at), words)
        else:
            stops.setdefault(pid, (float(at), kind == "cut"))
    said = []
    for pid, (start, words) in starts.items():
        stop, cut = stops.get(pid, (None, False))
        said.append(Said(words, start, stop, cut))
    return sorted(said, key=lambda s: s.start)


def seconds_of(line: str) -> int:
    """The walk time a plain-mode line starts with: `01:30 FAST ...` -> 90."""
    minutes, seconds = line.split(" ", 1)[0].split(":")
    return int(minutes) * 60 + int(seconds)


def test_rounds_and_halfway_are_said_after_the_tone_and_cut_short_at_the_next_change(
    capture: Capture, xdg: Xdg, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    require(HAS_SIMPLEAUDIO, "simpleaudio")
    programs, log = fake_speaker(tmp_path)
    xdg.config_file.parent.mkdir(parents=True, exist_ok=True)
    xdg.config_file.write_text('[audio]\nvoice = true\nannounce = ["round", "halfway"]\n')
    env = dict(capture.env, PATH=f"{programs}{os.pathsep}{capture.env['PATH']}")
    argv = plain_run(walktimer_cmd, walk_file(tmp_path), "--fast", "3", "--slow", "3")
    with Walk([*argv, "--rounds", str(ROUNDS)], env, tmp_path / "err") as walk:
        walk.finish()
        lines = walk.lines
    said = read_log(log)
    origin = lines[0][0]
    print("\n".join(f"{at - origin:7.3f} s  {text}" for at, text in lines))
    for each in said:
        stop = "never logged" if each.stop is None else f"{each.stop - origin:7.3f} s"
        print(f"{each.start - origin:7.3f} s to {stop} {'cut' if each.cut else ''}  {each.words}")
    kinds = [text.split(" ")[1] for _, text in lines]
    assert kinds == ["FAST", "SLOW"] * ROUNDS + ["DONE"]
    fast_tones = [s for s in capture.streams() if s.opens_with() is Cue.FAST]
    assert len(fast_tones) == ROUNDS
    fast_lines = [i for i, kind in enumerate(kinds) if kind == "FAST"]
    problems = []
    for number, (index, tone) in enumerate(zip(fast_lines, fast_tones, strict=True), start=1):
        words = f"Round {number} of {ROUNDS}"
        runs = [each for each in said if each.says(words)]
        assert len(runs) == 1, f"{words!r} said {len(runs)} times: {said}"
        [run] = runs
        tone_end = tone.at(tone.heard[1].end)  # the end of the fast cue's second note
        start, next_line = lines[index][0], lines[index + 1][0]
        assert start < tone_end < run.start < next_line, (words, tone_end, run, next_line)
        assert run.stop is not None, f"{words!r} never ended nor was cut: {run}"
        if run.stop > next_line + CUT_WITHIN:
            problems.append(
                f"{words!r} still said {(run.stop - next_line) * 1000:.0f} ms into the next"
                f" phase, over its tone ({'cut' if run.cut else 'ended'} then)"
            )
    assert not problems, "\n".join(problems)
    total = seconds_of(lines[-1][1])
    half = next(i for i, (_, text) in enumerate(lines) if seconds_of(text) >= total / 2)
    halfway = [each.start for each in said if each.says("Halfway")]
    assert len(halfway) == 1, said
    assert lines[half][0] < halfway[0] < lines[half + 1][0]

"""Spoken announcements on a real walk: the round at each fast interval, halfway once, each
after its tone and before the next change.

The speech program is a stand-in first on the PATH (`espeak-ng`): it writes down the words it
was given and when, then takes 0.3 s as if speaking. The walk runs in plain mode on simpleaudio
through the ALSA capture (tests/e2e/alsa.py), so each fast tone's end is read from what the
device received. The minutes left, which need a long walk, are checked on the words alone.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Xdg, require
from tests.e2e.alsa import HAS_SIMPLEAUDIO, Capture, Walk, plain_run, walk_file
from walktimer.audio.cues import Cue, announcements
from walktimer.domain.catalog import Catalog
from walktimer.domain.plan import Plan

pytestmark = [pytest.mark.e2e, pytest.mark.alsa]

ROUNDS = 4
SPEAKER = """#!/bin/sh
printf '%s\\t%s\\n' "$(date +%s.%N)" "$*" >> '{log}'
sleep 0.3
"""


def fake_speaker(folder: Path) -> tuple[Path, Path]:
    """A folder holding the stand-in `espeak-ng`, and the log it writes."""
    programs, log = folder / "speech-bin", folder / "said.log"
    programs.mkdir()
    speaker = programs / "espeak-ng"
    speaker.write_text(SPEAKER.format(log=log))
    speaker.chmod(0o755)
    return programs, log


def seconds_of(line: str) -> int:
    """The walk time a plain-mode line starts with: `01:30 FAST ...` -> 90."""
    minutes, seconds = line.split(" ", 1)[0].split(":")
    return int(minutes) * 60 + int(seconds)


def test_rounds_and_halfway_are_said_after_the_tone_before_the_next_change(
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
    rows = (row.split("\t") for row in log.read_text().splitlines())
    said = [(float(at), words) for at, words in rows]
    print("\n".join(f"{at - lines[0][0]:7.3f} s  {words}" for at, words in said))
    kinds = [text.split(" ")[1] for _, text in lines]
    assert kinds == ["FAST", "SLOW"] * ROUNDS + ["DONE"]
    fast_tones = [s for s in capture.streams() if s.opens_with() is Cue.FAST]
    assert len(fast_tones) == ROUNDS
    fast_lines = [i for i, kind in enumerate(kinds) if kind == "FAST"]
    for number, (index, tone) in enumerate(zip(fast_lines, fast_tones, strict=True), start=1):
        words = f"Round {number} of {ROUNDS}"
        when = [at for at, text in said if words in text.split(". ")]
        assert len(when) == 1, f"{words!r} said {len(when)} times: {said}"
        tone_end = tone.at(tone.heard[1].end)  # the end of the fast cue's second note
        start, next_line = lines[index][0], lines[index + 1][0]
        assert start < tone_end < when[0] < next_line, (words, tone_end, when, next_line)
    total = seconds_of(lines[-1][1])
    half = next(i for i, (_, text) in enumerate(lines) if seconds_of(text) >= total / 2)
    halfway = [at for at, text in said if "Halfway" in text.split(". ")]
    assert len(halfway) == 1, said
    assert lines[half][0] < halfway[0] < lines[half + 1][0]


def minute_marks(plan: Plan) -> dict[int, str]:
    """Where `minutes-left` speaks, worked out from the plan: for each multiple of 5 minutes
    below the walk's length, the first phase that starts with at most that much left, saying
    the minutes then left."""
    total = plan.total_seconds
    marks = {}
    for mark in range(300, total, 300):
        index = next(i for i, p in enumerate(plan.phases) if total - p.start <= mark)
        marks[index] = f"{round((total - plan.phases[index].start) / 60)} minutes left"
    return marks


@pytest.mark.parametrize(
    "walk", [("classic-30-30", "none", "none"), ("iwt-3x3", "dynamic-stretches", "lower-back")]
)
def test_minutes_left_are_said_once_at_each_five_minutes(walk: tuple[str, str, str]) -> None:
    plan = Catalog.load(None).plan(*walk)
    said = {
        index: words
        for index in range(len(plan.phases))
        for words in announcements(plan, index, ["minutes-left"])
    }
    assert said == minute_marks(plan)
    assert len(said) == (plan.total_seconds - 1) // 300

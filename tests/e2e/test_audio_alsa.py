"""The cues of a real walk, captured at a real ALSA device: right cues, right pitch, on time.

The test process replaces ALSA's default device (ALSA_CONFIG_PATH) by a `file` PCM that pipes
each stream to a recorder, which saves it with the time it started (tests/e2e/alsa.py). A
short walk then runs in plain mode in a subprocess; every stream it opened is matched against
the cue it should be, and its onset against the moment the walk printed that phase's line and
against the plan. The capture itself is checked here too, the paced one against a player.
"""

from __future__ import annotations

import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from tests.conftest import require, require_program
from tests.e2e.alsa import HAS_SIMPLEAUDIO, VOLUME, Capture, Captured, Walk
from tests.unit.audio.pcm import RATE
from walktimer.audio.cues import SCORE, Cue, cue_seconds
from walktimer.audio.synth import FULL_SCALE, gain

pytestmark = [pytest.mark.e2e, pytest.mark.alsa]

TOLERANCE = 0.050  # seconds: a change and its cue within 50 ms of plan

WALK = """kind = "walk"
name = "Tiny"
description = "Two seconds fast, two slow."
warmup = "none"
cooldown = "none"

[intervals]
fast_seconds = 2
slow_seconds = 2
rounds = 1
first = "fast"
"""
WARMUP = """kind = "warmup"
name = "Tiny warm-up"
description = ""

[[steps]]
name = "March"
seconds = 1

[[steps]]
name = "Leg swings"
seconds = 1
"""
COOLDOWN = """kind = "cooldown"
name = "Tiny cool-down"
description = ""

[[steps]]
name = "Easy walk"
seconds = 1

[[steps]]
name = "Knee to chest"
seconds = 1
sides = true
"""
# Every kind of cue, at its planned offset (s); `line` is the plain-mode line it goes with.
EXPECTED: list[tuple[Cue, int, int | None]] = [
    (Cue.WARMUP, 0, 0),  # March
    (Cue.STEP, 1, 1),  # Leg swings
    (Cue.FAST, 2, 2),
    (Cue.COUNTDOWN, 3, None),  # one second before the fast interval ends
    (Cue.SLOW, 4, 3),
    (Cue.COUNTDOWN, 5, None),
    (Cue.COOLDOWN, 6, 4),  # Easy walk
    (Cue.STEP, 7, 5),  # Knee to chest, left side
    (Cue.SWITCH_SIDES, 8, 6),  # right side
    (Cue.DONE, 9, 7),  # 00:09 DONE
]


def walk_files(tmp_path: Path) -> list[str]:
    paths = []
    for name, text in (("tiny-walk", WALK), ("tiny-warmup", WARMUP), ("tiny-cooldown", COOLDOWN)):
        path = tmp_path / f"{name}.toml"
        path.write_text(text)
        paths.append(str(path))
    walk, warmup, cooldown = paths
    return [walk, "--warmup", warmup, "--cooldown", cooldown]


def run_walk(
    cmd: list[str], backend: str, tmp_path: Path, env: dict[str, str], *extra: str
) -> list[tuple[float, str]]:
    """Walk in plain mode; each stdout line with the wall-clock time it arrived."""
    args = [*cmd, "run", *walk_files(tmp_path), "--plain", "--no-prompts", "--audio", backend]
    with Walk([*args, *extra], env, tmp_path / "stderr.txt", timeout=60) as walk:
        walk.finish()
        return walk.lines


def check_cues(
    lines: list[tuple[float, str]],
    streams: list[Captured],
    label: str,
) -> None:
    assert [text.split(" ", 2)[1] for _, text in lines] == [
        "WARMUP",
        "WARMUP",
        "FAST",
        "SLOW",
        "COOLDOWN",
        "COOLDOWN",
        "COOLDOWN",
        "DONE",
    ]
    cues = [s.cue() for s in streams]
    assert cues == [cue for cue, _, _ in EXPECTED], [s.heard for s in streams]
    started = lines[0][0]  # the walk's first line: planned offset 0
    level = gain(VOLUME) * FULL_SCALE
    report = [f"{label}: cue, planned offset, onset - planned, onset - its line, note Hz"]
    problems = []
    for stream, (cue, offset, line) in zip(streams, EXPECTED, strict=True):
        late = stream.onset - (started + offset)
        if abs(late) > TOLERANCE:
            problems.append(f"{cue.label} at {offset} s is {late * 1000:+.1f} ms off plan")
        after_line = None
        if line is not None:
            after_line = stream.onset - lines[line][0]
            if abs(after_line) > TOLERANCE:
                problems.append(f"{cue.label} is {after_line * 1000:+.1f} ms off its line")
        for heard, note in zip(stream.heard, SCORE[cue], strict=True):
            assert abs(heard.hz - note.hz) <= note.hz * 0.005
            assert 0.98 * level <= heard.peak <= level + 1  # audio.volume as configured
        from_line = "" if after_line is None else f"{after_line * 1000:+6.1f} ms"
        hz = " ".join(f"{h.hz:.1f}" for h in stream.heard)
        report.append(f"  {cue.label:<16} {offset} s {late * 1000:+6.1f} ms {from_line:>9}  {hz}")
    report.append("lines, after the first:")
    report += [f"  {(at - started) * 1000:+8.1f} ms  {text}" for at, text in lines]
    print("\n".join(report))
    assert not problems, "\n".join([*problems, *report])


def test_walk_cues_reach_alsa_through_simpleaudio_on_time(
    capture: Capture, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    require(HAS_SIMPLEAUDIO, "simpleaudio")
    lines = run_walk(walktimer_cmd, "simpleaudio", tmp_path, capture.env)
    check_cues(lines, capture.streams(), "simpleaudio")


def test_voice_speaks_each_phase_after_its_tone_never_over_it(
    capture: Capture, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    require(HAS_SIMPLEAUDIO, "simpleaudio")
    require_program("espeak-ng")
    lines = run_walk(walktimer_cmd, "simpleaudio", tmp_path, capture.env, "--voice")
    streams = capture.streams()
    tones = [s for s in streams if s.cue() is not None]
    speech = [s for s in streams if s.cue() is None]
    check_cues(lines, tones, "simpleaudio with voice")  # speaking never holds a cue up
    worded = [t for t in tones if t.cue() is not Cue.COUNTDOWN]  # pips are never spoken
    assert len(speech) == len(worded)
    ends = [t.onset + cue_seconds(t.cue() or Cue.DONE) for t in worded]
    next_onsets = [t.onset for t in worded[1:]] + [float("inf")]
    for end, next_onset, said in zip(ends, next_onsets, speech, strict=True):
        assert end < said.onset < next_onset


def only_aplay(tmp_path: Path, env: dict[str, str]) -> dict[str, str]:
    """Only aplay on the PATH: a sound server's player found first would bypass ALSA's config."""
    aplay = require_program("aplay")
    programs = tmp_path / "bin"
    programs.mkdir()
    (programs / "aplay").symlink_to(aplay)
    return dict(env, PATH=str(programs))


def test_walk_cues_reach_alsa_through_aplay_on_time(
    capture: Capture, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    lines = run_walk(walktimer_cmd, "command", tmp_path, only_aplay(tmp_path, capture.env))
    check_cues(lines, capture.streams(), "command (aplay)")


def test_audio_test_finds_both_backends_and_plays_every_cue_in_order(
    capture: Capture, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    require(HAS_SIMPLEAUDIO, "simpleaudio")
    done = subprocess.run(
        [*walktimer_cmd, "audio", "test"],
        env=only_aplay(tmp_path, capture.env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    print(done.stdout)
    assert done.returncode == 0, done.stderr
    listed = [line.split() for line in done.stdout.splitlines()[1:5]]
    assert listed == [
        ["simpleaudio", "works"],
        ["command", "(aplay)", "works"],
        ["bell", "works"],
        ["none", "works"],
    ]
    assert "Playing every cue on simpleaudio (volume 80):" in done.stdout
    *cues, steps = capture.streams()
    assert [s.cue() for s in cues] == [cue for cue in Cue if cue is not Cue.CLICK]
    # The click as a walk has it: a few steps at 120 a minute, in one stream.
    clicks = steps.clicks()
    assert len(clicks) == len(steps.heard) == 4
    assert all(abs((b - a) / RATE - 0.5) < 0.001 for a, b in pairwise(clicks))


def test_capture_keeps_every_stream_apart(capture: Capture) -> None:
    """The recorder itself: two streams opened one after the other are two files, in order."""
    aplay = require_program("aplay")
    from walktimer.audio.synth import cue_sounds

    for cue in (Cue.FAST, Cue.SLOW):
        wav = capture.folder.parent / f"{cue.value}.wav"
        wav.write_bytes(cue_sounds(VOLUME)[cue].wav())
        subprocess.run([aplay, "-q", str(wav)], env=capture.env, check=True)
    assert [s.cue() for s in capture.streams()] == [Cue.FAST, Cue.SLOW]
    assert not list(capture.folder.glob("*.part"))


# Five seconds of sound, stopped after one: what each capture receives of it.
STOPPED_EARLY = """
import sys, time
import simpleaudio
from walktimer.audio.cues import Cue
from walktimer.audio.synth import cue_sounds

pcm = cue_sounds(80)[Cue.SLOW].pcm * 10
opened = time.time()
play = simpleaudio.play_buffer(pcm, 1, 2, 44100)
time.sleep(1.0)
play.stop()
deadline = time.monotonic() + 10
while play.is_playing() and time.monotonic() < deadline:
    time.sleep(0.01)
print(opened)
"""


def test_paced_capture_holds_the_player_to_real_time(
    capture: Capture, paced_capture: Capture
) -> None:
    """The paced capture stands in for a sound card: a stream stopped after 1 s is recorded
    up to about then (the player's own buffer of 0.1 s, and the pacer's pipe, beyond it),
    where the plain capture takes in all that was handed to the player."""
    require(HAS_SIMPLEAUDIO, "simpleaudio")
    opened = {}
    for name, each in (("unpaced", capture), ("paced", paced_capture)):
        done = subprocess.run(
            [sys.executable, "-c", STOPPED_EARLY],
            env=each.env,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        opened[name] = float(done.stdout)
    [whole] = capture.streams()
    [cut] = paced_capture.streams()
    print(
        f"5 s stopped after 1 s: unpaced capture {whole.seconds:.3f} s, paced {cut.seconds:.3f} s;"
        f" stream start recorded {(cut.onset - opened['paced']) * 1000:.1f} ms after the open"
    )
    assert whole.seconds == 5.0
    assert 1.0 <= cut.seconds <= 1.5
    for stream, name in ((whole, "unpaced"), (cut, "paced")):
        assert 0 <= stream.onset - opened[name] <= TOLERANCE

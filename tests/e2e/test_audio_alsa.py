"""The cues of a real walk, captured at a real ALSA device: right cues, right pitch, on time.

The test process replaces ALSA's default device (ALSA_CONFIG_PATH) by a `file` PCM that pipes
each stream to a recorder, which saves it with the time it started. A short walk then runs in
plain mode in a subprocess; every stream it opened is matched against the cue it should be,
and its onset against the moment the walk printed that phase's line and against the plan.
"""

from __future__ import annotations

import importlib.util
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Xdg, require, require_program
from tests.unit.audio.pcm import Heard, decode, matches, notes
from walktimer.audio.cues import SCORE, Cue, cue_seconds
from walktimer.audio.synth import FULL_SCALE, gain

pytestmark = [pytest.mark.e2e, pytest.mark.alsa]

ALSA_CONF = Path("/usr/share/alsa/alsa.conf")
TOLERANCE = 0.050  # seconds: a change and its cue within 50 ms of plan
VOLUME = 80  # the default audio.volume

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


@dataclass(frozen=True)
class Stream:
    onset: float  # wall-clock time the device was opened
    heard: list[Heard]

    def cue(self) -> Cue | None:
        return next((cue for cue, score in SCORE.items() if matches(self.heard, score)), None)


@dataclass(frozen=True)
class Capture:
    folder: Path
    env: dict[str, str]

    def streams(self) -> list[Stream]:
        """Every stream with sound in it, oldest first (silent ones are backend probes)."""
        deadline = time.monotonic() + 5
        while list(self.folder.glob("*.part")) and time.monotonic() < deadline:
            time.sleep(0.05)
        found = []
        for path in self.folder.glob("*.raw"):
            heard = notes(decode(path.read_bytes()))
            if heard:
                found.append(Stream(float(path.name.split("-")[0]), heard))
        return sorted(found, key=lambda s: s.onset)


@pytest.fixture
def capture(tmp_path: Path, xdg: Xdg) -> Capture:
    require(ALSA_CONF.is_file(), f"ALSA ({ALSA_CONF})")
    require_program("date")
    folder = tmp_path / "capture"
    folder.mkdir()
    template = (FIXTURES / "alsa" / "capture.conf").read_text()
    conf = tmp_path / "asound.conf"
    conf.write_text(
        template.replace("@RECORDER@", str(FIXTURES / "alsa" / "recorder.sh")).replace(
            "@CAPTURE_DIR@", str(folder)
        )
    )
    env = xdg.env()
    env["ALSA_CONFIG_PATH"] = str(conf)
    return Capture(folder, env)


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
    args += extra
    with (tmp_path / "stderr.txt").open("wb") as err:
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err, env=env)
        watchdog = threading.Timer(60, process.kill)
        watchdog.start()
        lines: list[tuple[float, str]] = []
        assert process.stdout is not None
        for raw in process.stdout:
            lines.append((time.time(), raw.decode().rstrip("\n")))
        code = process.wait()
        watchdog.cancel()
    stderr = (tmp_path / "stderr.txt").read_text()
    assert code == 0, stderr
    assert "stopped working" not in stderr and "does not work" not in stderr, stderr
    return lines


def check_cues(
    lines: list[tuple[float, str]],
    streams: list[Stream],
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
    require(importlib.util.find_spec("simpleaudio") is not None, "simpleaudio")
    lines = run_walk(walktimer_cmd, "simpleaudio", tmp_path, capture.env)
    check_cues(lines, capture.streams(), "simpleaudio")


def test_voice_speaks_each_phase_after_its_tone_never_over_it(
    capture: Capture, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    require(importlib.util.find_spec("simpleaudio") is not None, "simpleaudio")
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
    require(importlib.util.find_spec("simpleaudio") is not None, "simpleaudio")
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
    assert [s.cue() for s in capture.streams()] == list(Cue)


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

"""Sound a newcomer can trust, with no sound device: the bell's patterns, and what they mean.

The real program runs with its output and its error output in one pipe, in the order written,
so each ring (a BEL byte) falls between the phase line it belongs to and the next one.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.e2e.conftest import Terminal, env_for

pytestmark = pytest.mark.e2e

BEL = b"\a"
WALK = """kind = "walk"
name = "Tiny bell walk"
warmup = "{warmup}"
cooldown = "{cooldown}"

[intervals]
fast_seconds = 1
slow_seconds = 1
rounds = 1
"""
WARMUP = 'kind = "warmup"\nname = "Warm"\n[[steps]]\nname = "March"\nseconds = 1\n'
COOLDOWN = (
    'kind = "cooldown"\nname = "Cool"\n[[steps]]\nname = "Hamstring"\nseconds = 1\nsides = true\n'
)
OSC = re.compile(rb"\x1b\][^\x07\x1b]*(\x07|\x1b\\)")  # a terminal command, which a BEL may end
PHASE_LINE = re.compile(rb"\d\d:\d\d (WARMUP|FAST|SLOW|COOLDOWN|DONE)[^\n]*")
BELL_MEANS = (
    "the terminal bell rings instead: fast twice, slow once, done three times; "
    "no countdown pips, no metronome"
)


def tiny_walk(tmp_path: Path) -> Path:
    (tmp_path / "warm.toml").write_text(WARMUP)
    (tmp_path / "cool.toml").write_text(COOLDOWN)
    walk = tmp_path / "tiny.toml"
    walk.write_text(WALK.format(warmup=tmp_path / "warm.toml", cooldown=tmp_path / "cool.toml"))
    return walk


def no_sound_device(tmp_path: Path, xdg: Xdg) -> dict[str, str]:
    """No player program on the PATH and an ALSA with no device: only the bell can sound."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    alsa = tmp_path / "no-devices.conf"
    alsa.write_text("")
    return dict(xdg.env(), PATH=str(empty), ALSA_CONFIG_PATH=str(alsa))


def run(command: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    """The program's exit code, and its output and error output as one stream."""
    done = subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout


def rings_per_phase(output: bytes) -> list[tuple[str, int]]:
    """Each phase line (without its rings), and the rings from it up to the next one."""
    found = list(PHASE_LINE.finditer(output))
    ends = [match.start() for match in found[1:]] + [len(output)]
    return [
        (match.group().decode(), output[match.start() : end].count(BEL))
        for match, end in zip(found, ends, strict=True)
    ]


def test_audio_test_on_the_bell_reports_the_rings_it_really_makes(
    xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    code, output = run([*walktimer_cmd, "audio", "test", "--audio", "bell"], xdg.env())
    assert code == 0, output.decode()
    lines = output.replace(BEL, b"").decode().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("The terminal bell rings"))
    assert "no metronome" in lines[start]  # said where a walker looks for what the bell does
    heard = dict(re.split(r"\s{2,}", line.strip()) for line in lines[start + 1 :])
    assert heard == {
        "warm-up start": "rings once",
        "fast": "rings twice",
        "slow": "rings once",
        "cool-down start": "rings once",
        "stretch step": "rings once",
        "switch sides": "rings once",
        "countdown pip": "not played on the bell",
        "walk done": "rings three times",
        "metronome click": "not played on the bell",
    }
    assert output.count(BEL) == 10  # as many as it says: 1+2+1+1+1+1+0+3


def test_a_plain_walk_on_the_bell_rings_fast_twice_slow_once_and_done_three_times(
    tmp_path: Path, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    walk = tiny_walk(tmp_path)
    plain = ["run", str(walk), "--plain", "--no-prompts", "--audio", "bell"]
    code, output = run([*walktimer_cmd, *plain], xdg.env())
    assert code == 0, output.decode()
    assert rings_per_phase(output) == [
        ("00:00 WARMUP March (0:01)", 1),
        ("00:01 FAST Brisk walk, round 1/1 (0:01)", 2),
        ("00:02 SLOW Easy walk, round 1/1 (0:01)", 1),
        ("00:03 COOLDOWN Hamstring, left side (0:01)", 1),
        ("00:04 COOLDOWN Hamstring, right side (0:01)", 1),
        ("00:05 DONE", 3),
    ]
    assert BELL_MEANS not in output.decode()  # asked for by name: nothing to explain


def test_auto_with_no_sound_device_says_once_what_the_bell_means(
    tmp_path: Path, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    walk = tiny_walk(tmp_path)
    code, output = run(
        [*walktimer_cmd, "run", str(walk), "--plain", "--no-prompts"],
        no_sound_device(tmp_path, xdg),
    )
    assert code == 0, output.decode()
    text = output.decode()
    assert text.count(f"walktimer: sound: no sound device works here, so {BELL_MEANS}\n") == 1
    assert text.index(BELL_MEANS) < text.index("00:00 WARMUP")  # told before the walk starts
    assert [rings for _, rings in rings_per_phase(output)] == [1, 2, 1, 1, 1, 3]


def test_the_app_on_the_bell_rings_fast_twice_and_slow_once(
    terminal: Terminal, tmp_path: Path, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    """The later rings come from a thread of the bell's own, through the app's bell."""
    walk = tmp_path / "tiny.toml"
    two_rounds = WALK.format(warmup="none", cooldown="none").replace("rounds = 1", "rounds = 2")
    walk.write_text(two_rounds.replace("slow_seconds = 1", "slow_seconds = 6"))
    written = tmp_path / "terminal.bin"
    copying = tmp_path / "copying"
    app = [*walktimer_cmd, "run", str(walk), "--no-prompts", "--audio", "bell"]
    # The app starts once what it writes is being copied; not at all if that never begins.
    flag = shlex.quote(str(copying))
    wait = f"n=0; until [ -e {flag} ] || [ $n -ge 200 ]; do sleep 0.05; n=$((n+1)); done"
    terminal.start(["sh", "-c", f"{wait}; [ -e {flag} ] && exec {shlex.join(app)}"], env_for(xdg))
    terminal.run("pipe-pane", "-o", "-t", "walk", f"cat >>{shlex.quote(str(written))}")
    copying.touch()
    terminal.wait_for(lambda s: "Brisk walk" in s, "the first fast phase")
    terminal.wait_for(lambda s: "Round 2/2" in s and "Brisk" not in s, "the last slow phase")

    def rings() -> int:
        return OSC.sub(b"", written.read_bytes()).count(BEL) if written.exists() else 0

    deadline = time.monotonic() + 10
    while rings() < 6 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # any ring too many has rung by now; the walk's end is seconds away
    assert rings() == 2 + 1 + 2 + 1  # each fast twice, each slow once
    terminal.wait_for(lambda s: "EXIT=0" in s, "the end of the walk", timeout=20)

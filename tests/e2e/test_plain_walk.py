"""A whole walk in plain mode: the real program, real time, real files."""

from __future__ import annotations

import subprocess
import time
import tomllib
from pathlib import Path

from tests.conftest import Xdg

WALK = """kind = "walk"
name = "Tiny"
warmup = "{warmup}"
cooldown = "{cooldown}"

[intervals]
fast_seconds = 1
slow_seconds = 2
rounds = 2
"""
WARMUP = 'kind = "warmup"\nname = "Warm"\n[[steps]]\nname = "March"\nseconds = 1\n'
COOLDOWN = (
    'kind = "cooldown"\nname = "Cool"\n[[steps]]\nname = "Hamstring"\nseconds = 1\nsides = true\n'
)
EXPECTED = [
    "00:00 WARMUP March (0:01)",
    "00:01 FAST Brisk walk, round 1/2 (0:01)",
    "00:02 SLOW Easy walk, round 1/2 (0:02)",
    "00:04 FAST Brisk walk, round 2/2 (0:01)",
    "00:05 SLOW Easy walk, round 2/2 (0:02)",
    "00:07 COOLDOWN Hamstring, left side (0:01)",
    "00:08 COOLDOWN Hamstring, right side (0:01)",
    "00:09 DONE",
]


def tiny_walk(tmp_path: Path) -> Path:
    (tmp_path / "warm.toml").write_text(WARMUP)
    (tmp_path / "cool.toml").write_text(COOLDOWN)
    walk = tmp_path / "tiny.toml"
    walk.write_text(WALK.format(warmup=tmp_path / "warm.toml", cooldown=tmp_path / "cool.toml"))
    return walk


def one_round_walk(tmp_path: Path) -> Path:
    """One fast and one slow interval, no warm-up or cool-down."""
    walk = tmp_path / "w.toml"
    walk.write_text(WALK.format(warmup="none", cooldown="none").replace("rounds = 2", "rounds = 1"))
    return walk


def start_walk(walktimer_cmd: list[str], walk: Path, xdg: Xdg) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*walktimer_cmd, "run", str(walk), "--plain", "--no-prompts", "--audio", "none"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=xdg.env(),
    )


def test_plain_walk_prints_each_phase_on_time_and_saves_a_completed_summary(
    tmp_path: Path, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    walk = tiny_walk(tmp_path)
    process = start_walk(walktimer_cmd, walk, xdg)
    assert process.stdout is not None
    arrivals: list[tuple[float, str]] = []
    for line in process.stdout:
        arrivals.append((time.monotonic(), line.rstrip("\n")))
    assert process.wait(timeout=30) == 0, process.stderr.read() if process.stderr else ""

    assert [line for _, line in arrivals] == EXPECTED
    first = arrivals[0][0]
    for arrived, line in arrivals:
        minutes, seconds = line[:5].split(":")
        planned = int(minutes) * 60 + int(seconds)
        assert abs((arrived - first) - planned) < 0.1, f"{line!r} came {arrived - first:.3f}s in"

    saved = list(xdg.sessions.glob("*.toml"))
    assert len(saved) == 1
    assert saved[0].name.split("-", 1)[1].startswith("tiny-")
    summary = tomllib.loads(saved[0].read_text())
    assert summary["status"] == "completed"
    assert (summary["rounds_planned"], summary["rounds_completed"]) == (2, 2)
    assert summary["planned_seconds"] == 9
    assert [p["kind"] for p in summary["phases"]] == [
        "warmup",
        "fast",
        "slow",
        "fast",
        "slow",
        "cooldown",
        "cooldown",
    ]
    assert all(not p["skipped"] for p in summary["phases"])
    assert abs(summary["active_seconds"] - 9.0) < 0.01
    assert summary["fast_seconds"] == 2.0 and summary["slow_seconds"] == 4.0
    assert "pain_before" not in summary
    assert xdg.checkpoint_files() == []


def test_plain_walk_asks_pain_before_and_after_on_stdin_without_no_prompts(
    tmp_path: Path, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    walk = one_round_walk(tmp_path)
    result = subprocess.run(
        [*walktimer_cmd, "run", str(walk), "--plain", "--audio", "none"],
        input="4\n11\n6\n5\nFelt looser.\n",
        capture_output=True,
        text=True,
        env=xdg.env(),
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "whole number from 0 to 10" in result.stderr  # 11 was refused and asked again
    assert "worse after this walk" in result.stderr  # pain rose from 4 to 6
    summary = tomllib.loads(next(xdg.sessions.glob("*.toml")).read_text())
    assert (summary["pain_before"], summary["pain_after"], summary["effort"]) == (4, 6, 5)
    assert summary["notes"] == "Felt looser."


def test_interrupt_stops_the_walk_and_saves_it_as_stopped(
    tmp_path: Path, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    walk = tiny_walk(tmp_path)
    process = start_walk(walktimer_cmd, walk, xdg)
    assert process.stdout is not None
    assert process.stdout.readline().startswith("00:00 WARMUP")
    assert process.stdout.readline().startswith("00:01 FAST")
    process.send_signal(2)  # SIGINT, as Ctrl-C sends
    assert process.wait(timeout=10) == 0
    summary = tomllib.loads(next(xdg.sessions.glob("*.toml")).read_text())
    assert (summary["status"], summary["stop_reason"]) == ("stopped", "user")
    assert [p["kind"] for p in summary["phases"]] == ["warmup", "fast"]


def test_sigterm_during_the_last_questions_saves_the_answers_given_so_far(
    tmp_path: Path, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    walk = one_round_walk(tmp_path)
    process = subprocess.Popen(
        [*walktimer_cmd, "run", str(walk), "--plain", "--audio", "none"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=xdg.env(),
    )
    assert process.stdin is not None and process.stderr is not None
    process.stdin.write("4\n3\n")  # pain before, then pain after once the walk is done
    process.stdin.flush()
    seen = ""
    while "How hard was it" not in seen:
        chunk = process.stderr.read(1)
        assert chunk, f"walktimer ended before asking for the effort:\n{seen}"
        seen += chunk
    process.terminate()
    assert process.wait(timeout=10) == 0
    summary = tomllib.loads(next(xdg.sessions.glob("*.toml")).read_text())
    assert summary["status"] == "completed"
    assert (summary["pain_before"], summary["pain_after"]) == (4, 3)
    assert "effort" not in summary

"""A whole walk on a phone without a phone: the real program under Termux, its Termux:API
programs stand-ins that record when and how they ran (tests/termux.py).

A walk's lines are timed by the wall clock as they arrive (`alsa.Walk`, `time.time()`), and the
stand-ins by `date +%s.%N`: the same clock, so a pulse is measured from its phase's line."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from tests import termux
from tests.conftest import Xdg
from tests.e2e import alsa
from tests.e2e.conftest import Terminal, env_for
from tests.e2e.test_control import control, summaries
from tests.termux import HANG, PROGRAMS, Call, phone_env, wait_for_calls

pytestmark = pytest.mark.e2e

WALKTIMER = [sys.executable, "-m", "walktimer"]
SHORT = ("--fast", "2", "--slow", "2", "--rounds", "2")
ONLY_INTERVALS = ("--warmup", "none", "--cooldown", "none")
ON_TIME = 0.1  # a pattern's first pulse after its phase's line, at most (either way)
VIBRATE, NOTIFY = "termux-vibrate", "termux-notification"
LOCK, UNLOCK, REMOVE = "termux-wake-lock", "termux-wake-unlock", "termux-notification-remove"
COMPANION = (LOCK, UNLOCK, NOTIFY, REMOVE)  # the walk's own, beside its cues
TERMUX_TOOLS = (LOCK, UNLOCK)  # Termux's own: on every phone, with Termux:API or without
# Android slow to answer the unlock: a walk that does not wait for the phone before it exits
# never lets go of the wake lock, nor removes its notification.
SLOW_UNLOCK = {UNLOCK: f"{HANG.split()[0]} 2.5"}
INTERVAL_LINES = [
    "00:00 FAST Brisk walk, round 1/2 (0:02)",
    "00:02 SLOW Easy walk, round 1/2 (0:02)",
    "00:04 FAST Brisk walk, round 2/2 (0:02)",
    "00:06 SLOW Easy walk, round 2/2 (0:02)",
    "00:08 DONE",
]
WARMUP = """kind = "warmup"
name = "Phone warm-up"
[[steps]]
name = "March"
seconds = 1
[[steps]]
name = "Stride"
seconds = 2
"""
COOLDOWN = """kind = "cooldown"
name = "Phone cool-down"
[[steps]]
name = "Hamstring"
seconds = 1
sides = true
"""
# The pulses felt from each line on (seconds after it, milliseconds long): a step one of
# 300 ms, fast two of 150 ms, slow one of 600 ms, done three of 300 ms, each with a rest as
# long as itself; a 60 ms pip at each of the last three seconds before a change to or from an
# interval (in phases of 2 s, only the last).
FAST = [(0.0, 150), (0.3, 150), (1.0, 60)]
SLOW = [(0.0, 600), (1.0, 60)]
FELT = [
    ("00:00 WARMUP March (0:01)", [(0.0, 300)]),
    ("00:01 WARMUP Stride (0:02)", [(0.0, 300), (1.0, 60)]),
    ("00:03 FAST Brisk walk, round 1/2 (0:02)", FAST),
    ("00:05 SLOW Easy walk, round 1/2 (0:02)", SLOW),
    ("00:07 FAST Brisk walk, round 2/2 (0:02)", FAST),
    ("00:09 SLOW Easy walk, round 2/2 (0:02)", SLOW),
    ("00:11 COOLDOWN Hamstring, left side (0:01)", [(0.0, 300)]),
    ("00:12 COOLDOWN Hamstring, right side (0:01)", [(0.0, 300)]),
    ("00:13 DONE", [(0.0, 300), (0.6, 300), (1.2, 300)]),
]


class Phone(termux.Phone):
    """The stand-ins, and the environment in which walktimer finds them under Termux."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        super().__init__(folder)
        self.env = phone_env(env, folder)


def install(
    tmp_path: Path,
    env: dict[str, str],
    programs: tuple[str, ...] = PROGRAMS,
    then: dict[str, str] | None = None,
) -> Phone:
    phone = Phone(tmp_path / "termux-bin", env)
    phone.install(programs, then)
    return phone


@pytest.fixture
def phone(tmp_path: Path, xdg: Xdg) -> Phone:
    """Termux with Termux:API, for a walk run with `phone.env`."""
    return install(tmp_path, xdg.env())


def plain(*options: str) -> list[str]:
    """classic-30-30 in plain mode, short, asking nothing, with the sound Termux gives."""
    return [*WALKTIMER, "run", "classic-30-30", "--plain", "--no-prompts", *SHORT, *options]


def walking(phone: Phone, tmp_path: Path, *options: str) -> alsa.Walk:
    return alsa.Walk(plain(*options), phone.env, tmp_path / "walk.err", timeout=90)


def texts(walk: alsa.Walk) -> list[str]:
    return [text for _, text in walk.lines]


def option(call: Call, name: str) -> str:
    """The value given to `name` in a run of termux-notification."""
    return call.argv[call.argv.index(name) + 1]


def run_action(action: str, home: Path, phone: Phone) -> subprocess.CompletedProcess[str]:
    """A notification button's action as Termux runs it: a shell command line, in the
    environment of Termux's own (none of the walk's folders: the action must carry them)."""
    home.mkdir(exist_ok=True)
    env = phone_env({"PATH": os.defpath, "HOME": str(home), "LANG": "C.UTF-8"}, phone.folder)
    return subprocess.run(
        ["/bin/sh", "-c", action], capture_output=True, text=True, env=env, timeout=20, check=False
    )


def wait_until(found: Callable[[], bool], what: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not found():
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.02)


def ends_at_minutes(since: float, seconds: float) -> set[str]:
    """The `HH:MM` a walk with `seconds` left at `since` (wall clock) ends at, give or take the
    second a notification may take to be made."""
    return {
        datetime.fromtimestamp(since + seconds + slack).strftime("%H:%M") for slack in (-1, 0, 1)
    }


# --- the cues, felt -----------------------------------------------------------------------


def test_each_phase_line_is_felt_at_once_as_its_own_pattern_of_pulses(
    tmp_path: Path, xdg: Xdg, phone: Phone
) -> None:
    xdg.presets.mkdir(parents=True)
    (xdg.presets / "phone-warm.toml").write_text(WARMUP)
    (xdg.presets / "phone-cool.toml").write_text(COOLDOWN)
    with walking(phone, tmp_path, "--warmup", "phone-warm", "--cooldown", "phone-cool") as walk:
        stderr = walk.finish()
        lines = list(walk.lines)
    assert [text for _, text in lines] == [text for text, _ in FELT], stderr

    expected = [
        (arrived + after, ms)
        for (arrived, _), (_, pattern) in zip(lines, FELT, strict=True)
        for after, ms in pattern
    ]
    felt = phone.calls(VIBRATE)
    assert [call.argv for call in felt] == [("-f", "-d", str(ms)) for _, ms in expected]
    late = [
        (f"{call.argv[-1]} ms", round(call.at - due, 3))
        for call, (due, _) in zip(felt, expected, strict=True)
        if abs(call.at - due) > ON_TIME
    ]
    assert late == [], "pulses off their moment by more than 0.1 s (pulse, seconds late)"


# --- the wake lock and the notification -------------------------------------------------


def test_a_walk_keeps_the_phone_awake_and_shows_each_phase_in_a_notification_with_its_buttons(
    tmp_path: Path, xdg: Xdg
) -> None:
    phone = install(tmp_path, xdg.env(), then=SLOW_UNLOCK)
    with walking(phone, tmp_path, *ONLY_INTERVALS) as walk:
        stderr = walk.finish()
        lines = list(walk.lines)
        ended = phone.calls(*COMPANION)  # read as soon as it exits: nothing may come later
    assert [text for _, text in lines] == INTERVAL_LINES, stderr
    (first, _), (done, _) = lines[0], lines[-1]

    assert [call.program for call in ended] == [
        LOCK,
        NOTIFY,
        NOTIFY,
        NOTIFY,
        NOTIFY,
        UNLOCK,
        REMOVE,
    ]
    lock, *shown, unlock, remove = ended
    assert lock.argv == () and unlock.argv == () and remove.argv == ("walktimer",)
    # Asked for before the first line is printed; run, as every phone command, on a thread of
    # its own, so the stand-in records it a few milliseconds after the line, never later.
    assert lock.at < first + ON_TIME, "the wake lock is taken as the walk starts"
    assert done <= unlock.at <= remove.at, "let go of once the walk is done, never before"

    buttons = [*WALKTIMER, "control"]
    for call, (arrived, text), left in zip(shown, lines[:-1], (8, 6, 4, 2), strict=True):
        kind, round_ = text.split()[1], text.split()[-2].rstrip(")")
        assert call.argv[:4] == ("--id", "walktimer", "--ongoing", "--alert-once")
        assert option(call, "--title") == "Classic 30/30"
        content = option(call, "--content")
        match = re.fullmatch(rf"{kind} · round {round_} · ends (\d\d:\d\d)", content)
        assert match is not None, content
        assert match[1] in ends_at_minutes(arrived, left), content
        assert (option(call, "--button1"), option(call, "--button2")) == ("Pause", "Skip")
        assert option(call, "--button1-action").endswith(shlex.join([*buttons, "toggle"]))
        assert option(call, "--button2-action").endswith(shlex.join([*buttons, "skip"]))
        assert arrived - ON_TIME <= call.at < arrived + 1, f"{content!r} not at {text!r}"


def test_pause_and_resume_from_afar_each_update_the_notification(
    tmp_path: Path, phone: Phone
) -> None:
    with walking(phone, tmp_path, *ONLY_INTERVALS) as walk:
        walk.wait_line(lambda line: line.startswith("00:00 FAST"), "the first interval")
        wait_for_calls(phone.log, NOTIFY, 1)
        paused = control(phone.env, "pause", "--json")
        assert paused.returncode == 0, paused.stderr
        at = json.loads(paused.stdout)  # where it paused: the first interval, unless late
        wait_until(
            lambda: any(option(c, "--content").endswith("paused") for c in phone.calls(NOTIFY)),
            "the notification of the pause",
        )
        assert control(phone.env, "resume").returncode == 0
        stderr = walk.finish()
        lines = texts(walk)
    assert lines == INTERVAL_LINES, stderr
    shown = phone.calls(NOTIFY)
    assert len(shown) == len(lines) - 1 + 2  # each phase, the pause and the going on
    assert all(call.argv[:3] == ("--id", "walktimer", "--ongoing") for call in shown)
    contents = [option(call, "--content") for call in shown]
    where = f"{at['kind'].upper()} · round {at['round']}/2"
    pause = contents.index(f"{where} · paused")
    assert contents[pause - 1].startswith(f"{where} · ends "), contents
    assert re.fullmatch(rf"{where} · ends \d\d:\d\d", contents[pause + 1]), contents
    buttons = [option(call, "--button1") for call in shown]
    assert buttons == ["Resume" if n == pause else "Pause" for n in range(len(shown))]
    assert phone.programs(LOCK, UNLOCK, REMOVE) == [LOCK, UNLOCK, REMOVE]


def test_the_notification_buttons_run_by_a_shell_skip_and_pause_the_walk(
    tmp_path: Path, phone: Phone, xdg: Xdg
) -> None:
    """Each button's action is a command line that Termux runs with `sh -c` in its own
    environment; each interval is a minute long, so only a skip ends one in seconds."""
    argv = [*plain(*ONLY_INTERVALS)]
    argv[argv.index("--fast") + 1] = argv[argv.index("--slow") + 1] = "60"
    home = tmp_path / "termux-home"
    with alsa.Walk(argv, phone.env, tmp_path / "walk.err", timeout=90) as walk:
        walk.wait_line(lambda line: line.startswith("00:00 FAST"), "the first interval")
        [fast] = wait_for_calls(phone.log, NOTIFY, 1)
        pressed = time.time()
        skipped = run_action(option(fast, "--button2-action"), home, phone)
        assert (skipped.returncode, skipped.stdout, skipped.stderr) == (0, "", "")
        slow_at = walk.wait_line(lambda line: " SLOW " in line, "the slow interval", 10)
        assert slow_at - pressed < 10, "the skip came when the interval ended by itself"

        slow = wait_for_calls(phone.log, NOTIFY, 2)[-1]
        assert option(slow, "--content").startswith("SLOW · round 1/2")
        paused = run_action(option(slow, "--button1-action"), home, phone)
        assert (paused.returncode, paused.stderr) == (0, ""), paused.stderr
        told = control(phone.env, "status")
        assert told.returncode == 0 and told.stdout.endswith(" (paused)\n"), told.stdout
        assert control(phone.env, "stop").returncode == 0
        stderr = walk.finish()
        lines = texts(walk)
    assert [line.split()[1] for line in lines] == ["FAST", "SLOW"], stderr
    [saved] = summaries(xdg)
    assert saved["phases"][0]["skipped"] is True
    assert saved["paused_seconds"] > 0


# --- every way a walk ends lets go of the phone once -----------------------------------


def test_a_walk_stopped_from_afar_lets_go_of_the_phone_once(tmp_path: Path, phone: Phone) -> None:
    with walking(phone, tmp_path, *ONLY_INTERVALS) as walk:
        walk.wait_line(lambda line: line.startswith("00:00 FAST"), "the first interval")
        assert control(phone.env, "stop").returncode == 0
        stderr = walk.finish()
        ended = phone.programs(LOCK, UNLOCK, REMOVE, NOTIFY)
    assert "Stopped." in stderr
    assert ended[0] == LOCK and ended[-2:] == [UNLOCK, REMOVE], ended
    assert (ended.count(LOCK), ended.count(UNLOCK), ended.count(REMOVE)) == (1, 1, 1)


def test_a_killed_walk_is_let_go_of_by_the_next_command_and_only_once(
    tmp_path: Path, phone: Phone, xdg: Xdg
) -> None:
    with walking(phone, tmp_path, *ONLY_INTERVALS) as walk:
        walk.wait_line(lambda line: line.startswith("00:00 FAST"), "the first interval")
        wait_for_calls(phone.log, NOTIFY, 1)
        walk.process.send_signal(signal.SIGKILL)
        walk.process.wait(10)
    assert phone.programs(LOCK, UNLOCK, REMOVE) == [LOCK], "a killed walk cannot let go"

    def history() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*WALKTIMER, "history"],
            capture_output=True,
            text=True,
            env=phone.env,
            timeout=30,
            check=False,
        )

    recovered = history()
    assert recovered.returncode == 0, recovered.stderr
    assert [s["status"] for s in summaries(xdg)] == ["interrupted"]
    released = phone.calls(LOCK, UNLOCK, REMOVE)
    assert [(call.program, call.argv) for call in released] == [
        (LOCK, ()),
        (UNLOCK, ()),
        (REMOVE, ("walktimer",)),
    ]
    again = history()
    assert again.returncode == 0, again.stderr
    assert phone.calls(LOCK, UNLOCK, REMOVE) == released


# --- the app ------------------------------------------------------------------------------


def test_the_app_keeps_the_phone_awake_shows_each_phase_and_lets_go_before_it_exits(
    terminal: Terminal, tmp_path: Path, xdg: Xdg
) -> None:
    phone = install(tmp_path, env_for(xdg), then=SLOW_UNLOCK)
    command = [*WALKTIMER, "run", "classic-30-30", "--no-prompts", *ONLY_INTERVALS]
    command += ["--fast", "2", "--slow", "2", "--rounds", "1"]
    terminal.start(command, phone.env)
    terminal.wait_for(lambda s: "Brisk walk" in s, "the fast interval")
    ended = terminal.wait_for(lambda s: "EXIT=" in s, "the end of the walk", timeout=30)
    found = phone.calls(*COMPANION)  # the moment the app is gone: nothing may come later
    assert "EXIT=0" in ended, ended
    assert [call.program for call in found] == [LOCK, NOTIFY, NOTIFY, UNLOCK, REMOVE]
    contents = [option(call, "--content") for call in found if call.program == NOTIFY]
    assert [content.rsplit(" · ", 1)[0] for content in contents] == [
        "FAST · round 1/1",
        "SLOW · round 1/1",
    ]
    assert found[-1].argv == ("walktimer",)


# --- a phone without Termux:API -----------------------------------------------------------


def test_without_termux_api_the_walk_says_so_once_and_still_keeps_the_phone_awake(
    tmp_path: Path, xdg: Xdg
) -> None:
    """termux-wake-lock and termux-wake-unlock come with Termux itself (termux-tools); the
    notification and the vibration with Termux:API. Without it: one line, and the wake lock
    taken and let go of all the same."""
    phone = install(tmp_path, xdg.env(), programs=(*TERMUX_TOOLS, "termux-media-player"))
    with walking(phone, tmp_path, *ONLY_INTERVALS) as walk:
        stderr = walk.finish()  # exit 0
        lines = texts(walk)
    assert lines == INTERVAL_LINES
    told = [line for line in stderr.splitlines() if "Termux:API" in line]
    assert told == [
        "walktimer: phone: Termux:API not found (install Termux:API: pkg install termux-api, "
        "and the Termux:API app); the walk goes on without vibration and the notification"
    ], stderr
    assert "Traceback" not in stderr
    ran = phone.programs()
    assert set(ran) == {LOCK, UNLOCK, "termux-media-player"}, ran
    assert phone.programs(LOCK, UNLOCK) == [LOCK, UNLOCK]


# --- two walks, one phone -----------------------------------------------------------------


def test_a_second_walk_at_once_leaves_the_first_walks_wake_lock_and_notification_alone(
    tmp_path: Path, xdg: Xdg, phone: Phone
) -> None:
    """The wake lock and the notification are one for all of Termux: a second walk started
    while the first runs says so in one line and does nothing on the phone, so its end lets
    go of nothing; the first walk's end does."""
    argv = plain(*ONLY_INTERVALS)
    argv[argv.index("--fast") + 1] = "60"
    with alsa.Walk(argv, phone.env, tmp_path / "first.err", timeout=90) as first:
        first.wait_line(lambda line: line.startswith("00:00 FAST"), "the first interval")
        wait_for_calls(phone.log, NOTIFY, 1)
        second = subprocess.run(
            plain(*ONLY_INTERVALS, "--audio", "none"),
            capture_output=True,
            text=True,
            env=phone.env,
            timeout=60,
            check=False,
        )
        assert second.returncode == 0, second.stderr
        assert second.stdout.splitlines() == INTERVAL_LINES
        told = [line for line in second.stderr.splitlines() if "phone:" in line]
        assert told == [
            "walktimer: phone: another walk has the notification and the wake lock; this one "
            "leaves them be"
        ], second.stderr
        time.sleep(0.5)  # anything the second walk would have run on its way out has run
        assert phone.programs(*COMPANION) == [LOCK, NOTIFY], "the second walk touched the phone"
        assert control(phone.env, "stop").returncode == 0
        stderr = first.finish()
    assert "phone:" not in stderr, stderr
    ended = phone.programs(*COMPANION)
    assert ended[0] == LOCK and ended[-2:] == [UNLOCK, REMOVE], ended
    assert (ended.count(LOCK), ended.count(UNLOCK), ended.count(REMOVE)) == (1, 1, 1)

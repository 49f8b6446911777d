"""The phone beside a walk: its wake lock and its notification, never holding up the walk.

The Termux:API programs are stand-ins (`tests/termux.py`) that record how they were run."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

import pytest

from tests.fakes import FakeClock, RecordingPlayer
from tests.processes import left_behind
from tests.termux import HANG, PROGRAMS, Call, calls, fake_termux, wait_for_calls
from walktimer.domain.plan import Phase, PhaseKind, Plan
from walktimer.domain.words import CONTROL_MARK
from walktimer.phone import (
    TermuxCompanion,
    notification_command,
    notification_content,
    release_left_over,
    under_termux,
)
from walktimer.walk import WalkRun, WalkView

NOTIFY = "termux-notification"
CONTROL = ("env", "XDG_RUNTIME_DIR=/run/user/10123", sys.executable, "-m", "walktimer", "control")
RELEASE = [
    ("termux-notification-remove", ("walktimer",)),
    ("termux-wake-unlock", ()),
]


class Phone:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.log = folder.parent / "termux.log"

    def install(
        self, programs: Iterable[str] = PROGRAMS, then: Mapping[str, str] | None = None
    ) -> Phone:
        fake_termux(self.folder, self.log, programs=programs, then=then)
        return self

    def calls(self) -> list[Call]:
        return calls(self.log)

    def runs(self) -> list[tuple[str, tuple[str, ...]]]:
        return [(call.program, call.argv) for call in self.calls()]

    def programs(self) -> list[str]:
        return [call.program for call in self.calls()]


@pytest.fixture
def phone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Phone:
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("TERMUX_VERSION", "0.118.1")
    return Phone(folder)


def tiny_plan(name: str = "Tiny walk") -> Plan:
    phases = [
        Phase(PhaseKind.WARMUP, "March", 10, step=1, steps=1, step_name="March"),
        Phase(PhaseKind.FAST, "Brisk walk", 10, round=1),
        Phase(PhaseKind.SLOW, "Easy walk", 10, round=1),
        Phase(PhaseKind.FAST, "Brisk walk", 10, round=2),
        Phase(PhaseKind.SLOW, "Easy walk", 10, round=2),
        Phase(PhaseKind.COOLDOWN, "Knee to chest, left side", 10, step=1, steps=1, side="left"),
    ]
    placed = tuple(replace(phase, start=10 * i) for i, phase in enumerate(phases))
    return Plan("tiny", name, "march", "knee", 2, 10, 10, placed)


def walk(
    tmp_path: Path, companion: TermuxCompanion | None = None, plan: Plan | None = None
) -> tuple[WalkRun, FakeClock]:
    clock = FakeClock()
    run = WalkRun(
        plan or tiny_plan(),
        player=RecordingPlayer(),
        sessions_dir=tmp_path / "sessions",
        checkpoint_dir=None,
        clock=clock,
        wall=clock.wall,
        companion=companion,
    )
    return run, clock


def view_at(tmp_path: Path, seconds: float, *, paused: bool = False, name: str = "") -> WalkView:
    """The tiny walk `seconds` in (09:30 at its start), paused there if asked."""
    run, clock = walk(tmp_path, plan=tiny_plan(name) if name else None)
    run.start()
    clock.advance(seconds)
    run.pump()
    if paused:
        run.pause()
    return run.view()


def test_the_notification_says_the_phase_its_round_or_step_and_when_the_walk_ends(
    tmp_path: Path,
) -> None:
    assert notification_content(view_at(tmp_path, 0)) == "WARM-UP · March · ends 09:31"
    assert notification_content(view_at(tmp_path, 12)) == "FAST · round 1/2 · ends 09:31"
    assert notification_content(view_at(tmp_path, 31)) == "FAST · round 2/2 · ends 09:31"
    assert (
        notification_content(view_at(tmp_path, 55))
        == "COOL-DOWN · Knee to chest, left side · ends 09:31"
    )


def test_while_paused_the_notification_says_so_and_its_first_button_resumes(
    tmp_path: Path,
) -> None:
    going, paused = view_at(tmp_path, 12), view_at(tmp_path, 12, paused=True)
    assert notification_content(paused) == "FAST · round 1/2 · paused"
    command = notification_command(going, CONTROL)
    assert command[:9] == [
        NOTIFY,
        "--id",
        "walktimer",
        "--ongoing",
        "--alert-once",
        "--title",
        "Tiny walk",
        "--content",
        "FAST · round 1/2 · ends 09:31",
    ]
    assert command[9:11] == ["--button1", "Pause"]
    assert notification_command(paused, CONTROL)[9:11] == ["--button1", "Resume"]
    assert command[13:15] == ["--button2", "Skip"]


def test_text_from_a_preset_reaches_the_notification_without_controls_and_cut_short(
    tmp_path: Path,
) -> None:
    hostile = "Evil\x1b]52;c;SGVsbG8=\x07 walk\n" + "x" * 500
    command = notification_command(view_at(tmp_path, 0, name=hostile), CONTROL)
    title = command[command.index("--title") + 1]
    assert title.startswith(f"Evil{CONTROL_MARK}]52;c;SGVsbG8={CONTROL_MARK} walk{CONTROL_MARK}")
    assert len(title) <= 80 and title.endswith("…")
    assert all(ord(char) >= 0x20 for part in command for char in part)


def test_the_buttons_reach_the_control_command_whatever_the_shell_makes_of_it(
    tmp_path: Path, phone: Phone
) -> None:
    """Termux runs a button's action through a shell: a folder with a space or a quote in
    its name, or a `$`, still reaches `walktimer control` as the very same arguments."""
    odd = tmp_path / "it's a $HOME; (folder)"
    fake_termux(odd, phone.log, programs=["walktimer-control"])
    control = ["env", f"XDG_STATE_HOME={odd}", str(odd / "walktimer-control"), "control"]
    command = notification_command(view_at(tmp_path, 12), control)
    toggle = command[command.index("--button1-action") + 1]
    skip = command[command.index("--button2-action") + 1]
    assert shlex.split(toggle) == [*control, "toggle"]
    for action in (toggle, skip):
        subprocess.run(["/bin/sh", "-c", action], check=True, env={"PATH": os.defpath})
    assert [call.argv for call in calls(phone.log)] == [("control", "toggle"), ("control", "skip")]


def test_a_walk_takes_the_wake_lock_shows_each_change_and_lets_go_once_at_its_end(
    tmp_path: Path, phone: Phone
) -> None:
    phone.install()
    told: list[str] = []
    companion = TermuxCompanion(CONTROL, notify=told.append)
    run, clock = walk(tmp_path, companion)
    run.start()
    shown = 1  # the first phase
    wait_for_calls(phone.log, NOTIFY, shown)
    for _ in range(3):  # warm-up to fast, to slow, to fast
        clock.advance(10)
        run.pump()
        shown += 1
        wait_for_calls(phone.log, NOTIFY, shown)
    run.pause()
    wait_for_calls(phone.log, NOTIFY, shown + 1)
    clock.advance(100)  # a long pause: no notification while nothing changes
    run.pump()
    run.resume()
    wait_for_calls(phone.log, NOTIFY, shown + 2)
    run.stop()  # `walktimer control stop`, say
    run.save()
    companion.close()
    programs = phone.programs()
    assert programs[0] == "termux-wake-lock"
    assert programs[1:-2] == [NOTIFY] * (shown + 2)
    assert phone.runs()[-2:] == RELEASE
    contents = [call.argv[call.argv.index("--content") + 1] for call in phone.calls()[1:-2]]
    assert contents == [
        "WARM-UP · March · ends 09:31",
        "FAST · round 1/2 · ends 09:31",
        "SLOW · round 1/2 · ends 09:31",
        "FAST · round 2/2 · ends 09:31",
        "FAST · round 2/2 · paused",
        "FAST · round 2/2 · ends 09:32",  # 100 s later
    ]
    assert told == []


def test_a_notification_not_shown_yet_gives_way_to_a_newer_one(
    phone: Phone, tmp_path: Path
) -> None:
    phone.install(then={"termux-wake-lock": f"{HANG.split()[0]} 0.4"})  # a slow first answer
    companion = TermuxCompanion(CONTROL, notify=print)
    companion.begin()
    for seconds in (0, 12, 22, 31):
        companion.changed(view_at(tmp_path, seconds))
    companion.end()
    companion.changed(view_at(tmp_path, 41))  # too late: the walk is over
    companion.begin()  # and once is enough
    companion.close()
    assert phone.programs() == [
        "termux-wake-lock",
        "termux-notification-remove",
        "termux-wake-unlock",
    ]


def test_a_command_that_never_answers_is_ended_told_once_and_the_lock_is_still_let_go(
    phone: Phone, tmp_path: Path
) -> None:
    phone.install(then={NOTIFY: HANG})
    told: list[str] = []
    companion = TermuxCompanion(CONTROL, notify=told.append, timeout=0.3)
    view = view_at(tmp_path, 0)
    started = time.monotonic()
    companion.begin()
    companion.changed(view)
    assert time.monotonic() - started < 0.1  # none of it waits for the phone
    wait_for_calls(phone.log, NOTIFY, 1)  # the notification is under way, and hangs
    started = time.monotonic()
    companion.end()
    assert time.monotonic() - started < 0.1
    companion.close()
    assert phone.programs() == [
        "termux-wake-lock",
        NOTIFY,
        "termux-notification-remove",
        "termux-wake-unlock",
    ]
    assert told == [
        "phone: termux-notification did not finish within 0.3 s (install Termux:API: pkg "
        "install termux-api, and the Termux:API app); the walk goes on without the notification "
        "and the wake lock"
    ]
    assert left_behind(str(phone.folder)) == []


def test_without_termux_api_the_walk_goes_on_and_is_told_once(phone: Phone, tmp_path: Path) -> None:
    told: list[str] = []
    companion = TermuxCompanion(CONTROL, notify=told.append)
    run, clock = walk(tmp_path, companion)
    run.start()
    clock.advance(60)
    run.pump()
    companion.close()
    assert not run.active and run.summary().status == "completed"
    assert told == [
        "phone: termux-wake-lock not found (install Termux:API: pkg install termux-api, and "
        "the Termux:API app); the walk goes on without the notification and the wake lock"
    ]


def test_closing_is_bounded_whatever_the_phone_does(phone: Phone) -> None:
    phone.install(then={"termux-notification-remove": HANG})
    companion = TermuxCompanion(CONTROL, notify=print, timeout=5.0)
    companion.begin()
    companion.end()
    started = time.monotonic()
    companion.close(0.5)
    assert time.monotonic() - started < 1.0


def test_what_a_walk_found_dead_left_on_the_phone_is_released_before_returning(
    phone: Phone,
) -> None:
    phone.install()
    told: list[str] = []
    release_left_over(told.append)
    assert phone.runs() == RELEASE and told == []


def test_releasing_without_termux_api_is_told_once(phone: Phone) -> None:
    told: list[str] = []
    release_left_over(told.append)
    assert told == [
        "phone: termux-notification-remove not found (install Termux:API: pkg install "
        "termux-api, and the Termux:API app)"
    ]


def test_the_phone_is_known_by_termux_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERMUX_VERSION", "0.118.1")
    assert under_termux()
    monkeypatch.delenv("TERMUX_VERSION")
    assert not under_termux()

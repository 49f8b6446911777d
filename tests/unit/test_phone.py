"""The phone beside a walk: its wake lock and its notification, never holding up the walk.

The Termux:API programs are stand-ins (`tests/termux.py`) that record how they were run."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.fakes import FakeClock, RecordingPlayer
from tests.processes import left_behind
from tests.termux import HANG, Phone, fake_termux, wait_for_calls
from walktimer.domain.plan import Phase, PhaseKind, Plan
from walktimer.domain.words import CONTROL_MARK
from walktimer.phone import (
    TermuxCompanion,
    api_missing,
    notification_command,
    notification_content,
    release_left_over,
)
from walktimer.walk import WalkRun, WalkView

NOTIFY = "termux-notification"
LOCK, UNLOCK, REMOVE = "termux-wake-lock", "termux-wake-unlock", "termux-notification-remove"
TERMUX_TOOLS = (LOCK, UNLOCK)  # Termux's own: on every phone, with Termux:API or without
HINT = "install Termux:API: pkg install termux-api, and the Termux:API app"
ANOTHER_WALK = "phone: another walk has the notification and the wake lock; this one leaves them be"
CONTROL = ("env", "XDG_RUNTIME_DIR=/run/user/10123", sys.executable, "-m", "walktimer", "control")
RELEASE = [(UNLOCK, ()), (REMOVE, ("walktimer",))]  # the wake lock first: it matters most


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
    assert [call.argv for call in phone.calls()] == [("control", "toggle"), ("control", "skip")]


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
    phone.install(then={LOCK: f"{HANG.split()[0]} 0.4"})  # a slow first answer
    companion = TermuxCompanion(CONTROL, notify=print)
    companion.begin()
    for seconds in (0, 12, 22, 31):
        companion.changed(view_at(tmp_path, seconds))
    companion.end()
    companion.changed(view_at(tmp_path, 41))  # too late: the walk is over
    companion.begin()  # and once is enough
    companion.close()
    assert phone.programs() == [LOCK, UNLOCK, REMOVE]


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
    assert phone.programs() == [LOCK, NOTIFY, UNLOCK, REMOVE]
    assert told == [
        f"phone: termux-notification did not finish within 0.3 s ({HINT}); the walk goes on "
        "without the notification"
    ]
    assert left_behind(str(phone.folder)) == []


def test_a_wake_lock_that_fails_says_the_phone_may_sleep(phone: Phone) -> None:
    phone.install(then={LOCK: "echo 'termux-wake-lock: no Termux service' >&2; exit 1"})
    told: list[str] = []
    companion = TermuxCompanion(CONTROL, notify=told.append)
    companion.begin()
    companion.end()
    companion.close()
    assert told == [
        "phone: termux-wake-lock: no Termux service; the walk goes on, but the phone may sleep"
    ]
    assert phone.programs() == [LOCK, UNLOCK, REMOVE]


def test_without_termux_api_the_walk_still_keeps_the_phone_awake(
    phone: Phone, tmp_path: Path
) -> None:
    """The wake lock comes with Termux itself (termux-tools), the notification with Termux:API:
    without the latter, one line says so before the walk, and the walk keeps the phone awake
    and never tries a notification."""
    phone.install(TERMUX_TOOLS)
    assert api_missing() == (
        f"phone: Termux:API not found ({HINT}); the walk goes on without vibration and the "
        "notification"
    )
    told: list[str] = []
    companion = TermuxCompanion(CONTROL, notify=told.append, notifications=False)
    run, clock = walk(tmp_path, companion)
    run.start()
    clock.advance(60)
    run.pump()
    companion.close()
    assert not run.active and run.summary().status == "completed"
    assert phone.programs() == [LOCK, UNLOCK]
    assert told == []


def test_termux_api_is_missing_only_on_a_phone_without_its_notification(
    phone: Phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    phone.install([*TERMUX_TOOLS, NOTIFY])
    assert api_missing() is None
    monkeypatch.delenv("TERMUX_VERSION")
    (phone.folder / NOTIFY).unlink()
    assert api_missing() is None  # a laptop: nothing to say


def test_closing_is_bounded_whatever_the_phone_does_and_leaves_nothing_running(
    phone: Phone,
) -> None:
    """Android never answers the removal of the notification: closing waits its bounded time,
    then ends it; the wake lock, let go of first, was let go of all the same."""
    phone.install(then={REMOVE: HANG})
    companion = TermuxCompanion(CONTROL, notify=print, timeout=5.0)
    companion.begin()
    companion.end()
    wait_for_calls(phone.log, REMOVE, 1)
    started = time.monotonic()
    companion.close(0.5)
    assert time.monotonic() - started < 1.0
    assert phone.programs() == [LOCK, UNLOCK, REMOVE]
    assert left_behind(str(phone.folder)) == []


# --- two walks, one phone ----------------------------------------------------------------


def begin_within(companion: TermuxCompanion, seconds: float = 2.0) -> None:
    """`companion.begin()`, which must return at once, whatever it has to tell."""
    thread = threading.Thread(target=companion.begin, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "begin() never returned"


def test_a_second_walk_leaves_the_first_walks_wake_lock_and_notification_alone(
    phone: Phone, tmp_path: Path
) -> None:
    """The wake lock and the notification are one for all of Termux: a walk that started
    while another runs tells so, once, and does nothing on the phone, so its end never lets
    the first walk's phone sleep nor removes its notification."""
    phone.install()
    path = tmp_path / "run" / "walktimer" / "phone.lock"
    told_first: list[str] = []
    told_second: list[str] = []
    first = TermuxCompanion(CONTROL, notify=told_first.append, phone_lock=path)
    second = TermuxCompanion(CONTROL, notify=told_second.append, phone_lock=path)
    first.begin()
    first.changed(view_at(tmp_path, 12))
    wait_for_calls(phone.log, NOTIFY, 1)
    begin_within(second)
    second.changed(view_at(tmp_path, 31))
    second.end()
    second.close()
    assert told_second == [ANOTHER_WALK]
    assert phone.programs() == [LOCK, NOTIFY]  # the second walk did nothing on the phone
    first.changed(view_at(tmp_path, 22))
    wait_for_calls(phone.log, NOTIFY, 2)
    first.end()
    first.close()
    assert phone.programs() == [LOCK, NOTIFY, NOTIFY, UNLOCK, REMOVE]
    assert told_first == []

    third = TermuxCompanion(CONTROL, notify=print, phone_lock=path)  # once both have ended
    third.begin()
    third.end()
    third.close()
    assert phone.programs()[-3:] == [LOCK, UNLOCK, REMOVE]


def test_the_phone_is_held_until_the_last_command_that_lets_go_of_it_has_run(
    phone: Phone, tmp_path: Path
) -> None:
    """A walk begun while the one before is still letting go of the wake lock (Android slow
    to answer) must not take it: the unlock under way would undo it."""
    phone.install(then={UNLOCK: f"{HANG.split()[0]} 0.6"})
    path = tmp_path / "run" / "walktimer" / "phone.lock"
    first = TermuxCompanion(CONTROL, notify=print, phone_lock=path)
    first.begin()
    first.end()
    wait_for_calls(phone.log, UNLOCK, 1)  # under way
    told: list[str] = []
    meanwhile = TermuxCompanion(CONTROL, notify=told.append, phone_lock=path)
    begin_within(meanwhile)
    meanwhile.end()
    meanwhile.close()
    assert told == [ANOTHER_WALK]
    first.close()
    assert phone.programs() == [LOCK, UNLOCK, REMOVE]

    after = TermuxCompanion(CONTROL, notify=print, phone_lock=path)
    after.begin()
    after.close()
    assert phone.programs() == [LOCK, UNLOCK, REMOVE, LOCK]


def test_where_the_phone_cannot_be_locked_the_walk_keeps_it_awake_all_the_same(
    phone: Phone, tmp_path: Path
) -> None:
    phone.install()
    not_a_folder = tmp_path / "run"
    not_a_folder.write_text("a file where the socket's folder would be\n")
    told: list[str] = []
    companion = TermuxCompanion(CONTROL, notify=told.append, phone_lock=not_a_folder / "phone.lock")
    companion.begin()
    companion.end()
    companion.close()
    assert phone.programs() == [LOCK, UNLOCK, REMOVE] and told == []


# --- what a walk that died left behind ---------------------------------------------------


def test_what_a_walk_found_dead_left_on_the_phone_is_released_before_returning(
    phone: Phone,
) -> None:
    phone.install()
    told: list[str] = []
    release_left_over(told.append)
    assert phone.runs() == RELEASE and told == []


def test_releasing_without_termux_api_lets_go_of_the_wake_lock_and_tells_once(
    phone: Phone,
) -> None:
    phone.install(TERMUX_TOOLS)
    told: list[str] = []
    release_left_over(told.append)
    assert phone.runs() == [(UNLOCK, ())]
    assert told == []  # no notification could have been shown: nothing to say about one


def test_a_command_ended_by_closing_is_not_told_as_a_failure(phone: Phone) -> None:
    phone.install(then={REMOVE: HANG})
    told: list[str] = []
    companion = TermuxCompanion(CONTROL, notify=told.append, timeout=5.0)
    companion.begin()
    companion.end()
    wait_for_calls(phone.log, REMOVE, 1)
    companion.close(0.5)
    time.sleep(0.5)
    assert told == []

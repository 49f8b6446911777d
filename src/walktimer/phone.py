"""The phone beside a walk under Termux: a wake lock, and a notification with two buttons.

Android stops a process whose phone sleeps, so a walk takes Termux's wake lock when it starts
and lets it go when it ends; the walk's time is kept with the screen off. An ongoing
notification shows the phase and when the walk ends, updated at each change (never each
second), with buttons that pause or go on and skip: each runs `walktimer control ...`, which
reaches this walk's control socket.

Every Termux command is run without a shell, as a `Child` that is ended if it takes longer
than its timeout (without the Termux:API app, its commands wait for ever). They run in order on
one thread of the companion's, so the walk never waits for the phone; a notification not shown
yet when a newer one comes is dropped for it. A command that is missing or fails is told once,
and the walk goes on. The wake lock comes with Termux itself, the notification with Termux:API:
without the latter, the walk still keeps the phone awake.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from walktimer.audio.later import Later
from walktimer.audio.names import under_termux
from walktimer.audio.processes import Commands, run_bounded
from walktimer.domain.session import Status
from walktimer.domain.words import echo_text
from walktimer.storage.lock import take

if TYPE_CHECKING:
    from walktimer.walk import WalkView

__all__ = [
    "TermuxCompanion",
    "api_missing",
    "notification_command",
    "notification_content",
    "release_left_over",
]

NOTIFICATION_ID = "walktimer"
NOTIFY = "termux-notification"
WAKE_LOCK = ["termux-wake-lock"]
UNLOCK = ["termux-wake-unlock"]
REMOVE = ["termux-notification-remove", NOTIFICATION_ID]
RELEASE = (UNLOCK, REMOVE)  # the wake lock first: of the two, it must never be left held
LET_GO: list[str] = []  # not a command: the phone is left to the next walk
COMMAND_SECONDS = 4.0  # the longest one command may take: Android may have to start the app
CLOSE_SECONDS = 2 * COMMAND_SECONDS  # the lock let go, then the notification removed
SEPARATOR = " \N{MIDDLE DOT} "
HINT = "install Termux:API: pkg install termux-api, and the Termux:API app"
ANOTHER_WALK = "another walk has the notification and the wake lock; this one leaves them be"


def api_missing() -> str | None:
    """Under Termux without Termux:API's programs, the one line that says so (then none of
    them is run: each could only fail); None where they are installed, or off a phone."""
    if not under_termux() or shutil.which(NOTIFY) is not None:
        return None
    return (
        f"phone: Termux:API not found ({HINT}); the walk goes on without vibration and "
        "the notification"
    )


def notification_content(view: WalkView) -> str:
    """`FAST · round 3/10 · ends 07:52`; a step's own name in a warm-up or cool-down, and
    `paused` while paused (when the walk ends is not known then)."""
    state, plan = view.state, view.plan
    phase = state.phase or plan.phases[min(state.index, len(plan.phases) - 1)]
    if phase.round is not None:
        where = f"round {phase.round}/{plan.rounds}"
    else:
        where = echo_text(phase.name)
    when = "paused" if state.status is Status.PAUSED else f"ends {view.ends_at:%H:%M}"
    return SEPARATOR.join([phase.kind.word, where, when])


def notification_command(view: WalkView, control: Sequence[str]) -> list[str]:
    """The notification of the walk at `view`. A button's action is a command line that
    Termux runs through a shell: `control` (`walktimer control` as it must be run to reach
    this walk, its environment first), then the action, each word quoted for the shell."""
    paused = view.state.status is Status.PAUSED
    return [
        NOTIFY,
        "--id",
        NOTIFICATION_ID,
        "--ongoing",
        "--alert-once",  # an update at each change neither rings nor buzzes over the cue
        "--title",
        echo_text(view.plan.walk_name),
        "--content",
        notification_content(view),
        "--button1",
        "Resume" if paused else "Pause",
        "--button1-action",
        shlex.join([*control, "toggle"]),
        "--button2",
        "Skip",
        "--button2-action",
        shlex.join([*control, "skip"]),
    ]


def _is_notification(command: list[str]) -> bool:
    return command[0] == NOTIFY


class TermuxCompanion:
    """The phone's part in a walk (`walk.Companion`): each call returns at once."""

    def __init__(
        self,
        control: Sequence[str],
        *,
        notify: Callable[[str], None],
        phone_lock: Path | None = None,
        notifications: bool = True,
        timeout: float = COMMAND_SECONDS,
    ) -> None:
        """`control`: the command line of `walktimer control`, without the action, as the
        buttons run it. `notify` is told, once, of a command that is missing or fails (on the
        companion's own thread), or that another walk has the phone. `phone_lock`: the file
        whose lock a walk holds while it has the phone. `notifications=False`: the wake lock
        alone (Termux:API is not installed)."""
        self._control = tuple(control)
        self._notify = notify
        self._timeout = timeout
        self._phone_lock = phone_lock
        self._notifications = notifications
        self._runs = Commands()
        self._held: int | None = None  # the phone's lock, from the start until let go
        self._commands: Later[list[str]] = Later(self._run, name="walktimer-phone")
        self._lock = threading.Lock()  # held while a command is queued: none after the end
        self._begun = self._ended = self._told = False

    def begin(self) -> None:
        """Keep the phone awake for the walk, unless another walk has the phone already: the
        wake lock and the notification are one for all of Termux, and the walk that ends first
        would let go of the other's."""
        with self._lock:
            if self._begun or self._ended:
                return
            self._begun = True
            free = self._phone_lock is None or self._take_phone(self._phone_lock)
            if free:
                self._commands.add(WAKE_LOCK)
            else:
                self._ended = True
        if not free:
            self._tell(f"phone: {ANOTHER_WALK}")

    def changed(self, view: WalkView) -> None:
        """Show the walk as it is at `view`, in place of the notification before."""
        with self._lock:
            if self._ended or not self._notifications:
                return
            self._commands.add(
                notification_command(view, self._control), replacing=_is_notification
            )

    def end(self) -> None:
        """Let the phone sleep, then remove the notification; only the first call counts."""
        with self._lock:
            if self._ended:
                return
            self._ended = True
            if not self._begun:
                return
            self._commands.add(UNLOCK, replacing=_is_notification)  # it would only be removed
            if self._notifications:
                self._commands.add(REMOVE)
            self._commands.add(LET_GO)

    def close(self, timeout: float = CLOSE_SECONDS) -> None:
        """Wait until what was asked is done, at most `timeout` seconds; then nothing runs
        and a command still running is ended."""
        self._commands.close(timeout)
        with self._lock:
            self._told = True  # a command ended now has not failed: nothing more to tell
        self._runs.end()
        self._let_go()

    def _run(self, command: list[str]) -> None:
        if command is LET_GO:
            self._let_go()
            return
        problem = self._runs.run(command, self._timeout)
        if problem is None:
            return
        if command in (WAKE_LOCK, UNLOCK):
            self._tell(f"phone: {problem}; the walk goes on, but the phone may sleep")
        else:
            self._tell(f"phone: {problem} ({HINT}); the walk goes on without the notification")

    def _tell(self, line: str) -> None:
        """Tell the walker once; the commands after run whatever the teller does."""
        with self._lock:
            told, self._told = self._told, True
        if not told:
            with contextlib.suppress(Exception):
                self._notify(line)

    def _take_phone(self, path: Path) -> bool:
        """Whether this walk has the phone: False if another walk holds its lock. Where it
        cannot be locked at all, this walk has it (a wake lock held is better than none)."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._held = take(path)
        except OSError:
            return True
        return self._held is not None

    def _let_go(self) -> None:
        with self._lock:
            held, self._held = self._held, None
        if held is not None:
            os.close(held)


def release_left_over(notify: Callable[[str], None], *, timeout: float = COMMAND_SECONDS) -> None:
    """Let go of the wake lock and remove the notification of a walk that died without doing
    so (found by the next command's recovery). Waits for both, each at most `timeout` seconds;
    a problem is told once."""
    told = False
    for command in RELEASE if api_missing() is None else (UNLOCK,):
        problem = run_bounded(command, timeout)
        if problem is not None and not told:
            told = True
            notify(f"phone: {problem} ({HINT})")

"""The phone beside a walk under Termux: a wake lock, and a notification with two buttons.

Android stops a process whose phone sleeps, so a walk takes Termux's wake lock when it starts
and lets it go when it ends; the walk's time is kept with the screen off. An ongoing
notification shows the phase and when the walk ends, updated at each change (never each
second), with buttons that pause or go on and skip: each runs `walktimer control ...`, which
reaches this walk's control socket.

Every Termux:API command is run without a shell, as a `Child` that is ended if it takes longer
than its timeout (without the Termux:API app, they wait for ever). They run in order on one
thread of the companion's, so the walk never waits for the phone; a notification not shown yet
when a newer one comes is dropped for it. A command that is missing or fails is told once,
and the walk goes on.
"""

from __future__ import annotations

import contextlib
import shlex
import shutil
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from walktimer.audio.bell import Later
from walktimer.audio.names import under_termux
from walktimer.audio.termux import run_bounded
from walktimer.domain.session import Status
from walktimer.domain.words import echo_text

if TYPE_CHECKING:
    from walktimer.walk import WalkView

__all__ = [
    "TermuxCompanion",
    "api_missing",
    "notification_command",
    "notification_content",
    "release_left_over",
    "under_termux",
]

NOTIFICATION_ID = "walktimer"
NOTIFY = "termux-notification"
WAKE_LOCK = ["termux-wake-lock"]
RELEASE = (["termux-notification-remove", NOTIFICATION_ID], ["termux-wake-unlock"])
COMMAND_SECONDS = 4.0  # the longest one command may take: Android may have to start the app
CLOSE_SECONDS = 2 * COMMAND_SECONDS  # the notification removed, then the lock let go
SEPARATOR = " \N{MIDDLE DOT} "
HINT = "install Termux:API: pkg install termux-api, and the Termux:API app"
WITHOUT = "the walk goes on without the notification and the wake lock"


def api_missing() -> str | None:
    """Under Termux without Termux:API's programs, the one line that says so (then none of
    them is run: each could only fail); None where they are installed, or off a phone."""
    if not under_termux() or shutil.which(WAKE_LOCK[0]) is not None:
        return None
    return (
        f"phone: Termux:API not found ({HINT}); the walk goes on without vibration, "
        "the notification and the wake lock"
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
        timeout: float = COMMAND_SECONDS,
    ) -> None:
        """`control`: the command line of `walktimer control`, without the action, as the
        buttons run it. `notify` is told, once, of a Termux:API command that is missing or
        fails; it is called on the companion's own thread."""
        self._control = tuple(control)
        self._notify = notify
        self._timeout = timeout
        self._commands: Later[list[str]] = Later(self._run, name="walktimer-phone")
        self._lock = threading.Lock()  # held while a command is queued: none after the end
        self._begun = self._ended = self._told = False

    def begin(self) -> None:
        """Keep the phone awake for the walk."""
        with self._lock:
            if self._begun or self._ended:
                return
            self._begun = True
            self._commands.add(WAKE_LOCK)

    def changed(self, view: WalkView) -> None:
        """Show the walk as it is at `view`, in place of the notification before."""
        with self._lock:
            if self._ended:
                return
            self._commands.add(
                notification_command(view, self._control), replacing=_is_notification
            )

    def end(self) -> None:
        """Remove the notification, then let the phone sleep; only the first call counts."""
        with self._lock:
            if self._ended:
                return
            self._ended = True
            first, *rest = RELEASE
            self._commands.add(first, replacing=_is_notification)  # it would only be removed
            for command in rest:
                self._commands.add(command)

    def close(self, timeout: float = CLOSE_SECONDS) -> None:
        """Wait until what was asked is done, at most `timeout` seconds; nothing runs after."""
        self._commands.close(timeout)

    def _run(self, command: list[str]) -> None:
        problem = run_bounded(command, self._timeout)
        if problem is None:
            return
        with self._lock:
            told, self._told = self._told, True
        if not told:
            # The commands after this one (the wake lock let go) run whatever the teller does.
            with contextlib.suppress(Exception):
                self._notify(f"phone: {problem} ({HINT}); {WITHOUT}")


def release_left_over(notify: Callable[[str], None], *, timeout: float = COMMAND_SECONDS) -> None:
    """Remove the notification and let go of the wake lock of a walk that died without doing
    so (found by the next command's recovery). Waits for both, each at most `timeout` seconds;
    a problem is told once."""
    told = False
    for command in RELEASE:
        problem = run_bounded(command, timeout)
        if problem is not None and not told:
            told = True
            notify(f"phone: {problem} ({HINT})")

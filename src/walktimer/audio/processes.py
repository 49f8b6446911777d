"""Player and speech programs run as children that can never hold up the walk or outlive it.

A player program is someone else's code: it may hang on a device that never answers, ignore
SIGTERM, or leave a child of its own behind still holding its output. So each one runs in a
session (and process group) of its own, out of reach of the terminal's Ctrl-C, Ctrl-Z and
hang-up, which are the walk's to handle; its error output goes to a file, never to a pipe that
a lingering grandchild could keep open for ever; every wait has a deadline; and it is ended as
a group: SIGTERM, SIGKILL after a short grace, then a bounded wait for the exit.

Where the system can tell that a child has exited without reaping it (`os.waitid` with
WNOWAIT), what is left of its group is killed before the reaping, while its id is still ours:
nothing a player started is left running after it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

GRACE_SECONDS = 0.2  # after SIGTERM, before SIGKILL
REAP_SECONDS = 1.0  # after SIGKILL: a process stuck in a driver may take a moment to go
POLL_SECONDS = 0.005
ERROR_BYTES = 4096  # the end of the error output is where the reason is
_PEEK = getattr(os, "waitid", None) is not None


class Child:
    """One program running on the walk's behalf."""

    def __init__(self, command: Sequence[str], *, keep_errors: bool = False) -> None:
        """Start `command`; OSError if it cannot start. With `keep_errors`, its error output
        is kept (in an unnamed file) for `errors()`; otherwise it is thrown away."""
        # Kept open as long as the child: closed by `close()`, whoever ends the child.
        self._errors = tempfile.TemporaryFile() if keep_errors else None  # noqa: SIM115
        try:
            self._process = subprocess.Popen(
                list(command),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL if self._errors is None else self._errors,
                start_new_session=True,
            )
        except BaseException:
            self.close()
            raise

    @property
    def returncode(self) -> int | None:
        return self._process.returncode

    def exited(self) -> bool:
        """Whether the program has ended (it is reaped, and its group emptied, if so)."""
        if self._process.returncode is not None:
            return True
        if not self._ended_unreaped():
            return False
        self._reap()
        return True

    def wait(self, timeout: float) -> int | None:
        """The exit status if the program ends within `timeout` seconds, else None."""
        deadline = time.monotonic() + timeout
        while not self.exited():
            if time.monotonic() >= deadline:
                return None
            time.sleep(POLL_SECONDS)
        return self._process.returncode

    def end(self, *, grace: float = GRACE_SECONDS, patience: float = REAP_SECONDS) -> None:
        """Stop the program and all it started: SIGTERM, SIGKILL after `grace` seconds, then
        at most `patience` seconds for it to go. Never waits longer, whatever the program."""
        if self.exited():
            return
        self._signal(signal.SIGTERM)
        if self.wait(grace) is not None:
            return
        self._signal(signal.SIGKILL)
        self.wait(patience)

    def terminate(self) -> None:
        """SIGTERM to the program and all it started, without waiting."""
        self._signal(signal.SIGTERM)

    def errors(self) -> bytes:
        """The end of what the program wrote to its error output."""
        if self._errors is None:
            return b""
        with contextlib.suppress(OSError):
            size = self._errors.seek(0, os.SEEK_END)
            self._errors.seek(max(0, size - ERROR_BYTES))
            return self._errors.read()
        return b""

    def close(self) -> None:
        """Let go of the error file (the program itself is ended by `end`)."""
        if self._errors is not None:
            with contextlib.suppress(OSError):
                self._errors.close()

    def _ended_unreaped(self) -> bool:
        pid = self._process.pid
        if not _PEEK:
            return self._process.poll() is not None
        try:
            info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:  # reaped elsewhere already: nothing of it is ours to signal
            self._process.poll()
            return True
        return info is not None

    def _reap(self) -> None:
        if self._process.returncode is None:
            # Ended but not reaped: its id still names its group, so what the program left
            # running (a child holding a device or a pipe) can be killed without a doubt.
            self._signal(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(timeout=REAP_SECONDS)

    def _signal(self, signum: int) -> None:
        if self._process.returncode is not None:
            return  # reaped: its id may belong to someone else by now
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._process.pid, signum)


class Commands:
    """Commands run to their end one after another, each for at most its timeout. `end()`,
    from any thread, ends the one running now with all it started, and none runs after: so no
    command outlives its owner, however long the phone takes to answer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._child: Child | None = None
        self._ended = False

    def run(self, command: Sequence[str], timeout: float) -> str | None:
        """Run `command` (no shell) to its end; None if it succeeded, else why not, in one
        line. It is ended, with all it started, if it takes longer than `timeout` seconds."""
        program = Path(command[0]).name
        with self._lock:
            if self._ended:
                return f"{program} not run: its owner has let go"
            try:
                child = Child(command, keep_errors=True)
            except FileNotFoundError:
                return f"{program} not found"
            except OSError as exc:
                return f"{program} cannot start: {exc.strerror or exc}"
            self._child = child
        try:
            code = child.wait(timeout)
            if code is None:
                child.end()
                return f"{program} did not finish within {timeout:g} s"
            return None if code == 0 else failure(program, code, child.errors())
        finally:
            with self._lock:
                self._child = None
            child.close()

    def end(self) -> None:
        """End the command running now (a bounded wait), and run none after."""
        with self._lock:
            self._ended = True
            child = self._child
        if child is not None:
            child.end()


def run_bounded(command: Sequence[str], timeout: float) -> str | None:
    """`command` run to its end (see `Commands.run`), for a caller that waits for it anyway."""
    return Commands().run(command, timeout)


def failure(program: str, code: int, err: bytes) -> str:
    """Why `program` failed, in one line: the last line of its error output, or its status."""
    lines = [line.strip() for line in err.decode("utf-8", "replace").splitlines()]
    last = next((line for line in reversed(lines) if line), f"exit status {code}")
    return last if last.startswith(program) else f"{program}: {last}"


def end_soon(child: Child) -> threading.Thread | None:
    """End `child` on a thread of its own, so the caller never waits for its grace; None if it
    had already ended. Join the thread (with a timeout) to know it has gone. SIGTERM goes at
    once, from the caller: silenced even if this program is stopped right after (Ctrl-Z)."""
    if child.exited():
        child.close()
        return None
    child.terminate()

    def end() -> None:
        try:
            child.end()
        finally:
            child.close()

    thread = threading.Thread(target=end, name="walktimer-end-player", daemon=True)
    thread.start()
    return thread


def join_all(threads: list[threading.Thread], timeout: float) -> None:
    """Wait for `threads` to finish, at most `timeout` seconds in all."""
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    threads[:] = [thread for thread in threads if thread.is_alive()]

"""Remote control of the running walk: what `walktimer control ACTION` talks to.

While a walk runs it listens on a Unix socket (`paths.control_socket()`). A client sends one
line, the action's name, and reads one line back, a JSON object: `{"ok": true, "status":
{...}}` (the walk as it is after the action) or `{"ok": false, "error": "..."}`.

The socket's thread never touches the walk. It hands each action to the front end, which
carries it out on the walk's own thread or event loop (`Control.take()`, called when `wake`
says so or when `fileno()` reads ready), and waits a bounded time for the status after it.

Only the walker may control the walk: the socket's folder is 0700 and the socket 0600, both
the walker's own, and a peer of another user id (the kernel's SO_PEERCRED) is refused, root
included, whom folder modes do not stop. One socket belongs to one walk: a walk started while
another listens runs without remote control and says so, and a socket file left by a killed
walk (nobody answers on it) is removed by the next walk.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import select
import socket
import stat
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from walktimer.domain.actions import ACTIONS, Action
from walktimer.domain.session import Status, shown_seconds
from walktimer.domain.words import duration_text, echo_text

if TYPE_CHECKING:  # `walktimer control` itself loads no walk: it only asks one
    from walktimer.walk import WalkView

Perform = Callable[[Action], dict[str, Any]]
"""Carries out an action on the walk's own thread and returns the walk's status after it."""
Wake = Callable[[], None]
Listen = Callable[[Perform, Wake | None], "Control | None"]
"""`listen` with its path and its way of telling the walker given: what a front end calls."""

CLIENT_SECONDS = 3.0  # how long `walktimer control` waits for the walk's answer
ANSWER_SECONDS = 2.0  # how long the socket's thread waits for the walk's own thread
READ_SECONDS = 1.0  # a client that has not sent its line by then is let go
CONNECT_SECONDS = 0.5  # the look at whether another walk answers on the socket
REQUEST_BYTES = 64
REPLY_BYTES = 1 << 20
PATH_BYTES = 107  # the longest path a Unix socket can have (108 bytes with its end)
JOIN_SECONDS = 1.0


class ControlError(Exception):
    """`walktimer control` could not get an answer from a walk; the message says why."""


class NoWalk(ControlError):
    """Nothing listens: no walk is running (a socket file left behind is no walk)."""

    def __init__(self) -> None:
        super().__init__("no walk is running")


class _Job:
    """One action, handed from the socket's thread to the walk's and answered there. An
    action not carried out in time is dropped, never carried out later: the walker, told it
    did not happen, may well ask again."""

    def __init__(self, action: Action) -> None:
        self.action = action
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._status: dict[str, Any] | None = None
        self._error = "the walk has ended"

    def run(self, perform: Perform) -> None:
        with self._lock:
            if self._done.is_set():  # dropped, or given up on
                return
            try:
                self._status = perform(self.action)
            except Exception as exc:  # told to the client; the walk goes on
                self._error = f"the walk could not {self.action}: {exc}"
            finally:
                self._done.set()

    def drop(self, error: str | None = None) -> None:
        self._error = error or self._error
        self._done.set()

    def answer(self, timeout: float) -> dict[str, Any]:
        late = f"the walk did not answer within {timeout:g} s"
        # Not begun by then, it never will be; begun, it is given as long again to end.
        if not self._done.wait(timeout) and self._lock.acquire(timeout=timeout):
            try:
                if not self._done.is_set():
                    self.drop(late)
            finally:
                self._lock.release()
        if not self._done.is_set():
            return {"ok": False, "error": late}
        if self._status is None:
            return {"ok": False, "error": self._error}
        return {"ok": True, "status": self._status}


class Control:
    """The walk's end of the socket: made by `listen`, closed when the walk ends."""

    def __init__(
        self,
        listener: socket.socket,
        path: Path,
        perform: Perform,
        wake: Wake | None,
    ) -> None:
        self.path = path
        self._listener = listener
        self._identity = path.stat()
        self._perform = perform
        self._wake = wake
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._ready = _pipe()  # readable while actions wait for `take()`
        self._stopping = _pipe()
        self._thread = threading.Thread(target=self._serve, name="walktimer-control", daemon=True)
        self._thread.start()

    def fileno(self) -> int:
        """Readable when an action waits: a front end that waits with `select` wakes for it."""
        return self._ready[0]

    def take(self) -> None:
        """Carry out the actions that have come, in order: on the walk's own thread."""
        with contextlib.suppress(OSError):
            while os.read(self._ready[0], 4096):
                pass
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            job.run(self._perform)

    def close(self) -> None:
        """Stop listening and remove the socket (if it is still this walk's); an action that
        has not been carried out is answered that the walk has ended."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        while True:  # the socket's thread may be waiting for one: it answers at once
            try:
                self._jobs.get_nowait().drop()
            except queue.Empty:
                break
        with contextlib.suppress(OSError):
            os.write(self._stopping[1], b".")
        self._thread.join(JOIN_SECONDS)
        with contextlib.suppress(OSError):
            if os.path.samestat(self.path.stat(), self._identity):
                self.path.unlink()
        self._listener.close()
        if not self._thread.is_alive():
            for fd in (*self._ready, *self._stopping):
                os.close(fd)

    def _serve(self) -> None:
        listening = self._listener.fileno()
        while not self._closed:
            readable, _, _ = select.select([listening, self._stopping[0]], [], [])
            if self._stopping[0] in readable:
                return
            try:
                connection, _ = self._listener.accept()
            except OSError:
                continue
            with connection, contextlib.suppress(Exception):  # one client never ends the rest
                _send(connection, self._answer(connection))

    def _answer(self, connection: socket.socket) -> dict[str, Any]:
        request = _read_line(connection)  # first: a line left unread would reset the answer
        if (uid := _peer_uid(connection)) is not None and uid != os.getuid():
            return {"ok": False, "error": "refused: this walk belongs to another user"}
        action = next((a for a in ACTIONS if a == request), None)
        if action is None:
            known = ", ".join(ACTIONS)
            return {"ok": False, "error": f"unknown action {request[:20]!r} (known: {known})"}
        job = _Job(action)
        with self._lock:
            if self._closed:
                return {"ok": False, "error": "the walk has ended"}
            self._jobs.put(job)
        with contextlib.suppress(OSError):
            os.write(self._ready[1], b".")
        if self._wake is not None:
            self._wake()
        return job.answer(ANSWER_SECONDS)


def listen(
    path: Path,
    perform: Perform,
    wake: Wake | None = None,
    *,
    tell: Callable[[str], None],
) -> Control | None:
    """Listen at `path` for the walk's actions, each carried out by `perform` on the walk's
    thread; `wake` (from the socket's thread) says there is one to `take()`. None, with one
    line told, if this walk cannot be controlled: another walk listens there already, or the
    folder cannot be made safe. A walk without remote control is still a walk."""
    from walktimer.storage import lock  # only a walk listens: `walktimer control` stays light

    folder = path.parent
    if len(os.fsencode(path)) > PATH_BYTES:
        tell(f"control: the socket path {path} is too long for a socket; no remote control")
        return None
    try:
        _own_folder(folder)
        held = lock.hold(folder / "control.lock", within=CONNECT_SECONDS * 4)
    except OSError as exc:
        tell(f"control: cannot use {folder}: {exc.strerror or exc}; no remote control")
        return None
    try:
        if _answers(path):
            tell("control: another walk is running and has the remote control; this one has none")
            return None
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISSOCK(os.lstat(path).st_mode):
                tell(f"control: {path} is not a socket; no remote control")
                return None
            path.unlink()  # left by a walk that was killed: nobody answers on it
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(str(path))
            path.chmod(0o600)
            listener.listen(8)
        except OSError as exc:
            listener.close()
            tell(f"control: cannot listen at {path}: {exc.strerror or exc}; no remote control")
            return None
    finally:
        lock.release(held, folder / "control.lock", remove=False)
    return Control(listener, path, perform, wake)


def ask(path: Path, action: Action, *, timeout: float = CLIENT_SECONDS) -> dict[str, Any]:
    """The running walk's status after `action`. NoWalk if nothing listens at `path`;
    ControlError with the reason if the walk cannot be reached or refuses."""
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(timeout)
    with client:
        try:
            client.connect(str(path))
        except (FileNotFoundError, ConnectionRefusedError):
            raise NoWalk from None
        except OSError as exc:
            raise ControlError(f"cannot reach the walk at {path}: {exc.strerror or exc}") from None
        try:
            client.sendall(action.encode() + b"\n")
            reply = _read_reply(client)
        except TimeoutError:
            raise ControlError(f"the walk did not answer within {timeout:g} s") from None
        except OSError as exc:
            raise ControlError(f"the walk's answer was cut short: {exc.strerror or exc}") from None
    if not reply.get("ok") or not isinstance(status := reply.get("status"), dict):
        raise ControlError(echo_text(str(reply.get("error") or "the walk gave no answer")))
    return status


def status_of(view: WalkView) -> dict[str, Any]:
    """The walk at `view`, as `walktimer control status --json` prints it."""
    state, plan = view.state, view.plan
    phase = state.phase
    return {
        "status": state.status.value,
        "walk": plan.walk_id,
        "walk_name": plan.walk_name,
        "kind": None if phase is None else phase.kind.value,
        "name": None if phase is None else phase.name,
        "label": None if phase is None else plan.label(state.index),
        "round": None if phase is None else phase.round,
        "rounds": plan.rounds,
        "remaining_seconds": shown_seconds(state.remaining),
        "walk_remaining_seconds": shown_seconds(state.walk_remaining),
        "paused": state.status is Status.PAUSED,
        "muted": view.sound.muted,
        "ends_at": view.ends_at.isoformat(),
    }


def status_line(status: dict[str, Any]) -> str:
    """`FAST Brisk walk, round 3/10: 0:12 left`, and ` (paused)` while paused. ValueError if
    `status` is not a walk's (a walktimer of another version, or not a walk at all)."""
    kind, label, left = status.get("kind"), status.get("label"), status.get("remaining_seconds")
    if kind is None:
        return "The walk is over."
    if not (isinstance(kind, str) and isinstance(label, str) and isinstance(left, int)):
        raise ValueError("not a walk's status")
    if status.get("status") == Status.READY.value:
        return f"Getting ready: {kind.upper()} {label} comes first"
    paused = " (paused)" if status.get("paused") else ""
    return f"{kind.upper()} {label}: {duration_text(left)} left{paused}"


def _own_folder(folder: Path) -> None:
    """`folder` made, or found, as the walker's own and closed to everyone else (0700).
    OSError if it is someone else's or not a folder."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    found = os.lstat(folder)
    if not stat.S_ISDIR(found.st_mode):
        raise NotADirectoryError(20, "not a folder", str(folder))
    if found.st_uid != os.getuid():
        raise PermissionError(1, "the folder belongs to another user", str(folder))
    if stat.S_IMODE(found.st_mode) != 0o700:
        folder.chmod(0o700)


def _answers(path: Path) -> bool:
    """Whether a walk may be listening at `path`: only a socket file on which nobody listens
    (its walk was killed) surely has none."""
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(CONNECT_SECONDS)
    with probe:
        try:
            probe.connect(str(path))
        except (FileNotFoundError, ConnectionRefusedError):
            return False
        except OSError:  # busy, or slow to answer: a walk may well be there
            return True
        return True


def _peer_uid(connection: socket.socket) -> int | None:
    """The user id of the process at the other end; None where the system cannot tell (then
    the folder's and the socket's modes alone keep others out)."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    size = struct.calcsize("iII")  # pid_t, uid_t, gid_t
    _pid, uid, _gid = struct.unpack("iII", connection.getsockopt(socket.SOL_SOCKET, option, size))
    return int(uid)


def _read_line(connection: socket.socket) -> str:
    """The client's one line, at most REQUEST_BYTES, as much of it as came within
    READ_SECONDS in all; what is not text becomes a mark."""
    data = b""
    deadline = time.monotonic() + READ_SECONDS
    with contextlib.suppress(TimeoutError):
        while b"\n" not in data and len(data) < REQUEST_BYTES:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            connection.settimeout(left)
            chunk = connection.recv(REQUEST_BYTES - len(data))
            if not chunk:
                break
            data += chunk
    return data.split(b"\n", 1)[0].decode("utf-8", "replace").strip()


def _read_reply(client: socket.socket) -> dict[str, Any]:
    data = b""
    while len(data) < REPLY_BYTES and (chunk := client.recv(65536)):
        data += chunk
    try:
        reply = json.loads(data)
    except ValueError:
        return {}
    return reply if isinstance(reply, dict) else {}


def _send(connection: socket.socket, reply: dict[str, Any]) -> None:
    connection.sendall(json.dumps(reply).encode() + b"\n")


def _pipe() -> tuple[int, int]:
    read, write = os.pipe()
    for fd in (read, write):
        os.set_blocking(fd, False)
    return read, write

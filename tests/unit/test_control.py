"""The remote control in this process: a real socket in a temporary folder, the walk's side
played by a thread that carries out what comes (as plain mode's loop does), the client `ask`,
and the status it answers with (`status_of`, `status_line`)."""

from __future__ import annotations

import contextlib
import json
import os
import select
import socket
import stat
import struct
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from tests.conftest import require
from tests.fakes import FROZEN, FakeClock, RecordingPlayer, run_main
from walktimer import control, paths
from walktimer.control import (
    ACTIONS,
    ANSWER_SECONDS,
    CLIENT_SECONDS,
    READ_SECONDS,
    Action,
    Control,
    ControlError,
    NoWalk,
    Perform,
    Wake,
    ask,
    listen,
    status_line,
    status_of,
)
from walktimer.domain.plan import Phase, PhaseKind, Plan
from walktimer.domain.words import CONTROL_MARK, ECHO_LIMIT
from walktimer.walk import WalkRun

W, F, S = PhaseKind.WARMUP, PhaseKind.FAST, PhaseKind.SLOW
PLAN = Plan(
    "tiny",
    "Tiny walk",
    "easy",
    "none",
    2,
    30,
    30,
    (
        Phase(W, "Easy walk", 10, start=0),
        Phase(F, "Brisk walk", 30, round=1, start=10),
        Phase(S, "Easy walk", 30, round=1, start=40),
        Phase(F, "Brisk walk", 30, round=2, start=70),
        Phase(S, "Easy walk", 30, round=2, start=100),
    ),
)
WALK_THREAD = "the walk"
SOCKET_THREAD = "walktimer-control"
SLACK = 0.5  # a busy machine's scheduling, on top of a bound the server promises


# --- the status: what `walktimer control status` shows ----------------------------------


def walk_run(tmp_path: Path, clock: FakeClock) -> WalkRun:
    return WalkRun(
        PLAN,
        player=RecordingPlayer(),
        sessions_dir=tmp_path / "sessions",
        checkpoint_dir=None,
        clock=clock,
        wall=clock.wall,
    )


def test_status_before_the_walk_starts_says_what_comes_first(tmp_path: Path) -> None:
    clock = FakeClock()
    status = status_of(walk_run(tmp_path, clock).view())
    assert status == {
        "status": "ready",
        "walk": "tiny",
        "walk_name": "Tiny walk",
        "kind": "warmup",
        "name": "Easy walk",
        "label": "Easy walk",
        "round": None,
        "rounds": 2,
        "remaining_seconds": 10,
        "walk_remaining_seconds": 130,
        "paused": False,
        "muted": False,
        "ends_at": (FROZEN + timedelta(seconds=130)).isoformat(),
    }
    assert status_line(status) == "Getting ready: WARMUP Easy walk comes first"


def test_status_in_an_interval_counts_whole_seconds_up_and_names_the_round(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    run = walk_run(tmp_path, clock)
    run.start()
    clock.advance(22.5)  # 12.5 s into the first fast interval
    run.pump()
    status = status_of(run.view())
    assert (status["status"], status["kind"], status["name"]) == ("running", "fast", "Brisk walk")
    assert (status["round"], status["rounds"]) == (1, 2)
    assert status["label"] == "Brisk walk, round 1/2"  # as the walk's own lines name it
    assert (status["remaining_seconds"], status["walk_remaining_seconds"]) == (18, 108)
    assert (status["paused"], status["muted"]) == (False, False)
    assert status["ends_at"] == (FROZEN + timedelta(seconds=22.5 + 108)).isoformat()
    assert status_line(status) == "FAST Brisk walk, round 1/2: 0:18 left"
    assert json.loads(json.dumps(status)) == status  # what `--json` prints is the same data


def test_status_while_paused_says_so_and_the_end_moves_with_the_pause(tmp_path: Path) -> None:
    clock = FakeClock()
    run = walk_run(tmp_path, clock)
    run.start()
    clock.advance(5)
    run.pause()
    clock.advance(60)
    status = status_of(run.view())
    assert (status["status"], status["paused"]) == ("paused", True)
    assert (status["remaining_seconds"], status["walk_remaining_seconds"]) == (5, 125)
    assert status["ends_at"] == (FROZEN + timedelta(seconds=65 + 125)).isoformat()
    assert status_line(status) == "WARMUP Easy walk: 0:05 left (paused)"
    run.resume()
    assert status_line(status_of(run.view())) == "WARMUP Easy walk: 0:05 left"


def test_status_says_muted_once_muted(tmp_path: Path) -> None:
    run = walk_run(tmp_path, FakeClock())
    run.start()
    run.toggle_mute()
    assert status_of(run.view())["muted"] is True
    run.toggle_mute()
    assert status_of(run.view())["muted"] is False


@pytest.mark.parametrize("end", ["stop", "finish"])
def test_status_of_a_walk_that_is_over_says_so(tmp_path: Path, end: str) -> None:
    clock = FakeClock()
    run = walk_run(tmp_path, clock)
    run.start()
    if end == "stop":
        clock.advance(15)
        run.stop("user")
    else:
        clock.advance(PLAN.total_seconds + 1)
        run.pump()
    status = status_of(run.view())
    assert status["status"] == ("stopped" if end == "stop" else "finished")
    assert (status["kind"], status["name"], status["label"], status["round"]) == (None,) * 4
    assert status["remaining_seconds"] == 0
    assert status_line(status) == "The walk is over."


@pytest.mark.parametrize(
    "status",
    [
        {"kind": "fast"},
        {"kind": "fast", "label": "Brisk walk, round 1/2", "remaining_seconds": float("nan")},
        {"kind": "fast", "label": "Brisk walk", "remaining_seconds": "0:12"},
        {"kind": 3, "label": "Brisk walk", "remaining_seconds": 12},
    ],
    ids=["no label", "nan", "text for seconds", "a number for a kind"],
)
def test_status_line_refuses_a_status_that_is_not_a_walks(status: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        status_line(status)


# --- the socket: the walk's side in this process -----------------------------------------


class Recorder:
    """The walk's `perform`: each action with the thread it ran on; the status after it."""

    def __init__(self) -> None:
        self.done: list[tuple[Action, str]] = []

    def __call__(self, action: Action) -> dict[str, Any]:
        self.done.append((action, threading.current_thread().name))
        return {"status": "running", "after": action}


class Told:
    """The lines `listen` tells the walker."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, line: str) -> None:
        self.lines.append(line)


@contextlib.contextmanager
def listening(
    path: Path,
    perform: Perform | None = None,
    told: Told | None = None,
    wake: Wake | None = None,
) -> Iterator[Control]:
    """The walk listening at `path` for as long as this lasts."""
    told = told or Told()
    found = listen(path, perform or Recorder(), wake, tell=told)
    assert found is not None, told.lines
    try:
        yield found
    finally:
        found.close()


@contextlib.contextmanager
def walking(control_: Control) -> Iterator[None]:
    """A thread of the walk's own: it waits on `fileno()` and carries out what has come, as
    plain mode's loop does. Ended before the control is closed."""
    ended = threading.Event()

    def loop() -> None:
        while not ended.is_set():
            ready, _, _ = select.select([control_.fileno()], [], [], 0.05)
            if ready:
                control_.take()

    thread = threading.Thread(target=loop, name=WALK_THREAD, daemon=True)
    thread.start()
    try:
        yield
    finally:
        ended.set()
        thread.join(5)


def sock_path(tmp_path: Path) -> Path:
    return tmp_path / "run" / "walktimer" / "control.sock"


def raw_exchange(path: Path, data: bytes) -> dict[str, Any]:
    """What the walk answers to `data`, sent as it is (not through `ask`)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(CLIENT_SECONDS + SLACK)
        client.connect(str(path))
        client.sendall(data)
        reply = b""
        while chunk := client.recv(65536):
            reply += chunk
    answer = json.loads(reply)
    assert isinstance(answer, dict)
    return answer


def stale_socket(path: Path) -> None:
    """A socket file as a killed walk leaves it: bound, never unlinked, nobody listening."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    left = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    left.bind(str(path))
    left.close()
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_each_action_is_carried_out_on_the_walks_thread_and_answered_with_the_status(
    tmp_path: Path,
) -> None:
    path, recorder = sock_path(tmp_path), Recorder()
    with listening(path, recorder) as control_, walking(control_):
        answers = [ask(path, action) for action in ("pause", "status", "skip")]
    assert answers == [{"status": "running", "after": a} for a in ("pause", "status", "skip")]
    assert recorder.done == [(a, WALK_THREAD) for a in ("pause", "status", "skip")]


def test_wake_is_called_from_the_sockets_thread_for_each_action(tmp_path: Path) -> None:
    path, woken = sock_path(tmp_path), []

    def wake() -> None:
        woken.append(threading.current_thread().name)

    with listening(path, wake=wake) as control_, walking(control_):
        ask(path, "mute")
        ask(path, "status")
    assert woken == [SOCKET_THREAD, SOCKET_THREAD]


def test_an_unknown_action_is_refused_and_nothing_is_carried_out(tmp_path: Path) -> None:
    path, recorder = sock_path(tmp_path), Recorder()
    with listening(path, recorder) as control_, walking(control_):
        answer = raw_exchange(path, b"dance\n")
        with pytest.raises(ControlError, match="unknown action 'jump'"):
            ask(path, "jump")  # type: ignore[arg-type]
    assert answer["ok"] is False
    assert answer["error"] == f"unknown action 'dance' (known: {', '.join(ACTIONS)})"
    assert recorder.done == []


def test_an_action_the_walk_fails_at_is_told_to_the_client_and_the_walk_goes_on(
    tmp_path: Path,
) -> None:
    path = sock_path(tmp_path)

    def perform(action: Action) -> dict[str, Any]:
        if action == "back":
            raise RuntimeError("no phase before the first")
        return {"status": "running"}

    with listening(path, perform) as control_, walking(control_):
        with pytest.raises(ControlError, match="the walk could not back: no phase before"):
            ask(path, "back")
        assert ask(path, "status") == {"status": "running"}


def test_the_peers_user_id_is_the_kernels_word() -> None:
    ends = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with ends[0], ends[1]:
        assert control._peer_uid(ends[0]) == os.getuid()


def test_another_users_action_is_refused_with_the_reason_and_not_carried_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal reaches the client whole, whatever it had sent (tests/e2e runs the same
    with a real second user)."""
    path, recorder = sock_path(tmp_path), Recorder()
    monkeypatch.setattr(control, "_peer_uid", lambda connection: os.getuid() + 1)
    with listening(path, recorder) as control_, walking(control_):
        for _ in range(3):
            with pytest.raises(ControlError) as refused:
                ask(path, "stop")
            assert str(refused.value) == "refused: this walk belongs to another user"
    assert recorder.done == []


def test_a_client_that_sends_nothing_is_let_go_and_the_next_one_is_served(
    tmp_path: Path,
) -> None:
    path = sock_path(tmp_path)
    with (
        listening(path) as control_,
        walking(control_),
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as silent,
    ):
        silent.settimeout(READ_SECONDS + 5)
        began = time.monotonic()
        silent.connect(str(path))
        assert ask(path, "status") == {"status": "running", "after": "status"}
        served = time.monotonic() - began
        let_go = silent.recv(65536)  # its answer, then the end: the walk hung up
        assert silent.recv(65536) == b""
        hung_up = time.monotonic() - began
    assert json.loads(let_go)["ok"] is False
    assert served < READ_SECONDS + SLACK, f"the next client waited {served:.2f} s"
    assert hung_up < READ_SECONDS + SLACK, f"the silent client was held {hung_up:.2f} s"


def test_the_folder_is_made_0700_and_the_socket_0600(tmp_path: Path) -> None:
    path = sock_path(tmp_path)
    old = os.umask(0)  # the modes must not depend on the walker's umask
    try:
        with listening(path):
            folder, sock = os.lstat(path.parent), os.lstat(path)
    finally:
        os.umask(old)
    assert stat.S_ISDIR(folder.st_mode) and stat.S_IMODE(folder.st_mode) == 0o700
    assert stat.S_ISSOCK(sock.st_mode) and stat.S_IMODE(sock.st_mode) == 0o600
    assert folder.st_uid == sock.st_uid == os.getuid()


def test_an_existing_folder_open_to_others_is_closed_to_them(tmp_path: Path) -> None:
    path = sock_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.parent.chmod(0o755)
    with listening(path):
        assert stat.S_IMODE(os.lstat(path.parent).st_mode) == 0o700


def test_a_socket_file_left_by_a_killed_walk_is_replaced(tmp_path: Path) -> None:
    path, told, recorder = sock_path(tmp_path), Told(), Recorder()
    stale_socket(path)
    with pytest.raises(NoWalk, match="no walk is running"):
        ask(path, "status")  # a stale socket file is no walk
    with listening(path, recorder, told) as control_, walking(control_):
        assert ask(path, "status") == {"status": "running", "after": "status"}
    assert told.lines == []


def test_a_second_walk_gets_no_remote_control_and_the_first_keeps_it(tmp_path: Path) -> None:
    path, first, second = sock_path(tmp_path), Recorder(), Recorder()
    with listening(path, first) as control_, walking(control_):
        told = Told()
        assert listen(path, second, tell=told) is None
        assert len(told.lines) == 1 and "another walk is running" in told.lines[0], told.lines
        assert ask(path, "skip") == {"status": "running", "after": "skip"}
    assert first.done == [("skip", WALK_THREAD)] and second.done == []


def test_close_removes_the_socket_and_then_nothing_answers(tmp_path: Path) -> None:
    path = sock_path(tmp_path)
    with listening(path):
        assert path.exists()
    assert not path.exists()
    with pytest.raises(NoWalk):
        ask(path, "status")


def test_close_leaves_a_socket_that_is_no_longer_its_own(tmp_path: Path) -> None:
    path, told = sock_path(tmp_path), Told()
    control_ = listen(path, Recorder(), tell=told)
    assert control_ is not None
    path.unlink()  # the file is gone, and another walk has made its own in its place
    other = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        other.bind(str(path))
        other.listen(1)
        control_.close()
        assert stat.S_ISSOCK(os.lstat(path).st_mode), "close removed another walk's socket"
    finally:
        other.close()


def test_an_action_waiting_when_the_walk_ends_is_answered_that_the_walk_has_ended(
    tmp_path: Path,
) -> None:
    """The walk's thread never takes it: close answers it at once, not after ANSWER_SECONDS."""
    path = sock_path(tmp_path)
    control_ = listen(path, Recorder(), tell=Told())
    assert control_ is not None
    outcome: list[BaseException] = []

    def client() -> None:
        try:
            ask(path, "pause")
        except ControlError as exc:
            outcome.append(exc)

    asking = threading.Thread(target=client)
    asking.start()
    deadline = time.monotonic() + 5
    while not select.select([control_.fileno()], [], [], 0)[0]:  # readable: it waits
        assert time.monotonic() < deadline, "the action never reached the walk's side"
        time.sleep(0.01)
    began = time.monotonic()
    control_.close()
    asking.join(CLIENT_SECONDS + SLACK)
    assert [str(e) for e in outcome] == ["the walk has ended"]
    assert time.monotonic() - began < ANSWER_SECONDS / 2


def test_an_action_that_arrives_after_close_is_answered_that_the_walk_has_ended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client accepted just before the walk ended sends its line just after."""
    path, recorder = sock_path(tmp_path), Recorder()
    reading = threading.Event()
    real_read_line = control._read_line

    def read_line(connection: socket.socket) -> str:
        reading.set()
        return real_read_line(connection)

    monkeypatch.setattr(control, "_read_line", read_line)
    control_ = listen(path, recorder, tell=Told())
    assert control_ is not None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(CLIENT_SECONDS + SLACK)
        client.connect(str(path))
        assert reading.wait(5), "the walk's socket never read the client"
        closing = threading.Thread(target=control_.close)
        closing.start()
        deadline = time.monotonic() + 5
        while not control_._closed:  # closed, and still waiting for the socket's thread
            assert time.monotonic() < deadline, "close never began"
            time.sleep(0.01)
        client.sendall(b"pause\n")
        reply = json.loads(client.recv(65536))
        closing.join(5)
    assert reply == {"ok": False, "error": "the walk has ended"}
    assert recorder.done == []
    assert not path.exists()


def test_a_walk_that_does_not_answer_gives_the_client_an_error_not_a_hang(
    tmp_path: Path,
) -> None:
    """No thread takes the action: the socket's thread gives up after ANSWER_SECONDS, which
    comes before the client's own CLIENT_SECONDS."""
    path = sock_path(tmp_path)
    assert ANSWER_SECONDS < CLIENT_SECONDS
    with listening(path):
        began = time.monotonic()
        with pytest.raises(ControlError) as raised:
            ask(path, "skip")
        waited = time.monotonic() - began
    assert str(raised.value) == f"the walk did not answer within {ANSWER_SECONDS:g} s"
    assert ANSWER_SECONDS - 0.1 < waited < ANSWER_SECONDS + SLACK


def test_a_socket_path_too_long_gives_one_line_and_no_remote_control(tmp_path: Path) -> None:
    path, told = tmp_path / ("x" * 100) / "walktimer" / "control.sock", Told()
    assert listen(path, Recorder(), tell=told) is None
    assert len(told.lines) == 1 and "too long" in told.lines[0], told.lines
    assert not path.parent.exists()


def test_something_else_at_the_sockets_path_is_left_alone(tmp_path: Path) -> None:
    path, told = sock_path(tmp_path), Told()
    path.parent.mkdir(parents=True, mode=0o700)
    path.write_text("the walker's own file\n")
    assert listen(path, Recorder(), tell=told) is None
    assert len(told.lines) == 1 and "is not a socket" in told.lines[0], told.lines
    assert path.read_text() == "the walker's own file\n"


def test_a_folder_of_another_user_is_refused(tmp_path: Path) -> None:
    require(os.getuid() == 0, "root (to give a folder to another user)")
    path, told = sock_path(tmp_path), Told()
    path.parent.mkdir(parents=True)
    path.parent.chmod(0o755)
    os.chown(path.parent, 65534, 65534)  # nobody's
    assert listen(path, Recorder(), tell=told) is None
    assert len(told.lines) == 1, told.lines
    assert "belongs to another user" in told.lines[0] and "no remote control" in told.lines[0]
    found = os.lstat(path.parent)
    assert (found.st_uid, stat.S_IMODE(found.st_mode)) == (65534, 0o755)  # left as it was
    assert not path.exists()


def test_an_action_not_carried_out_in_time_is_dropped_and_never_carried_out_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walker, told the skip did not happen, may well press it again: the walk's thread
    that comes round to the first one late must not skip a second phase."""
    monkeypatch.setattr(control, "ANSWER_SECONDS", 0.3)
    path, recorder = sock_path(tmp_path), Recorder()
    with listening(path, recorder) as control_:
        with pytest.raises(ControlError, match=r"the walk did not answer within 0\.3 s"):
            ask(path, "skip")
        control_.take()  # the walk's thread, too late
        with walking(control_):
            assert ask(path, "status") == {"status": "running", "after": "status"}
    assert recorder.done == [("status", WALK_THREAD)]


def test_an_action_begun_in_time_is_answered_with_its_status_even_if_it_ends_late(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Begun, an action is carried out: the client is told so, never that it did not happen."""
    monkeypatch.setattr(control, "ANSWER_SECONDS", 0.5)
    path, recorder = sock_path(tmp_path), Recorder()

    def slow(action: Action) -> dict[str, Any]:
        time.sleep(0.8)  # longer than ANSWER_SECONDS, less than twice as long
        return recorder(action)

    with listening(path, slow) as control_, walking(control_):
        assert ask(path, "skip") == {"status": "running", "after": "skip"}
    assert recorder.done == [("skip", WALK_THREAD)]


def test_a_client_dribbling_its_line_is_let_go_after_read_seconds_in_all(
    tmp_path: Path,
) -> None:
    """A byte every 0.9 s never lets a wait of READ_SECONDS for the next one run out: the line
    has READ_SECONDS in all, and the next client is served meanwhile."""
    path = sock_path(tmp_path)
    served: list[float] = []
    with (
        listening(path) as control_,
        walking(control_),
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dribbler,
    ):
        dribbler.connect(str(path))
        began = time.monotonic()

        def next_client() -> None:
            time.sleep(0.1)
            ask(path, "status")
            served.append(time.monotonic() - began)

        other = threading.Thread(target=next_client)
        other.start()
        with contextlib.suppress(OSError):  # the walk hung up: a byte more has nowhere to go
            for _ in range(8):
                dribbler.sendall(b"s")
                if select.select([dribbler], [], [], 0.9)[0]:
                    break
        dribbler.settimeout(8)
        answer = dribbler.recv(65536)
        let_go = time.monotonic() - began
        other.join(CLIENT_SECONDS + SLACK)
    assert json.loads(answer)["ok"] is False
    assert let_go < READ_SECONDS + SLACK, f"the dribbling client was held {let_go:.2f} s"
    assert served and served[0] < READ_SECONDS + SLACK, f"the next client: {served}"


def test_a_client_that_fails_the_socket_ends_only_its_own_exchange(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever goes wrong with one client (here its credentials cannot be read), the socket's
    thread goes on to serve the next."""
    path, recorder = sock_path(tmp_path), Recorder()
    real_peer_uid, failed = control._peer_uid, []

    def peer_uid(connection: socket.socket) -> int | None:
        if not failed:
            failed.append(True)
            raise struct.error("unpack requires a buffer of 12 bytes")
        return real_peer_uid(connection)

    monkeypatch.setattr(control, "_peer_uid", peer_uid)
    with listening(path, recorder) as control_, walking(control_):
        with pytest.raises(ControlError, match="the walk gave no answer"):
            ask(path, "skip")
        assert ask(path, "pause") == {"status": "running", "after": "pause"}
    assert recorder.done == [("pause", WALK_THREAD)]


def test_a_user_id_beyond_2_to_the_31_is_read_as_the_kernel_gives_it() -> None:
    """SO_PEERCRED gives pid_t, uid_t and gid_t: the ids are unsigned."""
    nobody = 2**32 - 2  # (uid_t)-2, "nfsnobody" on some systems

    class Peer:
        def getsockopt(self, level: int, option: int, size: int) -> bytes:
            return struct.pack("iII", 4321, nobody, nobody)

    assert control._peer_uid(cast(socket.socket, Peer())) == nobody


def test_a_walk_too_busy_to_accept_keeps_its_socket_and_the_new_walk_goes_without(
    tmp_path: Path,
) -> None:
    """A walk whose queue of clients is full (a script asking in a loop) is still the walk
    there: the next walk must not take its socket, which would cut it off from every client."""
    path, told = sock_path(tmp_path), Told()
    path.parent.mkdir(parents=True, mode=0o700)
    waiting: list[socket.socket] = []
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as busy:
        busy.bind(str(path))
        busy.listen(0)
        try:
            for _ in range(64):
                client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                client.setblocking(False)
                try:
                    client.connect(str(path))
                except BlockingIOError:  # EAGAIN: the queue is full
                    client.close()
                    break
                waiting.append(client)
            else:
                pytest.fail("the queue of clients never filled")
            identity = path.stat()
            assert listen(path, Recorder(), tell=told) is None
            assert os.path.samestat(path.stat(), identity), "the busy walk lost its socket"
        finally:
            for client in waiting:
                client.close()
    assert told.lines == [
        "control: another walk is running and has the remote control; this one has none"
    ]


# --- `walktimer control`: what it makes of the answer ------------------------------------


@contextlib.contextmanager
def answering(path: Path, reply: bytes) -> Iterator[list[str]]:
    """Something at the socket that answers `reply` to whatever is asked, as a walktimer of
    another version might; the lines it was sent."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    asked: list[str] = []
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    server.settimeout(10)

    def serve() -> None:
        with contextlib.suppress(OSError):
            connection, _ = server.accept()
            with connection:
                asked.append(connection.recv(64).decode())
                connection.sendall(reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield asked
    finally:
        thread.join(10)
        server.close()


@pytest.mark.parametrize(
    "status",
    [
        {"kind": "fast"},
        {"kind": "fast", "name": "Brisk walk", "label": "Brisk walk, round 1/2", "round": 1}
        | {"rounds": 2, "remaining_seconds": float("nan"), "status": "running"},
    ],
    ids=["a kind alone", "nan seconds"],
)
def test_control_status_says_in_one_line_when_the_answer_is_not_a_walks(
    capsys: pytest.CaptureFixture[str], status: dict[str, Any]
) -> None:
    reply = json.dumps({"ok": True, "status": status}).encode() + b"\n"
    with answering(paths.control_socket(), reply) as asked:
        done = run_main(capsys, "control", "status")
    assert asked == ["status\n"]
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "walktimer: the walk's answer was not understood\n"


def test_control_echoes_the_walks_error_cut_to_80_characters_and_made_safe(
    capsys: pytest.CaptureFixture[str],
) -> None:
    error = "the walk could not skip: \x1b[2J" + "x" * 500
    reply = json.dumps({"ok": False, "error": error}).encode() + b"\n"
    with answering(paths.control_socket(), reply):
        done = run_main(capsys, "control", "skip")
    assert (done.returncode, done.stdout) == (1, "")
    [line] = done.stderr.splitlines()
    told = line.removeprefix("walktimer: ")
    assert told.startswith(f"the walk could not skip: {CONTROL_MARK}[2Jxxx")
    assert len(told) == ECHO_LIMIT and told.endswith("…")


def test_an_action_the_walk_took_is_not_reported_failed_for_a_status_not_understood(
    capsys: pytest.CaptureFixture[str],
) -> None:
    reply = json.dumps({"ok": True, "status": {"kind": "fast"}}).encode() + b"\n"
    with answering(paths.control_socket(), reply):
        done = run_main(capsys, "control", "skip")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")

"""`walktimer control` from another process: the real program walking in plain mode or in the
app, and the real command reaching it through its socket in $XDG_RUNTIME_DIR."""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec
import platformdirs
import pytest
import typing_extensions

import walktimer
from tests.conftest import Xdg, require, require_program
from tests.e2e import alsa
from tests.e2e.conftest import Terminal, env_for
from tests.unit.test_control import stale_socket
from walktimer.domain.questions import END_QUESTIONS, PAIN_BEFORE
from walktimer.tui.screens.walk import GET_READY_SECONDS

pytestmark = pytest.mark.e2e

WALKTIMER = [sys.executable, "-m", "walktimer"]
NO_WALK = "walktimer: no walk is running\n"
SOCKET = Path("walktimer", "control.sock")
ONLY_INTERVALS = ("--warmup", "none", "--cooldown", "none")
PEER = "walktimer-peer"


def runtime_env(env: dict[str, str], folder: Path) -> dict[str, str]:
    """`env` with `folder` (made, the walker's own) as XDG_RUNTIME_DIR."""
    folder.mkdir(mode=0o700, exist_ok=True)
    return env | {"XDG_RUNTIME_DIR": str(folder)}


def plain(*options: str) -> list[str]:
    """A plain walk of classic-30-30's intervals alone, silent, asking nothing."""
    return [
        *WALKTIMER,
        *("run", "classic-30-30", "--plain", "--no-prompts", "--audio", "none"),
        *ONLY_INTERVALS,
        *options,
    ]


def control(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*WALKTIMER, "control", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=20,
        check=False,
    )


def status(env: dict[str, str]) -> dict[str, Any]:
    done = control(env, "status", "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert isinstance(found, dict)
    return found


def summaries(xdg: Xdg) -> list[dict[str, Any]]:
    return [tomllib.loads(p.read_text()) for p in sorted(xdg.sessions.glob("*.toml"))]


@contextlib.contextmanager
def walking(
    env: dict[str, str], tmp_path: Path, *options: str, name: str = "walk"
) -> Iterator[alsa.Walk]:
    """A plain walk, its first interval shown (by then it listens), killed if a test fails."""
    with alsa.Walk(plain(*options), env, tmp_path / f"{name}.err", timeout=120) as walk:
        walk.wait_line(lambda line: line.startswith("00:00 FAST"), "the first interval")
        yield walk


# --- plain mode ---------------------------------------------------------------------------


def test_skip_from_another_process_shows_the_next_phase_within_200_ms(
    tmp_path: Path, xdg: Xdg
) -> None:
    """The next phase's line, timed from the spawn of `walktimer control skip`, less the time
    the same command needs to start up and exit on its own (nothing listening): what is left
    is the walk's reaction. Best of three of each, for a busy machine."""
    idle = runtime_env(xdg.env(), tmp_path / "idle")
    startups = []
    for _ in range(3):
        began = time.time()
        done = control(idle, "status")
        startups.append(time.time() - began)
        assert (done.returncode, done.stderr) == (1, NO_WALK)

    env = runtime_env(xdg.env(), tmp_path / "run")
    reactions = []
    with walking(env, tmp_path, "--fast", "60", "--slow", "60", "--rounds", "2") as walk:
        shown = walk.wait_line(lambda line: line.startswith("00:00 FAST"), "the first interval")
        for planned in ("01:00 SLOW", "02:00 FAST", "03:00 SLOW"):
            # Half a second after the last phase began: a walk that woke only by itself, at
            # each whole second of its countdown, would show the next line half a second late.
            time.sleep(max(0.0, shown + 0.5 - time.time()))
            began = time.time()
            done = control(env, "skip")
            assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
            shown = walk.wait_line(lambda line, p=planned: line.startswith(p), planned, 5)
            reactions.append(shown - began)
        assert control(env, "stop").returncode == 0
        walk.finish()
    reaction, startup = min(reactions), min(startups)
    assert reaction - startup < 0.2, (
        f"the line came {reaction:.3f} s after the spawn, the start-up alone takes "
        f"{startup:.3f} s (reactions {reactions}, start-ups {startups})"
    )


def test_pause_then_resume_from_afar_delays_the_later_phases_by_the_pause(
    tmp_path: Path, xdg: Xdg
) -> None:
    """Each later phase comes as late as the walk was paused, by the walk's own record of the
    pause; that record is the pause made from afar, give or take the start-up of the two
    commands (a busy machine may take a second over one)."""
    pause = 2.0
    env = runtime_env(xdg.env(), tmp_path / "run")
    with walking(env, tmp_path, "--fast", "2", "--slow", "2", "--rounds", "2") as walk:
        first = walk.wait_line(lambda line: line.startswith("00:00 FAST"), "the first interval")
        time.sleep(max(0.0, first + 0.5 - time.time()))  # into the first interval
        paused_at = time.time()
        paused = control(env, "pause", "--json")
        assert paused.returncode == 0, paused.stderr
        assert json.loads(paused.stdout)["paused"] is True
        time.sleep(max(0.0, paused_at + pause - time.time()))  # the pause itself
        resumed = control(env, "resume", "--json")
        assert resumed.returncode == 0, resumed.stderr
        assert json.loads(resumed.stdout)["paused"] is False
        walk.finish()
        lines = list(walk.lines)
    assert [text for _, text in lines] == [
        "00:00 FAST Brisk walk, round 1/2 (0:02)",
        "00:02 SLOW Easy walk, round 1/2 (0:02)",
        "00:04 FAST Brisk walk, round 2/2 (0:02)",
        "00:06 SLOW Easy walk, round 2/2 (0:02)",
        "00:08 DONE",
    ]
    [saved] = summaries(xdg)
    assert saved["status"] == "completed"
    paused_for = saved["paused_seconds"]
    assert pause - 0.1 <= paused_for <= pause + 1.5, f"paused for {paused_for} s"
    for arrived, text in lines[1:]:
        planned = int(text[3:5])
        late = arrived - first - planned
        assert abs(late - paused_for) < 0.15, (
            f"{text!r} came {late:.3f} s later than planned, after a pause of {paused_for} s"
        )


def test_status_tells_the_interval_as_text_and_as_json_and_mute_flips_muted(
    tmp_path: Path, xdg: Xdg
) -> None:
    env = runtime_env(xdg.env(), tmp_path / "run")
    with walking(env, tmp_path, "--fast", "60", "--slow", "60", "--rounds", "3") as walk:
        now = datetime.now().astimezone()
        found = status(env)
        assert {
            "kind",
            "name",
            "label",
            "round",
            "rounds",
            "remaining_seconds",
            "walk_remaining_seconds",
            "paused",
            "muted",
            "status",
            "walk",
            "ends_at",
        } <= found.keys()
        assert (found["kind"], found["name"]) == ("fast", "Brisk walk")
        assert found["label"] == "Brisk walk, round 1/3"
        assert (found["round"], found["rounds"]) == (1, 3)
        assert (found["status"], found["walk"]) == ("running", "classic-30-30")
        assert (found["paused"], found["muted"]) == (False, False)
        assert 50 <= found["remaining_seconds"] <= 60
        assert found["walk_remaining_seconds"] == found["remaining_seconds"] + 5 * 60
        ends_at = datetime.fromisoformat(found["ends_at"])
        expected = now.timestamp() + found["walk_remaining_seconds"]
        assert ends_at.tzinfo is not None and abs(ends_at.timestamp() - expected) < 3

        line = control(env, "status")
        assert line.returncode == 0 and line.stderr == ""
        assert re.fullmatch(r"FAST Brisk walk, round 1/3: (1:00|0:5\d) left\n", line.stdout)

        assert control(env, "pause").returncode == 0
        assert control(env, "status").stdout.endswith(" left (paused)\n")
        assert status(env)["paused"] is True
        assert control(env, "resume").returncode == 0
        assert control(env, "status").stdout.endswith(" left\n")

        muted = control(env, "mute", "--json")
        assert muted.returncode == 0 and json.loads(muted.stdout)["muted"] is True
        assert status(env)["muted"] is True
        assert json.loads(control(env, "mute", "--json").stdout)["muted"] is False
        assert status(env)["muted"] is False
        assert control(env, "stop").returncode == 0
        stderr = walk.finish()
    assert "Sound off" in stderr and "Sound on" in stderr


def test_stop_from_afar_saves_the_walk_as_stopped_and_it_exits_0(tmp_path: Path, xdg: Xdg) -> None:
    runtime = tmp_path / "run"
    env = runtime_env(xdg.env(), runtime)
    with walking(env, tmp_path, "--fast", "60") as walk:
        done = control(env, "stop")
        assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
        stderr = walk.finish()
    assert "Stopped." in stderr
    [saved] = summaries(xdg)
    assert (saved["status"], saved["stop_reason"]) == ("stopped", "user")
    assert not (runtime / SOCKET).exists()  # the walk's socket went with it
    assert xdg.checkpoint_files() == []


def first_line(process: subprocess.Popen[bytes], timeout: float) -> bytes:
    """The first line of the process's standard output, waited for no longer than `timeout`."""
    assert process.stdout is not None
    fd, data = process.stdout.fileno(), b""
    deadline = time.monotonic() + timeout
    while b"\n" not in data:
        left = deadline - time.monotonic()
        assert left > 0 and select.select([fd], [], [], left)[0], f"no line; so far {data!r}"
        chunk = os.read(fd, 4096)
        assert chunk, f"the walk ended before its first line; so far {data!r}"
        data += chunk
    return data.split(b"\n", 1)[0]


def test_after_a_stop_from_afar_no_question_is_asked_of_answers_from_a_pipe(
    tmp_path: Path, xdg: Xdg
) -> None:
    """Answers in a pipe were written for a walk that ends by itself: a walk stopped from afar
    asks none of the questions after it (nor takes the answers meant for them)."""
    env = runtime_env(xdg.env(), tmp_path / "run")
    errors = tmp_path / "walk.err"
    with errors.open("wb") as err:
        process = subprocess.Popen(
            [*WALKTIMER, "run", "classic-30-30", "--plain", "--audio", "none", *ONLY_INTERVALS],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            env=env,
        )
    try:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(b"4\n3\n5\nAn answer meant for a walk that ended by itself.\n")
        process.stdin.flush()
        assert first_line(process, 20).startswith(b"00:00 FAST")
        done = control(env, "stop")
        assert (done.returncode, done.stderr) == (0, "")
        assert process.wait(15) == 0, errors.read_text()
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
    stderr = errors.read_text()
    before, stopped, after = stderr.partition("Stopped.")
    assert stopped, stderr
    assert PAIN_BEFORE.ask in before
    for question in END_QUESTIONS:
        assert question.ask not in after, stderr
    [saved] = summaries(xdg)
    assert (saved["status"], saved["pain_before"]) == ("stopped", 4)
    assert not {"pain_after", "effort", "notes"} & saved.keys()


def test_the_socket_is_0600_in_a_folder_0700_both_the_walkers(tmp_path: Path, xdg: Xdg) -> None:
    runtime = tmp_path / "run"
    env = runtime_env(xdg.env(), runtime)
    with walking(env, tmp_path, "--fast", "60") as walk:
        folder, sock = (runtime / SOCKET.parent).stat(), (runtime / SOCKET).stat()
        assert control(env, "stop").returncode == 0
        walk.finish()
    assert stat.S_ISDIR(folder.st_mode) and stat.S_IMODE(folder.st_mode) == 0o700
    assert stat.S_ISSOCK(sock.st_mode) and stat.S_IMODE(sock.st_mode) == 0o600
    assert folder.st_uid == sock.st_uid == os.getuid()


# --- another user ----------------------------------------------------------------------


@pytest.fixture
def peer() -> Iterator[str]:
    """A user of the system who is not the walker (made for the test, removed after it)."""
    require(os.getuid() == 0, "root (to make a user and run walktimer as that user)")
    useradd, userdel = require_program("useradd"), require_program("userdel")
    require_program("runuser")
    made = subprocess.run(
        [useradd, "--system", "--no-create-home", PEER],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert made.returncode == 0 or "exists" in made.stderr, made.stderr
    try:
        yield PEER
    finally:
        subprocess.run([userdel, PEER], capture_output=True, timeout=30, check=False)


def as_peer(peer: str, shared: Path) -> list[str]:
    """`python -m walktimer` as `peer` runs it, in a bare environment whose XDG_RUNTIME_DIR
    is `shared` (the walker's) and whose own folders do not exist.

    The peer needs an interpreter it may run: this one, or, where it lies out of the peer's
    reach (under root's 0700 home), the system's python3 of the same version. The checkout may
    be out of its reach too: walktimer and the packages `walktimer control` loads are copied
    into `shared` for it."""
    runuser, env = require_program("runuser"), require_program("env")
    library = shared / "peer-lib"
    for module in (walktimer, msgspec, platformdirs, typing_extensions):
        origin = Path(module.__file__ or "")
        if origin.name == "__init__.py":
            shutil.copytree(origin.parent, library / origin.parent.name)
        else:
            library.mkdir(exist_ok=True)
            shutil.copy2(origin, library / origin.name)
    for path in [library, *library.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    settings = [
        "PATH=/usr/bin:/bin",
        "LANG=C.UTF-8",
        f"HOME={shared / 'peer-home'}",
        f"XDG_CONFIG_HOME={shared / 'peer-config'}",
        f"XDG_DATA_HOME={shared / 'peer-data'}",
        f"XDG_STATE_HOME={shared / 'peer-state'}",
        f"XDG_RUNTIME_DIR={shared}",
        f"PYTHONPATH={library}",
        "PYTHONDONTWRITEBYTECODE=1",
    ]
    for python in (sys.executable, f"/usr/bin/python{version}"):
        command = [runuser, "-u", peer, "--", env, "-i", *settings, python]
        tried = subprocess.run(
            [*command, "-c", "import walktimer.commands.control"],
            capture_output=True,
            cwd=shared,
            timeout=30,
            check=False,
        )
        if tried.returncode == 0:
            return [*command, "-m", "walktimer"]
    require(False, f"a Python {version} that {peer} may run, with this walktimer")
    raise AssertionError("unreachable")


def test_another_user_is_refused_by_the_folder_and_then_by_the_socket(
    tmp_path: Path, xdg: Xdg, peer: str
) -> None:
    shared = Path(tempfile.mkdtemp(dir="/tmp", prefix="walktimer-run-"))
    try:
        shared.chmod(0o755)  # the peer may pass through to the walk's own folder
        env = xdg.env() | {"XDG_RUNTIME_DIR": str(shared)}
        peer_walktimer = as_peer(peer, shared)

        def peer_control(action: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [*peer_walktimer, "control", action],
                capture_output=True,
                text=True,
                cwd=shared,
                timeout=20,
                check=False,
            )

        with walking(env, tmp_path, "--fast", "60") as walk:
            kept_out = peer_control("status")
            assert (kept_out.returncode, kept_out.stdout) == (1, ""), kept_out.stderr
            assert kept_out.stderr.startswith("walktimer: ") and kept_out.stderr.count("\n") == 1
            assert "permission denied" in kept_out.stderr.lower(), kept_out.stderr

            # Only the check of the peer's user id stands now.
            (shared / SOCKET.parent).chmod(0o755)
            (shared / SOCKET).chmod(0o666)
            refused = peer_control("stop")
            assert (refused.returncode, refused.stdout) == (1, "")
            assert refused.stderr == "walktimer: refused: this walk belongs to another user\n"

            assert status(env)["status"] == "running"  # the walk goes on, unharmed
            assert control(env, "stop").returncode == 0
            stderr = walk.finish()
        assert "Traceback" not in stderr
        [saved] = summaries(xdg)
        assert (saved["status"], saved["stop_reason"]) == ("stopped", "user")
    finally:
        shutil.rmtree(shared, ignore_errors=True)


# --- no walk, a killed walk, two walks --------------------------------------------------


@pytest.mark.parametrize("left", ["nothing", "a stale socket"])
@pytest.mark.parametrize("action", ["status", "stop"])
def test_with_no_walk_control_says_so_and_exits_1(
    tmp_path: Path, xdg: Xdg, left: str, action: str
) -> None:
    runtime = tmp_path / "run"
    env = runtime_env(xdg.env(), runtime)
    if left == "a stale socket":
        stale_socket(runtime / SOCKET)
    done = control(env, action)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", NO_WALK)


def test_without_a_runtime_folder_the_walk_listens_beside_its_state(
    tmp_path: Path, xdg: Xdg
) -> None:
    """XDG_RUNTIME_DIR unset for the walk, and not absolute for `control`: both use
    $XDG_STATE_HOME/walktimer/control.sock."""
    env = xdg.env()
    env.pop("XDG_RUNTIME_DIR", None)
    with walking(env, tmp_path, "--fast", "60") as walk:
        assert stat.S_ISSOCK((xdg.state / SOCKET).stat().st_mode)
        relative = env | {"XDG_RUNTIME_DIR": "run"}
        assert status(relative)["kind"] == "fast"
        assert control(relative, "stop").returncode == 0
        walk.finish()
    assert not (xdg.state / SOCKET).exists()


def test_a_killed_walks_socket_stops_neither_control_nor_the_next_walk(
    tmp_path: Path, xdg: Xdg
) -> None:
    runtime = tmp_path / "run"
    env = runtime_env(xdg.env(), runtime)
    with walking(env, tmp_path, "--fast", "60", name="killed") as killed:
        killed.process.kill()
        killed.process.wait(10)
    assert stat.S_ISSOCK(os.lstat(runtime / SOCKET).st_mode)  # left behind

    between = control(env, "status")
    assert between.returncode == 1
    assert between.stderr.splitlines()[-1] == NO_WALK.rstrip("\n")  # after any recovery line

    with walking(env, tmp_path, "--fast", "45", name="next") as walk:
        found = status(env)
        assert (found["kind"], found["status"]) == ("fast", "running")
        assert 35 <= found["remaining_seconds"] <= 45  # the next walk's, not the killed one's
        assert control(env, "stop").returncode == 0
        stderr = walk.finish()
    assert "control:" not in stderr, stderr
    assert not (runtime / SOCKET).exists()


def test_a_second_walk_runs_without_remote_control_and_the_first_keeps_it(
    tmp_path: Path, xdg: Xdg
) -> None:
    runtime = tmp_path / "run"
    env = runtime_env(xdg.env(), runtime)
    with walking(env, tmp_path, "--fast", "60", "--rounds", "4", name="first") as first:
        second = subprocess.run(
            plain("--fast", "1", "--slow", "1", "--rounds", "1"),
            capture_output=True,
            text=True,
            env=env,
            timeout=30,
            check=False,
        )
        assert second.returncode == 0, second.stderr
        assert second.stdout.splitlines() == [
            "00:00 FAST Brisk walk, round 1/1 (0:01)",
            "00:01 SLOW Easy walk, round 1/1 (0:01)",
            "00:02 DONE",
        ]
        told = [line for line in second.stderr.splitlines() if "control" in line]
        assert told == [
            "walktimer: control: another walk is running and has the remote control; "
            "this one has none"
        ], second.stderr

        found = status(env)  # still the first walk, the second one over and gone
        assert (found["rounds"], found["round"], found["status"]) == (4, 1, "running")
        assert control(env, "stop").returncode == 0
        first.finish()
    assert sorted(s["status"] for s in summaries(xdg)) == ["completed", "stopped"]


# --- the app ------------------------------------------------------------------------------


def test_the_app_skips_pauses_and_stops_from_afar(
    terminal: Terminal, tmp_path: Path, xdg: Xdg
) -> None:
    env = runtime_env(env_for(xdg), tmp_path / "run")
    command = [*WALKTIMER, "run", "classic-30-30", "--no-prompts", "--audio", "none"]
    terminal.start(command, env)
    terminal.wait_for(lambda s: "WARM-UP · Slow easy walk" in s, "the first warm-up step")

    assert control(env, "skip").returncode == 0
    terminal.wait_for(
        lambda s: "WARM-UP · Easy walk, a little quicker" in s and "step 2 of 2" in s,
        "the second warm-up step",
        timeout=3,
    )
    assert control(env, "pause").returncode == 0
    terminal.wait_for(lambda s: "PAUSED" in s, "the pause", timeout=3)
    assert status(env)["paused"] is True

    assert control(env, "stop").returncode == 0
    ended = terminal.wait_for(lambda s: "EXIT=" in s, "the app to end", timeout=10)
    assert "EXIT=0" in ended
    [saved] = summaries(xdg)
    assert (saved["status"], saved["stop_reason"]) == ("stopped", "user")
    assert [(p["name"], p["skipped"]) for p in saved["phases"]] == [
        ("Slow easy walk", True),
        ("Easy walk, a little quicker", False),
    ]


def test_toggle_from_afar_starts_the_walk_while_the_app_gets_ready(
    terminal: Terminal, tmp_path: Path, xdg: Xdg
) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text("checklist = false\n")  # the pain rating alone comes first
    env = runtime_env(env_for(xdg), tmp_path / "run")
    terminal.start([*WALKTIMER, "run", "classic-30-30", "--audio", "none"], env)
    terminal.wait_for(lambda s: "How does your back feel now" in s, "the pain question")
    terminal.keys("4")
    terminal.wait_for(lambda s: "The walk starts in" in s, "GET READY")
    getting_ready = time.monotonic()

    ready = control(env, "status")
    assert (ready.returncode, ready.stdout) == (
        0,
        "Getting ready: WARMUP Slow easy walk comes first\n",
    )
    toggled = control(env, "toggle", "--json")
    answered = time.monotonic() - getting_ready
    assert toggled.returncode == 0, toggled.stderr
    assert answered < GET_READY_SECONDS - 1, f"too slow to tell: {answered:.1f} s"
    after = json.loads(toggled.stdout)
    assert (after["status"], after["kind"], after["paused"]) == ("running", "warmup", False)
    terminal.wait_for(
        lambda s: "WARM-UP · Slow easy walk" in s and "The walk starts in" not in s,
        "the walk under way",
        timeout=3,
    )

"""The real program over files that could hang it, fill its memory or that it may not read: a
file of gigabytes, a named pipe, a folder closed to the walker. Each is refused in one line and
the program goes on; where the process itself is the point (its memory, whether it blocks,
which user runs it) it runs in a subprocess of its own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO, Xdg, require_program
from tests.unit.storage.summaries import make_summary
from walktimer.storage import write_summary

pytestmark = pytest.mark.e2e

TIMEOUT = 30  # seconds: a program that waits on a pipe would wait for ever
MEMORY_LIMIT_KB = 200 * 1024
# Run `walktimer ARGS` in a child of a Python of its own and print the child's peak memory in
# KiB: RUSAGE_CHILDREN of that Python sees only this one child, whatever else pytest ran.
PEAK = (
    "import resource, subprocess, sys; "
    "done = subprocess.run([sys.executable, '-m', 'walktimer', *sys.argv[1:]], "
    "stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True); "
    "sys.stderr.write(done.stderr); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
    "sys.exit(done.returncode)"
)


def walktimer(xdg: Xdg, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "walktimer", *args],
        env=xdg.env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def a_walk(xdg: Xdg) -> None:
    write_summary(make_summary(datetime.now().astimezone() - timedelta(hours=1)), xdg.sessions)


def test_a_file_of_two_gigabytes_among_the_walks_is_skipped_quickly_and_lightly(
    xdg: Xdg,
) -> None:
    a_walk(xdg)
    big = xdg.sessions / "x.toml"
    with big.open("wb") as stream:
        stream.truncate(2 * 1024**3)  # sparse: no room taken on the disk
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, "history"],
        env=xdg.env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) < MEMORY_LIMIT_KB, f"peak memory {int(done.stdout) // 1024} MiB"
    assert took < 10
    assert done.stderr == (
        f"walktimer: warning: {big}: too large: 2,147,483,648 bytes, more than the limit of "
        "1 MiB (1,048,576 bytes); skipped\n"
    )


@pytest.mark.parametrize("command", [["history"], ["history", "--json"], ["stats"]])
def test_a_named_pipe_among_the_walks_is_skipped_and_never_waited_on(
    xdg: Xdg, command: list[str]
) -> None:
    a_walk(xdg)
    os.mkfifo(xdg.sessions / "x.toml")
    done = walktimer(xdg, *command)
    assert done.returncode == 0
    assert done.stderr == (
        f"walktimer: warning: {xdg.sessions / 'x.toml'}: not a regular file (a named pipe); "
        "skipped\n"
    )


def test_a_config_that_is_a_named_pipe_is_refused_and_never_waited_on(xdg: Xdg) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    os.mkfifo(xdg.config_file)
    done = walktimer(xdg, "stats")
    assert (done.returncode, done.stderr) == (
        2,
        f"walktimer: {xdg.config_file}: not a regular file (a named pipe)\n",
    )


def test_a_preset_that_is_a_named_pipe_is_refused_and_never_waited_on(xdg: Xdg) -> None:
    xdg.presets.mkdir(parents=True)
    os.mkfifo(xdg.presets / "pipe.toml")
    listed = walktimer(xdg, "presets", "list", "--json")
    assert listed.returncode == 0
    entry = next(e for e in json.loads(listed.stdout) if e["id"] == "pipe")
    assert entry["error"] == f"{xdg.presets / 'pipe.toml'}: not a regular file (a named pipe)"
    checked = walktimer(xdg, "presets", "validate", str(xdg.presets / "pipe.toml"))
    assert (checked.returncode, checked.stderr) == (
        2,
        f"{xdg.presets / 'pipe.toml'}: not a regular file (a named pipe)\n",
    )


def test_a_plain_walk_of_a_preset_nested_too_deeply_is_one_line_and_exit_2(xdg: Xdg) -> None:
    xdg.presets.mkdir(parents=True)
    deep = xdg.presets / "deep.toml"
    shutil.copy(FIXTURES / "presets" / "nested-too-deeply.toml", deep)
    done = walktimer(xdg, "run", "deep", "--plain", "--no-prompts", "--audio", "none")
    assert (done.returncode, done.stderr) == (2, f"walktimer: {deep}: nested too deeply\n")


# --- a folder the walker may not read -----------------------------------------------------


Runner = Callable[[list[str], dict[str, str]], subprocess.CompletedProcess[str]]


@pytest.fixture
def shared_tmp(tmp_path: Path) -> Iterator[Path]:
    """A folder for the walker's files, opened again afterwards so it can be cleaned up."""
    folder = tmp_path / "walker"
    folder.mkdir()
    try:
        yield folder
    finally:
        for path in folder.rglob("*"):
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder)


@pytest.fixture
def as_walker() -> Runner:
    """Run walktimer as a walker without root's powers, who cannot read a folder closed to
    them. As root (CI) the same user with the two capabilities that let root read anything
    dropped (`setpriv`), so permission bits apply as they do to everyone else; as anyone else,
    the test's own user."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = require_program("setpriv")
        prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]

    def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, sys.executable, "-m", "walktimer", *args],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )

    return run


def folders(root: Path) -> dict[str, str]:
    (root / "config").mkdir()
    (root / "data" / "walktimer").mkdir(parents=True)
    for path in (root / "config", root / "data", root / "data" / "walktimer"):
        path.chmod(0o755)
    return {
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_DATA_HOME": str(root / "data"),
        "HOME": str(root),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


@pytest.mark.parametrize("command", [["history"], ["history", "--json"], ["stats"]])
def test_a_sessions_folder_the_walker_cannot_read_is_an_error_naming_it(
    shared_tmp: Path, as_walker: Runner, command: list[str]
) -> None:
    env = folders(shared_tmp)
    sessions = shared_tmp / "data" / "walktimer" / "sessions"
    write_summary(make_summary(), sessions)
    sessions.chmod(0o000)
    done = as_walker(command, env)
    assert (done.returncode, done.stdout) == (1, ""), done.stderr
    assert done.stderr == (
        f"walktimer: {sessions}: cannot read the folder of saved walks: Permission denied\n"
    )


def test_a_presets_subfolder_the_walker_cannot_read_is_named_by_presets_list(
    shared_tmp: Path, as_walker: Runner
) -> None:
    env = folders(shared_tmp)
    locked = shared_tmp / "config" / "walktimer" / "presets" / "locked"
    locked.mkdir(parents=True)
    for path in (locked.parent.parent, locked.parent):
        path.chmod(0o755)
    shutil.copy(REPO / "presets" / "walks" / "classic-30-30.toml", locked / "mine.toml")
    locked.chmod(0o000)
    done = as_walker(["presets", "list"], env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        f"walktimer: warning: {locked}: cannot read the folder: Permission denied; "
        "the files in it are not read\n"
    )


@pytest.mark.parametrize("command", [["control", "status"], ["presets", "list", "--json"]])
def test_a_data_folder_the_walker_cannot_read_is_no_traceback(
    shared_tmp: Path, as_walker: Runner, command: list[str]
) -> None:
    """Whether a walk left something to recover is looked at before every command: a data
    folder closed to the walker is said in one line, and the command goes on."""
    env = folders(shared_tmp)
    data = shared_tmp / "data" / "walktimer"
    data.chmod(0o000)
    done = as_walker(command, {**env, "XDG_STATE_HOME": str(shared_tmp / "state")})
    assert "Traceback" not in done.stderr
    assert (
        f"{data / 'in-progress'}: cannot look for walks to save: Permission denied" in done.stderr
    )
    assert done.returncode == (1 if command[0] == "control" else 0), done.stderr

"""The end-to-end tests: every one marked `e2e`, and their terminal, a real tmux of their own."""

from __future__ import annotations

import os
import secrets
import shlex
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import Xdg, require, require_program
from tests.e2e import alsa

HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)  # before `-m` selects: the mark must be there by then
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder runs the real program: mark it `e2e`, so `-m "not e2e"` (and
    `make test-fast`) leaves it out even where its module forgets the mark."""
    for item in items:
        if item.path.resolve().is_relative_to(HERE) and item.get_closest_marker("e2e") is None:
            item.add_marker(pytest.mark.e2e)


class Terminal:
    """One tmux server of our own (its own socket), so a developer's tmux is never touched."""

    def __init__(self, tmux: str) -> None:
        self.tmux = tmux
        self.socket = f"walktimer-test-{secrets.token_hex(4)}"

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [self.tmux, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
        return done.stdout

    def start(
        self, command: list[str], env: dict[str, str], size: tuple[int, int] = (100, 30)
    ) -> None:
        """`command` in a terminal of `size` (columns, lines); `EXIT=<code>` once it ends."""
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # Without COLUMNS and LINES from this process: the pane's own size is the one to use.
        line = f"env -u COLUMNS -u LINES {exports} {shlex.join(command)}; echo EXIT=$?; sleep 60"
        self._new_session(line, size)

    def shell(self, env: dict[str, str], size: tuple[int, int] = (100, 30)) -> None:
        """An interactive bash (prompt `$ `), as a walker types into one; its history goes
        nowhere, so the real home's is never written."""
        bash = require_program("bash")
        exports = " ".join(
            f"{k}={shlex.quote(v)}"
            for k, v in (env | {"PS1": "$ ", "HISTFILE": "/dev/null"}).items()
        )
        self._new_session(f"env {exports} {shlex.quote(bash)} --norc --noprofile -i", size)
        self.wait_for(lambda s: s.rstrip().endswith("$"), "the shell's prompt")

    def _new_session(self, line: str, size: tuple[int, int]) -> None:
        width, height = size
        self.run("new-session", "-d", "-s", "walk", "-x", str(width), "-y", str(height), line)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "walk")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "walk", *keys)

    def wait_for(self, found: Callable[[str], bool], what: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if found(text):
                return text
            if time.monotonic() > deadline:
                pytest.fail(f"waited {timeout} s for {what}; the screen shows:\n{text}")
            time.sleep(0.05)

    def pid(self) -> int:
        """The walktimer process: the child of the pane's shell."""
        shell = int(self.run("display-message", "-p", "-t", "walk", "#{pane_pid}").strip())
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        return int(children[0])

    def close(self) -> None:
        subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(require_program("tmux"))
    try:
        yield term
    finally:
        term.close()


def env_for(xdg: Xdg) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        XDG_CONFIG_HOME=str(xdg.config),
        XDG_DATA_HOME=str(xdg.data),
        XDG_STATE_HOME=str(xdg.state),
        TERM="xterm-256color",
    )
    return env


@pytest.fixture
def capture(tmp_path: Path, xdg: Xdg) -> alsa.Capture:
    """ALSA's default device, for a program run with `capture.env`: each stream it opens is
    saved whole, as fast as it is written (tests/e2e/alsa.py)."""
    require(alsa.ALSA_CONF.is_file(), f"ALSA ({alsa.ALSA_CONF})")
    require_program("date")
    return alsa.unpaced(tmp_path, xdg.env())


@pytest.fixture
def paced_capture(tmp_path: Path, xdg: Xdg) -> Iterator[alsa.Capture]:
    """As `capture`, with the player held to real time as by a sound card: a stream cut short
    is saved only up to about when it was cut."""
    require(alsa.ALSA_CONF.is_file(), f"ALSA ({alsa.ALSA_CONF})")
    require_program("date")
    with alsa.paced(tmp_path, xdg.env()) as capture:
        yield capture

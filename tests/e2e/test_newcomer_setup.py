"""The set-up a walker lives with: `walktimer` on the PATH after `make install`, and `make run`
taking any walktimer command, as typed in a real terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, Xdg, require_program
from tests.e2e.conftest import Terminal, env_for

pytestmark = pytest.mark.e2e


def test_make_install_puts_walktimer_on_the_path_it_names(
    terminal: Terminal, tmp_path: Path, xdg: Xdg
) -> None:
    make = require_program("make")
    prefix = tmp_path / "home-local"
    env = env_for(xdg)
    script = (
        f"{make} -s -C {REPO} install PREFIX={prefix} >{tmp_path / 'install.log'} 2>&1; "
        f"echo INSTALLED=$?; export PATH={prefix / 'bin'}:/usr/bin:/bin; "
        "cd /; walktimer presets list --kind walk"
    )
    terminal.start(["sh", "-c", script], env)
    screen = terminal.wait_for(lambda s: "EXIT=" in s, "the install and a command", timeout=300)
    log = (tmp_path / "install.log").read_text()
    assert "INSTALLED=0" in screen, log
    assert f'export PATH="{prefix / "bin"}:$PATH"' in log  # it says how to reach it
    assert "first-steps" in screen and "classic-30-30" in screen
    assert "EXIT=0" in screen
    assert (prefix / "bin" / "walktimer").resolve().is_relative_to(prefix / "lib" / "walktimer")


def test_make_run_passes_its_arguments_to_walktimer(terminal: Terminal, xdg: Xdg) -> None:
    make = require_program("make")
    # -o (--old-file): the checkout's .venv is taken as set up, never reinstalled under the tests.
    stamp = ".venv/.installed-run"
    command = [make, "-s", "-C", str(REPO), "-o", stamp, "run", "ARGS=presets list --kind walk"]
    terminal.start(command, env_for(xdg))
    screen = terminal.wait_for(lambda s: "EXIT=" in s, "make run", timeout=300)
    assert "EXIT=0" in screen
    assert "first-steps" in screen and "iwt-3x3" in screen

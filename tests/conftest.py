"""Shared fixtures: temporary XDG folders for every test, and components that CI must have."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(available: bool, what: str) -> None:
    """Skip when a real component is missing here; in CI a missing component is a failure."""
    if available:
        return
    if in_ci():
        pytest.fail(f"{what} is required in CI (CI=true) but is missing", pytrace=False)
    pytest.skip(f"{what} is not available here")


def require_program(name: str) -> str:
    path = shutil.which(name)
    require(path is not None, f"the program {name!r}")
    assert path is not None
    return path


@dataclass(frozen=True)
class Xdg:
    config: Path
    data: Path
    state: Path

    @property
    def presets(self) -> Path:
        return self.config / "walktimer" / "presets"

    @property
    def sessions(self) -> Path:
        return self.data / "walktimer" / "sessions"

    @property
    def trash(self) -> Path:
        """Where deleted and discarded walks go (same file names)."""
        return self.data / "walktimer" / "trash"

    @property
    def remembered(self) -> Path:
        """walktimer's own state folder: the last choices made on home."""
        return self.state / "walktimer"

    @property
    def checkpoints(self) -> Path:
        """Where each running walk keeps its checkpoint (`<id>.toml`) and lock (`<id>.lock`)."""
        return self.data / "walktimer" / "in-progress"

    def checkpoint_files(self) -> list[Path]:
        """The walks' checkpoints and locks on disk now: none once every walk is saved."""
        if not self.checkpoints.is_dir():
            return []
        return sorted(p for p in self.checkpoints.iterdir() if p.suffix in (".toml", ".lock"))

    @property
    def config_file(self) -> Path:
        return self.config / "walktimer" / "config.toml"

    def env(self) -> dict[str, str]:
        """An environment for a subprocess that sees only these folders."""
        env = dict(os.environ)
        env.update(
            XDG_CONFIG_HOME=str(self.config),
            XDG_DATA_HOME=str(self.data),
            XDG_STATE_HOME=str(self.state),
        )
        return env


@pytest.fixture(autouse=True)
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Xdg:
    """Every test gets empty config and data folders: the developer's own never leak in."""
    folders = Xdg(tmp_path / "xdg-config", tmp_path / "xdg-data", tmp_path / "xdg-state")
    for folder in (folders.config, folders.data, folders.state):
        folder.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folders.config))
    monkeypatch.setenv("XDG_DATA_HOME", str(folders.data))
    monkeypatch.setenv("XDG_STATE_HOME", str(folders.state))
    # A walk listens for `walktimer control` beside its state, never in the developer's own
    # runtime folder, where a test's walk would meet (or be) a real one.
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    return folders


@pytest.fixture
def walktimer_cmd() -> list[str]:
    """The real program, as a subprocess runs it."""
    return [sys.executable, "-m", "walktimer"]


def refuse_to_list(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """`folder` cannot be listed, as for a walker without permission to read it (the real
    permission case runs in tests/e2e, without root's powers)."""
    real = os.scandir

    def refuse(path: Any) -> Any:
        if os.fspath(path) == str(folder):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", refuse)

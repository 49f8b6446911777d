"""Fixtures of the unit tests: a phone made of stand-ins for the Termux programs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.termux import Phone


@pytest.fixture
def phone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Phone:
    """Under Termux, as a phone has it: nothing on PATH but the stand-ins a test installs, and
    no simpleaudio."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("TERMUX_VERSION", "0.118.1")
    monkeypatch.setitem(sys.modules, "simpleaudio", None)
    return Phone(folder)

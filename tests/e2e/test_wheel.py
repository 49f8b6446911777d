"""The wheel ships the bundled presets, so an installed walktimer finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(folder),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = folder.glob("walktimer-*.whl")
    return built


def test_the_wheel_contains_every_bundled_preset(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = {
        f"walktimer/presets/{p.relative_to(REPO / 'presets').as_posix()}"
        for p in (REPO / "presets").rglob("*.toml")
    }
    assert len(bundled) >= 7
    assert bundled <= names
    assert "walktimer/cli.py" in names


def test_an_installed_walktimer_lists_the_presets_it_ships(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    result = subprocess.run(
        [sys.executable, "-m", "walktimer", "presets", "list", "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "XDG_CONFIG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    shipped = site / "walktimer" / "presets" / "walks" / "first-steps.toml"
    assert f'"path": "{shipped}"' in result.stdout  # absolute: a walker can find and copy it
    probe = subprocess.run(
        [sys.executable, "-c", "import walktimer; print(walktimer.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(site)},
    )
    assert probe.stdout.startswith(str(site))

"""The wheel ships the bundled presets, so an installed walktimer finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_the_wheel_contains_every_bundled_preset(tmp_path: Path) -> None:
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
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("walktimer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = {
        f"walktimer/presets/{p.relative_to(REPO / 'presets').as_posix()}"
        for p in (REPO / "presets").rglob("*.toml")
    }
    assert len(bundled) >= 7
    assert bundled <= names
    assert "walktimer/cli.py" in names


def test_an_installed_walktimer_lists_the_presets_it_ships(tmp_path: Path) -> None:
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
            str(tmp_path / "dist"),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("walktimer-*.whl")
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
    assert '"path": "presets/walks/first-steps.toml"' in result.stdout
    probe = subprocess.run(
        [sys.executable, "-c", "import walktimer; print(walktimer.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(site)},
    )
    assert probe.stdout.startswith(str(site))

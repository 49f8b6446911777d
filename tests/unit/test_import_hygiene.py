"""The domain and the data commands never import Textual (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import Xdg

CHECK = """
import sys
{body}
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print("LOADED:" + ",".join(loaded))
"""


def loaded_textual(body: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(body=body)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.rsplit("LOADED:", 1)[1].strip()


def test_the_domain_package_imports_without_textual(xdg: Xdg) -> None:
    body = (
        "import walktimer.domain.presets, walktimer.domain.catalog, walktimer.domain.plan\n"
        "import walktimer.domain.session, walktimer.domain.summary, walktimer.storage\n"
        "import pkgutil, importlib, walktimer.domain\n"
        "for m in pkgutil.iter_modules(walktimer.domain.__path__):\n"
        "    importlib.import_module('walktimer.domain.' + m.name)\n"
    )
    assert loaded_textual(body, xdg.env()) == ""


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["presets", "list"],
        ["presets", "list", "--json"],
        ["presets", "show", "classic-30-30", "--json"],
        ["presets", "validate", "presets/walks/classic-30-30.toml"],
        ["history", "--json"],
        ["history", "--csv"],
        ["history"],
        ["stats", "--json"],
        ["stats"],
    ],
)
def test_data_commands_run_without_importing_textual(argv: list[str], xdg: Xdg) -> None:
    body = (
        "from walktimer.cli import main\n"
        f"try:\n    code = main({argv!r})\nexcept SystemExit as exit:\n    code = exit.code\n"
        "assert code == 0, code\n"
    )
    assert loaded_textual(body, xdg.env()) == ""


def test_the_check_itself_sees_textual_when_it_is_imported(xdg: Xdg) -> None:
    assert "textual" in loaded_textual("import textual.app", xdg.env()).split(",")

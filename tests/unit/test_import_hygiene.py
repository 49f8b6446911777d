"""The domain and the data commands never import Textual (checked in a fresh interpreter), and
the quick commands load neither the sound players nor the preset decoder before they need them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Xdg

pytestmark = pytest.mark.e2e  # each check starts a fresh interpreter: the point is its sys.modules

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


def loaded_modules(body: str, env: dict[str, str]) -> set[str]:
    code = f"import sys\n{body}\nprint('LOADED:' + ','.join(sorted(sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.rsplit("LOADED:", 1)[1].strip().split(","))


RUN_MAIN = (
    "from walktimer.cli import main\n"
    "try:\n    code = main({argv!r})\nexcept SystemExit as exit:\n    code = exit.code\n"
    "assert code == 0, code\n"
)
SOUND = {"walktimer.audio.player", "walktimer.audio.backends", "walktimer.audio.synth"}


@pytest.mark.parametrize("argv", [["--version"], ["presets", "list", "--json"]])
def test_quick_commands_do_not_load_the_sound_players(argv: list[str], xdg: Xdg) -> None:
    """The command line checks `--audio` against the backend names: that must not cost the
    start-up of the players, their synthesis and their subprocesses."""
    loaded = loaded_modules(RUN_MAIN.format(argv=argv), xdg.env())
    assert "walktimer.audio.names" in loaded  # the check below looks in the right place
    assert loaded & (SOUND | {"subprocess"}) == set()


def test_version_does_not_load_the_preset_decoder(xdg: Xdg) -> None:
    """`--kind` takes its choices from the preset kinds, without msgspec and tomllib."""
    loaded = loaded_modules(RUN_MAIN.format(argv=["--version"]), xdg.env())
    assert "walktimer.domain.kinds" in loaded
    assert loaded & {"msgspec", "tomllib", "walktimer.domain.presets"} == set()


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["presets", "list"],
        ["presets", "list", "--json"],
        ["presets", "show", "classic-30-30"],
        ["history"],
        ["history", "--json"],
        ["stats"],
        ["stats", "--json"],
    ],
)
def test_data_commands_do_not_load_the_fit_writer(argv: list[str], xdg: Xdg) -> None:
    """fit-tool is loaded by `export --format fit` alone, when it writes the file."""
    loaded = loaded_modules(RUN_MAIN.format(argv=argv), xdg.env())
    assert "walktimer.cli" in loaded  # the check below looks in the right place
    assert not any(m == "fit_tool" or m.startswith("fit_tool.") for m in loaded)


def test_the_check_itself_sees_the_fit_writer_when_a_fit_file_is_written(
    xdg: Xdg, tmp_path: Path
) -> None:
    target = tmp_path / "walk.fit"
    argv = ["export", "first-steps", "--format", "fit", "-o", str(target)]
    assert "fit_tool" in loaded_modules(RUN_MAIN.format(argv=argv), xdg.env())
    assert target.is_file()

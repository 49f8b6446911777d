"""`walktimer presets ...` and `--version`: exit code and output, as a user running them sees.

`walktimer.cli.main` runs in this process, from the repository's root as a user would run it
there; tests/e2e runs the real program.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO, Xdg
from tests.fakes import run_main as run
from walktimer import __version__

Capture = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative preset paths are read from the repository's root."""
    monkeypatch.chdir(REPO)


def test_version_prints_the_package_version(capsys: Capture) -> None:
    result = run(capsys, "--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"walktimer {__version__}")


def test_presets_list_json_has_the_documented_shape(capsys: Capture, xdg: Xdg) -> None:
    (xdg.presets).mkdir(parents=True)
    (xdg.presets / "broken.toml").write_text('kind = "walk"\n')
    result = run(capsys, "presets", "list", "--json")
    assert result.returncode == 0, result.stderr
    listing = {item["id"]: item for item in json.loads(result.stdout)}
    classic = listing["classic-30-30"]
    assert classic == {
        "id": "classic-30-30",
        "kind": "walk",
        "name": "Classic 30/30",
        "description": classic["description"],
        "source": "bundled",
        "path": "presets/walks/classic-30-30.toml",
        "usable": True,
        "error": None,
        "total_seconds": 1265,
    }
    assert "total_seconds" not in listing["easy-walk"]
    broken = listing["broken"]
    assert (broken["usable"], broken["source"]) == (False, "user")
    assert broken["error"].endswith("broken.toml: name: missing required key")


def test_presets_list_filters_by_kind(capsys: Capture) -> None:
    result = run(capsys, "presets", "list", "--kind", "cooldown", "--json")
    assert {item["kind"] for item in json.loads(result.stdout)} == {"cooldown"}


def test_presets_list_table_shows_total_durations(capsys: Capture) -> None:
    result = run(capsys, "presets", "list")
    line = next(line for line in result.stdout.splitlines() if "classic-30-30" in line)
    assert "21:05" in line


def test_presets_show_prints_the_timeline(capsys: Capture) -> None:
    result = run(capsys, "presets", "show", "first-steps")
    assert result.returncode == 0
    assert "05:00 FAST Brisk walk, round 1/4 (0:30)" in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1] == "12:00 DONE"


def test_presets_show_unknown_id_exits_2(capsys: Capture) -> None:
    result = run(capsys, "presets", "show", "nope")
    assert (result.returncode, result.stderr) == (2, 'walktimer: no preset named "nope"\n')


def test_validate_prints_one_line_per_problem_and_exits_2(capsys: Capture) -> None:
    bad = str(Path("tests/fixtures/presets/out-of-range.toml"))
    good = "presets/walks/classic-30-30.toml"
    result = run(capsys, "presets", "validate", good, bad)
    assert result.returncode == 2
    assert result.stdout == f'{good}: ok (walk "Classic 30/30")\n'
    assert result.stderr.splitlines() == [
        f"{bad}: intervals.fast_seconds: expected an integer >= 1, got 0",
        f"{bad}: intervals.rounds: expected an integer <= 200, got 201",
    ]
    assert "Traceback" not in result.stderr


def test_validate_all_fixture_failures_without_a_traceback(capsys: Capture) -> None:
    files = sorted(str(p.relative_to(REPO)) for p in (FIXTURES / "presets").glob("*.toml"))
    result = run(capsys, "presets", "validate", *files)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    named = {line.split(": ", 1)[0] for line in result.stderr.splitlines()}
    assert named == set(files)


def test_validate_of_valid_files_exits_0(capsys: Capture) -> None:
    files = sorted(str(p.relative_to(REPO)) for p in (REPO / "presets").rglob("*.toml"))
    result = run(capsys, "presets", "validate", *files)
    assert (result.returncode, result.stderr) == (0, "")
    assert len(result.stdout.splitlines()) == len(files)


def test_a_bad_config_file_is_one_line_and_exit_2(capsys: Capture, xdg: Xdg) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text("weekly_goal = 0\n")
    result = run(capsys, "run", "first-steps", "--plain", "--no-prompts")
    assert result.returncode == 2
    assert result.stderr == (
        f"walktimer: {xdg.config_file}: weekly_goal: expected an integer >= 1, got 0\n"
    )


def test_run_with_a_broken_preset_exits_2_naming_the_file(capsys: Capture, xdg: Xdg) -> None:
    bad = "tests/fixtures/presets/wrong-type.toml"
    result = run(capsys, "run", bad, "--plain", "--no-prompts", "--audio", "none")
    assert result.returncode == 2
    assert (
        result.stderr
        == f'walktimer: {bad}: intervals.fast_seconds: expected an integer, got "30"\n'
    )
    assert not xdg.sessions.exists()

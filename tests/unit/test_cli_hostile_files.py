"""Commands over files that are not what they should be: nested thousands of levels deep, out
of range, oddly named, in a folder that cannot be read. Each gives one line naming the file and
its problem, the right exit code and no traceback; the other walks and presets still show.

`walktimer.cli.main` runs in this process; tests/e2e/test_hostile_files.py runs the real
program where the process itself matters (memory, blocking, another user).
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, REPO, Xdg, refuse_to_list
from tests.fakes import run_main as run
from tests.unit.storage.summaries import make_summary
from walktimer.storage import write_summary

Capture = pytest.CaptureFixture[str]
SUMMARIES = REPO / "tests" / "unit" / "storage" / "fixtures"
OUT_OF_RANGE = [
    "nested-too-deeply.toml",
    "year-9999.toml",
    "year-1.toml",
    "nan-seconds.toml",
    "infinite-seconds.toml",
    "negative-seconds.toml",
    "far-too-long.toml",
    "ends-before-start.toml",
]
ODD_NAME = os.fsdecode(b"walk-\xff\xfe.toml")


def strict_json(text: str) -> Any:
    """JSON as other programs read it: NaN and Infinity are not JSON."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def no_traceback(result: Any) -> None:
    assert "Traceback" not in result.stderr
    assert "Error" not in result.stderr


def a_walk_this_week(xdg: Xdg) -> None:
    now = datetime.now().astimezone()
    write_summary(make_summary(now - timedelta(hours=1)), xdg.sessions)


# --- presets and the config ---------------------------------------------------------------


@pytest.fixture
def deep_preset(xdg: Xdg) -> Path:
    xdg.presets.mkdir(parents=True)
    return Path(
        shutil.copy(FIXTURES / "presets" / "nested-too-deeply.toml", xdg.presets / "deep.toml")
    )


def test_a_user_preset_nested_too_deeply_is_refused_in_one_line(
    capsys: Capture, deep_preset: Path
) -> None:
    problem = f"{deep_preset}: nested too deeply"
    shown = run(capsys, "presets", "show", "deep")
    assert shown.returncode == 2
    assert problem in shown.stdout.splitlines()
    no_traceback(shown)
    validated = run(capsys, "presets", "validate", str(deep_preset))
    assert (validated.returncode, validated.stderr) == (2, problem + "\n")
    walked = run(capsys, "run", "deep", "--plain", "--no-prompts", "--audio", "none")
    assert (walked.returncode, walked.stderr) == (2, f"walktimer: {problem}\n")
    listed = run(capsys, "presets", "list", "--json")
    assert listed.returncode == 0
    entry = next(e for e in strict_json(listed.stdout) if e["id"] == "deep")
    assert (entry["usable"], entry["error"]) == (False, problem)


def test_presets_show_json_of_an_unusable_preset_exits_2_with_the_json(
    capsys: Capture, deep_preset: Path
) -> None:
    result = run(capsys, "presets", "show", "deep", "--json")
    assert result.returncode == 2
    data = strict_json(result.stdout)
    assert (data["id"], data["usable"]) == ("deep", False)
    assert data["error"] == f"{deep_preset}: nested too deeply"


def test_a_config_nested_too_deeply_is_one_line_and_exit_2(capsys: Capture, xdg: Xdg) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text("weekly_goal = 3\n[audio]\nextra = " + "[" * 2000 + "]" * 2000)
    for command in (["stats"], ["stats", "--json"], ["run", "--plain", "--no-prompts"]):
        result = run(capsys, *command)
        assert (result.returncode, result.stderr) == (
            2,
            f"walktimer: {xdg.config_file}: nested too deeply\n",
        ), command


def test_a_config_starting_with_a_byte_order_mark_is_read(capsys: Capture, xdg: Xdg) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_bytes(b"\xef\xbb\xbfweekly_goal = 5\n")
    result = run(capsys, "stats", "--json")
    assert result.returncode == 0, result.stderr
    assert strict_json(result.stdout)["weekly_goal"] == 5


def test_a_config_that_is_a_folder_is_named_in_one_line(capsys: Capture, xdg: Xdg) -> None:
    xdg.config_file.mkdir(parents=True)
    result = run(capsys, "stats")
    assert (result.returncode, result.stderr) == (
        2,
        f"walktimer: {xdg.config_file}: not a regular file (a folder)\n",
    )


def test_presets_list_names_a_presets_path_that_is_a_file(capsys: Capture, xdg: Xdg) -> None:
    xdg.presets.parent.mkdir(parents=True)
    xdg.presets.write_text("my presets")
    result = run(capsys, "presets", "list", "--json")
    assert result.returncode == 0
    assert result.stderr == (
        f"walktimer: warning: {xdg.presets}: not a folder, so nothing in it is read\n"
    )
    assert any(e["id"] == "first-steps" for e in strict_json(result.stdout))


def test_presets_list_names_a_subfolder_it_cannot_read(
    capsys: Capture, xdg: Xdg, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = xdg.presets / "locked"
    locked.mkdir(parents=True)
    refuse_to_list(monkeypatch, locked)
    result = run(capsys, "presets", "list")
    assert result.returncode == 0
    assert result.stderr == (
        f"walktimer: warning: {locked}: cannot read the folder: Permission denied; "
        "the files in it are not read\n"
    )


def test_a_walk_whose_warmup_is_itself_is_refused_by_run(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    path = "tests/fixtures/presets/warmup-is-itself.toml"
    result = run(capsys, "run", path, "--plain", "--no-prompts", "--audio", "none")
    assert (result.returncode, result.stderr) == (
        2,
        f"walktimer: {path}: warmup: {path}: is a walk, not a warm-up\n",
    )


# --- saved walks --------------------------------------------------------------------------


@pytest.fixture
def hostile_sessions(xdg: Xdg) -> list[Path]:
    """A walk this week, and a copy of each file that must be skipped with its reason."""
    a_walk_this_week(xdg)
    return [
        Path(shutil.copy(SUMMARIES / "bad" / name, xdg.sessions / name)) for name in OUT_OF_RANGE
    ]


@pytest.mark.parametrize(
    "command",
    [["history"], ["history", "--json"], ["history", "--csv"], ["stats"], ["stats", "--json"]],
    ids=" ".join,
)
def test_files_out_of_range_are_skipped_and_every_other_walk_shown(
    capsys: Capture, hostile_sessions: list[Path], command: list[str]
) -> None:
    result = run(capsys, *command)
    assert result.returncode == 0
    no_traceback(result)
    warned = sorted(line.split(": ", 3)[2] for line in result.stderr.splitlines())
    assert warned == sorted(str(path) for path in hostile_sessions)
    assert all(line.endswith("; skipped") for line in result.stderr.splitlines())
    if command == ["history", "--json"]:
        assert len(strict_json(result.stdout)) == 1
    if command == ["stats", "--json"]:
        stats = strict_json(result.stdout)
        assert (stats["total_walks"], stats["this_week"]["walks"]) == (1, 1)
        assert stats["total_active_minutes"] == 2.0


@pytest.mark.parametrize(
    "command",
    [["history"], ["history", "--json"], ["history", "--csv"], ["stats"], ["stats", "--json"]],
    ids=" ".join,
)
def test_a_walk_file_named_in_bytes_that_are_not_utf8_is_read(
    capsys: Capture, xdg: Xdg, command: list[str]
) -> None:
    a_walk_this_week(xdg)
    shutil.copy(SUMMARIES / "valid.toml", xdg.sessions / ODD_NAME)
    for _ in range(2):  # the second time through the index the first one saved
        result = run(capsys, *command)
        assert (result.returncode, result.stderr) == (0, "")
    if command == ["stats", "--json"]:
        stats = strict_json(result.stdout)
        assert stats["total_walks"] + stats["short_walks"] == 2  # the copy is too short to count


@pytest.mark.parametrize("command", [["history"], ["history", "--json"], ["stats", "--json"]])
def test_a_sessions_path_that_is_a_file_is_an_error_not_an_empty_history(
    capsys: Capture, xdg: Xdg, command: list[str]
) -> None:
    xdg.sessions.parent.mkdir(parents=True)
    xdg.sessions.write_text("not a folder")
    result = run(capsys, *command)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"walktimer: {xdg.sessions}: not a folder\n"


def test_a_sessions_folder_that_cannot_be_read_is_an_error_naming_it(
    capsys: Capture, xdg: Xdg, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_walk_this_week(xdg)
    refuse_to_list(monkeypatch, xdg.sessions)
    for command in (["history"], ["stats"]):
        result = run(capsys, *command)
        assert (result.returncode, result.stdout) == (1, ""), command
        assert result.stderr == (
            f"walktimer: {xdg.sessions}: cannot read the folder of saved walks: Permission denied\n"
        )

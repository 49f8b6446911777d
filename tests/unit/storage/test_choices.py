"""The choices remembered between launches: written whole, read strictly, never a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from walktimer.storage.choices import (
    FILE_NAME,
    MAX_CHOICES_BYTES,
    Choices,
    UnusableChoices,
    read_choices,
    write_choices,
)


def test_nothing_remembered_is_none(tmp_path: Path) -> None:
    assert read_choices(tmp_path / "walktimer") is None


def test_written_choices_read_back_the_same(tmp_path: Path) -> None:
    folder = tmp_path / "state" / "walktimer"
    chosen = Choices(walk="classic-30-30", warmup="none", rounds=6, fast_seconds=45)
    path = write_choices(folder, chosen)
    assert path == folder / FILE_NAME
    assert read_choices(folder) == chosen


def test_a_measured_cadence_is_remembered_for_the_fast_intervals(tmp_path: Path) -> None:
    write_choices(tmp_path, Choices(walk="classic-30-30", fast_cadence=118))
    assert (tmp_path / FILE_NAME).read_text() == 'walk = "classic-30-30"\nfast_cadence = 118\n'
    assert read_choices(tmp_path) == Choices(walk="classic-30-30", fast_cadence=118)


def test_the_walks_own_values_are_left_out_of_the_file(tmp_path: Path) -> None:
    write_choices(tmp_path, Choices(walk="first-steps", slow_seconds=40))
    assert (tmp_path / FILE_NAME).read_text() == 'walk = "first-steps"\nslow_seconds = 40\n'


def test_writing_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "walktimer"
    write_choices(folder, Choices(walk="first-steps", rounds=3))
    write_choices(folder, Choices(walk="iwt-3x3"))
    assert read_choices(folder) == Choices(walk="iwt-3x3")
    assert sorted(p.name for p in folder.iterdir()) == [FILE_NAME]


def test_a_folder_that_cannot_be_written_is_an_os_error(tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(OSError):
        write_choices(blocker / "walktimer", Choices(walk="first-steps"))
    assert blocker.read_text() == "a file where the folder should be"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param(b'walk = "a"\ncolour = "red"\n', "colour: unknown key", id="unknown-key"),
        pytest.param(b"rounds = 3\n", "walk: missing required key", id="no-walk"),
        pytest.param(
            b'walk = "a"\nrounds = "six"\n',
            'rounds: expected an integer, got "six"',
            id="wrong-type",
        ),
        pytest.param(
            b'walk = "a"\nrounds = true\n', "rounds: expected an integer, got true", id="bool"
        ),
        pytest.param(
            b'walk = "a"\nrounds = 0\n', "rounds: expected an integer >= 1, got 0", id="no-rounds"
        ),
        pytest.param(
            b'walk = "a"\nrounds = 201\n', "rounds: expected an integer <= 200", id="many-rounds"
        ),
        pytest.param(
            b'walk = "a"\nfast_seconds = 3601\n',
            "fast_seconds: expected an integer <= 3600, got 3601",
            id="long-fast",
        ),
        pytest.param(
            b'walk = "a"\nslow_seconds = -5\n',
            "slow_seconds: expected an integer >= 1, got -5",
            id="negative-slow",
        ),
        pytest.param(
            b'walk = "a"\nfast_cadence = 59\n',
            "fast_cadence: expected an integer >= 60, got 59",
            id="slow-cadence",
        ),
        pytest.param(
            b'walk = "a"\nfast_cadence = 201\n',
            "fast_cadence: expected an integer <= 200, got 201",
            id="quick-cadence",
        ),
        pytest.param(b"walk = \n", "TOML syntax error", id="syntax"),
        pytest.param(b"\xff\xfe walk", "not UTF-8 text", id="not-utf8"),
        pytest.param(b"walk = " + b"[" * 2000 + b"]" * 2000, "nested too deeply", id="deep"),
    ],
)
def test_a_broken_file_is_one_line_naming_it(tmp_path: Path, content: bytes, problem: str) -> None:
    (tmp_path / FILE_NAME).write_bytes(content)
    with pytest.raises(UnusableChoices) as caught:
        read_choices(tmp_path)
    assert len(caught.value.problems) == 1
    line = caught.value.problems[0]
    assert line.startswith(f"{tmp_path / FILE_NAME}: ")
    assert problem in line
    assert "\n" not in line


def test_a_file_too_large_is_not_read(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_bytes(b'walk = "a"\n' + b"#" * MAX_CHOICES_BYTES + b"\n")
    with pytest.raises(UnusableChoices, match="too large"):
        read_choices(tmp_path)


def test_a_named_pipe_is_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / FILE_NAME)
    with pytest.raises(UnusableChoices, match=r"not a regular file \(a named pipe\)"):
        read_choices(tmp_path)


def test_a_folder_in_its_place_and_a_broken_link_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / FILE_NAME).mkdir()
    with pytest.raises(UnusableChoices, match="a folder"):
        read_choices(tmp_path / "a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / FILE_NAME).symlink_to(tmp_path / "nowhere")
    with pytest.raises(UnusableChoices, match="a broken symbolic link"):
        read_choices(tmp_path / "b")


def test_control_characters_in_a_value_never_reach_the_message(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text('walk = "a"\nwarmup = 3\nrounds = "\\u001b[2J"\n')
    with pytest.raises(UnusableChoices) as caught:
        read_choices(tmp_path)
    assert "\x1b" not in caught.value.problems[0]


def test_a_file_read_is_left_as_it_is(tmp_path: Path) -> None:
    content = b'walk = "a"\nrounds = 0\n# the walker\'s own note\n'
    (tmp_path / FILE_NAME).write_bytes(content)
    with pytest.raises(UnusableChoices):
        read_choices(tmp_path)
    assert (tmp_path / FILE_NAME).read_bytes() == content

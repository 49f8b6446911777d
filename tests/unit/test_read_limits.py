"""The limits on what walktimer reads from files it did not write: only regular files, only up
to 1 MiB, never waiting on a pipe; TOML nested too deeply is a problem of the file, not a crash."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from walktimer.domain.decoding import parse_toml
from walktimer.domain.inputs import MAX_FILE_BYTES, Refused, path_text, read_limited, toml_files


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_bytes(b"a" * 10)
    assert read_limited(path, limit=10) == b"a" * 10
    path.write_bytes(b"a" * 11)
    with pytest.raises(Refused) as refused:
        read_limited(path, limit=10)
    assert refused.value.reason.startswith("too large: 11 bytes")


def test_the_limit_is_one_mebibyte() -> None:
    assert MAX_FILE_BYTES == 1024 * 1024


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.mkdir(), "not a regular file (a folder)"),
        (os.mkfifo, "not a regular file (a named pipe)"),
        (lambda p: p.symlink_to("/dev/null"), "not a regular file (a device)"),
        (lambda p: p.symlink_to(p.name), "a loop of symbolic links"),
        (lambda p: p.symlink_to("gone.toml"), "a broken symbolic link (to gone.toml)"),
    ],
    ids=["folder", "pipe", "device", "loop", "broken-link"],
)
def test_what_is_not_a_regular_file_is_refused_without_being_opened(
    tmp_path: Path, make: Callable[[Path], object], reason: str
) -> None:
    path = tmp_path / "x.toml"
    make(path)
    with pytest.raises(Refused) as refused:
        read_limited(path)
    assert (refused.value.reason, refused.value.missing) == (reason, False)


def test_nothing_at_the_path_is_missing_not_a_problem_of_a_file(tmp_path: Path) -> None:
    with pytest.raises(Refused) as refused:
        read_limited(tmp_path / "none.toml")
    assert refused.value.missing


def test_a_path_is_shown_with_odd_bytes_and_controls_made_visible() -> None:
    name = os.fsdecode(b"/walks/caf\xe9\x1b[2J.toml")
    assert path_text(name) == "/walks/caf\\xe9\N{REPLACEMENT CHARACTER}[2J.toml"
    assert path_text("/walks/café.toml") == "/walks/café.toml"


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 2000 + "]" * 2000,
        "a = " + "{b = " * 2000 + "1" + "}" * 2000,
        "[a]\nb = " + "[" * 100_000,
    ],
    ids=["lists", "inline-tables", "unclosed"],
)
def test_toml_nested_too_deeply_is_one_problem(text: str) -> None:
    assert parse_toml(text.encode()) == "nested too deeply"


def test_toml_after_a_byte_order_mark_is_read() -> None:
    assert parse_toml(b"\xef\xbb\xbfa = 1\n") == {"a": 1}


def test_a_toml_number_of_too_many_digits_is_one_problem() -> None:
    assert parse_toml(b"a = " + b"7" * 5000) == "TOML syntax error: a number with too many digits"


def test_toml_files_are_listed_in_order_without_hidden_ones(tmp_path: Path) -> None:
    for name in ("b/z.toml", "a.toml", ".hidden/x.toml", "b/.#lock.toml", "b/notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    assert toml_files(tmp_path) == ([tmp_path / "a.toml", tmp_path / "b" / "z.toml"], [])

"""Correcting the record: a walk to the trash and back, its answers changed, nothing else."""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Xdg
from tests.unit.storage.summaries import make_summary
from walktimer.domain.summary import ANSWER_KEYS, Summary
from walktimer.errors import WalktimerError
from walktimer.storage import (
    NotASummary,
    RecordError,
    UnknownWalk,
    WalkExists,
    edit_summary,
    encode_summary,
    read_summaries,
    restore_summary,
    trash_summary,
    write_summary,
)

ANSWER_LINES = ("pain_before = ", "pain_after = ", "effort = ", "notes = ")


def save(xdg: Xdg, summary: Summary | None = None) -> tuple[Path, Summary]:
    return write_summary(
        summary or make_summary(pain_before=4, effort=5, notes="stiff"), xdg.sessions
    )


def others(data: bytes) -> list[bytes]:
    """The lines of every key but the answers, as bytes."""
    return [
        line
        for line in data.split(b"\n")
        if not line.startswith(tuple(a.encode() for a in ANSWER_LINES))
    ]


def listed(xdg: Xdg) -> list[str]:
    return [summary.id for summary in read_summaries(xdg.sessions)[0]]


def files(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


# --- delete and restore -------------------------------------------------------------------


def test_delete_moves_the_file_into_the_trash_and_restore_brings_it_back(xdg: Xdg) -> None:
    path, summary = save(xdg)
    data = path.read_bytes()
    inode = path.stat().st_ino
    trashed = trash_summary(xdg.sessions, xdg.trash, summary.id)
    assert trashed == xdg.trash / path.name
    assert not path.exists()
    assert trashed.read_bytes() == data
    assert trashed.stat().st_ino == inode  # moved, not copied and unlinked
    assert listed(xdg) == []
    restored = restore_summary(xdg.sessions, xdg.trash, summary.id)
    assert restored == path
    assert path.read_bytes() == data
    assert files(xdg.trash) == {}
    assert listed(xdg) == [summary.id]


def test_a_second_delete_of_the_same_walk_keeps_the_first_copy_in_the_trash(xdg: Xdg) -> None:
    path, summary = save(xdg)
    older = trash_summary(xdg.sessions, xdg.trash, summary.id)
    older_data = older.read_bytes()
    save(xdg, make_summary(notes="a copy synced back"))
    newer = trash_summary(xdg.sessions, xdg.trash, summary.id)
    assert newer != older
    assert newer.name.startswith(summary.id) and newer.suffix == ".toml"
    assert older.read_bytes() == older_data
    assert not path.exists()


@pytest.mark.parametrize("action", ["delete", "restore", "edit"])
def test_an_unknown_id_is_one_line_and_changes_nothing(xdg: Xdg, action: str) -> None:
    _, summary = save(xdg)
    before = files(xdg.sessions), files(xdg.trash)
    unknown = summary.id.replace("3f2a", "0000")
    with pytest.raises(UnknownWalk) as raised:
        if action == "delete":
            trash_summary(xdg.sessions, xdg.trash, unknown)
        elif action == "restore":
            restore_summary(xdg.sessions, xdg.trash, unknown)
        else:
            edit_summary(xdg.sessions, unknown, {"effort": 3})
    assert raised.value.problems == [
        f"no saved walk with the id {unknown} "
        + ("in the trash" if action == "restore" else f"in {xdg.sessions}")
    ]
    assert isinstance(raised.value, WalktimerError)
    assert (files(xdg.sessions), files(xdg.trash)) == before


@pytest.mark.parametrize(
    "walk_id",
    ["../sessions/x", "..", "a/b", "/etc/passwd", ".hidden", "x\x1b]0;owned\x07", "x\ny", "", "é"],
)
def test_an_id_that_is_not_a_safe_id_is_refused(xdg: Xdg, tmp_path: Path, walk_id: str) -> None:
    save(xdg)
    outside = tmp_path / "sessions"
    outside.mkdir(exist_ok=True)
    (outside / "x.toml").write_text("kept")
    before = files(xdg.sessions), files(outside)
    for call in (
        lambda: trash_summary(xdg.sessions, xdg.trash, walk_id),
        lambda: restore_summary(xdg.sessions, xdg.trash, walk_id),
        lambda: edit_summary(xdg.sessions, walk_id, {"effort": 1}),
    ):
        with pytest.raises(UnknownWalk) as raised:
            call()
        (line,) = raised.value.problems
        assert line.startswith("not a walk id: ")
        assert "\x1b" not in line and "\n" not in line
    assert (files(xdg.sessions), files(outside)) == before
    assert not xdg.trash.exists()


def test_restore_refuses_a_name_that_is_taken_and_moves_nothing(xdg: Xdg) -> None:
    path, summary = save(xdg)
    trashed = trash_summary(xdg.sessions, xdg.trash, summary.id)
    path.write_text("a file that came back by sync\n")
    with pytest.raises(WalkExists) as raised:
        restore_summary(xdg.sessions, xdg.trash, summary.id)
    assert raised.value.problems == [
        f"{path} exists already; nothing was restored ({trashed} stays in the trash)"
    ]
    assert path.read_text() == "a file that came back by sync\n"
    assert trashed.exists()


def test_a_copy_under_another_name_is_found_by_the_id_it_holds(xdg: Xdg) -> None:
    summary = make_summary()
    xdg.sessions.mkdir(parents=True)
    copy = xdg.sessions / f"{summary.id} (conflicted copy).toml"
    copy.write_text(encode_summary(summary))
    (xdg.sessions / f"{summary.id}-other.toml").write_text("not this one")
    trashed = trash_summary(xdg.sessions, xdg.trash, summary.id)
    assert trashed == xdg.trash / copy.name
    restored = restore_summary(xdg.sessions, xdg.trash, summary.id)
    assert restored == xdg.sessions / f"{summary.id}.toml"


def test_only_names_of_copies_are_taken_for_copies_of_a_walk(xdg: Xdg) -> None:
    """A copy is `<id> (1).toml`, `<id>-1a2b.toml` or `<id>.x.toml`: a name that merely starts
    with the id is another walk's, and is not read."""
    summary = make_summary()
    xdg.sessions.mkdir(parents=True)
    (xdg.sessions / f"{summary.id}0.toml").write_text(encode_summary(summary))
    with pytest.raises(UnknownWalk):
        trash_summary(xdg.sessions, xdg.trash, summary.id)
    copy = xdg.sessions / f"{summary.id}.synced.toml"
    copy.write_text(encode_summary(summary))
    assert trash_summary(xdg.sessions, xdg.trash, summary.id) == xdg.trash / copy.name


def a_name_taken_while_linking_fails(monkeypatch: pytest.MonkeyPatch, taken: Path) -> None:
    """A file system without hard links, where `taken` appears just before the move."""

    def no_links(src: object, dst: object, **_: object) -> None:
        taken.write_text("a file that came by sync meanwhile\n")
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)


def test_without_hard_links_a_name_taken_meanwhile_is_never_moved_over(
    xdg: Xdg, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, summary = save(xdg)
    xdg.trash.mkdir(parents=True)
    taken = xdg.trash / path.name
    with monkeypatch.context() as patched:
        a_name_taken_while_linking_fails(patched, taken)
        trashed = trash_summary(xdg.sessions, xdg.trash, summary.id)
    assert trashed != taken and trashed.parent == xdg.trash
    assert taken.read_text() == "a file that came by sync meanwhile\n"
    target = xdg.sessions / path.name
    with monkeypatch.context() as patched:
        a_name_taken_while_linking_fails(patched, target)
        with pytest.raises(WalkExists):
            restore_summary(xdg.sessions, xdg.trash, summary.id)
    assert target.read_text() == "a file that came by sync meanwhile\n"
    assert trashed.exists()


def test_a_folder_named_like_a_walk_is_not_moved(xdg: Xdg) -> None:
    (xdg.sessions / "x.toml").mkdir(parents=True)
    with pytest.raises(RecordError, match="not a regular file"):
        trash_summary(xdg.sessions, xdg.trash, "x")
    assert (xdg.sessions / "x.toml").is_dir()


def test_a_trash_that_cannot_be_made_is_one_line_and_the_walk_stays(xdg: Xdg) -> None:
    path, summary = save(xdg)
    xdg.trash.write_text("a file where the trash folder should be")
    with pytest.raises(RecordError) as raised:
        trash_summary(xdg.sessions, xdg.trash, summary.id)
    (line,) = raised.value.problems
    assert line.startswith(f"cannot move {path} to {xdg.trash}: ")
    assert path.exists()


# --- edit ---------------------------------------------------------------------------------


def test_edit_changes_only_the_answers_and_keeps_every_other_line_byte_for_byte(
    xdg: Xdg,
) -> None:
    path, summary = save(xdg)
    before = path.read_bytes()
    edited = edit_summary(
        xdg.sessions, summary.id, {"pain_before": 10, "pain_after": 3, "effort": None}
    )
    after = path.read_bytes()
    assert others(after) == others(before)
    assert b"pain_before = 10\n" in after
    assert b"pain_after = 3\n" in after
    assert b"effort = " not in after
    assert b'notes = "stiff"\n' in after
    assert (edited.pain_before, edited.pain_after, edited.effort, edited.notes) == (
        10,
        3,
        None,
        "stiff",
    )
    assert edited == read_summaries(xdg.sessions)[0][0]
    assert after.index(b"pain_before") < after.index(b"pain_after") < after.index(b"notes")


def test_notes_are_set_replaced_and_removed(xdg: Xdg) -> None:
    path, summary = save(xdg, make_summary())
    before = path.read_bytes()
    edited = edit_summary(xdg.sessions, summary.id, {"notes": '  said "ouch" \\ then fine '})
    assert edited.notes == 'said "ouch" \\ then fine'
    assert tomllib.loads(path.read_text())["notes"] == 'said "ouch" \\ then fine'
    assert others(path.read_bytes()) == others(before)
    assert edit_summary(xdg.sessions, summary.id, {"notes": ""}).notes is None
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"pain_after": 11}, "pain after: expected a whole number from 0 to 10, got 11"),
        ({"effort": -1}, "effort: expected a whole number from 0 to 10, got -1"),
        ({"pain_before": True}, "pain before: expected a whole number from 0 to 10, got True"),
        ({"effort": "5"}, "effort: expected a whole number from 0 to 10, got '5'"),
        ({"notes": "two\nlines"}, "notes: expected one line of text, without control characters"),
        ({"notes": "x" * 501}, "notes: expected at most 500 characters, got 501"),
        ({"status": "completed"}, "status: not an answer that can be changed"),
    ],
)
def test_an_answer_out_of_range_is_refused_and_the_file_untouched(
    xdg: Xdg, changes: dict[str, Any], problem: str
) -> None:
    path, summary = save(xdg)
    before = path.read_bytes(), path.stat().st_mtime_ns
    with pytest.raises(RecordError) as raised:
        edit_summary(xdg.sessions, summary.id, changes)
    assert raised.value.problems == [problem]
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"schema = 1\nwalk = classic\n", "line 2, column 8: TOML syntax error: invalid value"),
        (b"", "empty file"),
        (b"\xff\xfe", "not UTF-8 text"),
        (b"schema = 2\n", "written by a newer walktimer (schema 2; this one reads schema 1)"),
    ],
)
def test_a_file_that_is_not_a_valid_summary_is_refused_with_its_reason(
    xdg: Xdg, content: bytes, reason: str
) -> None:
    xdg.sessions.mkdir(parents=True)
    path = xdg.sessions / "20261126T223500-x-3f2a.toml"
    path.write_bytes(content)
    with pytest.raises(NotASummary) as raised:
        edit_summary(xdg.sessions, path.stem, {"effort": 2})
    assert raised.value.problems == [f"{path}: {reason}; not changed"]
    assert path.read_bytes() == content


def test_a_value_out_of_range_in_the_file_is_refused_with_its_reason(xdg: Xdg) -> None:
    path, summary = save(xdg)
    text = path.read_text().replace("pain_before = 4", "pain_before = 11")
    path.write_text(text)
    with pytest.raises(NotASummary) as raised:
        edit_summary(xdg.sessions, summary.id, {"pain_before": 3})
    assert raised.value.problems == [
        f"{path}: pain_before: expected an integer <= 10, got 11; not changed"
    ]
    assert path.read_text() == text


def test_a_hand_made_file_keeps_its_lines_and_its_unknown_keys(xdg: Xdg) -> None:
    """Comments, another order, keys a newer walktimer added, CRLF line ends."""
    summary = make_summary(pain_before=2)
    lines = encode_summary(summary).split("\n")
    lines.insert(0, "# walked on the beach")
    lines.insert(3, "heart_rate_avg = 121  # from a newer walktimer")
    text = "\r\n".join(lines)
    xdg.sessions.mkdir(parents=True)
    path = xdg.sessions / f"{summary.id}.toml"
    path.write_bytes(text.encode())
    edited = edit_summary(xdg.sessions, summary.id, {"pain_after": 1, "pain_before": 3})
    after = path.read_bytes().decode()
    assert "# walked on the beach\r\n" in after
    assert "heart_rate_avg = 121  # from a newer walktimer\r\n" in after
    assert "pain_before = 3\r\npain_after = 1\r\n" in after
    kept = [line for line in lines if not line.startswith(ANSWER_LINES)]
    assert [line for line in after.split("\r\n") if not line.startswith(ANSWER_LINES)] == kept
    assert (edited.pain_before, edited.pain_after) == (3, 1)


def test_a_layout_that_lines_cannot_follow_is_written_again_with_every_value_kept(
    xdg: Xdg,
) -> None:
    summary = make_summary()
    text = encode_summary(summary).replace(
        "slow_seconds = 60.0\n",
        'slow_seconds = 60.0\nnotes = """first line\nsecond line"""\n"device" = "phone"\n',
    )
    xdg.sessions.mkdir(parents=True)
    path = xdg.sessions / f"{summary.id}.toml"
    path.write_text(text)
    before = tomllib.loads(text)
    edited = edit_summary(xdg.sessions, summary.id, {"notes": "one line now"})
    after = tomllib.loads(path.read_text())
    assert after == before | {"notes": "one line now"}
    assert edited.notes == "one line now"


def test_an_answer_line_inside_a_multi_line_note_is_not_taken_for_the_answer(xdg: Xdg) -> None:
    """A note whose lines look like answers (`effort = 3`) while the file has no such key:
    the edit is made all the same, every value kept."""
    summary = make_summary()
    text = encode_summary(summary).replace(
        "slow_seconds = 60.0\n",
        'slow_seconds = 60.0\nnotes = """felt fine\neffort = 3\n"""\n',
    )
    xdg.sessions.mkdir(parents=True)
    path = xdg.sessions / f"{summary.id}.toml"
    path.write_text(text)
    before = tomllib.loads(text)
    assert "effort" not in before
    edited = edit_summary(xdg.sessions, summary.id, {"effort": 6})
    assert tomllib.loads(path.read_text()) == before | {"effort": 6}
    assert (edited.effort, edited.notes) == (6, "felt fine\neffort = 3\n")


def test_edit_keeps_the_file_mode_and_leaves_no_temporary_file(xdg: Xdg) -> None:
    path, summary = save(xdg)
    path.chmod(0o600)
    edit_summary(xdg.sessions, summary.id, {"effort": 9})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(xdg.sessions.iterdir()) == [path]


def test_an_edit_is_an_atomic_replace(xdg: Xdg) -> None:
    """A reader holding the old file still reads the old walk whole: a new file took the
    name, the old one was never written in place."""
    path, summary = save(xdg)
    with path.open("rb") as held:
        edit_summary(xdg.sessions, summary.id, {"effort": 1})
        assert b"effort = 5\n" in held.read()
    assert b"effort = 1\n" in path.read_bytes()


def test_no_change_asked_writes_nothing(xdg: Xdg) -> None:
    path, summary = save(xdg)
    stamp = path.stat().st_ino, path.stat().st_mtime_ns
    assert edit_summary(xdg.sessions, summary.id, {}).effort == 5
    assert edit_summary(xdg.sessions, summary.id, {"effort": 5}).effort == 5
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == stamp


def test_a_link_to_a_summary_is_followed_and_kept(xdg: Xdg, tmp_path: Path) -> None:
    elsewhere = tmp_path / "synced"
    real, summary = write_summary(make_summary(), elsewhere)
    xdg.sessions.mkdir(parents=True)
    link = xdg.sessions / real.name
    link.symlink_to(real)
    edit_summary(xdg.sessions, summary.id, {"pain_after": 2})
    assert link.is_symlink()
    assert b"pain_after = 2\n" in real.read_bytes()


RATINGS = st.one_of(st.none(), st.integers(min_value=0, max_value=10))
NOTES = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40).filter(
        lambda text: text.strip() == text
    ),
)
ANSWERS = st.fixed_dictionaries(
    {}, optional={"pain_before": RATINGS, "pain_after": RATINGS, "effort": RATINGS, "notes": NOTES}
)


def blank_is_none(key: str, value: Any) -> Any:
    """An answer as saved: blank notes are no notes."""
    return (value or None) if key == "notes" else value


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=ANSWERS, changes=ANSWERS)
def test_any_correction_of_a_file_walktimer_wrote_changes_only_its_answers(
    xdg: Xdg, first: dict[str, Any], changes: dict[str, Any]
) -> None:
    summary = make_summary(**{key: blank_is_none(key, value) for key, value in first.items()})
    if xdg.sessions.exists():
        for path in xdg.sessions.iterdir():
            path.unlink()
    path, summary = write_summary(summary, xdg.sessions)
    before = path.read_bytes()
    edited = edit_summary(xdg.sessions, summary.id, changes)
    assert others(path.read_bytes()) == others(before)
    expected = {key: getattr(summary, key) for key in ANSWER_KEYS}
    expected |= {key: blank_is_none(key, value) for key, value in changes.items()}
    assert {key: getattr(edited, key) for key in expected} == expected
    assert read_summaries(xdg.sessions)[0] == [edited]

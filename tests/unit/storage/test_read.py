"""Reading summaries: newest first, bad files reported and left alone, the index never wrong."""

from __future__ import annotations

import os
import shutil
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.unit.storage.summaries import CET, make_summary
from walktimer.domain.summary import PhaseSummary, Summary
from walktimer.storage import encode_summary, index_file, read_summaries, reading, write_summary

FIXTURES = Path(__file__).parent / "fixtures"
BAD = sorted((FIXTURES / "bad").iterdir())


@pytest.fixture
def sessions(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "sessions"
    folder.mkdir(parents=True)
    return folder


def write(folder: Path, *starts: datetime) -> None:
    for start in starts:
        write_summary(make_summary(start), folder)


def test_missing_folder_reads_as_no_walks_and_no_warnings(tmp_path: Path) -> None:
    assert read_summaries(tmp_path / "nothing-here") == ([], [])


def test_summaries_come_newest_first_across_offsets(sessions: Path) -> None:
    evening_in_paris = datetime(2026, 11, 26, 22, 35, tzinfo=CET)  # 21:35 UTC
    evening_in_london = datetime(2026, 11, 26, 21, 50, tzinfo=UTC)  # later, though
    write(sessions, evening_in_paris, evening_in_london, evening_in_paris - timedelta(days=3))
    summaries, warnings = read_summaries(sessions)
    assert warnings == []
    assert [s.started_at for s in summaries] == [
        evening_in_london,
        evening_in_paris,
        evening_in_paris - timedelta(days=3),
    ]
    assert [s.started_at.utcoffset() for s in summaries] == [
        timedelta(0),
        timedelta(hours=1),
        timedelta(hours=1),
    ]


@pytest.mark.parametrize("bad", BAD, ids=[p.name for p in BAD])
def test_a_bad_file_is_named_in_one_warning_and_left_untouched(sessions: Path, bad: Path) -> None:
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    shutil.copy(FIXTURES / "valid.toml", sessions / "valid.toml")
    copy = sessions / bad.name
    shutil.copy(bad, copy)
    before = copy.stat()

    summaries, warnings = read_summaries(sessions)

    assert [s.walk for s in summaries] == ["classic-30-30", "classic-30-30"]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{copy}: ")
    assert copy.read_bytes() == bad.read_bytes()
    after = copy.stat()
    assert (after.st_mtime_ns, after.st_size, after.st_ino) == (
        before.st_mtime_ns,
        before.st_size,
        before.st_ino,
    )


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("status", "done", 'status: expected "completed", "stopped" or "interrupted", got "done"'),
        ("stop_reason", "bored", 'stop_reason: expected "user" or "pain", got "bored"'),
        (
            "kind",
            "sprint",
            'phases[1].kind: expected "warmup", "fast", "slow" or "cooldown", got "sprint"',
        ),
    ],
)
def test_a_word_out_of_its_choices_is_named_with_the_choices(
    sessions: Path, key: str, value: str, expected: str
) -> None:
    text = (FIXTURES / "valid.toml").read_text()
    old = next(line for line in text.splitlines() if line.startswith(f"{key} = "))
    (sessions / "x.toml").write_text(text.replace(old, f'{key} = "{value}"'))
    assert read_summaries(sessions) == ([], [f"{sessions / 'x.toml'}: {expected}; skipped"])


def test_bad_files_are_reported_again_on_every_read(sessions: Path) -> None:
    for bad in BAD:
        shutil.copy(bad, sessions / bad.name)
    first = read_summaries(sessions)
    second = read_summaries(sessions)
    assert first == second == ([], first[1])
    assert len(first[1]) == len(BAD)


def test_future_schema_is_reported_as_newer_not_misread(sessions: Path) -> None:
    shutil.copy(FIXTURES / "bad" / "future-schema.toml", sessions / "x.toml")
    summaries, warnings = read_summaries(sessions)
    assert summaries == []
    assert warnings == [
        f"{sessions / 'x.toml'}: written by a newer walktimer (schema 2; this one reads "
        "schema 1); skipped, left as it is"
    ]


def test_keys_added_by_a_newer_walktimer_at_the_same_schema_are_ignored(
    sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = sessions / "newer-keys.toml"
    shutil.copy(FIXTURES / "newer-keys.toml", copy)
    data = copy.read_bytes()

    def no_parsing(path: Path) -> str:
        raise AssertionError(f"{path} parsed again although it did not change")

    for source in ("file", "index"):
        if source == "index":
            monkeypatch.setattr(reading, "_read_file", no_parsing)
        summaries, warnings = read_summaries(sessions)
        assert warnings == []
        assert len(summaries) == 1
        walk = summaries[0]
        assert (walk.app_version, walk.status, walk.stop_reason) == ("9.0.0", "stopped", "pain")
        assert (walk.pain_before, walk.pain_after, walk.effort) == (4, 6, 5)
        assert walk.notes == "Felt looser after the stretches."
        assert [(p.kind, p.actual_seconds, p.skipped) for p in walk.phases] == [
            ("fast", 30.0, False),
            ("slow", 29.5, True),
        ]
        assert read_summaries(sessions, phases=False)[0][0].active_seconds == 120
    assert copy.read_bytes() == data


def test_a_summary_written_again_holds_only_the_keys_this_walktimer_knows(
    sessions: Path,
) -> None:
    shutil.copy(FIXTURES / "newer-keys.toml", sessions / "newer-keys.toml")
    walk = read_summaries(sessions)[0][0]
    written = tomllib.loads(encode_summary(walk))
    assert set(written) == set(Summary.__struct_fields__) - {"program", "program_week"}
    assert [set(phase) for phase in written["phases"]] == [set(PhaseSummary.__struct_fields__)] * 2


def test_unreadable_file_is_reported(sessions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(FIXTURES / "valid.toml", sessions / "locked.toml")
    real = os.open

    def refuse(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path).endswith("locked.toml"):  # as for a walker who may not read it
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    summaries, warnings = read_summaries(sessions)
    assert summaries == []
    assert warnings == [f"{sessions / 'locked.toml'}: cannot read: Permission denied; skipped"]


def test_temporary_and_other_files_are_not_summaries(sessions: Path) -> None:
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    (sessions / ".20261120T090000-x-0000.toml.1a2b3c4d.tmp").write_text("schema = 1\nid =")
    (sessions / ".hidden.toml").write_text("not = [toml")
    (sessions / "README.txt").write_text("my walks")
    (sessions / "folder.toml").mkdir()
    summaries, warnings = read_summaries(sessions)
    assert len(summaries) == 1
    assert warnings == []


def test_without_phases_the_totals_are_the_same(sessions: Path) -> None:
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    full, _ = read_summaries(sessions)
    light, _ = read_summaries(sessions, phases=False)
    assert len(full[0].phases) == 4
    assert light[0].phases == []
    assert light[0].active_seconds == full[0].active_seconds


def test_one_walk_saved_twice_is_listed_once(sessions: Path) -> None:
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    original = next(sessions.iterdir())
    shutil.copy(original, sessions / "copy from phone.toml")
    summaries, warnings = read_summaries(sessions)
    assert len(summaries) == 1
    assert warnings == [f"{sessions}: walk {summaries[0].id} is saved twice; listed once"]


# --- the index ----------------------------------------------------------------------------


def test_the_index_is_used_when_nothing_changed(
    sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET), datetime(2026, 11, 21, 8, 0, tzinfo=CET)
    )
    first = read_summaries(sessions)
    assert index_file(sessions).is_file()

    def no_parsing(path: Path) -> str:
        raise AssertionError(f"{path} parsed again although it did not change")

    monkeypatch.setattr(reading, "_read_file", no_parsing)
    assert read_summaries(sessions) == first
    assert read_summaries(sessions, phases=False)[0][0].id == first[0][0].id


def test_a_file_edited_in_place_is_read_again(sessions: Path) -> None:
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    read_summaries(sessions)
    path = next(sessions.iterdir())
    text = path.read_text()
    with path.open("w") as stream:  # in place: same inode, as some editors do
        stream.write(text.replace("[[phases]]", 'notes = "Felt good"\n\n[[phases]]', 1))
    summaries, warnings = read_summaries(sessions)
    assert warnings == []
    assert summaries[0].notes == "Felt good"


def test_same_size_edit_with_old_mtime_is_still_noticed(sessions: Path) -> None:
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    path = next(sessions.iterdir())
    stat = path.stat()
    read_summaries(sessions)
    path.write_text(path.read_text().replace('walk = "classic-30-30"', 'walk = "classic-31-31"'))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # mtime put back: ctime still moves
    summaries, _ = read_summaries(sessions)
    assert summaries[0].walk == "classic-31-31"


def test_added_and_removed_files_show_up_at_once(sessions: Path) -> None:
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    read_summaries(sessions)
    write(sessions, datetime(2026, 11, 22, 8, 0, tzinfo=CET))
    assert len(read_summaries(sessions)[0]) == 2
    sorted(sessions.glob("*.toml"))[0].unlink()
    summaries, _ = read_summaries(sessions, phases=False)
    assert [s.started_at.day for s in summaries] == [22]
    assert [s.started_at.day for s in read_summaries(sessions)[0]] == [22]


@pytest.mark.parametrize(
    "junk", [b"", b"{", b'{"key": 1}', b"\x00" * 64, b'{"key":"x","entries":[],"phases":[[1]]}']
)
def test_a_broken_index_is_rebuilt_from_the_files(sessions: Path, junk: bytes) -> None:
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    expected = read_summaries(sessions)
    index_file(sessions).write_bytes(junk)
    assert read_summaries(sessions) == expected
    assert read_summaries(sessions) == expected


def test_an_index_with_wrong_phases_is_not_trusted(sessions: Path) -> None:
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    expected = read_summaries(sessions)
    index = index_file(sessions)
    index.write_bytes(index.read_bytes().replace(b'"phases":[[', b'"phases":[[], ['))
    assert read_summaries(sessions) == expected


def test_an_unwritable_index_only_costs_speed(sessions: Path) -> None:
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    (sessions.parent / "cache").write_text("a file where the index folder would be")
    summaries, warnings = read_summaries(sessions)
    assert len(summaries) == 1
    assert warnings == []


def test_the_index_never_changes_a_summary_file(sessions: Path) -> None:
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    path = next(sessions.iterdir())
    data = path.read_bytes()
    for _ in range(3):
        read_summaries(sessions)
    assert path.read_bytes() == data
    assert encode_summary(read_summaries(sessions)[0][0]).encode() == data


# --- files that must never crash a reading ------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        ("nested-too-deeply.toml", "nested too deeply"),
        (
            "year-9999.toml",
            "started_at: expected a date between the years 1900 and 9998, "
            "got 9999-12-31T23:59:59-23:59",
        ),
        (
            "year-1.toml",
            "started_at: expected a date between the years 1900 and 9998, "
            "got 0001-01-01T00:00:00+23:59",
        ),
        ("nan-seconds.toml", "active_seconds: expected seconds from 0 to 172800, got nan"),
        ("infinite-seconds.toml", "paused_seconds: expected seconds from 0 to 2592000, got inf"),
        ("negative-seconds.toml", "fast_seconds: expected seconds from 0 to 172800, got -500.0"),
        (
            "far-too-long.toml",
            "active_seconds: expected seconds from 0 to 172800, got 1000000000.0",
        ),
        (
            "ends-before-start.toml",
            "ended_at: expected a time no earlier than started_at "
            "(2026-11-26T22:35:00+01:00), got 2026-11-26T21:35:00+01:00",
        ),
    ],
)
def test_a_value_out_of_range_skips_the_file_with_its_reason(
    sessions: Path, fixture: str, reason: str
) -> None:
    shutil.copy(FIXTURES / "bad" / fixture, sessions / fixture)
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    summaries, warnings = read_summaries(sessions)
    assert len(summaries) == 1
    assert warnings == [f"{sessions / fixture}: {reason}; skipped"]


def test_a_walk_paused_over_a_long_weekend_is_read(sessions: Path) -> None:
    start = datetime(2026, 11, 20, 8, 0, tzinfo=CET)
    write_summary(
        make_summary(start, paused_seconds=3 * 86400.0, ended_at=start + timedelta(days=3)),
        sessions,
    )
    assert [s.paused_seconds for s in read_summaries(sessions)[0]] == [3 * 86400.0]


def test_a_walk_that_ends_more_than_a_month_after_it_starts_is_skipped(sessions: Path) -> None:
    start = datetime(2026, 11, 20, 8, 0, tzinfo=CET)
    write(sessions, start)
    path = next(sessions.iterdir())
    later = path.read_text().replace("2026-11-20 08:02:00+01:00", "2027-11-20 08:02:00+01:00")
    path.write_text(later)
    assert read_summaries(sessions) == (
        [],
        [f"{path}: ended_at: expected at most 720:00:00 after started_at, got 8760:02:00; skipped"],
    )


@pytest.mark.parametrize(
    "junk",
    [
        b"[" * 100_000,
        b'{"key":"x","entries":' + b"[" * 5_000 + b"]" * 5_000 + b',"phases":[]}',
        b'{"key":"x","entries":[],"phases":' + b"[" * 5_000 + b"]" * 5_000 + b"}",
    ],
    ids=["open-brackets", "deep-entries", "deep-phases"],
)
def test_an_index_nested_too_deeply_is_rebuilt_from_the_files(sessions: Path, junk: bytes) -> None:
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    expected = read_summaries(sessions)
    index_file(sessions).write_bytes(junk)
    assert read_summaries(sessions) == expected
    assert read_summaries(sessions, phases=False)[0][0].id == expected[0][0].id


def test_an_index_whose_phases_are_nested_too_deeply_is_not_trusted(sessions: Path) -> None:
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    expected = read_summaries(sessions)
    index = index_file(sessions)
    head, key, tail = index.read_bytes().rpartition(b'"phases":[')  # the index's own, last
    index.write_bytes(head + key + b"[" * 5_000 + b"]" * 5_000 + b"," + tail)
    assert read_summaries(sessions) == expected


def test_a_file_name_that_is_not_utf8_is_read_and_never_breaks_the_index(sessions: Path) -> None:
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    odd = sessions / os.fsdecode(b"walk-\xff\xfe.toml")
    shutil.copy(FIXTURES / "valid.toml", odd)
    for _ in range(2):  # the second time, with the index the first one saved
        summaries, warnings = read_summaries(sessions)
        assert warnings == []
        assert [s.started_at.day for s in summaries] == [26, 20]
    assert index_file(sessions).is_file()
    assert odd.read_bytes() == (FIXTURES / "valid.toml").read_bytes()


def test_a_bad_file_whose_name_is_not_utf8_is_named_safely(sessions: Path) -> None:
    (sessions / os.fsdecode(b"walk-\xff\x1b[2J.toml")).write_text("schema = [")
    summaries, warnings = read_summaries(sessions)
    assert summaries == []
    assert len(warnings) == 1
    warnings[0].encode("utf-8")  # shown anywhere without an encoding error
    assert "\x1b" not in warnings[0]
    assert warnings[0].startswith(f"{sessions}/walk-\\xff\N{REPLACEMENT CHARACTER}[2J.toml: ")


def test_a_data_folder_whose_path_is_not_utf8_still_keeps_an_index(tmp_path: Path) -> None:
    folder = tmp_path / os.fsdecode(b"data-\xff") / "sessions"
    folder.mkdir(parents=True)
    write(folder, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    assert len(read_summaries(folder)[0]) == 1
    assert index_file(folder).is_file()
    assert len(read_summaries(folder)[0]) == 1


def test_a_sessions_folder_that_cannot_be_listed_is_an_error_naming_it(
    sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.scandir

    def refuse(path: object) -> object:
        if str(path) == str(sessions):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refuse)
    with pytest.raises(OSError, match=f"^{sessions}: cannot read the folder of saved walks: "):
        read_summaries(sessions)


def test_a_sessions_path_that_is_a_file_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "sessions"
    path.write_text("not a folder")
    with pytest.raises(OSError, match=f"^{path}: not a folder"):
        read_summaries(path)
    assert path.read_text() == "not a folder"


def test_a_file_over_a_mebibyte_is_skipped_without_being_read(
    sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = sessions / "big.toml"
    with big.open("wb") as stream:
        stream.truncate(2 * 1024**3)  # sparse: 2 GiB that take no room on the disk
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    summaries, warnings = read_summaries(sessions)
    assert len(summaries) == 1
    assert warnings == [
        f"{big}: too large: 2,147,483,648 bytes, more than the limit of 1 MiB "
        "(1,048,576 bytes); skipped"
    ]


def test_a_named_pipe_is_skipped_and_never_waited_on(sessions: Path) -> None:
    os.mkfifo(sessions / "pipe.toml")
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    summaries, warnings = read_summaries(sessions)
    assert len(summaries) == 1
    assert warnings == [f"{sessions / 'pipe.toml'}: not a regular file (a named pipe); skipped"]


def test_links_that_loop_or_lead_nowhere_are_skipped_with_their_reason(sessions: Path) -> None:
    (sessions / "loop.toml").symlink_to("loop.toml")
    (sessions / "gone.toml").symlink_to("nowhere/walk.toml")
    write(sessions, datetime(2026, 11, 20, 8, 0, tzinfo=CET))
    summaries, warnings = read_summaries(sessions)
    assert len(summaries) == 1
    assert warnings == [
        f"{sessions / 'gone.toml'}: a broken symbolic link (to nowhere/walk.toml); skipped",
        f"{sessions / 'loop.toml'}: a loop of symbolic links; skipped",
    ]


def test_a_summary_starting_with_a_byte_order_mark_is_read(sessions: Path) -> None:
    (sessions / "bom.toml").write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "valid.toml").read_bytes())
    summaries, warnings = read_summaries(sessions)
    assert (len(summaries), warnings) == (1, [])


def test_an_optional_key_of_the_wrong_type_names_the_type_it_takes(sessions: Path) -> None:
    text = (FIXTURES / "valid.toml").read_text()
    (sessions / "x.toml").write_text(
        text.replace('notes = "[bold]not markup[/bold]"', "notes = [1]")
    )
    assert read_summaries(sessions) == (
        [],
        [f"{sessions / 'x.toml'}: notes: expected a string, got a list; skipped"],
    )

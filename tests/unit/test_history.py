"""Past walks as rows, details and CSV; the history and stats commands."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tomllib
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import Xdg
from tests.unit.storage.summaries import CET, make_summary
from walktimer.cli import main
from walktimer.domain.history import (
    CSV_FIELDS,
    csv_record,
    details,
    history_row,
    newest_first,
    pain_pairs,
)
from walktimer.domain.summary import Summary
from walktimer.domain.words import pain_text
from walktimer.storage import write_summary

MONDAY = datetime(2026, 11, 23, 7, 5, tzinfo=CET)


def saved(xdg: Xdg, *summaries: Summary) -> list[Summary]:
    return [write_summary(summary, xdg.sessions)[1] for summary in summaries]


def test_a_row_reads_like_the_walk() -> None:
    summary = make_summary(
        MONDAY,
        status="stopped",
        stop_reason="pain",
        active_seconds=1482.4,
        pain_before=4,
        pain_after=3,
        effort=5,
    )
    assert tuple(history_row(summary)) == (
        "2026-11-23 07:05",
        "classic-30-30",
        "25",
        "stopped (pain)",
        "4 -> 3",
        "5",
    )


def test_short_walks_show_a_decimal_and_missing_ratings_a_sign() -> None:
    row = history_row(make_summary(MONDAY, active_seconds=95.0, status="interrupted"))
    assert (row.minutes, row.status, row.pain, row.effort) == ("1.6", "interrupted", "-", "-")
    assert pain_text(4, None) == "4 -> ?"
    assert pain_text(None, 2) == "? -> 2"


def test_details_show_notes_literally_and_count_skipped_phases() -> None:
    summary = make_summary(MONDAY, notes="[bold]sore[/bold] at 3:00", pain_before=2)
    summary.phases[1].skipped = True
    lines = dict(details(summary))
    assert lines["Notes"] == "[bold]sore[/bold] at 3:00"
    assert lines["Phases"] == "4, 1 skipped"
    assert lines["Pain"] == "2 -> ?"
    assert lines["Started"] == "Mon 2026-11-23 07:05"


def test_newest_first_compares_instants_not_wall_clocks() -> None:
    paris = make_summary(datetime(2026, 11, 26, 22, 35, tzinfo=CET))
    london_later = make_summary(datetime(2026, 11, 26, 21, 40, tzinfo=UTC))
    assert newest_first([paris, london_later]) == [london_later, paris]


def test_pain_pairs_are_the_latest_rated_walks_oldest_first() -> None:
    walks = [
        make_summary(MONDAY + timedelta(days=n), pain_before=n, pain_after=n + 1) for n in range(5)
    ]
    walks.append(make_summary(MONDAY + timedelta(days=9)))  # not rated
    points = pain_pairs(newest_first(walks), 3)
    assert [(p.before, p.after) for p in points] == [(2, 3), (3, 4), (4, 5)]
    assert [p.day for p in points] == [(MONDAY + timedelta(days=n)).date() for n in (2, 3, 4)]


def test_csv_record_has_every_key_but_phases_in_file_order() -> None:
    summary = make_summary(MONDAY, notes='said "ouch", then, fine\nnext line')
    record = dict(zip(CSV_FIELDS, csv_record(summary), strict=True))
    assert "phases" not in record
    assert CSV_FIELDS[:3] == ("schema", "id", "app_version")
    assert record["started_at"] == "2026-11-23T07:05:00+01:00"
    assert record["pain_before"] == ""
    assert record["notes"] == 'said "ouch", then, fine\nnext line'


# --- the commands -------------------------------------------------------------------------


def test_history_json_lists_newest_first_with_iso_datetimes(
    xdg: Xdg, capfd: pytest.CaptureFixture[str]
) -> None:
    older, newer = saved(xdg, make_summary(MONDAY), make_summary(MONDAY + timedelta(days=1)))
    assert main(["history", "--json"]) == 0
    data = json.loads(capfd.readouterr().out)
    assert [d["id"] for d in data] == [newer.id, older.id]
    assert datetime.fromisoformat(data[0]["started_at"]) == newer.started_at
    assert data[0]["started_at"].endswith("+01:00")
    assert len(data[0]["phases"]) == 4
    assert set(data[0]) == {f for f in Summary.__struct_fields__ if f != "stop_reason"} - {
        "pain_before",
        "pain_after",
        "effort",
        "notes",
        "program",
        "program_week",
    } | {"counts"}
    assert list(data[0])[-2:] == ["phases", "counts"]


def test_history_limit_and_csv(xdg: Xdg, capfd: pytest.CaptureFixture[str]) -> None:
    saved(xdg, *(make_summary(MONDAY + timedelta(days=n), notes=f"walk {n}") for n in range(3)))
    assert main(["history", "--csv", "--limit", "2"]) == 0
    rows = list(csv.DictReader(io.StringIO(capfd.readouterr().out)))
    assert [row["notes"] for row in rows] == ["walk 2", "walk 1"]
    assert list(rows[0]) == list(CSV_FIELDS)


def test_history_limit_must_be_positive(xdg: Xdg, capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "--limit", "0"]) == 2
    assert capfd.readouterr().err == "walktimer: --limit: expected a whole number >= 1, got 0\n"


def test_history_table_shows_user_text_literally(
    xdg: Xdg, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    saved(xdg, make_summary(MONDAY, id="x-3f2a", walk="[red]x[/red]", pain_before=4, pain_after=3))
    assert main(["history"]) == 0
    out = capfd.readouterr().out
    assert "[red]x[/red]" in out
    assert "4 -> 3" in out
    assert "2026-11-23 07:05" in out


def test_an_empty_history_says_how_to_start(xdg: Xdg, capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["history"]) == 0
    assert "No walks saved yet" in capfd.readouterr().out


def test_skipped_files_are_named_on_stderr_and_the_rest_listed(
    xdg: Xdg, capfd: pytest.CaptureFixture[str]
) -> None:
    saved(xdg, make_summary(MONDAY))
    (xdg.sessions / "broken.toml").write_text("schema = 1\nwalk = classic\n")
    assert main(["history", "--json"]) == 0
    captured = capfd.readouterr()
    assert len(json.loads(captured.out)) == 1
    assert captured.err.splitlines() == [
        f"walktimer: warning: {xdg.sessions / 'broken.toml'}: line 2, column 8: "
        "TOML syntax error: invalid value; skipped"
    ]


def test_stats_json_uses_the_configured_weekly_goal(
    xdg: Xdg, capfd: pytest.CaptureFixture[str]
) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text("weekly_goal = 1\n")
    today = datetime.now().astimezone()
    saved(xdg, make_summary(today, pain_before=5, pain_after=4))
    assert main(["stats", "--json"]) == 0
    data = json.loads(capfd.readouterr().out)
    assert data["weekly_goal"] == 1
    assert data["this_week"]["walks"] == 1
    assert data["streak_weeks"] == 1
    assert data["pain_change_avg"] == -1.0


def test_stats_text_mentions_goal_streak_and_suggestion(
    xdg: Xdg, capfd: pytest.CaptureFixture[str]
) -> None:
    today = datetime.now().astimezone()
    saved(
        xdg,
        *(
            make_summary(today - timedelta(minutes=n), pain_before=3, pain_after=2)
            for n in (1, 2, 3)
        ),
    )
    assert main(["stats"]) == 0
    out = capfd.readouterr().out
    assert "3 of 3 walks" in out
    assert "Streak" in out
    assert "Try 4 rounds" in out


@pytest.mark.e2e  # a fresh interpreter each: the point is what it imports
def test_data_commands_do_not_import_textual(xdg: Xdg) -> None:
    for args in (["history"], ["history", "--json"], ["stats"], ["stats", "--json"]):
        code = (
            "import sys; from walktimer.cli import main; main(sys.argv[1:]); "
            "sys.stderr.write(str(any(m.startswith('textual') for m in sys.modules)))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, *args], env=xdg.env(), capture_output=True, text=True
        )
        assert done.stderr.endswith("False"), (args, done.stderr)


# --- which walks count, in every output ---------------------------------------------------


def test_json_and_csv_say_whether_each_walk_counts(
    xdg: Xdg, capfd: pytest.CaptureFixture[str]
) -> None:
    saved(
        xdg,
        make_summary(MONDAY, active_seconds=60.0),  # half of the 120 s planned
        make_summary(MONDAY + timedelta(days=1), active_seconds=9.0, status="stopped"),
    )
    assert main(["history", "--json"]) == 0
    assert [walk["counts"] for walk in json.loads(capfd.readouterr().out)] == [False, True]
    assert main(["history", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capfd.readouterr().out)))
    assert CSV_FIELDS[-1] == "counts"
    assert [row["counts"] for row in rows] == ["false", "true"]


def cell_starts(line: str, cells: list[str]) -> list[tuple[int, int]]:
    """The screen columns where each cell starts and ends, found left to right."""
    from rich.cells import cell_len

    spans: list[tuple[int, int]] = []
    at = 0
    for cell in cells:
        at = line.index(cell, at)
        start = cell_len(line[:at])
        spans.append((start, start + cell_len(cell)))
        at += len(cell)
    return spans


def test_the_history_table_lines_up_whatever_the_widths(
    xdg: Xdg, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Headings over their values: text from the left, numbers from the right, wide
    characters included, and a walk that does not count marked in words."""
    monkeypatch.setenv("COLUMNS", "80")
    saved(
        xdg,
        make_summary(MONDAY, walk="x", pain_before=3, pain_after=2, effort=5),
        make_summary(
            MONDAY + timedelta(days=1),
            id="20261124T070500-morning-3f2a",
            walk="朝の散歩-a-long-walk-name",
            active_seconds=6.0,
            status="stopped",
            stop_reason="pain",
            pain_before=10,
            pain_after=10,
            effort=10,
        ),
        make_summary(MONDAY + timedelta(days=2), walk="mid", pain_after=7, status="interrupted"),
    )
    assert main(["history"]) == 0
    lines = capfd.readouterr().out.splitlines()
    heads = ["date", "walk", "min", "status", "pain", "effort", "counts"]
    rows = [
        ["2026-11-25 07:05", "mid", "2.0", "interrupted", "? -> 7", "-", "yes"],
        [
            "2026-11-24 07:05",
            "朝の散歩-a-long-walk-name",
            "0.1",
            "stopped (pain)",
            "10 -> 10",
            "10",
            "no",
        ],
        ["2026-11-23 07:05", "x", "2.0", "completed", "3 -> 2", "5", "yes"],
    ]
    head = cell_starts(lines[0], heads)
    for line, row in zip(lines[1:4], rows, strict=True):
        spans = cell_starts(line, row)
        for name, (start, end), (head_start, head_end) in zip(heads, spans, head, strict=True):
            if name in ("min", "pain", "effort"):
                assert end == head_end, (name, line)
            else:
                assert start == head_start, (name, line)
    assert lines[4] == "A walk counts towards your goal once half of its planned time is walked."


def test_a_table_wider_than_the_terminal_cuts_nothing(
    xdg: Xdg, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    saved(xdg, make_summary(MONDAY, walk="a-walk-with-a-name-of-forty-characters-x"))
    assert main(["history"]) == 0
    out = capfd.readouterr().out
    assert "a-walk-with-a-name-of-forty-characters-x" in out
    assert "…" not in out


# --- history delete | restore | edit -------------------------------------------------------


def test_delete_restore_and_edit_each_say_what_they_did_in_one_line(
    xdg: Xdg, capfd: pytest.CaptureFixture[str]
) -> None:
    (walk,) = saved(xdg, make_summary(MONDAY, pain_before=4, notes="stiff"))
    path = xdg.sessions / f"{walk.id}.toml"
    assert main(["history", "delete", walk.id]) == 0
    trashed = xdg.trash / path.name
    assert capfd.readouterr().out == (
        f"moved walk {walk.id} to the trash: {trashed} "
        f"(walktimer history restore {walk.id} brings it back)\n"
    )
    assert trashed.exists() and not path.exists()
    assert main(["history", "restore", walk.id]) == 0
    assert capfd.readouterr().out == f"restored walk {walk.id}: {path}\n"
    assert main(["history", "edit", walk.id, "--pain-after", "10", "--notes", ""]) == 0
    assert capfd.readouterr().out == f"edited walk {walk.id}: pain after 10, notes removed\n"
    assert main(["history", "edit", walk.id, "--pain-before", "none", "--effort", "7"]) == 0
    assert capfd.readouterr().out == f"edited walk {walk.id}: pain before removed, effort 7\n"
    assert main(["history", "edit", walk.id, "--notes", " Felt looser "]) == 0
    assert capfd.readouterr().out == f'edited walk {walk.id}: notes "Felt looser"\n'
    data = tomllib.loads(path.read_text())
    assert (data.get("pain_before"), data["pain_after"], data["effort"]) == (None, 10, 7)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["delete", "20261123T070500-nothing-0000"], "no saved walk with the id"),
        (["restore", "20261123T070500-nothing-0000"], "no saved walk with the id"),
        (["edit", "20261123T070500-nothing-0000", "--effort", "3"], "no saved walk with the id"),
        (["delete", "../sessions/x"], "not a walk id: ../sessions/x"),
        (["restore", "x/../../y"], "not a walk id"),
        (["edit", "ID", "--effort", "11"], "--effort: expected a whole number from 0 to 10"),
        (["edit", "ID", "--pain-after", "ten"], "--pain-after: expected a whole number"),
        (["edit", "ID"], "history edit: nothing to change"),
        (["edit", "ID", "--notes", "a\x1bb"], "notes: expected one line of text"),
    ],
)
def test_a_correction_refused_is_one_line_exit_2_and_nothing_changed(
    xdg: Xdg, capfd: pytest.CaptureFixture[str], args: list[str], error: str
) -> None:
    (walk,) = saved(xdg, make_summary(MONDAY, effort=4))
    path = xdg.sessions / f"{walk.id}.toml"
    data = path.read_bytes()
    args = [walk.id if arg == "ID" else arg for arg in args]
    assert main(["history", *args]) == 2
    captured = capfd.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("walktimer: ") and error in line
    assert "\x1b" not in line
    assert path.read_bytes() == data
    assert not xdg.trash.exists()


def test_restore_over_a_walk_of_the_same_name_is_refused(
    xdg: Xdg, capfd: pytest.CaptureFixture[str]
) -> None:
    (walk,) = saved(xdg, make_summary(MONDAY))
    assert main(["history", "delete", walk.id]) == 0
    saved(xdg, make_summary(MONDAY, notes="synced back from the phone"))
    capfd.readouterr()
    assert main(["history", "restore", walk.id]) == 2
    (line,) = capfd.readouterr().err.splitlines()
    assert "exists already; nothing was restored" in line
    assert (xdg.trash / f"{walk.id}.toml").exists()


def test_a_deleted_walk_stops_counting_and_a_restored_one_counts_again(
    xdg: Xdg, capfd: pytest.CaptureFixture[str]
) -> None:
    (walk,) = saved(xdg, make_summary(datetime.now().astimezone()))

    def walks_this_week() -> int:
        capfd.readouterr()
        assert main(["stats", "--json"]) == 0
        return int(json.loads(capfd.readouterr().out)["this_week"]["walks"])

    assert walks_this_week() == 1
    main(["history", "delete", walk.id])
    assert walks_this_week() == 0
    main(["history", "restore", walk.id])
    assert walks_this_week() == 1


def test_the_suggested_command_is_printed_whole_on_a_line_of_its_own(
    xdg: Xdg, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    today = datetime.now().astimezone()
    saved(
        xdg,
        *(
            make_summary(
                today - timedelta(minutes=n), pain_before=3, pain_after=2, warmup="easy-walk"
            )
            for n in (1, 2, 3)
        ),
    )
    assert main(["stats"]) == 0
    lines = capfd.readouterr().out.splitlines()
    command = (
        "walktimer run classic-30-30 --warmup easy-walk --cooldown none --rounds 4 --fast 30 "
        "--slow 30"
    )
    assert f"  {command}" in lines

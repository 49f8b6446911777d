"""Past walks as rows, details and CSV; the history and stats commands."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
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
    assert pain_pairs(newest_first(walks), 3) == [(2, 3), (3, 4), (4, 5)]


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
    }


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

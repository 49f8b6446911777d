"""The command line speaks the app's words: walks by their names in tables people read, ids for
other programs, and counts that agree with their nouns."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

import pytest

from tests.conftest import Xdg
from tests.fakes import run_main as run
from tests.unit.storage.summaries import CET, make_summary
from walktimer.domain.history import history_row
from walktimer.storage import write_summary

Capture = pytest.CaptureFixture[str]
MONDAY = datetime(2026, 11, 23, 7, 5, tzinfo=CET)


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")


def test_the_history_table_names_known_walks_and_shows_other_ids(capsys: Capture, xdg: Xdg) -> None:
    write_summary(make_summary(MONDAY, walk="classic-30-30"), xdg.sessions)
    write_summary(make_summary(MONDAY + timedelta(days=1), walk="from-my-phone"), xdg.sessions)
    done = run(capsys, "history")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "from-my-phone" in lines[1]
    assert "Classic 30/30" in lines[2]
    assert "classic-30-30" not in done.stdout


def test_json_and_csv_keep_the_walk_ids_for_other_programs(capsys: Capture, xdg: Xdg) -> None:
    write_summary(make_summary(MONDAY, walk="classic-30-30"), xdg.sessions)
    as_json = run(capsys, "history", "--json")
    assert [walk["walk"] for walk in json.loads(as_json.stdout)] == ["classic-30-30"]
    as_csv = run(capsys, "history", "--csv")
    assert [row["walk"] for row in csv.DictReader(io.StringIO(as_csv.stdout))] == ["classic-30-30"]


def test_a_row_without_names_shows_the_id() -> None:
    assert history_row(make_summary(MONDAY, walk="classic-30-30")).walk == "classic-30-30"
    named = history_row(make_summary(MONDAY), {"classic-30-30": "Classic 30/30"})
    assert named.walk == "Classic 30/30"


def test_stats_count_one_minute_and_one_week_in_the_singular(capsys: Capture, xdg: Xdg) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text("weekly_goal = 1\n")
    today = datetime.now().astimezone()
    write_summary(make_summary(today, active_seconds=60.0), xdg.sessions)
    done = run(capsys, "stats")
    assert done.returncode == 0, done.stderr
    assert "1 of 1 walks, 1 active minute, 1 fast minute (goal met)" in done.stdout
    assert "Streak 1 week meeting your goal of 1" in done.stdout
    assert "All walks 1, 1 active minute\n" in done.stdout
    assert "1 active minutes" not in done.stdout


def test_the_history_table_speaks_the_words_of_every_screen(capsys: Capture, xdg: Xdg) -> None:
    walks = [
        make_summary(MONDAY, status="stopped", stop_reason="pain", pain_before=4, pain_after=3),
        make_summary(MONDAY + timedelta(days=1), status="interrupted", pain_after=7),
        make_summary(MONDAY + timedelta(days=2), active_seconds=9.0, status="stopped"),
    ]
    for summary in walks:
        write_summary(summary, xdg.sessions)
    done = run(capsys, "history")
    assert done.returncode == 0, done.stderr
    rows = [line.split("  ") for line in done.stdout.splitlines()[1:4]]
    cells = [[cell.strip() for cell in row if cell.strip()] for row in rows]
    assert cells == [
        ["2026-11-25 07:05", "Classic 30/30", "0.1", "stopped", "-", "-", "no"],
        ["2026-11-24 07:05", "Classic 30/30", "2.0", "interrupted", "? -> 7", "-", "yes"],
        ["2026-11-23 07:05", "Classic 30/30", "2.0", "stopped (pain)", "4 -> 3", "-", "yes"],
    ]


def test_stats_say_how_many_walks_were_too_short_to_count(capsys: Capture, xdg: Xdg) -> None:
    today = datetime.now().astimezone()
    write_summary(make_summary(today, active_seconds=60.0), xdg.sessions)
    write_summary(make_summary(today - timedelta(seconds=1), active_seconds=9.0), xdg.sessions)
    done = run(capsys, "stats")
    assert done.returncode == 0, done.stderr
    assert "1 of 3 walks, 1 active minute, 2 fast minutes (2 to go)" in done.stdout
    assert "All walks 1, 1 active minute (1 more too short to count)\n" in done.stdout

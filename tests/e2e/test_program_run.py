"""A programme walked by the real program: `program start`, then `walktimer run` with no walk
walks the week's walk and its summary says which programme and week it was; and the programme
commands stay as light to start as the other data commands."""

from __future__ import annotations

import json
import subprocess
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from tests.conftest import Xdg
from tests.unit.test_import_hygiene import RUN_MAIN, loaded_modules
from walktimer.domain.progress import day_text

TINY = """kind = "walk"
name = "Tiny"
warmup = "none"
cooldown = "none"

[intervals]
fast_seconds = 1
slow_seconds = 1
rounds = 1
"""
QUICK = """kind = "program"
name = "Quick"
walks_per_week = 1

[[weeks]]
walk = "tiny"
note = "One round."

[[weeks]]
walk = "tiny"
rounds = 2
note = "Two rounds."
"""


def walktimer(walktimer_cmd: list[str], xdg: Xdg, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*walktimer_cmd, *args],
        capture_output=True,
        text=True,
        env=xdg.env(),
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )


def presets(xdg: Xdg) -> None:
    xdg.presets.mkdir(parents=True)
    (xdg.presets / "tiny.toml").write_text(TINY)
    (xdg.presets / "quick.toml").write_text(QUICK)


def newest_summary(xdg: Xdg) -> dict[str, Any]:
    newest = max(xdg.sessions.glob("*.toml"), key=lambda p: p.stat().st_mtime_ns)
    return tomllib.loads(newest.read_text())


def test_run_with_no_walk_walks_the_weeks_walk_and_records_it(
    xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    presets(xdg)
    started = walktimer(walktimer_cmd, xdg, "program", "start", "quick")
    assert started.returncode == 0, started.stderr
    assert "First walk: Tiny (0:02): walktimer run" in started.stdout
    walk = ("run", "--plain", "--no-prompts", "--audio", "none")

    first = walktimer(walktimer_cmd, xdg, *walk)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1] == "00:02 DONE"
    summary = newest_summary(xdg)
    assert (summary["walk"], summary["program"], summary["program_week"]) == ("tiny", "quick", 1)

    status = json.loads(walktimer(walktimer_cmd, xdg, "program", "status", "--json").stdout)
    assert (status["week"], status["walks_done"], status["next"]["rounds"]) == (2, 0, 2)

    changed = walktimer(walktimer_cmd, xdg, *walk, "--rounds", "3")
    assert changed.returncode == 0, changed.stderr
    assert "it will not count in the programme" in changed.stderr
    summary = newest_summary(xdg)
    assert summary["rounds_planned"] == 3 and "program" not in summary

    second = walktimer(walktimer_cmd, xdg, *walk)
    assert second.returncode == 0, second.stderr
    summary = newest_summary(xdg)
    assert (summary["rounds_planned"], summary["program"], summary["program_week"]) == (
        2,
        "quick",
        2,
    )
    status = json.loads(walktimer(walktimer_cmd, xdg, "program", "status", "--json").stdout)
    assert (status["state"], status["next"]) == ("finished", None)


def test_run_before_the_programme_starts_walks_the_default_walk_outside_it(
    xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    presets(xdg)
    xdg.config_file.write_text('[defaults]\nwalk = "tiny"\n')  # week 1's walk, as it happens
    later = date.today() + timedelta(days=3)
    started = walktimer(walktimer_cmd, xdg, "program", "start", "quick", "--date", str(later))
    assert started.returncode == 0, started.stderr
    done = walktimer(walktimer_cmd, xdg, "run", "--plain", "--no-prompts", "--audio", "none")
    assert done.returncode == 0, done.stderr
    told = [line for line in done.stderr.splitlines() if "Quick" in line]
    assert told == [f"walktimer: Quick starts on {day_text(later)}: this walk is not in it"]
    summary = newest_summary(xdg)
    assert (summary["walk"], summary["rounds_planned"]) == ("tiny", 1)
    assert "program" not in summary and "program_week" not in summary


def into_file(
    walktimer_cmd: list[str], xdg: Xdg, file: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """`walktimer ARGS > FILE`: standard output redirected to a file, as a shell does it."""
    with file.open("wb") as stdout:
        return subprocess.run(
            [*walktimer_cmd, *args],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            env=xdg.env(),
            stdin=subprocess.DEVNULL,
            cwd=file.parent,
            timeout=60,
            check=False,
        )


def test_a_calendar_written_to_dev_stdout_redirected_to_a_file_is_the_calendar_alone(
    xdg: Xdg, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    presets(xdg)
    assert walktimer(walktimer_cmd, xdg, "program", "start", "quick").returncode == 0
    here = tmp_path / "here"
    here.mkdir()
    file = here / "mine.ics"
    done = into_file(walktimer_cmd, xdg, file, "program", "calendar", "-o", "/dev/stdout")
    assert (done.returncode, done.stderr) == (0, "")
    data = file.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert b"Wrote" not in data
    calendar = Calendar.from_ical(data)
    assert {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")} == {"Walk: Quick"}
    assert [path.name for path in here.iterdir()] == ["mine.ics"]  # no quick.ics beside it


def test_a_diary_written_to_dev_stdout_redirected_to_a_file_is_the_diary_alone(
    xdg: Xdg, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    presets(xdg)
    piped = walktimer(walktimer_cmd, xdg, "report", "--weeks", "2")
    assert piped.returncode == 0, piped.stderr
    file = tmp_path / "diary.md"
    done = into_file(walktimer_cmd, xdg, file, "report", "--weeks", "2", "-o", "/dev/stdout")
    assert (done.returncode, done.stderr) == (0, "")
    assert file.read_text() == piped.stdout  # the diary as standard output has it, nothing more
    assert file.read_text().startswith("# Walking diary\n")


@pytest.mark.parametrize(
    "argv",
    [
        ["program", "list"],
        ["program", "list", "--json"],
        ["program", "status"],
        ["program", "status", "--json"],
        ["report"],
    ],
)
def test_programme_commands_load_neither_textual_nor_icalendar(
    argv: list[str], xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    presets(xdg)
    assert walktimer(walktimer_cmd, xdg, "program", "start", "quick").returncode == 0
    loaded = loaded_modules(RUN_MAIN.format(argv=argv), xdg.env())
    assert "walktimer.cli" in loaded  # the check below looks in the right place
    assert not any(m.split(".")[0] in ("textual", "icalendar") for m in loaded)


def test_the_check_itself_sees_icalendar_when_a_calendar_is_written(
    xdg: Xdg, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    presets(xdg)
    assert walktimer(walktimer_cmd, xdg, "program", "start", "quick").returncode == 0
    argv = ["program", "calendar", "-o", str(tmp_path / "quick.ics")]
    assert "icalendar" in loaded_modules(RUN_MAIN.format(argv=argv), xdg.env())

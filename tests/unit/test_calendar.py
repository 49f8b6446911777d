"""`walktimer program calendar`: the walks still to come as an iCalendar file, read back with
the `icalendar` package as a calendar importing it would read it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, Self
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.conftest import Xdg
from tests.fakes import run_main as run
from tests.unit.test_program_commands import Capture, Walks, started
from walktimer.commands import calendar as calendar_command

UTC = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")
CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@contextmanager
def in_zone(tz: str) -> Iterator[None]:
    """The system's local time set by TZ (a zone's name or a POSIX rule) while it lasts. Only
    the zone is put back afterwards: the test's own XDG folders stay set until it ends."""
    with pytest.MonkeyPatch.context() as zone:
        zone.setenv("TZ", tz)
        time.tzset()
        yield
    time.tzset()


@pytest.fixture
def in_berlin() -> Iterator[None]:
    """The system's local time is Berlin's, named by TZ as a walker's shell may name it."""
    with in_zone("Europe/Berlin"):
        yield


def clock_at(moment: datetime) -> type[datetime]:
    """`datetime` as the calendar reads it, with `now()` at `moment` (naive: local time)."""

    class Fixed(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Self:
            at = moment if tz is None else moment.astimezone(tz)
            return cls.combine(at.date(), at.timetz())

    return Fixed


def read_at(monkeypatch: pytest.MonkeyPatch, hour: int, minute: int = 0) -> date:
    """The calendar made at `hour`:`minute` today, local time; today's date."""
    today = date.today()
    moment = datetime(today.year, today.month, today.day, hour, minute)
    monkeypatch.setattr(calendar_command, "datetime", clock_at(moment))
    return today


@pytest.fixture
def early(in_berlin: None, monkeypatch: pytest.MonkeyPatch) -> date:
    """Six in the morning, Berlin time: today's walks are still to come. Today's date."""
    return read_at(monkeypatch, 6)


def config(xdg: Xdg, text: str) -> None:
    xdg.config_file.parent.mkdir(parents=True, exist_ok=True)
    xdg.config_file.write_text(text)


def calendar_of(capsys: Capture, *args: str) -> tuple[Calendar, str]:
    done = run(capsys, "program", "calendar", *args)
    assert done.returncode == 0, done.stderr
    return Calendar.from_ical((Path.cwd() / "mine.ics").read_bytes()), done.stdout


def events(calendar: Calendar) -> dict[str, Any]:
    """The events by the day their rule repeats on."""
    found = {}
    for event in calendar.walk("VEVENT"):
        (day,) = event["RRULE"]["BYDAY"]
        found[day] = event
    return found


def expected_walk_days(first: date, walks: int, weekdays: set[int]) -> list[date]:
    """The days of the walks to come, counted here by hand: one on each walk day."""
    days = [first + timedelta(days=n) for n in range(7 * walks)]
    return [day for day in days if day.weekday() in weekdays][:walks]


def test_one_weekly_event_a_walk_day_until_the_programmes_end(
    capsys: Capture, xdg: Xdg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, early: date
) -> None:
    monkeypatch.chdir(tmp_path)
    started(capsys, xdg)
    calendar, said = calendar_of(capsys)
    assert calendar["VERSION"] == "2.0"
    assert "walktimer" in str(calendar["PRODID"])
    found = events(calendar)
    assert sorted(found, key=CODES.index) == ["MO", "WE", "FR"]  # the default walk days
    today = early
    walks = expected_walk_days(today, 9, {0, 2, 4})  # 3 weeks of 3 walks, none done yet
    last = walks[-1]
    for code, event in found.items():
        weekday = CODES.index(code)
        start = event.decoded("DTSTART")
        assert start.tzinfo is not None and str(start.tzinfo) == "Europe/Berlin"
        assert (start.weekday(), start.hour, start.minute) == (weekday, 7, 30)
        assert today <= start.date() < today + timedelta(days=7)
        rule = event["RRULE"]
        assert rule["FREQ"] == ["WEEKLY"]
        (until,) = rule["UNTIL"]
        assert until == datetime.combine(last, datetime.min.time(), BERLIN).replace(
            hour=7, minute=30
        ).astimezone(UTC)
        # Week 3, the longest to come: 8 rounds of 30/30 after a warm-up and cool-down of 8:00.
        assert event.decoded("DURATION") == timedelta(minutes=8 + 8)
        assert str(event["UID"]) == f"mine-{DAYS[weekday]}@walktimer"  # the same each time
        assert str(event["SUMMARY"]) == "Walk: Mine"  # the walk changes week by week
        assert "walktimer run" in str(event["DESCRIPTION"])
        assert "Week one." in str(event["DESCRIPTION"])
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER") == -timedelta(minutes=15)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Berlin"
    assert said.startswith("Wrote mine.ics: 9 walks of Mine, on Mon, Wed, Fri at 07:30")


def test_the_walks_done_and_the_config_shape_the_calendar(
    capsys: Capture, xdg: Xdg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, early: date
) -> None:
    monkeypatch.chdir(tmp_path)
    walks = started(capsys, xdg)
    walks.walks(1, 3)
    walks.walk(2)  # week 2, one of three done: 2 + 3 walks to come
    config(xdg, 'walk_days = ["sun", "tue"]\nwalk_time = "18:15"\n')
    calendar, _ = calendar_of(capsys)
    found = events(calendar)
    assert sorted(found, key=CODES.index) == ["TU", "SU"]
    last = expected_walk_days(early, 5, {1, 6})[-1]
    for event in found.values():
        start = event.decoded("DTSTART")
        assert (start.hour, start.minute) == (18, 15)
        (until,) = event["RRULE"]["UNTIL"]
        assert until.astimezone(BERLIN).date() == last
        assert event.decoded("DURATION") == timedelta(minutes=16)  # week 3's, the longest
        assert "Week two." in str(event["DESCRIPTION"])


def test_a_programme_starting_later_starts_the_calendar_then(
    capsys: Capture, xdg: Xdg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_berlin: None
) -> None:
    monkeypatch.chdir(tmp_path)
    started(capsys, xdg, days_ago=-10)
    calendar, _ = calendar_of(capsys)
    first = date.today() + timedelta(days=10)
    for event in events(calendar).values():
        assert first <= event.decoded("DTSTART").date() < first + timedelta(days=7)


LONGER_IN_THE_MIDDLE = """kind = "program"
name = "Middle"
walks_per_week = 1

[[weeks]]
walk = "first-steps"

[[weeks]]
walk = "first-steps"
rounds = 10
fast_seconds = 37

[[weeks]]
walk = "first-steps"
rounds = 6
"""


def test_every_event_is_as_long_as_the_longest_walk_still_to_come(
    capsys: Capture, xdg: Xdg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, early: date
) -> None:
    monkeypatch.chdir(tmp_path)
    walks = Walks(xdg)
    (xdg.presets / "middle.toml").write_text(LONGER_IN_THE_MIDDLE)
    since = (early - timedelta(days=14)).isoformat()
    assert run(capsys, "program", "start", "middle", "--date", since).returncode == 0

    def durations() -> set[timedelta]:
        done = run(capsys, "program", "calendar", "-o", "-")
        assert done.returncode == 0, done.stderr
        return {e.decoded("DURATION") for e in events(Calendar.from_ical(done.stdout)).values()}

    # first-steps: a warm-up and cool-down of 8:00 (480 s) around its rounds of fast and slow.
    assert durations() == {timedelta(seconds=480 + 10 * (37 + 30))}  # week 2's, to the second
    walks.walk(1, program="middle")
    walks.walk(2, program="middle")
    assert durations() == {timedelta(seconds=480 + 6 * (30 + 30))}  # week 3 alone is left


@pytest.mark.parametrize(("hour", "minute", "first"), [(7, 29, 0), (7, 30, 1), (21, 0, 1)])
def test_the_first_walk_is_tomorrow_once_todays_walk_time_has_passed(
    capsys: Capture,
    xdg: Xdg,
    monkeypatch: pytest.MonkeyPatch,
    in_berlin: None,
    hour: int,
    minute: int,
    first: int,
) -> None:
    config(xdg, f"walk_days = {list(DAYS)!r}\n".replace("'", '"'))  # every day a walk day
    started(capsys, xdg)
    today = read_at(monkeypatch, hour, minute)
    done = run(capsys, "program", "calendar", "-o", "-")
    assert done.returncode == 0, done.stderr
    found = events(Calendar.from_ical(done.stdout)).values()
    starts = sorted(event.decoded("DTSTART") for event in found)
    assert starts[0].date() == today + timedelta(days=first)
    assert (starts[0].hour, starts[0].minute) == (7, 30)
    (until,) = {event["RRULE"]["UNTIL"][0] for event in found}
    assert until.astimezone(BERLIN).date() == today + timedelta(days=first + 8)  # the 9th walk


LONGEST = 'kind = "program"\nname = "Longest"\nwalks_per_week = 7\n' + (
    '\n[[weeks]]\nwalk = "first-steps"\n' * 52
)


@pytest.mark.parametrize("day", DAYS)
def test_a_start_too_far_ahead_for_any_calendar_is_one_line_and_exit_1(
    capsys: Capture, xdg: Xdg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, day: str
) -> None:
    """364 walks, one a week, from June 9998: the calendar would end before they do."""
    monkeypatch.chdir(tmp_path)
    Walks(xdg)
    (xdg.presets / "longest.toml").write_text(LONGEST)
    done = run(capsys, "program", "start", "longest", "--date", "9998-06-01")
    assert done.returncode == 0, done.stderr
    config(xdg, f'walk_days = ["{day}"]\n')
    done = run(capsys, "program", "calendar")
    assert (done.returncode, done.stdout) == (1, ""), done.stderr
    assert done.stderr.startswith("walktimer: Longest") and done.stderr.count("\n") == 1
    assert list(tmp_path.glob("*.ics")) == []


def test_without_a_zone_name_the_times_are_floating(
    capsys: Capture, xdg: Xdg, monkeypatch: pytest.MonkeyPatch
) -> None:
    with in_zone("WALK-3"):  # a POSIX rule: three hours east, no zone name
        started(capsys, xdg)
        done = run(capsys, "program", "calendar", "-o", "-")
    assert os.environ["XDG_DATA_HOME"] == str(xdg.data)  # the test's own folders, still
    assert done.returncode == 0, done.stderr
    calendar = Calendar.from_ical(done.stdout)
    assert calendar.walk("VTIMEZONE") == []
    for event in events(calendar).values():
        assert event.decoded("DTSTART").tzinfo is None
        (until,) = event["RRULE"]["UNTIL"]
        assert until.tzinfo is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('walk_days = ["mon", "funday"]', 'walk_days[2]: expected "mon", "tue", "wed", "thu"'),
        ('walk_days = ["mon", "mon"]', 'walk_days[2]: "mon" is already in the list'),
        ("walk_days = []", "walk_days: expected at least one day, got an empty list"),
        ('walk_days = "mon"', 'walk_days: expected a list of days like ["mon", "wed", "fri"]'),
        ('walk_time = "7:30pm"', 'walk_time: expected a time of day as "HH:MM"'),
        ('walk_time = "24:00"', 'walk_time: expected a time of day as "HH:MM"'),
    ],
)
def test_bad_walk_days_or_time_is_one_line_and_exit_2(
    capsys: Capture,
    xdg: Xdg,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    problem: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    started(capsys, xdg)
    config(xdg, text + "\n")
    done = run(capsys, "program", "calendar")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"walktimer: {xdg.config_file}: {problem}")
    assert not (tmp_path / "mine.ics").exists()
    assert run(capsys, "stats", "--json").returncode == 0  # it stops only what reads it


def test_a_finished_programme_has_no_calendar(
    capsys: Capture, xdg: Xdg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    walks = started(capsys, xdg)
    for week in (1, 2, 3):
        walks.walks(week, 3)
    done = run(capsys, "program", "calendar")
    assert (done.returncode, done.stderr) == (
        1,
        "walktimer: Mine is finished: it has no walks left to put in a calendar\n",
    )

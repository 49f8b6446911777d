"""`walktimer program calendar`: the walks the active programme still asks for, as an
iCalendar file that phone and desktop calendars import.

One weekly event for each of the walker's walk days (`walk_days`, at `walk_time` in the
config), each with a reminder 15 minutes before, from the first walk day on or after today (or
the programme's start, if that is later) to the day of the last walk the programme needs, one
walk on each walk day. The times are in the system's time zone, by its name and with its rules
(a VTIMEZONE), so that a calendar on another device shows them right across a change of
clocks; where no zone name can be found, they are floating local times. The `icalendar`
package is imported here only, when the command runs.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from walktimer import __version__
from walktimer.commands import NotWritten, catalog, config, write_out
from walktimer.commands.program import NONE_ACTIVE, RUN, active_today
from walktimer.config import DAYS, Day
from walktimer.domain.progress import Progress, Today, day_text
from walktimer.domain.words import duration_text, safe_text
from walktimer.errors import EXIT_FAILURE, EXIT_OK

REMINDER = timedelta(minutes=15)
BY_DAY: dict[Day, str] = dict(zip(DAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))
LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")
LAST_DAY = date.max - timedelta(days=2)  # the zone's rules go on two days past the last walk


def write_calendar(output: str | None) -> int:
    cfg = config("walk_days", "walk_time")
    cat = catalog()
    found = active_today(cat)
    if found is None:
        print(f"walktimer: {NONE_ACTIVE}", file=sys.stderr)
        return EXIT_FAILURE
    active, now = found
    if now.plan is None:
        line = f"{now.progress.name} is finished: it has no walks left to put in a calendar"
        print(f"walktimer: {safe_text(line)}", file=sys.stderr)
        return EXIT_FAILURE
    right_now = datetime.now()
    first = max(right_now.date(), active.started_on)
    if first == right_now.date() and right_now.time() >= cfg.walk_clock:  # today's time is past
        first += timedelta(days=1)
    needed = walks_left(now.progress)
    walks = walk_dates(first, needed, cfg.walk_days)
    if len(walks) < needed:  # a start so far ahead that the calendar ends first
        line = f"{now.progress.name}: its walks run past the last day a calendar can hold"
        print(f"walktimer: {safe_text(line)}", file=sys.stderr)
        return EXIT_FAILURE
    # One length for every week: the longest still to come, so no walk outgrows its time.
    weeks = range(now.progress.week, now.progress.weeks + 1)
    seconds = max(cat.week_plan(active.id, week).total_seconds for week in weeks)
    zone = local_zone()
    data = calendar_bytes(now, walks, cfg.walk_days, cfg.walk_clock, zone, seconds=seconds)
    try:
        target = write_out(data, output, default=f"{active.id}.ics")
    except NotWritten:
        return EXIT_FAILURE
    if target is None:  # standard output: the calendar alone
        return EXIT_OK
    days = ", ".join(day.capitalize() for day in DAYS if day in cfg.walk_days)
    where = "local time" if zone is None else str(zone)
    print(
        safe_text(
            f"Wrote {target}: {len(walks)} walks of {now.progress.name}, on {days} at "
            f"{cfg.walk_time} ({where}), from {day_text(walks[0])} to {day_text(walks[-1])} "
            f"{walks[-1].year}, each with a reminder 15 minutes before. Import it into your "
            "calendar; make it again when the programme repeats or steps back a week."
        )
    )
    return EXIT_OK


def walks_left(progress: Progress) -> int:
    """The walks that count the programme still needs: the rest of this week's, then every
    week after it."""
    weeks_after = progress.weeks - progress.week
    return progress.walks_per_week - progress.walks_done + weeks_after * progress.walks_per_week


def walk_dates(first: date, walks: int, days: tuple[Day, ...]) -> list[date]:
    """The next `walks` walk days from `first` on: the days of the walks still to come."""
    weekdays = {DAYS.index(day) for day in days}
    assert weekdays, "the config has at least one walk day"
    found: list[date] = []
    day = first
    while len(found) < walks and day <= LAST_DAY:  # a start far ahead runs out of calendar
        if day.weekday() in weekdays:
            found.append(day)
        day += timedelta(days=1)
    return found


def calendar_bytes(
    now: Today,
    walks: list[date],
    days: tuple[Day, ...],
    clock: time,
    zone: ZoneInfo | None,
    *,
    seconds: int,
) -> bytes:
    """The iCalendar file: a VEVENT for each walk day that has a walk left, `seconds` long,
    repeating weekly until the last walk."""
    from icalendar import Alarm, Calendar, Event

    progress, plan = now.progress, now.plan
    assert plan is not None
    calendar = Calendar()
    calendar.add("prodid", f"-//walktimer//walktimer {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", safe_text(f"walktimer: {progress.name}"))
    last = walks[-1]
    until = _at(last, clock, zone)
    if zone is not None:  # with a zone, RFC 5545 has the rule end in UTC
        until = until.astimezone(UTC)
    stamp = datetime.now(UTC).replace(microsecond=0)
    title = safe_text(f"Walk: {progress.name}")  # the week's walk changes: the text says it
    for day in (day for day in DAYS if day in days):
        start = walks[0] + timedelta(days=(DAYS.index(day) - walks[0].weekday()) % 7)
        if start > last:  # the walks run out before this day comes round again
            continue
        event = Event()
        event.add("uid", f"{progress.id}-{day}@walktimer")
        event.add("dtstamp", stamp)
        event.add("summary", title)
        event.add("description", safe_text(_description(now), lines=True))
        event.add("dtstart", _at(start, clock, zone))
        event.add("duration", timedelta(seconds=seconds))
        event.add("rrule", {"freq": "weekly", "byday": BY_DAY[day], "until": until})
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", -REMINDER)
        event.add_component(alarm)
        calendar.add_component(event)
    if zone is not None:  # the zone's rules over the weeks of the walks, for other devices
        calendar.add_missing_timezones(walks[0] - timedelta(days=1), last + timedelta(days=2))
    data: bytes = calendar.to_ical()
    return data


def _description(now: Today) -> str:
    progress, plan = now.progress, now.plan
    assert plan is not None
    lines = [
        f"Week {progress.week} of {progress.weeks} of {progress.name} when this calendar was "
        f"made: {plan.walk_name}, {plan.rounds} rounds, {duration_text(plan.total_seconds)}.",
    ]
    if progress.note:
        lines.append(progress.note)
    lines.append(f"Walk it with: {RUN}")
    return "\n\n".join(lines)


def _at(day: date, clock: time, zone: ZoneInfo | None) -> datetime:
    """The walk's start on `day` in `zone`; without a zone, a floating local time."""
    return datetime.combine(day, clock, tzinfo=zone)


def local_zone() -> ZoneInfo | None:
    """The system's time zone by its name (`TZ`, else the zone /etc/localtime links to, else
    /etc/timezone), when it has one that gives the offset the system uses now; else None."""
    name = zone_name()
    if name is None:
        return None
    try:
        zone = ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # not a name in the zone database: a POSIX rule
        return None
    here: tzinfo | None = datetime.now().astimezone().tzinfo
    moment = datetime.now(UTC)
    return (
        zone if moment.astimezone(here).utcoffset() == moment.astimezone(zone).utcoffset() else None
    )


def zone_name() -> str | None:
    tz = os.environ.get("TZ")
    if tz is not None:  # it decides the local time, whatever /etc says
        tz = tz.removeprefix(":")
        return tz.split("zoneinfo/", 1)[-1] if tz else "UTC"
    target = os.path.realpath(LOCALTIME)
    if "zoneinfo/" in target:
        return target.split("zoneinfo/", 1)[1]
    try:
        return TIMEZONE_FILE.read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None

"""`walktimer program list | start | status | stop | calendar`: the programme being walked.

One programme at a time is active: its id and the day it was started are kept in
`program.toml` (storage/program.py); where the walker is in it is worked out from the saved
walks each time it is asked for (domain/progress.py). `walktimer run` with no walk named walks
today's walk of it (commands/options.py asks `active_today`).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from datetime import date
from typing import Any

from walktimer import paths
from walktimer.commands import catalog, print_json
from walktimer.commands.history import load
from walktimer.domain.catalog import Catalog, Entry, is_path
from walktimer.domain.inputs import path_text
from walktimer.domain.program import ProgramPreset
from walktimer.domain.progress import (
    ASCII_WEEK_MARKS,
    WEEK_MARKS,
    ActiveProgram,
    Progress,
    Today,
    day_text,
    legend,
    today,
    today_parts,
)
from walktimer.domain.stats import NextWalk
from walktimer.domain.summary import MAX_YEAR, MIN_YEAR
from walktimer.domain.words import count_text, duration_text, echo_text, safe_text
from walktimer.errors import EXIT_FAILURE, EXIT_OK, PresetError, UsageError
from walktimer.storage import ProgramFileError, end_active, read_active, trash_beside, write_active
from walktimer.storage.reading import SessionsFolderError

NONE_ACTIVE = "no programme is active"
RUN = "walktimer run"  # walks today's walk of the programme, counted in it
STOP = "walktimer program stop"
TEXT_WIDTH = 100  # a week's note wraps here even in a wide terminal


def run(args: argparse.Namespace) -> int:
    actions = {
        "list": _list,
        "start": _start,
        "status": _status,
        "stop": _stop,
        "calendar": _calendar,
    }
    try:
        return actions[args.program_command](args)
    except SessionsFolderError as exc:  # progress cannot be worked out without the walks
        print(f"walktimer: {safe_text(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE


def active_program() -> ActiveProgram | None:
    """The programme being walked, None if none is; a file that cannot be read is one line
    (ProgramFileError, exit 2) that says how to end it."""
    try:
        return read_active(paths.program_file())
    except ProgramFileError as exc:
        raise ProgramFileError(f"{exc.problems[0]}; `{STOP}` moves it to the trash") from None


def active_today(cat: Catalog) -> tuple[ActiveProgram, Today] | None:
    """The active programme and where the saved walks leave it (unreadable walk files are
    named on standard error, as `history` names them); None when no programme is active. A
    programme whose preset has gone or cannot be used is one line (PresetError, exit 2)."""
    active = active_program()
    if active is None:
        return None
    try:
        return active, today(cat, active, load(phases=False))
    except PresetError as exc:
        problems = "; ".join(exc.problems)
        line = (
            f'the programme "{echo_text(active.id)}" cannot be used: {problems}; `{STOP}` ends it'
        )
        raise PresetError([line]) from None


def today_line(found: Today) -> str:
    """`Today: Back to walking · week 2 of 8 · walk 2 of 3 · First steps, 6 rounds`, or the
    programme finished. Names come from files: the caller makes the line safe to show."""
    return " · ".join(today_parts(found))


def marks_lines(now: Progress, encoding: str | None) -> tuple[str, str]:
    """The weeks as a row of marks, and the legend of the marks in it."""
    marks = WEEK_MARKS
    try:
        "".join(marks.values()).encode(encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):  # an ASCII or Latin-1 terminal
        marks = ASCII_WEEK_MARKS
    return " ".join(marks[mark] for mark in now.marks), legend(now.marks, marks)


def next_json(found: Today) -> dict[str, Any] | None:
    """Today's walk as `stats --json` gives a walk to take, with the command that walks it as
    the programme's (a walk named on the command line is not counted in it)."""
    plan = found.plan
    if plan is None:
        return None
    walk = NextWalk(
        plan.walk_id,
        plan.warmup_id,
        plan.cooldown_id,
        plan.rounds,
        plan.fast_seconds,
        plan.slow_seconds,
    )
    return walk.to_json() | {"command": RUN}


def _status(args: argparse.Namespace) -> int:
    found = active_today(catalog())
    if found is None:
        print(f"walktimer: {NONE_ACTIVE}", file=sys.stderr)
        return EXIT_FAILURE
    active, now = found
    if args.json:
        print_json(now.progress.to_json() | {"next": next_json(now)})
        return EXIT_OK
    width = min(TEXT_WIDTH, max(40, shutil.get_terminal_size().columns - 1))
    for line in status_lines(active, now, sys.stdout.encoding):
        wrapped = textwrap.wrap(
            safe_text(line), width, subsequent_indent="  ", break_on_hyphens=False
        )
        print("\n".join(wrapped))
    return EXIT_OK


def status_lines(active: ActiveProgram, now: Today, encoding: str | None) -> list[str]:
    progress, plan = now.progress, now.plan
    row, legend = marks_lines(progress, encoding)
    lines = [today_line(now)]
    if now.starts_on is not None:
        lines.append(f"Walks before {day_text(now.starts_on)} are not in it.")
    lines += [f"Weeks  {row}", f"       {legend}"]
    if progress.reason:
        lines.append(progress.reason)
    if plan is None:
        lines.append(f"`{RUN}` walks your default walk again; `{STOP}` ends the programme.")
        return lines
    if progress.note:
        lines.append(f"Week {progress.week}: {progress.note}")
    if now.starts_on is None:
        lines.append(f"Walk it ({duration_text(plan.total_seconds)} in all): {RUN}")
    return lines


def _start(args: argparse.Namespace) -> int:
    ref: str = args.id
    if is_path(ref):
        raise UsageError(
            [
                "program start: expected a programme's id (`walktimer program list` shows them); "
                f"a programme of your own goes in {path_text(paths.user_presets_dir())}"
            ]
        )
    started_on: date = args.date or date.today()
    if not MIN_YEAR <= started_on.year <= MAX_YEAR:
        raise UsageError(
            [
                f"--date: expected a day between the years {MIN_YEAR} and {MAX_YEAR}, "
                f"got {started_on}"
            ]
        )
    cat = catalog()
    if (active := active_program()) is not None:
        since = f"{day_text(active.started_on)} {active.started_on.year}"
        raise UsageError(
            [
                f"{_name(cat, active.id)} is the active programme (since {since}): one at a "
                f"time; `{STOP}` ends it"
            ]
        )
    program_id, program = cat.program(ref)  # one whose every week can be walked
    active = ActiveProgram(program_id, started_on)
    now = today(cat, active, load(phases=False))  # the walks read before anything is written
    write_active(paths.program_file(), active)
    print(safe_text(started_line(program, active, now)))
    return EXIT_OK


def started_line(program: ProgramPreset, active: ActiveProgram, now: Today) -> str:
    """`Started Back to walking: week 1 of 8, 3 walks a week. First walk: First steps (12:00):
    walktimer run`."""
    progress, plan = now.progress, now.plan
    day, today_ = active.started_on, date.today()
    started = f"Started {program.name}" + ("" if day == today_ else f" on {day_text(day)}")
    if day > today_:
        started = f"{program.name} starts on {day_text(day)}"
    head = (
        f"{started}: week {progress.week} of {progress.weeks}, "
        f"{count_text(program.walks_per_week, 'walk')} a week."
    )
    if plan is None:  # walks since an earlier start date already finish it
        return f"{head} The walks since then already finish it."
    first = "First" if (progress.week, progress.walks_done) == (1, 0) else "Next"
    return f"{head} {first} walk: {plan.walk_name} ({duration_text(plan.total_seconds)}): {RUN}"


def _stop(args: argparse.Namespace) -> int:
    try:
        active = read_active(paths.program_file())
    except ProgramFileError:  # a file that cannot be read is ended all the same
        active = None
    # Beside the trashed walks, never among them: `history restore` brings back walks alone.
    moved = end_active(paths.program_file(), trash_beside(paths.sessions_dir()) / "programmes")
    if moved is None:
        print(f"walktimer: {NONE_ACTIVE}", file=sys.stderr)
        return EXIT_FAILURE
    if active is None:
        print(f"Ended the programme: its file is in the trash, {path_text(moved)}.")
        return EXIT_OK
    again = f"walktimer program start {active.id} --date {active.started_on.isoformat()}"
    print(
        safe_text(
            f"Ended {_name(catalog(), active.id)}: your walks stay in history, and its file is "
            f"in the trash ({path_text(moved)}). To take it up again where you left off: {again}"
        )
    )
    return EXIT_OK


def _name(cat: Catalog, program_id: str) -> str:
    """The programme's name, or its id if its preset has gone or cannot be read."""
    try:
        return cat.program(program_id)[1].name
    except PresetError:
        return program_id


def _list(args: argparse.Namespace) -> int:
    cat = catalog()
    for warning in cat.warnings:  # a folder of presets that could not be read: say so
        print(f"walktimer: warning: {safe_text(warning)}", file=sys.stderr)
    try:
        active = active_program()
    except ProgramFileError as exc:  # the list is still worth showing
        print(f"walktimer: warning: {safe_text(exc.problems[0])}", file=sys.stderr)
        active = None
    entries = cat.entries("program")
    active_id = active.id if active is not None else None
    if args.json:
        print_json([program_json(entry, active_id) for entry in entries])
        return EXIT_OK
    if not entries:
        print("No programmes found.")
        return EXIT_OK
    _print_list(entries, active_id)
    return EXIT_OK


def program_json(entry: Entry, active_id: str | None) -> dict[str, Any]:
    program = entry.preset if isinstance(entry.preset, ProgramPreset) else None
    return {
        "id": entry.id,
        "name": entry.name,
        "description": entry.description,
        "weeks": len(program.weeks) if program is not None else None,
        "walks_per_week": program.walks_per_week if program is not None else None,
        "source": entry.source,
        "path": entry.absolute_path,
        "usable": entry.usable,
        "error": entry.error,
        "active": entry.id == active_id and entry.usable,
    }


def _print_list(entries: list[Entry], active_id: str | None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold")
    for column in ("id", "weeks", "a week", "programme"):
        table.add_column(column, justify="right" if column in ("weeks", "a week") else "left")
    for entry in entries:
        data = program_json(entry, active_id)
        name = Text(safe_text(entry.name), "bold" if data["active"] else "")
        if data["active"]:
            name.append("  (active)")
        if not entry.usable:
            name = Text("cannot be used: ", "red").append(safe_text(entry.error or ""))
        elif entry.description:
            name.append("\n" + safe_text(entry.description), "dim")
        weeks, walks = (str(data[key] or "") for key in ("weeks", "walks_per_week"))
        table.add_row(Text(safe_text(entry.id)), weeks, walks, name)
    Console(highlight=False).print(table)
    if active_id is None:
        print("Start one with: walktimer program start ID")


def _calendar(args: argparse.Namespace) -> int:
    from walktimer.commands.calendar import write_calendar

    return write_calendar(args.output)

"""`walktimer history` and `walktimer stats`: the saved walks, for people and for other tools.

These print data, so they never import Textual; Rich is imported only for the tables people
read. The JSON of 10,000 walks is encoded by msgspec in one go, and indented only when a person
is reading it on a terminal: that keeps it interactive.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime

import msgspec

from walktimer import paths
from walktimer.commands import catalog, config, print_json
from walktimer.domain.history import CSV_FIELDS, csv_record, history_row, listed
from walktimer.domain.inputs import path_text
from walktimer.domain.questions import parse_rating
from walktimer.domain.stats import Stats, compute_stats, counts
from walktimer.domain.summary import ANSWER_KEYS, Summary
from walktimer.domain.words import (
    COUNTING_RULE,
    PAIN_STOP_WORDS,
    STATUS_WORDS,
    count_text,
    counts_text,
    echo_text,
    safe_text,
)
from walktimer.errors import EXIT_FAILURE, EXIT_OK, UsageError
from walktimer.storage import (
    edit_summary,
    read_summaries,
    restore_summary,
    trash_beside,
    trash_summary,
)
from walktimer.storage.reading import SessionsFolderError, add_phases

EMPTY = "No walks saved yet. Start one with: walktimer run"
COLUMNS = ("date", "walk", "min", "status", "pain", "effort", "counts")
RIGHT = {"min", "pain", "effort"}  # the numbers
# Colour for the statuses worth a glance; the words say it too, for those who cannot see it.
STATUS_STYLES = {PAIN_STOP_WORDS: "red", STATUS_WORDS["interrupted"]: "yellow"}
SHORT_STYLE = "dim"  # a walk that does not count: its `counts` cell says so in words
BAR_MARKS = ("█", "·")  # a walk, and a walk still to go to meet the goal
ASCII_BAR_MARKS = ("#", ".")


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "stats":
            return _stats(args)
        if getattr(args, "history_command", None) is not None:
            return correct(args)
        return _history(args)
    except SessionsFolderError as exc:  # not "no walks yet": they may all be in there
        print(f"walktimer: {safe_text(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE


def load(*, phases: bool) -> list[Summary]:
    """The saved walks, newest first; each skipped file named on standard error."""
    summaries, warnings = read_summaries(paths.sessions_dir(), phases=phases)
    for warning in warnings:  # names a file, perhaps one synced from elsewhere
        print(f"walktimer: warning: {safe_text(warning)}", file=sys.stderr)
    return summaries


def _history(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        raise UsageError([f"--limit: expected a whole number >= 1, got {args.limit}"])
    summaries = load(phases=args.json)
    if args.limit is not None:
        summaries = summaries[: args.limit]
    if args.json:
        data = msgspec.json.encode([listed(summary) for summary in summaries])
        if sys.stdout.isatty():  # for reading; other programs get it compact, and quicker
            data = msgspec.json.format(data, indent=2)
        sys.stdout.flush()
        sys.stdout.buffer.write(data + b"\n")
        sys.stdout.buffer.flush()
    elif args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_FIELDS)
        writer.writerows(csv_record(summary) for summary in summaries)
    else:
        _print_table(summaries, catalog().walk_names() if summaries else {})
    return EXIT_OK


def _print_table(summaries: Sequence[Summary], names: Mapping[str, str]) -> None:
    """One row a walk, in the words of every other screen, in columns sized here (by each
    cell's width on the terminal) rather than by rich's `Table`, which measures every cell
    twice: 10,000 rows print in a blink. Every value sits under its heading, the numbers
    right-aligned. Walks are shown by their presets' names (`names`), which people recognise;
    the JSON and the CSV keep the ids, which other programs match on."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    if not summaries:
        console.print(EMPTY, markup=False)
        return
    rows: list[tuple[tuple[str, ...], str]] = []
    for summary in summaries:
        row = history_row(summary, names)
        counting = counts(summary)
        style = STATUS_STYLES.get(row.status, "") if counting else SHORT_STYLE
        rows.append(((*row, counts_text(counting)), style))
    widths = [
        max(cell_len(title), *(cell_len(cells[i]) for cells, _ in rows))
        for i, title in enumerate(COLUMNS)
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            " " * (width - cell_len(cell)) + cell
            if title in RIGHT
            else cell + " " * (width - cell_len(cell))
            for title, cell, width in zip(COLUMNS, cells, widths, strict=True)
        ).rstrip()

    short = any(style == SHORT_STYLE for _, style in rows)
    if not console.is_terminal:  # a file or a pipe shows no styles: the lines as they are
        lines = [line(COLUMNS), *(line(cells) for cells, _ in rows)]
        sys.stdout.write("\n".join([*lines, COUNTING_RULE] if short else lines) + "\n")
        return
    table = Text(line(COLUMNS), "bold", no_wrap=True)  # file text: never markup
    for cells, style in rows:
        table.append("\n")
        table.append(line(cells), style)
    # As wide as the widest row: a narrow terminal wraps a line rather than cut a value.
    console.print(table, overflow="ignore", crop=False)
    if short:
        console.print(COUNTING_RULE, markup=False)


def correct(args: argparse.Namespace) -> int:
    """`history delete|restore|edit ID`: one line saying what was done; a refusal is one
    line too (a WalktimerError, exit 2), with nothing changed."""
    walk_id: str = args.id
    sessions = paths.sessions_dir()
    trash = trash_beside(sessions)
    shown = echo_text(walk_id)
    if args.history_command == "delete":
        path = trash_summary(sessions, trash, walk_id)
        line = (
            f"moved walk {shown} to the trash: {path_text(path)} "
            f"(walktimer history restore {shown} brings it back)"
        )
    elif args.history_command == "restore":
        path = restore_summary(sessions, trash, walk_id)
        line = f"restored walk {shown}: {path_text(path)}"
    else:
        changes = _edits(args)
        if not changes:
            raise UsageError(
                [
                    "history edit: nothing to change; give --pain-before, --pain-after, "
                    "--effort or --notes"
                ]
            )
        edited = edit_summary(sessions, walk_id, changes)
        line = f"edited walk {shown}: " + ", ".join(_edited(edited, key) for key in changes)
    print(line)
    return EXIT_OK


def _edits(args: argparse.Namespace) -> dict[str, int | str | None]:
    """The answers given on the command line; `none` (or nothing) removes a rating."""
    changes: dict[str, int | str | None] = {}
    for key in ANSWER_KEYS:
        given: str | None = getattr(args, key)
        if given is None:
            continue
        if key == "notes":
            changes[key] = given
        elif given.strip().lower() in ("", "none"):
            changes[key] = None
        elif (rating := parse_rating(given)) is not None:
            changes[key] = rating
        else:
            option = "--" + key.replace("_", "-")
            raise UsageError(
                [f"{option}: expected a whole number from 0 to 10, or none, got {echo_text(given)}"]
            )
    return changes


def _edited(summary: Summary, key: str) -> str:
    """`pain after 3`, `effort removed`, `notes "Felt looser"`: an answer as it is now."""
    value = getattr(summary, key)
    word = key.replace("_", " ")
    if value is None:
        return f"{word} removed"
    if key == "notes":
        return f'{word} "{echo_text(value)}"'
    return f"{word} {value}"


def _stats(args: argparse.Namespace) -> int:
    goal = config("weekly_goal").weekly_goal
    summaries = load(phases=False)
    # The suggestion to walk longer keeps the interval lengths of the latest walk that counts.
    if latest := next((summary for summary in summaries if counts(summary)), None):
        add_phases(paths.sessions_dir(), latest)
    stats = compute_stats(summaries, weekly_goal=goal, now=datetime.now().astimezone())
    if args.json:
        print_json(stats.to_json())
    else:
        _print_stats(stats)
    return EXIT_OK


def _print_stats(stats: Stats) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    week = stats.this_week
    mark = "goal met" if stats.goal_met else f"{stats.weekly_goal - week.walks} to go"
    console.print(
        Text.assemble(
            ("This week ", "bold"),
            f"(from Monday {week.start:%d %b}): {week.walks} of {stats.weekly_goal} walks, "
            f"{_active_minutes(week.active_minutes)}, "
            f"{count_text(round(week.fast_minutes), 'fast minute')} ({mark})",
        )
    )
    console.print(
        Text.assemble(
            ("Streak ", "bold"),
            f"{count_text(stats.streak_weeks, 'week')} meeting your goal of {stats.weekly_goal}",
        )
    )
    short = f" ({stats.short_walks} more too short to count)" if stats.short_walks else ""
    console.print(
        Text.assemble(
            ("All walks ", "bold"),
            f"{stats.total_walks}, {_active_minutes(stats.total_active_minutes)}{short}",
        )
    )
    if stats.pain_change_avg is not None:
        change = f"{stats.pain_change_avg:+.1f} on average (after minus before; lower is better)"
        console.print(Text.assemble(("Pain change ", "bold"), change))
    longer = stats.next_walk
    if longer is not None:  # the command on a line of its own, to copy whole
        console.print(Text.assemble(("Suggestion ", "bold"), safe_text(longer.words())))
        console.print(Text("  " + safe_text(longer.command())), soft_wrap=True)
    elif stats.suggestion:  # it may name a walk by the id a summary file gives it
        console.print(Text.assemble(("Suggestion ", "bold"), safe_text(stats.suggestion)))
    if stats.total_walks + stats.short_walks == 0:
        console.print(EMPTY, markup=False)
        return
    table = Table(box=None, header_style="bold", title="Recent weeks", title_justify="left")
    for column in ("week of", "walks", "", "minutes", "fast"):
        table.add_column(column, justify="right" if column in ("minutes", "fast") else "left")
    widest = max(max(w.walks for w in stats.weeks), stats.weekly_goal)
    walked, to_go = bar_marks(console.encoding)
    for item in stats.weeks:
        bar = Text(walked * item.walks, "green" if item.walks >= stats.weekly_goal else "yellow")
        bar.append(to_go * (widest - item.walks), "dim")
        table.add_row(
            f"{item.start:%Y-%m-%d}",
            str(item.walks),
            bar,
            f"{item.active_minutes:.0f}",
            f"{item.fast_minutes:.0f}",
        )
    console.print(table)


def bar_marks(encoding: str) -> tuple[str, str]:
    """The weekly bars' marks; ASCII ones where the output's encoding (a Latin-1 or ASCII
    locale) cannot show the blocks, so the bars still read as bars."""
    try:
        "".join(BAR_MARKS).encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return ASCII_BAR_MARKS
    return BAR_MARKS


def _active_minutes(minutes: float) -> str:
    """`1 active minute`, `25 active minutes`: whole minutes, as the weekly table shows them."""
    return count_text(round(minutes), "active minute")

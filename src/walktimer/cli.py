"""The command line. Commands that print data never import Textual; only the app does."""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

from walktimer import __version__
from walktimer.audio.names import CHOICES as AUDIO_CHOICES
from walktimer.audio.names import under_termux
from walktimer.domain.actions import ACTIONS as CONTROL_ACTIONS
from walktimer.domain.cadence import DEFAULT_SECONDS as CADENCE_SECONDS
from walktimer.domain.kinds import KINDS
from walktimer.domain.words import safe_text
from walktimer.errors import EXIT_OK, EXIT_USAGE, WalktimerError

AUDIO_HELP = f"{', '.join(AUDIO_CHOICES[:-1])} or {AUDIO_CHOICES[-1]}"


def cadence_pair(text: str) -> tuple[int, int | None]:
    """`115` -> (115, None): clicks in the fast intervals only; `115/95` -> (115, 95)."""
    found = re.fullmatch(r"([0-9]{1,4})(?:/([0-9]{1,4}))?", text)
    if found is None:
        raise argparse.ArgumentTypeError(
            f"expected steps per minute as FAST or FAST/SLOW (like 115 or 115/95), got {text!r}"
        )
    fast, slow = found.groups()
    return int(fast), (None if slow is None else int(slow))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="walktimer",
        description="An interval-walking timer for people who walk to ease lower back pain.",
    )
    parser.add_argument("--version", action="version", version=f"walktimer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="walk a preset now")
    add_plan_options(run, walk_needed=False)
    run.add_argument(
        "--audio",
        choices=AUDIO_CHOICES,
        metavar="BACKEND",
        help=AUDIO_HELP,
    )
    run.add_argument(
        "--cadence",
        type=cadence_pair,
        metavar="FAST[/SLOW]",
        help="steps per minute the metronome clicks in fast (and slow) intervals",
    )
    run.add_argument(
        "--no-metronome", action="store_true", help="no step clicks, whatever the walk says"
    )
    run.add_argument("--mute", action="store_true", help="start with sound off")
    run.add_argument("--voice", action="store_true", help="speak the phase names")
    run.add_argument("--no-prompts", action="store_true", help="ask no pain or effort questions")
    run.add_argument("--plain", action="store_true", help="lines of text, no full-screen app")

    presets = commands.add_parser("presets", help="list, show and check presets")
    preset_commands = presets.add_subparsers(
        dest="presets_command", metavar="ACTION", required=True
    )
    listing = preset_commands.add_parser("list", help="all presets, bundled and your own")
    listing.add_argument("--kind", choices=KINDS)
    listing.add_argument("--json", action="store_true")
    show = preset_commands.add_parser("show", help="one preset and its timeline")
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true")
    validate = preset_commands.add_parser("validate", help="check preset files")
    validate.add_argument("paths", nargs="+", metavar="PATH")

    history = commands.add_parser("history", help="your walks, newest first")
    history.add_argument("--limit", type=int, metavar="N")
    formats = history.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true")
    formats.add_argument("--csv", action="store_true")
    add_corrections(history)

    stats = commands.add_parser("stats", help="progress against your weekly goal")
    stats.add_argument("--json", action="store_true")

    cadence = commands.add_parser(
        "cadence", help="measure your steps per minute: tap space at each step"
    )
    cadence.add_argument(
        "--seconds",
        type=int,
        default=CADENCE_SECONDS,
        metavar="S",
        help=f"how long to listen for steps (default {CADENCE_SECONDS})",
    )

    control = commands.add_parser(
        "control", help="pause, skip, stop ... the walk running now, from anywhere"
    )
    control.add_argument(
        "action", choices=CONTROL_ACTIONS, metavar="ACTION", help=", ".join(CONTROL_ACTIONS)
    )
    control.add_argument("--json", action="store_true", help="print the walk's status as JSON")

    audio = commands.add_parser("audio", help="sound checks")
    audio_commands = audio.add_subparsers(dest="audio_command", metavar="ACTION", required=True)
    audio_test = audio_commands.add_parser("test", help="which backends work; play every cue")
    audio_test.add_argument("--audio", choices=AUDIO_CHOICES, metavar="BACKEND", default=None)

    export = commands.add_parser(
        "export", help="a walk as a workout for a watch (FIT), intervals.icu, or JSON"
    )
    add_plan_options(export, walk_needed=True)
    export.add_argument(
        "--format",
        required=True,
        choices=("fit", "icu", "json"),
        help="fit: a Garmin workout file; icu: intervals.icu workout text; json: the timeline",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the file to write (default: WALK.fit, .txt or .json in this folder, so exporting "
        "a walk again replaces its last export); a link, a device or a named pipe is written "
        'into; "-" writes to standard output',
    )
    add_program(commands)
    add_report(commands)
    return parser


def add_plan_options(parser: argparse.ArgumentParser, *, walk_needed: bool) -> None:
    """WALK and what changes its plan: `run` and `export` plan a walk the same way."""
    what = "walk id or path to a .toml file"
    parser.add_argument("walk", nargs=None if walk_needed else "?", metavar="WALK", help=what)
    parser.add_argument("--warmup", metavar="ID", help='warm-up id or path, or "none"')
    parser.add_argument("--cooldown", metavar="ID", help='cool-down id or path, or "none"')
    parser.add_argument("--rounds", type=int, metavar="N", help="number of fast/slow rounds")
    parser.add_argument("--fast", type=int, metavar="S", help="seconds of each fast interval")
    parser.add_argument("--slow", type=int, metavar="S", help="seconds of each slow interval")


def start_date(text: str) -> date:
    """`--date YYYY-MM-DD`: the day a programme starts."""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, like 2026-11-30, got {text!r}")


def add_program(commands: Any) -> None:
    """`walktimer program ...`: a programme of walks over weeks (docs/formats.md)."""
    program = commands.add_parser("program", help="walk a programme over weeks: start, status")
    actions = program.add_subparsers(dest="program_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the programmes there are, and which is active")
    listing.add_argument("--json", action="store_true")
    start = actions.add_parser("start", help="start a programme: walktimer run then walks it")
    start.add_argument("id", metavar="ID", help="the programme's id (program list shows them)")
    start.add_argument(
        "--date",
        type=start_date,
        metavar="YYYY-MM-DD",
        help="the day it starts (default today): walks from that day on are in it",
    )
    status = actions.add_parser("status", help="where you are in it, and today's walk")
    status.add_argument("--json", action="store_true")
    actions.add_parser("stop", help="end the programme (its file goes to the trash)")
    calendar = actions.add_parser(
        "calendar", help="the walks still to come, as a calendar file with reminders"
    )
    calendar.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help='the file to write (default: ID.ics in this folder); "-" writes to standard output',
    )


def add_report(commands: Any) -> None:
    """`walktimer report`: the walking diary."""
    report = commands.add_parser(
        "report", help="a diary of your walks, week by week, to show a physiotherapist"
    )
    report.add_argument(
        "--weeks", type=int, metavar="N", help="how many weeks, up to this one (default 12)"
    )
    report.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write it to FILE (Markdown; a page for printing when FILE ends in .html) "
        "instead of standard output",
    )


def add_corrections(history: argparse.ArgumentParser) -> None:
    """`history delete|restore|edit ID`: correcting the record (docs/formats.md)."""
    actions = history.add_subparsers(dest="history_command", metavar="ACTION")
    delete = actions.add_parser("delete", help="move a walk to the trash; it stops counting")
    restore = actions.add_parser("restore", help="bring a walk back from the trash")
    edit = actions.add_parser("edit", help="correct a walk's pain, effort or notes")
    for action in (delete, restore, edit):
        action.add_argument("id", metavar="ID", help="the walk's id (history --json shows it)")
    for option, what in (
        ("--pain-before", "pain before the walk"),
        ("--pain-after", "pain after the walk"),
        ("--effort", "effort"),
    ):
        edit.add_argument(option, metavar="N", help=f"{what}, 0 to 10, or none to remove it")
    edit.add_argument("--notes", metavar="TEXT", help='the notes; "" removes them')


def main(argv: Sequence[str] | None = None) -> int:
    tolerate_output_encoding()
    args = build_parser().parse_args(argv)
    # Walks whose process died (killed, terminal closed, laptop off) left their checkpoints:
    # save them before anything else, a new walk included, can run. Never fails a command.
    from walktimer import paths

    if paths.anything_in_progress():
        recover()
    try:
        return _dispatch(args)
    except WalktimerError as exc:
        for line in exc.problems:  # each may name a file, a key or a value from a file
            shown = safe_text(line)
            prefix = "" if shown.startswith("walktimer") else "walktimer: "
            print(prefix + shown, file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


def recover() -> None:
    """Save the walks whose process died. On a phone, a walk that died kept the phone awake
    and its notification up: both are let go of, unless a walk is still running."""
    from walktimer import paths
    from walktimer.storage import recover_walks

    checkpoints, earlier = paths.checkpoints_dir(), paths.earlier_checkpoint_file()
    recovered = False
    for told in recover_walks(checkpoints, paths.sessions_dir(), earlier=earlier):
        print(f"walktimer: {safe_text(told.line)}", file=sys.stderr)  # names a file
        recovered = recovered or told.saved is not None
    if recovered and under_termux() and not paths.anything_in_progress():
        from walktimer.phone import release_left_over

        release_left_over(lambda line: print(f"walktimer: {line}", file=sys.stderr))


def tolerate_output_encoding() -> None:
    """Under an output encoding that lacks a character walktimer prints (an ASCII or Latin-1
    locale, PYTHONIOENCODING), print a stand-in for it instead of ending in a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "presets":
        from walktimer.commands import presets

        return presets.run(args)
    if args.command == "run" and args.plain:
        from walktimer.commands.options import RunOptions
        from walktimer.commands.walk import run_plain_walk

        return run_plain_walk(RunOptions.from_args(args))
    if args.command in ("history", "stats"):
        from walktimer.commands import history

        return history.run(args)
    if args.command == "audio":
        from walktimer.commands import audio

        return audio.run(args)
    if args.command == "cadence":
        from walktimer.commands import cadence

        return cadence.run(args)
    if args.command == "control":
        from walktimer.commands import control

        return control.run(args)
    if args.command == "export":
        from walktimer.commands import export

        return export.run(args)
    if args.command == "program":
        from walktimer.commands import program

        return program.run(args)
    if args.command == "report":
        from walktimer.commands import report

        return report.run(args)
    from walktimer.commands import app
    from walktimer.commands.options import RunOptions

    return app.run_app(RunOptions.from_args(args) if args.command == "run" else None)

"""`walktimer presets list | show | validate`."""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from typing import Any

from walktimer.commands import catalog, print_json
from walktimer.domain.cadence import cadence_text
from walktimer.domain.catalog import REPLACES_BUNDLED, Catalog, Entry, RoutineKind
from walktimer.domain.plan import PhaseKind, Plan
from walktimer.domain.presets import NONE, RoutinePreset, WalkPreset, step_time_text
from walktimer.domain.program import ProgramPreset
from walktimer.domain.words import KIND_WORDS, count_text, duration_text, safe_text
from walktimer.errors import EXIT_OK, EXIT_USAGE, PresetError

UNUSABLE = "cannot be used"  # its problems follow the table
TEXT_WIDTH = 100  # descriptions and tips wrap here even in a wide terminal


def run(args: argparse.Namespace) -> int:
    action = {"list": _list, "show": _show, "validate": _validate}[args.presets_command]
    return action(args)


def entry_json(entry: Entry) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": entry.id,
        "kind": entry.kind,
        "name": entry.name,
        "description": entry.description,
        "source": entry.source,
        "path": entry.absolute_path,
        "replaces_bundled": entry.replaces_bundled,
        "usable": entry.usable,
        "error": entry.error,
    }
    if entry.kind == "walk":
        data["total_seconds"] = entry.total_seconds
    return data


def _list(args: argparse.Namespace) -> int:
    cat = catalog()
    for warning in cat.warnings:  # a folder of presets that could not be read: say so
        print(f"walktimer: warning: {safe_text(warning)}", file=sys.stderr)
    entries = cat.entries(args.kind)
    if args.json:
        print_json([entry_json(e) for e in entries])
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold")
    for column in ("id", "kind", "name", "time", "source"):
        table.add_column(column)
    for entry in entries:
        total = duration_text(entry.total_seconds) if entry.total_seconds else ""
        # Ids (file names), names and problems come from files: shown, never obeyed.
        name = Text(safe_text(entry.name)) if entry.usable else Text(UNUSABLE, "red")
        if entry.replaces_bundled:  # below the name, where a narrow terminal has room for it
            name.append(f"\n{REPLACES_BUNDLED}", "italic")
        table.add_row(Text(safe_text(entry.id)), _kind_word(entry), name, total, entry.source)
    console = Console()
    console.print(table)
    problems = [p for e in entries if not e.usable for p in e.problems]
    if problems:  # one line each, as `presets validate` prints them
        console.print(Text("\nPresets that cannot be used:", "bold"))
        console.print(Text("\n".join(safe_text(p) for p in problems)), soft_wrap=True)
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    cat = catalog()
    entry = cat.find(args.id)
    plan = cat.plan(args.id) if entry.kind == "walk" and entry.usable else None
    if args.json:
        data = show_json(entry, plan)
        if isinstance(entry.preset, ProgramPreset) and entry.usable:
            data |= _program_json(cat, args.id, entry.preset)
        print_json(data)
        return EXIT_OK if entry.usable else EXIT_USAGE  # as the text form: it cannot be walked
    # Every line holds text from the preset's files: shown, never obeyed.
    lines = _header(entry)
    if not entry.usable:
        lines += [safe_text(problem) for problem in entry.problems]
    elif isinstance(entry.preset, RoutinePreset):
        lines += _routine_lines(entry.preset)
    elif isinstance(entry.preset, WalkPreset) and plan is not None:
        lines += _walk_lines(cat, entry.preset, plan)
    elif isinstance(entry.preset, ProgramPreset):
        lines += _program_lines(cat, args.id, entry.preset)
    sys.stdout.write("".join(safe_text(line, lines=True) + "\n" for line in lines))
    return EXIT_OK if entry.usable else EXIT_USAGE


def show_json(entry: Entry, plan: Plan | None) -> dict[str, Any]:
    data = entry_json(entry)
    if isinstance(entry.preset, RoutinePreset):
        data["steps"] = [
            {
                "name": step.name,
                "seconds": step.seconds,
                "sides": step.sides,
                "switch_seconds": step.switch_seconds,
                "tip": step.tip,
            }
            for step in entry.preset.steps
        ]
    if plan is not None:
        data["phases"] = [
            {
                "kind": p.kind.value,
                "name": plan.label(i),
                "seconds": p.seconds,
                "start": p.start,
                "tip": p.tip,
                "cadence": p.cadence,
            }
            for i, p in enumerate(plan.phases)
        ]
    return data


def _program_lines(cat: Catalog, ref: str, program: ProgramPreset) -> list[str]:
    """`Week 2: Classic 30/30, 6 rounds of 0:30 / 0:30 (15:20)`, each week's note under it."""
    lines = ["", f"{count_text(program.walks_per_week, 'walk')} a week:"]
    for number, week in enumerate(program.weeks, start=1):
        plan = cat.week_plan(ref, number)
        intervals = f"{duration_text(plan.fast_seconds)} / {duration_text(plan.slow_seconds)}"
        lines.append(
            f"Week {number}: {plan.walk_name}, {count_text(plan.rounds, 'round')} of "
            f"{intervals} ({duration_text(plan.total_seconds)})"
        )
        if week.note:
            lines.append(f"  {week.note}")
    return lines


def _program_json(cat: Catalog, ref: str, program: ProgramPreset) -> dict[str, Any]:
    """A programme's weeks: each one's walk and note, and how long that week's walk is."""
    weeks = [
        {
            "week": n,
            "walk": w.walk,
            "note": w.note,
            "total_seconds": cat.week_plan(ref, n).total_seconds,
        }
        for n, w in enumerate(program.weeks, start=1)
    ]
    return {"walks_per_week": program.walks_per_week, "weeks": weeks}


def _header(entry: Entry) -> list[str]:
    """The name; what it is and whose; the file, in full, to open or copy."""
    source = f"{entry.source}, {REPLACES_BUNDLED}" if entry.replaces_bundled else entry.source
    lines = [f"{entry.name}  ({_kind_word(entry)}, {source})", entry.absolute_path]
    if entry.description:
        lines += _wrapped(entry.description, "")
    if entry.usable and entry.total_seconds:
        lines.append(f"{duration_text(entry.total_seconds)} in all")
    return lines


def _walk_lines(cat: Catalog, walk: WalkPreset, plan: Plan) -> list[str]:
    return [
        *_routine_part(cat, "warmup", walk.warmup),
        "",
        *_interval_lines(walk, plan),
        *_routine_part(cat, "cooldown", walk.cooldown),
    ]


def _routine_part(cat: Catalog, kind: RoutineKind, ref: str) -> list[str]:
    title = KIND_WORDS[kind].capitalize()
    if ref == NONE:
        return ["", f"{title}: none"]
    routine = cat.get(ref, kind)
    assert isinstance(routine.preset, RoutinePreset)  # a usable walk has usable routines
    time = duration_text(routine.preset.total_seconds)
    return ["", f"{title}: {routine.name} ({routine.id}), {time}", *_step_lines(routine.preset)]


def _interval_lines(walk: WalkPreset, plan: Plan) -> list[str]:
    fast = next(p for p in plan.phases if p.kind is PhaseKind.FAST)
    slow = next(p for p in plan.phases if p.kind is PhaseKind.SLOW)
    first = "brisk" if walk.intervals.first == "fast" else "easy"
    rounds = f"{plan.rounds} round{'' if plan.rounds == 1 else 's'}"
    time = duration_text(plan.rounds * (plan.fast_seconds + plan.slow_seconds))
    return [
        f"Intervals: {rounds} of {duration_text(plan.fast_seconds)} brisk and "
        f"{duration_text(plan.slow_seconds)} easy walking, {first} first, {time}",
        *_wrapped(fast.tip, "         ", first="  Brisk: "),
        *_wrapped(slow.tip, "         ", first="  Easy:  "),
        *([f"  Metronome: {cadence_text(fast.cadence, slow.cadence)}"] if plan.has_cadence else []),
    ]


def _routine_lines(routine: RoutinePreset) -> list[str]:
    count = len(routine.steps)
    return ["", f"{count} step{'' if count == 1 else 's'}:", *_step_lines(routine)]


def _step_lines(routine: RoutinePreset) -> list[str]:
    """Each step numbered, with its time (and sides) in a column, its tip below it."""
    number_width = len(str(len(routine.steps)))
    name_width = max(len(step.name) for step in routine.steps)
    lines: list[str] = []
    for number, step in enumerate(routine.steps, start=1):
        head = f"  {number:>{number_width}}. "
        lines.append(f"{head}{step.name:<{name_width}}  {step_time_text(step)}")
        if step.tip:
            lines += _wrapped(step.tip, " " * len(head))
    return lines


def _wrapped(text: str, indent: str, *, first: str | None = None) -> list[str]:
    """`text` in lines that fit the terminal, and no longer than is comfortable to read."""
    width = min(TEXT_WIDTH, max(40, shutil.get_terminal_size().columns - 1))
    start = indent if first is None else first
    return textwrap.wrap(text, width, initial_indent=start, subsequent_indent=indent) or [start]


def _validate(args: argparse.Namespace) -> int:
    cat = catalog()
    failed = False
    for ref in args.paths:
        try:
            entry = cat.find(ref)
        except PresetError as exc:
            problems = exc.problems
        else:
            problems = list(entry.problems)
            if not problems:
                word = KIND_WORDS[entry.kind or "walk"]
                print(safe_text(f'{ref}: ok ({word} "{entry.name}")'))
        for line in problems:  # each names the file, and may echo a value from it
            print(safe_text(line), file=sys.stderr)
        failed = failed or bool(problems)
    return EXIT_USAGE if failed else EXIT_OK


def _kind_word(entry: Entry) -> str:
    """The kind as a preset file writes it (`kind = "cooldown"`); `?` for a file whose kind is
    missing or not one walktimer knows."""
    return "?" if entry.kind is None else entry.kind

"""`walktimer presets list | show | validate`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from walktimer.commands import catalog, print_json
from walktimer.domain.catalog import Entry
from walktimer.domain.words import KIND_WORDS, duration_text, safe_text
from walktimer.errors import EXIT_OK, EXIT_USAGE, PresetError


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
        "path": entry.path,
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
        kind = _kind_word(entry)
        # Ids (file names), names and problems come from files: shown, never obeyed.
        name = safe_text(entry.name if entry.usable else f"unusable: {entry.error}")
        name_style = "" if entry.usable else "red"
        table.add_row(Text(safe_text(entry.id)), kind, Text(name, name_style), total, entry.source)
    Console().print(table)
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    cat = catalog()
    entry = cat.find(args.id)
    plan = cat.plan(args.id) if entry.kind == "walk" and entry.usable else None
    if args.json:
        data = entry_json(entry)
        if plan is not None:
            data["phases"] = [
                {
                    "kind": p.kind.value,
                    "name": plan.label(i),
                    "seconds": p.seconds,
                    "start": p.start,
                    "tip": p.tip,
                }
                for i, p in enumerate(plan.phases)
            ]
        print_json(data)
        return EXIT_OK if entry.usable else EXIT_USAGE  # as the text form: it cannot be walked
    out = sys.stdout

    def write(text: str) -> None:
        """Every line shown holds text from the preset's file: shown, never obeyed."""
        out.write(safe_text(text, lines=True) + "\n")

    write(safe_text(f"{entry.name}  ({_kind_word(entry)}, {entry.source}: {entry.path})"))
    if entry.description:
        write(entry.description)
    if not entry.usable:
        write("\n".join(safe_text(problem) for problem in entry.problems))
        return EXIT_USAGE
    if plan is not None:
        write("")
        for index in range(len(plan.phases)):
            write(safe_text(plan.plain_line(index)))
        write(plan.done_line())
    elif entry.total_seconds:
        write(f"Total {duration_text(entry.total_seconds)}")
    return EXIT_OK


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
    """`?` for a file whose kind is missing or not one walktimer knows."""
    return "?" if entry.kind is None else KIND_WORDS[entry.kind]

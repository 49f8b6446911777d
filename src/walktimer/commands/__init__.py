"""The commands behind the command line, one module an area; shared set-up lives here.

The command modules take their errors and exit codes from `walktimer.errors`, never from
`walktimer.cli`: the command line imports the commands, so the commands must not import it.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from walktimer import paths
from walktimer.config import KEYS, Config, load_config
from walktimer.domain.catalog import Catalog
from walktimer.domain.words import safe_text


def config(*keys: str) -> Config:
    """The walker's config, for a command that reads `keys` of it (none named: all of them);
    a ConfigError (exit 2) names the file and the key if one of those, or the file, is bad."""
    return load_config(paths.config_file(), keys or KEYS)


def cue_files(cfg: Config) -> dict[str, Path]:
    """The walker's own cue sounds (`audio.cues`), by cue name: `~` is the home folder, and a
    relative path is taken from the config's own folder."""
    folder = paths.config_file().parent
    return {name: folder / _expanded(path) for name, path in cfg.audio.cues.given().items()}


def _expanded(path: str) -> Path:
    """`~` and `~user` as the home folder; a user who does not exist leaves it as written (and
    the file is then not found, said in its one line)."""
    try:
        return Path(path).expanduser()
    except RuntimeError:
        return Path(path)


def catalog() -> Catalog:
    return Catalog.load(paths.user_presets_dir())


STDOUT = "-"  # `-o -`: standard output


class NotWritten(Exception):
    """A file for the walker could not be written; the one line saying why is printed."""


def write_out(
    data: bytes | str,
    output: str | None,
    *,
    default: str | None = None,
    check: Callable[[BinaryIO], None] | None = None,
) -> Path | None:
    """Write a file made for the walker (an export, a calendar, a diary) where `-o` says, or
    to `default` without `-o` (with no default either: standard output). Returns the file
    written, or None when the data went to standard output: `-o -`, or a path that is
    standard output (`/dev/stdout`, the file it is redirected to), which then gets the data
    alone. A file is written by `storage.files.write_output`; NotWritten (the one line
    printed) if it cannot be. `check` sees a stream written into first (standard output,
    a device, a pipe), and may refuse it by raising. Text goes to standard output in its own
    encoding, and into files as UTF-8."""
    from walktimer.storage.files import reason, write_output

    where = output or default
    target = None if where in (None, STDOUT) else Path(where)
    if target is None or _is_stdout(target):
        if check is not None:
            check(sys.stdout.buffer)
        sys.stdout.flush()
        if isinstance(data, str):
            sys.stdout.write(data)
        else:
            sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return None
    try:
        write_output(data.encode("utf-8") if isinstance(data, str) else data, target, check=check)
    except OSError as exc:
        problem = f"{target}: cannot write the file: {reason(exc)}"
        print(f"walktimer: {safe_text(problem)}", file=sys.stderr)
        raise NotWritten from None
    return target


def _is_stdout(target: Path) -> bool:
    """Whether `target` is this program's standard output: `/dev/stdout`, or whatever file,
    pipe or terminal standard output is."""
    try:
        return os.path.samestat(target.stat(), os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError, AttributeError):  # no such file, or no standard output
        return False


def print_json(data: Any) -> None:
    """Indented and not ASCII-escaped: JSON a walker may read as well as a program. Where the
    output's encoding cannot carry every character, escaped: the data stays exact."""
    json.dump(data, sys.stdout, indent=2, ensure_ascii=not _utf8(sys.stdout))
    sys.stdout.write("\n")


def _utf8(stream: TextIO) -> bool:
    try:
        return codecs.lookup(stream.encoding or "ascii").name == "utf-8"
    except LookupError:
        return False

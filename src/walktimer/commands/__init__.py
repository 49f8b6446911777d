"""The commands behind the command line, one module an area; shared set-up lives here.

The command modules take their errors and exit codes from `walktimer.errors`, never from
`walktimer.cli`: the command line imports the commands, so the commands must not import it.
"""

from __future__ import annotations

import codecs
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from walktimer import paths
from walktimer.config import KEYS, Config, load_config
from walktimer.domain.catalog import Catalog


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

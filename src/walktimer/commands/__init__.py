"""The commands behind the command line, one module an area; shared set-up lives here.

The command modules take their errors and exit codes from `walktimer.errors`, never from
`walktimer.cli`: the command line imports the commands, so the commands must not import it.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from walktimer import paths
from walktimer.config import Config, load_config
from walktimer.domain.catalog import Catalog


def config() -> Config:
    """The walker's config; a ConfigError (exit 2) names the file and the key if it is bad."""
    return load_config(paths.config_file())


def catalog() -> Catalog:
    return Catalog.load(paths.user_presets_dir())


def print_json(data: Any) -> None:
    """Indented and not ASCII-escaped: JSON a walker may read as well as a program."""
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")

"""The commands behind the command line, one module an area; shared set-up lives here."""

from __future__ import annotations

from walktimer import paths
from walktimer.cli import UsageError
from walktimer.config import Config, load_config
from walktimer.domain.catalog import Catalog
from walktimer.domain.presets import PresetError


def config() -> Config:
    try:
        return load_config(paths.config_file())
    except PresetError as exc:
        raise UsageError(exc.problems) from None


def catalog() -> Catalog:
    return Catalog.load(paths.user_presets_dir())

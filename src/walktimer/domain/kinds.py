"""The kinds of preset, in the order walkers meet them.

A module of its own so that it stays light: the command line's `--kind` choices come from here,
and the parser is built even for `walktimer --version`, which must not load the preset decoder
(msgspec, tomllib) to print one line.
"""

from __future__ import annotations

from typing import Literal, get_args

PresetKind = Literal["walk", "warmup", "cooldown", "program"]
KINDS: tuple[PresetKind, ...] = get_args(PresetKind)

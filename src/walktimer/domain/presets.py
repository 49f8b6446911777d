"""Preset files: strict decoding of walks, warm-ups and cool-downs.

Every problem becomes one line a walker can act on: which file, which key, what was wrong.
msgspec checks types and unknown keys (it stops at the first such problem); the limits are
checked here afterwards so that all of them are reported at once.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal, get_args

import msgspec

from walktimer.domain.decoding import choices_text, parse_toml, show_value, validation_problem
from walktimer.domain.kinds import KINDS, PresetKind
from walktimer.domain.words import duration_text, echo_text

MAX_STEP_SECONDS = 3600
MAX_ROUNDS = 200
MAX_WALK_SECONDS = 6 * 3600
MAX_NAME_LENGTH = 60
FirstInterval = Literal["fast", "slow"]
NONE = "none"
CHOICES = {"intervals.first": get_args(FirstInterval)}  # the keys that take one of a few words
# Characters that show nothing by themselves: separators, controls, format characters (the
# zero-width space and joiners, the byte order mark, the soft hyphen), unassigned code points,
# and combining marks with nothing to combine with.
_INVISIBLE = {"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Cn", "Mn", "Me"}


class Intervals(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    fast_seconds: int
    slow_seconds: int
    rounds: int
    first: FirstInterval = "fast"
    fast_tip: str = ""
    slow_tip: str = ""


class WalkPreset(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    kind: Literal["walk"]
    name: str
    intervals: Intervals
    description: str = ""
    warmup: str = NONE
    cooldown: str = NONE


class Step(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    name: str
    seconds: int
    tip: str = ""
    sides: bool = False


class RoutinePreset(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """A warm-up or a cool-down: a list of timed steps."""

    kind: Literal["warmup", "cooldown"]
    name: str
    steps: list[Step]
    description: str = ""

    @property
    def total_seconds(self) -> int:
        return sum(step.seconds * (2 if step.sides else 1) for step in self.steps)


Preset = WalkPreset | RoutinePreset


@dataclass(frozen=True)
class Parsed:
    """What a preset file decoded to: the preset, or the raw kind and its problems."""

    kind: PresetKind | None
    preset: Preset | None
    problems: tuple[str, ...]


def parse_preset(data: bytes, where: str) -> Parsed:
    """Decode one preset file's bytes; `where` is the path shown in messages."""
    raw = parse_toml(data)
    if isinstance(raw, str):
        return Parsed(None, None, (f"{where}: {raw}",))
    kind = raw.get("kind")
    if kind not in KINDS:
        shown = "missing" if kind is None else f"got {show_value(kind)}"
        message = f"kind: expected {choices_text(KINDS)}, {shown}"
        return Parsed(None, None, (f"{where}: {message}",))
    target: type[Preset] = WalkPreset if kind == "walk" else RoutinePreset
    try:
        preset = msgspec.convert(raw, type=target, strict=True)
    except msgspec.ValidationError as exc:
        return Parsed(kind, None, (f"{where}: {validation_problem(str(exc), raw, CHOICES)}",))
    problems = tuple(f"{where}: {p}" for p in check_limits(preset))
    return Parsed(kind, None if problems else preset, problems)


def check_limits(preset: Preset) -> list[str]:
    """The limits of a single file; cross-file checks live in the catalog."""
    problems = _check_name("name", preset.name)
    if isinstance(preset, WalkPreset):
        iv = preset.intervals
        problems += _check_int("intervals.fast_seconds", iv.fast_seconds, 1, MAX_STEP_SECONDS)
        problems += _check_int("intervals.slow_seconds", iv.slow_seconds, 1, MAX_STEP_SECONDS)
        problems += _check_int("intervals.rounds", iv.rounds, 1, MAX_ROUNDS)
        for key in ("warmup", "cooldown"):
            if not getattr(preset, key).strip():
                problems.append(f'{key}: expected a preset id or "none", got ""')
        return problems
    if not preset.steps:
        problems.append("steps: expected at least one step, got none")
    for number, step in enumerate(preset.steps, start=1):
        problems += _check_name(f"steps[{number}].name", step.name)
        problems += _check_int(f"steps[{number}].seconds", step.seconds, 1, MAX_STEP_SECONDS)
    return problems


def check_walk_total(total_seconds: int) -> list[str]:
    if total_seconds > MAX_WALK_SECONDS:
        return [
            f"the whole walk takes {duration_text(total_seconds)}, "
            f"more than the limit of {duration_text(MAX_WALK_SECONDS)}"
        ]
    return []


def check_override(key: str, value: int) -> list[str]:
    """Check a command-line override (--rounds, --fast, --slow) against the preset limits."""
    high = MAX_ROUNDS if key == "rounds" else MAX_STEP_SECONDS
    return _check_int(key, value, 1, high)


def _check_int(key: str, value: int, low: int, high: int) -> list[str]:
    if value < low:
        return [f"{key}: expected an integer >= {low}, got {echo_text(value)}"]
    if value > high:
        return [f"{key}: expected an integer <= {high}, got {echo_text(value)}"]
    return []


def _check_name(key: str, value: str) -> list[str]:
    length = len(value.strip())
    if length == 0:
        return [f"{key}: expected 1 to {MAX_NAME_LENGTH} characters, got an empty name"]
    if len(value) > MAX_NAME_LENGTH:
        return [f"{key}: expected 1 to {MAX_NAME_LENGTH} characters, got {len(value)}"]
    if all(unicodedata.category(c) in _INVISIBLE for c in value):
        return [f"{key}: expected at least one visible character, got none"]
    return []

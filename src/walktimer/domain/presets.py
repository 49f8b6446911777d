"""Preset files: strict decoding of walks, warm-ups and cool-downs.

Every problem becomes one line a walker can act on: which file, which key, what was wrong.
msgspec checks types and unknown keys (it stops at the first such problem); the limits are
checked here afterwards so that all of them are reported at once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any, Literal

import msgspec

MAX_STEP_SECONDS = 3600
MAX_ROUNDS = 200
MAX_WALK_SECONDS = 6 * 3600
MAX_NAME_LENGTH = 60
KINDS = ("walk", "warmup", "cooldown")
NONE = "none"


class Intervals(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    fast_seconds: int
    slow_seconds: int
    rounds: int
    first: Literal["fast", "slow"] = "fast"
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


class PresetError(Exception):
    """A preset that cannot be used; `problems` holds one full line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Parsed:
    """What a preset file decoded to: the preset, or the raw kind and its problems."""

    kind: str | None
    preset: Preset | None
    problems: tuple[str, ...]


_TOML_POSITION = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_AT_PATH = re.compile(r"^(?P<msg>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_TYPE_NAMES = {
    "int": "an integer",
    "str": "a string",
    "bool": "true or false",
    "float": "a number",
    "array": "a list",
    "object": "a table",
    "null": "nothing",
}


def parse_preset(data: bytes, where: str) -> Parsed:
    """Decode one preset file's bytes; `where` is the path shown in messages."""
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return Parsed(None, None, (f"{where}: not UTF-8 text",))
    except tomllib.TOMLDecodeError as exc:
        return Parsed(None, None, (f"{where}: {toml_problem(exc)}",))
    kind = raw.get("kind")
    if kind not in KINDS:
        shown = "missing" if kind is None else f"got {_show(kind)}"
        message = f'kind: expected "walk", "warmup" or "cooldown", {shown}'
        return Parsed(None, None, (f"{where}: {message}",))
    target: type[Preset] = WalkPreset if kind == "walk" else RoutinePreset
    try:
        preset = msgspec.convert(raw, type=target, strict=True)
    except msgspec.ValidationError as exc:
        return Parsed(kind, None, (f"{where}: {validation_problem(str(exc), raw)}",))
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
            f"the whole walk takes {format_duration(total_seconds)}, "
            f"more than the limit of {format_duration(MAX_WALK_SECONDS)}"
        ]
    return []


def check_override(key: str, value: int) -> list[str]:
    """Check a command-line override (--rounds, --fast, --slow) against the preset limits."""
    high = MAX_ROUNDS if key == "rounds" else MAX_STEP_SECONDS
    return _check_int(key, value, 1, high)


def format_duration(seconds: float) -> str:
    """`1:05:00`, `12:30` or `0:30`: how walkers read a duration."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _check_int(key: str, value: int, low: int, high: int) -> list[str]:
    if value < low:
        return [f"{key}: expected an integer >= {low}, got {value}"]
    if value > high:
        return [f"{key}: expected an integer <= {high}, got {value}"]
    return []


def _check_name(key: str, value: str) -> list[str]:
    length = len(value.strip())
    if length == 0:
        return [f"{key}: expected 1 to {MAX_NAME_LENGTH} characters, got an empty name"]
    if len(value) > MAX_NAME_LENGTH:
        return [f"{key}: expected 1 to {MAX_NAME_LENGTH} characters, got {len(value)}"]
    return []


def toml_problem(exc: tomllib.TOMLDecodeError) -> str:
    text = str(exc)
    match = _TOML_POSITION.match(text)
    if match is None:
        return f"TOML syntax error: {text}"
    message = match["msg"][:1].lower() + match["msg"][1:]
    return f"line {match['line']}, column {match['col']}: TOML syntax error: {message}"


def validation_problem(
    text: str, raw: dict[str, Any], choices: dict[str, tuple[str, ...]] | None = None
) -> str:
    """Turn msgspec's `Expected `int`, got `str` - at `$.a.b`` into `a.b: expected ...`.

    `choices` names the allowed strings of each key that takes one of a few words."""
    match = _AT_PATH.match(text)
    assert match is not None  # the pattern matches any text
    message, path = match["msg"], _human_path(match["path"] or "")
    if found := re.fullmatch(r"Object contains unknown field `(.+)`", message):
        return f"{_join(path, found[1])}: unknown key"
    if found := re.fullmatch(r"Object missing required field `(.+)`", message):
        return f"{_join(path, found[1])}: missing required key"
    if found := re.fullmatch(r"Expected `(\w+)`, got `(\w+)`", message):
        expected = _TYPE_NAMES.get(found[1], found[1])
        value = _lookup(raw, match["path"] or "")
        return f"{path}: expected {expected}, got {_show(value)}"
    if found := re.fullmatch(r"Expected `int` ([<>]=) (-?\d+)", message):
        value = _lookup(raw, match["path"] or "")
        return f"{path}: expected an integer {found[1]} {found[2]}, got {_show(value)}"
    if message.startswith("Invalid enum value"):
        value = _lookup(raw, match["path"] or "")
        allowed = (choices or {}).get(path, ("fast", "slow"))
        words = " or ".join(", ".join(f'"{c}"' for c in allowed).rsplit(", ", 1))
        return f"{path}: expected {words}, got {_show(value)}"
    return f"{path or 'file'}: {message[:1].lower()}{message[1:]}"


def _human_path(path: str) -> str:
    """`.steps[0].seconds` -> `steps[1].seconds`: steps are counted from 1, as people do."""
    path = path.removeprefix(".")
    return re.sub(r"\[(\d+)\]", lambda m: f"[{int(m[1]) + 1}]", path)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _lookup(raw: Any, path: str) -> Any:
    for part in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path):
        key, index = part
        try:
            raw = raw[key] if key else raw[int(index)]
        except (KeyError, IndexError, TypeError):
            return None
    return raw


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__

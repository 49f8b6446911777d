"""Preset files: strict decoding of walks, warm-ups, cool-downs and programmes.

Every problem becomes one line a walker can act on: which file, which key, what was wrong. The
rules live on the types (`Annotated` limits and checks), and every problem of a file is reported
at once, wrong types and unknown keys included, so a file is fixed in one round.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args

import msgspec

from walktimer.domain.cadence import MAX_CADENCE, MIN_CADENCE
from walktimer.domain.decoding import (
    choices_text,
    parse_toml,
    show_value,
    table_problems,
    validation_problem,
)
from walktimer.domain.kinds import KINDS, PresetKind
from walktimer.domain.words import duration_text, echo_text

if TYPE_CHECKING:  # a programme's weeks are made of the types below: it imports them
    from walktimer.domain.program import ProgramPreset

MAX_STEP_SECONDS = 3600
MAX_SWITCH_SECONDS = 60
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


def _check_name(key: str, value: str) -> list[str]:
    length = len(value.strip())
    if length == 0:
        return [f"{key}: expected 1 to {MAX_NAME_LENGTH} characters, got an empty name"]
    if len(value) > MAX_NAME_LENGTH:
        return [f"{key}: expected 1 to {MAX_NAME_LENGTH} characters, got {len(value)}"]
    if all(unicodedata.category(c) in _INVISIBLE for c in value):
        return [f"{key}: expected at least one visible character, got none"]
    return []


def _check_reference(key: str, value: str) -> list[str]:
    return [] if value.strip() else [f'{key}: expected a preset id or "none", got ""']


def _check_steps(key: str, value: list[Any]) -> list[str]:
    return [] if value else [f"{key}: expected at least one step, got none"]


def _check_step(key: str, value: dict[str, Any]) -> list[str]:
    """A change of sides needs two sides to change between. Values of the wrong type, or out of
    range, are reported by their own keys."""
    switch = value.get("switch_seconds", 0)
    in_range = isinstance(switch, int) and not isinstance(switch, bool)
    if in_range and 0 < switch <= MAX_SWITCH_SECONDS and value.get("sides", False) is False:
        shown = show_value(switch)
        return [f"{key}.switch_seconds: expected 0 on a step without sides = true, got {shown}"]
    return []


Name = Annotated[str, msgspec.Meta(extra={"check": _check_name})]
Reference = Annotated[str, msgspec.Meta(extra={"check": _check_reference})]
Seconds = Annotated[int, msgspec.Meta(ge=1, le=MAX_STEP_SECONDS)]
SwitchSeconds = Annotated[int, msgspec.Meta(ge=0, le=MAX_SWITCH_SECONDS)]
Rounds = Annotated[int, msgspec.Meta(ge=1, le=MAX_ROUNDS)]
Cadence = Annotated[int, msgspec.Meta(ge=MIN_CADENCE, le=MAX_CADENCE)]


class Intervals(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    fast_seconds: Seconds
    slow_seconds: Seconds
    rounds: Rounds
    first: FirstInterval = "fast"
    fast_tip: str = ""
    slow_tip: str = ""
    fast_cadence: Cadence | None = None  # steps per minute the metronome clicks
    slow_cadence: Cadence | None = None


class WalkPreset(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    kind: Literal["walk"]
    name: Name
    intervals: Intervals
    description: str = ""
    warmup: Reference = NONE
    cooldown: Reference = NONE


class Step(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    name: Name
    seconds: Seconds
    tip: str = ""
    sides: bool = False
    switch_seconds: SwitchSeconds = 0  # with sides: the time to change from left to right

    @property
    def total_seconds(self) -> int:
        return self.seconds * 2 + self.switch_seconds if self.sides else self.seconds


def step_time_text(step: Step) -> str:
    """`0:45`, `0:30 each side`, `0:30 each side, 0:05 to change sides`: a step's time as a
    walker reads it in a list of steps."""
    if not step.sides:
        return duration_text(step.seconds)
    text = f"{duration_text(step.seconds)} each side"
    if step.switch_seconds:
        text += f", {duration_text(step.switch_seconds)} to change sides"
    return text


CheckedStep = Annotated[Step, msgspec.Meta(extra={"check": _check_step})]
Steps = Annotated[list[CheckedStep], msgspec.Meta(extra={"check": _check_steps})]


class RoutinePreset(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """A warm-up or a cool-down: a list of timed steps."""

    kind: Literal["warmup", "cooldown"]
    name: Name
    steps: Steps
    description: str = ""

    @property
    def total_seconds(self) -> int:
        return sum(step.total_seconds for step in self.steps)


# Union, not `|`: the programme's class is a name here, its module imports this one.
Preset = Union[WalkPreset, RoutinePreset, "ProgramPreset"]


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
    from walktimer.domain.program import ProgramPreset, weeks_problems  # it imports this one

    targets: dict[str, type[Preset]] = {"walk": WalkPreset, "program": ProgramPreset}
    target = targets.get(kind, RoutinePreset)
    problems = table_problems(raw, target)
    if target is ProgramPreset:
        problems += weeks_problems(raw)
    if problems:
        return Parsed(kind, None, tuple(f"{where}: {p}" for p in problems))
    try:
        preset = msgspec.convert(raw, type=target, strict=True)
    except msgspec.ValidationError as exc:  # only if the checks above missed a rule of a type
        return Parsed(kind, None, (f"{where}: {validation_problem(str(exc), raw, CHOICES)}",))
    return Parsed(kind, preset, ())


def check_walk_total(total_seconds: int) -> list[str]:
    if total_seconds > MAX_WALK_SECONDS:
        return [
            f"the whole walk takes {duration_text(total_seconds)}, "
            f"more than the limit of {duration_text(MAX_WALK_SECONDS)}"
        ]
    return []


def check_override(key: str, value: int) -> list[str]:
    """Check a command-line override (--rounds, --fast, --slow, --cadence) against the preset
    limits; a cadence key is named `cadence`, `fast_cadence` or `slow_cadence`."""
    if key.endswith("cadence"):
        return check_int(key, value, MIN_CADENCE, MAX_CADENCE)
    high = MAX_ROUNDS if key == "rounds" else MAX_STEP_SECONDS
    return check_int(key, value, 1, high)


def check_int(key: str, value: int, low: int, high: int) -> list[str]:
    """`key: expected an integer >= 5, got 4`: a number from `low` to `high` given outside a
    preset file (an option, a remembered choice), said as a preset file's problem is."""
    if value < low:
        return [f"{key}: expected an integer >= {low}, got {echo_text(value)}"]
    if value > high:
        return [f"{key}: expected an integer <= {high}, got {echo_text(value)}"]
    return []

"""A walk as a structured workout, for a watch (a FIT file) or a training site (intervals.icu).

A watch runs a workout as a list of timed steps, and repeats a block of them by a repeat step
that points back at the block's first step. A walk becomes: its warm-up steps, one fast and one
slow interval in the walk's order, a repeat step for the rounds, its cool-down steps. Every
planned second of the walk is in one of those steps, so the watch's total is the plan's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from walktimer.domain.plan import Phase, PhaseKind, Plan

Intensity = Literal["warmup", "active", "recovery", "cooldown"]
INTENSITIES: dict[PhaseKind, Intensity] = {
    PhaseKind.WARMUP: "warmup",
    PhaseKind.FAST: "active",
    PhaseKind.SLOW: "recovery",
    PhaseKind.COOLDOWN: "cooldown",
}
NAME_LIMIT = 48  # characters of a name: every bundled step's name fits, sides included
NOTES_LIMIT = 200  # characters of a step's notes (the tip)
TEXT_BYTES = 254  # a FIT string field holds 255 bytes, its terminating zero included
ELLIPSIS = "…"
ICU_SECTIONS: dict[Intensity, str] = {
    "warmup": "Warmup",
    "active": "Main Set",
    "recovery": "Main Set",
    "cooldown": "Cooldown",
}

# intervals.icu reads a step line word by word, and all the text before the first duration or
# target is the step's cue. A duration, a distance, a target or a cadence is a number glued to
# its unit or its zone (`5m`, `1m30`, `1'30"`, `5:30`, `2km`, `60%`, `Z2`, `90rpm`, `4x`), and
# `ramp`, `freeride`, `press lap` (or `lap press`) and `rpm` after a number are its keywords. So
# a name keeps its words as a cue: a number is set apart by spaces from the letters and marks it
# touches (`5 m`, `Z 2`, `60 %`), since a lone number and a lone unit are words intervals.icu
# does not read, and a keyword goes in quotes (`"ramp"`), a word it does not know. Sentence
# punctuation, a hyphen and a decimal point stay where they are: none of them is a unit.
_GLUED_NUMBER = re.compile(r"(?<=\d)(?=[^\s\d.,;!?()\[\]{}-])|(?<=[^\s\d.,;!?()\[\]{}-])(?=\d)")
_ICU_KEYWORD = re.compile(r"\b(?:press\s+lap|lap\s+press|ramp|freeride|rpm)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TimedStep:
    name: str
    seconds: int
    intensity: Intensity
    notes: str = ""


@dataclass(frozen=True, slots=True)
class RepeatStep:
    """Go back to the step at `back_to` (its index in the workout) until the block from there
    to this step has run `times` times in all: Garmin's FIT SDK counts the first run too."""

    back_to: int
    times: int


WorkoutStep = TimedStep | RepeatStep


@dataclass(frozen=True)
class Workout:
    name: str
    steps: tuple[WorkoutStep, ...]


def build_workout(plan: Plan) -> Workout:
    """The plan as workout steps in plan order. One round of intervals stands for all of them
    (every round is the same); a single round needs no repeat step."""
    intervals = [p for p in plan.phases if p.kind.is_interval]
    before = [p for p in plan.phases if p.kind is PhaseKind.WARMUP]
    after = [p for p in plan.phases if p.kind is PhaseKind.COOLDOWN]
    room = _side_room(plan.phases)
    steps: list[WorkoutStep] = [_step(p, room) for p in before]
    if intervals:
        first = len(steps)
        steps += [_step(p, room) for p in intervals if p.round == 1]
        if plan.rounds > 1:
            steps.append(RepeatStep(back_to=first, times=plan.rounds))
    steps += [_step(p, room) for p in after]
    return Workout(name=fit_text(plan.walk_name, NAME_LIMIT), steps=tuple(steps))


_StepKey = tuple[PhaseKind, int | None]


def _step(phase: Phase, room: dict[_StepKey, int]) -> TimedStep:
    """A phase as a step. A one-sided stretch keeps its side (`, left side`) whole, since it
    is what tells its steps apart, and its name is cut at the same place on every side. A name
    with nothing a watch can show is the word of its kind: `FAST`."""
    side = _side(phase)
    room_left = NAME_LIMIT - room[phase.kind, phase.step]
    name = fit_text(phase.step_name, room_left) + side if side else fit_text(phase.name, NAME_LIMIT)
    return TimedStep(
        name=name or phase.kind.word,
        seconds=phase.seconds,
        intensity=INTENSITIES[phase.kind],
        notes=fit_text(phase.tip, NOTES_LIMIT),
    )


def _side(phase: Phase) -> str:
    """What a one-sided step's phase adds to the step's name: `, left side`."""
    own = phase.step_name
    if phase.side is None or not own or not phase.name.startswith(own):
        return ""
    return phase.name[len(own) :]


def _side_room(phases: tuple[Phase, ...]) -> dict[_StepKey, int]:
    """For each step of a routine, the room its longest side takes in a name."""
    room: dict[_StepKey, int] = {}
    for phase in phases:
        key = (phase.kind, phase.step)
        room[key] = max(room.get(key, 0), len(_side(phase)))
    return room


def fit_text(text: str, limit: int) -> str:
    """`text` as a watch can show it: control characters removed (a newline or a tab becomes a
    space), at most `limit` characters and `TEXT_BYTES` bytes of UTF-8, cut between whole
    characters (never inside an accent, an emoji sequence or a flag) and ended with "…"."""
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in ("Cc", "Cs"))
    clean = unicodedata.normalize("NFC", " ".join(kept.split()))
    if _fits(clean, limit):
        return clean
    out = ""
    for cluster in _clusters(clean[:limit]):  # a cluster cut off at `limit` would not fit
        if not _fits(out + cluster + ELLIPSIS, limit):
            break
        out += cluster
    return out.rstrip() + ELLIPSIS


def _fits(text: str, limit: int) -> bool:
    return len(text) <= limit and len(text.encode("utf-8")) <= TEXT_BYTES


def _clusters(text: str) -> list[str]:
    """`text` as the characters a reader sees: a base with its combining marks, variation
    selectors and skin tones, emoji joined by a zero-width joiner, flags as pairs."""
    clusters: list[str] = []
    for char in text:
        if clusters and _joins(clusters[-1], char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _joins(cluster: str, char: str) -> bool:
    code = ord(char)
    if unicodedata.category(char) in ("Mn", "Mc", "Me") or code == 0x200D:  # marks, the joiner
        return True
    if 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
        return True  # variation selectors, skin tones, the tags of a subdivision's flag
    if cluster[-1] == "\u200d":
        return True
    return _flag_half(char) and len(cluster) == 1 and _flag_half(cluster)


def _flag_half(char: str) -> bool:
    """A regional indicator: two of them make a country's flag."""
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def icu_text(plan: Plan) -> str:
    """The workout as intervals.icu's workout text: a `Warmup`, a `Main Set 10x` and a
    `Cooldown` section of `- Brisk walk 30s` lines; a section the walk lacks is left out."""
    workout = build_workout(plan)
    sections: list[list[str]] = []
    title = ""
    for step in workout.steps:
        if isinstance(step, RepeatStep):
            sections[-1][0] += f" {step.times}x"
            continue
        if ICU_SECTIONS[step.intensity] != title:
            title = ICU_SECTIONS[step.intensity]
            sections.append([title])
        sections[-1].append(f"- {icu_cue(step.name)} {icu_duration(step.seconds)}")
    text = "\n\n".join("\n".join(lines) for lines in sections)
    return text + "\n" if text else ""


def icu_duration(seconds: int) -> str:
    """`30s`, `1m`, `1m30s`, `1h2m`: a duration as intervals.icu's workout text writes it."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(hours, "h"), (minutes, "m"), (secs, "s")]
    return "".join(f"{value}{unit}" for value, unit in parts if value) or "0s"


def icu_cue(name: str) -> str:
    """A step's name as intervals.icu's cue text: the same words, none read as part of the
    step (`Walk 5m easy` is `Walk 5 m easy`, not a walk that adds five minutes)."""
    spaced = _GLUED_NUMBER.sub(" ", name)
    quoted = _ICU_KEYWORD.sub(lambda keyword: f'"{keyword.group()}"', spaced)
    return " ".join(quoted.split())

"""The walk as a flat timeline: warm-up steps, fast/slow intervals, cool-down steps."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Literal

from walktimer.domain.presets import NONE, RoutinePreset, WalkPreset
from walktimer.domain.words import duration_text

DEFAULT_FAST_TIP = "Brisk pace: stand tall, head up, shoulders back, arms swinging."
DEFAULT_SLOW_TIP = "Easy pace: breathe out, relax the shoulders, weight even on both feet."
SWITCH_TIP = "Change sides: get into position for the right side."

Side = Literal["left", "right"]


class PhaseKind(StrEnum):
    WARMUP = "warmup"
    FAST = "fast"
    SLOW = "slow"
    COOLDOWN = "cooldown"

    @property
    def word(self) -> str:
        """The word shown beside every colour, so colour is never the only sign."""
        return {"warmup": "WARM-UP", "fast": "FAST", "slow": "SLOW", "cooldown": "COOL-DOWN"}[
            self.value
        ]

    @property
    def is_interval(self) -> bool:
        return self in (PhaseKind.FAST, PhaseKind.SLOW)


@dataclass(frozen=True, slots=True)
class Phase:
    kind: PhaseKind
    name: str
    seconds: int
    tip: str = ""
    round: int | None = None
    start: int = 0  # planned offset from the start of the walk, in seconds
    # Warm-up and cool-down phases only: which step of its routine (from 1) and how many
    # steps the routine has. A one-sided stretch is one step with two sides.
    step: int | None = None
    steps: int | None = None
    side: Side | None = None
    switch: bool = False  # the short pause to change sides; its side is the one about to start
    step_name: str = ""  # the step's own name, without its side
    cadence: int | None = None  # intervals only: steps per minute for the metronome

    @property
    def end(self) -> int:
        return self.start + self.seconds


@dataclass(frozen=True)
class Plan:
    walk_id: str
    walk_name: str
    warmup_id: str
    cooldown_id: str
    rounds: int
    fast_seconds: int
    slow_seconds: int
    phases: tuple[Phase, ...] = field(default=())
    fast_cadence: int | None = None
    slow_cadence: int | None = None
    program: str | None = None  # the programme this is a week's walk of, and which week
    program_week: int | None = None

    @property
    def has_cadence(self) -> bool:
        """Whether any interval has a metronome to click."""
        return self.fast_cadence is not None or self.slow_cadence is not None

    @property
    def total_seconds(self) -> int:
        return self.phases[-1].end if self.phases else 0

    def same_walk(self, other: Plan) -> bool:
        """Whether `other` walks the same: the walk, its warm-up and cool-down, rounds and
        intervals (a metronome's pace changes nothing of what is walked)."""
        return self._walked() == other._walked()

    def _walked(self) -> tuple[str, str, str, int, int, int]:
        walk = (self.walk_id, self.warmup_id, self.cooldown_id)
        return (*walk, self.rounds, self.fast_seconds, self.slow_seconds)

    def label(self, index: int) -> str:
        """A phase's name with its round, as said aloud and shown in plain mode."""
        phase = self.phases[index]
        if phase.round is None:
            return phase.name
        return f"{phase.name}, round {phase.round}/{self.rounds}"

    def plain_line(self, index: int) -> str:
        """`MM:SS KIND name (duration)`: the plain-mode line of a phase start."""
        phase = self.phases[index]
        kind = phase.kind.value.upper()
        return f"{_clock(phase.start)} {kind} {self.label(index)} ({duration_text(phase.seconds)})"

    def done_line(self) -> str:
        return f"{_clock(self.total_seconds)} DONE"


def build_plan(
    walk_id: str,
    walk: WalkPreset,
    warmup: tuple[str, RoutinePreset] | None,
    cooldown: tuple[str, RoutinePreset] | None,
    *,
    rounds: int | None = None,
    fast_seconds: int | None = None,
    slow_seconds: int | None = None,
    cadence: tuple[int | None, int | None] | None = None,
) -> Plan:
    """`cadence`, if given, replaces the walk's (fast, slow) cadences: (115, None) clicks the
    fast intervals only."""
    iv = walk.intervals
    rounds = iv.rounds if rounds is None else rounds
    fast = iv.fast_seconds if fast_seconds is None else fast_seconds
    slow = iv.slow_seconds if slow_seconds is None else slow_seconds
    fast_cadence, slow_cadence = (iv.fast_cadence, iv.slow_cadence) if cadence is None else cadence
    raw: list[Phase] = []
    if warmup is not None:
        raw += routine_phases(PhaseKind.WARMUP, warmup[1])
    fast_tip, slow_tip = iv.fast_tip or DEFAULT_FAST_TIP, iv.slow_tip or DEFAULT_SLOW_TIP
    fast_phase = Phase(PhaseKind.FAST, "Brisk walk", fast, fast_tip, cadence=fast_cadence)
    slow_phase = Phase(PhaseKind.SLOW, "Easy walk", slow, slow_tip, cadence=slow_cadence)
    pair = (fast_phase, slow_phase) if iv.first == "fast" else (slow_phase, fast_phase)
    for round_number in range(1, rounds + 1):
        raw += [replace(p, round=round_number) for p in pair]
    if cooldown is not None:
        raw += routine_phases(PhaseKind.COOLDOWN, cooldown[1])
    phases: list[Phase] = []
    offset = 0
    for phase in raw:
        phases.append(replace(phase, start=offset))
        offset += phase.seconds
    return Plan(
        walk_id=walk_id,
        walk_name=walk.name,
        warmup_id=warmup[0] if warmup else NONE,
        cooldown_id=cooldown[0] if cooldown else NONE,
        rounds=rounds,
        fast_seconds=fast,
        slow_seconds=slow,
        phases=tuple(phases),
        fast_cadence=fast_cadence,
        slow_cadence=slow_cadence,
    )


def routine_phases(kind: PhaseKind, routine: RoutinePreset) -> list[Phase]:
    """A routine's steps as phases (starting at 0): a one-sided step is one step with a left
    side, the change of sides when it has `switch_seconds`, and a right side."""
    out: list[Phase] = []
    count = len(routine.steps)
    for number, step in enumerate(routine.steps, start=1):
        base = Phase(
            kind, step.name, step.seconds, step.tip, step=number, steps=count, step_name=step.name
        )
        if not step.sides:
            out.append(base)
            continue
        out.append(replace(base, name=f"{step.name}, left side", side="left"))
        if step.switch_seconds > 0:
            switch = f"{step.name}, change sides"
            out.append(
                replace(
                    base,
                    name=switch,
                    seconds=step.switch_seconds,
                    tip=SWITCH_TIP,
                    side="right",
                    switch=True,
                )
            )
        out.append(replace(base, name=f"{step.name}, right side", side="right"))
    return out


def _clock(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{minutes:02d}:{secs:02d}"

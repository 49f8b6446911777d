"""Which cue marks which moment of the walk, and the words a voice says with it."""

from __future__ import annotations

from enum import StrEnum

from walktimer.domain.plan import PhaseKind, Plan
from walktimer.domain.session import Countdown, Event, Finished, PhaseStarted


class Cue(StrEnum):
    WARMUP = "warmup"
    FAST = "fast"
    SLOW = "slow"
    COOLDOWN = "cooldown"
    STEP = "step"
    SWITCH_SIDES = "switch-sides"
    COUNTDOWN = "countdown"
    DONE = "done"


def cue_for_event(event: Event, plan: Plan) -> tuple[Cue, str | None] | None:
    """The cue for an event, with the words a voice may say after the tone (None: no words)."""
    if isinstance(event, Countdown):
        return Cue.COUNTDOWN, None
    if isinstance(event, Finished):
        return Cue.DONE, "Walk done"
    assert isinstance(event, PhaseStarted)
    phase, index = event.phase, event.index
    if phase.kind is PhaseKind.FAST:
        return Cue.FAST, "Fast"
    if phase.kind is PhaseKind.SLOW:
        return Cue.SLOW, "Slow"
    previous = plan.phases[index - 1] if index > 0 else None
    if previous is None or previous.kind is not phase.kind:
        return (Cue.WARMUP if phase.kind is PhaseKind.WARMUP else Cue.COOLDOWN), phase.name
    if phase.name.endswith(", right side") and previous.name.endswith(", left side"):
        return Cue.SWITCH_SIDES, "Other side"
    return Cue.STEP, phase.name

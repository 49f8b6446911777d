"""How times read on screen: countdowns that tick on whole seconds, clock times, minutes."""

from __future__ import annotations

import math
from datetime import datetime

from walktimer.domain.presets import format_duration


def shown_seconds(remaining: float) -> int:
    """The whole seconds still to go, rounded up: a phase shows `0:30` at its start and never
    `0:00` while it is still running."""
    return math.ceil(max(0.0, remaining) - 1e-6)


def countdown(remaining: float) -> str:
    return format_duration(shown_seconds(remaining))


def next_countdown_change(remaining: float) -> float:
    """Seconds until `countdown(remaining)` shows a different value."""
    step = remaining - (math.ceil(remaining - 1e-6) - 1)
    return step if step > 1e-6 else 1.0


def clock_time(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def minutes(seconds: float) -> str:
    """`25 min`, or `1 h 05 min`: totals as walkers say them."""
    whole = round(seconds / 60)
    hours, mins = divmod(whole, 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def duration(seconds: float) -> str:
    return format_duration(seconds)

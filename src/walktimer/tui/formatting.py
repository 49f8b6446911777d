"""How times tick on screen: countdowns on whole seconds, clock times.

The words and figures themselves (`12:30`, `12 min`) come from `walktimer.domain.words`, as
everywhere else; this module only decides which second or minute is shown when.
"""

from __future__ import annotations

import math
from datetime import datetime

from walktimer.domain.words import duration_text


def shown_seconds(remaining: float) -> int:
    """The whole seconds still to go, rounded up: a phase shows `0:30` at its start and never
    `0:00` while it is still running."""
    return math.ceil(max(0.0, remaining) - 1e-6)


def countdown(remaining: float) -> str:
    return duration_text(shown_seconds(remaining))


def next_countdown_change(remaining: float) -> float:
    """Seconds until `countdown(remaining)` shows a different value."""
    step = remaining - (math.ceil(remaining - 1e-6) - 1)
    return step if step > 1e-6 else 1.0


def clock_time(moment: datetime) -> str:
    return f"{moment:%H:%M}"

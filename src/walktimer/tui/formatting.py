"""How times tick on screen: countdowns on whole seconds, clock times.

The words and figures themselves (`12:30`, `12 min`) come from `walktimer.domain.words`, as
everywhere else; this module only decides which second or minute is shown when.
"""

from __future__ import annotations

from datetime import datetime

from walktimer.domain.session import shown_seconds
from walktimer.domain.words import duration_text


def countdown(remaining: float) -> str:
    return duration_text(shown_seconds(remaining))


def clock_time(moment: datetime) -> str:
    return f"{moment:%H:%M}"

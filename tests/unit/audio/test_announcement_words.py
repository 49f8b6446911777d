"""The minutes left, on the bundled walks: where each five-minute mark is said, worked out
from the plan on its own, and said once."""

from __future__ import annotations

import pytest

from walktimer.audio.cues import announcements
from walktimer.domain.catalog import Catalog
from walktimer.domain.plan import Plan


def minute_marks(plan: Plan) -> dict[int, str]:
    """Where `minutes-left` speaks, worked out from the plan: for each multiple of 5 minutes
    below the walk's length, the first phase that starts with at most that much left, saying
    the minutes then left."""
    total = plan.total_seconds
    marks = {}
    for mark in range(300, total, 300):
        index = next(i for i, p in enumerate(plan.phases) if total - p.start <= mark)
        marks[index] = f"{round((total - plan.phases[index].start) / 60)} minutes left"
    return marks


@pytest.mark.parametrize(
    "walk", [("classic-30-30", "none", "none"), ("iwt-3x3", "dynamic-stretches", "lower-back")]
)
def test_minutes_left_are_said_once_at_each_five_minutes(walk: tuple[str, str, str]) -> None:
    plan = Catalog.load(None).plan(*walk)
    said = {
        index: words
        for index in range(len(plan.phases))
        for words in announcements(plan, index, ["minutes-left"])
    }
    assert said == minute_marks(plan)
    assert len(said) == (plan.total_seconds - 1) // 300

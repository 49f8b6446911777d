"""What a walk came to, in a few lines: the end screen shows them, plain mode prints them.

One recap for every front end, so a walk ends with the same words whether it was walked in the
app, in plain mode or with `--no-prompts`: how it ended, the time walked of the time planned,
the rounds and the time spent fast and slow, the back pain before and after, and whether it
counts towards the weekly goal. The words are `walktimer.domain.words`'.

The walk's name comes from a preset file: a front end makes it safe to show (`safe_text`,
`tui.text.shown`) like any other text from a file.
"""

from __future__ import annotations

from dataclasses import dataclass

from walktimer.domain.stats import counts
from walktimer.domain.summary import Summary
from walktimer.domain.words import (
    count_text,
    counts_words,
    duration_text,
    headline_text,
    pain_text,
)


@dataclass(frozen=True)
class Recap:
    """A headline (`Walk done · Tiny walk`) and rows of a label and its value."""

    headline: str
    rows: tuple[tuple[str, str], ...]

    def lines(self) -> list[str]:
        """The headline, then each row with its value lined up under the others."""
        width = max((len(label) for label, _ in self.rows), default=0)
        return [self.headline, *(f"  {label:<{width}}  {value}" for label, value in self.rows)]


def recap(summary: Summary, walk_name: str) -> Recap:
    """The recap of `summary`, a walk of the walk preset named `walk_name`."""
    walked = f"{duration_text(summary.active_seconds)} of {duration_text(summary.planned_seconds)}"
    walked += " planned"
    if summary.paused_seconds >= 0.5:  # a pause shorter than a shown second is no pause
        walked += f", paused {duration_text(summary.paused_seconds)}"
    rounds = (
        f"{summary.rounds_completed} of {summary.rounds_planned}: "
        f"fast {duration_text(summary.fast_seconds)}, slow {duration_text(summary.slow_seconds)}"
    )
    rows = [("Walked", walked), ("Rounds", rounds)]
    skipped = sum(1 for phase in summary.phases if phase.skipped)
    if skipped:
        rows.append(("Skipped", count_text(skipped, "phase")))
    rows.append(("Back pain", pain_text(summary.pain_before, summary.pain_after)))
    rows.append(("Counts", counts_words(counts(summary))))
    headline = f"{headline_text(summary.status, summary.stop_reason)} · {walk_name}"
    return Recap(headline, tuple(rows))

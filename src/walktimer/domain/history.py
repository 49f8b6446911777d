"""Past walks as people read them: one row a walk, its details, its pain before and after.

The command line's table and CSV and the app's history screen all take their rows from here,
and the rows take their words from `walktimer.domain.words`, so a walk reads the same wherever
it is shown. What a summary file says (its walk, notes and id, perhaps synced from another
device) reaches the rows and the CSV with its control characters made visible: shown, never
obeyed by a terminal, and never read as a formula by a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

import msgspec

from walktimer.domain.stats import counts
from walktimer.domain.summary import Summary
from walktimer.domain.words import (
    NO_VALUE,
    counts_words,
    csv_cell,
    date_text,
    duration_text,
    minutes_figure,
    pain_text,
    rating_text,
    safe_text,
    status_text,
    walk_name,
)

# The CSV columns: every key of a summary file except its phases, in the file's order, then
# whether the walk counts towards the goal.
SUMMARY_FIELDS: tuple[str, ...] = tuple(f for f in Summary.__struct_fields__ if f != "phases")
CSV_FIELDS: tuple[str, ...] = (*SUMMARY_FIELDS, "counts")
NO_NAMES: Mapping[str, str] = {}


class ListedSummary(Summary, kw_only=True):
    """A summary as `history --json` lists it: the file's keys, then whether it counts."""

    counts: bool


def listed(summary: Summary) -> ListedSummary:
    return ListedSummary(**msgspec.structs.asdict(summary), counts=counts(summary))


class HistoryRow(NamedTuple):
    date: str
    walk: str
    minutes: str  # the figure only: the table's column heading carries the unit
    status: str
    pain: str
    effort: str


def newest_first(summaries: Iterable[Summary]) -> list[Summary]:
    """Newest walk first; walks that started in the same second in a stable order (by id)."""
    return sorted(summaries, key=lambda s: (s.started_at.timestamp(), s.id), reverse=True)


def history_row(summary: Summary, names: Mapping[str, str] = NO_NAMES) -> HistoryRow:
    """`names` maps walk ids to the names their presets give them, for tables people read;
    machines (JSON, CSV) get the ids, which stay the same when a preset is renamed."""
    return HistoryRow(
        date=date_text(summary.started_at),
        walk=safe_text(walk_name(summary.walk, names)),
        minutes=minutes_figure(summary.active_seconds),
        status=status_text(summary.status, summary.stop_reason),
        pain=pain_text(summary.pain_before, summary.pain_after),
        effort=rating_text(summary.effort),
    )


def details(summary: Summary) -> list[tuple[str, str]]:
    """Label and value pairs describing one walk in full."""
    skipped = sum(1 for phase in summary.phases if phase.skipped)
    lines = [
        ("Walk", safe_text(summary.walk)),
        ("Warm-up", safe_text(summary.warmup)),
        ("Cool-down", safe_text(summary.cooldown)),
        ("Started", f"{summary.started_at:%a %Y-%m-%d %H:%M}"),
        ("Ended", f"{summary.ended_at:%H:%M}"),
        ("Status", status_text(summary.status, summary.stop_reason)),
        (
            "Active",
            f"{duration_text(summary.active_seconds)} of "
            f"{duration_text(summary.planned_seconds)} planned",
        ),
        ("Paused", duration_text(summary.paused_seconds)),
        ("Counts", counts_words(counts(summary))),
        ("Rounds", f"{summary.rounds_completed} of {summary.rounds_planned}"),
        (
            "Fast / slow",
            f"{duration_text(summary.fast_seconds)} / {duration_text(summary.slow_seconds)}",
        ),
        ("Pain", pain_text(summary.pain_before, summary.pain_after)),
        ("Effort", NO_VALUE if summary.effort is None else f"{summary.effort} of 10"),
    ]
    if summary.phases:
        lines.append(("Phases", f"{len(summary.phases)}, {skipped} skipped"))
    if summary.notes:
        lines.append(("Notes", safe_text(summary.notes, lines=True)))
    return lines


def csv_record(summary: Summary) -> list[str]:
    """One CSV row in the order of CSV_FIELDS: datetimes in ISO 8601, missing values empty,
    numbers as they are, text as a cell a spreadsheet shows rather than runs."""
    record: list[str] = []
    for field in SUMMARY_FIELDS:
        value = getattr(summary, field)
        if value is None:
            record.append("")
        elif isinstance(value, datetime):
            record.append(value.isoformat())
        elif isinstance(value, str):
            record.append(csv_cell(value))
        else:
            record.append(str(value))
    record.append("true" if counts(summary) else "false")
    return record


@dataclass(frozen=True)
class PainPoint:
    """One walk rated before and after: a point of the pain chart."""

    day: date
    before: int
    after: int


def pain_pairs(summaries: Sequence[Summary], limit: int) -> list[PainPoint]:
    """The latest `limit` walks rated both times, oldest first, for charts.

    `summaries` is newest first, as read."""
    points: list[PainPoint] = []
    for summary in summaries:
        if summary.pain_before is not None and summary.pain_after is not None:
            points.append(
                PainPoint(summary.started_at.date(), summary.pain_before, summary.pain_after)
            )
            if len(points) == limit:
                break
    return points[::-1]

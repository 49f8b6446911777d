"""Past walks as people read them: one row a walk, its details, its pain before and after.

The command line's table and CSV and the app's history screen all take their words from here,
so a walk reads the same wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

from walktimer.domain.presets import format_duration
from walktimer.domain.summary import Summary

# The CSV columns: every key of a summary file except its phases, in the file's order.
CSV_FIELDS: tuple[str, ...] = tuple(f for f in Summary.__struct_fields__ if f != "phases")
NO_VALUE = "-"


class HistoryRow(NamedTuple):
    date: str
    walk: str
    minutes: str
    status: str
    pain: str
    effort: str


def newest_first(summaries: Iterable[Summary]) -> list[Summary]:
    """Newest walk first; walks that started in the same second in a stable order (by id)."""
    return sorted(summaries, key=lambda s: (s.started_at.timestamp(), s.id), reverse=True)


def history_row(summary: Summary) -> HistoryRow:
    return HistoryRow(
        date=date_text(summary.started_at),
        walk=summary.walk,
        minutes=minutes_text(summary.active_seconds),
        status=status_text(summary),
        pain=pain_text(summary.pain_before, summary.pain_after),
        effort=NO_VALUE if summary.effort is None else str(summary.effort),
    )


def date_text(moment: datetime) -> str:
    """The walk's own local time, as it was recorded: where and when the walker was."""
    return f"{moment:%Y-%m-%d %H:%M}"


def minutes_text(seconds: float) -> str:
    """Whole minutes, with a decimal for short walks where a minute is a big share."""
    minutes = seconds / 60
    return f"{minutes:.1f}" if minutes < 10 else f"{minutes:.0f}"


def status_text(summary: Summary) -> str:
    if summary.status == "stopped" and summary.stop_reason == "pain":
        return "stopped (pain)"
    return summary.status


def pain_text(before: int | None, after: int | None) -> str:
    """`4 -> 3`; a missing rating shows as `?`, both missing as `-`."""
    if before is None and after is None:
        return NO_VALUE
    return f"{'?' if before is None else before} -> {'?' if after is None else after}"


def details(summary: Summary) -> list[tuple[str, str]]:
    """Label and value pairs describing one walk in full."""
    skipped = sum(1 for phase in summary.phases if phase.skipped)
    lines = [
        ("Walk", summary.walk),
        ("Warm-up", summary.warmup),
        ("Cool-down", summary.cooldown),
        ("Started", f"{summary.started_at:%a %Y-%m-%d %H:%M}"),
        ("Ended", f"{summary.ended_at:%H:%M}"),
        ("Status", status_text(summary)),
        (
            "Active",
            f"{format_duration(summary.active_seconds)} of "
            f"{format_duration(summary.planned_seconds)} planned",
        ),
        ("Paused", format_duration(summary.paused_seconds)),
        ("Rounds", f"{summary.rounds_completed} of {summary.rounds_planned}"),
        (
            "Fast / slow",
            f"{format_duration(summary.fast_seconds)} / {format_duration(summary.slow_seconds)}",
        ),
        ("Pain", pain_text(summary.pain_before, summary.pain_after)),
        ("Effort", NO_VALUE if summary.effort is None else f"{summary.effort} of 10"),
    ]
    if summary.phases:
        lines.append(("Phases", f"{len(summary.phases)}, {skipped} skipped"))
    if summary.notes:
        lines.append(("Notes", summary.notes))
    return lines


def csv_record(summary: Summary) -> list[str]:
    """One CSV row in the order of CSV_FIELDS: datetimes in ISO 8601, missing values empty."""
    record: list[str] = []
    for field in CSV_FIELDS:
        value = getattr(summary, field)
        if value is None:
            record.append("")
        elif isinstance(value, datetime):
            record.append(value.isoformat())
        else:
            record.append(str(value))
    return record


def pain_pairs(summaries: Sequence[Summary], limit: int) -> list[tuple[int, int]]:
    """(before, after) of the latest `limit` walks rated both times, oldest first, for charts.

    `summaries` is newest first, as read."""
    pairs: list[tuple[int, int]] = []
    for summary in summaries:
        if summary.pain_before is not None and summary.pain_after is not None:
            pairs.append((summary.pain_before, summary.pain_after))
            if len(pairs) == limit:
                break
    return pairs[::-1]

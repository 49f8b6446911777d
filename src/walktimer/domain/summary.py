"""The record of one walk, as saved in `sessions/<id>.toml` (described in docs/formats.md).

Reading ignores keys it does not know, so a folder synced with a device running a newer
walktimer stays readable: a newer walktimer adds keys freely, and changes `schema` only when an
older one would misread the file.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from typing import Annotated, Literal

import msgspec

from walktimer import __version__
from walktimer.domain.decoding import show_value
from walktimer.domain.plan import PhaseKind
from walktimer.domain.presets import MAX_ROUNDS
from walktimer.domain.program import MAX_WEEKS, PROGRAM_ID, PROGRAM_ID_WORDS
from walktimer.domain.questions import RATING_MAX
from walktimer.domain.session import Session, Status, StopReason
from walktimer.domain.words import duration_text, echo_text, has_controls

SCHEMA = 1
Rating = Annotated[int, msgspec.Meta(ge=0, le=10)]
SummaryStatus = Literal["completed", "stopped", "interrupted"]
# The ids this walktimer writes and accepts as file names: nothing that could leave the folder.
SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
NOTES_LIMIT = 500  # characters of a walk's notes: one line, as the end of a walk asks for it
# The answers a walker may give, and correct later (`history edit`); every other key is the
# record of what was walked.
ANSWER_KEYS = ("pain_before", "pain_after", "effort", "notes")


class PhaseSummary(msgspec.Struct, kw_only=True):
    kind: PhaseKind
    name: str
    planned_seconds: int
    actual_seconds: float
    skipped: bool


class Summary(msgspec.Struct, kw_only=True, omit_defaults=True):
    schema: int
    id: str
    app_version: str
    status: SummaryStatus
    stop_reason: StopReason | None = None
    started_at: datetime
    ended_at: datetime
    walk: str
    warmup: str
    cooldown: str
    planned_seconds: int
    active_seconds: float
    paused_seconds: float
    rounds_planned: int
    rounds_completed: int
    fast_seconds: float
    slow_seconds: float
    pain_before: Rating | None = None
    pain_after: Rating | None = None
    effort: Rating | None = None
    notes: str | None = None
    program: str | None = None  # walked as week `program_week` of this programme
    program_week: int | None = None
    phases: list[PhaseSummary]

    @property
    def stopped_for_pain(self) -> bool:
        return self.status == "stopped" and self.stop_reason == "pain"


def new_summary_id(started_at: datetime, walk_id: str, suffix: str | None = None) -> str:
    """`20261126T223500-classic-30-30-3f2a`: local start, walk id, random suffix."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", walk_id).strip("-") or "walk"
    return f"{started_at:%Y%m%dT%H%M%S}-{safe}-{suffix or secrets.token_hex(2)}"


# What a summary read back may hold. Dates stay a year away from the ends of the calendar, so
# no UTC offset or local time zone can carry one past them when it is converted or compared.
# Time walked stays within 48 hours, far above the 6-hour limit of a walk. A pause has no limit
# while walking (a walk paused and left overnight, or for a long weekend, is still a walk), so
# the pauses and the whole span from start to end may reach 30 days before they count as absurd.
MIN_YEAR, MAX_YEAR = 1900, 9998
MAX_WALKED_SECONDS = 48 * 3600
MAX_SPAN_SECONDS = 30 * 24 * 3600
_WALKED_KEYS = ("planned_seconds", "active_seconds", "fast_seconds", "slow_seconds")
_ROUNDS_KEYS = ("rounds_planned", "rounds_completed")


def answer_value(key: str, value: object) -> int | str | None:
    """A corrected answer as it is saved, checked like one given at the end of a walk: a
    rating a whole number from 0 to 10, notes one line of text (blank: no notes); None
    removes it. ValueError, with one line for the walker, if it is not one."""
    if key not in ANSWER_KEYS:
        raise ValueError(f"{echo_text(key)}: not an answer that can be changed")
    word = key.replace("_", " ")
    if value is None:
        return None
    if key == "notes":
        if not isinstance(value, str):
            raise ValueError(f"notes: expected text, got {echo_text(value)}")
        text = value.strip()
        if has_controls(text):
            raise ValueError("notes: expected one line of text, without control characters")
        if len(text) > NOTES_LIMIT:
            raise ValueError(f"notes: expected at most {NOTES_LIMIT} characters, got {len(text)}")
        return text or None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= RATING_MAX:
        shown = echo_text(repr(value) if isinstance(value, str) else value)
        raise ValueError(f"{word}: expected a whole number from 0 to 10, got {shown}")
    return value


def summary_problem(summary: Summary) -> str | None:
    """Why a summary read from a file cannot be used, as `key: expected ..., got ...`, or None.

    The file may come from another device, an editor or a broken disk: a date at the end of
    the calendar, a time that is not a number, below zero or of decades would otherwise crash
    the week's sums or be shown as nonsense (-8.3 min)."""
    for key in ("started_at", "ended_at"):
        moment: datetime = getattr(summary, key)
        if moment.utcoffset() is None:
            return (
                f"{key}: expected a date and time with its UTC offset, like "
                "2026-11-26T22:35:00+01:00"
            )
        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            return (
                f"{key}: expected a date between the years {MIN_YEAR} and {MAX_YEAR}, "
                f"got {moment.isoformat()}"
            )
    start, end = summary.started_at, summary.ended_at
    if end < start:
        return (
            f"ended_at: expected a time no earlier than started_at ({start.isoformat()}), "
            f"got {end.isoformat()}"
        )
    if (span := (end - start).total_seconds()) > MAX_SPAN_SECONDS:
        return (
            f"ended_at: expected at most {duration_text(MAX_SPAN_SECONDS)} after "
            f"started_at, got {duration_text(span)}"
        )
    checks = [(key, getattr(summary, key), MAX_WALKED_SECONDS) for key in _WALKED_KEYS]
    checks.append(("paused_seconds", summary.paused_seconds, MAX_SPAN_SECONDS))
    for number, phase in enumerate(summary.phases, start=1):
        for key in ("planned_seconds", "actual_seconds"):
            checks.append((f"phases[{number}].{key}", getattr(phase, key), MAX_WALKED_SECONDS))
    for key, seconds, most in checks:
        if not 0 <= seconds <= most:  # false for nan too
            return f"{key}: expected seconds from 0 to {most}, got {_shown(seconds)}"
    for key in _ROUNDS_KEYS:
        if not 0 <= (rounds := getattr(summary, key)) <= MAX_ROUNDS:
            return f"{key}: expected an integer from 0 to {MAX_ROUNDS}, got {_shown(rounds)}"
    return _program_problem(summary)


def _program_problem(summary: Summary) -> str | None:
    """A programme's id as its preset file names it, and a week of one: 1 to 52."""
    if summary.program is not None and not PROGRAM_ID.fullmatch(summary.program):
        shown = show_value(summary.program)
        return f"program: expected a programme id ({PROGRAM_ID_WORDS} characters), got {shown}"
    week = summary.program_week
    if week is not None and not 1 <= week <= MAX_WEEKS:
        return f"program_week: expected an integer from 1 to {MAX_WEEKS}, got {_shown(week)}"
    return None


def _shown(value: float) -> str:
    return echo_text(show_value(value))  # an integer may have thousands of digits


def summarize(
    session: Session,
    *,
    summary_id: str,
    started_at: datetime,
    status: SummaryStatus | None = None,
    pain_before: int | None = None,
    pain_after: int | None = None,
    effort: int | None = None,
    notes: str | None = None,
) -> Summary:
    """The summary of the session as it stands now (a finished, stopped or running walk)."""
    state = session.state()
    plan = session.plan
    if status is None:
        status = "completed" if session.status is Status.FINISHED else "stopped"
    phases: list[PhaseSummary] = []
    seconds_by_kind = dict.fromkeys(PhaseKind, 0.0)
    for index, (phase, record) in enumerate(zip(plan.phases, session.records, strict=True)):
        if not record.entered:
            continue
        actual = record.actual_seconds
        if session.active and index == session.index:
            actual += state.elapsed  # the phase in progress, for checkpoints
        seconds_by_kind[phase.kind] += actual
        phases.append(
            PhaseSummary(
                kind=phase.kind,
                name=plan.label(index),
                planned_seconds=phase.seconds,
                actual_seconds=round(actual, 3),
                skipped=record.skipped,
            )
        )
    completed_rounds = {
        phase.round
        for phase, record in zip(plan.phases, session.records, strict=True)
        if phase.round is not None
    }
    for phase, record in zip(plan.phases, session.records, strict=True):
        if phase.round is not None and not record.completed:
            completed_rounds.discard(phase.round)
    wall = state.active_seconds + state.paused_seconds
    return Summary(
        schema=SCHEMA,
        id=summary_id,
        app_version=__version__,
        status=status,
        stop_reason=session.stop_reason if status == "stopped" else None,
        started_at=started_at,
        ended_at=(started_at + timedelta(seconds=round(wall))),
        walk=plan.walk_id,
        warmup=plan.warmup_id,
        cooldown=plan.cooldown_id,
        planned_seconds=plan.total_seconds,
        active_seconds=round(state.active_seconds, 3),
        paused_seconds=round(state.paused_seconds, 3),
        rounds_planned=plan.rounds,
        rounds_completed=len(completed_rounds),
        fast_seconds=round(seconds_by_kind[PhaseKind.FAST], 3),
        slow_seconds=round(seconds_by_kind[PhaseKind.SLOW], 3),
        pain_before=pain_before,
        pain_after=pain_after,
        effort=effort,
        notes=notes or None,
        program=plan.program,
        program_week=plan.program_week,
        phases=phases,
    )


class Checkpoint(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """`in-progress.toml`: the walk so far and the process that is walking it."""

    pid: int
    summary: Summary

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
from walktimer.domain.plan import PhaseKind
from walktimer.domain.session import Session, Status, StopReason

SCHEMA = 1
Rating = Annotated[int, msgspec.Meta(ge=0, le=10)]
SummaryStatus = Literal["completed", "stopped", "interrupted"]
# The ids this walktimer writes and accepts as file names: nothing that could leave the folder.
SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


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
    phases: list[PhaseSummary]


def new_summary_id(started_at: datetime, walk_id: str, suffix: str | None = None) -> str:
    """`20261126T223500-classic-30-30-3f2a`: local start, walk id, random suffix."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", walk_id).strip("-") or "walk"
    return f"{started_at:%Y%m%dT%H%M%S}-{safe}-{suffix or secrets.token_hex(2)}"


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
        phases=phases,
    )


class Checkpoint(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """`in-progress.toml`: the walk so far and the process that is walking it."""

    pid: int
    summary: Summary

"""Summaries to test with: valid by default, any field overridden by keyword."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from walktimer.domain.plan import PhaseKind
from walktimer.domain.summary import PhaseSummary, Summary

CET = timezone(timedelta(hours=1))


def phase(
    kind: str = "fast", name: str = "Brisk walk, round 1/2", seconds: int = 30
) -> PhaseSummary:
    return PhaseSummary(
        kind=PhaseKind(kind),
        name=name,
        planned_seconds=seconds,
        actual_seconds=float(seconds),
        skipped=False,
    )


def make_summary(
    started_at: datetime = datetime(2026, 11, 26, 22, 35, tzinfo=CET), **overrides: Any
) -> Summary:
    walk = overrides.get("walk", "classic-30-30")
    fields: dict[str, Any] = {
        "schema": 1,
        "id": f"{started_at:%Y%m%dT%H%M%S}-{walk}-3f2a",
        "app_version": "0.1.0",
        "status": "completed",
        "started_at": started_at,
        "ended_at": started_at + timedelta(minutes=2),
        "walk": walk,
        "warmup": "none",
        "cooldown": "none",
        "planned_seconds": 120,
        "active_seconds": 120.0,
        "paused_seconds": 0.0,
        "rounds_planned": 2,
        "rounds_completed": 2,
        "fast_seconds": 60.0,
        "slow_seconds": 60.0,
        "phases": [
            phase("fast", "Brisk walk, round 1/2"),
            phase("slow", "Easy walk, round 1/2"),
            phase("fast", "Brisk walk, round 2/2"),
            phase("slow", "Easy walk, round 2/2"),
        ],
    }
    fields.update(overrides)
    return Summary(**fields)

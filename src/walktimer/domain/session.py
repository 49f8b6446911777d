"""The walk in progress: a pure state machine driven by an injected monotonic clock.

Time is computed, never counted. The session keeps the clock time at which the current phase
started and the pause time within it; everything else is derived from `now`. A phase ends at
exactly `start + paused + planned`, and the next one starts at that same instant, so rounding
never accumulates over a long walk. Boundaries are processed lazily, by `drain()` and by
every command, never by a read: `state()` only looks, so
whoever reads it twice sees the same walk, and each event is handed out once by `drain()`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from walktimer.domain.plan import Phase, Plan

Clock = Callable[[], float]
StopReason = Literal["user", "pain"]
COUNTDOWN_SECONDS = (3, 2, 1)
BACK_GRACE_SECONDS = 3.0


class Status(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class PhaseStarted:
    index: int
    phase: Phase
    at: float


@dataclass(frozen=True, slots=True)
class Countdown:
    """`seconds` before the end of phase `index`, when the change involves an interval."""

    index: int
    seconds: int
    at: float


@dataclass(frozen=True, slots=True)
class Finished:
    at: float


@dataclass(frozen=True, slots=True)
class Held:
    """The walk did not run for `seconds` up to `at` (the program was stopped, not the
    walker): that time is recorded as a pause, and said so."""

    seconds: float
    at: float


@dataclass(frozen=True, slots=True)
class Stopped:
    """Ended early, by whichever front end asked."""

    reason: StopReason
    at: float


Event = PhaseStarted | Countdown | Finished | Held | Stopped


@dataclass(slots=True)
class PhaseRecord:
    entered: bool = False
    completed: bool = False  # walked to its planned end at least once
    skipped: bool = False  # left early with skip, and not completed since
    actual_seconds: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class State:
    status: Status
    index: int
    phase: Phase | None
    elapsed: float  # active seconds in the current phase
    remaining: float  # of the current phase, never negative
    active_seconds: float  # whole walk, pauses excluded
    paused_seconds: float
    position: float  # planned offset reached: phase start + elapsed
    total_seconds: int

    @property
    def walk_remaining(self) -> float:
        return max(0.0, self.total_seconds - self.position)


@dataclass
class Session:
    plan: Plan
    clock: Clock
    status: Status = Status.READY
    index: int = 0
    started_at: float | None = None
    ended_at: float | None = None
    stop_reason: StopReason | None = None
    records: list[PhaseRecord] = field(default_factory=list)
    _phase_start: float = 0.0
    _phase_paused: float = 0.0
    _paused_since: float | None = None
    _paused_total: float = 0.0
    _countdowns_sent: set[int] = field(default_factory=set)
    _events: list[Event] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.records = [PhaseRecord() for _ in self.plan.phases]

    # --- commands -------------------------------------------------------------------------

    def start(self) -> None:
        if self.status is not Status.READY:
            return
        now = self.clock()
        self.started_at = now
        self.status = Status.RUNNING
        self._enter(0, now)

    def pause(self) -> None:
        now = self._advance()
        if self.status is Status.RUNNING:
            self._paused_since = now
            self.status = Status.PAUSED

    def resume(self) -> None:
        now = self._advance()
        if self.status is Status.PAUSED:
            self._settle_pause(now)
            self._paused_since = None
            self.status = Status.RUNNING

    def toggle_pause(self) -> None:
        if self.status is Status.PAUSED:
            self.resume()
        else:
            self.pause()

    def hold(self, since: float) -> None:
        """The walk did not run from `since` until now: what was due before `since` happens
        as it would have, and the rest of that time is recorded as a pause. Paused or ended
        already, nothing changes."""
        now = self.clock()
        since = min(since, now)
        self._advance(since)
        if self.status is not Status.RUNNING:
            return
        self._paused_since = since
        self._settle_pause(now)
        self._paused_since = None
        self._events.append(Held(now - since, now))

    def skip(self) -> None:
        """Leave the current phase now and start the next one (or finish the walk)."""
        now = self._advance()
        if not self.active:
            return
        self._leave(now, skipped=True)
        if self.index + 1 < len(self.plan.phases):
            self._enter(self.index + 1, now)
        else:
            self._finish(now)

    def back(self) -> None:
        """Restart the current phase, or go to the previous one if this one is under 3 s old."""
        now = self._advance()
        if not self.active:
            return
        elapsed = self._elapsed(now)
        self._leave(now, skipped=False)
        target = self.index - 1 if elapsed < BACK_GRACE_SECONDS and self.index > 0 else self.index
        self._enter(target, now)

    def stop(self, reason: StopReason = "user") -> None:
        now = self._advance()
        if not self.active:
            return
        self._leave(now, skipped=False)
        self._paused_since = None
        self.status = Status.STOPPED
        self.stop_reason = reason
        self.ended_at = now
        self._events.append(Stopped(reason, now))

    # --- queries --------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.status in (Status.RUNNING, Status.PAUSED)

    def drain(self) -> list[Event]:
        """Process boundaries up to now and hand out the new events, each exactly once."""
        self._advance()
        events, self._events = self._events, []
        return events

    def state(self, now: float | None = None) -> State:
        """The walk at `now` (the clock's time if not given), as far as it has been processed:
        a read that changes nothing. A boundary passed since the last `drain()` or command
        shows as the phase before it with nothing left, until `drain()` processes it."""
        if now is None:
            now = self.clock()
        phases = self.plan.phases
        if self.status is Status.READY:
            return State(
                status=self.status,
                index=0,
                phase=phases[0],
                elapsed=0.0,
                remaining=phases[0].seconds,
                active_seconds=0.0,
                paused_seconds=0.0,
                position=0.0,
                total_seconds=self.plan.total_seconds,
            )
        end = self.ended_at if self.ended_at is not None else now
        paused = self._paused_total + (
            now - self._paused_since if self._paused_since is not None else 0.0
        )
        wall = end - (self.started_at or end)
        if not self.active:
            position = sum(
                p.seconds for p, r in zip(phases, self.records, strict=True) if r.completed
            )
            return State(
                status=self.status,
                index=self.index,
                phase=None,
                elapsed=0.0,
                remaining=0.0,
                active_seconds=wall - paused,
                paused_seconds=paused,
                position=float(position),
                total_seconds=self.plan.total_seconds,
            )
        phase = phases[self.index]
        elapsed = min(float(phase.seconds), self._elapsed(now))
        return State(
            status=self.status,
            index=self.index,
            phase=phase,
            elapsed=elapsed,
            remaining=phase.seconds - elapsed,
            active_seconds=wall - paused,
            paused_seconds=paused,
            position=phase.start + elapsed,
            total_seconds=self.plan.total_seconds,
        )

    def next_deadline(self) -> float | None:
        """The clock time of the next event while running; None when paused or ended."""
        if self.status is not Status.RUNNING:
            return None
        end = self._phase_end()
        pending = [end - s for s in self._countdowns_due()]
        return min([end, *pending])

    def upcoming(self) -> list[Event]:
        """The events still to come in the current phase, up to and including the change at its
        end (the next phase's start, or the walk's end), as `drain()` will hand them out if
        nothing is done meanwhile; none unless the walk is running."""
        if self.status is not Status.RUNNING:
            return []
        end = self._phase_end()
        due = sorted(self._countdowns_due(), reverse=True)
        events: list[Event] = [Countdown(self.index, s, end - s) for s in due]
        following = self.index + 1
        if following < len(self.plan.phases):
            events.append(PhaseStarted(following, self.plan.phases[following], end))
        else:
            events.append(Finished(end))
        return events

    # --- internals ------------------------------------------------------------------------

    def _advance(self, until: float | None = None) -> float:
        """Process every boundary up to `until` (the clock's time if not given)."""
        now = self.clock() if until is None else until
        while self.status is Status.RUNNING:
            end = self._phase_end()
            for seconds in self._countdowns_due():
                if end - seconds <= now:
                    self._countdowns_sent.add(seconds)
                    self._events.append(Countdown(self.index, seconds, end - seconds))
            if end > now:
                break
            record = self.records[self.index]
            record.actual_seconds += self.plan.phases[self.index].seconds
            record.completed, record.skipped = True, False
            if self.index + 1 < len(self.plan.phases):
                self._enter(self.index + 1, end)
            else:
                self._finish(end)
        return now

    def _countdowns_due(self) -> list[int]:
        phases = self.plan.phases
        phase = phases[self.index]
        following = phases[self.index + 1] if self.index + 1 < len(phases) else None
        involves_interval = phase.kind.is_interval or (
            following is not None and following.kind.is_interval
        )
        if not involves_interval:
            return []
        return [
            s for s in COUNTDOWN_SECONDS if s < phase.seconds and s not in self._countdowns_sent
        ]

    def _phase_end(self) -> float:
        return self._phase_start + self._phase_paused + self.plan.phases[self.index].seconds

    def _elapsed(self, now: float) -> float:
        pausing = now - self._paused_since if self._paused_since is not None else 0.0
        return now - self._phase_start - self._phase_paused - pausing

    def _settle_pause(self, now: float) -> None:
        """Fold the pause so far into the totals, so a phase change starts from clean counters."""
        if self._paused_since is not None:
            self._paused_total += now - self._paused_since
            self._phase_paused += now - self._paused_since
            self._paused_since = now

    def _leave(self, now: float, *, skipped: bool) -> None:
        self._settle_pause(now)
        record = self.records[self.index]
        record.actual_seconds += self._elapsed(now)
        if skipped and not record.completed:
            record.skipped = True

    def _enter(self, index: int, at: float) -> None:
        self.index = index
        self._phase_start = at
        self._phase_paused = 0.0
        self._countdowns_sent = set()
        self.records[index].entered = True
        self._events.append(PhaseStarted(index, self.plan.phases[index], at))

    def _finish(self, at: float) -> None:
        self._settle_pause(at)
        self._paused_since = None
        self.status = Status.FINISHED
        self.ended_at = at
        self._events.append(Finished(at))


def shown_seconds(remaining: float) -> int:
    """The whole seconds still to go, rounded up: a phase shows `0:30` at its start and never
    `0:00` while it is still running."""
    return math.ceil(max(0.0, remaining) - 1e-6)


def next_countdown_change(remaining: float) -> float:
    """Seconds until `shown_seconds(remaining)` changes."""
    step = remaining - (math.ceil(remaining - 1e-6) - 1)
    return step if step > 1e-6 else 1.0

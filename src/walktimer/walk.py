"""One walk being walked, whatever shows it: the session, its cues, its checkpoint, its save.

The full-screen app and plain mode both drive a `WalkRun`: they call `pump()` when the clock
reaches `next_wakeup()` or after a key press, and show the events it returns.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from walktimer.audio import Player, cue_for_event
from walktimer.domain.plan import Plan
from walktimer.domain.session import Clock, Event, Finished, PhaseStarted, Session
from walktimer.domain.summary import (
    Checkpoint,
    Summary,
    SummaryStatus,
    new_summary_id,
    summarize,
)
from walktimer.storage import CheckpointWriter, encode_summary, write_summary

Show = Callable[[list[Event]], None]
CHECKPOINT_EVERY = 10.0
STALE_CUE_SECONDS = 1.0  # a cue this late (the process was suspended) is not worth sounding


def local_now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True)
class Saved:
    """The outcome of saving: a path, or the error and the summary text to show instead."""

    summary: Summary
    path: Path | None = None
    error: str | None = None

    @property
    def text(self) -> str:
        return encode_summary(self.summary)


class WalkRun:
    def __init__(
        self,
        plan: Plan,
        *,
        player: Player,
        sessions_dir: Path,
        checkpoint_path: Path | None,
        clock: Clock = time.monotonic,
        wall: Callable[[], datetime] = local_now,
        on_problem: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.plan = plan
        self.session = Session(plan, clock)
        self.player = player
        self.sessions_dir = sessions_dir
        self.pain_before: int | None = None
        self._clock = clock
        self._wall = wall
        self._on_problem = on_problem
        self._started_at = wall()
        self._summary_id = new_summary_id(self._started_at, plan.walk_id)
        self._last_checkpoint = float("-inf")
        self._checkpoints = None if checkpoint_path is None else CheckpointWriter(checkpoint_path)

    def start(self, show: Show | None = None) -> list[Event]:
        self._started_at = self._wall()
        self._summary_id = new_summary_id(self._started_at, self.plan.walk_id)
        self.session.start()
        return self.pump(show)

    def pump(self, show: Show | None = None) -> list[Event]:
        """Process what is due at now: show the events, sound their cues, then hand the
        checkpoint over to be written (the disk never holds up what the walker sees or hears).

        `show` gets the events before any cue is sounded, so what is printed never waits for
        an audio device to open."""
        events = self.session.drain()
        now = self._clock()
        if show is not None and events:
            show(events)
        for event in events:
            if now - event.at <= STALE_CUE_SECONDS and (cue := cue_for_event(event, self.plan)):
                self.player.play(*cue)
        changed = any(isinstance(e, PhaseStarted) for e in events)
        finished = any(isinstance(e, Finished) for e in events)
        due = changed or now - self._last_checkpoint >= CHECKPOINT_EVERY
        if (self.session.active and due) or finished:
            self.checkpoint()  # the finished walk too, before any question is asked
        if self._checkpoints is not None and (problem := self._checkpoints.take_problem()):
            self._on_problem(problem)
        return events

    def next_wakeup(self) -> float | None:
        """When `pump()` next has work: the next event, or the next checkpoint."""
        deadline = self.session.next_deadline()
        if not self.session.active:
            return deadline
        due = self._last_checkpoint + CHECKPOINT_EVERY
        return due if deadline is None else min(deadline, due)

    def summary(self, **answers: int | str | None) -> Summary:
        return summarize(
            self.session,
            summary_id=self._summary_id,
            started_at=self._started_at,
            pain_before=self.pain_before,
            **answers,  # type: ignore[arg-type]
        )

    def checkpoint(self) -> None:
        self._last_checkpoint = self._clock()
        if self._checkpoints is None:
            return
        # A walk still under way is recorded as "interrupted": that is what it is if the
        # process dies now. An ended walk keeps its status while the last questions are asked.
        status: SummaryStatus | None = "interrupted" if self.session.active else None
        summary = summarize(
            self.session,
            summary_id=self._summary_id,
            started_at=self._started_at,
            status=status,
            pain_before=self.pain_before,
        )
        self._checkpoints.put(Checkpoint(pid=os.getpid(), summary=summary))

    def stop(self, reason: str = "user") -> None:
        self.session.stop(reason)
        self.pump()
        self.checkpoint()

    def save(
        self, *, pain_after: int | None = None, effort: int | None = None, notes: str | None = None
    ) -> Saved:
        """Write the summary; on failure keep it in hand so it can be shown, never lost."""
        summary = self.summary(pain_after=pain_after, effort=effort, notes=notes)
        if self._checkpoints is not None:
            self._checkpoints.close()  # the last checkpoint is on disk before the summary
        try:
            path, summary = write_summary(summary, self.sessions_dir)
        except OSError as exc:
            return Saved(summary, error=f"cannot save to {self.sessions_dir}: {exc}")
        if self._checkpoints is not None:
            self._checkpoints.clear(os.getpid())
        return Saved(summary, path=path)

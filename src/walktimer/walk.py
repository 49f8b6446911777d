"""One walk being walked, whatever shows it: the one surface every front end drives.

The full-screen app and plain mode (and anything else that drives a walk: a socket, a phone
notification) touch a walk only through `WalkRun`: they call its commands (`pause()`,
`skip()`, `stop()` ...), call `pump()` when the clock reaches `next_wakeup()`, draw from
`view()`, and show the events handed to `on_events`. Every command and every pump processes
what is due in the same order: the events go to the front end first, then their cues sound,
then the checkpoint is handed to its writer thread, so neither an audio device nor a disk ever
holds up what the walker sees.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from walktimer.audio import Player
from walktimer.audio.cueing import Cueing
from walktimer.config import AudioConfig
from walktimer.domain.inputs import path_text
from walktimer.domain.plan import Plan
from walktimer.domain.questions import AnswerKey, Answers
from walktimer.domain.session import (
    Clock,
    Countdown,
    Event,
    Held,
    PhaseStarted,
    Session,
    State,
    Status,
    StopReason,
    next_countdown_change,
    shown_seconds,
)
from walktimer.domain.summary import (
    Checkpoint,
    Summary,
    SummaryStatus,
    new_summary_id,
    summarize,
)
from walktimer.errors import WalktimerError
from walktimer.storage import (
    CheckpointWriter,
    encode_summary,
    trash_beside,
    trash_summary,
    write_summary,
)

ShowEvents = Callable[[Sequence[Event]], None]
CHECKPOINT_EVERY = 10.0
HELD_AFTER_SECONDS = 2.0  # a wake-up this much later than promised: the program was stopped


def walk_clock() -> Clock:
    """The clock a walk keeps its time by: `CLOCK_BOOTTIME` where there is one (Linux), which
    goes on while a laptop or phone sleeps, so after a suspend the walk is where real time
    says; `time.monotonic` elsewhere."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is None:
        return time.monotonic
    return functools.partial(time.clock_gettime, boottime)


def local_now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True)
class Sound:
    """What the walker hears: the backend in use, muted or not, the volume; the metronome
    turned on or off, and whether it can be heard here at all (not on the bell)."""

    name: str
    muted: bool
    volume: int
    metronome: bool = True
    clicks: bool = True


@dataclass(frozen=True)
class WalkView:
    """The walk at one moment, for drawing: nothing in it changes the walk."""

    plan: Plan
    state: State
    sound: Sound
    answers: Answers
    now: float  # the walk's clock at this moment
    wall: datetime  # the wall clock at this moment

    @property
    def ends_at(self) -> datetime:
        """When the walk ends if it goes on now without a pause (whole seconds, as shown)."""
        return self.wall + timedelta(seconds=shown_seconds(self.state.walk_remaining))


@dataclass(frozen=True)
class Saved:
    """The outcome of saving: a path, or the error and the summary text to show instead.
    `discarded`: the walk went to the trash instead, to `path`."""

    summary: Summary
    path: Path | None = None
    error: str | None = None
    discarded: bool = False

    @property
    def text(self) -> str:
        return encode_summary(self.summary)


class Companion(Protocol):
    """Something beside the program that follows the walk, such as a phone's wake lock and its
    notification. Each call returns at once (the work is done elsewhere) and never raises."""

    def begin(self) -> None:
        """The walk has started."""

    def changed(self, view: WalkView) -> None:
        """What is worth showing outside has changed: a new phase, a pause, going on."""

    def end(self) -> None:
        """The walk is over (finished, stopped, saved or discarded): let go of everything."""


CompanionFactory = Callable[[Callable[[str], None]], Companion | None]
"""Makes a walk's companion, given the front end's way of telling the walker something (from
any thread); None where the walk has none."""


class WalkRun:
    def __init__(
        self,
        plan: Plan,
        *,
        player: Player,
        sessions_dir: Path,
        checkpoint_dir: Path | None,
        clock: Clock = time.monotonic,
        awake: Clock | None = None,
        wall: Callable[[], datetime] = local_now,
        on_problem: Callable[[str], None] = lambda message: None,
        audio: AudioConfig | None = None,
        metronome: bool = True,
        companion: Companion | None = None,
    ) -> None:
        """`clock` is the walk's time (`walk_clock()`: it goes on through a suspend); `awake`,
        if given, a clock that stops while the machine sleeps (`time.monotonic`), by which a
        wake-up much later than promised shows that the program itself was stopped.
        A discarded walk goes to the trash beside `sessions_dir` (`trash_beside`).
        `audio` (its lead-in and announcements) and `metronome`: how it sounds (`Cueing`).
        `companion`: told of the walk's start, its changes and its end."""
        self.plan = plan
        self.answers = Answers()
        """What the walker has answered so far; checkpoints and the save carry them."""
        self.on_events: ShowEvents | None = None
        """The front end's: gets each batch of events before their cues sound."""
        self._session = Session(plan, clock)
        self._player = player
        audio = audio or AudioConfig()
        self._cueing = Cueing(
            plan,
            player,
            lead_in=audio.lead_in_ms / 1000,
            announce=audio.announce,
            metronome=metronome,
        )
        self._sessions_dir = sessions_dir
        self._trash_dir = trash_beside(sessions_dir)
        self._clock = clock
        self._awake = awake
        self._promised: tuple[float, float, float] | None = None  # see `_notice_a_hold`
        self._wall = wall
        self._on_problem = on_problem
        self._started_at = wall()
        self._summary_id = new_summary_id(self._started_at, plan.walk_id)
        self._last_checkpoint = float("-inf")
        self._checkpoints = None if checkpoint_dir is None else CheckpointWriter(checkpoint_dir)
        self._save_lock = threading.Lock()
        self._saved: Saved | None = None
        self._companion = companion

    # --- commands: each processes what is due, then acts, then hands out the events ------

    def start(self) -> None:
        """Begin the walk: on disk first (a walk killed at once is still in history), then
        its first phase is shown and sounded."""
        self._started_at = self._wall()
        self._summary_id = new_summary_id(self._started_at, self.plan.walk_id)
        if self._checkpoints is not None:
            first = self._summarize(status="interrupted")
            self._checkpoints.write_now(Checkpoint(pid=os.getpid(), summary=first))
        if self._companion is not None:
            self._companion.begin()
        self._session.start()
        self.pump()

    def answer(self, key: AnswerKey, value: int | str | None) -> None:
        """Keep one answer of the walker's; after the walk it is on disk at once, so a walk
        killed during the last questions keeps what was answered."""
        self.answers = self.answers.answer(key, value)
        if self.started and not self.active:
            self._checkpoint()

    def pump(self) -> None:
        """Process what is due at now: show the events, sound their cues, then hand the
        checkpoint over to be written."""
        self._notice_a_hold()
        events = self._session.drain()
        now = self._clock()
        awake = None if self._awake is None else self._awake()
        if self.on_events is not None and events:
            self.on_events(events)
        self._cueing.sound(events, self._session.state(now), now)
        self._cueing.ahead(self._session.upcoming(), now)
        self._tell_companion(events)
        changed = any(not isinstance(e, Countdown) for e in events)
        if changed or (self.active and now - self._last_checkpoint >= CHECKPOINT_EVERY):
            self._checkpoint()  # the ended walk too, before any question is asked
        if self._checkpoints is not None and (problem := self._checkpoints.take_problem()):
            self._on_problem(problem)
        if awake is not None and (wakeup := self.next_wakeup()) is not None:
            # Counted from the moment the walk was processed, not from now: a stop that came
            # while this ran is a stop all the same.
            self._promised = (now, awake, wakeup)

    def _notice_a_hold(self) -> None:
        """Record as paused the time this program was stopped (Ctrl-Z, SIGSTOP) while the walk
        ran: a front end wakes by `next_wakeup()`, at least once a second; waking much later
        than that on the awake clock means nothing ran since the last wake-up, the last moment
        the walk is known to have gone on, so the walker never loses a phase's time to a stop.
        A suspended machine is different: the awake clock stops with it, so a suspend is
        walked time, as real time says."""
        promised, self._promised = self._promised, None
        if promised is None or self._awake is None or self._session.status is not Status.RUNNING:
            return
        clock_then, awake_then, wakeup = promised
        late = (self._awake() - awake_then) - (wakeup - clock_then)
        if late > HELD_AFTER_SECONDS:
            self._session.hold(since=clock_then)

    def pause(self) -> None:
        self._notice_a_hold()
        self._session.pause()
        self._cueing.silence(self._clock())
        self.pump()
        self._tell_companion(changed=True)

    def resume(self) -> None:
        self._notice_a_hold()
        self._session.resume()
        self._rejoin()
        self.pump()
        self._tell_companion(changed=True)

    def toggle_pause(self) -> None:
        if self._session.status is Status.PAUSED:
            self.resume()
        else:
            self.pause()

    def skip(self) -> None:
        self._notice_a_hold()
        self._cueing.silence(self._clock())  # the change's own cue follows at once
        self._session.skip()
        self.pump()

    def back(self) -> None:
        self._notice_a_hold()
        self._cueing.silence(self._clock())
        self._session.back()
        self.pump()

    def stop(self, reason: StopReason = "user") -> None:
        """End the walk early: what was due before is shown and sounded first, then the stop
        reaches the front end as an event like any other change."""
        self._notice_a_hold()
        self._session.stop(reason)
        self.pump()

    def toggle_mute(self) -> None:
        self._player.muted = not self._player.muted
        if self._player.muted:
            self._cueing.silence(self._clock())
        else:
            self._rejoin()

    def set_volume(self, volume: int) -> None:
        """The cues from now on at `volume`; the clicks under way too, from the next one."""
        self._player.set_volume(volume)
        if self._cueing.clicks_in(self._session.state().phase):
            self._rejoin()

    def toggle_metronome(self) -> None:
        """Clicks off, or on again in phase with the interval under way."""
        self._cueing.metronome = not self._cueing.metronome
        self._rejoin()

    def hush(self) -> None:
        """Silence what is sounding: the program is about to be stopped (Ctrl-Z)."""
        self._cueing.silence(self._clock())

    def sound_again(self) -> None:
        """Sound what the walk sounds now (the clicks of an interval, in phase): the program
        went on after a stop."""
        self._rejoin()

    def _rejoin(self) -> None:
        now = self._clock()
        self._cueing.rejoin(self._session.state(now), now)

    def _tell_companion(self, events: Sequence[Event] = (), *, changed: bool = False) -> None:
        """The companion hears of a new phase, a pause, going on, and the end (once)."""
        companion = self._companion  # read once: a save on another thread may end it
        if companion is None:
            return
        if self.started and not self.active:
            self._end_companion()
        elif changed or any(isinstance(e, PhaseStarted | Held) for e in events):
            companion.changed(self.view())

    def _end_companion(self) -> None:
        companion, self._companion = self._companion, None
        if companion is not None:
            companion.end()

    # --- reads: none of them changes the walk ---------------------------------------------

    @property
    def clock(self) -> Clock:
        """The walk's own clock, for front ends that wait until `next_wakeup()`."""
        return self._clock

    @property
    def started(self) -> bool:
        return self._session.status is not Status.READY

    @property
    def active(self) -> bool:
        return self._session.active

    def view(self) -> WalkView:
        player = self._player
        return WalkView(
            plan=self.plan,
            state=self._session.state(),
            sound=Sound(
                player.name,
                player.muted,
                player.volume,
                metronome=self._cueing.metronome,
                clicks=player.streams,
            ),
            answers=self.answers,
            now=self._clock(),
            wall=self._wall(),
        )

    def next_wakeup(self) -> float | None:
        """When `pump()` next has work: the next event, the next checkpoint or, while the walk
        runs, the countdown's next whole second (so a front end wakes at least once a second,
        and a stopped program is noticed to within a second)."""
        deadline = self._session.next_deadline()
        if not self.active:
            return deadline
        times = [self._last_checkpoint + CHECKPOINT_EVERY]
        if deadline is not None:
            now = self._clock()
            times += [deadline, now + next_countdown_change(self._session.state(now).remaining)]
        if (early := self._cueing.next_start(self._session.upcoming())) is not None:
            times.append(early)
        return min(times)

    def summary(self) -> Summary:
        return self._summarize(status=None)

    # --- the record -----------------------------------------------------------------------

    def save(self) -> Saved:
        """Write the summary once; on failure keep it in hand so it can be shown, never lost.

        Safe from any thread and idempotent: a save on closing while the end screen's save
        is under way waits for it and returns its outcome."""
        self._end_companion()
        with self._save_lock:
            if self._saved is None:
                self._saved = self._write()
            return self._saved

    def discard(self) -> Path | None:
        """Keep the walk out of history: its summary goes straight into the trash folder
        (under the file name it would have had; moved there if it was saved already), its
        checkpoint is removed, and `save()` does nothing from now on. Returns where it went.

        None if the trash cannot take it: then the walk is not discarded, and not lost, and
        `on_problem` is told so in one line. A saved walk stays saved; one not saved yet is
        kept whole in its checkpoint for the next command to save, and `save()` saves it."""
        self._end_companion()
        with self._save_lock:
            saved = self._saved
            if saved is not None and saved.discarded:
                return saved.path
            if saved is not None and saved.path is not None:
                return self._trash_saved(saved)
            return self._trash_unsaved()

    def _trash_saved(self, saved: Saved) -> Path | None:
        try:
            path = trash_summary(self._sessions_dir, self._trash_dir, saved.summary.id)
        except WalktimerError as exc:
            why = "; ".join(exc.problems)
            self._on_problem(f"{why}; the walk was not discarded and stays in your history")
            return None
        self._saved = Saved(saved.summary, path=path, discarded=True)
        return path

    def _trash_unsaved(self) -> Path | None:
        """The walk's summary written into the trash; a summary whose save failed (kept in
        its checkpoint already, or shown) is written there too."""
        summary = self.summary() if self._saved is None else self._saved.summary
        if self._checkpoints is not None:
            self._checkpoints.close()  # no checkpoint written after this one
        try:
            path, summary = write_summary(summary, self._trash_dir)
        except OSError as exc:
            problem = (
                f"cannot put the walk in the trash {path_text(self._trash_dir)}: "
                f"{exc.strerror or exc}; it was not discarded"
            )
            if self._checkpoints is not None and self._saved is None:
                kept = self._checkpoints.keep(Checkpoint(pid=os.getpid(), summary=summary))
                problem = f"{problem}: {kept}"
            self._on_problem(problem)
            return None
        if self._checkpoints is not None:
            self._checkpoints.discard(self._summary_id)
        self._saved = Saved(summary, path=path, discarded=True)
        return path

    def _write(self) -> Saved:
        summary = self.summary()
        if self._checkpoints is not None:
            self._checkpoints.close()  # the last checkpoint is on disk before the summary
        try:
            path, summary = write_summary(summary, self._sessions_dir)
        except OSError as exc:
            error = f"cannot save to {self._sessions_dir}: {exc}"
            if self._checkpoints is not None:  # the whole record, for the next command to save
                kept = self._checkpoints.keep(Checkpoint(pid=os.getpid(), summary=summary))
                error = f"{error}; {kept}"
            return Saved(summary, error=error)
        if self._checkpoints is not None:
            self._checkpoints.clear()
        return Saved(summary, path=path)

    def _checkpoint(self) -> None:
        self._last_checkpoint = self._clock()
        if self._checkpoints is None:
            return
        # A walk still under way is recorded as "interrupted": that is what it is if the
        # process dies now. An ended walk keeps its status while the last questions are asked.
        status: SummaryStatus | None = "interrupted" if self.active else None
        summary = self._summarize(status=status)
        self._checkpoints.put(Checkpoint(pid=os.getpid(), summary=summary))

    def _summarize(self, *, status: SummaryStatus | None) -> Summary:
        answers = self.answers
        return summarize(
            self._session,
            summary_id=self._summary_id,
            started_at=self._started_at,
            status=status,
            pain_before=answers.pain_before,
            pain_after=answers.pain_after,
            effort=answers.effort,
            notes=answers.notes,
        )

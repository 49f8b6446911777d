"""What the walker hears of a walk, and when: the stream to play for each moment.

The walk hands over its events as they happen, and what is still to come in the phase; this
decides what is played:

- each change and countdown second has its cue; in an interval with a cadence (and the
  metronome on, on a player that can sound it, the walk running) the cue's stream goes on with
  the clicks of the interval and its countdown pips, so no timer ever places a click. A very
  long interval is played in parts of a few minutes, each ending half-way between two steps;
- with a lead-in, a stream starts that long before its moment, so a headset that wakes slowly
  is awake for the tone, which stays on time. It never starts before the sound of the stream
  before has ended (its lead-in is shorter then: a device that has just played is awake), and
  a moment that comes while a sound started in its lead-in is still going waits for its end.
  A change the walker makes (skip, back) cannot be known early: it cuts what is sounding, and
  its tone comes a lead-in late;
- the phase's words are said after its tone, and the clicks rest while they are said;
- pause, stop and mute silence at once; resuming, unmuting, a new volume and the metronome
  turned on start the clicks again on the interval's own grid, in phase with the time walked,
  still resting for the words.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import assert_never

from walktimer.audio.cues import Cue, cue_for_event
from walktimer.audio.names import Announcement
from walktimer.audio.player import Player
from walktimer.audio.streams import Stream
from walktimer.audio.voice import speaking_seconds
from walktimer.domain.plan import Phase, Plan
from walktimer.domain.session import (
    COUNTDOWN_SECONDS,
    Countdown,
    Event,
    Finished,
    Held,
    PhaseStarted,
    State,
    Status,
    Stopped,
)

STALE_CUE_SECONDS = 1.0  # a cue this late (the process was suspended) is not worth sounding
PART_SECONDS = 300.0  # an interval's clicks are played in parts of about this long
Moment = Countdown | PhaseStarted | Finished  # an event with a sound of its own


@dataclass(frozen=True, slots=True)
class Clicking:
    """The interval whose clicks are sounding: its phase, its cue and words as they were
    placed on its time line, and where its time 0 lies on the walk's clock."""

    index: int
    phase: Phase
    step: float
    cue: Cue | None  # None: picked up where its cue was not heard
    cue_at: float
    quiet: tuple[float, float] | None
    zero: float = 0.0


class Cueing:
    def __init__(
        self,
        plan: Plan,
        player: Player,
        *,
        lead_in: float = 0.0,
        announce: Collection[Announcement] = (),
        metronome: bool = True,
    ) -> None:
        self.plan = plan
        self.player = player
        self.lead_in = lead_in
        self.announce = tuple(announce)
        self.metronome = metronome
        """On: intervals with a cadence click (`k` turns it off and on)."""
        self._early: float | None = None  # the moment whose stream was started before it
        self._waiting: Moment | None = None  # a moment come while a sound was still going
        self._sounding_since = -math.inf  # when the last stream was started
        self._sounding_until = -math.inf  # and when its sound ends
        self._clicking: Clicking | None = None
        self._next_part: float | None = None  # the phase time the clicks go on from

    def clicks_in(self, phase: Phase | None) -> bool:
        """Whether `phase` clicks here and now, if the walk runs (the caller knows whether it
        does): a cadence, the metronome on, a player that sounds samples, not muted."""
        return (
            phase is not None
            and phase.cadence is not None
            and self.metronome
            and self.player.streams
            and not self.player.muted
        )

    def sound(self, events: Sequence[Event], state: State, now: float) -> None:
        """Sound what `events` call for, in order (a later change cuts an earlier one short)."""
        running = state.status is Status.RUNNING
        for event in events:
            match event:
                case Stopped():
                    self.silence(now)
                case Held():  # the stream stood still with the program: pick up the grid
                    self.rejoin(state, now)
                case Countdown(index=index) if self._clicks_of(index):
                    pass  # in the interval's stream already
                case Countdown() | Finished():
                    self._at_moment(event, now, running)
                case PhaseStarted():
                    if not self._at_moment(event, now, running):  # too late for its cue
                        self.rejoin(state, now)
                case _:
                    assert_never(event)

    def ahead(self, upcoming: Sequence[Event], now: float) -> None:
        """What is due before the next moment: a moment that waited for the sound before it,
        the next part of a long interval's clicks, or (with a lead-in) the next moment's
        stream, once its lead-in has begun."""
        start = self.next_start(upcoming)
        if start is None or now < start:
            return
        if (waiting := self._waiting) is not None:
            self._waiting = None
            late = now - waiting.at  # no lead-in: the device has just played
            if late <= STALE_CUE_SECONDS:
                self._play(waiting, start=late, cue_at=late, now=now, running=True)
            return
        if self._next_part is not None and self._clicking is not None:
            clicking, walked = self._clicking, now - self._clicking.zero
            stream = replace(self._clicks_stream(clicking, walked, walked), cue=None)
            self._clicks(clicking, stream, now)
            return
        event = self._next_moment(upcoming)
        assert event is not None  # there is a start only for a moment to come
        self._play(event, start=now - event.at, cue_at=0.0, now=now, running=True)
        self._early = event.at

    def next_start(self, upcoming: Sequence[Event]) -> float | None:
        """When `ahead()` has a stream to start; None when nothing is due before the next
        moment. A moment waiting for the sound before it is due when that ends."""
        if self._waiting is not None:
            return self._sounding_until
        if self._next_part is not None and self._clicking is not None:
            return self._clicking.zero + self._next_part
        if not self._leads_in():
            return None
        event = self._next_moment(upcoming)
        if event is None or event.at == self._early:
            return None
        return max(event.at - self.lead_in, self._sounding_until)

    def silence(self, now: float) -> None:
        self.player.stop()
        self._clicking = self._early = self._waiting = self._next_part = None
        self._sounding_until = now

    def rejoin(self, state: State, now: float) -> None:
        """The clicks of the interval under way again, on its grid, from now on (after the
        lead-in), resting while its words are said; silence if it has none to sound."""
        phase = state.phase
        if state.status is not Status.RUNNING or not self.clicks_in(phase):
            if self._clicking is not None:
                self.silence(now)
            return
        assert phase is not None
        clicking = self._clicking
        if clicking is None or clicking.index != state.index:  # its cue and words were not heard
            clicking = self._clicking_for(state.index, phase, Stream(start=0.0), None)
        walked = state.elapsed
        clicking = replace(clicking, zero=now - walked)
        self._early = self._waiting = None
        self._clicks(clicking, self._clicks_stream(clicking, walked, walked + self.lead_in), now)

    def _at_moment(self, event: Moment, now: float, running: bool) -> bool:
        """Sound the moment's stream (unless it is sounding already, or waits for the sound
        before it to end); False if it is too late for its cue."""
        if event.at == self._early:  # started before its moment, and sounding
            self._early = None
            return True
        late = now - event.at
        if late > STALE_CUE_SECONDS:
            return False
        lead_in_begun = self._sounding_since >= event.at - self.lead_in
        if lead_in_begun and self._sounding_since < event.at and now < self._sounding_until:
            self._waiting = event  # never over a sound begun in its lead-in: after it (`ahead`)
            return True
        # Still playing, the device is awake; muted or on the bell nothing is heard early, and
        # the cue is given at its moment (a vibration is felt when it is given).
        lead_in = self.lead_in if self._leads_in() and now >= self._sounding_until else 0.0
        self._play(event, start=late, cue_at=late + lead_in, now=now, running=running)
        return True

    def _play(
        self, event: Moment, *, start: float, cue_at: float, now: float, running: bool
    ) -> None:
        """Play `event`'s stream, its times counted from the event's moment; a change into an
        interval with a cadence goes on with its clicks while the walk runs."""
        found = cue_for_event(event, self.plan, self.announce)
        assert found is not None  # every moment has its cue
        cue, words = found
        stream = Stream(start=start, cue=cue, cue_at=cue_at)
        self._clicking = self._next_part = None
        if isinstance(event, PhaseStarted) and running and self.clicks_in(event.phase):
            clicking = replace(
                self._clicking_for(event.index, event.phase, stream, words), zero=now - start
            )
            self._clicks(clicking, self._clicks_stream(clicking, start, cue_at), now, words)
            return
        self._sounding(now, self.player.play(stream, words))

    def _clicking_for(
        self, index: int, phase: Phase, stream: Stream, words: str | None
    ) -> Clicking:
        """The interval's clicking, with its cue where `stream` has it and the span of its
        words; without words (clicks picked up where the cue was not heard), no rest."""
        assert phase.cadence is not None
        quiet = None
        if stream.cue is not None and words and self.player.speaks:
            tone_end = stream.cue_at + self.player.cue_seconds(stream.cue)
            quiet = (tone_end, tone_end + speaking_seconds(words))
        step = 60 / phase.cadence
        return Clicking(index, phase, step, stream.cue, stream.cue_at, quiet)

    def _clicks_stream(self, clicking: Clicking, start: float, clicks_from: float) -> Stream:
        """The interval's stream from phase time `start`: its cue (what is left of it), the
        clicks from `clicks_from` up to the end of this part, and the pips in it."""
        end = clicking.phase.seconds - self.lead_in
        step = clicking.step
        # A part that does not reach the end stops half-way between two steps: the next one
        # starts there, a timer's slack before the next click.
        part_end = (math.floor((start + PART_SECONDS) / step) + 0.5) * step
        last = part_end >= end
        until = end if last else part_end
        pips = tuple(at for at in _pips(clicking.phase) if at > start and (last or at < until))
        return Stream(
            start=start,
            cue=clicking.cue,
            cue_at=clicking.cue_at,
            step=step,
            clicks_from=clicks_from,
            until=until,
            pips=pips,
            quiet=clicking.quiet,
        )

    def _clicks(
        self, clicking: Clicking, stream: Stream, now: float, words: str | None = None
    ) -> None:
        self._clicking = clicking
        last = stream.until >= clicking.phase.seconds - self.lead_in
        self._next_part = None if last else stream.until
        self._sounding(now, self.player.play(stream, words))

    def _leads_in(self) -> bool:
        """Whether sounds start early: a lead-in, on a player that sounds samples, not muted."""
        return self.lead_in > 0 and self.player.streams and not self.player.muted

    def _clicks_of(self, index: int) -> bool:
        return self._clicking is not None and self._clicking.index == index

    def _sounding(self, now: float, seconds: float) -> None:
        self._sounding_since, self._sounding_until = now, now + seconds

    def _next_moment(self, upcoming: Sequence[Event]) -> Moment | None:
        """The next event with a sound of its own (pips in a clicking stream have none)."""
        for event in upcoming:
            match event:
                case Countdown(index=index) if self._clicks_of(index):
                    continue
                case Countdown() | PhaseStarted() | Finished():
                    return event
                case Held() | Stopped():
                    continue
                case _:
                    assert_never(event)
        return None


def _pips(phase: Phase) -> tuple[float, ...]:
    """The phase times of an interval's countdown pips, as the session counts them down."""
    return tuple(phase.seconds - s for s in COUNTDOWN_SECONDS if s < phase.seconds)

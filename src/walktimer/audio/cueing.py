"""What the walker hears of a walk, and when: the stream to play for each moment.

The walk hands over its events as they happen, and what is still to come in the phase; this
decides what is played:

- each change and countdown second has its cue; in an interval with a cadence (and the
  metronome on, on a player that can sound it) the cue's stream goes on with the clicks of the
  whole interval and its countdown pips, so no timer ever places a click;
- with a lead-in, a stream starts that long before its moment, so a headset that wakes slowly
  is awake for the tone, which stays on time. It never starts before the sound of the stream
  before has ended (its lead-in is shorter then: a device that has just played is awake); a
  moment that comes while a sound is still going waits for its end. A change the walker makes
  (skip, back) cannot be known early: it cuts what is sounding, and its tone comes a lead-in
  late;
- pause, stop and mute silence at once; resuming, unmuting, a new volume and the metronome
  turned on start the clicks again on the interval's own grid, in phase with the time walked.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from typing import assert_never

from walktimer.audio.cues import cue_for_event
from walktimer.audio.names import Announcement
from walktimer.audio.player import Player
from walktimer.audio.streams import Stream
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
Moment = Countdown | PhaseStarted | Finished  # an event with a sound of its own


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
        self._clicking: int | None = None  # the phase whose clicks and pips are sounding

    def clicks_in(self, phase: Phase | None) -> bool:
        """Whether `phase` clicks here and now."""
        return (
            phase is not None
            and phase.cadence is not None
            and self.metronome
            and self.player.streams
            and not self.player.muted
        )

    def sound(self, events: Sequence[Event], state: State, now: float) -> None:
        """Sound what `events` call for, in order (a later change cuts an earlier one short)."""
        for event in events:
            match event:
                case Stopped():
                    self.silence(now)
                case Held():  # the stream stood still with the program: pick up the grid
                    self.rejoin(state, now)
                case Countdown(index=index) if index == self._clicking:
                    pass  # in the interval's stream already
                case Countdown() | Finished():
                    self._at_moment(event, now)
                case PhaseStarted():
                    if not self._at_moment(event, now):  # too late for its cue: clicks only
                        self.rejoin(state, now)
                case _:
                    assert_never(event)

    def ahead(self, upcoming: Sequence[Event], now: float) -> None:
        """Sound a moment that waited for the sound before it, once that has ended; with a
        lead-in, start the next moment's stream once its lead-in has begun."""
        start = self.next_start(upcoming)
        if start is None or now < start:
            return
        if (waiting := self._waiting) is not None:
            self._waiting = None
            late = now - waiting.at  # no lead-in: the device has just played
            if late <= STALE_CUE_SECONDS:
                self._play(waiting, start=late, cue_at=late, now=now)
            return
        event = self._next_moment(upcoming)
        assert event is not None  # there is a start only for a moment to come
        self._play(event, start=now - event.at, cue_at=0.0, now=now)
        self._early = event.at

    def next_start(self, upcoming: Sequence[Event]) -> float | None:
        """When `ahead()` has a stream to start: the next moment's lead-in, never before the
        sound now playing has ended; None without a lead-in, or with nothing to come. A
        moment waiting for the sound before it is due when that ends."""
        if self._waiting is not None:
            return self._sounding_until
        if self.lead_in <= 0 or self.player.muted or not self.player.streams:
            return None
        event = self._next_moment(upcoming)
        if event is None or event.at == self._early:
            return None
        return max(event.at - self.lead_in, self._sounding_until)

    def silence(self, now: float) -> None:
        self.player.stop()
        self._clicking = self._early = self._waiting = None
        self._sounding_until = now

    def rejoin(self, state: State, now: float) -> None:
        """The clicks of the interval under way again, on its grid, from now on (after the
        lead-in); silence if it has none to sound."""
        phase = state.phase
        if state.status is not Status.RUNNING or not self.clicks_in(phase):
            if self._clicking is not None:
                self.silence(now)
            return
        assert phase is not None and phase.cadence is not None
        walked = state.elapsed
        stream = Stream(
            start=walked,
            step=60 / phase.cadence,
            clicks_from=walked + self.lead_in,
            until=phase.seconds - self.lead_in,
            pips=tuple(at for at in _pips(phase) if at > walked),
        )
        self._early = self._waiting = None
        self._clicking = state.index
        self._sounding(now, self.player.play(stream))

    def _at_moment(self, event: Moment, now: float) -> bool:
        """Sound the moment's stream (unless it is sounding already, or waits for the sound
        before it to end); False if it is too late for its cue."""
        if event.at == self._early:  # started before its moment, and sounding
            self._early = None
            return True
        late = now - event.at
        if late > STALE_CUE_SECONDS:
            return False
        if self._sounding_since < event.at and now < self._sounding_until:
            self._waiting = event  # never over a sound begun before it: after it (`ahead`)
            return True
        self._play(event, start=late, cue_at=late + self.lead_in, now=now)
        return True

    def _play(self, event: Moment, *, start: float, cue_at: float, now: float) -> None:
        """Play `event`'s stream, its times counted from the event's moment."""
        found = cue_for_event(event, self.plan, self.announce)
        assert found is not None  # every moment has its cue
        cue, words = found
        stream = Stream(start=start, cue=cue, cue_at=cue_at)
        if isinstance(event, PhaseStarted):
            self._clicking = None
            if self.clicks_in(event.phase):
                stream = self._with_clicks(stream, event.phase)
                self._clicking = event.index
        self._sounding(now, self.player.play(stream, words))

    def _sounding(self, now: float, seconds: float) -> None:
        self._sounding_since, self._sounding_until = now, now + seconds

    def _with_clicks(self, stream: Stream, phase: Phase) -> Stream:
        assert phase.cadence is not None
        return Stream(
            start=stream.start,
            cue=stream.cue,
            cue_at=stream.cue_at,
            step=60 / phase.cadence,
            clicks_from=stream.cue_at,
            until=phase.seconds - self.lead_in,
            pips=_pips(phase),
        )

    def _next_moment(self, upcoming: Sequence[Event]) -> Moment | None:
        """The next event with a sound of its own (pips in a clicking stream have none)."""
        for event in upcoming:
            match event:
                case Countdown(index=index) if index == self._clicking:
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

"""Cues felt as well as heard: a phone's vibration patterns, through Termux:API.

On a treadmill or by a busy road a cue may go unheard; a phone in a pocket can still be felt.
Each cue has a pattern of pulses that tells it apart without looking, as its sound does: fast
is two short pulses, slow one long one, every other change one of middle length, the end of the
walk three; each pulse is followed by a rest as long as itself. The countdown before a change
is a short tap a second; the metronome is never felt (a buzz at every step would numb).

A pulse is one `termux-vibrate -f -d MS`, which asks Android to vibrate and returns: the
pulses are started at their times by a thread of their own (`Later`), each a `Child` that is
reaped later, never waited for, so a slow one never delays the next. One still running after
`HUNG_SECONDS` is ended and the phone is not asked again: the Termux:API app is not answering.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from walktimer.audio.cues import Cue
from walktimer.audio.later import Later
from walktimer.audio.names import under_termux
from walktimer.audio.processes import GRACE_SECONDS, REAP_SECONDS, Child, end_soon, join_all
from walktimer.audio.streams import EPSILON, Stream

VIBRATE = "termux-vibrate"
# Each cue's pulses, in milliseconds.
PULSES: dict[Cue, tuple[int, ...]] = {
    Cue.WARMUP: (300,),
    Cue.FAST: (150, 150),
    Cue.SLOW: (600,),
    Cue.COOLDOWN: (300,),
    Cue.STEP: (300,),
    Cue.SWITCH_SIDES: (300,),
    Cue.COUNTDOWN: (60,),
    Cue.DONE: (300, 300, 300),
    Cue.CLICK: (),
}
# A pulse's command still running after this: the phone does not answer (its first request may
# take a few seconds while Android starts the Termux:API app).
HUNG_SECONDS = 5.0
FINISH_SECONDS = 1.0  # on closing, how long the last pulses' commands may take to return
# The longest pattern, felt to its end when the player closes (the end of the walk), and a margin.
CLOSE_SECONDS = max(2 * sum(pulses) for pulses in PULSES.values()) / 1000 + 0.5


class HapticsError(Exception):
    """The phone cannot vibrate for cues: no more pulses are started."""


def pulses(cue: Cue) -> list[tuple[float, int]]:
    """Each pulse of `cue`: when it starts, in seconds from the cue's moment, and its length
    in milliseconds. A pulse starts once the rest after the one before has ended."""
    found, at = [], 0
    for ms in PULSES[cue]:
        found.append((at / 1000, ms))
        at += 2 * ms
    return found


def open_haptics(notify: Callable[[str], None]) -> Haptics | None:
    """Vibration for cues where `termux-vibrate` is installed. Under Termux, where the walker
    expects it, its absence is told (once, now); elsewhere there is nothing to say."""
    path = shutil.which(VIBRATE)
    if path is not None:
        return Haptics([path])
    if under_termux():
        notify(f"haptics: {VIBRATE} not found: install Termux:API")
    return None


class Haptics:
    """Feels the cues of the streams the player plays, on time, without holding it up."""

    def __init__(self, command: Sequence[str]) -> None:
        """`command`: the vibrate program's command line, without its options."""
        self._command = list(command)
        self._program = Path(self._command[0]).name
        self._later: Later[int] = Later(self._pulse, name="walktimer-haptics")
        self._lock = threading.Lock()
        self._children: list[tuple[float, Child]] = []  # (when started, the pulse's command)
        self._ending: list[threading.Thread] = []
        self._off = False

    def feel(self, stream: Stream) -> None:
        """The cue of `stream` at its moment and its countdown pips at theirs, counted from
        now (so a lead-in keeps them on time); the pulses still due of the stream before are
        dropped, and a pulse whose moment has passed (a stream begun again mid-phase) is not
        felt again."""
        if self._off:
            return
        due = []
        if stream.cue is not None:
            due += [(stream.cue_at - stream.start + at, ms) for at, ms in pulses(stream.cue)]
        pip = pulses(Cue.COUNTDOWN)
        due += [(moment - stream.start + at, ms) for moment in stream.pips for at, ms in pip]
        now = time.monotonic()
        self._later.schedule((now + at, ms) for at, ms in due if at >= -EPSILON)

    def stop(self) -> None:
        """No more pulses of what was played (a pulse under way ends by itself, soon)."""
        self._later.schedule(())

    def wait(self, timeout: float = CLOSE_SECONDS) -> None:
        """Until the pulses due have been started, at most `timeout` seconds."""
        self._later.wait(timeout)

    def take_problem(self) -> str | None:
        """Why the phone stopped vibrating for cues, once."""
        problem = self._later.take_problem()
        return None if problem is None else str(problem)

    def close(self, timeout: float = CLOSE_SECONDS) -> None:
        """The last pattern is felt (within `timeout`), then nothing more; every pulse's
        command has ended, or been ended, when this returns."""
        self._later.close(timeout)
        self._off = True
        with self._lock:
            children, self._children = self._children, []
        deadline = time.monotonic() + FINISH_SECONDS
        for _, child in children:  # the last pulses' requests are let through, if they are quick
            if child.wait(max(0.0, deadline - time.monotonic())) is not None:
                child.close()
            elif (ending := end_soon(child)) is not None:
                self._ending.append(ending)
        join_all(self._ending, GRACE_SECONDS + REAP_SECONDS)

    def _pulse(self, ms: int) -> None:
        """Start one pulse, on the pulses' thread; first let go of those done."""
        if self._off:
            return
        self._reap()
        try:
            child = Child([*self._command, "-f", "-d", str(ms)])
        except OSError as exc:
            self._off = True
            raise HapticsError(f"{self._program} cannot start: {exc.strerror or exc}") from None
        with self._lock:
            self._children.append((time.monotonic(), child))

    def _reap(self) -> None:
        """Close the pulses' commands that have ended; end one that hangs, and stop there."""
        now = time.monotonic()
        with self._lock:
            children, self._children = self._children, []
        running, hung = [], False
        for started, child in children:
            if child.exited():
                child.close()
            elif now - started > HUNG_SECONDS:
                hung = True
                if (ending := end_soon(child)) is not None:
                    self._ending.append(ending)
            else:
                running.append((started, child))
        self._ending = [thread for thread in self._ending if thread.is_alive()]
        with self._lock:
            self._children = running + self._children
        if hung:
            self._off = True
            raise HapticsError(f"{self._program} did not finish within {HUNG_SECONDS:g} s")

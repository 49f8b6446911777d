"""Plain mode: the walk as lines of text, for screen readers, SSH and pipes.

Standard output carries exactly one line per phase start (`MM:SS KIND name (duration)`) and a
last `MM:SS DONE`, each flushed at once. Tips, key feedback, the checklist, the questions and
the recap of the walk (`domain/recap.py`, as the app's end screen shows it) go to standard
error, so a script reading standard output sees only the timeline.

Everything plain mode waits on is handed in: the keys (a terminal, or none), the answers (a
text stream), the wait between wake-ups, and the walk's own clock. Tests walk a whole walk
with a fake clock and scripted keys; the command line hands in the real terminal and sleep.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import termios
import threading
import time
import tty
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from types import FrameType
from typing import Any, Protocol, TextIO, assert_never

from walktimer.audio.names import no_clicks_words
from walktimer.control import Listen, status_of
from walktimer.domain.actions import Action
from walktimer.domain.cadence import cadence_text
from walktimer.domain.plan import Plan
from walktimer.domain.questions import (
    CHECKLIST,
    CHECKLIST_TITLE,
    END_QUESTIONS,
    PAIN_BEFORE,
    Question,
    parse_rating,
)
from walktimer.domain.recap import recap
from walktimer.domain.session import (
    Countdown,
    Event,
    Finished,
    Held,
    PhaseStarted,
    State,
    Status,
    Stopped,
    shown_seconds,
)
from walktimer.domain.words import (
    PAIN_NOTE,
    RISE_NOTE,
    duration_text,
    held_text,
    safe_text,
    toml_shown,
)
from walktimer.walk import WalkRun

Wait = Callable[[float], None]
SignalHandler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None
IDLE_WAKE_SECONDS = 1.0  # while paused with no keys to wait on: how often to look again
EARLY_SECONDS = 0.05  # the most a wait on a file is cut short (see `_woken_early`)
KEYS_HELP = (
    "Keys: space pause/resume, n skip, b back, m mute, t time left, p stop because of pain, q stop"
)
METRONOME_KEY = ", k metronome"
CLOSING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Terminated(BaseException):
    """SIGTERM or SIGHUP, or the terminal gone: save the walk at once and leave. Not an
    Exception, so that nothing on the way (an action from afar) mistakes it for a failure."""


class KeySource(Protocol):
    def raw(self) -> AbstractContextManager[object]:
        """Single key presses, without waiting for Enter, for as long as the context lasts."""

    def read(self, timeout: float | None, wake: int | None = None) -> str | None:
        """The next key pressed within `timeout` seconds (None: wait as long as it takes), or
        None as soon as the file descriptor `wake` is readable."""


class Keys:
    """Single key presses from a terminal, without waiting for Enter.

    The terminal is the walker's, and it may change under the walk. Ctrl-Z stops the walk and
    the shell takes the terminal back in line mode; `fg` hands it over as the shell left it, so
    single keys are set again on SIGCONT (and line mode given back before stopping, so the shell
    works meanwhile). A closed terminal (a hang-up) cannot have its mode set at all: that, and
    reading the end of it, never stops the walk from being saved.
    """

    def __init__(self, stream: TextIO) -> None:
        self._fd = stream.fileno()
        self._typed: deque[str] = deque()  # keys read together, handed out one at a time
        self._cooked: list[Any] | None = None
        self._continued: SignalHandler = None  # whoever handled SIGCONT before: told too
        self.before_stop: Callable[[], None] | None = None
        """Called on Ctrl-Z before the program stops: the sound is silenced, since a player
        runs apart from the terminal and would go on sounding through the stop."""
        self.continued = False
        """Set on SIGCONT: the walk's sound is to be picked up again (`take_continued`)."""

    @contextlib.contextmanager
    def raw(self) -> Iterator[Keys]:
        self._cooked = termios.tcgetattr(self._fd)
        previous: dict[int, SignalHandler] = {}
        if threading.current_thread() is threading.main_thread():
            previous[signal.SIGTSTP] = signal.signal(signal.SIGTSTP, self._suspend)
            previous[signal.SIGCONT] = signal.signal(signal.SIGCONT, self._resume)
            self._continued = previous[signal.SIGCONT]
        self._single_keys()
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self._line_mode()

    def read(self, timeout: float | None, wake: int | None = None) -> str | None:
        """Keys pressed in quick succession (n n to skip two phases) arrive together: each is
        a key. An escape sequence (an arrow, a function key) is none of walktimer's keys, so
        what follows an ESC in one read is dropped, never taken for letters."""
        if not self._typed:
            watched = [self._fd] if wake is None else [self._fd, wake]
            ready, _, _ = select.select(watched, [], [], timeout)
            if self._fd not in ready:
                return None
            data = os.read(self._fd, 64)
            if not data:  # a terminal in single-key mode reads as ended only once it is gone
                raise Terminated("the terminal closed")
            self._typed.extend(data.decode("utf-8", "replace").split("\x1b", 1)[0])
        return self._typed.popleft() if self._typed else None

    def _single_keys(self) -> None:
        # Only in the foreground: set from the background (after `bg`), the terminal would stop
        # the walk (SIGTTOU) for trying. TCSANOW: keys typed ahead are kept, and no wait for
        # output to drain.
        with contextlib.suppress(OSError, termios.error):
            if os.tcgetpgrp(self._fd) == os.getpgrp():
                tty.setcbreak(self._fd, termios.TCSANOW)

    def _line_mode(self) -> None:
        if self._cooked is None:
            return
        with contextlib.suppress(OSError, termios.error):  # a closed terminal: nothing to restore
            termios.tcsetattr(self._fd, termios.TCSANOW, self._cooked)

    def take_continued(self) -> bool:
        """Whether the program went on after a stop since the last look."""
        continued, self.continued = self.continued, False
        return continued

    def _suspend(self, signum: int, frame: FrameType | None) -> None:
        """Ctrl-Z: silence, line mode back for the shell, then stop as the default action
        would."""
        if self.before_stop is not None:
            self.before_stop()
        self._line_mode()
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stopped here until SIGCONT
        signal.signal(signal.SIGTSTP, self._suspend)
        self._single_keys()

    def _resume(self, signum: int, frame: FrameType | None) -> None:
        self.continued = True
        self._single_keys()
        if callable(self._continued):
            self._continued(signum, frame)


@dataclass(frozen=True)
class Terminal:
    """Where plain mode reads and writes: the timeline, the rest, the answers, the keys."""

    out: TextIO
    err: TextIO
    answers: TextIO
    keys: KeySource | None = None
    wait: Wait = time.sleep

    def tell(self, text: str) -> None:
        """A line on standard error; a terminal already gone (a hang-up) is no reason to fail.
        Messages carry text from files (tips, paths, errors), so controls are made visible."""
        with contextlib.suppress(OSError):
            self.err.write(safe_text(text, lines=True) + "\n")
            self.err.flush()


def run_plain(
    run: WalkRun,
    terminal: Terminal,
    *,
    prompts: bool,
    checklist: bool = False,
    listen: Listen | None = None,
) -> int:
    """Walk the plan in real time; returns the exit code (1 only if the summary was not saved).

    With `prompts`, the checklist (if `checklist`) and the pain question come first, and the
    questions after the walk (after a stop by `walktimer control`, only if the answers come
    from a terminal: a script's pipe holds no answers for a walk it stopped). However the walk
    ends, its recap is told before where it was saved. Ctrl-C, SIGTERM and SIGHUP stop the
    walk and save it at once. Only the first of them acts: from then on (and during any save)
    more of them are ignored, so the save is never cut short. `listen`: opens the walk's
    remote control for as long as it runs.
    """
    ask = _Asker(terminal) if prompts else None
    if ask:
        if checklist:
            terminal.tell(f"{CHECKLIST_TITLE}: " + "; ".join(words for _, words in CHECKLIST))
        run.answer(PAIN_BEFORE.key, ask.rating(PAIN_BEFORE))
    if run.plan.has_cadence:
        terminal.tell(metronome_text(run))
    if terminal.keys is not None:
        terminal.tell(KEYS_HELP + (METRONOME_KEY if run.plan.has_cadence else ""))
    with _Closing() as closing:
        try:
            try:
                walking = _Walking(run, terminal)
                walking.walk(listen)
                if ask and (not walking.stopped_afar or _isatty(terminal.answers)):
                    for question in END_QUESTIONS:  # each answer kept as soon as it is given
                        run.answer(question.key, ask.answer(question))
            finally:
                # However the walk ends, no signal acts after this. One that comes on the way
                # here (a hang-up just after the terminal read as closed) is caught below.
                closing.hold()
        except (KeyboardInterrupt, Terminated, OSError) as exc:
            # During the walk: stop it. During the questions: keep the answers given so far.
            # An OSError is the terminal failing under the walk (closed, a broken pipe): what
            # it could not show is no reason to lose what was walked.
            if isinstance(exc, OSError):
                terminal.tell(f"walktimer: {exc}; the walk is stopped and saved")
            if run.active:
                with contextlib.suppress(OSError):  # a stop that cannot be shown still counts
                    run.stop("user")
        saved = run.save()
    terminal.tell("")  # the recap stands apart, even after a question answered from a pipe
    for line in recap(saved.summary, run.plan.walk_name).lines():
        terminal.tell(line)
    if run.answers.pain_rose:
        terminal.tell(RISE_NOTE)
    if saved.path is not None:
        terminal.tell(f"Saved {saved.path}")
        return 0
    terminal.tell(f"walktimer: {saved.error}\nThe summary, so nothing is lost:")
    with contextlib.suppress(OSError):
        terminal.out.write(toml_shown(saved.text))
        terminal.out.flush()
    return 1


KEY_ACTIONS: dict[str, str] = {
    " ": "toggle",
    "n": "skip",
    "b": "back",
    "m": "mute",
    "t": "time",
    "k": "metronome",
    "q": "stop",
    "p": "pain",
}


class _Walking:
    """The walk under way: its keys and the actions of `walktimer control`, both carried out
    here on the walk's own thread, and the lines it shows."""

    def __init__(self, run: WalkRun, terminal: Terminal) -> None:
        self.run = run
        self.terminal = terminal
        self.stopped_afar = False
        """Stopped by `walktimer control stop`."""

    def walk(self, listen: Listen | None) -> None:
        """Until the walk ends: wait for the next wake-up (a key, or an action from afar),
        then process what is due."""
        run, terminal, keys = self.run, self.terminal, self.terminal.keys
        run.on_events = self._show
        if isinstance(keys, Keys):
            keys.before_stop = run.hush
        with keys.raw() if keys is not None else contextlib.nullcontext():
            control = None if listen is None else listen(self.perform, None)
            try:
                run.start()
                while run.active:
                    wakeup = run.next_wakeup()
                    timeout = None if wakeup is None else max(0.0, wakeup - run.clock())
                    waited = IDLE_WAKE_SECONDS if timeout is None else timeout
                    if keys is not None:
                        woken = None if control is None else control.fileno()
                        if (key := keys.read(timeout, woken)) is not None:
                            self.act(KEY_ACTIONS.get(key, ""))
                    elif control is not None:  # an action from afar ends the wait
                        select.select([control.fileno()], [], [], _woken_early(waited))
                    else:
                        terminal.wait(waited)
                    if control is not None:
                        control.take()
                    run.pump()
                    if isinstance(keys, Keys) and keys.take_continued():
                        run.sound_again()
            finally:
                if control is not None:
                    control.close()

    def perform(self, action: Action) -> dict[str, Any]:
        """An action of `walktimer control`, as its key would do it; the status after it."""
        if action == "stop":
            self.stopped_afar = self.run.active
        if action != "status":
            self.act(action)
        return status_of(self.run.view())

    def act(self, action: str) -> None:
        run, tell = self.run, self.terminal.tell
        match action:
            case "toggle" | "pause" | "resume":
                {"toggle": run.toggle_pause, "pause": run.pause, "resume": run.resume}[action]()
                paused = run.view().state.status is Status.PAUSED
                tell("Paused: space to go on" if paused else "Resumed")
            case "skip":
                run.skip()
            case "back":
                run.back()
            case "mute":
                run.toggle_mute()
                tell("Sound off" if run.view().sound.muted else "Sound on")
            case "time":
                tell(time_left_text(run.plan, run.view().state))
            case "metronome" if run.plan.has_cadence:
                run.toggle_metronome()
                tell(metronome_text(run))
            case "stop":
                run.stop("user")
            case "pain":
                run.stop("pain")

    def _show(self, events: Sequence[Event]) -> None:
        run, terminal = self.run, self.terminal
        for event in events:
            match event:
                case PhaseStarted(index=index, phase=phase):
                    # Names and tips come from preset files: shown, never obeyed by the terminal.
                    terminal.out.write(safe_text(run.plan.plain_line(index)) + "\n")
                    terminal.out.flush()
                    if phase.tip:
                        terminal.tell(f"      {safe_text(phase.tip)}")
                case Finished():
                    terminal.out.write(run.plan.done_line() + "\n")
                    terminal.out.flush()
                case Stopped(reason="pain"):
                    terminal.tell(PAIN_NOTE)
                case Stopped():
                    terminal.tell("Stopped.")
                case Held(seconds=seconds):
                    terminal.tell(held_text(seconds))
                case Countdown():
                    pass  # heard, not read: a line a second would drown the timeline
                case _:
                    assert_never(event)


def _woken_early(timeout: float) -> float:
    """A wait on a file ends up to a thousandth of its length late (the kernel's slack): waking
    a little early, and then waiting out the rest, keeps the walk's moments to the
    millisecond, as a sleep does."""
    return timeout - min(timeout / 500, EARLY_SECONDS)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


def metronome_text(run: WalkRun) -> str:
    """`Metronome: 115 steps a minute in fast intervals only`, or why it is silent."""
    sound, plan = run.view().sound, run.plan
    if not sound.clicks:
        return f"Metronome: no clicks ({no_clicks_words(sound.name)})"
    if not sound.metronome:
        return "Metronome: off (k turns it on)"
    return f"Metronome: {cadence_text(plan.fast_cadence, plan.slow_cadence)}"


def time_left_text(plan: Plan, state: State) -> str:
    """`Time left: 0:12 of Brisk walk, round 1/10; 14:30 of the walk`, as the countdown shows
    it (whole seconds, rounded up)."""
    phase = "this phase" if state.phase is None else plan.label(state.index)
    text = (
        f"Time left: {duration_text(shown_seconds(state.remaining))} of {phase}; "
        f"{duration_text(shown_seconds(state.walk_remaining))} of the walk"
    )
    return text + (" (paused)" if state.status is Status.PAUSED else "")


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP change nothing while this lasts: for the walk's way out
    after the save (closing the player, bounded), which no signal may cut short either."""
    with _Closing() as closing:
        closing.hold()
        yield


class _Closing:
    """Ctrl-C, SIGTERM and SIGHUP for as long as the walk and its save last: the first stops
    the walk (KeyboardInterrupt, Terminated); once `hold()` is called, they change nothing.

    A handler that does nothing, rather than SIG_IGN: a signal already arrived but not yet
    handled then runs it too, instead of being reported as ignored."""

    def __init__(self) -> None:
        self._held = False
        self._previous: dict[int, SignalHandler] = {}

    def __enter__(self) -> _Closing:
        if threading.current_thread() is threading.main_thread():
            self._previous = {sig: signal.signal(sig, self._arrived) for sig in CLOSING_SIGNALS}
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)

    def hold(self) -> None:
        """From now on the walk is being saved: signals are ignored until the end."""
        self._held = True

    def _arrived(self, signum: int, frame: FrameType | None) -> None:
        if self._held:
            return
        self._held = True
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Terminated(signum)


class _Asker:
    """Questions on standard error, answers as lines of text; Enter skips."""

    def __init__(self, terminal: Terminal) -> None:
        self._terminal = terminal

    def answer(self, question: Question) -> int | str | None:
        return self.rating(question) if question.rating else (self._line(question.ask) or None)

    def rating(self, question: Question) -> int | None:
        while True:
            answer = self._line(question.ask + " (Enter to skip)")
            if not answer:
                return None
            if (rating := parse_rating(answer)) is not None:
                return rating
            self._terminal.tell("Please type a whole number from 0 to 10, or just Enter.")

    def _line(self, question: str) -> str:
        err = self._terminal.err
        try:
            err.write(question + " ")
            err.flush()
            line = self._terminal.answers.readline()
        except KeyboardInterrupt:
            self._terminal.tell("")  # what follows starts on a line of its own
            raise
        return _valid_text(line).strip()


def _valid_text(text: str) -> str:
    """`text` with what was not valid UTF-8 as a replacement mark. A stream decoding with
    surrogateescape hands such bytes over as lone surrogates, which no UTF-8 file can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogateescape" if _escaped_only(text) else "replace")
        return raw.decode("utf-8", "replace")
    return text


def _escaped_only(text: str) -> bool:
    return all(not "\ud800" <= ch <= "\udfff" or "\udc80" <= ch <= "\udcff" for ch in text)

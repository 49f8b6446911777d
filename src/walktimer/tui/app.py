"""The app: home, then before the walk, the walk and its end, in that order.

`make_app` builds it for the command line and for the tests alike. The clock, the wall clock,
the player and the folders are all passed in, so a test walks a whole walk with a fake clock
and no sound, and the app never reaches for anything it was not given.

Each screen carries its own stylesheet (`CSS_PATH`, the `.tcss` file beside its module). What
they share comes from here as CSS variables: the phase colours (`$kind-warmup` ...), which a
theme may override, and the panels' borders (`$panel-border`, `$panel-border-active`), which
follow the theme's colours.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.message import Message
from textual.screen import Screen

from walktimer import control
from walktimer.audio import Player
from walktimer.config import Config
from walktimer.control import Listen
from walktimer.domain.catalog import Catalog
from walktimer.domain.plan import Plan
from walktimer.domain.session import Clock
from walktimer.domain.words import safe_text
from walktimer.tui.screens.before_walk import BeforeWalkScreen, Ready
from walktimer.tui.screens.dialogs import own_bindings
from walktimer.tui.screens.end import EndScreen
from walktimer.tui.screens.home import HomeScreen, StartWalk
from walktimer.tui.screens.walk import GET_READY_SECONDS, WalkScreen
from walktimer.walk import CompanionFactory, Saved, WalkRun, local_now

PlayerFactory = Callable[[Callable[[], None], Callable[[str], None]], Player]
"""Builds the player from the app's bell and the app's way of telling the walker something;
the player may call either from a thread of its own."""

KIND_COLOURS = {
    "kind-warmup": "#d4a72c",
    "kind-fast": "#e5534b",
    "kind-slow": "#4493f8",
    "kind-cooldown": "#a371f7",
}
# Caught for as long as the app runs, as calls on its own loop: one that comes while the walk
# is being saved on closing waits for the save to end, so no signal ever cuts the save short.
# SIGINT is among them: in the app's terminal Ctrl-C is a key, but `kill -INT` must save too.
CLOSING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# After a closing signal, the longest a clean exit may take. (A phone's wake lock is let go of
# when the walk is saved, at the signal, on the companion's own thread: long before this.)
EXIT_GRACE_SECONDS = 3.0
LAST_CUE_SECONDS = 0.4  # `walktimer run` closes this long after the walk: its end cue is rung


@dataclass
class Ring(Message):
    """The terminal bell, asked for from any thread (a player rings its patterns from a timer
    thread of its own): the app rings it on its own loop, where the terminal is written."""


@dataclass
class Told(Message):
    """A message for the walker from another thread (an audio backend reporting a fallback),
    shown on the app's own loop. Posted, never waited for: the thread may hold the player's
    lock while the loop waits for it."""

    text: str


def panel_variables(theme: Mapping[str, str]) -> dict[str, str]:
    """The borders every panel and dialog shares, in the colours of `theme` (the theme's CSS
    variables): a quiet one, and a bright one for what has the walker's attention."""
    return {
        "panel-border": f"round {theme['primary']} 50%",
        "panel-border-active": f"round {theme['accent']}",
    }


class WalktimerApp(App[None]):
    TITLE = "walktimer"

    def __init__(
        self,
        *,
        catalog: Catalog,
        config: Config,
        clock: Clock,
        awake: Clock | None,
        wall: Callable[[], datetime],
        player_factory: PlayerFactory,
        sessions_dir: Path,
        checkpoint_dir: Path | None,
        plan: Plan | None,
        prompts: bool,
        metronome: bool = True,
        control_socket: Path | None = None,
        companion: CompanionFactory | None = None,
        program_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.config = config
        self.clock = clock
        self.awake = awake
        self.wall = wall
        self.sessions_dir = sessions_dir
        self.checkpoint_dir = checkpoint_dir
        self.program_file = program_file
        """The programme being walked, if any, for home to lead with; None: no programme."""
        self.saves: list[Saved] = []
        """Every save of this run, in order; failed ones carry the summary text to print."""
        self.discarded: list[Saved] = []
        """Every walk discarded at its end, in order: in the trash (`path`), or not kept."""
        self.walk_run: WalkRun | None = None
        self.listen: Listen | None = None
        """Opens a walk's remote control (`walktimer control`) while it runs; None: none."""
        if control_socket is not None:
            self.listen = partial(control.listen, control_socket, tell=self.tell)
        self._player_factory = player_factory
        self._companion = companion
        self._player: Player | None = None
        self._player_lock = threading.Lock()
        self._plan = plan
        self._prompts = prompts
        self._metronome = metronome
        self._thread = threading.get_ident()
        self._signals: list[tuple[signal.Signals, Any]] = []

    @property
    def player(self) -> Player:
        """The player, opened at the first call, from any thread: opening probes the audio
        backends, which may take a while, so home opens it on a thread of its own. A call
        meanwhile waits for that one; there is only ever one player."""
        with self._player_lock:
            if self._player is None:
                self._player = self._player_factory(self.ring, self.tell)
            return self._player

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(KIND_COLOURS)

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        return {**variables, **panel_variables(variables)}

    def on_mount(self) -> None:
        self._thread = threading.get_ident()
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self._catch_signals()
        if self._plan is not None:
            self.begin_walk(self._plan)
        else:
            home = HomeScreen(
                self.catalog,
                self.config,
                wall=self.wall,
                player=lambda: self.player,
                sessions_dir=self.sessions_dir,
                clock=self.clock,
                program_file=self.program_file,
            )
            self.push_screen(home)

    def on_unmount(self) -> None:
        run = self.walk_run
        if run is not None and run.started and not run.active:
            # The walk is over and only its record is left: however the app closes, it is
            # saved (a save already under way is waited for, not repeated).
            self._keep(run)
        self._release_signals()
        with self._player_lock:  # a player being opened now is closed too, once it is
            if self._player is not None:
                self._player.close()

    # --- the walk, screen after screen -----------------------------------------------------

    def on_start_walk(self, message: StartWalk) -> None:
        self.begin_walk(message.plan)

    def begin_walk(self, plan: Plan) -> None:
        run = WalkRun(
            plan,
            player=self.player,
            sessions_dir=self.sessions_dir,
            checkpoint_dir=self.checkpoint_dir,
            clock=self.clock,
            awake=self.awake,
            wall=self.wall,
            on_problem=self.tell,
            audio=self.config.audio,
            metronome=self._metronome,
            companion=None if self._companion is None else self._companion(self.tell),
        )
        self.walk_run = run
        checklist = self._prompts and self.config.checklist
        if self._prompts:
            before = BeforeWalkScreen(plan, ask_pain=True, checklist=checklist)
            self.push_screen(before, partial(self._before_done, run))
        else:
            self._walk(run)

    def _before_done(self, run: WalkRun, ready: Ready | None) -> None:
        if ready is None:  # went back: nothing was walked, nothing is saved
            self.walk_run = None
            if self._plan is not None:
                self.exit()
            return
        run.answer("pain_before", ready.pain_before)
        self._walk(run)

    def _walk(self, run: WalkRun) -> None:
        """The walk screen; after the questions, a few seconds to get ready first (none with
        `--no-prompts`, whose walks start, and keep their timing, as scripts expect)."""
        get_ready = GET_READY_SECONDS if self._prompts else 0
        screen = WalkScreen(run, get_ready=get_ready, listen=self.listen)
        self.push_screen(screen, lambda _: self._walked(run))

    def _walked(self, run: WalkRun) -> None:
        if run is not self.walk_run:  # stopped by closing the app, which has kept it already
            return
        self.push_screen(EndScreen(run, prompts=self._prompts), partial(self._saved, run))

    def _saved(self, run: WalkRun, saved: Saved | None) -> None:
        if run is not self.walk_run:  # the app is closing and has kept this walk already
            return
        self.walk_run = None
        if saved is not None:
            self._record(saved)
        if self._plan is not None:  # `walktimer run`: one walk, then back to the shell
            # after the end's last rings, which this loop rings (the bell: 0, 0.15 and 0.3 s)
            self.set_timer(LAST_CUE_SECONDS, self.exit)
            return
        if saved is not None and saved.path is not None and not saved.discarded:
            self.notify("It is in your history now.", title="Walk saved", markup=False)

    def _record(self, saved: Saved) -> None:
        (self.discarded if saved.discarded else self.saves).append(saved)

    # --- closing --------------------------------------------------------------------------

    async def action_quit(self) -> None:
        self.save_and_exit()

    def save_and_exit(self) -> None:
        """Ctrl+Q, SIGINT, SIGTERM, SIGHUP: a walk under way is saved as stopped at once, with
        the answers given so far, then exit."""
        run = self.walk_run
        if run is not None and run.started:
            run.stop("user")  # a walk already over keeps its status
            self._keep(run)
        self.walk_run = None
        self.exit()

    def _keep(self, run: WalkRun) -> None:
        """Save the walk here and now, on this thread: the app is about to close."""
        self.walk_run = None
        self._record(run.save())  # a walk discarded meanwhile stays discarded

    def _closing_signal(self) -> None:
        """SIGINT, SIGTERM or SIGHUP: save, then exit; and if the terminal is gone (a hang-up),
        Textual may block for ever restoring it, so the process ends anyway once the walk is
        safe."""
        self.save_and_exit()
        if self.is_headless:  # no terminal to restore (tests, benchmarks): nothing can hang
            return
        failed = any(saved.path is None for saved in self.saves)
        watchdog = threading.Timer(EXIT_GRACE_SECONDS, os._exit, args=(1 if failed else 0,))
        watchdog.daemon = True
        watchdog.start()

    def _catch_signals(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in CLOSING_SIGNALS:
            previous = signal.getsignal(sig)
            try:
                loop.add_signal_handler(sig, self._closing_signal)
            except (ValueError, RuntimeError, NotImplementedError):
                continue  # not the main thread, or no signals here: nothing to catch
            self._signals.append((sig, previous))

    def _release_signals(self) -> None:
        loop = asyncio.get_running_loop()
        for sig, previous in self._signals:
            loop.remove_signal_handler(sig)
            signal.signal(sig, previous)
        self._signals.clear()

    # --- telling the walker ----------------------------------------------------------------

    def ring(self) -> None:
        """Ring the terminal bell, from any thread; after the app has closed, nothing."""
        with contextlib.suppress(RuntimeError):  # the loop has closed with the app
            self.post_message(Ring())

    def on_ring(self, message: Ring) -> None:
        self.bell()

    def tell(self, message: str) -> None:
        """Show a message from any thread (audio backends report fallbacks from theirs). A
        message may quote a file or a device by name: its controls are made visible."""
        message = safe_text(message, lines=True)
        if threading.get_ident() == self._thread:
            self.notify(message, severity="warning", timeout=8, markup=False)
            return
        with contextlib.suppress(RuntimeError):  # the app may have closed already
            self.post_message(Told(message))

    def on_told(self, message: Told) -> None:
        self.notify(message.text, severity="warning", markup=False)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette offers walktimer's keys of the current screen too (those with an id),
        each with its description and tooltip."""
        yield from super().get_system_commands(screen)
        seen = {"quit", "app.quit"}
        for active in own_bindings(screen):
            binding = active.binding
            if binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            key = self.get_key_display(binding)
            yield SystemCommand(
                binding.description,
                f"{binding.tooltip} (key: {key})" if binding.tooltip else f"key: {key}",
                partial(self.run_action, binding.action, active.node),
            )


def make_app(
    *,
    catalog: Catalog,
    config: Config,
    player_factory: PlayerFactory,
    sessions_dir: Path,
    checkpoint_dir: Path | None,
    clock: Clock = time.monotonic,
    awake: Clock | None = None,
    wall: Callable[[], datetime] = local_now,
    plan: Plan | None = None,
    prompts: bool = True,
    metronome: bool = True,
    control_socket: Path | None = None,
    companion: CompanionFactory | None = None,
    program_file: Path | None = None,
) -> WalktimerApp:
    """The app for the command line and the tests. With `plan`, it opens on that walk and
    closes after it; without, it opens on the home screen. `prompts=False` asks nothing;
    `metronome=False` clicks no interval. `clock` and `awake` are the walk's clocks (see
    `WalkRun`). With `control_socket`, each walk listens there for `walktimer control`;
    `companion` makes each walk's companion (the phone's wake lock and notification).
    `program_file` records the programme being walked (`paths.program_file()`), which home
    then leads with; None: no programme."""
    return WalktimerApp(
        catalog=catalog,
        config=config,
        clock=clock,
        awake=awake,
        wall=wall,
        player_factory=player_factory,
        sessions_dir=sessions_dir,
        checkpoint_dir=checkpoint_dir,
        plan=plan,
        prompts=prompts,
        metronome=metronome,
        control_socket=control_socket,
        companion=companion,
        program_file=program_file,
    )

"""`walktimer run`: its player, the phone beside it, and `--plain`, a whole guided walk as lines
of text."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from walktimer import control, paths
from walktimer.audio import Player, open_player
from walktimer.audio.names import sound_words, under_termux
from walktimer.commands import config, cue_files
from walktimer.commands.options import RunOptions, plan_for
from walktimer.config import Config
from walktimer.domain.words import safe_text
from walktimer.plain import Keys, Terminal, run_plain, signals_held
from walktimer.walk import Companion, CompanionFactory, WalkRun, walk_clock

if TYPE_CHECKING:
    from walktimer.phone import TermuxCompanion

# Where `paths.control_socket()` looks, and where the command's recovery looks for walks to save.
CONTROL_FOLDERS = ("XDG_RUNTIME_DIR", "XDG_STATE_HOME", "XDG_DATA_HOME")


def player_for(
    options: RunOptions,
    cfg: Config,
    *,
    ring: Callable[[], None],
    notify: Callable[[str], None],
) -> Player:
    """The player the options and the config ask for: a flag wins over the config."""
    player = open_player(
        options.audio or cfg.audio.backend,
        ring=ring,
        notify=notify,
        volume=cfg.audio.volume,
        voice=options.voice or cfg.audio.voice,
        cue_files=cue_files(cfg),
        haptics=cfg.audio.haptics and not _phone_api_missing(),  # said once, by `companions`
    )
    player.muted = options.mute
    return player


@contextlib.contextmanager
def companions() -> Iterator[CompanionFactory]:
    """Under Termux, a maker of each walk's wake lock and notification (`phone`), every one
    closed before this ends: a bounded wait for its last commands (the wake lock let go).
    Elsewhere, a maker of none."""
    made: list[TermuxCompanion] = []

    def make(tell: Callable[[str], None]) -> Companion | None:
        if not under_termux():
            return None
        from walktimer.phone import TermuxCompanion, api_missing

        if (missing := api_missing()) is not None and not made:  # said once, at the first walk
            tell(missing)
        companion = TermuxCompanion(
            control_command(),
            notify=tell,
            phone_lock=paths.control_socket().parent / "phone.lock",
            notifications=missing is None,
        )
        made.append(companion)
        return companion

    try:
        yield make
    finally:
        with signals_held():  # the phone is let go of, whatever signal comes meanwhile
            for companion in made:
                companion.close()


def _phone_api_missing() -> bool:
    if not under_termux():
        return False
    from walktimer.phone import api_missing

    return api_missing() is not None


def control_command() -> list[str]:
    """`walktimer control` as a phone notification's button must run it to reach this walk:
    this interpreter, with the folders that decide where the walk listens."""
    folders = [f"{name}={os.environ[name]}" for name in CONTROL_FOLDERS if os.environ.get(name)]
    command = [sys.executable, "-m", "walktimer", "control"]
    return ["env", *folders, *command] if folders else command


def run_plain_walk(options: RunOptions) -> int:
    with companions() as companion:
        return _run_plain_walk(options, companion)


def _run_plain_walk(options: RunOptions, companion: CompanionFactory) -> int:
    cfg = config()
    plan = plan_for(options, cfg)

    def ring() -> None:
        sys.stderr.write("\a")
        sys.stderr.flush()

    def tell(message: str) -> None:
        with contextlib.suppress(OSError):  # a closed terminal: the walk goes on regardless
            # A player's or a checkpoint's words may quote a device or a file by name.
            print(f"walktimer: {safe_text(message, lines=True)}", file=sys.stderr, flush=True)

    player = player_for(options, cfg, ring=ring, notify=tell)
    tell(f"sound: {sound_words(player.name)}" + (", muted" if player.muted else ""))
    run = WalkRun(
        plan,
        player=player,
        sessions_dir=paths.sessions_dir(),
        checkpoint_dir=paths.checkpoints_dir(),
        clock=walk_clock(),
        awake=time.monotonic,
        on_problem=tell,
        audio=cfg.audio,
        metronome=options.metronome,
        companion=companion(tell),
    )
    keys = Keys(sys.stdin) if sys.stdin.isatty() else None
    if isinstance(sys.stdin, io.TextIOWrapper):  # typed or piped bytes that are not UTF-8
        sys.stdin.reconfigure(errors="replace")  # become a mark in the note, not a traceback
    terminal = Terminal(out=sys.stdout, err=sys.stderr, answers=sys.stdin, keys=keys)
    try:
        listen = functools.partial(control.listen, paths.control_socket(), tell=tell)
        return run_plain(
            run, terminal, prompts=options.prompts, checklist=cfg.checklist, listen=listen
        )
    finally:
        with signals_held():  # a hung player is never left behind by a second signal
            player.close()

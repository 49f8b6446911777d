"""`walktimer run`: the options it takes, and `--plain`, a whole guided walk as lines of text."""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from walktimer import paths
from walktimer.audio import Player, open_player
from walktimer.audio.names import BackendChoice, sound_words
from walktimer.commands import catalog, config, cue_files
from walktimer.config import Config
from walktimer.domain.plan import Plan
from walktimer.domain.words import safe_text
from walktimer.plain import Keys, Terminal, run_plain, signals_held
from walktimer.walk import WalkRun, walk_clock


@dataclass(frozen=True, kw_only=True)
class RunOptions:
    """What `walktimer run` was asked for, read from the arguments once and typed.

    The defaults are the app's home, which has no flags: everything from the config and the
    presets. None means "not given here": the config or the walk's preset decides.
    """

    walk: str | None = None
    warmup: str | None = None
    cooldown: str | None = None
    rounds: int | None = None
    fast: int | None = None
    slow: int | None = None
    cadence: tuple[int, int | None] | None = None  # (fast, slow) steps per minute
    metronome: bool = True  # False: no clicks, whatever the walk's cadence
    audio: BackendChoice | None = None
    mute: bool = False
    voice: bool = False
    prompts: bool = True
    plain: bool = False

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> RunOptions:
        """The options of a parsed `walktimer run` command line."""
        return cls(
            walk=args.walk,
            warmup=args.warmup,
            cooldown=args.cooldown,
            rounds=args.rounds,
            fast=args.fast,
            slow=args.slow,
            cadence=args.cadence,
            metronome=not args.no_metronome,
            audio=args.audio,
            mute=args.mute,
            voice=args.voice,
            prompts=not args.no_prompts,
            plain=args.plain,
        )


def plan_for(options: RunOptions, cfg: Config) -> Plan:
    """The plan the options ask for, with the config's defaults; PresetError if bad."""
    return catalog().plan(
        options.walk or cfg.defaults.walk,
        options.warmup or cfg.defaults.warmup,
        options.cooldown or cfg.defaults.cooldown,
        rounds=options.rounds,
        fast_seconds=options.fast,
        slow_seconds=options.slow,
        cadence=options.cadence,
    )


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
    )
    player.muted = options.mute
    return player


def run_plain_walk(options: RunOptions) -> int:
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
    )
    keys = Keys(sys.stdin) if sys.stdin.isatty() else None
    if isinstance(sys.stdin, io.TextIOWrapper):  # typed or piped bytes that are not UTF-8
        sys.stdin.reconfigure(errors="replace")  # become a mark in the note, not a traceback
    terminal = Terminal(out=sys.stdout, err=sys.stderr, answers=sys.stdin, keys=keys)
    try:
        return run_plain(run, terminal, prompts=options.prompts, checklist=cfg.checklist)
    finally:
        with signals_held():  # a hung player is never left behind by a second signal
            player.close()

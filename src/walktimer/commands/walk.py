"""`walktimer run --plain`: a whole guided walk as lines of text."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from walktimer import paths
from walktimer.audio import Player, open_player
from walktimer.cli import UsageError
from walktimer.commands import catalog, config
from walktimer.config import Config
from walktimer.domain.plan import Plan
from walktimer.domain.presets import PresetError
from walktimer.plain import Keys, run_plain
from walktimer.walk import WalkRun


def plan_from_args(args: argparse.Namespace, cfg: Config) -> Plan:
    """The plan the `run` arguments ask for, with the config's defaults; UsageError if bad."""
    try:
        return catalog().plan(
            args.walk or cfg.defaults.walk,
            args.warmup or cfg.defaults.warmup,
            args.cooldown or cfg.defaults.cooldown,
            rounds=args.rounds,
            fast_seconds=args.fast,
            slow_seconds=args.slow,
        )
    except PresetError as exc:
        raise UsageError(exc.problems) from None


def walk_player(
    args: argparse.Namespace,
    cfg: Config,
    *,
    ring: Callable[[], None],
    notify: Callable[[str], None],
) -> Player:
    """The player the `run` flags and the config ask for (the app's home has no flags)."""
    player = open_player(
        getattr(args, "audio", None) or cfg.audio.backend,
        ring=ring,
        notify=notify,
        volume=cfg.audio.volume,
        voice=getattr(args, "voice", False) or cfg.audio.voice,
    )
    player.muted = getattr(args, "mute", False)
    return player


def run_plain_walk(args: argparse.Namespace) -> int:
    cfg = config()
    plan = plan_from_args(args, cfg)

    def ring() -> None:
        sys.stderr.write("\a")
        sys.stderr.flush()

    def tell(message: str) -> None:
        print(f"walktimer: {message}", file=sys.stderr, flush=True)

    player = walk_player(args, cfg, ring=ring, notify=tell)
    tell(f"sound: {player.name}" + (", muted" if player.muted else ""))
    run = WalkRun(
        plan,
        player=player,
        sessions_dir=paths.sessions_dir(),
        checkpoint_path=paths.checkpoint_file(),
        on_problem=tell,
    )
    keys = Keys(sys.stdin) if sys.stdin.isatty() else None
    try:
        return run_plain(
            run, prompts=not args.no_prompts, out=sys.stdout, err=sys.stderr, keys=keys
        )
    finally:
        player.close()

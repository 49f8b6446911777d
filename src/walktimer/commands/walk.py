"""`walktimer run --plain`: a whole guided walk as lines of text."""

from __future__ import annotations

import argparse
import sys

from walktimer import paths
from walktimer.audio import open_player
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


def run_plain_walk(args: argparse.Namespace) -> int:
    cfg = config()
    plan = plan_from_args(args, cfg)

    def ring() -> None:
        sys.stderr.write("\a")
        sys.stderr.flush()

    def tell(message: str) -> None:
        print(f"walktimer: {message}", file=sys.stderr, flush=True)

    player = open_player(
        args.audio or cfg.audio.backend,
        ring=ring,
        notify=tell,
        volume=cfg.audio.volume,
        voice=args.voice or cfg.audio.voice,
    )
    player.muted = args.mute
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

"""What `walktimer run` (and `export`, which plans a walk the same way) was asked for, and the
plan it makes: light, so that `export` loads no player, no front end."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from dataclasses import dataclass
from typing import TypeVar

from walktimer.audio.names import BackendChoice
from walktimer.commands import catalog
from walktimer.config import Config
from walktimer.domain.catalog import Catalog
from walktimer.domain.plan import Plan
from walktimer.domain.words import safe_text

T = TypeVar("T")


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
    def planned(cls, args: argparse.Namespace) -> RunOptions:
        """The walk and what changes its plan, as `run` and `export` take them."""
        return cls(
            walk=args.walk,
            warmup=args.warmup,
            cooldown=args.cooldown,
            rounds=args.rounds,
            fast=args.fast,
            slow=args.slow,
        )

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> RunOptions:
        """The options of a parsed `walktimer run` command line."""
        return dataclasses.replace(
            cls.planned(args),
            cadence=args.cadence,
            metronome=not args.no_metronome,
            audio=args.audio,
            mute=args.mute,
            voice=args.voice,
            prompts=not args.no_prompts,
            plain=args.plain,
        )


def plan_for(options: RunOptions, cfg: Config) -> Plan:
    """The plan the options ask for, with the config's defaults; PresetError if bad. With no
    walk named while a programme is active: today's walk of the programme."""
    cat = catalog()
    if options.walk is None and (plan := programme_plan(options, cat)) is not None:
        return plan
    return cat.plan(
        options.walk or cfg.defaults.walk,
        options.warmup or cfg.defaults.warmup,
        options.cooldown or cfg.defaults.cooldown,
        rounds=options.rounds,
        fast_seconds=options.fast,
        slow_seconds=options.slow,
        cadence=options.cadence,
    )


def programme_plan(options: RunOptions, cat: Catalog) -> Plan | None:
    """Today's walk of the active programme, marked as its week's walk (`plan.program`), or
    None when no programme is active, or it has not begun or is finished (then said in one
    line: the default walk is walked). Options that make it another walk (a warm-up,
    cool-down, rounds or intervals other than the week's) give that walk, not counted in the
    programme, and say so in one line; a cadence changes only the clicks, and it counts."""
    from walktimer.commands.program import STOP, active_today  # reads the saved walks
    from walktimer.domain.progress import day_text
    from walktimer.storage.reading import SessionsFolderError

    try:
        found = active_today(cat)
    except SessionsFolderError as exc:  # the programme cannot be followed: a walk all the same
        _tell(f"{exc}; this walk is not counted in your programme")
        return None
    if found is None:
        return None
    active, now = found
    name = now.progress.name
    if now.starts_on is not None:
        _tell(f"{name} starts on {day_text(now.starts_on)}: this walk is not in it")
        return None
    if now.plan is None:
        _tell(f"{name} is finished: this is your default walk; `{STOP}` ends the programme")
        return None
    week = now.week
    plan = cat.plan(
        week.walk,
        _given(options.warmup, week.warmup),
        _given(options.cooldown, week.cooldown),
        rounds=_given(options.rounds, week.rounds),
        fast_seconds=_given(options.fast, week.fast_seconds),
        slow_seconds=_given(options.slow, week.slow_seconds),
        cadence=options.cadence,
    )
    if plan.same_walk(now.plan):
        return dataclasses.replace(plan, program=active.id, program_week=now.progress.week)
    flags = ("--warmup", "--cooldown", "--rounds", "--fast", "--slow")
    values = (options.warmup, options.cooldown, options.rounds, options.fast, options.slow)
    changed = " ".join(flag for flag, value in zip(flags, values, strict=True) if value is not None)
    _tell(
        f"{changed} makes this another walk than week {now.progress.week} of {name}: it will "
        "not count in the programme (`walktimer run` alone walks the week's walk)"
    )
    return plan


def _given(value: T | None, otherwise: T | None) -> T | None:
    return otherwise if value is None else value


def _tell(line: str) -> None:
    """One line on standard error, before the walk; names come from files."""
    print(f"walktimer: {safe_text(line)}", file=sys.stderr)

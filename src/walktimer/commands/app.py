"""The full-screen app."""

from __future__ import annotations

import argparse

from walktimer.commands.walk import run_plain_walk


def run_app(args: argparse.Namespace) -> int:
    # The full-screen app is not built yet: walk in plain mode on the chosen (or default) walk.
    for name, default in (
        ("walk", None),
        ("warmup", None),
        ("cooldown", None),
        ("rounds", None),
        ("fast", None),
        ("slow", None),
        ("audio", None),
        ("mute", False),
        ("voice", False),
        ("no_prompts", False),
    ):
        if not hasattr(args, name):
            setattr(args, name, default)
    return run_plain_walk(args)

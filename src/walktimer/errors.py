"""The errors a walker is shown, and the exit codes they end in.

Every module may raise these, so this one imports nothing from walktimer: it is the bottom
layer. The command line catches the base class once and prints each problem on its own line,
so a walker sees every problem in a preset or the config at once, not the first one only.
"""

from __future__ import annotations

from collections.abc import Sequence

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class WalktimerError(Exception):
    """Something the walker can put right; `problems` holds one full line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


class UsageError(WalktimerError):
    """Bad input on the command line."""


class ConfigError(WalktimerError):
    """A config file that cannot be read or decoded: refused whole, never half-applied."""


class PresetError(WalktimerError):
    """A preset that cannot be used, or a walk that cannot be built from presets."""

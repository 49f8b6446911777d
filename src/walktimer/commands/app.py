"""The full-screen app: `walktimer` opens home; `walktimer run` opens the walk straight away."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from walktimer import paths
from walktimer.audio import Player
from walktimer.commands import catalog, config
from walktimer.commands.options import RunOptions, plan_for
from walktimer.commands.walk import companions, player_for
from walktimer.domain.inputs import path_text
from walktimer.domain.recap import recap
from walktimer.domain.words import echo_text, safe_text, toml_shown
from walktimer.errors import EXIT_FAILURE, EXIT_OK, ConfigError, UsageError
from walktimer.walk import walk_clock


def run_app(run: RunOptions | None) -> int:
    """`run` is None for the app's home, which has no flags: it walks with the defaults."""
    cfg = config()
    options = run or RunOptions()
    plan = plan_for(run, cfg) if run is not None else None
    presets = catalog()

    from walktimer.tui.app import make_app

    def player(ring: Callable[[], None], notify: Callable[[str], None]) -> Player:
        return player_for(options, cfg, ring=ring, notify=notify)

    with companions() as companion:  # each walk's phone wake lock is let go before the end
        app = make_app(
            catalog=presets,
            config=cfg,
            player_factory=player,
            sessions_dir=paths.sessions_dir(),
            checkpoint_dir=paths.checkpoints_dir(),
            clock=walk_clock(),
            awake=time.monotonic,
            plan=plan,
            prompts=options.prompts,
            metronome=options.metronome,
            control_socket=paths.control_socket(),
            companion=companion,
            program_file=paths.program_file(),
        )
        if cfg.theme not in app.available_themes:
            themes = ", ".join(sorted(app.available_themes))
            problem = f'theme: no theme named "{echo_text(cfg.theme)}" (there are: {themes})'
            raise ConfigError([f"{paths.config_file()}: {problem}"])
        need_a_terminal()
        app.run()
    failed = False
    for saved in app.saves:
        if plan is not None and not options.prompts:  # no end screen was there to read
            for line in recap(saved.summary, plan.walk_name).lines():
                print(safe_text(line), file=sys.stderr)
        if saved.path is not None:
            print(f"walktimer: saved {saved.path}", file=sys.stderr)
            continue
        failed = True
        error = safe_text(f"{saved.error}")  # it names the folder, or the file, it failed on
        print(f"walktimer: {error}\nThe summary, so nothing is lost:", file=sys.stderr)
        sys.stdout.write(toml_shown(saved.text))
        sys.stdout.flush()
    for discarded in app.discarded:
        if discarded.path is not None:  # a walk the trash could not take stayed in history
            print(f"walktimer: discarded: {path_text(discarded.path)}", file=sys.stderr)
    if app.return_code:  # the app itself failed (Textual has shown why)
        return app.return_code
    return EXIT_FAILURE if failed else EXIT_OK


def need_a_terminal() -> None:
    """The app draws on a terminal and reads its keys: with standard input or output anything
    else (a file, a pipe, /dev/null), it would wait for ever for keys that never come."""
    if not all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout)):
        raise UsageError(
            [
                "the app needs a terminal (standard input and output); "
                "to walk without one, use `walktimer run [WALK] --plain`"
            ]
        )

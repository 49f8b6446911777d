"""The full-screen app: `walktimer` opens home; `walktimer run` opens the walk straight away."""

from __future__ import annotations

import sys
from collections.abc import Callable

from walktimer import paths
from walktimer.audio import Player
from walktimer.commands import catalog, config
from walktimer.commands.walk import RunOptions, plan_for, player_for
from walktimer.errors import EXIT_FAILURE, EXIT_OK, ConfigError


def run_app(run: RunOptions | None) -> int:
    """`run` is None for the app's home, which has no flags: it walks with the defaults."""
    cfg = config()
    options = run or RunOptions()
    plan = plan_for(run, cfg) if run is not None else None
    presets = catalog()

    from walktimer.tui.app import make_app

    def player(ring: Callable[[], None], notify: Callable[[str], None]) -> Player:
        return player_for(options, cfg, ring=ring, notify=notify)

    app = make_app(
        catalog=presets,
        config=cfg,
        player_factory=player,
        sessions_dir=paths.sessions_dir(),
        checkpoint_path=paths.checkpoint_file(),
        plan=plan,
        prompts=options.prompts,
    )
    if cfg.theme not in app.available_themes:
        themes = ", ".join(sorted(app.available_themes))
        problem = f'theme: no theme named "{cfg.theme}" (there are: {themes})'
        raise ConfigError([f"{paths.config_file()}: {problem}"])
    app.run()
    failed = False
    for saved in app.saves:
        if saved.path is not None:
            print(f"walktimer: saved {saved.path}", file=sys.stderr)
            continue
        failed = True
        print(f"walktimer: {saved.error}\nThe summary, so nothing is lost:", file=sys.stderr)
        sys.stdout.write(saved.text)
        sys.stdout.flush()
    if app.return_code:  # the app itself failed (Textual has shown why)
        return app.return_code
    return EXIT_FAILURE if failed else EXIT_OK

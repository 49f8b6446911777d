"""`walktimer audio test`: the sound doctor. Which backends work here, then every cue once."""

from __future__ import annotations

import argparse
import sys
import time

from walktimer.audio import Cue, open_player
from walktimer.audio.backends import check_backends
from walktimer.audio.voice import find_speaker
from walktimer.commands import config
from walktimer.domain.words import safe_text
from walktimer.errors import EXIT_FAILURE, EXIT_OK

PAUSE_SECONDS = 0.4  # between cues, so each is heard on its own


def run(args: argparse.Namespace) -> int:
    cfg = config()
    wanted = args.audio or cfg.audio.backend
    volume = cfg.audio.volume

    def ring() -> None:
        sys.stderr.write("\a")
        sys.stderr.flush()

    def tell(message: str) -> None:  # a player's own words, which may quote a device or a file
        print(f"walktimer: {safe_text(message)}", file=sys.stderr, flush=True)

    print("Sound backends here:")
    results = check_backends(volume=volume, ring=lambda: None)
    width = max(len(name) for name, _ in results)
    for name, problem in results:
        verdict = "works" if problem is None else f"does not work: {safe_text(problem)}"
        print(f"  {name:<{width}}  {verdict}")
    speaker = find_speaker()
    if speaker is None:
        voice_line = "not available (no espeak-ng, spd-say or say installed)"
    else:
        voice_line = f"{speaker[0]}, {'on' if cfg.audio.voice else 'off (audio.voice = false)'}"
    print(f"Voice: {voice_line}", flush=True)

    player = open_player(wanted, ring=ring, notify=tell, volume=volume, voice=cfg.audio.voice)
    try:
        print(f"Playing every cue on {player.name} (volume {volume}):", flush=True)
        for cue in Cue:
            print(f"  {cue.label}", flush=True)
            player.play(cue, cue.label.capitalize())
            player.wait()
            if player.name != "none":
                time.sleep(PAUSE_SECONDS)
    finally:
        player.close()
    if wanted != "auto" and not player.name.startswith(wanted):
        print(f"The {wanted} backend does not work here; cues played on {player.name}.")
        return EXIT_FAILURE
    return EXIT_OK

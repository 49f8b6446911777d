"""`walktimer audio test`: the sound doctor. Which backends work here, then every cue once,
each reported as it really sounded on the backend in use."""

from __future__ import annotations

import argparse
import sys
import time

from walktimer.audio import Cue, open_player
from walktimer.audio.backends import check_backends
from walktimer.audio.cues import bell_words
from walktimer.audio.haptics import VIBRATE
from walktimer.audio.names import sound_words, under_termux
from walktimer.audio.player import CuePlayer
from walktimer.audio.streams import Stream
from walktimer.audio.voice import find_speaker, speaker_names
from walktimer.commands import config, cue_files
from walktimer.domain.words import safe_text
from walktimer.errors import EXIT_FAILURE, EXIT_OK

PAUSE_SECONDS = 0.4  # between cues, so each is heard on its own
TEST_STEP, TEST_CLICKS = 0.5, 4  # the metronome heard as a walk at 120 steps a minute has it


def run(args: argparse.Namespace) -> int:
    cfg = config("audio")
    wanted = args.audio or cfg.audio.backend
    volume = cfg.audio.volume

    def ring() -> None:
        sys.stderr.write("\a")
        sys.stderr.flush()

    def tell(message: str) -> None:  # a player's own words, which may quote a device or a file
        print(f"walktimer: {safe_text(message)}", file=sys.stderr, flush=True)

    print("Sound backends here:")
    results = check_backends(ring=lambda: None)
    width = max(len(name) for name, _ in results)
    for name, problem in results:
        verdict = "works" if problem is None else f"does not work: {safe_text(problem)}"
        print(f"  {name:<{width}}  {verdict}")
    speaker = find_speaker()
    if speaker is None:
        voice_line = f"not available (no {speaker_names()} installed)"
    else:
        voice_line = f"{speaker[0]}, {'on' if cfg.audio.voice else 'off (audio.voice = false)'}"
    print(f"Voice: {voice_line}", flush=True)

    lead_in = cfg.audio.lead_in_ms / 1000
    player = open_player(
        wanted,
        ring=ring,
        notify=tell,
        volume=volume,
        voice=cfg.audio.voice,
        cue_files=cue_files(cfg),
        haptics=cfg.audio.haptics,
    )
    if player.haptics is not None:
        print(f"Haptics: {VIBRATE}, on: every cue is felt too", flush=True)
    elif under_termux() and not cfg.audio.haptics:
        print("Haptics: off (audio.haptics = false)", flush=True)
    try:
        _play_every_cue(player, volume, lead_in)
    finally:
        player.close()
    if wanted != "auto" and not player.name.startswith(wanted):
        print(f"The {wanted} backend does not work here; {_instead(player.name)}.")
        return EXIT_FAILURE
    return EXIT_OK


def _play_every_cue(player: CuePlayer, volume: int, lead_in: float) -> None:
    """Each cue once (after the lead-in, as in a walk), and beside it only what really
    sounded: on the bell, how many rings (and no pip, no click); on none, nothing at all. The
    metronome's click is heard as a walk has it: a few steps' worth. A backend that breaks on
    the way is reported by the player, and the lines after it say what its replacement did."""
    if player.name == "none":
        print("Sound is off (none): no cue is played.", flush=True)
        return
    if player.name == "bell":
        print(
            "The terminal bell rings for each cue (it has no volume, no lead-in and no "
            "metronome: intervals with a cadence do not click on it):",
            flush=True,
        )
    else:
        print(f"Playing every cue on {sound_words(player.name)} (volume {volume}):", flush=True)
    width = max(len(cue.label) for cue in Cue)
    for cue in Cue:
        if cue is Cue.CLICK:
            steps = Stream(start=-lead_in, step=TEST_STEP, until=TEST_STEP * TEST_CLICKS + 0.1)
            player.play(steps)  # no words: the clicks would rest while they were said
        else:
            player.play(Stream.cue_alone(cue, lead_in), cue.label.capitalize())
        print(f"  {cue.label:<{width}}  {_how(player.name, cue)}".rstrip(), flush=True)
        player.wait()
        if player.name != "none":
            time.sleep(PAUSE_SECONDS)


def _how(name: str, cue: Cue) -> str:
    if name == "bell":
        return bell_words(cue)
    if name == "none":
        return "not played (no sound)"
    return f"{TEST_CLICKS} steps at {round(60 / TEST_STEP)} a minute" if cue is Cue.CLICK else ""


def _instead(name: str) -> str:
    if name == "bell":
        return "the terminal bell rang instead"
    return "nothing was played" if name == "none" else f"cues played on {sound_words(name)}"

"""Audio cues: which cue belongs to which moment of a walk, and the players that sound them."""

from walktimer.audio.cues import Cue, cue_for_event
from walktimer.audio.player import Player, open_player

__all__ = ["Cue", "Player", "cue_for_event", "open_player"]

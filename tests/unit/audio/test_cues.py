"""Which cue (and which words) each moment of a walk gets."""

from __future__ import annotations

from pathlib import Path

from walktimer.audio.cues import SCORE, Cue, cue_for_event
from walktimer.domain.catalog import Catalog
from walktimer.domain.plan import PhaseKind, Plan
from walktimer.domain.session import Countdown, Finished, PhaseStarted

SWITCHING = """kind = "cooldown"
name = "Switching"
description = "A pause to change sides, then none."

[[steps]]
name = "Calf stretch"
seconds = 20
sides = true
switch_seconds = 5

[[steps]]
name = "Quad stretch"
seconds = 20
sides = true

[[steps]]
name = "Hamstring stretch"
seconds = 20
"""


def first_steps(tmp_path: Path) -> Plan:
    return Catalog.load(tmp_path).plan("first-steps", "easy-walk", "quick-stretch", rounds=1)


def test_each_phase_start_gets_the_cue_of_its_kind_and_place(tmp_path: Path) -> None:
    plan = first_steps(tmp_path)
    cues = [cue_for_event(PhaseStarted(i, p, 0.0), plan) for i, p in enumerate(plan.phases)]
    assert cues == [
        (Cue.WARMUP, "Slow easy walk"),
        (Cue.STEP, "Easy walk, a little quicker"),
        (Cue.FAST, "Fast"),
        (Cue.SLOW, "Slow"),
        (Cue.COOLDOWN, "Easy walk"),
        (Cue.STEP, "Standing hamstring stretch, left side"),
        (Cue.SWITCH_SIDES, "Standing hamstring stretch, right side"),
        (Cue.STEP, "Standing hip flexor stretch, left side"),
        (Cue.SWITCH_SIDES, "Standing hip flexor stretch, right side"),
    ]


def test_countdown_pips_carry_no_words_and_the_end_says_done(tmp_path: Path) -> None:
    plan = first_steps(tmp_path)
    assert cue_for_event(Countdown(2, 3, 0.0), plan) == (Cue.COUNTDOWN, None)
    assert cue_for_event(Finished(0.0), plan) == (Cue.DONE, "Walk done")


def test_every_cue_has_a_score_and_a_printable_name() -> None:
    assert set(SCORE) == set(Cue)
    labels = [cue.label for cue in Cue]
    assert len(set(labels)) == len(labels) and all(labels)


def test_changing_sides_sounds_at_the_pause_for_it_or_at_the_right_side_straight_after(
    tmp_path: Path,
) -> None:
    (tmp_path / "switching.toml").write_text(SWITCHING)
    plan = Catalog.load(tmp_path).plan("first-steps", "none", "switching", rounds=1)
    first = next(i for i, p in enumerate(plan.phases) if p.kind is PhaseKind.COOLDOWN)
    cues = [
        cue_for_event(PhaseStarted(i, plan.phases[i], 0.0), plan)
        for i in range(first, len(plan.phases))
    ]
    assert cues == [
        (Cue.COOLDOWN, "Calf stretch, left side"),
        (Cue.SWITCH_SIDES, "Calf stretch, change sides"),
        (Cue.STEP, "Calf stretch, right side"),  # after the pause: a start of its own
        (Cue.STEP, "Quad stretch, left side"),
        (Cue.SWITCH_SIDES, "Quad stretch, right side"),  # no pause: the change is now
        (Cue.STEP, "Hamstring stretch"),
    ]

"""Which cue (and which words) each moment of a walk gets."""

from __future__ import annotations

from pathlib import Path

from tests.unit.test_session import C, F, S, W, make_plan
from walktimer.audio.cues import SCORE, Cue, announcements, cue_for_event
from walktimer.audio.names import ANNOUNCEMENTS, Announcement
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


ROUND: tuple[Announcement, ...] = ("round",)
HALFWAY: tuple[Announcement, ...] = ("halfway",)
MINUTES_LEFT: tuple[Announcement, ...] = ("minutes-left",)


def phase_words(plan: Plan, announce: tuple[Announcement, ...]) -> list[str | None]:
    """The words said at each phase's start with `announce`."""
    found = [
        cue_for_event(PhaseStarted(i, p, 0.0), plan, announce) for i, p in enumerate(plan.phases)
    ]
    return [None if each is None else each[1] for each in found]


def test_each_fast_interval_says_its_round_and_a_slow_one_only_its_name() -> None:
    plan = Catalog.load(None).plan("classic-30-30")
    assert plan.rounds == 10
    third = [i for i, p in enumerate(plan.phases) if p.kind is PhaseKind.FAST][2]
    assert cue_for_event(PhaseStarted(third, plan.phases[third], 0.0), plan, ROUND) == (
        Cue.FAST,
        "Fast. Round 3 of 10",
    )
    words = phase_words(plan, ROUND)
    assert words.count("Slow") == 10
    fast = [w for w, p in zip(words, plan.phases, strict=True) if p.kind is PhaseKind.FAST]
    assert fast == [f"Fast. Round {n} of 10" for n in range(1, 11)]


def test_halfway_is_said_once_at_the_first_phase_starting_at_or_after_half_the_walk() -> None:
    plan = Catalog.load(None).plan("classic-30-30")
    half = plan.total_seconds / 2
    said = [i for i in range(len(plan.phases)) if announcements(plan, i, HALFWAY)]
    first = next(i for i, p in enumerate(plan.phases) if p.start >= half)
    assert said == [first]
    assert announcements(plan, first, HALFWAY) == ["Halfway"]
    exact = make_plan((W, 60), (F, 60), (S, 60), (C, 60))  # a phase starts at half the walk
    assert [announcements(exact, i, HALFWAY) for i in range(4)] == [[], [], ["Halfway"], []]


def test_minutes_left_are_said_once_at_each_five_minute_mark_of_a_20_minute_walk() -> None:
    plan = make_plan((W, 60), *[(F, 60), (S, 60)] * 9, (C, 60))
    assert plan.total_seconds == 20 * 60
    said = {
        plan.phases[i].start: words
        for i in range(len(plan.phases))
        if (words := announcements(plan, i, MINUTES_LEFT))
    }
    assert said == {
        5 * 60: ["15 minutes left"],
        10 * 60: ["10 minutes left"],
        15 * 60: ["5 minutes left"],
    }


def test_a_mark_passed_inside_a_phase_is_said_at_the_next_start_with_the_minutes_left_then() -> (
    None
):
    plan = make_plan((W, 100), *[(F, 70), (S, 70)] * 7, (C, 120))  # 20 minutes, odd starts
    assert plan.total_seconds == 20 * 60
    said = [
        (1200 - plan.phases[i].start, words)
        for i in range(len(plan.phases))
        if (words := announcements(plan, i, MINUTES_LEFT))
    ]
    assert said == [
        (890, ["15 minutes left"]),  # 14:50 left: the first start at or below 15:00
        (540, ["9 minutes left"]),
        (260, ["4 minutes left"]),
    ]


def test_every_announcement_together_and_none_without_announce() -> None:
    plan = make_plan((W, 60), *[(F, 60), (S, 60)] * 9, (C, 60))
    every = ANNOUNCEMENTS  # "round", "halfway", "minutes-left"
    words = phase_words(plan, every)
    assert words[5] == "Fast. Round 3 of 9. 15 minutes left"
    assert words[10] == "Slow. Halfway. 10 minutes left"
    assert phase_words(plan, ()) == ["warmup", *["Fast", "Slow"] * 9, "cooldown"]
    assert all(announcements(plan, i, ()) == [] for i in range(len(plan.phases)))
    assert cue_for_event(Countdown(5, 3, 0.0), plan, every) == (Cue.COUNTDOWN, None)
    assert cue_for_event(Finished(0.0), plan, every) == (Cue.DONE, "Walk done")

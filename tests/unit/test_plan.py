"""The timeline: warm-up, intervals and cool-down as one flat list of phases."""

from __future__ import annotations

from pathlib import Path

from walktimer.domain.catalog import Catalog
from walktimer.domain.plan import PhaseKind


def test_classic_walk_expands_into_warmup_intervals_and_cooldown_in_order() -> None:
    plan = Catalog.load(None).plan("classic-30-30")
    kinds = [p.kind for p in plan.phases]
    assert kinds[:2] == [PhaseKind.WARMUP] * 2
    assert kinds[2:22] == [PhaseKind.FAST, PhaseKind.SLOW] * 10
    assert set(kinds[22:]) == {PhaseKind.COOLDOWN}
    assert [p.round for p in plan.phases[2:6]] == [1, 1, 2, 2]


def test_phases_follow_each_other_without_gaps() -> None:
    plan = Catalog.load(None).plan("iwt-3x3")
    for before, after in zip(plan.phases, plan.phases[1:], strict=False):
        assert after.start == before.end
    assert plan.total_seconds == sum(p.seconds for p in plan.phases)


def test_one_sided_stretches_run_left_then_right() -> None:
    plan = Catalog.load(None).plan("first-steps", "none", "quick-stretch")
    stretches = [p.name for p in plan.phases if p.kind is PhaseKind.COOLDOWN]
    assert stretches == [
        "Easy walk",
        "Standing hamstring stretch, left side",
        "Standing hamstring stretch, right side",
        "Standing hip flexor stretch, left side",
        "Standing hip flexor stretch, right side",
    ]


def test_overrides_change_rounds_and_interval_lengths() -> None:
    plan = Catalog.load(None).plan(
        "classic-30-30", "none", "none", rounds=3, fast_seconds=45, slow_seconds=15
    )
    assert [(p.kind.value, p.seconds) for p in plan.phases] == [("fast", 45), ("slow", 15)] * 3
    assert (plan.rounds, plan.fast_seconds, plan.slow_seconds) == (3, 45, 15)


def test_plain_lines_give_planned_offset_kind_name_and_duration() -> None:
    plan = Catalog.load(None).plan("first-steps")
    assert plan.plain_line(0) == "00:00 WARMUP Slow easy walk (3:00)"
    assert plan.plain_line(2) == "05:00 FAST Brisk walk, round 1/4 (0:30)"
    assert plan.plain_line(3) == "05:30 SLOW Easy walk, round 1/4 (0:30)"
    assert plan.done_line() == "12:00 DONE"


def test_interval_tips_fall_back_to_posture_advice_when_the_preset_has_none(
    tmp_path: Path,
) -> None:
    walk = tmp_path / "w.toml"
    walk.write_text(
        'kind = "walk"\nname = "W"\n[intervals]\nfast_seconds = 5\nslow_seconds = 5\nrounds = 1\n'
    )
    plan = Catalog.load(None).plan(str(walk))
    assert "stand tall" in plan.phases[0].tip
    assert plan.phases[1].tip

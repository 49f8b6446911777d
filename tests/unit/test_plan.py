"""The timeline: warm-up, intervals and cool-down as one flat list of phases."""

from __future__ import annotations

from pathlib import Path

import pytest

from walktimer.domain.catalog import Catalog
from walktimer.domain.plan import Phase, PhaseKind
from walktimer.domain.presets import RoutinePreset
from walktimer.errors import PresetError


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


ROUTINE = """kind = "cooldown"
name = "Two stretches"

[[steps]]
name = "Easy walk"
seconds = 60
tip = "Slow down."

[[steps]]
name = "Hamstring stretch"
seconds = 30
sides = true
switch_seconds = {switch}
tip = "Heel on a step."
"""
NO_INTERVALS_WALK = """kind = "walk"
name = "W"
[intervals]
fast_seconds = 5
slow_seconds = 5
rounds = 1
"""


def plan_with_cooldown(tmp_path: Path, switch: int) -> list[Phase]:
    walk = tmp_path / "w.toml"
    walk.write_text(NO_INTERVALS_WALK)
    routine = tmp_path / "two.toml"
    routine.write_text(ROUTINE.format(switch=switch))
    plan = Catalog.load(None).plan(str(walk), "none", str(routine))
    return [p for p in plan.phases if p.kind is PhaseKind.COOLDOWN]


def test_a_one_sided_stretch_is_one_step_with_a_left_and_a_right_side(tmp_path: Path) -> None:
    phases = plan_with_cooldown(tmp_path, switch=0)
    assert [(p.name, p.step, p.steps, p.side, p.switch, p.step_name) for p in phases] == [
        ("Easy walk", 1, 2, None, False, "Easy walk"),
        ("Hamstring stretch, left side", 2, 2, "left", False, "Hamstring stretch"),
        ("Hamstring stretch, right side", 2, 2, "right", False, "Hamstring stretch"),
    ]
    assert [p.seconds for p in phases] == [60, 30, 30]
    assert all(p.tip for p in phases)


def test_switch_seconds_put_a_change_of_sides_between_left_and_right(tmp_path: Path) -> None:
    phases = plan_with_cooldown(tmp_path, switch=5)
    assert [(p.name, p.seconds, p.side, p.switch) for p in phases] == [
        ("Easy walk", 60, None, False),
        ("Hamstring stretch, left side", 30, "left", False),
        ("Hamstring stretch, change sides", 5, "right", True),
        ("Hamstring stretch, right side", 30, "right", False),
    ]
    change = phases[2]
    assert (change.step, change.steps, change.step_name) == (2, 2, "Hamstring stretch")
    assert "right side" in change.tip.lower()
    assert [p.start for p in phases] == [10, 70, 100, 105]


def test_the_routine_total_includes_the_change_of_sides(tmp_path: Path) -> None:
    routine = tmp_path / "two.toml"
    routine.write_text(ROUTINE.format(switch=5))
    entry = Catalog.load(None).find(str(routine))
    assert entry.total_seconds == 60 + 30 + 5 + 30
    walk = tmp_path / "w.toml"
    walk.write_text(NO_INTERVALS_WALK)
    assert Catalog.load(None).plan(str(walk), "none", str(routine)).total_seconds == 10 + 125


def test_interval_phases_belong_to_no_routine_step() -> None:
    plan = Catalog.load(None).plan("first-steps")
    intervals = [p for p in plan.phases if p.kind.is_interval]
    assert intervals
    assert all(
        (p.step, p.steps, p.side, p.switch, p.step_name) == (None, None, None, False, "")
        for p in intervals
    )
    assert all(p.step is not None for p in plan.phases if not p.kind.is_interval)


def test_the_lower_back_cooldown_counts_each_stretch_once_whatever_its_sides() -> None:
    plan = Catalog.load(None).plan("classic-30-30")
    cooldown = [p for p in plan.phases if p.kind is PhaseKind.COOLDOWN]
    preset = Catalog.load(None).find("lower-back").preset
    assert isinstance(preset, RoutinePreset)
    assert {p.steps for p in cooldown} == {len(preset.steps)}
    assert [p.step for p in cooldown if not p.switch and p.side != "right"] == list(
        range(1, len(preset.steps) + 1)
    )
    assert sum(p.seconds for p in cooldown) == preset.total_seconds


CADENCE_WALK = NO_INTERVALS_WALK + "fast_cadence = 120\nslow_cadence = 90\n"


def test_each_interval_carries_its_cadence_and_nothing_else_does(tmp_path: Path) -> None:
    walk = tmp_path / "w.toml"
    walk.write_text(CADENCE_WALK.replace("rounds = 1", "rounds = 2"))
    plan = Catalog.load(None).plan(str(walk), "easy-walk", "quick-stretch")
    assert (plan.fast_cadence, plan.slow_cadence, plan.has_cadence) == (120, 90, True)
    by_kind = {PhaseKind.FAST: 120, PhaseKind.SLOW: 90}
    assert [p.cadence for p in plan.phases] == [by_kind.get(p.kind) for p in plan.phases]
    assert [p.cadence for p in plan.phases if p.kind.is_interval] == [120, 90, 120, 90]


def test_a_walk_without_cadences_has_none_to_click() -> None:
    plan = Catalog.load(None).plan("classic-30-30")
    assert (plan.fast_cadence, plan.slow_cadence, plan.has_cadence) == (None, None, False)
    assert {p.cadence for p in plan.phases} == {None}


def test_the_cadence_given_for_the_walk_replaces_the_walks_own(tmp_path: Path) -> None:
    walk = tmp_path / "w.toml"
    walk.write_text(CADENCE_WALK)
    catalog = Catalog.load(None)
    fast_only = catalog.plan(str(walk), "none", "none", cadence=(115, None))
    assert [(p.kind, p.cadence) for p in fast_only.phases] == [
        (PhaseKind.FAST, 115),
        (PhaseKind.SLOW, None),  # `--cadence 115`: the slow intervals do not click
    ]
    assert (fast_only.fast_cadence, fast_only.slow_cadence) == (115, None)
    both = catalog.plan("classic-30-30", "none", "none", rounds=1, cadence=(115, 95))
    assert [p.cadence for p in both.phases] == [115, 95] and both.has_cadence
    kept = catalog.plan(str(walk), "none", "none", cadence=None)
    assert [p.cadence for p in kept.phases] == [120, 90]


def test_a_cadence_out_of_range_is_named_as_the_option_it_came_from() -> None:
    catalog = Catalog.load(None)
    with pytest.raises(PresetError) as refused:
        catalog.plan("classic-30-30", cadence=(50, None))
    assert refused.value.problems == ["--cadence: expected an integer >= 60, got 50"]
    with pytest.raises(PresetError) as refused:
        catalog.plan("classic-30-30", cadence=(201, 30))
    assert refused.value.problems == [
        "--cadence: expected an integer <= 200, got 201",
        "--cadence: expected an integer >= 60, got 30",
    ]

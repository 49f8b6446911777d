"""Preset files: one fixture per failure mode, each with the exact message a walker sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO
from walktimer.domain.catalog import Catalog
from walktimer.domain.presets import (
    MAX_CADENCE,
    MIN_CADENCE,
    RoutinePreset,
    Step,
    WalkPreset,
    check_override,
    parse_preset,
    step_time_text,
)
from walktimer.errors import PresetError

BAD = FIXTURES / "presets"


def problems_of(name: str) -> list[str]:
    """The problems the catalog reports for a fixture, with the bundled presets to refer to."""
    where = f"tests/fixtures/presets/{name}"
    try:
        entry = Catalog.load(None).find(where)
    except PresetError as exc:
        return exc.problems
    return list(entry.problems)


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "syntax-error.toml",
            "line 3, column 11: TOML syntax error: expected ']' at the end of a table declaration",
        ),
        ("unknown-key.toml", "intervals.fast_secs: unknown key"),
        ("wrong-type.toml", 'intervals.fast_seconds: expected an integer, got "30"'),
        ("missing-key.toml", "intervals.rounds: missing required key"),
        (
            "unknown-kind.toml",
            'kind: expected "walk", "warmup", "cooldown" or "program", got "jog"',
        ),
        (
            "missing-warmup.toml",
            'warmup: no warm-up preset named "no-such-warmup" '
            "(there are: dynamic-stretches, easy-walk)",
        ),
        ("empty-steps.toml", "steps: expected at least one step, got none"),
        ("long-name.toml", "name: expected 1 to 60 characters, got 66"),
        (
            "over-six-hours.toml",
            "the whole walk takes 8:00:00, more than the limit of 6:00:00",
        ),
        ("bad-first.toml", 'intervals.first: expected "fast" or "slow", got "medium"'),
        ("step-out-of-range.toml", "steps[2].seconds: expected an integer <= 3600, got 4000"),
        ("not-utf8.toml", "not UTF-8 text"),
        ("nested-too-deeply.toml", "nested too deeply"),
        ("too-many-digits.toml", "TOML syntax error: a number with too many digits"),
        ("invisible-name.toml", "name: expected at least one visible character, got none"),
        (
            "warmup-is-itself.toml",
            "warmup: tests/fixtures/presets/warmup-is-itself.toml: is a walk, not a warm-up",
        ),
        (
            "switch-without-sides.toml",
            "steps[1].switch_seconds: expected 0 on a step without sides = true, got 5",
        ),
        ("switch-out-of-range.toml", "steps[1].switch_seconds: expected an integer <= 60, got 90"),
    ],
)
def test_each_failure_mode_gives_one_precise_line(
    fixture: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    assert problems_of(fixture) == [f"tests/fixtures/presets/{fixture}: {expected}"]


def test_all_range_problems_of_a_file_are_reported_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    where = "tests/fixtures/presets/out-of-range.toml"
    assert problems_of("out-of-range.toml") == [
        f"{where}: intervals.fast_seconds: expected an integer >= 1, got 0",
        f"{where}: intervals.rounds: expected an integer <= 200, got 201",
    ]


def test_every_problem_of_a_file_is_reported_wrong_types_and_unknown_keys_included(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    where = "tests/fixtures/presets/several-problems.toml"
    assert problems_of("several-problems.toml") == [
        f"{where}: name: expected a string, got 5",
        f"{where}: colour: unknown key",
        f'{where}: intervals.fast_seconds: expected an integer, got "30"',
        f"{where}: intervals.rounds: expected an integer <= 200, got 300",
        f'{where}: intervals.first: expected "fast" or "slow", got "brisk"',
    ]


def test_every_problem_of_every_step_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    where = "tests/fixtures/presets/several-step-problems.toml"
    assert problems_of("several-step-problems.toml") == [
        f'{where}: steps[1].seconds: expected an integer, got "60"',
        f'{where}: steps[2].sides: expected true or false, got "yes"',
        f"{where}: steps[2].name: missing required key",
        f"{where}: steps[3].name: expected 1 to 60 characters, got an empty name",
        f"{where}: steps[3].seconds: expected an integer >= 1, got 0",
        f"{where}: steps[3].switch_seconds: expected 0 on a step without sides = true, got 5",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("steps = 5\n", "steps: expected a list, got 5"),
        ("steps = [5]\n", "steps[1]: expected a table, got 5"),
        ("steps = []\n[x]\ny = 1\n", "steps: expected at least one step, got none; x: unknown key"),
        (
            'steps = [{name = "S", seconds = 1.5}]\n',
            "steps[1].seconds: expected an integer, got 1.5",
        ),
        (
            "intervals = 3\nsteps = []\n",
            "intervals: unknown key; steps: expected at least one step, got none",
        ),
    ],
)
def test_problems_of_shape_are_named_by_their_key(text: str, expected: str) -> None:
    data = f'kind = "warmup"\nname = "W"\n{text}'.encode()
    parsed = parse_preset(data, "w.toml")
    assert parsed.preset is None
    assert "; ".join(parsed.problems) == "; ".join(
        f"w.toml: {problem}" for problem in expected.split("; ")
    )


def test_a_walk_missing_every_required_key_names_each_of_them() -> None:
    parsed = parse_preset(b'kind = "walk"\n[intervals]\n', "w.toml")
    assert parsed.problems == (
        "w.toml: intervals.fast_seconds: missing required key",
        "w.toml: intervals.slow_seconds: missing required key",
        "w.toml: intervals.rounds: missing required key",
        "w.toml: name: missing required key",
    )


def test_switch_seconds_default_to_zero_and_take_up_to_sixty() -> None:
    for switch in (0, 1, 60):
        data = (
            'kind = "cooldown"\nname = "C"\n[[steps]]\nname = "S"\nseconds = 30\n'
            f"sides = true\nswitch_seconds = {switch}\n"
        ).encode()
        parsed = parse_preset(data, "c.toml")
        assert isinstance(parsed.preset, RoutinePreset), parsed.problems
        assert parsed.preset.steps[0].switch_seconds == switch
        assert parsed.preset.total_seconds == 60 + switch
    plain = parse_preset(
        b'kind = "cooldown"\nname = "C"\n[[steps]]\nname = "S"\nseconds = 30\n', "c"
    )
    assert isinstance(plain.preset, RoutinePreset)
    assert plain.preset.steps[0].switch_seconds == 0


def test_a_negative_switch_is_refused() -> None:
    data = (
        b'kind = "cooldown"\nname = "C"\n[[steps]]\nname = "S"\nseconds = 30\n'
        b"sides = true\nswitch_seconds = -1\n"
    )
    parsed = parse_preset(data, "c.toml")
    assert parsed.problems == ("c.toml: steps[1].switch_seconds: expected an integer >= 0, got -1",)


@pytest.mark.parametrize(
    ("step", "shown"),
    [
        (Step(name="S", seconds=45), "0:45"),
        (Step(name="S", seconds=30, sides=True), "0:30 each side"),
        (
            Step(name="S", seconds=30, sides=True, switch_seconds=5),
            "0:30 each side, 0:05 to change sides",
        ),
    ],
)
def test_a_steps_time_reads_as_a_walker_would_say_it(step: Step, shown: str) -> None:
    assert step_time_text(step) == shown


def test_a_warmup_id_that_names_a_cooldown_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    lower_back = REPO / "presets" / "cooldowns" / "lower-back.toml"
    assert problems_of("wrong-routine-kind.toml") == [
        "tests/fixtures/presets/wrong-routine-kind.toml: warmup: "
        f"{lower_back}: is a cool-down, not a warm-up"
    ]


def test_booleans_are_not_accepted_as_seconds() -> None:
    data = b'kind = "warmup"\nname = "W"\n[[steps]]\nname = "S"\nseconds = true\n'
    parsed = parse_preset(data, "w.toml")
    assert parsed.problems == ("w.toml: steps[1].seconds: expected an integer, got true",)


def test_markup_in_names_is_kept_as_plain_text() -> None:
    data = b'kind = "warmup"\nname = "[bold]x[/"\n[[steps]]\nname = "[red]"\nseconds = 5\n'
    parsed = parse_preset(data, "w.toml")
    assert isinstance(parsed.preset, RoutinePreset)
    assert parsed.preset.name == "[bold]x[/"
    assert parsed.preset.steps[0].name == "[red]"


def test_optional_keys_take_their_defaults() -> None:
    data = (
        b'kind = "walk"\nname = "W"\n[intervals]\nfast_seconds = 5\nslow_seconds = 6\nrounds = 1\n'
    )
    parsed = parse_preset(data, "w.toml")
    assert isinstance(parsed.preset, WalkPreset)
    assert (parsed.preset.warmup, parsed.preset.cooldown) == ("none", "none")
    assert parsed.preset.intervals.first == "fast"


def test_every_bundled_preset_is_usable_and_the_required_ones_exist() -> None:
    catalog = Catalog.load(None)
    entries = {e.id: e for e in catalog.entries()}
    assert all(e.usable for e in entries.values()), [e.error for e in entries.values()]
    assert {"first-steps", "classic-30-30", "iwt-3x3"} <= {e.id for e in catalog.entries("walk")}
    assert {"easy-walk", "dynamic-stretches"} <= {e.id for e in catalog.entries("warmup")}
    cooldowns = {e.id for e in catalog.entries("cooldown")}
    assert {"lower-back", "quick-stretch", "floor-stretches"} <= cooldowns


def test_first_steps_is_a_beginner_walk_of_ten_to_fifteen_minutes() -> None:
    total = Catalog.load(None).find("first-steps").total_seconds
    assert total is not None and 10 * 60 <= total <= 15 * 60


def test_iwt_is_five_rounds_of_three_minutes_fast_and_slow() -> None:
    plan = Catalog.load(None).plan("iwt-3x3", "none", "none")
    assert [(p.kind.value, p.seconds) for p in plan.phases] == [("fast", 180), ("slow", 180)] * 5


def test_lower_back_cooldown_stretches_back_hamstrings_and_hip_flexors() -> None:
    preset = Catalog.load(None).find("lower-back").preset
    assert isinstance(preset, RoutinePreset)
    names = " ".join(step.name.lower() for step in preset.steps)
    for part in ("back", "hamstring", "hip flexor"):
        assert part in names
    assert any(step.sides for step in preset.steps)


FLOOR_WORDS = ("lying", "lie ", "kneel", "hands and knees", "mat", "floor", "on your back")


def test_lower_back_cooldown_is_done_standing_with_time_to_change_sides() -> None:
    catalog = Catalog.load(None)
    preset = catalog.find("lower-back").preset
    assert isinstance(preset, RoutinePreset)
    text = " ".join(f"{s.name} {s.tip}" for s in preset.steps).lower()
    assert not [word for word in FLOOR_WORDS if word in text]
    assert all(step.tip for step in preset.steps)
    assert all(step.switch_seconds == 5 for step in preset.steps if step.sides)
    assert all(s.name.startswith("Standing") for s in preset.steps if s.name != "Easy walk")
    for walk in ("classic-30-30", "iwt-3x3"):
        walk_preset = catalog.find(walk).preset
        assert isinstance(walk_preset, WalkPreset)
        assert walk_preset.cooldown == "lower-back"


def test_the_floor_stretches_are_their_own_cooldown_for_a_mat_at_home() -> None:
    entry = Catalog.load(None).find("floor-stretches")
    assert isinstance(entry.preset, RoutinePreset) and entry.kind == "cooldown"
    assert "mat" in entry.description
    names = {step.name for step in entry.preset.steps}
    assert {"Knee to chest", "Cat-cow"} <= names
    assert all(step.tip for step in entry.preset.steps)


@pytest.mark.parametrize(
    "name", ["\u200b", "\u200b\u200c\u200d\u2060", "\ufeff", " \u00ad ", "\u0301"]
)
def test_a_name_needs_at_least_one_visible_character(name: str) -> None:
    data = f'kind = "warmup"\nname = "{name}"\n[[steps]]\nname = "S{name}"\nseconds = 5\n'
    parsed = parse_preset(data.encode(), "w.toml")
    assert parsed.problems == ("w.toml: name: expected at least one visible character, got none",)


@pytest.mark.parametrize("name", ["\u200bWalk", "Gehen \u00fcben", "\u6563\u6b69", "\U0001f6b6"])
def test_a_name_with_a_visible_character_is_accepted(name: str) -> None:
    data = f'kind = "warmup"\nname = "{name}"\n[[steps]]\nname = "S"\nseconds = 5\n'
    assert parse_preset(data.encode(), "w.toml").problems == ()


def test_a_preset_starting_with_a_byte_order_mark_is_read() -> None:
    data = b'\xef\xbb\xbfkind = "warmup"\nname = "W"\n[[steps]]\nname = "S"\nseconds = 5\n'
    parsed = parse_preset(data, "w.toml")
    assert parsed.problems == ()
    assert isinstance(parsed.preset, RoutinePreset)


def test_a_long_value_is_cut_to_80_characters_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    value = "brisk" * 180_000  # 900,000 characters, under the limit on what is read
    text = 'kind = "walk"\nname = "W"\n[intervals]\nfast_seconds = 5\nslow_seconds = 5\n'
    path.write_text(text + f'rounds = 1\nfirst = "{value}"\n')
    problems = Catalog.load(None).find(str(path)).problems
    shown = f'"{value[:79]}\N{HORIZONTAL ELLIPSIS}"'
    assert problems == (f'{path}: intervals.first: expected "fast" or "slow", got {shown}',)


def test_a_file_of_ten_megabytes_is_refused_in_one_short_line(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_text('kind = "walk"\nname = "' + "x" * 10_000_000 + '"\n')
    problems = Catalog.load(None).find(str(path)).problems
    size = path.stat().st_size
    assert problems == (
        f"{path}: too large: {size:,} bytes, more than the limit of 1 MiB (1,048,576 bytes)",
    )


def walk_with(intervals: str) -> bytes:
    return (
        b'kind = "walk"\nname = "W"\n[intervals]\nfast_seconds = 5\nslow_seconds = 6\nrounds = 1\n'
        + intervals.encode()
    )


def test_cadences_are_optional_steps_per_minute_from_60_to_200() -> None:
    parsed = parse_preset(walk_with(""), "w.toml")
    assert isinstance(parsed.preset, WalkPreset)
    assert (parsed.preset.intervals.fast_cadence, parsed.preset.intervals.slow_cadence) == (
        None,
        None,
    )
    for fast, slow in ((60, 200), (115, 95), (200, 60)):
        parsed = parse_preset(walk_with(f"fast_cadence = {fast}\nslow_cadence = {slow}\n"), "w")
        assert isinstance(parsed.preset, WalkPreset), parsed.problems
        intervals = parsed.preset.intervals
        assert (intervals.fast_cadence, intervals.slow_cadence) == (fast, slow)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("fast_cadence = 59", "intervals.fast_cadence: expected an integer >= 60, got 59"),
        ("slow_cadence = 201", "intervals.slow_cadence: expected an integer <= 200, got 201"),
        ("fast_cadence = 115.0", "intervals.fast_cadence: expected an integer, got 115.0"),
        ('fast_cadence = "115"', 'intervals.fast_cadence: expected an integer, got "115"'),
        ("slow_cadence = true", "intervals.slow_cadence: expected an integer, got true"),
        ("cadence = 115", "intervals.cadence: unknown key"),
    ],
)
def test_a_cadence_is_checked_as_strictly_as_the_seconds(line: str, expected: str) -> None:
    parsed = parse_preset(walk_with(f"{line}\n"), "w.toml")
    assert parsed.preset is None
    assert parsed.problems == (f"w.toml: {expected}",)


def test_both_bad_cadences_are_reported_together() -> None:
    parsed = parse_preset(walk_with("fast_cadence = 20\nslow_cadence = 400\n"), "w.toml")
    assert parsed.problems == (
        "w.toml: intervals.fast_cadence: expected an integer >= 60, got 20",
        "w.toml: intervals.slow_cadence: expected an integer <= 200, got 400",
    )


def test_a_cadence_override_is_checked_against_the_same_limits() -> None:
    assert check_override("cadence", 60) == check_override("cadence", 200) == []
    assert check_override("cadence", 50) == ["cadence: expected an integer >= 60, got 50"]
    assert check_override("cadence", 201) == ["cadence: expected an integer <= 200, got 201"]
    assert check_override("fast_cadence", 59) == ["fast_cadence: expected an integer >= 60, got 59"]
    assert (MIN_CADENCE, MAX_CADENCE) == (60, 200)

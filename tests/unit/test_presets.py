"""Preset files: one fixture per failure mode, each with the exact message a walker sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from walktimer.domain.catalog import Catalog
from walktimer.domain.presets import RoutinePreset, WalkPreset, parse_preset
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
        ("unknown-kind.toml", 'kind: expected "walk", "warmup" or "cooldown", got "jog"'),
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


def test_a_warmup_id_that_names_a_cooldown_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    assert problems_of("wrong-routine-kind.toml") == [
        "tests/fixtures/presets/wrong-routine-kind.toml: warmup: "
        "presets/cooldowns/lower-back.toml: is a cool-down, not a warm-up"
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
    assert {"lower-back", "quick-stretch"} <= {e.id for e in catalog.entries("cooldown")}


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

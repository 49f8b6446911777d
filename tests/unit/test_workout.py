"""A walk as a workout for a watch or intervals.icu: every planned second in a step, the
intervals as one repeated pair in the walk's order, names that fit whatever they hold."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from walktimer.domain.catalog import Catalog
from walktimer.domain.plan import Plan, build_plan
from walktimer.domain.presets import RoutinePreset, WalkPreset, parse_preset
from walktimer.domain.workout import (
    ELLIPSIS,
    NAME_LIMIT,
    NOTES_LIMIT,
    TEXT_BYTES,
    RepeatStep,
    TimedStep,
    Workout,
    build_workout,
    fit_text,
    icu_duration,
    icu_text,
)

BUNDLED_WALKS = ["classic-30-30", "first-steps", "iwt-3x3", "brisk-cadence-30-30"]


def toml_string(text: str) -> str:
    """`text` as a TOML string, its control characters escaped as TOML and JSON both do."""
    return json.dumps(text, ensure_ascii=False)


def walk(first: str = "fast", rounds: int = 3, name: str = "Test walk") -> WalkPreset:
    text = (
        f'kind = "walk"\nname = {toml_string(name)}\n[intervals]\n'
        f'fast_seconds = 40\nslow_seconds = 70\nrounds = {rounds}\nfirst = "{first}"\n'
    )
    parsed = parse_preset(text.encode(), "walk.toml")
    assert isinstance(parsed.preset, WalkPreset), parsed.problems
    return parsed.preset


def routine(kind: str, steps: str) -> RoutinePreset:
    parsed = parse_preset(f'kind = "{kind}"\nname = "R"\n{steps}'.encode(), "routine.toml")
    assert isinstance(parsed.preset, RoutinePreset), parsed.problems
    return parsed.preset


STRETCH = (
    '[[steps]]\nname = {name}\nseconds = 30\nsides = true\nswitch_seconds = 5\ntip = "Hold."\n'
)
EASY = '[[steps]]\nname = "Easy walk"\nseconds = 120\ntip = "Slow down gradually."\n'


# intervals.icu's workout text as its workout builder's guide describes it. A step is a line
# `- ` of words. A duration is a word like 30s, 10m, 1h, 1m30, 1h2m30s, 5', 30" or 1'30"; a
# distance 2km, 1mi, 0.4km, 500mtr; a target 75%, 95-105%, 220w, Z2, Z3-Z4, CZ1, a pace 5:00 or
# 5:00/km; a cadence 90rpm, 85-95rpm, or a number followed by the word rpm; 4x repeats; `ramp`,
# `freeride` and `press lap` are keywords. All the text before the first of these is the step's
# cue. A line that is not a step and ends in `Nx` repeats the steps under it N times. Words are
# read whatever their case, and with any sentence punctuation around them taken off.
ICU_DURATIONS = [
    (re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?"), (3600, 60, 1)),
    (re.compile(r"(\d+)m(\d+)"), (60, 1)),
    (re.compile(r"(?:(\d+)')?(?:(\d+)\")?"), (60, 1)),
]
ICU_OTHER_WORDS = re.compile(
    r"\d+(?:\.\d+)?(?:km|mi|mtr)|\d+(?:-\d+)?(?:%|w|rpm|bpm|spm)|c?z\d(?:-c?z\d)?"
    r"|\d+:\d\d(?::\d\d)?(?:/\w+)?|\d+x|ramp|freeride"
)
ICU_KEYWORD_PAIRS = {("press", "lap"), ("lap", "press")}
SENTENCE_MARKS = ".,;!?()[]{}"


def icu_duration_seconds(word: str) -> int | None:
    """The seconds of a duration word, or None for any other word."""
    for pattern, units in ICU_DURATIONS:
        found = pattern.fullmatch(word)
        if found and any(found.groups()):
            return sum(
                int(part or 0) * unit for part, unit in zip(found.groups(), units, strict=True)
            )
    return None


def icu_step(line: str) -> tuple[str, int]:
    """A step line's cue and seconds. Fails unless the last word, a duration, is the only word
    intervals.icu reads as part of the step."""
    words = line.removeprefix("- ").split()
    bare = [word.lower().strip(SENTENCE_MARKS) for word in words]
    read = {
        index
        for index, word in enumerate(bare)
        if icu_duration_seconds(word) is not None or ICU_OTHER_WORDS.fullmatch(word)
    }
    for index, pair in enumerate(itertools.pairwise(bare)):
        if pair in ICU_KEYWORD_PAIRS or (
            re.fullmatch(r"\d+(?:-\d+)?", pair[0]) and pair[1] == "rpm"
        ):
            read |= {index, index + 1}
    assert read == {len(words) - 1}, f"{line!r}: read as {[words[i] for i in sorted(read)]}"
    seconds = icu_duration_seconds(bare[-1])
    assert seconds is not None, line
    return " ".join(words[:-1]), seconds


def icu_seconds(text: str) -> int:
    """What intervals.icu times: each step once, or N times under a line ending in `Nx`."""
    total, times = 0, 1
    for line in text.splitlines():
        if line.startswith("- "):
            total += icu_step(line)[1] * times
        elif line:
            found = re.fullmatch(r"(?:.*\s)?(\d+)x", line, re.IGNORECASE)
            times = int(found.group(1)) if found else 1
    return total


def watch_seconds(workout: Workout) -> int:
    """The time a watch takes over the workout, as Garmin's FIT SDK counts a repeat step: the
    block from the step it points back at runs its number of times in all."""
    total = 0
    for index, step in enumerate(workout.steps):
        if isinstance(step, TimedStep):
            total += step.seconds
        else:
            block = workout.steps[step.back_to : index]
            once = sum(s.seconds for s in block if isinstance(s, TimedStep))
            total += once * (step.times - 1)
    return total


@pytest.mark.parametrize("walk_id", BUNDLED_WALKS)
@pytest.mark.parametrize(
    "overrides",
    [{}, {"warmup_ref": "none", "rounds": 3, "fast_seconds": 45, "slow_seconds": 60}],
    ids=["as-planned", "overridden"],
)
def test_every_bundled_walk_takes_as_long_on_the_watch_and_on_intervals_icu_as_planned(
    walk_id: str, overrides: dict[str, object]
) -> None:
    plan = Catalog.load(None).plan(walk_id, **overrides)  # type: ignore[arg-type]
    workout = build_workout(plan)
    assert watch_seconds(workout) == plan.total_seconds
    assert icu_seconds(icu_text(plan)) == plan.total_seconds


def test_steps_follow_the_plan_warm_up_then_one_pair_repeated_then_cool_down() -> None:
    plan = Catalog.load(None).plan("first-steps")
    steps = build_workout(plan).steps
    timed = [(s.name, s.seconds, s.intensity) for s in steps if isinstance(s, TimedStep)]
    assert timed == [
        ("Slow easy walk", 180, "warmup"),
        ("Easy walk, a little quicker", 120, "warmup"),
        ("Brisk walk", 30, "active"),
        ("Easy walk", 30, "recovery"),
        ("Easy walk", 60, "cooldown"),
        ("Standing hamstring stretch, left side", 30, "cooldown"),
        ("Standing hamstring stretch, right side", 30, "cooldown"),
        ("Standing hip flexor stretch, left side", 30, "cooldown"),
        ("Standing hip flexor stretch, right side", 30, "cooldown"),
    ]
    assert steps[4] == RepeatStep(back_to=2, times=4)  # the pair runs four times in all


def test_the_tips_travel_as_the_steps_notes() -> None:
    plan = Catalog.load(None).plan("first-steps")
    tips = [p.tip for p in plan.phases if p.round in (None, 1)]
    notes = [s.notes for s in build_workout(plan).steps if isinstance(s, TimedStep)]
    assert notes == tips


def test_a_one_sided_stretch_is_a_step_for_each_side_and_one_to_change_sides() -> None:
    cooldown = routine("cooldown", STRETCH.format(name=toml_string("Hamstring")))
    plan = build_plan("w", walk(rounds=1), None, ("c", cooldown))
    steps = build_workout(plan).steps
    assert [(s.name, s.seconds) for s in steps if isinstance(s, TimedStep)][2:] == [
        ("Hamstring, left side", 30),
        ("Hamstring, change sides", 5),
        ("Hamstring, right side", 30),
    ]


def test_a_slow_first_walk_gives_recovery_before_active_and_repeats_from_the_recovery() -> None:
    warmup = routine("warmup", EASY)
    plan = build_plan("w", walk(first="slow", rounds=5), ("e", warmup), None)
    steps = build_workout(plan).steps
    assert [getattr(s, "intensity", None) for s in steps] == [
        "warmup",
        "recovery",
        "active",
        None,
    ]
    assert steps[3] == RepeatStep(back_to=1, times=5)
    assert watch_seconds(build_workout(plan)) == 120 + 5 * 110 == plan.total_seconds


def test_one_round_needs_no_repeat_step() -> None:
    plan = build_plan("w", walk(rounds=1), None, None)
    workout = build_workout(plan)
    assert [type(s) for s in workout.steps] == [TimedStep, TimedStep]
    assert watch_seconds(workout) == 110 == plan.total_seconds
    assert icu_text(plan) == "Main Set\n- Brisk walk 40s\n- Easy walk 1m10s\n"


def test_intervals_alone_repeat_from_the_first_step() -> None:
    plan = build_plan("w", walk(rounds=3), None, None)
    workout = build_workout(plan)
    assert workout.steps[2] == RepeatStep(back_to=0, times=3)
    assert watch_seconds(workout) == 330 == plan.total_seconds
    assert icu_text(plan) == "Main Set 3x\n- Brisk walk 40s\n- Easy walk 1m10s\n"


def test_a_plan_without_intervals_is_its_routines_alone() -> None:
    """Presets ask for a round at least; a plan of none still makes a workout."""
    warmup, cooldown = routine("warmup", EASY), routine("cooldown", EASY)
    plan = build_plan("w", walk(), ("e", warmup), ("c", cooldown), rounds=0)
    workout = build_workout(plan)
    assert [s.intensity for s in workout.steps if isinstance(s, TimedStep)] == [
        "warmup",
        "cooldown",
    ]
    assert watch_seconds(workout) == 240 == plan.total_seconds
    assert icu_text(plan) == "Warmup\n- Easy walk 2m\n\nCooldown\n- Easy walk 2m\n"
    empty = build_plan("w", walk(), None, None, rounds=0)
    assert (build_workout(empty).steps, icu_text(empty)) == ((), "")


def test_icu_text_has_a_section_for_each_part_of_the_walk() -> None:
    warmup = routine("warmup", EASY)
    cooldown = routine("cooldown", STRETCH.format(name=toml_string("Calf")))
    plan = build_plan("w", walk(rounds=4), ("e", warmup), ("c", cooldown))
    assert icu_text(plan) == (
        "Warmup\n- Easy walk 2m\n\n"
        "Main Set 4x\n- Brisk walk 40s\n- Easy walk 1m10s\n\n"
        "Cooldown\n- Calf, left side 30s\n- Calf, change sides 5s\n- Calf, right side 30s\n"
    )


def named(plan: Plan, name: str) -> Plan:
    """The plan with every phase given `name`."""
    phases = tuple(dataclasses.replace(p, name=name, step_name=name) for p in plan.phases)
    return dataclasses.replace(plan, phases=phases)


def interval_walk(rounds: int = 3) -> Plan:
    warmup, cooldown = routine("warmup", EASY), routine("cooldown", EASY)
    return build_plan("w", walk(rounds=rounds), ("e", warmup), ("c", cooldown))


@pytest.mark.parametrize(
    ("name", "cue"),
    [
        ("Walk 5m easy", "Walk 5 m easy"),
        (
            "ramp Z2 60% 2km 90rpm freeride, press lap",
            '"ramp" Z 2 60 % 2 km 90 "rpm" "freeride", "press lap"',
        ),
        (
            "1m30 4x 5:30 90 rpm 1'30\" CZ1 0.4km",
            '1 m 30 4 x 5 : 30 90 "rpm" 1 \' 30 " CZ 1 0.4 km',
        ),
    ],
)
def test_a_step_name_is_the_cue_before_the_duration_and_none_of_its_words_adds_to_the_step(
    name: str, cue: str
) -> None:
    plan = named(interval_walk(), name)
    text = icu_text(plan)
    assert icu_seconds(text) == plan.total_seconds  # every step line read as one duration
    assert {icu_step(line)[0] for line in text.splitlines() if line.startswith("- ")} == {cue}


ICU_WORDS = [
    "5m", "30s", "1h", "1m30", "1h2m30s", "5'", '30"', "1'30\"", "2km", "0.4km", "500mtr",
    "1mi", "60%", "95-105%", "220w", "Z2", "z3-Z4", "CZ1", "5:00", "5:00/km", "90rpm",
    "85-95rpm", "90", "rpm", "RPM", "ramp", "Ramp", "freeride", "press", "lap", "3x", "(5m)",
    "5m,", "60^30", "x", "-",
]  # fmt: skip


@given(
    st.lists(
        st.one_of(st.sampled_from(ICU_WORDS), st.text(min_size=1, max_size=6)),
        min_size=1,
        max_size=10,
    )
)
def test_no_name_changes_what_intervals_icu_times(words: list[str]) -> None:
    plan = named(interval_walk(), " ".join(words))
    text = icu_text(plan)
    assert icu_seconds(text) == plan.total_seconds
    assert all(icu_step(line)[0] for line in text.splitlines() if line.startswith("- "))


def test_a_name_with_nothing_to_show_is_the_kind_of_its_step() -> None:
    plan = named(interval_walk(rounds=2), "\x07\x1b")
    assert icu_text(plan) == (
        "Warmup\n- WARM-UP 2m\n\n"
        "Main Set 2x\n- FAST 40s\n- SLOW 1m10s\n\n"
        "Cooldown\n- COOL-DOWN 2m\n"
    )
    names = [s.name for s in build_workout(plan).steps if isinstance(s, TimedStep)]
    assert names == ["WARM-UP", "FAST", "SLOW", "COOL-DOWN"]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "1s"), (30, "30s"), (60, "1m"), (90, "1m30s"), (3600, "1h"), (3725, "1h2m5s")],
)
def test_icu_durations_use_hours_minutes_and_seconds(seconds: int, text: str) -> None:
    assert icu_duration(seconds) == text


HOSTILE = (
    "Wälk 🚶\u200d♀️🏽 e\u0301\u0302 漢字かな 🇫🇷🇩🇪 \x07\x1b[31m tab\there 👨\u200d👩\u200d👧 end"
)


def test_a_long_unicode_name_is_cut_between_whole_characters_and_ends_in_an_ellipsis() -> None:
    name = (HOSTILE * 2)[:60]
    cut = fit_text(name, NAME_LIMIT)
    assert cut.endswith(ELLIPSIS)
    assert len(cut) <= NAME_LIMIT
    assert not any(unicodedata.category(c) == "Cc" for c in cut)
    kept = cut.removesuffix(ELLIPSIS).rstrip()
    cleaned = unicodedata.normalize("NFC", " ".join(name.replace("\x07", "").split()))
    assert cleaned.replace("\x1b", "").startswith(kept)
    follows = cleaned.replace("\x1b", "")[len(kept) : len(kept) + 1]
    assert follows == "" or unicodedata.category(follows) not in ("Mn", "Me")
    assert follows not in ("\u200d", "\ufe0f", "\U0001f3fd")


def test_a_name_that_fits_is_kept_with_its_controls_removed() -> None:
    assert fit_text("Knee\x07 to\nchest\x1b", NAME_LIMIT) == "Knee to chest"
    assert fit_text("a\ud800b\x85c", NAME_LIMIT) == "ab c"  # a lone surrogate, NEL


def test_an_emoji_sequence_and_a_flag_are_never_split() -> None:
    family = "👨\u200d👩\u200d👧"
    assert fit_text(family * 3, 6) == family + ELLIPSIS
    assert fit_text("🇫🇷🇩🇪🇯🇵", 4) == "🇫🇷" + ELLIPSIS


def test_notes_are_cut_to_what_a_fit_string_holds() -> None:
    notes = fit_text("🚶" * 300, NOTES_LIMIT)
    assert len(notes.encode("utf-8")) <= TEXT_BYTES
    assert notes.endswith(ELLIPSIS)


@given(st.text(max_size=400), st.integers(min_value=1, max_value=NOTES_LIMIT))
def test_any_text_fits_and_never_fails(text: str, limit: int) -> None:
    cut = fit_text(text, limit)
    assert len(cut) <= limit
    assert len(cut.encode("utf-8")) <= TEXT_BYTES
    assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in cut)


def test_a_long_one_sided_step_keeps_its_side_and_is_cut_alike_on_every_side() -> None:
    long_name = "Standing hamstring stretch with a towel 漢字 🚶\u200d♀️ e\u0301"
    cooldown = routine("cooldown", STRETCH.format(name=toml_string(long_name)))
    plan = build_plan("w", walk(rounds=1, name=HOSTILE[:40]), None, ("c", cooldown))
    workout = build_workout(plan)
    names = [s.name for s in workout.steps if isinstance(s, TimedStep)][2:]
    assert [n.rsplit(", ", 1)[1] for n in names] == ["left side", "change sides", "right side"]
    assert len({n.rsplit(", ", 1)[0] for n in names}) == 1  # the same cut on every side
    assert all(len(n) <= NAME_LIMIT and ELLIPSIS in n for n in names)
    assert len(workout.name) <= NAME_LIMIT
    assert "\x07" not in workout.name


def test_the_walk_name_becomes_the_workout_name() -> None:
    plan = Catalog.load(None).plan("iwt-3x3")
    assert build_workout(plan).name == "Interval Walking Training 3x3"

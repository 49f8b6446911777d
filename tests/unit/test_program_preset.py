"""Programme presets: decoded strictly, checked against the walks they name, planned by week."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import REPO, Xdg
from tests.fakes import run_main as run
from tests.unit.test_fuzz_files import (
    FUZZ,
    assert_json,
    assert_shown_safely,
    files_under,
    folders,
    values,
)
from tests.unit.test_fuzz_files import run as fuzz_run
from walktimer.domain.catalog import Catalog
from walktimer.domain.plan import PhaseKind
from walktimer.domain.presets import parse_preset
from walktimer.domain.program import ProgramPreset, ProgramWeek
from walktimer.errors import PresetError

Capture = pytest.CaptureFixture[str]
HEAD = 'kind = "program"\nname = "Mine"\nwalks_per_week = 3\n'
WEEK = '[[weeks]]\nwalk = "first-steps"\n'


def problems(text: str) -> list[str]:
    return list(parse_preset(text.encode(), "p.toml").problems)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def weeks(count: int, extra: str = "") -> str:
    return (WEEK + extra) * count


# --- decoding -------------------------------------------------------------------------------


def test_a_programme_decodes_into_its_weeks_with_their_changes() -> None:
    text = HEAD + WEEK + 'note = "Gently."\n' + WEEK + 'rounds = 6\nwarmup = "none"\n'
    parsed = parse_preset(text.encode(), "p.toml")
    assert parsed.kind == "program"
    assert parsed.preset == ProgramPreset(
        kind="program",
        name="Mine",
        walks_per_week=3,
        weeks=[
            ProgramWeek(walk="first-steps", note="Gently."),
            ProgramWeek(walk="first-steps", warmup="none", rounds=6),
        ],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEAD + WEEK + "colour = 1\n", "weeks[1].colour: unknown key"),
        (HEAD + "colour = 1\n" + WEEK, "colour: unknown key"),
        (HEAD + '[[weeks]]\nnote = "x"\n', "weeks[1].walk: missing required key"),
        (HEAD + '[[weeks]]\nwalk = ""\n', 'weeks[1].walk: expected a walk id, got ""'),
        (HEAD + WEEK + "rounds = 0\n", "weeks[1].rounds: expected an integer >= 1, got 0"),
        (HEAD + WEEK + "rounds = 201\n", "weeks[1].rounds: expected an integer <= 200, got 201"),
        (
            HEAD + WEEK + "fast_seconds = 3601\n",
            "weeks[1].fast_seconds: expected an integer <= 3600, got 3601",
        ),
        (
            HEAD + WEEK + 'slow_seconds = "30"\n',
            'weeks[1].slow_seconds: expected an integer, got "30"',
        ),
        (HEAD + WEEK + 'warmup = ""\n', 'weeks[1].warmup: expected a preset id or "none", got ""'),
        (HEAD + "weeks = []\n", "weeks: expected 1 to 52 weeks, got 0"),
        (HEAD + weeks(53), "weeks: expected 1 to 52 weeks, got 53"),
        (HEAD, "weeks: missing required key"),
        (
            HEAD.replace("walks_per_week = 3", "walks_per_week = 0") + WEEK,
            "walks_per_week: expected an integer >= 1, got 0",
        ),
        (
            HEAD.replace("walks_per_week = 3", "walks_per_week = 8") + WEEK,
            "walks_per_week: expected an integer <= 7, got 8",
        ),
        (
            HEAD + WEEK + f'note = "{"x" * 501}"\n',
            "weeks[1].note: expected at most 500 characters, got 501",
        ),
        (
            HEAD + WEEK + 'note = "one\\n\\ntwo"\n',
            "weeks[1].note: expected one paragraph, without line breaks or control characters",
        ),
    ],
)
def test_each_problem_of_a_programme_is_one_line_naming_its_key(text: str, expected: str) -> None:
    assert problems(text) == [f"p.toml: {expected}"]


def test_weeks_one_and_fifty_two_are_the_limits() -> None:
    assert problems(HEAD + weeks(1)) == []
    assert problems(HEAD + weeks(52)) == []


def test_every_problem_of_a_programme_is_reported_at_once() -> None:
    text = (
        'kind = "program"\nname = ""\nwalks_per_week = 9\ncolour = "red"\n'
        + "[[weeks]]\nrounds = 0\n"
        + WEEK
        + 'fast_seconds = 0\nslow_seconds = "long"\nextra = 1\n'
    )
    assert problems(text) == [
        "p.toml: name: expected 1 to 60 characters, got an empty name",
        "p.toml: walks_per_week: expected an integer <= 7, got 9",
        "p.toml: colour: unknown key",
        "p.toml: weeks[1].rounds: expected an integer >= 1, got 0",
        "p.toml: weeks[1].walk: missing required key",
        "p.toml: weeks[2].fast_seconds: expected an integer >= 1, got 0",
        'p.toml: weeks[2].slow_seconds: expected an integer, got "long"',
        "p.toml: weeks[2].extra: unknown key",
    ]


def test_too_many_weeks_are_reported_with_the_problems_of_the_weeks() -> None:
    found = problems(HEAD + weeks(53, "rounds = 0\n"))
    assert found[-1] == "p.toml: weeks: expected 1 to 52 weeks, got 53"
    assert found[0] == "p.toml: weeks[1].rounds: expected an integer >= 1, got 0"
    assert len(found) == 54


# --- the catalog ----------------------------------------------------------------------------


def test_a_week_naming_a_walk_that_is_not_there_makes_the_programme_unusable(xdg: Xdg) -> None:
    path = write(xdg.presets / "mine.toml", HEAD + WEEK + '[[weeks]]\nwalk = "nope"\n')
    entry = Catalog.load(xdg.presets).find("mine")
    assert not entry.usable
    assert entry.total_seconds is None
    assert len(entry.problems) == 1
    assert entry.problems[0].startswith(
        f'{path}: weeks[2].walk: no walk preset named "nope" (there are: '
    )


def test_a_weeks_warmup_and_cooldown_must_be_there_and_be_of_their_kind(xdg: Xdg) -> None:
    text = HEAD + WEEK + 'warmup = "lower-back"\ncooldown = "gone"\n'
    path = write(xdg.presets / "mine.toml", text)
    entry = Catalog.load(xdg.presets).find("mine")
    assert entry.problems[0] == (
        f"{path}: weeks[1].warmup: {REPO / 'presets/cooldowns/lower-back.toml'}: "
        "is a cool-down, not a warm-up"
    )
    assert entry.problems[1].startswith(
        f'{path}: weeks[1].cooldown: no cool-down preset named "gone"'
    )


def test_a_week_naming_a_programme_as_its_walk_is_refused_without_following_it(
    xdg: Xdg,
) -> None:
    path = write(xdg.presets / "mine.toml", HEAD + '[[weeks]]\nwalk = "mine"\n')
    entry = Catalog.load(xdg.presets).find("mine")
    assert entry.problems == (f"{path}: weeks[1].walk: {path}: is a programme, not a walk",)


def test_a_week_whose_walk_is_broken_gives_the_walks_own_problems(xdg: Xdg) -> None:
    walk = write(xdg.presets / "bad.toml", 'kind = "walk"\nname = 5\n')
    path = write(xdg.presets / "mine.toml", HEAD + '[[weeks]]\nwalk = "bad"\n')
    entry = Catalog.load(xdg.presets).find("mine")
    assert entry.problems == (
        f"{path}: weeks[1].walk: {walk}: name: expected a string, got 5",
        f"{path}: weeks[1].walk: {walk}: intervals: missing required key",
    )


def test_a_weeks_walk_that_names_a_missing_warmup_is_named_as_the_weeks_walk(xdg: Xdg) -> None:
    walk_text = 'kind = "walk"\nname = "W"\nwarmup = "gone"\n[intervals]\n'
    walk = write(
        xdg.presets / "b-walk.toml", walk_text + "fast_seconds = 5\nslow_seconds = 5\nrounds = 1\n"
    )
    path = write(xdg.presets / "a-programme.toml", HEAD + '[[weeks]]\nwalk = "b-walk"\n')
    entry = Catalog.load(xdg.presets).find("a-programme")
    assert len(entry.problems) == 1
    assert entry.problems[0].startswith(
        f'{path}: weeks[1].walk: {walk}: warmup: no warm-up preset named "gone"'
    )


def test_a_week_over_six_hours_is_refused_naming_the_week(xdg: Xdg) -> None:
    long_week = '[[weeks]]\nwalk = "iwt-3x3"\nrounds = 200\nfast_seconds = 60\nslow_seconds = 60\n'
    path = write(xdg.presets / "mine.toml", HEAD + WEEK + long_week)
    entry = Catalog.load(xdg.presets).find("mine")
    assert entry.problems == (
        f"{path}: weeks[2]: the whole walk takes 6:52:05, more than the limit of 6:00:00",
    )


def test_a_programme_whose_file_name_cannot_be_recorded_is_unusable(xdg: Xdg) -> None:
    path = write(xdg.presets / "my programme.toml", HEAD + WEEK)
    entry = Catalog.load(xdg.presets).find("my programme")
    assert entry.problems == (
        f"{path}: expected a file name of letters, digits, - and _, at most 64 characters, "
        'got "my programme"',
    )


def test_program_gives_the_id_and_the_preset_and_refuses_other_kinds(xdg: Xdg) -> None:
    catalog = Catalog.load(xdg.presets)
    found, program = catalog.program("back-to-walking")
    assert (found, program.name, len(program.weeks)) == ("back-to-walking", "Back to walking", 8)
    with pytest.raises(PresetError) as refused:
        catalog.program("first-steps")
    assert refused.value.problems[0].endswith("first-steps.toml: is a walk, not a programme")
    with pytest.raises(PresetError) as refused:
        catalog.program("nope")
    assert refused.value.problems == [
        'no programme preset named "nope" (there are: back-to-walking, iwt-8-weeks)'
    ]


def test_a_broken_programme_cannot_be_planned(xdg: Xdg) -> None:
    path = write(xdg.presets / "mine.toml", HEAD + '[[weeks]]\nwalk = "nope"\n')
    catalog = Catalog.load(xdg.presets)
    with pytest.raises(PresetError) as refused:
        catalog.week_plan("mine", 1)
    assert refused.value.problems[0].startswith(f"{path}: weeks[1].walk: ")


def test_week_plan_applies_the_weeks_changes_and_marks_the_plan(xdg: Xdg) -> None:
    text = (
        HEAD
        + WEEK
        + '[[weeks]]\nwalk = "classic-30-30"\nwarmup = "none"\ncooldown = "quick-stretch"\n'
        + "rounds = 3\nfast_seconds = 45\nslow_seconds = 15\n"
    )
    write(xdg.presets / "mine.toml", text)
    catalog = Catalog.load(xdg.presets)
    plan = catalog.week_plan("mine", 2)
    assert (plan.walk_id, plan.warmup_id, plan.cooldown_id) == (
        "classic-30-30",
        "none",
        "quick-stretch",
    )
    assert (plan.rounds, plan.fast_seconds, plan.slow_seconds) == (3, 45, 15)
    assert (plan.program, plan.program_week) == ("mine", 2)
    assert plan.phases[0].kind is PhaseKind.FAST
    assert plan.total_seconds == 3 * 60 + 180
    first = catalog.week_plan("mine", 1)
    assert (first.walk_id, first.warmup_id, first.rounds) == ("first-steps", "easy-walk", 4)
    assert (first.program, first.program_week) == ("mine", 1)
    assert catalog.plan("first-steps").program is None  # a walk by itself is no programme's


@pytest.mark.parametrize("week", [0, 3, -1])
def test_a_week_the_programme_does_not_have_is_refused(xdg: Xdg, week: int) -> None:
    write(xdg.presets / "mine.toml", HEAD + weeks(2))
    with pytest.raises(PresetError) as refused:
        Catalog.load(xdg.presets).week_plan("mine", week)
    assert refused.value.problems == [f"mine: no week {week}; the programme has 2"]


def test_a_programme_named_by_its_path_plans_its_weeks(tmp_path: Path) -> None:
    path = write(tmp_path / "plan-a.toml", HEAD + WEEK + "rounds = 5\n")
    plan = Catalog.load(None).week_plan(str(path), 1)
    assert (plan.program, plan.program_week, plan.rounds) == ("plan-a", 1, 5)


# --- the bundled programmes -----------------------------------------------------------------


def week_plans(program_id: str) -> list[tuple[int, int, int, int]]:
    """(rounds, fast, slow, total seconds) of each week."""
    catalog = Catalog.load(None)
    _, program = catalog.program(program_id)
    plans = [catalog.week_plan(program_id, n) for n in range(1, len(program.weeks) + 1)]
    return [(p.rounds, p.fast_seconds, p.slow_seconds, p.total_seconds) for p in plans]


@pytest.mark.parametrize("program_id", ["back-to-walking", "iwt-8-weeks"])
def test_the_bundled_programmes_are_usable_and_pass_validate(
    program_id: str, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = Catalog.load(None).find(program_id)
    assert entry.usable, entry.problems
    assert entry.kind == "program" and entry.source == "bundled"
    monkeypatch.chdir(REPO)
    done = run(capsys, "presets", "validate", f"presets/programs/{program_id}.toml")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"presets/programs/{program_id}.toml: ok (programme ")


@pytest.mark.parametrize("program_id", ["back-to-walking", "iwt-8-weeks"])
def test_every_week_plans_to_the_minutes_and_rounds_its_note_says(program_id: str) -> None:
    words = {"two": 2, "three": 3, "four": 4, "five": 5, "eight": 8, "nine": 9, "eleven": 11}
    words |= {"twelve": 12, "thirteen": 13, "fourteen": 14}
    _, program = Catalog.load(None).program(program_id)
    for week, (rounds, _, _, total) in zip(program.weeks, week_plans(program_id), strict=True):
        assert week.note, "every week has a note"
        if minutes := re.search(r"about (\d+) minutes", week.note):
            assert abs(int(minutes[1]) - total / 60) <= 1, (week.note, total)
        if said := re.search(r"(\w+) rounds", week.note, re.IGNORECASE):
            assert words[said[1].lower()] == rounds, (week.note, rounds)


def test_back_to_walking_goes_from_about_12_minutes_to_about_40_three_times_a_week() -> None:
    _, program = Catalog.load(None).program("back-to-walking")
    assert (program.walks_per_week, len(program.weeks)) == (3, 8)
    totals = [total for *_, total in week_plans("back-to-walking")]
    assert 10 * 60 <= totals[0] <= 15 * 60
    assert 38 * 60 <= totals[-1] <= 42 * 60
    assert totals == sorted(totals), "a little more each week"
    assert program.weeks[0].walk == "first-steps"
    assert program.weeks[0].note.startswith("Easy does it")
    assert "stop at any sharp pain" in program.weeks[0].note.lower()


def test_iwt_builds_up_to_five_rounds_of_three_minutes_brisk_and_easy() -> None:
    _, program = Catalog.load(None).program("iwt-8-weeks")
    assert (program.walks_per_week, len(program.weeks)) == (3, 8)
    assert {week.walk for week in program.weeks} == {"iwt-3x3"}
    plans = week_plans("iwt-8-weeks")
    assert [rounds for rounds, *_ in plans] == [2, 3, 3, 4, 4, 5, 5, 5]
    assert plans[-1][:3] == (5, 180, 180)
    assert all(fast <= 180 and slow <= 180 for _, fast, slow, _ in plans)
    notes = " ".join(week.note for week in program.weeks)
    assert "60 brisk minutes a week" in notes and "four or more walks" in notes


# --- the commands ---------------------------------------------------------------------------


def test_presets_list_shows_programmes_after_the_cooldowns(capsys: Capture, xdg: Xdg) -> None:
    listing = json.loads(run(capsys, "presets", "list", "--json").stdout)
    kinds = [item["kind"] for item in listing]
    assert kinds.index("program") > max(i for i, k in enumerate(kinds) if k == "cooldown")
    programmes = [item for item in listing if item["kind"] == "program"]
    assert [(p["id"], p["usable"]) for p in programmes] == [
        ("back-to-walking", True),
        ("iwt-8-weeks", True),
    ]
    only = json.loads(run(capsys, "presets", "list", "--kind", "program", "--json").stdout)
    assert only == programmes
    table = run(capsys, "presets", "list").stdout
    row = next(line for line in table.splitlines() if line.split()[:1] == ["back-to-walking"])
    assert row.split()[1:4] == ["program", "Back", "to"]


def test_a_broken_user_programme_is_listed_as_unusable_with_its_reason(
    capsys: Capture, xdg: Xdg
) -> None:
    path = write(xdg.presets / "mine.toml", HEAD + WEEK + "rounds = 0\n")
    listing = json.loads(run(capsys, "presets", "list", "--kind", "program", "--json").stdout)
    mine = next(item for item in listing if item["id"] == "mine")
    assert (mine["usable"], mine["source"], listing[-1]["id"]) == (False, "user", "mine")
    assert mine["error"] == f"{path}: weeks[1].rounds: expected an integer >= 1, got 0"
    table = run(capsys, "presets", "list")
    assert table.returncode == 0
    assert f"{path}: weeks[1].rounds: expected an integer >= 1, got 0" in table.stdout


def test_presets_show_json_of_a_programme_gives_its_weeks(capsys: Capture) -> None:
    done = run(capsys, "presets", "show", "back-to-walking", "--json")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert (shown["kind"], shown["walks_per_week"], len(shown["weeks"])) == ("program", 3, 8)
    assert shown["weeks"][0] == {
        "week": 1,
        "walk": "first-steps",
        "note": shown["weeks"][0]["note"],
        "total_seconds": 720,
    }
    totals = [week["total_seconds"] for week in shown["weeks"]]
    assert totals == [total for *_, total in week_plans("back-to-walking")]
    assert [week["week"] for week in shown["weeks"]] == list(range(1, 9))


# --- hostile programmes ---------------------------------------------------------------------

WEEK_VALUES = st.one_of(
    values(),
    st.sampled_from(['"first-steps"', '"none"', '"easy-walk"', '"mine"', "3", "0", "201", '""']),
)
TOP_VALUES = st.one_of(values(), st.sampled_from(["3", '"P"']))
WEEK_KEYS = ["walk", "note", "warmup", "cooldown", "rounds", "fast_seconds", "slow_seconds", "x"]


@st.composite
def programmes(draw: st.DrawFn) -> bytes:
    """A programme file whose keys and weeks hold anything, hostile text and numbers included."""
    lines = ['kind = "program"']
    for key in draw(st.lists(st.sampled_from(["name", "description", "walks_per_week", "x"]))):
        lines.append(f"{key} = {draw(TOP_VALUES)}")
    for _ in range(draw(st.integers(0, 4))):
        lines.append("[[weeks]]")
        for key in draw(st.lists(st.sampled_from(WEEK_KEYS), max_size=5, unique=True)):
            lines.append(f"{key} = {draw(WEEK_VALUES)}")
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@FUZZ
@given(text=programmes(), name=st.sampled_from(["mine", "bad\x1b]0;t\x07", "-x"]))
def test_a_hostile_programme_is_listed_shown_and_checked_without_harm(
    text: bytes, name: str
) -> None:
    with folders() as made:
        path = made.presets / f"{name}.toml"
        path.write_bytes(text)
        before = files_under(made.config)
        assert_shown_safely(fuzz_run("presets", "list", "--kind", "program"), 0)
        assert_json(fuzz_run("presets", "list", "--json"))
        assert_shown_safely(fuzz_run("presets", "show", name), 0, 2)
        shown = fuzz_run("presets", "show", name, "--json")
        assert shown.code in (0, 2) and "Traceback" not in shown.err
        assert_shown_safely(fuzz_run("presets", "validate", str(path)), 0, 2)
        assert files_under(made.config) == before

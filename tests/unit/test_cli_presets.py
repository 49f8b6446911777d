"""`walktimer presets ...` and `--version`: exit code and output, as a user running them sees.

`walktimer.cli.main` runs in this process, from the repository's root as a user would run it
there; tests/e2e runs the real program.
"""

from __future__ import annotations

import itertools
import json
import tomllib
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO, Xdg
from tests.fakes import run_main as run
from walktimer import __version__
from walktimer.domain.words import duration_text

Capture = pytest.CaptureFixture[str]
MY_WARMUP = """kind = "warmup"
name = "Mine"

[[steps]]
name = "March"
seconds = 40
tip = "Knees up, arms swinging."
"""


@pytest.fixture(autouse=True)
def in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative preset paths are read from the repository's root."""
    monkeypatch.chdir(REPO)


def test_version_prints_the_package_version(capsys: Capture) -> None:
    result = run(capsys, "--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"walktimer {__version__}")


def test_presets_list_json_has_the_documented_shape(capsys: Capture, xdg: Xdg) -> None:
    (xdg.presets).mkdir(parents=True)
    (xdg.presets / "broken.toml").write_text('kind = "walk"\n')
    result = run(capsys, "presets", "list", "--json")
    assert result.returncode == 0, result.stderr
    listing = {item["id"]: item for item in json.loads(result.stdout)}
    classic = listing["classic-30-30"]
    assert classic == {
        "id": "classic-30-30",
        "kind": "walk",
        "name": "Classic 30/30",
        "description": classic["description"],
        "source": "bundled",
        "path": str(REPO / "presets" / "walks" / "classic-30-30.toml"),
        "replaces_bundled": False,
        "usable": True,
        "error": None,
        "total_seconds": 1280,
    }
    assert "total_seconds" not in listing["easy-walk"]
    broken = listing["broken"]
    assert (broken["usable"], broken["source"]) == (False, "user")
    where = xdg.presets / "broken.toml"
    assert broken["error"] == (
        f"{where}: name: missing required key; {where}: intervals: missing required key"
    )


def test_presets_list_filters_by_kind(capsys: Capture) -> None:
    result = run(capsys, "presets", "list", "--kind", "cooldown", "--json")
    assert {item["kind"] for item in json.loads(result.stdout)} == {"cooldown"}


def test_presets_list_table_shows_total_durations(capsys: Capture) -> None:
    result = run(capsys, "presets", "list")
    line = next(line for line in result.stdout.splitlines() if "classic-30-30" in line)
    assert "21:20" in line


def test_presets_list_shows_kinds_as_a_preset_file_writes_them(capsys: Capture) -> None:
    result = run(capsys, "presets", "list")
    kinds = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()[1:]}
    assert kinds["first-steps"] == "walk"
    assert kinds["easy-walk"] == "warmup"
    assert kinds["lower-back"] == "cooldown"
    assert "warm-up" not in result.stdout and "cool-down" not in result.stdout


def test_presets_list_marks_a_user_preset_that_replaces_a_bundled_one(
    capsys: Capture, xdg: Xdg, monkeypatch: pytest.MonkeyPatch
) -> None:
    xdg.presets.mkdir(parents=True)
    (xdg.presets / "easy-walk.toml").write_text(MY_WARMUP)
    (xdg.presets / "mine.toml").write_text(MY_WARMUP)
    monkeypatch.setenv("COLUMNS", "80")
    lines = run(capsys, "presets", "list").stdout.splitlines()
    rows = {line.split()[0]: n for n, line in enumerate(lines) if line.strip()}
    assert lines[rows["easy-walk"]].split()[-1] == "user"
    assert lines[rows["easy-walk"] + 1].strip() == "replaces the bundled one"
    assert lines[rows["mine"] + 1].split()[0] == "dynamic-stretches"
    assert lines.count(lines[rows["easy-walk"] + 1]) == 1
    listing = {e["id"]: e for e in json.loads(run(capsys, "presets", "list", "--json").stdout)}
    assert (listing["easy-walk"]["replaces_bundled"], listing["easy-walk"]["source"]) == (
        True,
        "user",
    )
    assert listing["easy-walk"]["path"] == str(xdg.presets / "easy-walk.toml")
    assert listing["mine"]["replaces_bundled"] is False


def test_presets_list_puts_unusable_presets_last_and_their_problems_one_line_each(
    capsys: Capture, xdg: Xdg, monkeypatch: pytest.MonkeyPatch
) -> None:
    xdg.presets.mkdir(parents=True)
    broken = xdg.presets / "aaa.toml"
    broken.write_text('kind = "walk"\nname = 5\n')
    monkeypatch.setenv("COLUMNS", "80")
    lines = run(capsys, "presets", "list").stdout.splitlines()
    ids = [line.split()[0] for line in lines[1:] if line.strip()]
    assert ids[:5] == ["first-steps", "brisk-cadence-30-30", "classic-30-30", "iwt-3x3", "aaa"]
    assert "cannot be used" in next(line for line in lines if line.split()[:1] == ["aaa"])
    assert lines[-2:] == [
        f"{broken}: name: expected a string, got 5",
        f"{broken}: intervals: missing required key",
    ]


def test_presets_show_of_a_cooldown_gives_every_step_its_time_sides_and_tip(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = run(capsys, "presets", "show", "lower-back")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    path = REPO / "presets" / "cooldowns" / "lower-back.toml"
    assert lines[:2] == ["Lower-back stretches  (cooldown, bundled)", str(path)]
    steps = tomllib.loads(path.read_text())["steps"]
    assert f"{len(steps)} steps:" in lines
    for number, step in enumerate(steps, start=1):
        [line] = [x for x in lines if x.startswith(f"  {number}. {step['name']} ")]
        index = lines.index(line)
        tip = itertools.takewhile(lambda x: x.startswith("     "), lines[index + 1 :])
        assert " ".join(" ".join(tip).split()) == step["tip"]
        assert all(len(x) <= 100 for x in lines[index:])  # comfortable even in a wide terminal
        if step.get("sides"):
            assert line.endswith("0:30 each side, 0:05 to change sides") or line.endswith(
                "0:20 each side, 0:05 to change sides"
            )
        else:
            assert line.split()[-1] == duration_text(step["seconds"])


def test_presets_show_of_a_walk_gives_its_warmup_intervals_and_cooldown(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = run(capsys, "presets", "show", "first-steps")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[1] == str(REPO / "presets" / "walks" / "first-steps.toml")
    assert "12:00 in all" in lines
    warmup = lines.index("Warm-up: Easy walk (easy-walk), 5:00")
    assert lines[warmup + 1].split() == ["1.", "Slow", "easy", "walk", "3:00"]
    intervals = next(i for i, x in enumerate(lines) if x.startswith("Intervals: "))
    assert lines[intervals] == (
        "Intervals: 4 rounds of 0:30 brisk and 0:30 easy walking, brisk first, 4:00"
    )
    assert lines[intervals + 1].startswith("  Brisk: A little quicker than easy")
    assert lines[intervals + 2].startswith("  Easy:  Back to easy")
    cooldown = lines.index("Cool-down: Quick stretch (quick-stretch), 3:00")
    assert warmup < intervals < cooldown
    assert lines[cooldown + 3].split() == [
        "2.",
        "Standing",
        "hamstring",
        "stretch",
        "0:30",
        "each",
        "side",
    ]


def test_presets_show_says_when_a_preset_replaces_the_bundled_one(
    capsys: Capture, xdg: Xdg
) -> None:
    xdg.presets.mkdir(parents=True)
    mine = xdg.presets / "easy-walk.toml"
    mine.write_text(MY_WARMUP)
    lines = run(capsys, "presets", "show", "easy-walk").stdout.splitlines()
    assert lines[:2] == ["Mine  (warmup, user, replaces the bundled one)", str(mine)]
    shown = json.loads(run(capsys, "presets", "show", "easy-walk", "--json").stdout)
    assert (shown["replaces_bundled"], shown["path"]) == (True, str(mine))


def test_presets_show_json_of_a_routine_lists_its_steps(capsys: Capture) -> None:
    result = run(capsys, "presets", "show", "lower-back", "--json")
    assert result.returncode == 0
    shown = json.loads(result.stdout)
    path = REPO / "presets" / "cooldowns" / "lower-back.toml"
    steps = tomllib.loads(path.read_text())["steps"]
    assert shown["path"] == str(path)
    assert shown["replaces_bundled"] is False
    assert shown["steps"] == [
        {
            "name": step["name"],
            "seconds": step["seconds"],
            "sides": step.get("sides", False),
            "switch_seconds": step.get("switch_seconds", 0),
            "tip": step["tip"],
        }
        for step in steps
    ]
    assert {"id", "kind", "name", "description", "source", "usable", "error"} <= set(shown)


def test_presets_show_json_of_a_walk_keeps_its_phases(capsys: Capture) -> None:
    shown = json.loads(run(capsys, "presets", "show", "first-steps", "--json").stdout)
    assert shown["total_seconds"] == 720
    assert shown["phases"][2] == {
        "kind": "fast",
        "name": "Brisk walk, round 1/4",
        "seconds": 30,
        "start": 300,
        "tip": shown["phases"][2]["tip"],
        "cadence": None,
    }
    assert "steps" not in shown


def test_presets_show_of_a_walk_with_a_cadence_gives_it_to_each_interval(capsys: Capture) -> None:
    lines = run(capsys, "presets", "show", "brisk-cadence-30-30").stdout.splitlines()
    assert "  Metronome: 110 steps a minute in fast intervals only" in lines
    assert not any(
        "Metronome" in line
        for line in run(capsys, "presets", "show", "classic-30-30").stdout.splitlines()
    )
    shown = json.loads(run(capsys, "presets", "show", "brisk-cadence-30-30", "--json").stdout)
    cadences = {(p["kind"], p["cadence"]) for p in shown["phases"]}
    assert cadences == {("warmup", None), ("fast", 110), ("slow", None), ("cooldown", None)}


def test_presets_show_of_a_relative_path_gives_its_full_path(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mine.toml").write_text(MY_WARMUP)
    monkeypatch.chdir(tmp_path)
    lines = run(capsys, "presets", "show", "mine.toml").stdout.splitlines()
    assert lines[:2] == ["Mine  (warmup, file)", str(tmp_path / "mine.toml")]
    assert lines[-2:] == ["  1. March  0:40", "     Knees up, arms swinging."]


def test_presets_show_unknown_id_exits_2(capsys: Capture) -> None:
    result = run(capsys, "presets", "show", "nope")
    assert (result.returncode, result.stderr) == (2, 'walktimer: no preset named "nope"\n')


def test_validate_prints_one_line_per_problem_and_exits_2(capsys: Capture) -> None:
    bad = str(Path("tests/fixtures/presets/out-of-range.toml"))
    good = "presets/walks/classic-30-30.toml"
    result = run(capsys, "presets", "validate", good, bad)
    assert result.returncode == 2
    assert result.stdout == f'{good}: ok (walk "Classic 30/30")\n'
    assert result.stderr.splitlines() == [
        f"{bad}: intervals.fast_seconds: expected an integer >= 1, got 0",
        f"{bad}: intervals.rounds: expected an integer <= 200, got 201",
    ]
    assert "Traceback" not in result.stderr


def test_validate_all_fixture_failures_without_a_traceback(capsys: Capture) -> None:
    files = sorted(str(p.relative_to(REPO)) for p in (FIXTURES / "presets").glob("*.toml"))
    result = run(capsys, "presets", "validate", *files)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    named = {line.split(": ", 1)[0] for line in result.stderr.splitlines()}
    assert named == set(files)


def test_validate_names_every_problem_of_a_file_at_once(capsys: Capture) -> None:
    bad = "tests/fixtures/presets/several-problems.toml"
    result = run(capsys, "presets", "validate", bad)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"{bad}: name: expected a string, got 5",
        f"{bad}: colour: unknown key",
        f'{bad}: intervals.fast_seconds: expected an integer, got "30"',
        f"{bad}: intervals.rounds: expected an integer <= 200, got 300",
        f'{bad}: intervals.first: expected "fast" or "slow", got "brisk"',
    ]


def test_validate_of_valid_files_exits_0(capsys: Capture) -> None:
    files = sorted(str(p.relative_to(REPO)) for p in (REPO / "presets").rglob("*.toml"))
    result = run(capsys, "presets", "validate", *files)
    assert (result.returncode, result.stderr) == (0, "")
    assert len(result.stdout.splitlines()) == len(files)


def test_a_bad_config_file_is_one_line_and_exit_2(capsys: Capture, xdg: Xdg) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text("weekly_goal = 0\n")
    result = run(capsys, "run", "first-steps", "--plain", "--no-prompts")
    assert result.returncode == 2
    assert result.stderr == (
        f"walktimer: {xdg.config_file}: weekly_goal: expected an integer >= 1, got 0\n"
    )


def test_run_with_a_broken_preset_exits_2_naming_the_file(capsys: Capture, xdg: Xdg) -> None:
    bad = "tests/fixtures/presets/wrong-type.toml"
    result = run(capsys, "run", bad, "--plain", "--no-prompts", "--audio", "none")
    assert result.returncode == 2
    assert (
        result.stderr
        == f'walktimer: {bad}: intervals.fast_seconds: expected an integer, got "30"\n'
    )
    assert not xdg.sessions.exists()

"""`walktimer program list | start | status | stop`, and `walktimer run` with no walk while a
programme is active: the command line run in this process over walks saved as files.

Every history is written through the storage module's writer into the test's own data folder,
as walks are saved, and read back by the commands as they read it.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Xdg, refuse_to_list
from tests.fakes import run_main as run
from tests.unit.storage.summaries import make_summary
from walktimer.commands import catalog
from walktimer.commands.options import RunOptions, plan_for
from walktimer.commands.program import active_today, marks_lines
from walktimer.config import Config, Defaults
from walktimer.domain.progress import day_text
from walktimer.storage import write_summary

Capture = pytest.CaptureFixture[str]
MINE = """kind = "program"
name = "Mine"
description = "Three weeks of first steps."
walks_per_week = 3

[[weeks]]
walk = "first-steps"
note = "Week one."

[[weeks]]
walk = "first-steps"
rounds = 6
note = "Week two."

[[weeks]]
walk = "first-steps"
rounds = 8
"""
FIRST_STEPS = {  # the bundled walk of every week of MINE, as week 1 plans it
    "walk": "first-steps",
    "warmup": "easy-walk",
    "cooldown": "quick-stretch",
    "rounds": 4,
    "fast_seconds": 30,
    "slow_seconds": 30,
    "command": "walktimer run",
}
NO_PROGRAMME = "walktimer: no programme is active\n"


def local_morning(days_ago: int) -> datetime:
    """9:00 in the local time of this machine, `days_ago` days before today."""
    day = date.today() - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, 9, 0).astimezone()


class Walks:
    """The programme `mine` started two weeks ago, and walks saved one after another, each
    five hours after the last unless told."""

    def __init__(self, xdg: Xdg, *, started: int = 14) -> None:
        self.xdg = xdg
        self.moment = local_morning(started)
        xdg.presets.mkdir(parents=True, exist_ok=True)
        (xdg.presets / "mine.toml").write_text(MINE)

    def walk(self, week: int | None, *, program: str | None = "mine", **kw: Any) -> None:
        self.moment += kw.pop("gap", timedelta(hours=5))
        fields: dict[str, Any] = {"planned_seconds": 600, "active_seconds": 600.0}
        fields |= {"program": program, "program_week": week} | kw
        write_summary(make_summary(self.moment, **fields), self.xdg.sessions)

    def walks(self, week: int, count: int) -> None:
        for _ in range(count):
            self.walk(week)


def started(capsys: Capture, xdg: Xdg, *, days_ago: int = 14) -> Walks:
    walks = Walks(xdg, started=days_ago)
    when = (date.today() - timedelta(days=days_ago)).isoformat()
    done = run(capsys, "program", "start", "mine", "--date", when)
    assert done.returncode == 0, done.stderr
    return walks


def status(capsys: Capture) -> dict[str, Any]:
    done = run(capsys, "program", "status", "--json")
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_status_json_of_a_fresh_start_is_week_one_and_its_walk(capsys: Capture, xdg: Xdg) -> None:
    started(capsys, xdg)
    assert status(capsys) == {
        "id": "mine",
        "name": "Mine",
        "week": 1,
        "weeks": 3,
        "walks_done": 0,
        "walks_per_week": 3,
        "state": "on-track",
        "reason": None,
        "next": FIRST_STEPS,
    }


def test_three_counting_walks_move_status_on_a_week(capsys: Capture, xdg: Xdg) -> None:
    walks = started(capsys, xdg)
    walks.walks(1, 2)
    assert (status(capsys)["week"], status(capsys)["walks_done"]) == (1, 2)
    walks.walk(1)
    data = status(capsys)
    assert (data["week"], data["walks_done"], data["state"], data["reason"]) == (
        2,
        0,
        "on-track",
        None,
    )
    assert data["next"] == FIRST_STEPS | {"rounds": 6}


def test_a_nine_second_stop_does_not_count(capsys: Capture, xdg: Xdg) -> None:
    walks = started(capsys, xdg)
    walks.walks(1, 2)
    walks.walk(1, status="stopped", stop_reason="user", active_seconds=9.0)
    data = status(capsys)
    assert (data["week"], data["walks_done"], data["state"]) == (1, 2, "on-track")


def test_a_pain_stop_repeats_the_week_and_says_why(capsys: Capture, xdg: Xdg) -> None:
    walks = started(capsys, xdg)
    walks.walks(1, 3)
    walks.walk(2)
    walks.walk(2, status="stopped", stop_reason="pain", active_seconds=40.0)
    data = status(capsys)
    assert (data["week"], data["walks_done"], data["state"]) == (2, 0, "repeat")
    day = day_text(walks.moment.date())
    assert data["reason"] == f"Week 2 starts again: the walk on {day} was stopped for pain."
    text = run(capsys, "program", "status")
    assert text.returncode == 0
    assert data["reason"] in text.stdout
    assert "● ▶ ○" in text.stdout  # week 1 done, week 2 now, week 3 to come
    assert "Week 2: Week two." in text.stdout


def test_two_repeats_in_a_row_step_back_a_week(capsys: Capture, xdg: Xdg) -> None:
    walks = started(capsys, xdg)
    walks.walks(1, 3)
    walks.walk(2, pain_before=2, pain_after=5)
    walks.walk(2, status="stopped", stop_reason="pain", active_seconds=400.0)
    data = status(capsys)
    assert (data["week"], data["walks_done"], data["state"]) == (1, 0, "step-back")
    assert data["reason"].startswith("Back to week 1: ")
    assert data["next"] == FIRST_STEPS


def test_the_last_week_done_is_finished_with_nothing_next(capsys: Capture, xdg: Xdg) -> None:
    walks = started(capsys, xdg)
    for week in (1, 2, 3):
        walks.walks(week, 3)
    data = status(capsys)
    assert (data["week"], data["walks_done"], data["state"], data["next"]) == (
        3,
        3,
        "finished",
        None,
    )
    text = run(capsys, "program", "status")
    assert text.stdout.startswith("Mine: finished, 3 of 3 weeks\n")
    assert "● ● ●" in text.stdout


def test_walks_of_another_programme_or_none_do_not_count(capsys: Capture, xdg: Xdg) -> None:
    walks = started(capsys, xdg)
    for _ in range(3):
        walks.walk(1, program="other")
        walks.walk(None, program=None)
    data = status(capsys)
    assert (data["week"], data["walks_done"]) == (1, 0)


def test_a_later_start_date_leaves_out_the_walks_before_it(capsys: Capture, xdg: Xdg) -> None:
    walks = Walks(xdg, started=14)
    walks.walks(1, 3)  # on the first days, before the programme's start
    later = (walks.moment + timedelta(days=1)).date()
    done = run(capsys, "program", "start", "mine", "--date", later.isoformat())
    assert done.returncode == 0, done.stderr
    assert (status(capsys)["week"], status(capsys)["walks_done"]) == (1, 0)
    walks.walk(1, gap=timedelta(days=1, hours=2))
    assert (status(capsys)["week"], status(capsys)["walks_done"]) == (1, 1)


def test_status_and_stop_with_no_programme_exit_1_with_one_line(capsys: Capture) -> None:
    for action in (["status"], ["status", "--json"], ["stop"], ["calendar"]):
        done = run(capsys, "program", *action)
        assert (done.returncode, done.stdout, done.stderr) == (1, "", NO_PROGRAMME)


def test_start_says_what_comes_first(capsys: Capture, xdg: Xdg) -> None:
    Walks(xdg)
    done = run(capsys, "program", "start", "mine")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "Started Mine: week 1 of 3, 3 walks a week. First walk: First steps (12:00): "
        "walktimer run\n"
    )
    assert (xdg.data / "walktimer" / "program.toml").read_text() == (
        f'id = "mine"\nstarted_on = {date.today().isoformat()}\n'
    )


def test_a_second_programme_is_refused_while_one_is_active(capsys: Capture, xdg: Xdg) -> None:
    started(capsys, xdg)
    file = xdg.data / "walktimer" / "program.toml"
    before = file.read_bytes()
    done = run(capsys, "program", "start", "back-to-walking")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "Mine is the active programme" in done.stderr
    assert "`walktimer program stop` ends it" in done.stderr
    assert file.read_bytes() == before


def test_an_unusable_programme_is_refused_with_its_problems(capsys: Capture, xdg: Xdg) -> None:
    xdg.presets.mkdir(parents=True)
    (xdg.presets / "broken.toml").write_text(MINE.replace('"first-steps"\nrounds = 6', '"nope"'))
    done = run(capsys, "program", "start", "broken")
    assert done.returncode == 2
    assert 'weeks[2].walk: no walk preset named "nope"' in done.stderr
    assert not (xdg.data / "walktimer" / "program.toml").exists()
    unknown = run(capsys, "program", "start", "no-such-thing")
    assert unknown.returncode == 2
    assert 'no programme preset named "no-such-thing"' in unknown.stderr


def test_stop_moves_the_file_to_the_trash_and_says_how_to_go_on(capsys: Capture, xdg: Xdg) -> None:
    started(capsys, xdg)
    done = run(capsys, "program", "stop")
    assert done.returncode == 0, done.stderr
    assert not (xdg.data / "walktimer" / "program.toml").exists()
    assert (xdg.trash / "programmes" / "program.toml").is_file()
    since = (date.today() - timedelta(days=14)).isoformat()
    assert f"walktimer program start mine --date {since}" in done.stdout
    assert run(capsys, "program", "status").returncode == 1


def test_a_stopped_programme_is_not_among_the_walks_history_restores(
    capsys: Capture, xdg: Xdg
) -> None:
    walks = started(capsys, xdg)
    walks.walk(1)
    walked = sorted(path.name for path in xdg.sessions.iterdir())
    assert run(capsys, "program", "stop").returncode == 0
    kept = xdg.trash / "programmes" / "program.toml"
    done = run(capsys, "history", "restore", "program")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "walktimer: no saved walk with the id program in the trash\n"
    assert sorted(path.name for path in xdg.sessions.iterdir()) == walked
    since = date.today() - timedelta(days=14)
    assert kept.read_text() == f'id = "mine"\nstarted_on = {since.isoformat()}\n'


def test_a_programme_whose_preset_has_gone_is_one_line(capsys: Capture, xdg: Xdg) -> None:
    started(capsys, xdg)
    (xdg.presets / "mine.toml").unlink()
    done = run(capsys, "program", "status")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith('walktimer: the programme "mine" cannot be used: ')
    assert done.stderr.endswith("`walktimer program stop` ends it\n")


def test_a_broken_programme_file_is_one_line_and_stays(capsys: Capture, xdg: Xdg) -> None:
    file = xdg.data / "walktimer" / "program.toml"
    file.parent.mkdir(parents=True)
    file.write_text('id = "mine"\nstarted_on = "yesterday"\n')
    done = run(capsys, "program", "status")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "started_on: expected a date" in done.stderr
    assert file.read_text() == 'id = "mine"\nstarted_on = "yesterday"\n'
    assert run(capsys, "program", "start", "mine").returncode == 2  # never written over
    assert run(capsys, "program", "stop").returncode == 0
    assert (xdg.trash / "programmes" / "program.toml").is_file()


def test_list_gives_the_programmes_and_the_active_one(capsys: Capture, xdg: Xdg) -> None:
    started(capsys, xdg)
    done = run(capsys, "program", "list", "--json")
    assert done.returncode == 0, done.stderr
    listed = {item["id"]: item for item in json.loads(done.stdout)}
    assert {"back-to-walking", "iwt-8-weeks", "mine"} <= set(listed)
    mine = listed["mine"]
    assert mine == {
        "id": "mine",
        "name": "Mine",
        "description": "Three weeks of first steps.",
        "weeks": 3,
        "walks_per_week": 3,
        "source": "user",
        "path": str((xdg.presets / "mine.toml").absolute()),
        "usable": True,
        "error": None,
        "active": True,
    }
    assert not listed["back-to-walking"]["active"]
    text = run(capsys, "program", "list")
    assert "Mine  (active)" in text.stdout
    assert "Back to walking" in text.stdout


def test_run_with_no_walk_plans_todays_walk_of_the_programme(capsys: Capture, xdg: Xdg) -> None:
    walks = started(capsys, xdg)
    walks.walks(1, 3)
    plan = plan_for(RunOptions(), Config())
    assert (plan.walk_id, plan.rounds, plan.program, plan.program_week) == (
        "first-steps",
        6,
        "mine",
        2,
    )
    assert capsys.readouterr().err == ""
    with_clicks = plan_for(RunOptions(cadence=(110, None)), Config())
    assert (with_clicks.program, with_clicks.program_week, with_clicks.fast_cadence) == (
        "mine",
        2,
        110,
    )
    same = plan_for(RunOptions(rounds=6), Config())  # the week's own rounds: the same walk
    assert same.program == "mine"


def test_run_changed_from_the_plan_is_not_counted_and_says_so(capsys: Capture, xdg: Xdg) -> None:
    started(capsys, xdg)
    plan = plan_for(RunOptions(rounds=2, cooldown="none"), Config())
    assert (plan.walk_id, plan.rounds, plan.cooldown_id) == ("first-steps", 2, "none")
    assert (plan.program, plan.program_week) == (None, None)
    err = capsys.readouterr().err
    assert err == (
        "walktimer: --cooldown --rounds makes this another walk than week 1 of Mine: it will "
        "not count in the programme (`walktimer run` alone walks the week's walk)\n"
    )
    named = plan_for(RunOptions(walk="first-steps"), Config())  # a walk named: not the programme's
    assert named.program is None
    assert capsys.readouterr().err == ""


def test_run_after_the_last_week_walks_the_default_walk(capsys: Capture, xdg: Xdg) -> None:
    walks = started(capsys, xdg)
    for week in (1, 2, 3):
        walks.walks(week, 3)
    plan = plan_for(RunOptions(), Config())
    assert (plan.walk_id, plan.rounds, plan.program) == ("first-steps", 4, None)
    assert capsys.readouterr().err == (
        "walktimer: Mine is finished: this is your default walk; `walktimer program stop` "
        "ends the programme\n"
    )


def test_run_before_the_programme_starts_is_not_in_it(capsys: Capture, xdg: Xdg) -> None:
    Walks(xdg)
    monday = date.today() + timedelta(days=3)
    done = run(capsys, "program", "start", "mine", "--date", monday.isoformat())
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Mine starts on {day_text(monday)}: week 1 of 3")
    assert plan_for(RunOptions(), Config()).program is None
    assert f"Mine starts on {day_text(monday)}: this walk is not in it" in capsys.readouterr().err


def test_status_of_a_programme_still_to_start_says_when_and_offers_no_walk(
    capsys: Capture, xdg: Xdg
) -> None:
    Walks(xdg)
    later = date.today() + timedelta(days=5)
    assert run(capsys, "program", "start", "mine", "--date", later.isoformat()).returncode == 0
    done = run(capsys, "program", "status")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"Mine starts on {day_text(later)} · week 1 of 3"
    assert "Today" not in done.stdout
    assert "Walk it" not in done.stdout and "walktimer run" not in done.stdout


UNREADABLE = ["a file", "a folder that cannot be listed"]


def walks_unreadable(how: str, xdg: Xdg, monkeypatch: pytest.MonkeyPatch) -> str:
    """The saved walks made unreadable `how`; the problem with them, as it is said."""
    if how == "a file":
        xdg.sessions.parent.mkdir(parents=True, exist_ok=True)
        xdg.sessions.write_text("not a folder")
        return f"{xdg.sessions}: not a folder"
    write_summary(make_summary(local_morning(1)), xdg.sessions)
    refuse_to_list(monkeypatch, xdg.sessions)
    return f"{xdg.sessions}: cannot read the folder of saved walks: Permission denied"


@pytest.mark.parametrize("how", UNREADABLE)
def test_run_with_the_walks_unreadable_walks_the_default_walk_not_in_the_programme(
    capsys: Capture, xdg: Xdg, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    started(capsys, xdg)
    problem = walks_unreadable(how, xdg, monkeypatch)
    plan = plan_for(RunOptions(), Config(defaults=Defaults(walk="classic-30-30")))
    assert (plan.walk_id, plan.program, plan.program_week) == ("classic-30-30", None, None)
    assert capsys.readouterr().err == (
        f"walktimer: {problem}; this walk is not counted in your programme\n"
    )


@pytest.mark.parametrize("how", UNREADABLE)
def test_start_with_the_walks_unreadable_is_one_line_and_writes_nothing(
    capsys: Capture, xdg: Xdg, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    Walks(xdg)
    problem = walks_unreadable(how, xdg, monkeypatch)
    done = run(capsys, "program", "start", "mine")
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"walktimer: {problem}\n")
    assert not (xdg.data / "walktimer" / "program.toml").exists()
    assert run(capsys, "program", "status").stderr == NO_PROGRAMME


def test_start_date_must_be_a_day(capsys: Capture, xdg: Xdg) -> None:
    Walks(xdg)
    for bad in ("tomorrow", "2026-13-01", "0001-01-01"):
        done = run(capsys, "program", "start", "mine", "--date", bad)
        assert done.returncode == 2
        assert "--date" in done.stderr
    assert not Path(xdg.data / "walktimer" / "program.toml").exists()


def test_the_week_marks_have_plain_stand_ins_where_the_output_cannot_show_them(
    capsys: Capture, xdg: Xdg
) -> None:
    walks = started(capsys, xdg)
    walks.walks(1, 3)
    walks.walk(2, status="stopped", stop_reason="pain", active_seconds=40.0)
    walks.walks(2, 3)
    found = active_today(catalog())
    assert found is not None
    progress = found[1].progress
    assert marks_lines(progress, "utf-8") == (
        "● ◑ ▶",
        "● done  ◑ repeated  ▶ this week",
    )
    assert marks_lines(progress, "ascii") == (
        "# % >",
        "# done  % repeated  > this week",
    )


def test_start_takes_an_id_not_a_file(capsys: Capture, xdg: Xdg, tmp_path: Path) -> None:
    file = tmp_path / "mine.toml"
    file.write_text(MINE)
    done = run(capsys, "program", "start", str(file))
    assert done.returncode == 2
    assert "expected a programme's id" in done.stderr
    assert str(xdg.presets) in done.stderr  # where a programme of one's own goes

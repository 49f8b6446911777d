"""The active programme's file, and the programme and week recorded in each walk's summary."""

from __future__ import annotations

import os
import tomllib
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.fakes import FakeClock
from tests.unit.storage.summaries import CET, make_summary
from walktimer import paths
from walktimer.domain.catalog import Catalog
from walktimer.domain.progress import ActiveProgram
from walktimer.domain.session import Session
from walktimer.domain.summary import Checkpoint, summarize
from walktimer.storage import (
    ProgramFileError,
    edit_summary,
    encode_summary,
    end_active,
    read_active,
    read_summaries,
    write_active,
    write_checkpoint,
    write_summary,
)
from walktimer.storage.files import encode_checkpoint

MONDAY = datetime(2026, 11, 2, 8, 0, tzinfo=CET)
BAD_ID = "program: expected a programme id (letters, digits, - and _, at most 64 characters), got"


@pytest.fixture
def program_toml(xdg: Xdg) -> Path:
    return paths.program_file()


def test_the_file_is_program_toml_in_the_data_folder(xdg: Xdg) -> None:
    assert paths.program_file() == xdg.data / "walktimer" / "program.toml"


def test_no_file_means_no_programme(program_toml: Path) -> None:
    assert read_active(program_toml) is None


def test_the_active_programme_is_written_and_read_back(program_toml: Path) -> None:
    active = ActiveProgram("back-to-walking", date(2026, 11, 27))
    write_active(program_toml, active)
    assert tomllib.loads(program_toml.read_text()) == {
        "id": "back-to-walking",
        "started_on": date(2026, 11, 27),
    }
    assert program_toml.read_text() == 'id = "back-to-walking"\nstarted_on = 2026-11-27\n'
    assert read_active(program_toml) == active
    write_active(program_toml, ActiveProgram("iwt-8-weeks", date(2026, 12, 1)))
    assert read_active(program_toml) == ActiveProgram("iwt-8-weeks", date(2026, 12, 1))
    assert [p.name for p in program_toml.parent.iterdir()] == ["program.toml"]  # no leftovers


def test_a_file_written_by_hand_with_comments_is_read(program_toml: Path) -> None:
    program_toml.parent.mkdir(parents=True)
    program_toml.write_text('# mine\nid = "mine_2"   # the preset\nstarted_on = 2027-01-04\n')
    assert read_active(program_toml) == ActiveProgram("mine_2", date(2027, 1, 4))


def test_an_id_that_cannot_be_a_programmes_is_never_written(program_toml: Path) -> None:
    with pytest.raises(ValueError):
        write_active(program_toml, ActiveProgram("../x", date(2026, 11, 27)))
    assert not program_toml.exists()


def test_a_folder_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(ProgramFileError) as refused:
        write_active(blocker / "program.toml", ActiveProgram("mine", date(2026, 11, 27)))
    assert len(refused.value.problems) == 1
    assert refused.value.problems[0].startswith(f"cannot write {blocker / 'program.toml'}: ")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('id = "mine"\nstarted_on = \n', "line 2, column 14: TOML syntax error: invalid value"),
        (
            'id = "mine"\nstarted_on = 2026-11-27\nweek = 3\n',
            "week: unknown key",
        ),
        ("started_on = 2026-11-27\n", "id: missing required key"),
        ('id = "mine"\n', "started_on: missing required key"),
        (
            'id = "../../etc"\nstarted_on = 2026-11-27\n',
            "id: expected a programme id (letters, digits, - and _, at most 64 characters), "
            'got "../../etc"',
        ),
        (
            "id = 5\nstarted_on = 2026-11-27\n",
            "id: expected a programme id (letters, digits, - and _, at most 64 characters), got 5",
        ),
        (
            'id = "mine"\nstarted_on = "2026-11-27"\n',
            'started_on: expected a date like 2026-11-27, got "2026-11-27"',
        ),
        (
            'id = "mine"\nstarted_on = 2026-11-27T08:00:00\n',
            "started_on: expected a date like 2026-11-27, got 2026-11-27T08:00:00",
        ),
        (
            'id = "mine"\nstarted_on = 9999-12-31\n',
            "started_on: expected a date between the years 1900 and 9998, got 9999-12-31",
        ),
        (
            'id = "mine"\nstarted_on = 0001-01-01\n',
            "started_on: expected a date between the years 1900 and 9998, got 0001-01-01",
        ),
        (
            '"\\u001b]0;x\\u0007" = 1\nid = "mine"\nstarted_on = 2026-11-27\n',
            "\ufffd]0;x\ufffd: unknown key",
        ),
        ("id = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
        ("", "id: missing required key; started_on: missing required key"),
    ],
)
def test_a_file_that_cannot_be_used_is_one_line_naming_it(
    program_toml: Path, text: str, problem: str
) -> None:
    program_toml.parent.mkdir(parents=True)
    program_toml.write_text(text)
    before = program_toml.read_bytes()
    with pytest.raises(ProgramFileError) as refused:
        read_active(program_toml)
    assert refused.value.problems == [f"{program_toml}: {problem}"]
    assert program_toml.read_bytes() == before  # left as it is


def test_a_huge_file_is_refused_without_being_read_whole(program_toml: Path) -> None:
    program_toml.parent.mkdir(parents=True)
    with program_toml.open("wb") as out:
        out.truncate(50 * 1024 * 1024)
    with pytest.raises(ProgramFileError) as refused:
        read_active(program_toml)
    [line] = refused.value.problems
    assert line.startswith(f"{program_toml}: too large: ")


def test_a_folder_or_a_pipe_at_its_place_is_refused(program_toml: Path) -> None:
    program_toml.mkdir(parents=True)
    with pytest.raises(ProgramFileError) as refused:
        read_active(program_toml)
    assert refused.value.problems == [f"{program_toml}: not a regular file (a folder)"]
    program_toml.rmdir()
    os.mkfifo(program_toml)
    with pytest.raises(ProgramFileError) as refused:
        read_active(program_toml)  # never waits on the pipe
    assert refused.value.problems == [f"{program_toml}: not a regular file (a named pipe)"]


def test_not_utf8_is_refused(program_toml: Path) -> None:
    program_toml.parent.mkdir(parents=True)
    program_toml.write_bytes(b'id = "\xff"\n')
    with pytest.raises(ProgramFileError) as refused:
        read_active(program_toml)
    assert refused.value.problems == [f"{program_toml}: not UTF-8 text"]


def test_ending_moves_the_file_into_the_trash(program_toml: Path, xdg: Xdg) -> None:
    assert end_active(program_toml, xdg.trash) is None  # nothing active: nothing to end
    write_active(program_toml, ActiveProgram("back-to-walking", date(2026, 11, 27)))
    first = end_active(program_toml, xdg.trash)
    assert first == xdg.trash / "program.toml"
    assert not program_toml.exists()
    assert read_active(first) == ActiveProgram("back-to-walking", date(2026, 11, 27))
    write_active(program_toml, ActiveProgram("iwt-8-weeks", date(2026, 12, 1)))
    second = end_active(program_toml, xdg.trash)
    assert second is not None and second != first and second.parent == xdg.trash
    assert read_active(first) == ActiveProgram("back-to-walking", date(2026, 11, 27))  # kept
    assert read_active(second) == ActiveProgram("iwt-8-weeks", date(2026, 12, 1))


def test_a_broken_file_can_be_ended_and_is_kept_in_the_trash(program_toml: Path, xdg: Xdg) -> None:
    program_toml.parent.mkdir(parents=True)
    program_toml.write_text("not toml at all [\n")
    moved = end_active(program_toml, xdg.trash)
    assert moved is not None and moved.read_text() == "not toml at all [\n"
    assert read_active(program_toml) is None


# --- the programme in each walk's summary ---------------------------------------------------


def test_a_programme_walk_keeps_its_programme_and_week_in_the_file(xdg: Xdg) -> None:
    walk = make_summary(MONDAY, program="back-to-walking", program_week=2, notes="ok")
    path, saved = write_summary(walk, xdg.sessions)
    text = path.read_text()
    assert 'notes = "ok"\nprogram = "back-to-walking"\nprogram_week = 2\n' in text
    assert text.index("program_week") < text.index("[[phases]]")
    summaries, warnings = read_summaries(xdg.sessions)
    assert (summaries, warnings) == ([saved], [])
    assert (summaries[0].program, summaries[0].program_week) == ("back-to-walking", 2)


def test_a_walk_of_no_programme_has_neither_key(xdg: Xdg) -> None:
    text = encode_summary(make_summary(MONDAY))
    assert "program" not in text
    path, _ = write_summary(make_summary(MONDAY), xdg.sessions)
    [summary], _ = read_summaries(xdg.sessions)
    assert (summary.program, summary.program_week) == (None, None)
    assert path.exists()


def test_a_weeks_walk_records_its_programme_and_week_when_summed_up() -> None:
    plan = Catalog.load(None).week_plan("back-to-walking", 2)
    clock = FakeClock()
    session = Session(plan, clock)
    session.start()
    clock.advance(plan.total_seconds + 1)
    session.drain()
    summary = summarize(session, summary_id="20261102T080000-first-steps-3f2a", started_at=MONDAY)
    assert summary.status == "completed"
    assert (summary.walk, summary.program, summary.program_week) == (
        "first-steps",
        "back-to-walking",
        2,
    )
    alone = Session(Catalog.load(None).plan("first-steps"), clock)
    alone.start()
    walked = summarize(alone, summary_id="20261102T090000-first-steps-3f2a", started_at=MONDAY)
    assert (walked.program, walked.program_week) == (None, None)


def test_correcting_a_programme_walks_answers_keeps_its_programme(xdg: Xdg) -> None:
    walk = make_summary(MONDAY, program="back-to-walking", program_week=3)
    path, saved = write_summary(walk, xdg.sessions)
    edited = edit_summary(xdg.sessions, saved.id, {"notes": "fine", "pain_after": 2})
    assert (edited.program, edited.program_week, edited.notes) == ("back-to-walking", 3, "fine")
    text = path.read_text()
    assert text.index("notes") < text.index("program = ")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("program_week = 0", "program_week: expected an integer from 1 to 52, got 0"),
        ("program_week = 53", "program_week: expected an integer from 1 to 52, got 53"),
        ("program_week = -1", "program_week: expected an integer from 1 to 52, got -1"),
        ('program_week = "2"', 'program_week: expected an integer, got "2"'),
        ("program_week = true", "program_week: expected an integer, got true"),
        ("program_week = 2.0", "program_week: expected an integer, got 2.0"),
        (
            'program = "../x"',
            f'{BAD_ID} "../x"',
        ),
        (
            'program = ""',
            f'{BAD_ID} ""',
        ),
        (
            f'program = "{"p" * 65}"',
            f'{BAD_ID} "{"p" * 65}"',
        ),
        ("program = 7", "program: expected a string, got 7"),
        (
            'program = "\\u001b[2J"',
            f'{BAD_ID} "\ufffd[2J"',
        ),
    ],
)
def test_a_summary_with_a_bad_programme_or_week_is_skipped_with_its_reason(
    xdg: Xdg, line: str, reason: str
) -> None:
    good = make_summary(MONDAY, program="mine", program_week=1)
    path, _ = write_summary(good, xdg.sessions)
    text = path.read_text()
    key = line.split(" =")[0]
    kept = [row for row in text.splitlines() if not row.startswith(f"{key} =")]
    bad_text = "\n".join(kept).replace("[[phases]]", f"{line}\n\n[[phases]]", 1) + "\n"
    bad = xdg.sessions / "bad.toml"
    bad.write_text(bad_text)
    other = make_summary(MONDAY.replace(hour=9))
    write_summary(other, xdg.sessions)
    path.unlink()
    summaries, warnings = read_summaries(xdg.sessions)
    assert [s.id for s in summaries] == [other.id]
    [warning] = warnings
    assert warning.startswith(f"{bad}: {reason}")
    assert warning.endswith("; skipped")
    assert bad.read_text() == bad_text  # never changed


def test_a_week_and_no_programme_or_the_other_way_round_is_read(xdg: Xdg) -> None:
    write_summary(make_summary(MONDAY, program_week=4), xdg.sessions)
    write_summary(make_summary(MONDAY.replace(hour=9), program="mine"), xdg.sessions)
    summaries, warnings = read_summaries(xdg.sessions)
    assert warnings == []
    assert [(s.program, s.program_week) for s in summaries] == [("mine", None), (None, 4)]


def test_a_checkpoint_of_a_programme_walk_keeps_its_programme(xdg: Xdg) -> None:
    summary = make_summary(MONDAY, program="mine", program_week=5, status="interrupted")
    target = xdg.data / "cp.toml"
    write_checkpoint(Checkpoint(pid=1, summary=summary), target)
    assert tomllib.loads(target.read_text())["summary"]["program_week"] == 5
    assert encode_checkpoint(Checkpoint(pid=1, summary=summary)) == target.read_bytes()

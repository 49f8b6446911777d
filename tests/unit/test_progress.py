"""Progress through a programme, from the saved walks alone.

Every history here is written as summary files by the storage module's writer and read back by
its reader, as `program status` and home read them, so what is tested is what is on disk.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import Xdg
from tests.unit.storage.summaries import make_summary
from walktimer.domain.catalog import Catalog
from walktimer.domain.presets import parse_preset
from walktimer.domain.program import ProgramPreset
from walktimer.domain.progress import (
    ActiveProgram,
    Progress,
    hurt,
    progress,
    today,
    today_parts,
)
from walktimer.storage import read_summaries, write_summary

CET = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 11, 2, 8, 0, tzinfo=CET)
ACTIVE = ActiveProgram("mine", date(2026, 11, 2))
PROGRAM_TEXT = """kind = "program"
name = "Mine"
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


def the_program() -> ProgramPreset:
    parsed = parse_preset(PROGRAM_TEXT.encode(), "mine.toml")
    assert isinstance(parsed.preset, ProgramPreset)
    return parsed.preset


PROGRAM = the_program()


class History:
    """Walks made one after another, each an hour or a day after the last, saved as files."""

    def __init__(self, xdg: Xdg) -> None:
        self.xdg = xdg
        self.moment = MONDAY

    def walk(
        self,
        week: int | None,
        *,
        program: str | None = "mine",
        gap: timedelta | None = None,
        **kw: Any,
    ) -> None:
        self.moment += gap if gap is not None else timedelta(hours=5)
        fields: dict[str, Any] = {"planned_seconds": 600, "active_seconds": 600.0}
        fields |= {"program": program, "program_week": week} | kw
        write_summary(make_summary(self.moment, **fields), self.xdg.sessions)

    def walks(self, week: int, count: int) -> None:
        for _ in range(count):
            self.walk(week)

    def progress(self, active: ActiveProgram = ACTIVE) -> Progress:
        summaries, warnings = read_summaries(self.xdg.sessions)
        assert warnings == []
        return progress(PROGRAM, active, summaries, zone=CET)


def test_a_fresh_start_is_week_one_with_nothing_done(xdg: Xdg) -> None:
    found = History(xdg).progress()
    assert found == Progress(
        id="mine",
        name="Mine",
        week=1,
        weeks=3,
        walks_done=0,
        walks_per_week=3,
        state="on-track",
        reason=None,
        marks=("current", "to-come", "to-come"),
        note="Week one.",
    )


def test_three_counting_walks_move_on_a_week(xdg: Xdg) -> None:
    history = History(xdg)
    history.walks(1, 2)
    assert (history.progress().week, history.progress().walks_done) == (1, 2)
    history.walk(1)
    found = history.progress()
    assert (found.week, found.walks_done, found.state, found.reason) == (2, 0, "on-track", None)
    assert found.marks == ("done", "current", "to-come")
    assert found.note == "Week two."


def test_a_walk_of_nine_seconds_does_not_count(xdg: Xdg) -> None:
    history = History(xdg)
    history.walks(1, 2)
    history.walk(1, status="stopped", stop_reason="user", active_seconds=9.0)
    found = history.progress()
    assert (found.week, found.walks_done, found.state) == (1, 2, "on-track")
    history.walk(1, active_seconds=300.0)  # half the plan: it counts
    assert history.progress().week == 2


def test_a_walk_stopped_for_pain_starts_the_week_again_and_says_why(xdg: Xdg) -> None:
    history = History(xdg)
    history.walks(1, 3)
    history.walk(2)
    history.walk(
        2, status="stopped", stop_reason="pain", active_seconds=40.0, gap=timedelta(days=1)
    )
    found = history.progress()
    assert (found.week, found.walks_done, found.state) == (2, 0, "repeat")
    assert found.reason == "Week 2 starts again: the walk on Wed 4 Nov was stopped for pain."
    history.walk(2)
    again = history.progress()
    assert (again.week, again.walks_done, again.state) == (2, 1, "repeat")
    assert again.reason == found.reason  # the reason is shown until the week is done


def test_pain_two_higher_after_the_walk_starts_the_week_again(xdg: Xdg) -> None:
    history = History(xdg)
    history.walk(1, pain_before=3, pain_after=4)  # one higher: a walk like any other
    history.walk(1, pain_before=3, pain_after=5, gap=timedelta(days=1))
    found = history.progress()
    assert (found.week, found.walks_done, found.state) == (1, 0, "repeat")
    assert found.reason == "Week 1 starts again: pain rose from 3 to 5 after the walk on Tue 3 Nov."


def test_a_second_repeat_in_a_row_steps_back_a_week(xdg: Xdg) -> None:
    history = History(xdg)
    history.walks(1, 3)
    history.walk(2, pain_before=2, pain_after=6)
    history.walk(2)
    history.walk(2, status="stopped", stop_reason="pain", gap=timedelta(days=2))
    found = history.progress()
    assert (found.week, found.walks_done, found.state) == (1, 0, "step-back")
    assert found.reason == (
        "Back to week 1: the walk on Thu 5 Nov was stopped for pain, and this week had "
        "already started again once."
    )
    assert found.marks == ("current", "to-come", "to-come")
    history.walks(1, 3)  # week 1 again, done: on to week 2, which had to start again
    history.walks(2, 3)
    after = history.progress()
    assert (after.week, after.state, after.reason) == (3, "on-track", None)
    assert after.marks == ("done", "repeated", "current")


def test_two_repeats_in_the_first_week_start_it_again_as_a_step_back(xdg: Xdg) -> None:
    history = History(xdg)
    history.walk(1, status="stopped", stop_reason="pain")
    history.walk(1, status="stopped", stop_reason="pain")
    found = history.progress()
    assert (found.week, found.walks_done, found.state) == (1, 0, "step-back")
    assert found.reason is not None and found.reason.startswith("Week 1 starts again: ")


def test_a_week_done_between_two_repeats_means_no_step_back(xdg: Xdg) -> None:
    history = History(xdg)
    history.walk(1, status="stopped", stop_reason="pain")
    history.walks(1, 3)
    history.walk(2, status="stopped", stop_reason="pain")
    found = history.progress()
    assert (found.week, found.state) == (2, "repeat")
    assert found.marks == ("repeated", "current", "to-come")


def test_the_last_week_done_finishes_the_programme(xdg: Xdg) -> None:
    history = History(xdg)
    for week in (1, 2, 3):
        history.walks(week, 3)
    found = history.progress()
    assert (found.week, found.walks_done, found.state, found.reason) == (3, 3, "finished", None)
    assert found.marks == ("done", "done", "done")
    history.walk(3, status="stopped", stop_reason="pain")  # after the end: nothing changes
    assert history.progress() == found


def test_walks_of_another_programme_or_of_none_do_not_count(xdg: Xdg) -> None:
    history = History(xdg)
    for _ in range(3):
        history.walk(1, program="other")
        history.walk(None, program=None)
        history.walk(2)  # a walk of a week that is not the current one
    found = history.progress()
    assert (found.week, found.walks_done, found.state) == (1, 0, "on-track")


def test_a_programme_started_later_ignores_the_walks_before_its_first_day(xdg: Xdg) -> None:
    history = History(xdg)
    history.walks(1, 3)  # Monday 2 Nov, 13:00 to 23:00 in CET
    later = ActiveProgram("mine", date(2026, 11, 3))
    assert history.progress(later).week == 1
    history.walk(1, gap=timedelta(hours=2))  # 01:00 on Tuesday 3 Nov, local time: counts
    found = history.progress(later)
    assert (found.week, found.walks_done) == (1, 1)


def test_the_first_day_is_the_walkers_local_day(xdg: Xdg) -> None:
    history = History(xdg)
    history.moment = datetime(2026, 11, 2, 23, 30, tzinfo=UTC)  # 00:30 on the 3rd, CET
    history.walk(1, gap=timedelta(0))
    assert history.progress(ActiveProgram("mine", date(2026, 11, 3))).walks_done == 1


def test_the_walks_are_replayed_in_the_order_they_were_walked(xdg: Xdg, tmp_path: Path) -> None:
    history = History(xdg)
    history.walks(1, 2)
    history.walk(1, status="stopped", stop_reason="pain")
    found = history.progress()
    assert (found.week, found.walks_done, found.state) == (1, 0, "repeat")
    # The same walks, the pain first: saved last, as a walk synced from another device is.
    other = History(Xdg(tmp_path / "c", tmp_path / "d", tmp_path / "s"))
    other.walks(1, 2)
    other.moment = MONDAY
    other.walk(1, status="stopped", stop_reason="pain", gap=timedelta(hours=-1))
    found = other.progress()
    assert (found.week, found.walks_done, found.state) == (1, 2, "repeat")


def test_progress_json_has_the_documented_keys(xdg: Xdg) -> None:
    history = History(xdg)
    history.walk(1, status="stopped", stop_reason="pain")
    assert history.progress().to_json() == {
        "id": "mine",
        "name": "Mine",
        "week": 1,
        "weeks": 3,
        "walks_done": 0,
        "walks_per_week": 3,
        "state": "repeat",
        "reason": "Week 1 starts again: the walk on Mon 2 Nov was stopped for pain.",
    }


def test_a_walk_hurts_by_a_pain_stop_or_a_rise_of_two() -> None:
    base = make_summary(MONDAY)
    assert hurt(base, CET) is None
    assert hurt(msgspec.structs.replace(base, pain_before=5, pain_after=6), CET) is None
    assert hurt(msgspec.structs.replace(base, pain_after=9), CET) is None  # no rating before
    stopped = msgspec.structs.replace(base, status="stopped", stop_reason="user")
    assert hurt(stopped, CET) is None
    for_pain = msgspec.structs.replace(base, status="stopped", stop_reason="pain")
    assert hurt(for_pain, CET) == "the walk on Mon 2 Nov was stopped for pain"
    rose = msgspec.structs.replace(base, pain_before=3, pain_after=5)
    assert hurt(rose, CET) == "pain rose from 3 to 5 after the walk on Mon 2 Nov"
    late = msgspec.structs.replace(rose, started_at=datetime(2026, 11, 2, 23, 30, tzinfo=UTC))
    assert hurt(late, CET) == "pain rose from 3 to 5 after the walk on Tue 3 Nov"  # local day


def test_a_programme_started_on_a_later_day_is_not_walkable_until_then(xdg: Xdg) -> None:
    xdg.presets.mkdir(parents=True)
    (xdg.presets / "mine.toml").write_text(PROGRAM_TEXT)
    cat = Catalog.load(xdg.presets)
    later = ActiveProgram("mine", date(2026, 12, 7))
    before = today(cat, later, [], zone=CET, on=date(2026, 11, 27))
    assert (before.starts_on, before.walkable) == (date(2026, 12, 7), False)
    assert before.plan is not None and before.plan.program == "mine"  # what it will walk
    assert today_parts(before) == ["Mine starts on Mon 7 Dec", "week 1 of 3"]
    on_the_day = today(cat, later, [], zone=CET, on=date(2026, 12, 7))
    assert (on_the_day.starts_on, on_the_day.walkable) == (None, True)
    assert today_parts(on_the_day)[0] == "Today: Mine"


# --- any history ----------------------------------------------------------------------------

WALKS = st.lists(
    st.tuples(
        st.sampled_from(["mine", "other", None]),
        st.integers(min_value=1, max_value=5),  # weeks past the end, too
        st.sampled_from(["completed", "stopped-user", "stopped-pain", "interrupted"]),
        st.floats(min_value=0, max_value=1),
        st.none() | st.tuples(st.integers(0, 10), st.integers(0, 10)),
        st.integers(min_value=-48, max_value=72),  # hours after the last walk: any order
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(walks=WALKS, weeks=st.integers(1, 4), per_week=st.integers(1, 3))
def test_progress_never_fails_and_stays_within_the_programme(
    walks: list[tuple[Any, ...]], weeks: int, per_week: int
) -> None:
    program = msgspec.structs.replace(
        PROGRAM, weeks=[PROGRAM.weeks[0]] * weeks, walks_per_week=per_week
    )
    moment = MONDAY
    summaries = []
    for number, (owner, week, ending, share, pain, hours) in enumerate(walks):
        moment += timedelta(hours=hours)
        status, _, reason = ending.partition("-")
        fields: dict[str, Any] = {
            "id": f"walk-{number}",
            "status": status,
            "stop_reason": reason or None,
            "active_seconds": round(600 * share, 3),
            "planned_seconds": 600,
            "program": owner,
            "program_week": week if owner else None,
        }
        if pain is not None:
            fields |= {"pain_before": pain[0], "pain_after": pain[1]}
        summaries.append(make_summary(moment, **fields))
    found = progress(program, ACTIVE, summaries, zone=CET)
    assert 1 <= found.week <= weeks == found.weeks
    assert 0 <= found.walks_done <= per_week
    assert len(found.marks) == weeks
    if found.state == "finished":
        assert set(found.marks) <= {"done", "repeated"} and found.reason is None
    else:
        assert found.marks[found.week - 1] == "current" and found.marks.count("current") == 1
        assert found.walks_done < per_week
        assert (found.reason is None) == (found.state == "on-track")
    assert found == progress(program, ACTIVE, list(reversed(summaries)), zone=CET)

"""Weekly goal, streak, totals, pain change and the suggestion."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from tests.unit.storage.summaries import CET, make_summary, phase
from walktimer.domain.stats import NextWalk, compute_stats, counts, week_start
from walktimer.domain.summary import Summary

EST = timezone(timedelta(hours=-5))
# POSIX rules need no time zone database: libc understands them as they are.
BERLIN = "CET-1CEST,M3.5.0,M10.5.0/3"
NEW_YORK = "EST5EDT,M3.2.0,M11.1.0"


@pytest.fixture
def local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set TZ in the test, and have the machine's own zone back afterwards."""
    yield monkeypatch
    monkeypatch.undo()
    time.tzset()


def set_zone(local_time: pytest.MonkeyPatch, rule: str) -> None:
    local_time.setenv("TZ", rule)
    time.tzset()


def walks_on(*days: date, hour: int = 9, **fields: object) -> list[Summary]:
    return [
        make_summary(datetime(d.year, d.month, d.day, hour, tzinfo=CET), **fields) for d in days
    ]


def test_weeks_start_on_monday_across_a_year_boundary() -> None:
    now = datetime(2027, 1, 3, 20, 0, tzinfo=CET)  # Sunday
    this_week = walks_on(date(2026, 12, 28), date(2026, 12, 31), date(2027, 1, 2))
    last_week = walks_on(date(2026, 12, 21), date(2026, 12, 24), date(2026, 12, 27))
    stats = compute_stats(this_week + last_week, weekly_goal=3, now=now, zone=CET)
    assert stats.this_week.start == date(2026, 12, 28)
    assert stats.this_week.walks == 3
    assert stats.this_week.active_minutes == 6.0
    assert stats.streak_weeks == 2
    assert [(w.start, w.walks) for w in stats.weeks[-2:]] == [
        (date(2026, 12, 21), 3),
        (date(2026, 12, 28), 3),
    ]


def test_a_week_without_walks_breaks_the_streak() -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=CET)  # Wednesday of the week of 23 Nov
    summaries = (
        walks_on(date(2026, 11, 23))  # this week: 1, under way
        + walks_on(date(2026, 11, 16), date(2026, 11, 18), date(2026, 11, 20))  # met
        # the week of 9 Nov: nothing
        + walks_on(date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4))  # met
    )
    stats = compute_stats(summaries, weekly_goal=3, now=now, zone=CET)
    assert stats.streak_weeks == 1


def test_an_unfinished_week_below_the_goal_does_not_break_the_streak() -> None:
    now = datetime(2026, 11, 24, 8, 0, tzinfo=CET)
    summaries = walks_on(date(2026, 11, 16), date(2026, 11, 17)) + walks_on(
        date(2026, 11, 10), date(2026, 11, 12)
    )
    stats = compute_stats(summaries, weekly_goal=2, now=now, zone=CET)
    assert stats.this_week.walks == 0
    assert stats.streak_weeks == 2


def test_this_week_counts_once_the_goal_is_met() -> None:
    now = datetime(2026, 11, 25, 8, 0, tzinfo=CET)
    summaries = walks_on(date(2026, 11, 23), date(2026, 11, 24)) + walks_on(
        date(2026, 11, 16), date(2026, 11, 19)
    )
    assert compute_stats(summaries, weekly_goal=2, now=now, zone=CET).streak_weeks == 2
    assert compute_stats(summaries[1:], weekly_goal=2, now=now, zone=CET).streak_weeks == 1


def test_no_walks_no_streak_no_pain_no_suggestion() -> None:
    stats = compute_stats([], weekly_goal=3, now=datetime(2026, 11, 25, tzinfo=CET), zone=CET)
    assert stats.to_json() | {"weeks": []} == {
        "weekly_goal": 3,
        "this_week": {
            "week_start": "2026-11-23",
            "walks": 0,
            "active_minutes": 0.0,
            "fast_minutes": 0.0,
        },
        "streak_weeks": 0,
        "total_walks": 0,
        "total_active_minutes": 0.0,
        "short_walks": 0,
        "pain_change_avg": None,
        "suggestion": None,
        "next_walk": None,
        "weeks": [],
    }
    assert len(stats.weeks) == 12
    assert stats.weeks[-1] == stats.this_week


def test_a_walk_at_2330_local_counts_in_the_local_week(local_time: pytest.MonkeyPatch) -> None:
    set_zone(local_time, NEW_YORK)
    sunday_night = datetime(2026, 11, 29, 23, 30, tzinfo=EST)  # Monday 04:30 in UTC
    as_saved_in_utc = sunday_night.astimezone(UTC)
    monday = datetime(2026, 11, 30, 10, 0, tzinfo=EST)
    for started in (sunday_night, as_saved_in_utc):
        stats = compute_stats([make_summary(started)], weekly_goal=3, now=monday)
        assert stats.this_week.walks == 0
        assert stats.weeks[-2].walks == 1
        assert stats.weeks[-2].start == date(2026, 11, 23)


def test_summer_walks_stay_in_their_week_after_the_clocks_change(
    local_time: pytest.MonkeyPatch,
) -> None:
    set_zone(local_time, BERLIN)
    cest = timezone(timedelta(hours=2))
    monday_early = datetime(2026, 7, 6, 0, 30, tzinfo=cest)  # Sunday 23:30 in winter time
    assert week_start(monday_early) == date(2026, 7, 6)
    assert week_start(monday_early.astimezone(UTC)) == date(2026, 7, 6)
    assert week_start(monday_early, CET) == date(2026, 6, 29)  # why one fixed offset is wrong


def test_totals_and_pain_change() -> None:
    now = datetime(2026, 11, 25, 8, 0, tzinfo=CET)
    summaries = [
        *walks_on(date(2026, 11, 23), pain_before=5, pain_after=3, active_seconds=600.0),
        *walks_on(date(2026, 11, 10), pain_before=4, pain_after=5, active_seconds=300.0),
        *walks_on(date(2026, 11, 11), pain_before=4, active_seconds=90.0),
    ]
    stats = compute_stats(summaries, weekly_goal=3, now=now, zone=CET)
    assert stats.total_walks == 3
    assert stats.total_active_minutes == 16.5
    assert stats.pain_change_avg == -0.5


def rated(day: int, before: int, after: int, **fields: object) -> Summary:
    defaults: dict[str, object] = {
        "rounds_planned": 10,
        "rounds_completed": 10,
        "fast_seconds": 300.0,
        "slow_seconds": 300.0,
    }
    return make_summary(
        datetime(2026, 11, day, 9, tzinfo=CET),
        pain_before=before,
        pain_after=after,
        **(defaults | fields),
    )


def suggestion(*summaries: Summary) -> str | None:
    now = datetime(2026, 11, 30, 8, 0, tzinfo=CET)
    return compute_stats(list(summaries), weekly_goal=3, now=now, zone=CET).suggestion


def test_three_good_walks_suggest_two_more_rounds() -> None:
    text = suggestion(rated(20, 4, 3), rated(22, 3, 3), rated(24, 3, 2), rated(10, 2, 8))
    assert text is not None
    assert "Try 12 rounds" in text
    assert "about 2 more minutes" in text
    assert text.endswith(
        ": walktimer run classic-30-30 --warmup none --cooldown none --rounds 12 --fast 30 "
        "--slow 30"
    )


def intervals(rounds: int, fast: int, slow: int) -> dict[str, Any]:
    """A walk of `rounds` fast and slow intervals of these lengths, walked in full."""
    phases = [
        phase(kind, f"{kind}, round {n}/{rounds}", seconds)
        for n in range(1, rounds + 1)
        for kind, seconds in (("fast", fast), ("slow", slow))
    ]
    return {
        "rounds_planned": rounds,
        "rounds_completed": rounds,
        "fast_seconds": float(rounds * fast),
        "slow_seconds": float(rounds * slow),
        "planned_seconds": rounds * (fast + slow),
        "active_seconds": float(rounds * (fast + slow)),
        "phases": phases,
    }


def test_longer_intervals_say_how_many_minutes_two_rounds_are() -> None:
    iwt = intervals(5, 180, 180)
    text = suggestion(rated(20, 4, 3, **iwt), rated(22, 3, 3), rated(24, 3, 2, **iwt))
    assert text is not None
    assert "Try 7 rounds" in text
    assert "about 12 more minutes" in text


@pytest.mark.parametrize(
    "latest",
    [
        rated(24, 3, 4),  # a little worse
        rated(24, 3, 3, status="stopped", stop_reason="user"),
        rated(24, 3, 3, status="interrupted"),
        make_summary(datetime(2026, 11, 24, 9, tzinfo=CET)),  # not rated
    ],
    ids=["pain-up-by-one", "stopped", "interrupted", "not-rated"],
)
def test_no_suggestion_unless_all_three_went_well(latest: Summary) -> None:
    assert suggestion(rated(20, 4, 3), rated(22, 3, 3), latest) is None


def test_two_good_walks_are_not_enough() -> None:
    assert suggestion(rated(22, 3, 3), rated(24, 3, 2)) is None


def test_a_rise_of_two_suggests_a_gentler_walk() -> None:
    text = suggestion(rated(20, 4, 3), rated(22, 3, 3), rated(24, 3, 5))
    assert text is not None
    assert "pain 3 -> 5" in text
    assert "shorter or gentler" in text
    assert "if it keeps happening, talk to a doctor" in text


def test_a_rise_that_persists_suggests_a_doctor() -> None:
    text = suggestion(rated(20, 4, 3), rated(22, 2, 5), rated(24, 3, 5))
    assert text is not None
    assert text.startswith("Your back felt worse after each of your last 2 walks")
    assert "talk to a doctor or physiotherapist" in text


def test_an_unrated_walk_does_not_hide_a_rise() -> None:
    unrated = make_summary(datetime(2026, 11, 26, 9, tzinfo=CET))
    text = suggestion(rated(20, 4, 3), rated(24, 3, 6), unrated)
    assert text is not None and "pain 3 -> 6" in text


def test_a_rise_of_one_is_no_alarm() -> None:
    assert suggestion(rated(24, 3, 4)) is None


def test_a_good_walk_after_a_rise_ends_the_warning() -> None:
    assert suggestion(rated(20, 3, 6), rated(24, 5, 4)) is None


def test_no_more_rounds_past_the_maximum() -> None:
    at_max = {"rounds_planned": 199, "rounds_completed": 199}
    assert suggestion(*(rated(d, 3, 3, **at_max) for d in (20, 22, 24))) is None


def test_json_has_the_design_keys() -> None:
    stats = compute_stats(
        [rated(24, 3, 2)], weekly_goal=2, now=datetime(2026, 11, 25, tzinfo=CET), zone=CET
    )
    data = stats.to_json()
    assert {
        "weekly_goal",
        "this_week",
        "streak_weeks",
        "total_walks",
        "total_active_minutes",
        "pain_change_avg",
        "suggestion",
    } <= set(data)
    assert {"walks", "active_minutes"} <= set(data["this_week"])
    assert data["this_week"]["walks"] == 1
    assert data["pain_change_avg"] == -1.0


# --- which walks count -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("active", "status", "expected"),
    [
        (60.0, "completed", True),  # exactly half of the 120 s planned
        (59.9, "completed", False),
        (9.0, "stopped", False),  # an accidental start
        (120.0, "interrupted", True),  # whatever its status
        (75.0, "stopped", True),
    ],
)
def test_a_walk_counts_once_half_its_plan_is_walked(
    active: float, status: str, expected: bool
) -> None:
    summary = make_summary(active_seconds=active, status=status)
    assert counts(summary) is expected


def test_short_walks_count_towards_nothing_but_their_minutes() -> None:
    """Three walks this week, two of them a 9-second start and a pain stop in the first
    minute: one walk towards the goal, no streak, and the minutes of all three."""
    now = datetime(2026, 11, 25, 20, 0, tzinfo=CET)
    summaries = [
        *walks_on(date(2026, 11, 23)),
        *walks_on(date(2026, 11, 24), active_seconds=9.0, status="stopped", stop_reason="user"),
        *walks_on(date(2026, 11, 25), active_seconds=6.0, status="stopped", stop_reason="pain"),
        *walks_on(date(2026, 11, 16), date(2026, 11, 17)),
        *walks_on(date(2026, 11, 18), active_seconds=30.0, status="interrupted"),
    ]
    stats = compute_stats(summaries, weekly_goal=3, now=now, zone=CET)
    assert stats.this_week.walks == 1
    assert not stats.goal_met
    assert stats.this_week.active_minutes == round((120 + 9 + 6) / 60, 1)
    assert stats.weeks[-2].walks == 2
    assert stats.streak_weeks == 0
    assert (stats.total_walks, stats.short_walks) == (3, 3)
    assert stats.total_active_minutes == round((3 * 120 + 9 + 6 + 30) / 60, 1)
    data = stats.to_json()
    assert (data["total_walks"], data["short_walks"]) == (3, 3)
    assert data["this_week"]["walks"] == 1


def test_short_walks_neither_earn_nor_block_the_suggestion() -> None:
    short = {"active_seconds": 9.0, "status": "stopped", "stop_reason": "user"}
    good = (rated(20, 4, 3), rated(22, 3, 3), rated(24, 3, 2))
    assert suggestion(*good, rated(26, 3, 3, **short)) is not None
    assert suggestion(rated(20, 4, 3), rated(22, 3, 3), rated(24, 3, 2, **short)) is None


def test_a_short_walk_that_hurt_is_still_heard() -> None:
    pain_stop = rated(26, 3, 6, active_seconds=6.0, status="stopped", stop_reason="pain")
    text = suggestion(rated(20, 4, 3), rated(22, 3, 3), rated(24, 3, 2), pain_stop)
    assert text is not None and "pain 3 -> 6" in text


def next_walk(*summaries: Summary) -> NextWalk | None:
    now = datetime(2026, 11, 30, 8, 0, tzinfo=CET)
    return compute_stats(list(summaries), weekly_goal=3, now=now, zone=CET).next_walk


def test_the_longer_walk_keeps_the_routines_and_intervals_walked() -> None:
    walked = intervals(6, 45, 90) | {"warmup": "easy-walk", "cooldown": "standing-stretch"}
    latest = rated(24, 3, 2, **walked)
    found = next_walk(rated(20, 4, 3), rated(22, 3, 3), latest)
    assert found == NextWalk("classic-30-30", "easy-walk", "standing-stretch", 8, 45, 90)
    assert found.command() == (
        "walktimer run classic-30-30 --warmup easy-walk --cooldown standing-stretch "
        "--rounds 8 --fast 45 --slow 90"
    )
    text = suggestion(rated(20, 4, 3), rated(22, 3, 3), latest)
    assert text is not None
    assert "about 4 more minutes" in text  # two rounds of 45 + 90 s
    assert text.endswith(f": {found.command()}")


def test_a_skipped_interval_does_not_shorten_the_suggested_intervals() -> None:
    walked = intervals(4, 60, 120)
    walked["phases"][0].actual_seconds = 5.0
    walked["phases"][0].skipped = True
    walked["fast_seconds"] = 3 * 60.0 + 5.0
    found = next_walk(rated(20, 4, 3), rated(22, 3, 3), rated(24, 3, 2, **walked))
    assert found is not None and (found.fast_seconds, found.slow_seconds) == (60, 120)


def test_without_its_phases_the_intervals_come_from_the_totals() -> None:
    walked = intervals(4, 60, 120) | {"phases": []}
    found = next_walk(rated(20, 4, 3), rated(22, 3, 3), rated(24, 3, 2, **walked))
    assert found is not None and (found.fast_seconds, found.slow_seconds) == (60, 120)


def test_the_command_is_quoted_to_run_as_pasted() -> None:
    odd = NextWalk("my walk", "none", "it's mine", 4, 30, 30)
    assert odd.command() == (
        "walktimer run 'my walk' --warmup none --cooldown 'it'\"'\"'s mine' --rounds 4 "
        "--fast 30 --slow 30"
    )


def test_no_longer_walk_after_a_rise_in_pain() -> None:
    stats_walks = (rated(20, 4, 3), rated(22, 3, 3), rated(24, 3, 2), rated(26, 2, 5))
    assert next_walk(*stats_walks) is None
    assert next_walk(*stats_walks[:3]) is not None


def test_the_json_gives_the_longer_walk_and_its_command() -> None:
    now = datetime(2026, 11, 30, 8, 0, tzinfo=CET)
    good = [rated(20, 4, 3), rated(22, 3, 3), rated(24, 3, 2)]
    data = compute_stats(good, weekly_goal=3, now=now, zone=CET).to_json()
    assert data["next_walk"] == {
        "walk": "classic-30-30",
        "warmup": "none",
        "cooldown": "none",
        "rounds": 12,
        "fast_seconds": 30,
        "slow_seconds": 30,
        "command": "walktimer run classic-30-30 --warmup none --cooldown none --rounds 12 "
        "--fast 30 --slow 30",
    }

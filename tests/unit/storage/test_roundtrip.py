"""Any valid summary written and read back is equal, through the file and through the index."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from walktimer.domain.plan import PhaseKind
from walktimer.domain.summary import PhaseSummary, Summary
from walktimer.storage import read_summaries, write_summary

text = st.text(st.characters(codec="utf-8"), max_size=40)  # any text a file can hold
seconds = st.floats(min_value=0, max_value=6 * 3600, allow_nan=False)
rating = st.none() | st.integers(0, 10)
# TOML offsets are whole minutes; anything from -23:59 to +23:59.
offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
moments = st.builds(
    lambda naive, zone: naive.replace(tzinfo=zone),
    st.datetimes(datetime(1971, 1, 1), datetime(2200, 1, 1)),
    offsets,
)
phases = st.builds(
    PhaseSummary,
    kind=st.sampled_from(PhaseKind),
    name=text,
    planned_seconds=st.integers(1, 3600),
    actual_seconds=seconds,
    skipped=st.booleans(),
)
summaries = st.builds(
    Summary,
    schema=st.just(1),
    id=st.from_regex(r"\A[0-9]{8}T[0-9]{6}-[A-Za-z0-9_-]{1,20}-[0-9a-f]{4}\Z"),
    app_version=st.sampled_from(["0.1.0", "1.2.3"]),
    status=st.sampled_from(["completed", "stopped", "interrupted"]),
    stop_reason=st.sampled_from([None, "user", "pain"]),
    started_at=moments,
    ended_at=moments,
    walk=text,
    warmup=text,
    cooldown=text,
    planned_seconds=st.integers(0, 6 * 3600),
    active_seconds=seconds,
    paused_seconds=seconds,
    rounds_planned=st.integers(1, 200),
    rounds_completed=st.integers(0, 200),
    fast_seconds=seconds,
    slow_seconds=seconds,
    pain_before=rating,
    pain_after=rating,
    effort=rating,
    notes=st.none() | text,
    phases=st.lists(phases, max_size=6),
)
# A walk ends after it starts, within the 48 hours a summary read back may span.
summaries = st.builds(
    lambda summary, span, zone: msgspec.structs.replace(
        summary, ended_at=(summary.started_at + span).astimezone(zone)
    ),
    summaries,
    st.timedeltas(timedelta(0), timedelta(hours=48)),
    offsets,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(summaries)
def test_any_summary_reads_back_equal_with_its_offsets(summary: Summary) -> None:
    folder = Path(tempfile.mkdtemp()) / "sessions"
    try:
        _, saved = write_summary(summary, folder)
        from_file, warnings = read_summaries(folder)
        from_index, _ = read_summaries(folder)
        light, _ = read_summaries(folder, phases=False)
    finally:
        shutil.rmtree(folder.parent)
    assert warnings == []
    assert from_file == [saved]
    assert from_index == [saved]
    assert light[0].notes == saved.notes
    for got in (from_file[0], from_index[0], light[0]):
        assert got.started_at.utcoffset() == summary.started_at.utcoffset()
        assert got.ended_at.utcoffset() == summary.ended_at.utcoffset()
        assert got.started_at.replace(tzinfo=None) == summary.started_at.replace(tzinfo=None)

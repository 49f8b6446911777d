"""The metronome at a real ALSA device: every click on its step, to the millisecond.

Walks run in plain mode on simpleaudio, and every stream they open is captured
(tests/e2e/alsa.py). The clicks are found in the samples themselves (a 10 ms note at the
click's pitch, or the click's own samples added to a pip's), so what is checked is what a
walker would hear: the spacing inside each interval's stream, the number of clicks, their
length and loudness, silence while paused or after a skip, the grid kept across a pause and
the `k` key, and with a lead-in, each stream starting early with its tone on time. Where a
stream is cut short the capture is paced as by a sound card, so it holds only what was heard.
"""

from __future__ import annotations

import math
from itertools import pairwise
from pathlib import Path

import pytest

from tests.conftest import Xdg, require
from tests.e2e.alsa import (
    HAS_SIMPLEAUDIO,
    VOLUME,
    Capture,
    Walk,
    click_samples,
    plain_run,
    walk_file,
)
from tests.unit.audio.pcm import RATE, clicks, decode, first_above, notes
from walktimer.audio.cues import SCORE, Cue, cue_seconds
from walktimer.audio.streams import Stream, render_stream
from walktimer.audio.synth import cue_sounds

pytestmark = [pytest.mark.e2e, pytest.mark.alsa]

SPACING = 0.001  # seconds: clicks within 1 ms of their step, inside a stream
GRID = 0.030  # seconds: a click after a pause or `k` within 30 ms of the interval's grid
ON_TIME = 0.050  # seconds: a tone within 50 ms of its line
CAPTURE_SLACK = 0.5  # seconds a paced stream may run on once stopped (player buffer, pipe)
# Where a key cuts the clicks short, they click once a second and the key comes 0.3 s after a
# click: the capture may run on CAPTURE_SLACK after it and still end before the next click,
# and a click that sounded before the key is never taken for one after it, on a busy machine.
SLOW_CADENCE = 60
KEY_AFTER_CLICK = 0.3


def expected_clicks(seconds: float, cadence: int, cue: Cue, lead_in: float = 0.0) -> list[float]:
    """The phase times of an interval's clicks: every step after its cue has ended, each
    click over before the interval's end less the lead-in."""
    step, length = 60 / cadence, SCORE[Cue.CLICK][0].seconds
    first = math.ceil(cue_seconds(cue) / step - 1e-9)
    return [k * step for k in range(max(1, first), 1000) if k * step + length <= seconds - lead_in]


def off_grid(at: float, origin: float, step: float) -> float:
    """How far wall-clock time `at` is from the nearest step of a grid starting at `origin`."""
    phase = (at - origin) % step
    return min(phase, step - phase)


def line_time(walk: Walk, kind: str) -> float:
    return walk.wait_line(lambda text: text.split(" ")[1:2] == [kind], f"the {kind} line")


def test_the_ear_finds_every_click_of_a_rendered_stream() -> None:
    """The analysis itself, on streams built in memory where every click's sample is known:
    alone, on a pip's first sample, inside a pip or just after one, after a resume; and
    nothing taken for a click that is not."""
    sounds = cue_sounds(VOLUME)
    cases = [
        Stream(start=0, cue=Cue.FAST, step=0.5, until=5, pips=(2, 3, 4)),
        Stream(start=0, cue=Cue.SLOW, step=60 / 90, until=5, pips=(2, 3, 4)),
        Stream(start=2.3, step=0.5, clicks_from=2.3, until=8, pips=(5, 6, 7)),
        Stream(start=-0.3, cue=Cue.FAST, step=60 / 115, until=9.7, pips=(7, 8, 9)),
        Stream(start=0, cue=Cue.SLOW, step=60 / 95, until=8, pips=(5, 6, 7)),  # 3 ms after
        Stream(start=0, cue=Cue.FAST, step=0.5, until=5, pips=(2.02, 3.3, 4.495)),  # over
        Stream(start=0, cue=Cue.DONE),
    ]
    for stream in cases:
        samples = decode(render_stream(stream, sounds).pcm)
        found = clicks(samples, click_samples(), SCORE[Cue.CLICK][0].hz)
        step = stream.step or 1.0
        first = max(stream.clicks_from, stream.cue_at + cue_seconds(stream.cue or Cue.CLICK))
        want = [k * step for k in range(1, 100) if first <= k * step <= stream.until - 0.01]
        assert found == ([round((at - stream.start) * RATE) for at in want] if stream.step else [])


def test_clicks_keep_the_step_to_the_sample_in_each_interval(
    capture: Capture, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    require(HAS_SIMPLEAUDIO, "simpleaudio")
    argv = plain_run(walktimer_cmd, walk_file(tmp_path), "--fast", "5", "--slow", "5")
    with Walk(
        [*argv, "--rounds", "1", "--cadence", "120/90"], capture.env, tmp_path / "err"
    ) as walk:
        walk.finish()
    fast, slow, done = capture.streams()
    assert [fast.opens_with(), slow.opens_with(), done.cue()] == [Cue.FAST, Cue.SLOW, Cue.DONE]
    report = ["interval  clicks  max |spacing - step| ms  first click s"]
    for stream, cadence, cue in ((fast, 120, Cue.FAST), (slow, 90, Cue.SLOW)):
        step, onsets = 60 / cadence, stream.clicks()
        errors = [abs((b - a) / RATE - step) for a, b in pairwise(onsets)]
        report.append(
            f"{cue.value:<8}  {len(onsets):>6}  {max(errors) * 1000:>24.3f}  {onsets[0] / RATE:.4f}"
        )
        assert len(onsets) == len(expected_clicks(5, cadence, cue)), report
        assert max(errors) <= SPACING, report
        # On the interval's own grid: a step from the stream's start, which is the phase's.
        assert all(off_grid(i / RATE, 0, step) <= SPACING for i in onsets), report
    print("\n".join(report))
    first = fast.clicks()[0]
    [click] = notes(fast.samples[first - 200 : first + 641])  # above 1% of its own peak
    cue_peak = fast.heard[0].peak
    print(
        f"click: {click.seconds * 1000:.2f} ms, {click.hz:.0f} Hz, peak {click.peak} of {cue_peak}"
    )
    assert click.seconds < 0.015
    assert click.peak <= cue_peak / 2


def test_pause_silences_the_clicks_and_resume_keeps_their_grid(
    paced_capture: Capture, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    require(HAS_SIMPLEAUDIO, "simpleaudio")
    argv = plain_run(walktimer_cmd, walk_file(tmp_path), "--fast", "8", "--slow", "2")
    argv += ["--rounds", "1", "--cadence", str(SLOW_CADENCE)]
    with Walk(argv, paced_capture.env, tmp_path / "err", keys=True) as walk:
        fast_line = line_time(walk, "FAST")
        paused = walk.press(" ", at=fast_line + 2 + KEY_AFTER_CLICK)  # the click at 2 s heard
        resumed = walk.press(" ", at=paused + 2.0)
        walk.finish()
    pause = resumed - paused
    heard = [(at, s) for s in paced_capture.streams() for at in s.click_times()]
    during = [round(at - paused, 3) for at, _ in heard if paused < at < resumed]
    assert not during, f"clicks this long into the pause: {during}"
    after = [at for at, _ in heard if at > resumed]
    off = [off_grid(at, fast_line + pause, 60 / SLOW_CADENCE) for at in after]
    print(
        f"pause {pause:.3f} s; {len(after)} clicks after it, at most "
        f"{max(off) * 1000:.1f} ms off the interval's grid"
    )
    walked = paused - fast_line
    expected = [t for t in expected_clicks(8, SLOW_CADENCE, Cue.FAST) if t > walked]
    assert len(after) == len(expected) == 5  # 3 to 7 s
    assert max(off) <= GRID
    # The stream after the resume carries clicks and pips, never the fast cue again.
    again = [s for s in paced_capture.streams() if s.onset > resumed - 0.1]
    assert 0 <= again[0].onset - resumed < ON_TIME
    assert again[0].opens_with() is None
    assert Cue.FAST not in [s.opens_with() for s in again]


def test_skip_cuts_the_clicks_and_the_slow_cue_follows_at_once(
    paced_capture: Capture, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    require(HAS_SIMPLEAUDIO, "simpleaudio")
    argv = plain_run(walktimer_cmd, walk_file(tmp_path), "--fast", "8", "--slow", "3")
    argv += ["--rounds", "1", "--cadence", str(SLOW_CADENCE)]
    with Walk(argv, paced_capture.env, tmp_path / "err", keys=True) as walk:
        fast_line = line_time(walk, "FAST")
        skipped = walk.press("n", at=fast_line + 2 + KEY_AFTER_CLICK)
        slow_line = line_time(walk, "SLOW")
        walk.finish()
    streams = paced_capture.streams()
    fast = next(s for s in streams if s.opens_with() is Cue.FAST)
    slow = next(s for s in streams if s.opens_with() is Cue.SLOW)
    late = [round(at - skipped, 3) for at in fast.click_times() if at > skipped]
    print(f"fast stream captured to {fast.end - skipped:+.3f} s of the skip; clicks after: {late}")
    assert not late
    assert fast.end - skipped <= CAPTURE_SLACK
    assert not any(s.clicks() for s in streams if s.onset > skipped)  # slow has no cadence
    tone = slow.at(slow.heard[0].start)
    print(
        f"slow tone {1000 * (tone - skipped):.1f} ms after the key, "
        f"{1000 * (tone - slow_line):+.1f} ms of its line"
    )
    assert 0 <= tone - skipped <= 0.1
    assert abs(tone - slow_line) <= ON_TIME


def test_no_metronome_silences_a_walk_with_a_cadence(
    capture: Capture, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    require(HAS_SIMPLEAUDIO, "simpleaudio")
    walk = walk_file(tmp_path, fast=3, slow=2, extra="fast_cadence = 120\nslow_cadence = 90\n")
    with Walk(plain_run(walktimer_cmd, walk), capture.env, tmp_path / "err") as walking:
        walking.finish()
    clicking = capture.streams()
    for path in capture.folder.iterdir():
        path.unlink()
    argv = [*plain_run(walktimer_cmd, walk), "--no-metronome"]
    with Walk(argv, capture.env, tmp_path / "err") as walking:
        walking.finish()
    silent = capture.streams()
    print(f"clicks with the walk's cadence: {[len(s.clicks()) for s in clicking]}")
    assert [len(s.clicks()) for s in clicking[:2]] == [
        len(expected_clicks(3, 120, Cue.FAST)),
        len(expected_clicks(2, 90, Cue.SLOW)),
    ]
    assert [len(s.clicks()) for s in silent] == [0] * len(silent)
    # Every cue is still there, the pips in streams of their own.
    assert [s.cue() for s in silent] == [
        Cue.FAST,
        Cue.COUNTDOWN,
        Cue.COUNTDOWN,
        Cue.SLOW,
        Cue.COUNTDOWN,
        Cue.DONE,
    ]


def test_k_turns_the_clicks_off_and_on_again_in_phase(
    paced_capture: Capture, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    require(HAS_SIMPLEAUDIO, "simpleaudio")
    argv = plain_run(walktimer_cmd, walk_file(tmp_path), "--fast", "10", "--slow", "2")
    argv += ["--rounds", "1", "--cadence", str(SLOW_CADENCE)]
    with Walk(argv, paced_capture.env, tmp_path / "err", keys=True) as walk:
        fast_line = line_time(walk, "FAST")
        off = walk.press("k", at=fast_line + 2 + KEY_AFTER_CLICK)
        on = walk.press("k", at=fast_line + 7 + KEY_AFTER_CLICK)  # the pip at 7 s while off
        stderr = walk.finish()
    assert "Metronome: off (k turns it on)" in stderr
    streams = paced_capture.streams()
    heard = [at for s in streams for at in s.click_times()]
    silent = [round(at - off, 3) for at in heard if off < at < on]
    pips = [s.onset - fast_line for s in streams if off < s.onset < on]
    assert [s.cue() for s in streams if off < s.onset < on] == [Cue.COUNTDOWN], pips
    assert abs(pips[0] - 7) <= ON_TIME  # the countdown goes on without the clicks
    again = [at for at in heard if on < at < fast_line + 10]
    drift = [off_grid(at, fast_line, 60 / SLOW_CADENCE) for at in again]
    print(f"{len(again)} clicks after k again, at most {max(drift) * 1000:.1f} ms off the grid")
    assert not silent, f"clicks this long after k: {silent}"
    expected = [t for t in expected_clicks(10, SLOW_CADENCE, Cue.FAST) if t > on - fast_line]
    assert len(again) == len(expected) == 2  # 8 and 9 s
    assert max(drift) <= GRID


def test_lead_in_starts_each_stream_early_and_its_tone_on_time(
    paced_capture: Capture, xdg: Xdg, tmp_path: Path, walktimer_cmd: list[str]
) -> None:
    require(HAS_SIMPLEAUDIO, "simpleaudio")
    xdg.config_file.parent.mkdir(parents=True, exist_ok=True)
    xdg.config_file.write_text("[audio]\nlead_in_ms = 300\n")
    argv = plain_run(walktimer_cmd, walk_file(tmp_path), "--fast", "5", "--slow", "5")
    with Walk(
        [*argv, "--rounds", "1", "--cadence", "120"], paced_capture.env, tmp_path / "err"
    ) as walk:
        walk.finish()
        lines = {text.split(" ")[1]: at for at, text in walk.lines}
    streams = paced_capture.streams()
    fast, slow = lines["FAST"], lines["SLOW"]
    # The fast interval clicks in its stream; the slow one has its pips in streams of their own.
    # The walk's start is the walker's own doing, not known early: its tone comes a lead-in
    # after its line, as a skip's does.
    moments = [fast + 0.3, slow, slow + 2, slow + 3, slow + 4, lines["DONE"]]
    assert [s.opens_with() or s.cue() for s in streams] == [
        Cue.FAST,
        Cue.SLOW,
        Cue.COUNTDOWN,
        Cue.COUNTDOWN,
        Cue.COUNTDOWN,
        Cue.DONE,
    ]
    report = ["stream    lead-in ms   tone vs its moment ms   ends before next ms"]
    problems = []
    for stream, moment, after in zip(streams, moments, [*streams[1:], None], strict=True):
        start = first_above(stream.samples, -40)
        assert start is not None
        lead_in, tone = start / RATE, stream.at(start)
        gap = math.inf if after is None else after.onset - stream.end
        label = (stream.opens_with() or stream.cue() or Cue.CLICK).value
        report.append(
            f"{label:<8}  {lead_in * 1000:>10.1f}  {(tone - moment) * 1000:>22.1f}"
            f"  {gap * 1000:>19.1f}"
        )
        if abs(lead_in - 0.300) > 0.040:
            problems.append(f"{label}: lead-in {lead_in * 1000:.0f} ms")
        if abs(tone - moment) > ON_TIME:
            problems.append(f"{label}: tone {(tone - moment) * 1000:+.0f} ms off its moment")
        if gap <= 0:
            problems.append(f"{label}: overlaps the next stream by {-gap * 1000:.0f} ms")
    print("\n".join(report))
    assert not problems, "\n".join([*problems, *report])
    # The fast interval's clicks keep its grid and end a lead-in before the interval does.
    fast_clicks = streams[0].click_times()
    assert max(off_grid(at, fast, 0.5) for at in fast_clicks) <= GRID
    assert fast_clicks[-1] + 0.010 <= fast + 5 - 0.3 + GRID
    assert len(fast_clicks) >= len(expected_clicks(5, 120, Cue.FAST, lead_in=0.3)) - 1

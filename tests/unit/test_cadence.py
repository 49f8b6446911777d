"""Steps a minute from taps: the maths (steady taps, a missed tap, a doubled tap, too few, beyond
the metronome's range), its words, the listening of `walktimer cadence` with a fake clock and
scripted keys, and the fast pace remembered among home's choices."""

from __future__ import annotations

import io
import os
import pty
import select
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.fakes import START, FakeClock, ScriptedKeys, run_main
from walktimer.commands import cadence as cadence_command
from walktimer.commands.cadence import listen, report
from walktimer.domain.cadence import (
    Cadence,
    Tapping,
    measure,
    measured_text,
    progress_text,
    range_text,
    result_lines,
    steps_text,
    too_few_text,
)
from walktimer.storage.choices import (
    FILE_NAME,
    Choices,
    UnusableChoices,
    read_choices,
    write_choices,
)


def steady(count: int, every: float, start: float = START) -> list[float]:
    return [start + i * every for i in range(count)]


# --- the maths ------------------------------------------------------------------------------


def test_steady_taps_half_a_second_apart_are_120_steps_a_minute() -> None:
    cadence = measure(steady(40, 0.5))
    assert cadence == Cadence(120, taps=40, left_out=0)


def test_the_pace_is_rounded_to_a_whole_step() -> None:
    assert measure(steady(30, 60 / 117.4)).steps_per_minute == 117
    assert measure(steady(30, 60 / 117.6)).steps_per_minute == 118


def test_a_missed_tap_is_left_out_and_does_not_slow_the_pace() -> None:
    taps = steady(20, 0.5)
    del taps[10]  # one step with no tap: a gap of a whole second
    cadence = measure(taps)
    assert cadence.steps_per_minute == 120
    assert (cadence.taps, cadence.left_out) == (19, 1)


def test_a_doubled_tap_is_left_out_and_the_step_is_timed_from_the_tap_before() -> None:
    taps = sorted([*steady(20, 0.5), START + 5.08])  # a bounce of the finger after the 11th
    cadence = measure(taps)
    assert cadence.steps_per_minute == 120
    assert (cadence.taps, cadence.left_out) == (21, 1)


def test_a_tap_halfway_between_two_steps_is_left_out_once() -> None:
    taps = sorted([*steady(20, 0.5), START + 5.25])
    cadence = measure(taps)
    assert (cadence.steps_per_minute, cadence.left_out) == (120, 1)


def test_uneven_taps_give_the_median_pace() -> None:
    gaps = [0.48, 0.52, 0.5, 0.47, 0.53, 0.5, 0.49, 0.51, 0.5]
    taps = [START]
    for gap in gaps:
        taps.append(taps[-1] + gap)
    assert measure(taps).steps_per_minute == 120


@pytest.mark.parametrize("taps", [[], [START], steady(2, 0.5), steady(3, 0.5)])
def test_fewer_than_four_taps_tell_no_pace(taps: list[float]) -> None:
    cadence = measure(taps)
    assert cadence.steps_per_minute is None
    assert cadence.suggested is None
    assert result_lines(cadence) == []


def test_taps_that_are_mostly_left_out_tell_no_pace() -> None:
    # Three steady steps, then a stop and one more: the tap after the stop times no step.
    taps = [START, START + 0.5, START + 1.0, START + 5.0]
    cadence = measure(taps)
    assert cadence.steps_per_minute is None
    assert too_few_text(cadence) == (
        "too few steps to tell your cadence (3 of 4 taps kept; at least 4 are needed)"
    )
    assert measure([*taps, START + 5.5]).steps_per_minute == 120  # one more step is enough


def test_taps_all_at_one_moment_tell_no_pace() -> None:
    assert measure([START] * 6).steps_per_minute is None


@pytest.mark.parametrize(
    ("every", "measured", "suggested", "side"),
    [(0.25, 240, 200, "more"), (1.2, 50, 60, "fewer")],
)
def test_a_pace_beyond_the_metronome_is_said_so_and_brought_within_it(
    every: float, measured: int, suggested: int, side: str
) -> None:
    cadence = measure(steady(20, every))
    assert cadence.steps_per_minute == measured
    assert cadence.suggested == suggested
    assert not cadence.in_range
    assert range_text(cadence) == (
        f"The metronome clicks 60 to 200 steps a minute: {measured} is {side}, so {suggested}"
        " is the nearest."
    )
    assert result_lines(cadence)[-1].endswith(f"--cadence {suggested}")


# --- the words ------------------------------------------------------------------------------


def test_the_words_of_a_measurement() -> None:
    cadence = Cadence(118, taps=40, left_out=2)
    assert measured_text(cadence) == "118 steps a minute (from 40 taps, 2 left out)"
    assert range_text(cadence) is None
    assert result_lines(cadence) == [
        "Your cadence: 118 steps a minute (from 40 taps, 2 left out).",
        "For brisk intervals at this pace: walktimer run WALK --cadence 118",
    ]
    assert measured_text(Cadence(118, taps=40, left_out=0)) == "118 steps a minute (from 40 taps)"
    assert (steps_text(118), steps_text(118, short=True)) == ("118 steps a minute", "118 steps/min")


def test_the_line_of_progress() -> None:
    tapping = Tapping(20)
    assert progress_text(tapping, START) == "Waiting for your first step (20 s from then)"
    for tap in steady(5, 0.5):
        tapping.tap(tap)
    assert progress_text(tapping, START + 2.2) == "5 taps · 18 s left · 120 steps a minute"


# --- one measurement ------------------------------------------------------------------------


def test_the_seconds_count_from_the_first_tap() -> None:
    tapping = Tapping(20)
    assert tapping.ends_at is None
    assert not tapping.over(START + 100)
    assert tapping.left(START + 100) == 20
    assert tapping.tap(START + 100)
    assert tapping.ends_at == START + 120
    assert tapping.left(START + 100.2) == 20
    assert tapping.next_second(START + 100.2) == pytest.approx(0.8)
    assert tapping.left(START + 119.5) == 1
    assert tapping.over(START + 120)
    assert not tapping.tap(START + 120)  # too late: not counted
    assert tapping.taps == [START + 100]


def listened(
    presses: Sequence[tuple[float, str]], seconds: int = 20
) -> tuple[Tapping, FakeClock, ScriptedKeys]:
    clock = FakeClock()
    keys = ScriptedKeys(clock, presses)
    tapping = Tapping(seconds)
    shown: list[str] = []
    listen(tapping, keys, clock, lambda t, now: shown.append(progress_text(t, now)))
    assert shown, "the progress was shown"
    return tapping, clock, keys


def test_listening_takes_space_and_enter_for_the_time_from_the_first_tap() -> None:
    # The walker starts 7 s in; taps every half second, Enter and space alike, beyond the end.
    presses = [(7 + i * 0.5, " " if i % 2 else "\n") for i in range(50)]
    tapping, clock, keys = listened(presses)
    assert clock.now == pytest.approx(START + 7 + 20)  # 20 s after the first tap, on time
    assert len(tapping.taps) == 40
    assert tapping.result().steps_per_minute == 120
    assert len(keys.pending) == 9  # the one on the end's moment is too late; none read after


def test_q_ends_the_listening_sooner_and_other_keys_are_not_steps() -> None:
    presses = [(i * 0.5, " ") for i in range(10)] + [(2.2, "x"), (5.2, "q"), (5.5, " ")]
    tapping, clock, _ = listened(presses)
    assert clock.now == pytest.approx(START + 5.2)
    assert len(tapping.taps) == 10
    assert tapping.result().steps_per_minute == 120


def test_with_no_first_tap_the_listening_ends_after_five_minutes() -> None:
    tapping, clock, _ = listened([])
    assert clock.now == pytest.approx(START + 300)
    assert tapping.taps == []


def test_the_report_on_standard_output_and_too_few_on_standard_error() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert report(measure(steady(10, 0.5)), out, err) == 0
    assert out.getvalue() == (
        "Your cadence: 120 steps a minute (from 10 taps).\n"
        "For brisk intervals at this pace: walktimer run WALK --cadence 120\n"
    )
    assert err.getvalue() == ""
    out, err = io.StringIO(), io.StringIO()
    assert report(measure(steady(3, 0.5)), out, err) == 1
    assert out.getvalue() == ""
    assert err.getvalue() == (
        "walktimer: too few steps to tell your cadence (3 taps; at least 4 are needed)\n"
    )


# --- the command line -----------------------------------------------------------------------


def test_cadence_without_a_terminal_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    done = run_main(capsys, "cadence")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "walktimer: cadence needs a terminal to tap in\n"


@pytest.mark.parametrize(
    ("seconds", "line"),
    [
        ("4", "--seconds: expected an integer >= 5, got 4"),
        ("121", "--seconds: expected an integer <= 120, got 121"),
    ],
)
def test_seconds_beyond_5_to_120_are_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], seconds: str, line: str
) -> None:
    done = run_main(capsys, "cadence", "--seconds", seconds)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"walktimer: {line}\n")


@pytest.fixture
def pty_stdin(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """Standard input is a terminal of the test's own (a pseudo-terminal in line mode): the
    keys typed into it are written to the file descriptor given."""
    typed, stdin = pty.openpty()
    with os.fdopen(stdin) as stream:
        monkeypatch.setattr(sys, "stdin", stream)
        try:
            yield typed
        finally:
            os.close(typed)


def test_taps_typed_after_the_end_are_not_left_for_the_shell(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, pty_stdin: int
) -> None:
    stdin = sys.stdin.fileno()

    def steps_then_late_taps(tapping: Tapping, *args: object, **kwargs: object) -> None:
        """Eight steps, then two more tapped (Enter ends each line) once the listening ended."""
        for tap in steady(8, 0.5):
            tapping.tap(tap)
        os.write(pty_stdin, b" \r \r")
        assert select.select([stdin], [], [], 5)[0], "the late taps reached the terminal"

    monkeypatch.setattr(cadence_command, "listen", steps_then_late_taps)
    done = run_main(capsys, "cadence")
    assert (done.returncode, done.stdout.splitlines()[0]) == (
        0,
        "Your cadence: 120 steps a minute (from 8 taps).",
    )
    assert select.select([stdin], [], [], 0.2)[0] == [], "the late taps were left for the shell"


# --- remembered on home ---------------------------------------------------------------------


def test_the_fast_pace_is_remembered_with_the_other_choices(tmp_path: Path) -> None:
    chosen = Choices(walk="classic-30-30", rounds=6, fast_cadence=118)
    path = write_choices(tmp_path, chosen)
    assert "fast_cadence = 118" in path.read_text()
    assert read_choices(tmp_path) == chosen


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("50", "fast_cadence: expected an integer >= 60, got 50"),
        ("201", "fast_cadence: expected an integer <= 200, got 201"),
        ('"fast"', 'fast_cadence: expected an integer, got "fast"'),
    ],
)
def test_a_remembered_pace_beyond_the_metronome_is_refused(
    tmp_path: Path, value: str, problem: str
) -> None:
    (tmp_path / FILE_NAME).write_text(f'walk = "classic-30-30"\nfast_cadence = {value}\n')
    with pytest.raises(UnusableChoices) as raised:
        read_choices(tmp_path)
    assert raised.value.problems[0].endswith(problem)

"""Plain mode walked with a fake clock: scripted keys and answers, no sleeping, exact times."""

from __future__ import annotations

import io
import os
import tomllib
import tty
from collections.abc import Iterator, Sequence
from pathlib import Path

import msgspec
import pytest

from tests.fakes import FakeClock, RecordingPlayer, ScriptedKeys
from tests.unit.audio.test_cueing import with_cadence
from tests.unit.test_session import C, F, S, W, make_plan
from walktimer.domain.plan import Plan
from walktimer.domain.questions import Typed, type_digit
from walktimer.domain.recap import recap
from walktimer.domain.words import PAIN_NOTE
from walktimer.plain import KEYS_HELP, METRONOME_KEY, Keys, Terminal, Wait, run_plain
from walktimer.walk import WalkRun

PLAN = make_plan((W, 10), (F, 5), (S, 5), (C, 6))
LINES = [
    "00:00 WARMUP warmup (0:10)",
    "00:10 FAST fast, round 1/1 (0:05)",
    "00:15 SLOW slow, round 1/1 (0:05)",
    "00:20 COOLDOWN cooldown (0:06)",
    "00:26 DONE",
]


class Walk:
    """One plain-mode walk: the run, its terminal's streams, and what it saved."""

    def __init__(
        self,
        tmp_path: Path,
        *,
        answers: str = "",
        presses: Sequence[tuple[float, str]] = (),
        wait: Wait | None = None,
        plan: Plan = PLAN,
    ) -> None:
        self.clock = FakeClock()
        self.player = RecordingPlayer(clock=self.clock)
        self.run = WalkRun(
            plan,
            player=self.player,
            sessions_dir=tmp_path / "sessions",
            checkpoint_dir=tmp_path / "in-progress",
            clock=self.clock,
            wall=self.clock.wall,
        )
        self.out, self.err = io.StringIO(), io.StringIO()
        self.keys = ScriptedKeys(self.clock, presses) if presses else None
        self.terminal = Terminal(
            out=self.out,
            err=self.err,
            answers=io.StringIO(answers),
            keys=self.keys,
            wait=wait or self.clock.sleep,
        )

    def walk(self, *, prompts: bool = False) -> dict[str, object]:
        assert run_plain(self.run, self.terminal, prompts=prompts) == 0
        saved = self.run.save().path
        assert saved is not None
        return tomllib.loads(saved.read_text())

    @property
    def lines(self) -> list[str]:
        return self.out.getvalue().splitlines()


def test_a_walk_without_keys_prints_each_phase_and_saves_it_completed(tmp_path: Path) -> None:
    walk = Walk(tmp_path)
    summary = walk.walk()
    assert walk.lines == LINES
    assert walk.clock.now - 1000.0 == PLAN.total_seconds
    assert (summary["status"], summary["active_seconds"], summary["paused_seconds"]) == (
        "completed",
        26.0,
        0.0,
    )


def test_keys_pause_skip_and_stop_at_exact_times(tmp_path: Path) -> None:
    presses = [(2.0, " "), (9.0, " "), (12.0, "n"), (20.0, "m"), (21.0, "q")]
    walk = Walk(tmp_path, presses=presses)
    summary = walk.walk()
    # Paused from 2 s to 9 s in the warm-up, which is skipped at 12 s with 5 s walked; the
    # fast interval runs its 5 s to 17 s; the walk is stopped 4 s into the slow one.
    assert walk.lines == LINES[:3]
    assert walk.keys is not None and not walk.keys.pending
    err = walk.err.getvalue()
    assert "Paused: space to go on" in err and "Resumed" in err
    assert "Sound off" in err
    assert err.rstrip().endswith(
        "Stopped.\n"
        "\n"
        "Stopped early · W\n"
        "  Walked     0:14 of 0:26 planned, paused 0:07\n"
        "  Rounds     0 of 1: fast 0:05, slow 0:04\n"
        "  Skipped    1 phase\n"
        "  Back pain  -\n"
        "  Counts     yes, towards this week's goal\n"
        f"Saved {walk.run.save().path}"
    )
    assert summary["status"] == "stopped" and summary["stop_reason"] == "user"
    assert summary["paused_seconds"] == 7.0
    assert summary["active_seconds"] == 14.0
    phases = summary["phases"]
    assert isinstance(phases, list)
    assert [(p["kind"], p["actual_seconds"], p["skipped"]) for p in phases] == [
        ("warmup", 5.0, True),
        ("fast", 5.0, False),
        ("slow", 4.0, False),
    ]


def test_the_pain_key_stops_and_shows_the_safety_note(tmp_path: Path) -> None:
    walk = Walk(tmp_path, presses=[(4.0, "p")])
    summary = walk.walk()
    assert walk.lines == LINES[:1]
    assert PAIN_NOTE in walk.err.getvalue()
    assert (summary["status"], summary["stop_reason"]) == ("stopped", "pain")


def test_the_questions_are_asked_and_every_answer_is_saved(tmp_path: Path) -> None:
    walk = Walk(tmp_path, answers="4\n11\n6\n5\n  felt looser  \n")
    summary = walk.walk(prompts=True)
    err = walk.err.getvalue()
    assert err.count("Please type a whole number from 0 to 10") == 1
    assert "How does your back feel after the walk" in err and "How hard was it" in err
    assert (summary["pain_before"], summary["pain_after"], summary["effort"]) == (4, 6, 5)
    assert summary["notes"] == "felt looser"


def test_a_change_due_when_ctrl_c_comes_is_printed_before_the_walk_stops(
    tmp_path: Path,
) -> None:
    """Ctrl-C after sleeping past a boundary: the phase walked into is printed and recorded."""
    clock_box: list[FakeClock] = []

    def wait(seconds: float) -> None:
        clock = clock_box[0]
        clock.advance(seconds + 0.5)  # woke late, past the warm-up's end
        if clock.now - 1000.0 > 10:
            raise KeyboardInterrupt

    walk = Walk(tmp_path, wait=wait)
    clock_box.append(walk.clock)
    summary = walk.walk()
    assert walk.lines == LINES[:2]
    assert "Stopped." in walk.err.getvalue()
    phases = summary["phases"]
    assert isinstance(phases, list) and [p["kind"] for p in phases] == ["warmup", "fast"]
    assert summary["status"] == "stopped"


@pytest.mark.parametrize("answers", ["4\n", ""])
def test_ctrl_c_during_the_questions_keeps_the_answers_given(tmp_path: Path, answers: str) -> None:
    class Interrupting(io.StringIO):
        def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
            line = super().readline()
            if not line:
                raise KeyboardInterrupt
            return line

    walk = Walk(tmp_path)
    walk.terminal = Terminal(
        out=walk.out, err=walk.err, answers=Interrupting("5\n" + answers), wait=walk.clock.sleep
    )
    summary = walk.walk(prompts=True)
    assert summary["status"] == "completed"
    assert summary["pain_before"] == 5
    assert summary.get("pain_after") == (4 if answers else None)


def test_the_recap_of_the_walk_comes_after_the_answers_and_before_where_it_was_saved(
    tmp_path: Path,
) -> None:
    walk = Walk(tmp_path, answers="4\n3\n5\nfine\n")
    walk.walk(prompts=True)
    err = walk.err.getvalue().splitlines()
    start = err.index("Walk done · W")
    assert err[start - 1].endswith("Notes (Enter to skip): ")  # answered from a pipe: no echo
    assert err[start:] == [
        "Walk done · W",
        "  Walked     0:26 of 0:26 planned",
        "  Rounds     1 of 1: fast 0:05, slow 0:05",
        "  Back pain  4 -> 3",
        "  Counts     yes, towards this week's goal",
        f"Saved {walk.run.save().path}",
    ]


def test_a_walk_stopped_early_says_in_its_recap_that_it_does_not_count(tmp_path: Path) -> None:
    walk = Walk(tmp_path, presses=[(9.0, "q")])
    walk.walk()
    err = walk.err.getvalue()
    assert "  Walked     0:09 of 0:26 planned\n" in err
    assert "  Counts     no: less than half the plan was walked\n" in err


def test_t_tells_the_time_left_in_the_phase_and_in_the_walk(tmp_path: Path) -> None:
    presses = [(3.0, "t"), (12.5, " "), (14.0, "t"), (15.0, " "), (16.0, "q")]
    walk = Walk(tmp_path, presses=presses)
    walk.walk()
    told = [line for line in walk.err.getvalue().splitlines() if line.startswith("Time left")]
    assert told == [
        "Time left: 0:07 of warmup; 0:23 of the walk",
        "Time left: 0:03 of fast, round 1/1; 0:14 of the walk (paused)",
    ]
    assert walk.lines == LINES[:2]  # standard output stays the timeline alone


def test_k_turns_the_metronome_off_then_on_again_in_phase(tmp_path: Path) -> None:
    walk = Walk(tmp_path, presses=[(11.0, "k"), (12.5, "k")], plan=with_cadence(PLAN))
    walk.walk()
    told = walk.err.getvalue().splitlines()
    on = "Metronome: 120 steps a minute in fast intervals, 90 in slow"
    assert told[:2] == [on, KEYS_HELP + METRONOME_KEY]
    assert told[2:4] == ["Metronome: off (k turns it on)", on]
    assert walk.player.stops == [1011.0]
    clicks = [(at, s) for at, s in walk.player.plays if s.cue is None]
    assert [(at, s.start, s.step) for at, s in clicks] == [(1012.5, 2.5, 0.5)]  # in phase
    assert walk.lines == LINES


def test_a_walk_without_a_cadence_says_nothing_of_a_metronome_and_k_does_nothing(
    tmp_path: Path,
) -> None:
    walk = Walk(tmp_path, presses=[(11.0, "k")])
    walk.walk()
    assert "Metronome" not in walk.err.getvalue()
    assert walk.err.getvalue().splitlines()[0] == KEYS_HELP
    assert walk.player.stops == []


@pytest.mark.parametrize(
    ("prompts", "checklist", "shown"),
    [(True, True, True), (True, False, False), (False, True, False)],
    ids=["asked", "turned-off", "no-prompts"],
)
def test_the_checklist_comes_before_the_pain_question_when_prompts_are_on(
    tmp_path: Path, prompts: bool, checklist: bool, shown: bool
) -> None:
    walk = Walk(tmp_path, answers="\n\n\n\n")
    assert run_plain(walk.run, walk.terminal, prompts=prompts, checklist=checklist) == 0
    err = walk.err.getvalue()
    line = "Before you go: Supportive shoes on; Water at hand; A flat, even route\n"
    assert (line in err) is shown
    if shown:
        assert err.startswith(line + "How does your back feel now, 0 (no pain) to 10 (worst)?")


def test_ten_typed_as_a_line_is_ten_and_the_next_question_is_still_asked(
    tmp_path: Path,
) -> None:
    walk = Walk(tmp_path, answers="10\n10\n\n\n")
    summary = walk.walk(prompts=True)
    assert (summary["pain_before"], summary["pain_after"]) == (10, 10)
    assert "effort" not in summary
    assert "How hard was it, 0 (rest) to 10 (maximum effort)?" in walk.err.getvalue()


@pytest.fixture
def typed() -> Iterator[tuple[int, Keys]]:
    """Keys read from a terminal of their own (a pseudo-terminal in single-key mode), and the
    end that types into it."""
    main, follower = os.openpty()
    tty.setcbreak(follower)
    with open(follower, closefd=False) as stream:
        yield main, Keys(stream)
    os.close(main)
    os.close(follower)


def test_keys_pressed_in_quick_succession_each_count(typed: tuple[int, Keys]) -> None:
    main, keys = typed
    os.write(main, b"nnq")
    assert [keys.read(1.0) for _ in range(3)] == ["n", "n", "q"]
    assert keys.read(0.01) is None


def test_an_escape_sequence_is_no_key_of_walktimers(typed: tuple[int, Keys]) -> None:
    """An arrow's `ESC [ C`, or a function key's `ESC O P`, never reads as `C` or `P`."""
    main, keys = typed
    os.write(main, b"\x1b[C")
    assert keys.read(1.0) is None
    os.write(main, b"b\x1bOP")
    assert keys.read(1.0) == "b"
    assert keys.read(0.01) is None


@pytest.mark.parametrize(
    ("waiting", "digit", "rating", "still_waiting"),
    [
        (None, 1, None, 1),  # a 1 may be the start of 10
        (1, 0, 10, None),  # ten
        (None, 0, 0, None),
        (None, 7, 7, None),
        (1, 4, 4, None),  # typed again: the new digit is meant, never 1 and then 4
        (1, 1, None, 1),  # a second 1 waits in its turn
    ],
)
def test_a_rating_typed_key_by_key_holds_a_1_back_for_the_0_of_ten(
    waiting: int | None, digit: int, rating: int | None, still_waiting: int | None
) -> None:
    assert type_digit(waiting, digit) == Typed(rating, still_waiting)


def test_the_recap_of_a_walk_recovered_after_it_was_killed(tmp_path: Path) -> None:
    """The shared recap from a summary alone: a walk that was interrupted, with a pause and
    the pain given before only."""
    walk = Walk(tmp_path, presses=[(1.0, " "), (4.0, " "), (20.0, "q")])
    walk.walk()
    summary = msgspec.structs.replace(walk.run.summary(), status="interrupted", pain_before=6)
    assert recap(summary, "Lunch walk").lines() == [
        "Walk interrupted · Lunch walk",
        "  Walked     0:17 of 0:26 planned, paused 0:03",
        "  Rounds     0 of 1: fast 0:05, slow 0:02",
        "  Back pain  6 -> ?",
        "  Counts     yes, towards this week's goal",
    ]

"""Plain mode walked with a fake clock: scripted keys and answers, no sleeping, exact times."""

from __future__ import annotations

import io
import tomllib
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.fakes import FakeClock, RecordingPlayer, ScriptedKeys
from tests.unit.test_session import C, F, S, W, make_plan
from walktimer.domain.words import PAIN_NOTE
from walktimer.plain import Terminal, Wait, run_plain
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
    ) -> None:
        self.clock = FakeClock()
        self.player = RecordingPlayer()
        self.run = WalkRun(
            PLAN,
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
    assert err.rstrip().endswith(f"Stopped.\nSaved {walk.run.save().path}")
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

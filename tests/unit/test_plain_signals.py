"""Plain mode under real signals sent to this process: a second Ctrl-C (or SIGTERM, SIGHUP)
while the walk is being saved never cuts the save short, and answers that were not valid
text are kept with a visible mark.
"""

from __future__ import annotations

import functools
import io
import os
import signal
import threading
import time
import tomllib
from pathlib import Path

import pytest

from tests.fakes import FakeClock, RecordingPlayer
from tests.unit.test_session import C, F, S, W, make_plan
from walktimer.control import ControlError, ask, listen
from walktimer.plain import Terminal, run_plain
from walktimer.walk import WalkRun

PLAN = make_plan((W, 10), (F, 5), (S, 5), (C, 6))
REAL_FSYNC = os.fsync


def walk_run(tmp_path: Path, clock: FakeClock) -> WalkRun:
    """No checkpoint writer: the save is the only writer, so each fsync is the save's."""
    return WalkRun(
        PLAN,
        player=RecordingPlayer(),
        sessions_dir=tmp_path / "sessions",
        checkpoint_dir=None,
        clock=clock,
        wall=clock.wall,
    )


@pytest.mark.parametrize(
    "second", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["SIGINT", "SIGTERM", "SIGHUP"]
)
def test_a_second_signal_during_the_save_never_cuts_it_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, second: signal.Signals
) -> None:
    clock = FakeClock()
    run = walk_run(tmp_path, clock)
    sent: list[int] = []

    def wait(seconds: float) -> None:
        clock.advance(seconds)
        if clock.now - 1000.0 >= 12 and not sent:  # the first Ctrl-C, 12 s into the walk
            sent.append(signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)

    def fsync(fd: int) -> None:  # the walker presses again while the disk is being flushed
        sent.append(second)
        os.kill(os.getpid(), second)
        time.sleep(0.05)
        REAL_FSYNC(fd)

    monkeypatch.setattr("walktimer.storage.files.os.fsync", fsync)
    err = io.StringIO()
    terminal = Terminal(out=io.StringIO(), err=err, answers=io.StringIO(), wait=wait)
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, second)}
    try:
        code = run_plain(run, terminal, prompts=False)
    except (KeyboardInterrupt, SystemExit) as exc:
        pytest.fail(f"the save was cut short: {exc!r}")
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    assert code == 0, err.getvalue()
    assert sent[0] == signal.SIGINT and second in sent[1:]
    [saved] = (tmp_path / "sessions").glob("*.toml")
    summary = tomllib.loads(saved.read_text())
    assert (summary["status"], summary["active_seconds"]) == ("stopped", 12.0)
    assert {sig: signal.getsignal(sig) for sig in previous} == previous  # given back


def test_answers_that_are_not_valid_text_are_saved_with_a_replacement_mark(
    tmp_path: Path,
) -> None:
    """A stream decoding with surrogateescape hands undecodable bytes over as lone surrogates,
    which no file can hold as UTF-8."""
    clock = FakeClock()
    run = walk_run(tmp_path, clock)
    answers = io.StringIO("4\n3\n5\nfelt \udcff\udcfe better\n")
    terminal = Terminal(out=io.StringIO(), err=io.StringIO(), answers=answers, wait=clock.sleep)
    assert run_plain(run, terminal, prompts=True) == 0
    [saved] = (tmp_path / "sessions").glob("*.toml")
    assert tomllib.loads(saved.read_text())["notes"] == "felt \ufffd\ufffd better"


def test_a_hang_up_mid_walk_saves_it_at_once_as_stopped_with_the_time_walked(
    tmp_path: Path,
) -> None:
    """A closed terminal (SIGHUP) is a stop: `stopped`, by the walker,
    saved at once; never left to be found later as `interrupted`."""
    clock = FakeClock()
    run = walk_run(tmp_path, clock)

    def wait(seconds: float) -> None:
        clock.advance(seconds)
        if clock.now - 1000.0 >= 13:
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(0.05)

    terminal = Terminal(out=io.StringIO(), err=io.StringIO(), answers=io.StringIO(), wait=wait)
    previous = signal.getsignal(signal.SIGHUP)
    try:
        assert run_plain(run, terminal, prompts=True) == 0
    finally:
        signal.signal(signal.SIGHUP, previous)
    [saved] = (tmp_path / "sessions").glob("*.toml")
    summary = tomllib.loads(saved.read_text())
    assert (summary["status"], summary["stop_reason"]) == ("stopped", "user")
    assert summary["active_seconds"] == 13.0


def test_sigterm_during_an_action_from_afar_stops_and_saves_the_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The socket's actions are carried out on the walk's thread, where a closing signal may
    land in the middle of one: it stops and saves the walk as it does anywhere else, and is
    never taken for the action's failure."""
    path = tmp_path / "run" / "control.sock"
    run = WalkRun(
        make_plan((F, 3), (S, 3)),
        player=RecordingPlayer(),
        sessions_dir=tmp_path / "sessions",
        checkpoint_dir=None,
        clock=time.monotonic,
    )
    monkeypatch.setattr(run, "skip", lambda: os.kill(os.getpid(), signal.SIGTERM))
    answers: list[str] = []

    def from_afar() -> None:
        time.sleep(0.3)
        try:
            ask(path, "skip")
        except ControlError as exc:
            answers.append(str(exc))

    client = threading.Thread(target=from_afar)
    client.start()
    terminal = Terminal(out=io.StringIO(), err=io.StringIO(), answers=io.StringIO())
    previous = signal.getsignal(signal.SIGTERM)
    try:
        code = run_plain(
            run, terminal, prompts=False, listen=functools.partial(listen, path, tell=print)
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
        client.join(5)
    assert code == 0
    (saved,) = (tmp_path / "sessions").glob("*.toml")
    summary = tomllib.loads(saved.read_text())
    assert (summary["status"], summary["active_seconds"] < 2) == ("stopped", True)

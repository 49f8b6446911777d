"""A checkpoint whose walk is gone becomes its summary; a live walk's checkpoint is left alone;
nothing in a checkpoint, or in the folder around it, stops a command."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import Xdg
from tests.unit.storage.summaries import make_summary
from walktimer.cli import main
from walktimer.domain.summary import Checkpoint, Summary
from walktimer.storage import Told, read_summaries, recover_walks, write_checkpoint
from walktimer.storage.lock import release, take


def interrupted(**overrides: object) -> Summary:
    """What a checkpoint holds mid-walk: the walk so far, as `interrupted`."""
    now = datetime.now().astimezone().replace(microsecond=0)
    fields: dict[str, object] = {"status": "interrupted", "ended_at": now, "pain_before": 3}
    fields.update(overrides)
    return make_summary(now - timedelta(minutes=2), **fields)


def checkpoint_of(xdg: Xdg, summary: Summary) -> Path:
    """A checkpoint as a walk that is gone left it, lock file and all."""
    path = xdg.checkpoints / f"{summary.id}.toml"
    write_checkpoint(Checkpoint(pid=12, summary=summary), path)
    path.with_suffix(".lock").touch()
    return path


def recover(xdg: Xdg, *, earlier: Path | None = None) -> list[Told]:
    return recover_walks(xdg.checkpoints, xdg.sessions, earlier=earlier)


@pytest.fixture
def held(xdg: Xdg) -> Iterator[Path]:
    """The lock of a walk still going, held by this process as a walk holds it."""
    xdg.checkpoints.mkdir(parents=True, exist_ok=True)
    lock = xdg.checkpoints / f"{interrupted().id}.lock"
    fd = take(lock)
    assert fd is not None
    yield lock
    release(fd, lock, remove=False)


def test_a_gone_walks_checkpoint_becomes_an_interrupted_summary(xdg: Xdg) -> None:
    summary = interrupted()
    checkpoint_of(xdg, summary)
    saved = xdg.sessions / f"{summary.id}.toml"
    assert recover(xdg) == [Told(f"saved a walk that was cut short: {saved}", saved=saved)]
    assert xdg.checkpoint_files() == []
    walks, warnings = read_summaries(xdg.sessions)
    assert warnings == []
    assert walks == [summary]
    assert walks[0].pain_before == 3


def test_an_ended_walk_keeps_its_own_status(xdg: Xdg) -> None:
    checkpoint_of(xdg, interrupted(status="stopped", stop_reason="pain"))
    [told] = recover(xdg)
    assert told.line.startswith("saved a stopped walk that had not been saved yet: ")
    assert [(s.status, s.stop_reason) for s in read_summaries(xdg.sessions)[0]] == [
        ("stopped", "pain")
    ]


def test_a_walk_holding_its_lock_is_left_alone_quietly(xdg: Xdg, held: Path) -> None:
    path = checkpoint_of(xdg, interrupted())
    data = path.read_bytes()
    assert recover(xdg) == []
    assert path.read_bytes() == data
    assert held.exists()
    assert not xdg.sessions.exists()


def test_a_checkpoint_written_again_after_its_walk_was_saved_adds_no_copy(xdg: Xdg) -> None:
    """Two commands recovering at once: the second read the checkpoint before it was gone."""
    summary = interrupted()
    data = checkpoint_of(xdg, summary).read_bytes()
    assert len(recover(xdg)) == 1
    checkpoint_of(xdg, summary).write_bytes(data)
    assert recover(xdg) == []
    assert len(list(xdg.sessions.glob("*.toml"))) == 1
    assert xdg.checkpoint_files() == []


def test_no_checkpoint_folder_means_nothing_to_do(xdg: Xdg) -> None:
    assert recover(xdg) == []
    assert not xdg.checkpoints.exists()


def test_an_unwritable_sessions_folder_keeps_the_checkpoint_and_says_where(xdg: Xdg) -> None:
    path = checkpoint_of(xdg, interrupted())
    blocker = xdg.data / "walktimer" / "sessions"
    blocker.write_text("a file, not a folder")
    [told] = recover(xdg)
    assert told.saved is None
    assert told.line.startswith(f"warning: cannot save the walk kept in {path} to {blocker}: ")
    assert told.line.endswith("; it stays there")
    assert path.exists()


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"pid = 12\nsummary = [", "(Invalid"),
        (b"pid = 12\n", "(Object missing required field `summary`)"),
        (b'pid = "12"\n[summary]\n', "(Expected `int`, got `str` - at `$.pid`)"),
        (b"\xef\xbb\xbf\xff", "(not UTF-8 text)"),
        (b"x = " + b"[" * 5000 + b"]" * 5000, "(nested too deeply)"),
        (b"pid = 1\n" + b"# padding\n" * 120_000, "(larger than 1 MiB)"),
    ],
    ids=["toml", "missing-key", "wrong-type", "utf8", "deep", "huge"],
)
def test_an_unreadable_checkpoint_is_moved_aside_with_its_reason(
    xdg: Xdg, data: bytes, why: str
) -> None:
    xdg.checkpoints.mkdir(parents=True)
    path = xdg.checkpoints / "20261126T223500-classic-30-30-3f2a.toml"
    path.write_bytes(data)
    [told] = recover(xdg)
    aside = xdg.checkpoints / "broken" / path.name
    assert told.line.startswith(f"warning: {path}: not a readable walk checkpoint {why}")
    assert told.line.endswith(f"; moved to {aside}")
    assert aside.read_bytes() == data
    assert recover(xdg) == []


def test_an_unsafe_id_in_a_checkpoint_is_refused_and_moved_aside(xdg: Xdg) -> None:
    path = checkpoint_of(xdg, interrupted())
    path.write_text(path.read_text().replace('id = "', 'id = "../../escape', 1))
    [told] = recover(xdg)
    assert "is not usable as a file name" in told.line
    assert not (xdg.data / "escape.toml").exists()
    assert not xdg.sessions.exists()


def test_a_fifo_in_place_of_a_checkpoint_is_moved_aside_without_waiting(xdg: Xdg) -> None:
    xdg.checkpoints.mkdir(parents=True)
    fifo = xdg.checkpoints / "stuck.toml"
    os.mkfifo(fifo)
    [told] = recover(xdg)
    assert "(not a regular file)" in told.line
    assert (xdg.checkpoints / "broken" / "stuck.toml").is_fifo()


def test_a_second_broken_checkpoint_of_the_same_name_never_replaces_the_first(xdg: Xdg) -> None:
    broken = xdg.checkpoints / "broken"
    broken.mkdir(parents=True)
    (broken / "x.toml").write_text("the first")
    (xdg.checkpoints / "x.toml").write_text("the second = [")
    [told] = recover(xdg)
    assert (broken / "x.toml").read_text() == "the first"
    [second] = [p for p in broken.iterdir() if p.name != "x.toml"]
    assert second.read_text() == "the second = ["
    assert told.line.endswith(f"; moved to {second}")


def test_text_from_a_checkpoints_name_is_shown_escaped(xdg: Xdg) -> None:
    xdg.checkpoints.mkdir(parents=True)
    (xdg.checkpoints / "\x1b]0;owned\x07.toml").write_text("garbage = ")
    [told] = recover(xdg)
    assert "\x1b" not in told.line and "\x07" not in told.line


def newer_checkpoint(xdg: Xdg) -> Path:
    """A checkpoint of a newer walktimer, whose schema 2 renamed a key this one needs."""
    path = checkpoint_of(xdg, interrupted(schema=2))
    path.write_text(path.read_text().replace('walk = "', 'route = "', 1))
    return path


def test_a_newer_walktimers_checkpoint_is_left_for_it(xdg: Xdg) -> None:
    path = newer_checkpoint(xdg)
    data = path.read_bytes()
    assert recover(xdg) == [
        Told(
            f"warning: {path}: a walk checkpoint written by a newer walktimer (schema 2; this "
            "one reads schema 1); left as it is for that walktimer to save"
        )
    ]
    assert path.read_bytes() == data
    assert not xdg.sessions.exists()


def test_a_newer_walktimers_live_walk_is_left_alone_quietly(xdg: Xdg, held: Path) -> None:
    path = newer_checkpoint(xdg)
    assert recover(xdg) == []
    assert path.exists()


def test_a_lock_whose_walk_left_no_checkpoint_is_removed_but_a_held_one_is_kept(
    xdg: Xdg, held: Path
) -> None:
    orphan = xdg.checkpoints / "20261126T223500-classic-30-30-0000.lock"
    orphan.touch()
    assert recover(xdg) == []
    assert not orphan.exists()
    assert held.exists()


def test_the_single_checkpoint_of_an_earlier_version_is_recovered_once(xdg: Xdg) -> None:
    earlier = xdg.data / "walktimer" / "in-progress.toml"
    summary = interrupted()
    write_checkpoint(Checkpoint(pid=os.getpid(), summary=summary), earlier)  # no lock: gone
    [told] = recover(xdg, earlier=earlier)
    assert told.saved == xdg.sessions / f"{summary.id}.toml"
    assert not earlier.exists()
    assert xdg.checkpoint_files() == []
    assert recover(xdg, earlier=earlier) == []
    assert read_summaries(xdg.sessions)[0] == [summary]


def test_any_command_recovers_first_and_says_so_on_stderr(
    xdg: Xdg, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = interrupted()
    checkpoint_of(xdg, summary)
    assert main(["presets", "list", "--json"]) == 0
    err = capsys.readouterr().err
    assert err == f"walktimer: saved a walk that was cut short: {xdg.sessions / summary.id}.toml\n"
    assert xdg.checkpoint_files() == []
    main(["presets", "list", "--json"])
    assert capsys.readouterr().err == ""


def test_a_command_goes_on_when_a_checkpoint_is_broken(
    xdg: Xdg, capsys: pytest.CaptureFixture[str]
) -> None:
    xdg.checkpoints.mkdir(parents=True)
    path = xdg.checkpoints / "x.toml"
    path.write_text("garbage = ")
    assert main(["history", "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "[]\n"
    assert captured.err.startswith(f"walktimer: warning: {path}: not a readable walk checkpoint")

"""A programme over saved walks the walker may not read, in the real program run as a walker
without root's powers: the programme cannot be followed, so `walktimer run` says so in one
line and walks the default walk, counted in no programme; `program start` is refused in one
line and writes nothing."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e import test_hostile_files as hostile
from tests.e2e.test_program_run import TINY
from tests.unit.storage.summaries import make_summary
from walktimer.domain.progress import ActiveProgram
from walktimer.storage import write_summary
from walktimer.storage.program import write_active

pytestmark = pytest.mark.e2e

shared_tmp = hostile.shared_tmp  # the walker's folders, opened again afterwards
as_walker = hostile.as_walker  # walktimer run by a walker whom permissions stop

QUICK = """kind = "program"
name = "Quick"
walks_per_week = 1

[[weeks]]
walk = "tiny"
rounds = 2
"""
CLOSED = "cannot read the folder of saved walks: Permission denied"


def walker_folders(root: Path) -> tuple[dict[str, str], Path]:
    """The walker's folders with the tiny walk as the default walk and the programme `quick`
    among their presets, and one walk saved; the environment, and the folder of saved walks."""
    env = hostile.folders(root)
    config = root / "config" / "walktimer"
    (config / "presets").mkdir(parents=True)
    for folder in (config, config / "presets"):
        folder.chmod(0o755)
    (config / "config.toml").write_text('[defaults]\nwalk = "tiny"\n')
    (config / "presets" / "tiny.toml").write_text(TINY)
    (config / "presets" / "quick.toml").write_text(QUICK)
    sessions = root / "data" / "walktimer" / "sessions"
    yesterday = datetime.now().astimezone() - timedelta(days=1)
    write_summary(make_summary(yesterday, walk="tiny"), sessions)
    return env, sessions


def test_run_with_the_walks_closed_walks_the_default_walk_counted_in_no_programme(
    shared_tmp: Path, as_walker: hostile.Runner
) -> None:
    env, sessions = walker_folders(shared_tmp)
    program_file = shared_tmp / "data" / "walktimer" / "program.toml"
    write_active(program_file, ActiveProgram("quick", date.today()))
    before = {path.name for path in sessions.iterdir()}
    sessions.chmod(0o300)  # a walk can be saved in it, but it cannot be listed
    done = as_walker(["run", "--plain", "--no-prompts", "--audio", "none"], env)
    sessions.chmod(0o755)
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr
    told = [line for line in done.stderr.splitlines() if "programme" in line]
    assert told == [f"walktimer: {sessions}: {CLOSED}; this walk is not counted in your programme"]
    assert done.stdout.splitlines()[-1] == "00:02 DONE"  # the default walk: one round, not two
    [new] = [path for path in sessions.iterdir() if path.name not in before]
    summary = tomllib.loads(new.read_text())
    assert (summary["walk"], summary["rounds_planned"]) == ("tiny", 1)
    assert "program" not in summary and "program_week" not in summary


def test_start_with_the_walks_closed_is_one_line_and_writes_nothing(
    shared_tmp: Path, as_walker: hostile.Runner
) -> None:
    env, sessions = walker_folders(shared_tmp)
    sessions.chmod(0o000)
    done = as_walker(["program", "start", "quick"], env)
    assert (done.returncode, done.stdout) == (1, ""), done.stderr
    assert done.stderr == f"walktimer: {sessions}: {CLOSED}\n"
    assert not (shared_tmp / "data" / "walktimer" / "program.toml").exists()

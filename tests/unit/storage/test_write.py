"""Writing summaries: whole files or none, never overwriting, never colliding."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.unit.storage.summaries import make_summary
from walktimer.storage import encode_summary, read_summaries, replace_file, write_summary

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder of its own (tmp_path also holds the test's XDG folders)."""
    path = tmp_path / "sessions"
    path.mkdir()
    return path


def test_a_summary_is_saved_under_its_id(folder: Path) -> None:
    summary = make_summary()
    path, saved = write_summary(summary, folder / "new" / "sessions")
    assert path.name == f"{summary.id}.toml"
    assert saved == summary
    assert path.read_text() == encode_summary(summary)


def test_phase_kinds_are_written_as_plain_words(folder: Path) -> None:
    path, _ = write_summary(make_summary(), folder)
    kinds = [line for line in path.read_text().splitlines() if line.startswith("kind = ")]
    assert kinds == ['kind = "fast"', 'kind = "slow"', 'kind = "fast"', 'kind = "slow"']


def test_a_clash_takes_a_new_suffix_and_leaves_the_first_file_alone(folder: Path) -> None:
    first, _ = write_summary(make_summary(notes="first"), folder)
    data = first.read_bytes()
    second, saved = write_summary(make_summary(notes="second"), folder)
    assert second != first
    assert first.read_bytes() == data
    assert saved.id == second.stem
    assert saved.id.rsplit("-", 1)[0] == make_summary().id.rsplit("-", 1)[0]
    assert saved.notes == "second"


def test_many_writers_at_once_never_collide(folder: Path) -> None:
    summaries = [make_summary(notes=str(n)) for n in range(40)]  # all the same id
    with ThreadPoolExecutor(8) as pool:
        paths = list(pool.map(lambda s: write_summary(s, folder)[0], summaries))
    assert len(set(paths)) == 40
    notes = sorted(s.notes or "" for s in read_summaries(folder)[0])
    assert notes == sorted(str(n) for n in range(40))


def test_two_processes_writing_the_same_id_keep_both_walks(folder: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from pathlib import Path
        from tests.unit.storage.summaries import make_summary
        from walktimer.storage import write_summary
        for n in range(20):
            write_summary(make_summary(notes=sys.argv[1] + str(n)), Path(sys.argv[2]))
        """
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, tag, str(folder)]) for tag in "ab"]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    summaries, warnings = read_summaries(folder)
    assert warnings == []
    assert len(summaries) == 40


def test_unsafe_ids_are_refused(folder: Path) -> None:
    for bad in ("../outside", ".hidden", "a/b", ""):
        with pytest.raises(ValueError):
            write_summary(make_summary(id=bad), folder / "sessions")
    assert not (folder / "outside.toml").exists()


def test_file_and_folder_are_flushed_to_disk(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real = os.fsync

    def record(fd: int) -> None:
        synced.append(str(Path(f"/proc/self/fd/{fd}").readlink()))
        real(fd)

    monkeypatch.setattr(os, "fsync", record)
    path, _ = write_summary(make_summary(), folder)
    assert any(name.endswith(".tmp") for name in synced)  # the data, before it gets its name
    assert str(folder) in synced  # the new name
    assert path.exists()


def test_a_write_cut_between_temp_file_and_rename_shows_nothing(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def power_cut(src: object, dst: object) -> None:
        raise KeyboardInterrupt  # anything, at the worst moment

    monkeypatch.setattr(os, "link", power_cut)
    with pytest.raises(KeyboardInterrupt):
        write_summary(make_summary(), folder)
    assert list(folder.iterdir()) == []
    assert read_summaries(folder) == ([], [])


def test_a_process_killed_between_temp_file_and_rename_leaves_no_visible_walk(
    folder: Path,
) -> None:
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(REPO)!r})
        from pathlib import Path
        from tests.unit.storage.summaries import make_summary
        from walktimer.storage import write_summary
        os.link = lambda src, dst: os._exit(9)  # the process dies right there
        write_summary(make_summary(), Path(sys.argv[1]))
        """
    )
    done = subprocess.run([sys.executable, "-c", script, str(folder)], check=False)
    assert done.returncode == 9
    leftovers = list(folder.iterdir())
    assert len(leftovers) == 1 and leftovers[0].name.endswith(".tmp")  # the half-done write
    assert read_summaries(folder) == ([], [])


def test_a_file_system_without_hard_links_still_saves(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path, summary = write_summary(make_summary(), folder)
    assert read_summaries(folder)[0] == [summary]
    assert [p.name for p in folder.iterdir()] == [path.name]


def test_a_full_disk_is_an_error_and_leaves_no_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_summary(make_summary(), folder)
    assert list(folder.iterdir()) == []


def test_a_data_path_under_a_regular_file_is_an_error(folder: Path) -> None:
    blocker = folder / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(OSError):
        write_summary(make_summary(), blocker / "walktimer" / "sessions")


def test_replace_file_swaps_whole_contents(folder: Path) -> None:
    target = folder / "in-progress.toml"
    replace_file(b"one", target)
    replace_file(b"two", target)
    assert target.read_bytes() == b"two"
    assert [p.name for p in folder.iterdir()] == ["in-progress.toml"]

"""`walktimer export`: the real program writes a FIT workout, intervals.icu text or the JSON
timeline, and what a watch or a site reads back takes exactly as long as the planned walk."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import stat
import subprocess
import sys
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import fitdecode
import pytest

from tests.conftest import Xdg, require_program
from tests.unit.test_workout import icu_seconds
from walktimer.cli import build_parser
from walktimer.commands.export import SUFFIXES, Format

TIMEOUT = 60
OVERRIDES = ["--rounds", "3", "--fast", "45", "--slow", "60", "--warmup", "none"]
INTENSITY = {"warmup": "warmup", "fast": "active", "slow": "recovery", "cooldown": "cooldown"}
# 60 characters: emoji with a joiner and a skin tone, stacked accents, CJK, a bell, a flag.
LONG_NAME = (
    "Wälk 🚶\u200d♀️🏽 e\u0301\u0302 漢字かな漢字 \u0007 🇫🇷 back-friendly evening loop, slow!"
)


@pytest.fixture
def here(tmp_path: Path) -> Path:
    """The folder the program runs in: empty, beside the test's XDG folders."""
    folder = tmp_path / "here"
    folder.mkdir()
    return folder


def walktimer(
    xdg: Xdg,
    *args: str,
    cwd: Path,
    stdout: Any = subprocess.PIPE,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[Any]:
    return subprocess.run(
        [sys.executable, "-m", "walktimer", *args],
        cwd=cwd,
        env=xdg.env() | (env or {}),
        stdout=stdout,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT,
        check=False,
    )


def json_of(xdg: Xdg, cwd: Path, *args: str) -> Any:
    done = walktimer(xdg, *args, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@dataclass
class Decoded:
    protocol: tuple[int, int]  # the FIT protocol version in the file's header
    file_id: dict[str, Any]
    workout: dict[str, Any]
    steps: list[dict[str, Any]]
    raw_durations: list[int | None]

    def total_seconds(self) -> float:
        """As a watch runs it: each timed step once, a repeat step sending the block from
        `duration_step` back until it has run `repeat_steps` times in all."""
        total = 0.0
        for index, step in enumerate(self.steps):
            if step["duration_type"] == "time":
                total += step["duration_time"]
            else:
                assert step["duration_type"] == "repeat_until_steps_cmplt"
                block = self.steps[step["duration_step"] : index]
                total += sum(s["duration_time"] for s in block) * (step["repeat_steps"] - 1)
        return total


def decode(path: Path) -> Decoded:
    """The file as fitdecode reads it, checking its CRC and failing on any error."""
    messages: dict[str, list[dict[str, Any]]] = {}
    raw: list[int | None] = []
    protocols: list[tuple[int, int]] = []
    with fitdecode.FitReader(
        str(path),
        check_crc=fitdecode.CrcCheck.ENABLED,
        error_handling=fitdecode.ErrorHandling.RAISE,
    ) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitHeader):
                protocols.append(frame.proto_ver)
            if isinstance(frame, fitdecode.FitDataMessage):
                fields = {f.name: f.value for f in frame.fields}
                messages.setdefault(frame.name, []).append(fields)
                if frame.name == "workout_step":
                    raw.append(next(f.raw_value for f in frame.fields if f.def_num == 2))
    (file_id,), (workout,), (protocol,) = messages["file_id"], messages["workout"], protocols
    return Decoded(protocol, file_id, workout, messages["workout_step"], raw)


def export_fit(xdg: Xdg, here: Path, walk: str, *args: str) -> Decoded:
    target = here / f"{walk}.fit"
    done = walktimer(xdg, "export", walk, *args, "--format", "fit", "-o", str(target), cwd=here)
    assert done.returncode == 0, done.stderr
    return decode(target)


def expected_seconds(shown: dict[str, Any], overridden: bool) -> int:
    """`presets show --json`'s total, or, with OVERRIDES, its phases without the warm-up and
    with three rounds of 45 s and 60 s in place of its own."""
    if not overridden:
        return int(shown["total_seconds"])
    kept = [p for p in shown["phases"] if p["kind"] == "cooldown"]
    return sum(p["seconds"] for p in kept) + 3 * (45 + 60)


def bundled_walks(xdg: Xdg, cwd: Path) -> list[str]:
    listed = json_of(xdg, cwd, "presets", "list", "--kind", "walk", "--json")
    walks = [e["id"] for e in listed if e["kind"] == "walk" and e["source"] == "bundled"]
    assert len(walks) >= 3  # first-steps, classic-30-30, iwt-3x3 at least
    return walks


@pytest.mark.parametrize("overridden", [False, True], ids=["as-planned", "overridden"])
def test_every_bundled_walk_decodes_and_takes_as_long_as_planned(
    xdg: Xdg, here: Path, overridden: bool
) -> None:
    for walk in bundled_walks(xdg, here):
        shown = json_of(xdg, here, "presets", "show", walk, "--json")
        decoded = export_fit(xdg, here, walk, *(OVERRIDES if overridden else []))
        assert decoded.total_seconds() == expected_seconds(shown, overridden), walk
        assert decoded.workout["sport"] == "walking"
        assert decoded.file_id["type"] == "workout"
        assert decoded.workout["num_valid_steps"] == len(decoded.steps)
        for step, raw in zip(decoded.steps, decoded.raw_durations, strict=True):
            if step["duration_type"] == "time":  # whole seconds, as milliseconds in the file
                assert raw == step["duration_time"] * 1000
        if not overridden:
            timed = [s["intensity"] for s in decoded.steps if s["duration_type"] == "time"]
            assert timed == [INTENSITY[p["kind"]] for p in first_round(shown)], walk


def _round(label: str) -> int | None:
    """The round of an interval's label, `Brisk walk, round 3/10`."""
    found = re.search(r", round (\d+)/\d+$", label)
    return int(found.group(1)) if found else None


def first_round(shown: dict[str, Any]) -> list[dict[str, Any]]:
    """The phases of `presets show --json` with the intervals of the first round only."""
    return [p for p in shown["phases"] if _round(p["name"]) in (None, 1)]


def test_the_steps_carry_the_plan_names_intensities_and_tips(xdg: Xdg, here: Path) -> None:
    shown = json_of(xdg, here, "presets", "show", "classic-30-30", "--json")
    decoded = export_fit(xdg, here, "classic-30-30")
    assert decoded.workout["wkt_name"] == shown["name"]
    once = first_round(shown)
    timed = [s for s in decoded.steps if s["duration_type"] == "time"]
    assert [s["intensity"] for s in timed] == [INTENSITY[p["kind"]] for p in once]
    assert [s["duration_time"] for s in timed] == [p["seconds"] for p in once]
    assert [s["notes"] for s in timed] == [p["tip"] for p in once]
    assert [s["wkt_step_name"] for s in timed if s["intensity"] == "cooldown"] == [
        p["name"] for p in once if p["kind"] == "cooldown"
    ]
    (repeat,) = [s for s in decoded.steps if s["duration_type"] != "time"]
    first_interval = next(i for i, s in enumerate(decoded.steps) if s["intensity"] == "active")
    assert (repeat["duration_step"], repeat["repeat_steps"]) == (first_interval, 10)
    assert "Standing hamstring stretch, change sides" in [s["wkt_step_name"] for s in timed]


SLOW_FIRST = """kind = "walk"
name = "Easy first"
warmup = "easy-walk"
cooldown = "none"

[intervals]
fast_seconds = 30
slow_seconds = 90
rounds = 4
first = "slow"
"""


def test_a_slow_first_walk_gives_recovery_before_active(xdg: Xdg, here: Path) -> None:
    xdg.presets.mkdir(parents=True)
    (xdg.presets / "easy-first.toml").write_text(SLOW_FIRST)
    decoded = export_fit(xdg, here, "easy-first")
    intensities = [s.get("intensity") for s in decoded.steps]
    first = intensities.index("recovery")
    assert intensities[first : first + 3] == ["recovery", "active", None]
    repeat = decoded.steps[first + 2]
    assert (repeat["duration_step"], repeat["repeat_steps"]) == (first, 4)
    shown = json_of(xdg, here, "presets", "show", "easy-first", "--json")
    assert decoded.total_seconds() == shown["total_seconds"]


def hostile_walk(xdg: Xdg) -> None:
    """A walk with a 60-character unicode name, and a one-sided stretch named likewise."""
    assert len(LONG_NAME) == 60
    name = json.dumps(LONG_NAME, ensure_ascii=False)  # a TOML string too: \\u0007 escaped
    xdg.presets.mkdir(parents=True)
    (xdg.presets / "hostile.toml").write_text(
        f'kind = "walk"\nname = {name}\ncooldown = "stretch"\n'
        "[intervals]\nfast_seconds = 30\nslow_seconds = 30\nrounds = 2\n"
    )
    (xdg.presets / "stretch.toml").write_text(
        f'kind = "cooldown"\nname = "Stretch"\n[[steps]]\nname = {name}\nseconds = 20\n'
        f"sides = true\ntip = {name}\n"
    )


def test_a_long_unicode_name_is_cut_to_fit_and_never_fails(xdg: Xdg, here: Path) -> None:
    hostile_walk(xdg)
    decoded = export_fit(xdg, here, "hostile")
    names = [decoded.workout["wkt_name"], *(s["wkt_step_name"] for s in decoded.steps[3:])]
    for name in names:
        assert "…" in name
        assert len(name) < 60
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in name)
    start = unicodedata.normalize("NFC", "Wälk 🚶\u200d♀️🏽 e\u0301\u0302 漢字かな漢字 🇫🇷")
    assert decoded.workout["wkt_name"].startswith(start)  # accents composed, the bell gone
    assert [n.rsplit(", ", 1)[-1] for n in names[1:]] == ["left side", "right side"]
    assert decoded.total_seconds() == 2 * 60 + 2 * 20
    for fmt in ("icu", "json"):
        done = walktimer(xdg, "export", "hostile", "--format", fmt, cwd=here)
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("overridden", [False, True], ids=["as-planned", "overridden"])
def test_the_icu_text_adds_up_to_the_plan(xdg: Xdg, here: Path, overridden: bool) -> None:
    for walk in ("classic-30-30", "iwt-3x3"):
        shown = json_of(xdg, here, "presets", "show", walk, "--json")
        args = ["export", walk, *(OVERRIDES if overridden else []), "--format", "icu", "-o", "-"]
        done = walktimer(xdg, *args, cwd=here)
        assert done.returncode == 0, done.stderr
        text = done.stdout.decode("utf-8")
        assert icu_seconds(text) == expected_seconds(shown, overridden)
        titles = [line for line in text.splitlines() if line and not line.startswith("- ")]
        rounds = 3 if overridden else sum(p["kind"] == "fast" for p in shown["phases"])
        warmup = [] if overridden else ["Warmup"]
        assert titles == [*warmup, f"Main Set {rounds}x", "Cooldown"]


def test_json_to_a_pipe_is_the_timeline_of_presets_show(xdg: Xdg, here: Path) -> None:
    shown = json_of(xdg, here, "presets", "show", "first-steps", "--json")
    exported = json_of(xdg, here, "export", "first-steps", "--format", "json", "-o", "-")
    assert exported == shown
    overridden = json_of(
        xdg, here, "export", "first-steps", *OVERRIDES, "--format", "json", "-o", "-"
    )
    kinds = [p["kind"] for p in overridden["phases"]]
    assert "warmup" not in kinds and kinds.count("fast") == 3
    assert overridden["total_seconds"] == sum(p["seconds"] for p in overridden["phases"])
    assert overridden["total_seconds"] == expected_seconds(shown, overridden=True)


def test_fit_to_a_terminal_is_refused_with_one_line(xdg: Xdg, here: Path) -> None:
    leader, follower = pty.openpty()
    try:
        done = walktimer(
            xdg,
            "export",
            "classic-30-30",
            "--format",
            "fit",
            "-o",
            "-",
            cwd=here,
            stdout=follower,
        )
        readable, _, _ = select.select([leader], [], [], 0.2)
        written = os.read(leader, 4096) if readable else b""
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    assert written == b""  # not a byte of binary on the walker's screen
    (line,) = done.stderr.decode().splitlines()
    assert line.startswith("walktimer: ") and "-o" in line


def test_fit_to_a_pipe_is_the_whole_file(xdg: Xdg, here: Path) -> None:
    done = walktimer(xdg, "export", "first-steps", "--format", "fit", "-o", "-", cwd=here)
    assert (done.returncode, done.stderr) == (0, b"")
    (here / "piped.fit").write_bytes(done.stdout)
    shown = json_of(xdg, here, "presets", "show", "first-steps", "--json")
    assert decode(here / "piped.fit").total_seconds() == shown["total_seconds"]


def planned_seconds(xdg: Xdg, here: Path, walk: str) -> int:
    return int(json_of(xdg, here, "presets", "show", walk, "--json")["total_seconds"])


def linked(here: Path, to: Path | str) -> str:
    """A link in the test's folder to `to`: an export that replaced its target instead of
    writing into it replaces only the link."""
    link = here / "link"
    link.symlink_to(to)
    return str(link)


def system_path(path: str) -> str:
    """A file outside the test's folder, named only once export says it writes into it: an
    export that replaced it would replace a file of the system's."""
    from walktimer.storage.files import writes_into

    assert writes_into(Path(path)), f"export would replace {path}"
    return path


class PipeReader:
    """A program reading a named pipe in a thread, as `cat PIPE` does, until its writer closes
    it. It reads by a second name of the pipe, so that the pipe has its reader even if an
    export renames a file over it, and is let go of if no export ever opens it."""

    def __init__(self, pipe: Path) -> None:
        self.spare = pipe.with_name(pipe.name + ".spare")
        os.link(pipe, self.spare)
        self.data = b""
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        with self.spare.open("rb") as pipe:  # waits for a writer
            self.data = pipe.read()

    def received(self) -> bytes:
        self.thread.join(5)
        if self.thread.is_alive():  # no writer came: be one, and go
            os.close(os.open(self.spare, os.O_RDWR))
            self.thread.join(5)
        self.spare.unlink()
        return self.data


@pytest.mark.parametrize("link", [False, True], ids=["pipe", "link-to-pipe"])
def test_a_named_pipe_is_written_into_and_stays_a_pipe(xdg: Xdg, here: Path, link: bool) -> None:
    pipe = here / "pipe"
    os.mkfifo(pipe)
    target = linked(here, pipe) if link else str(pipe)
    reader = PipeReader(pipe)
    done = walktimer(xdg, "export", "first-steps", "--format", "fit", "-o", target, cwd=here)
    received = reader.received()
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert Path(target).is_symlink() is link
    (here / "received.fit").write_bytes(received)
    assert decode(here / "received.fit").total_seconds() == planned_seconds(
        xdg, here, "first-steps"
    )


def test_a_link_to_a_file_stays_a_link_and_the_file_it_names_gets_the_export(
    xdg: Xdg, here: Path
) -> None:
    elsewhere = here.parent / "watch" / "first-steps.fit"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(b"an earlier export")
    target = linked(here, elsewhere)
    done = walktimer(xdg, "export", "first-steps", "--format", "fit", "-o", target, cwd=here)
    assert done.returncode == 0, done.stderr
    assert Path(target).is_symlink()
    assert decode(elsewhere).total_seconds() == planned_seconds(xdg, here, "first-steps")


@pytest.mark.parametrize("link", [False, True], ids=["dev-null", "link-to-dev-null"])
def test_a_device_is_written_into_and_stays_a_device(xdg: Xdg, here: Path, link: bool) -> None:
    target = linked(here, "/dev/null") if link else system_path("/dev/null")
    done = walktimer(xdg, "export", "first-steps", "--format", "fit", "-o", target, cwd=here)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    assert Path(target).is_symlink() is link
    assert [str(p) for p in here.iterdir()] == ([target] if link else [])  # no file left


@pytest.mark.parametrize("link", [False, True], ids=["dev-stdout", "link-to-stdout"])
def test_standard_output_named_as_a_file_gets_the_file_alone(
    xdg: Xdg, here: Path, link: bool
) -> None:
    target = linked(here, "/proc/self/fd/1") if link else system_path("/dev/stdout")
    done = walktimer(xdg, "export", "first-steps", "--format", "fit", "-o", target, cwd=here)
    assert (done.returncode, done.stderr) == (0, b"")
    assert Path(target).is_symlink()
    (here / "piped.fit").write_bytes(done.stdout)  # the file, and no line about it
    assert decode(here / "piped.fit").total_seconds() == planned_seconds(xdg, here, "first-steps")


@pytest.mark.parametrize("link", [False, True], ids=["terminal", "link-to-terminal"])
def test_fit_onto_a_terminal_named_as_a_file_is_refused(xdg: Xdg, here: Path, link: bool) -> None:
    leader, follower = pty.openpty()
    try:
        terminal = os.ttyname(follower)
        target = linked(here, terminal) if link else system_path(terminal)
        done = walktimer(xdg, "export", "first-steps", "--format", "fit", "-o", target, cwd=here)
        readable, _, _ = select.select([leader], [], [], 0.2)
        written = os.read(leader, 4096) if readable else b""
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2, done.stderr
    assert written == b""  # not a byte of binary on the walker's screen
    (line,) = done.stderr.decode().splitlines()
    assert line.startswith("walktimer: ") and "-o" in line
    assert Path(target).is_symlink() is link


def test_json_to_standard_output_is_the_file_byte_for_byte(xdg: Xdg, here: Path) -> None:
    """UTF-8, as the file is, whatever the encoding of the output."""
    hostile_walk(xdg)
    latin = {"PYTHONIOENCODING": "latin-1"}
    args = ["export", "hostile", "--format", "json"]
    piped = walktimer(xdg, *args, "-o", "-", cwd=here, env=latin)
    filed = walktimer(xdg, *args, cwd=here, env=latin)
    assert (piped.returncode, filed.returncode) == (0, 0), piped.stderr + filed.stderr
    assert piped.stdout == (here / "hostile.json").read_bytes()
    assert json.loads(piped.stdout.decode("utf-8"))["total_seconds"] == 2 * 60 + 2 * 20


def test_the_fit_file_is_of_protocol_1_0_as_garmin_workout_files_are(xdg: Xdg, here: Path) -> None:
    """Older watches refuse a FIT file of protocol 2."""
    assert export_fit(xdg, here, "first-steps").protocol == (1, 0)


@pytest.mark.parametrize(("fmt", "suffix"), [("fit", ".fit"), ("icu", ".txt"), ("json", ".json")])
def test_the_default_file_is_named_by_the_walk_and_an_export_again_replaces_it(
    xdg: Xdg, here: Path, fmt: str, suffix: str
) -> None:
    for args in (["--rounds", "2"], []):  # the second export replaces the first
        done = walktimer(xdg, "export", "iwt-3x3", *args, "--format", fmt, cwd=here)
        assert done.returncode == 0, done.stderr
        assert f"iwt-3x3{suffix}" in done.stdout.decode()
    assert sorted(p.name for p in here.iterdir()) == [f"iwt-3x3{suffix}"]
    target = here / f"iwt-3x3{suffix}"
    shown = json_of(xdg, here, "presets", "show", "iwt-3x3", "--json")
    if fmt == "fit":
        assert decode(target).total_seconds() == shown["total_seconds"]
    elif fmt == "icu":
        assert icu_seconds(target.read_text(encoding="utf-8")) == shown["total_seconds"]
    else:
        assert json.loads(target.read_text(encoding="utf-8")) == shown


def test_the_formats_the_command_line_takes_are_the_ones_export_writes() -> None:
    assert tuple(SUFFIXES) == get_args(Format)
    for fmt in SUFFIXES:
        assert build_parser().parse_args(["export", "w", "--format", fmt]).format == fmt


@pytest.mark.parametrize("args", [[], ["--format", "gpx"]], ids=["missing", "unknown"])
def test_a_missing_or_unknown_format_is_a_usage_error(
    xdg: Xdg, here: Path, args: list[str]
) -> None:
    done = walktimer(xdg, "export", "classic-30-30", *args, cwd=here)
    assert done.returncode == 2
    assert b"usage: walktimer export" in done.stderr
    assert b"--format" in done.stderr
    assert list(here.iterdir()) == []


def test_an_unknown_walk_is_one_line_and_exit_2(xdg: Xdg, here: Path) -> None:
    done = walktimer(xdg, "export", "no-such-walk", "--format", "fit", cwd=here)
    assert done.returncode == 2
    (line,) = done.stderr.decode().splitlines()
    assert line.startswith('walktimer: no walk preset named "no-such-walk"')
    assert list(here.iterdir()) == []


def test_a_folder_that_is_not_there_is_one_line_and_exit_1(xdg: Xdg, here: Path) -> None:
    target = here / "typo" / "walk.fit"
    done = walktimer(xdg, "export", "first-steps", "--format", "fit", "-o", str(target), cwd=here)
    assert done.returncode == 1
    (line,) = done.stderr.decode().splitlines()
    assert (
        line
        == f"walktimer: {target}: cannot write the file: the folder {target.parent} does not exist"
    )
    assert not target.parent.exists()


def test_a_folder_that_cannot_be_written_is_one_line_and_exit_1(xdg: Xdg, here: Path) -> None:
    """As a walker without root's powers (as root, with the two capabilities that let root
    write anywhere dropped), so the folder's permission bits apply."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        prefix = [
            require_program("setpriv"),
            "--bounding-set",
            "-dac_override,-dac_read_search",
            "--",
        ]
    folder = here / "closed"
    folder.mkdir()
    (folder / "first-steps.fit").write_bytes(b"an earlier export")
    folder.chmod(0o555)
    try:
        done = subprocess.run(
            [
                *prefix,
                sys.executable,
                "-m",
                "walktimer",
                "export",
                "first-steps",
                "--format",
                "fit",
            ],
            cwd=folder,
            env=xdg.env() | {"PYTHONDONTWRITEBYTECODE": "1"},
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    finally:
        folder.chmod(0o755)
    assert done.returncode == 1, done.stderr
    (line,) = done.stderr.decode().splitlines()
    assert line == "walktimer: first-steps.fit: cannot write the file: Permission denied"
    assert (folder / "first-steps.fit").read_bytes() == b"an earlier export"
    assert sorted(p.name for p in folder.iterdir()) == ["first-steps.fit"]

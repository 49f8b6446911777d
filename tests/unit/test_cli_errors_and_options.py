"""The command line's errors and its typed inputs: every walker-facing error ends the same way,
`walktimer run` is read into one typed value, and the closed sets come from their types."""

from __future__ import annotations

from dataclasses import replace
from typing import get_args

import msgspec
import pytest

from tests.conftest import Xdg
from tests.fakes import run_main as run
from walktimer.audio.names import CHOICES, NAMES, BackendChoice
from walktimer.cli import build_parser, cadence_pair
from walktimer.commands.options import RunOptions, plan_for
from walktimer.config import AudioConfig, Config, load_config
from walktimer.domain.decoding import validation_problem
from walktimer.domain.kinds import KINDS
from walktimer.domain.plan import PhaseKind
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
        f'{xdg.config_file}: audio.backend: expected "auto", "termux", "simpleaudio", "command", '
        '"bell" or "none", got "loud"'
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
    assert "(choose from 'auto', 'termux', 'simpleaudio', 'command', 'bell', 'none')" in done.stderr


def test_the_preset_kinds_offered_by_list_are_the_kinds_a_preset_can_have(
    capsys: Capture,
) -> None:
    assert KINDS == ("walk", "warmup", "cooldown", "program")
    done = run(capsys, "presets", "list", "--kind", "stretch")
    assert done.returncode == 2
    assert "(choose from 'walk', 'warmup', 'cooldown', 'program')" in done.stderr


def test_a_key_of_few_words_the_caller_did_not_name_still_reads_as_one_line() -> None:
    text = "Invalid enum value 'loud' - at `$.audio.backend`"
    raw = {"audio": {"backend": "loud"}}
    assert validation_problem(text, raw) == 'audio.backend: not an accepted value, got "loud"'


@pytest.mark.parametrize(
    ("given", "cadence"),
    [("115", (115, None)), ("115/95", (115, 95)), ("60/200", (60, 200))],
)
def test_cadence_is_read_as_fast_and_maybe_slow_steps_per_minute(
    given: str, cadence: tuple[int, int | None]
) -> None:
    assert cadence_pair(given) == cadence
    options = RunOptions.from_args(build_parser().parse_args(["run", "--cadence", given]))
    assert (options.cadence, options.metronome) == (cadence, True)
    plan = plan_for(replace(options, walk="classic-30-30"), Config())
    assert {p.cadence for p in plan.phases if p.kind is PhaseKind.FAST} == {cadence[0]}
    assert {p.cadence for p in plan.phases if p.kind is PhaseKind.SLOW} == {cadence[1]}


@pytest.mark.parametrize("given", ["fast", "115/", "/95", "115/95/80", "11 5", ""])
def test_a_cadence_that_is_not_steps_per_minute_is_a_usage_error_of_one_line(
    capsys: Capture, given: str
) -> None:
    done = run(capsys, "run", "--cadence", given, "--plain", "--no-prompts")
    assert (done.returncode, done.stdout) == (2, "")
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert errors == [
        "walktimer run: error: argument --cadence: expected steps per minute as FAST or "
        f"FAST/SLOW (like 115 or 115/95), got {given!r}"
    ]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("given", "problems"),
    [
        ("50", ["--cadence: expected an integer >= 60, got 50"]),
        ("115/300", ["--cadence: expected an integer <= 200, got 300"]),
        (
            "40/300",
            [
                "--cadence: expected an integer >= 60, got 40",
                "--cadence: expected an integer <= 200, got 300",
            ],
        ),
    ],
)
def test_a_cadence_out_of_range_stops_the_walk_before_it_starts(
    capsys: Capture, xdg: Xdg, given: str, problems: list[str]
) -> None:
    done = run(capsys, "run", "--cadence", given, "--plain", "--no-prompts", "--audio", "none")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [f"walktimer: {problem}" for problem in problems]
    assert xdg.checkpoint_files() == [] and not xdg.sessions.exists()


def test_no_metronome_turns_the_clicks_off_whatever_the_cadence() -> None:
    args = build_parser().parse_args(["run", "--cadence", "115/95", "--no-metronome"])
    options = RunOptions.from_args(args)
    assert (options.cadence, options.metronome) == ((115, 95), False)
    assert RunOptions.from_args(build_parser().parse_args(["run"])).metronome is True

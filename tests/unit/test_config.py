"""The config: strict like presets, and a bad key stops only the commands that read it."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Xdg
from tests.fakes import run_main as run
from walktimer.config import Config, load_config
from walktimer.errors import ConfigError

Capture = pytest.CaptureFixture[str]
BAD_BACKEND = 'weekly_goal = 5\n\n[audio]\nbackend = "loud"\nvolume = 40\n'


def write(xdg: Xdg, text: str) -> None:
    xdg.config_file.parent.mkdir(parents=True)
    xdg.config_file.write_text(text)


def test_a_bad_key_not_needed_keeps_its_default_and_the_rest_is_read(xdg: Xdg) -> None:
    write(xdg, BAD_BACKEND)
    config = load_config(xdg.config_file, needed=("weekly_goal",))
    assert config.weekly_goal == 5
    assert config.audio.backend == "auto"
    assert config.audio.volume == 40  # the good keys beside the bad one are still read


def test_a_bad_key_that_is_needed_is_one_line_naming_file_and_key(xdg: Xdg) -> None:
    write(xdg, BAD_BACKEND)
    with pytest.raises(ConfigError) as refused:
        load_config(xdg.config_file, needed=("audio",))
    [line] = refused.value.problems
    assert line.startswith(f"{xdg.config_file}: audio.backend: expected ")


def test_every_problem_of_the_needed_keys_is_reported_at_once(xdg: Xdg) -> None:
    write(xdg, 'weekly_goal = 0\ntheme = 3\n[audio]\nbackend = "loud"\nvolume = 101\n')
    with pytest.raises(ConfigError) as refused:
        load_config(xdg.config_file)
    keys = sorted(line.split(": ")[1] for line in refused.value.problems)
    assert keys == ["audio.backend", "audio.volume", "theme", "weekly_goal"]


@pytest.mark.parametrize("text", ["colour = 2\n", "weekly_goal = \n", "[audio\n"])
def test_an_unknown_top_level_key_or_a_broken_file_stops_every_command_reading_it(
    xdg: Xdg, text: str
) -> None:
    write(xdg, text)
    with pytest.raises(ConfigError):
        load_config(xdg.config_file, needed=("checklist",))


def test_an_unknown_key_in_a_table_concerns_that_table(xdg: Xdg) -> None:
    write(xdg, "[audio]\nloudness = 3\n")
    assert load_config(xdg.config_file, needed=("weekly_goal",)) == Config()
    with pytest.raises(ConfigError) as refused:
        load_config(xdg.config_file, needed=("audio",))
    assert refused.value.problems == [f"{xdg.config_file}: audio.loudness: unknown key"]


def test_no_config_file_is_the_defaults(xdg: Xdg) -> None:
    assert load_config(xdg.config_file, needed=()) == Config()


def test_stats_works_with_a_bad_audio_backend_and_a_walk_does_not(
    capsys: Capture, xdg: Xdg
) -> None:
    write(xdg, BAD_BACKEND)
    stats = run(capsys, "stats", "--json")
    assert stats.returncode == 0
    assert '"weekly_goal": 5' in stats.stdout
    assert run(capsys, "history").returncode == 0
    walk = run(capsys, "run", "first-steps", "--plain", "--no-prompts")
    assert walk.returncode == 2
    assert "audio.backend" in walk.stderr
    assert "Traceback" not in walk.stderr


@pytest.mark.parametrize("lead_in", [0, 300, 1000])
def test_a_lead_in_of_0_to_1000_ms_is_read(xdg: Xdg, lead_in: int) -> None:
    write(xdg, f"[audio]\nlead_in_ms = {lead_in}\n")
    assert load_config(xdg.config_file).audio.lead_in_ms == lead_in


@pytest.mark.parametrize(
    ("value", "expected"),
    [("-1", "expected an integer >= 0, got -1"), ("1001", "expected an integer <= 1000, got 1001")],
)
def test_a_lead_in_outside_0_to_1000_ms_is_one_line(xdg: Xdg, value: str, expected: str) -> None:
    write(xdg, f"[audio]\nlead_in_ms = {value}\n")
    with pytest.raises(ConfigError) as refused:
        load_config(xdg.config_file, needed=("audio",))
    assert refused.value.problems == [f"{xdg.config_file}: audio.lead_in_ms: {expected}"]


def test_announce_takes_any_of_its_words_and_none_by_default(xdg: Xdg) -> None:
    assert load_config(xdg.config_file).audio.announce == ()
    write(xdg, '[audio]\nvoice = true\nannounce = ["round", "halfway", "minutes-left"]\n')
    assert load_config(xdg.config_file).audio.announce == ("round", "halfway", "minutes-left")


def test_a_word_announce_does_not_know_names_the_words_it_does(xdg: Xdg) -> None:
    write(xdg, '[audio]\nannounce = ["round", "laps"]\n')
    with pytest.raises(ConfigError) as refused:
        load_config(xdg.config_file, needed=("audio",))
    assert refused.value.problems == [  # the second word, counted from 1 as a walker does
        f'{xdg.config_file}: audio.announce[2]: expected "round", "halfway" or "minutes-left", '
        'got "laps"'
    ]
    assert load_config(xdg.config_file, needed=("weekly_goal",)).audio.announce == ()


def test_the_walkers_cue_files_are_read_by_cue_name(xdg: Xdg) -> None:
    write(xdg, '[audio.cues]\nfast = "~/sounds/whistle.wav"\nclick = "tick.wav"\n')
    cues = load_config(xdg.config_file).audio.cues
    assert cues.given() == {"fast": "~/sounds/whistle.wav", "click": "tick.wav"}


def test_a_cue_name_audio_cues_does_not_know_is_an_unknown_key(xdg: Xdg) -> None:
    write(xdg, '[audio.cues]\nwhistle = "whistle.wav"\n')
    with pytest.raises(ConfigError) as refused:
        load_config(xdg.config_file, needed=("audio",))
    assert refused.value.problems == [f"{xdg.config_file}: audio.cues.whistle: unknown key"]


def test_every_problem_of_the_sound_keys_is_reported_at_once(xdg: Xdg) -> None:
    write(
        xdg,
        'weekly_goal = 0\n[audio]\nlead_in_ms = 2000\nannounce = ["halfway", "laps"]\n'
        '[audio.cues]\nbeep = "beep.wav"\nfast = 3\n',
    )
    with pytest.raises(ConfigError) as refused:
        load_config(xdg.config_file)
    keys = sorted(line.split(": ")[1] for line in refused.value.problems)
    assert [re.sub(r"\[\d+\]$", "[]", key) for key in keys] == [
        "audio.announce[]",
        "audio.cues.beep",
        "audio.cues.fast",
        "audio.lead_in_ms",
        "weekly_goal",
    ]


def test_every_cue_and_only_a_cue_can_be_given_a_file_of_ones_own() -> None:
    """`[audio.cues]` takes the names of the cues, all of them: a cue added without its key
    (or a key without its cue) would fail here, not when a walker names a file for it."""
    from walktimer.audio.cues import Cue
    from walktimer.config import CueFiles

    assert set(CueFiles.__struct_fields__) == {cue.value for cue in Cue}

"""The backends on their own: what each plays, how it proves it works, how it reports a failure."""

from __future__ import annotations

import shutil
import sys
import time
import types
from pathlib import Path
from typing import Any

import pytest

from tests.unit.audio.pcm import decode, peak
from walktimer.audio.backends import (
    AudioError,
    BellBackend,
    CommandBackend,
    SimpleaudioBackend,
    check_backends,
)
from walktimer.audio.cues import Cue
from walktimer.audio.synth import cue_sounds

SOUNDS = cue_sounds(80)
SLEEP = shutil.which("sleep") or "/bin/sleep"


def program(folder: Path, name: str, body: str) -> None:
    """A stand-in player program: a shell script that logs its arguments, then does `body`."""
    path = folder / name
    log = folder / "log"
    path.write_text(f'#!/bin/sh\necho "{name} $# $*" >>"{log}"\n{body}\nexit 0\n')
    path.chmod(0o755)


def log_of(programs: Path) -> list[str]:
    return (programs / "log").read_text().splitlines()


def test_command_backend_writes_each_sound_as_a_new_wav_file_and_plays_it_as_one_argument(
    programs: Path,
) -> None:
    program(programs, "fakeplay", "exit 0")
    backend = CommandBackend([("fakeplay", ())])
    assert backend.name == "command (fakeplay)"
    folder = backend._folder
    backend.play(SOUNDS[Cue.FAST], Cue.FAST)
    backend.wait()
    probe, fast = log_of(programs)
    assert probe == f"fakeplay 1 {folder / 'silence.wav'}"  # it proved itself first
    assert fast == f"fakeplay 1 {folder / '1.wav'}"
    assert (folder / "1.wav").read_bytes() == SOUNDS[Cue.FAST].wav()
    backend.close()
    assert not folder.exists()


def test_command_backend_keeps_only_the_files_of_the_last_few_streams(programs: Path) -> None:
    program(programs, "fakeplay", "exit 0")
    backend = CommandBackend([("fakeplay", ())])
    folder = backend._folder
    cues = [Cue.WARMUP, Cue.FAST, Cue.SLOW, Cue.FAST, Cue.SLOW, Cue.DONE]
    for cue in cues:
        backend.play(SOUNDS[cue], cue)
        backend.wait()
    kept = sorted((p for p in folder.iterdir() if p.stem.isdigit()), key=lambda p: int(p.stem))
    assert [path.name for path in kept] == [f"{n}.wav" for n in range(3, 7)]
    assert [path.read_bytes() for path in kept] == [SOUNDS[cue].wav() for cue in cues[-4:]]
    backend.close()


def test_command_backend_passes_the_programs_options(programs: Path) -> None:
    program(programs, "aplay", "exit 0")
    backend = CommandBackend([("aplay", ("-q",))])
    backend.close()
    assert log_of(programs)[0].startswith("aplay 2 -q ")


def test_command_backend_takes_the_next_program_when_one_cannot_play(programs: Path) -> None:
    program(programs, "pw-play", 'echo "pw-play: no PipeWire here" >&2; exit 1')
    program(programs, "aplay", "exit 0")
    backend = CommandBackend([("pw-play", ()), ("paplay", ()), ("aplay", ())])
    assert backend.name == "command (aplay)"
    backend.close()


def test_command_backend_that_cannot_play_says_why(programs: Path) -> None:
    program(
        programs, "aplay", 'echo "aplay: main:831: audio open error: No such device" >&2\nexit 1'
    )
    with pytest.raises(AudioError) as raised:
        CommandBackend([("pw-play", ()), ("aplay", ())])
    assert str(raised.value) == (
        "aplay: main:831: audio open error: No such device; not found: pw-play"
    )


def test_command_backend_without_any_player_program_names_what_it_looked_for(
    programs: Path,
) -> None:
    with pytest.raises(AudioError, match=r"no player program found .*pw-play, paplay, aplay"):
        CommandBackend()


def test_command_player_failing_after_the_probe_is_an_error_the_player_can_act_on(
    programs: Path,
) -> None:
    broken = programs / "broken"
    program(
        programs, "fakeplay", f'[ -e "{broken}" ] && {{ echo "device went away" >&2; exit 1; }}'
    )
    backend = CommandBackend([("fakeplay", ())])
    broken.touch()
    backend.play(SOUNDS[Cue.SLOW], Cue.SLOW)
    with pytest.raises(AudioError, match=r"^fakeplay: device went away$"):
        backend.wait()
    backend.close()


def test_a_new_cue_cuts_the_previous_one_short_without_an_error(programs: Path) -> None:
    program(programs, "fakeplay", f'case "$1" in */1.wav) exec {SLEEP} 30;; esac')
    backend = CommandBackend([("fakeplay", ())])
    backend.play(SOUNDS[Cue.SLOW], Cue.SLOW)  # 1.wav: would take 30 s
    slow = backend._child
    backend.play(SOUNDS[Cue.FAST], Cue.FAST)
    backend.wait()  # the stopped one is not taken for a failure
    backend.close()
    assert slow is not None and slow.returncode is not None  # stopped, and reaped
    assert log_of(programs)[-1].endswith("/2.wav")


def test_stop_silences_the_stream_at_once_and_the_next_one_plays(programs: Path) -> None:
    program(programs, "fakeplay", f'case "$1" in */1.wav) exec {SLEEP} 30;; esac')
    backend = CommandBackend([("fakeplay", ())])
    backend.play(SOUNDS[Cue.SLOW], Cue.SLOW)  # would take 30 s
    slow = backend._child
    started = time.monotonic()
    backend.stop()
    assert time.monotonic() - started < 0.5  # ended on a thread of its own
    backend.wait()  # nothing left to wait for, and no failure
    backend.play(SOUNDS[Cue.FAST], Cue.FAST)
    backend.wait()
    backend.close()
    assert slow is not None and slow.returncode is not None
    assert log_of(programs)[-1].endswith("/2.wav")


class FakeSimpleaudio(types.ModuleType):
    """What walktimer uses of simpleaudio: play_buffer, and play objects that end at once."""

    def __init__(self, fail_at: int | None = None) -> None:
        super().__init__("simpleaudio")
        self.calls: list[tuple[bytes, int, int, int]] = []
        self.fail_at = fail_at

    def play_buffer(self, pcm: bytes, channels: int, width: int, rate: int) -> Any:
        if self.fail_at is not None and len(self.calls) == self.fail_at:
            raise RuntimeError("Error opening PCM device. -- CODE: -16 -- MSG: Device busy")
        self.calls.append((pcm, channels, width, rate))
        return types.SimpleNamespace(is_playing=lambda: False, stop=lambda: None)


def test_simpleaudio_proves_itself_with_silence_then_plays_cue_buffers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeSimpleaudio()
    monkeypatch.setitem(sys.modules, "simpleaudio", fake)
    backend = SimpleaudioBackend()
    backend.play(SOUNDS[Cue.DONE], Cue.DONE)
    (probe, *probe_format), (done, *done_format) = fake.calls
    assert peak(decode(probe)) == 0 and len(probe) > 0
    assert done == SOUNDS[Cue.DONE].pcm
    assert probe_format == done_format == [1, 2, 44_100]


def test_simpleaudio_that_cannot_open_the_device_gives_a_readable_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", FakeSimpleaudio(fail_at=0))
    with pytest.raises(AudioError) as raised:
        SimpleaudioBackend()
    assert str(raised.value) == "Error opening PCM device: Device busy"


def test_simpleaudio_failing_mid_walk_raises_audio_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", FakeSimpleaudio(fail_at=2))
    backend = SimpleaudioBackend()
    backend.play(SOUNDS[Cue.FAST], Cue.FAST)
    with pytest.raises(AudioError, match="Device busy"):
        backend.play(SOUNDS[Cue.SLOW], Cue.SLOW)


def test_simpleaudio_not_installed_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", None)
    with pytest.raises(AudioError, match=r"not installed .*walktimer\[audio\]"):
        SimpleaudioBackend()


def test_bell_rings_for_phase_changes_but_not_for_countdown_pips_nor_clicks() -> None:
    rings: list[None] = []
    backend = BellBackend(lambda: rings.append(None))
    for cue in Cue:
        backend.play(SOUNDS[cue], cue)
    assert len(rings) == len(Cue) - 2  # the first ring of each pattern, at once
    backend.play(SOUNDS[Cue.CLICK])  # a stream without a cue (clicks): nothing to ring
    assert len(rings) == len(Cue) - 2
    backend.close()


def test_bell_that_cannot_ring_is_an_audio_error() -> None:
    def ring() -> None:
        raise OSError("terminal gone")

    with pytest.raises(AudioError, match="terminal gone"):
        BellBackend(ring).play(SOUNDS[Cue.FAST], Cue.FAST)


def test_check_lists_every_backend_with_works_or_why_not(
    programs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", None)
    results = check_backends(ring=lambda: None)
    assert [name for name, _ in results] == ["simpleaudio", "command", "bell", "none"]
    problems = dict(results)
    assert "not installed" in (problems["simpleaudio"] or "")
    assert "no player program found" in (problems["command"] or "")
    assert problems["bell"] is None and problems["none"] is None

"""Every cue as PCM: length, pitch, level, fades, and how the cues differ from one another."""

from __future__ import annotations

import io
import itertools
import wave

import pytest

from tests.unit.audio.pcm import RATE, decode, matches, notes, peak
from walktimer.audio.cues import CLICK_LEVEL, SCORE, Cue, cue_seconds
from walktimer.audio.synth import FULL_SCALE, cue_sounds, gain, render, silence

MINUS_3_DBFS = round(FULL_SCALE * 10 ** (-3 / 20))
FADE_MS = (5.0, 10.0)
CLICK_FADE_MS = (2.5, 5.0)  # a 10 ms click is all fade: in over its first half, out over the rest


@pytest.fixture(scope="module")
def loudest() -> dict[Cue, bytes]:
    return {cue: sound.pcm for cue, sound in cue_sounds(100).items()}


@pytest.mark.parametrize("cue", list(Cue))
def test_cue_lasts_as_long_as_its_score(cue: Cue, loudest: dict[Cue, bytes]) -> None:
    samples = decode(loudest[cue])
    assert len(samples) == pytest.approx(cue_seconds(cue) * RATE, abs=len(SCORE[cue]))
    assert cue_seconds(cue) < 1.0  # the shortest phase is one second


@pytest.mark.parametrize("cue", list(Cue))
def test_cue_notes_have_the_score_pitches(cue: Cue, loudest: dict[Cue, bytes]) -> None:
    heard = notes(decode(loudest[cue]))
    assert [round(h.hz, 1) for h in heard] == [float(n.hz) for n in SCORE[cue]]
    assert matches(heard, SCORE[cue])


@pytest.mark.parametrize("cue", list(Cue))
def test_cue_peak_is_at_most_minus_3_dbfs_and_close_to_it(
    cue: Cue, loudest: dict[Cue, bytes]
) -> None:
    level = peak(decode(loudest[cue]))
    designed = MINUS_3_DBFS * (CLICK_LEVEL if cue is Cue.CLICK else 1.0)  # a click is softer
    assert level <= designed
    assert level >= designed * 0.98  # not needlessly quiet at full volume


@pytest.mark.parametrize("cue", list(Cue))
def test_every_note_fades_in_and_out_over_5_to_10_ms(cue: Cue, loudest: dict[Cue, bytes]) -> None:
    fade_ms = CLICK_FADE_MS if cue is Cue.CLICK else FADE_MS
    samples = decode(loudest[cue])
    assert abs(samples[0]) <= MINUS_3_DBFS // 100 and abs(samples[-1]) <= MINUS_3_DBFS // 100
    for note in notes(samples):
        body = samples[note.start : note.end]
        level = note.peak
        # A note that starts at full strength clicks: the first samples must be near zero,
        # and nine tenths of the level reached only after most of the fade.
        assert max(abs(s) for s in body[:10]) <= level * 0.05
        assert max(abs(s) for s in body[-10:]) <= level * 0.05
        rise = next(i for i, s in enumerate(body) if abs(s) >= level * 0.9) / RATE * 1000
        fall = next(i for i, s in enumerate(reversed(body)) if abs(s) >= level * 0.9)
        assert fade_ms[0] * 0.8 <= rise <= fade_ms[1]
        assert fade_ms[0] * 0.8 <= fall / RATE * 1000 <= fade_ms[1]


def test_all_cues_sound_different_from_each_other(loudest: dict[Cue, bytes]) -> None:
    def signature(pcm: bytes) -> tuple[tuple[int, int], ...]:
        return tuple((round(h.hz), round(h.seconds * 100)) for h in notes(decode(pcm)))

    for a, b in itertools.combinations(Cue, 2):
        assert signature(loudest[a]) != signature(loudest[b]), (a, b)


def test_fast_is_two_high_beeps_and_slow_one_long_low_tone(loudest: dict[Cue, bytes]) -> None:
    fast, slow = notes(decode(loudest[Cue.FAST])), notes(decode(loudest[Cue.SLOW]))
    assert len(fast) == 2 and all(h.hz > 1000 and h.seconds < 0.15 for h in fast)
    assert len(slow) == 1 and slow[0].hz < 450 and slow[0].seconds > 0.4


def test_countdown_pip_is_the_shortest_and_highest_cue(loudest: dict[Cue, bytes]) -> None:
    pip = notes(decode(loudest[Cue.COUNTDOWN]))
    assert len(pip) == 1
    cues = [cue for cue in Cue if cue not in (Cue.COUNTDOWN, Cue.CLICK)]  # the click is no cue
    others = [h for cue in cues for h in notes(decode(loudest[cue]))]
    assert all(pip[0].hz > h.hz and pip[0].seconds < h.seconds for h in others)


@pytest.mark.parametrize("volume", [100, 80, 30])
def test_the_click_is_the_shortest_and_quietest_sound_under_15_ms(volume: int) -> None:
    sounds = cue_sounds(volume)
    click = decode(sounds[Cue.CLICK].pcm)
    assert len(click) / RATE < 0.015
    assert 0 < peak(click) <= peak(decode(sounds[Cue.FAST].pcm)) * 0.5
    for cue in Cue:
        if cue is not Cue.CLICK:
            other = decode(sounds[cue].pcm)
            assert len(click) < len(other) and peak(click) < peak(other), cue


def test_warmup_rises_and_cooldown_falls(loudest: dict[Cue, bytes]) -> None:
    up = [h.hz for h in notes(decode(loudest[Cue.WARMUP]))]
    down = [h.hz for h in notes(decode(loudest[Cue.COOLDOWN]))]
    assert up == sorted(up) and len(set(up)) == len(up)
    assert down == sorted(down, reverse=True) and len(set(down)) == len(down)


def test_volume_scales_the_level_and_zero_is_silent() -> None:
    levels = [peak(decode(render(SCORE[Cue.SLOW], volume).pcm)) for volume in (0, 25, 50, 80, 100)]
    assert levels[0] == 0
    assert levels == sorted(levels) and len(set(levels)) == len(levels)
    assert levels[2] == pytest.approx(levels[4] / 4, rel=0.01)  # 50 %: a quarter, about -12 dB
    assert gain(150) == gain(100) and gain(-5) == 0.0


def test_cues_are_built_once_per_volume() -> None:
    assert cue_sounds(80) is cue_sounds(80)
    assert cue_sounds(80) is not cue_sounds(60)


def test_wav_file_holds_the_same_samples_as_mono_16_bit_44_1_khz() -> None:
    sound = cue_sounds(80)[Cue.FAST]
    with wave.open(io.BytesIO(sound.wav())) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 44_100)
        assert wav.readframes(wav.getnframes()) == sound.pcm


def test_silence_is_all_zero_samples_of_the_asked_length() -> None:
    quiet = silence(0.02)
    assert quiet.seconds == pytest.approx(0.02) and peak(decode(quiet.pcm)) == 0

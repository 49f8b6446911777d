"""A stream's samples: the cue, the clicks of an interval and its pips, each on the exact sample
its phase time gives, counted from the stream's own start."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable, Mapping

import pytest

from tests.unit.audio.pcm import RATE, decode
from walktimer.audio.cues import Cue
from walktimer.audio.streams import Stream, click_times, render_stream
from walktimer.audio.synth import Sound, cue_sounds

SOUNDS = cue_sounds(80)
LIMIT = 32_767
CLICK = SOUNDS[Cue.CLICK].seconds


def samples(sound: Sound) -> array[int]:
    return decode(sound.pcm)


def sound_of(values: Iterable[int]) -> Sound:
    out = array("h", values)
    if sys.byteorder == "big":
        out.byteswap()
    return Sound(out.tobytes())


def laid_out(parts: Iterable[tuple[int, Cue]], sounds: Mapping[Cue, Sound] = SOUNDS) -> array[int]:
    """What a stream should hold: each sound from its sample index on, sounds that meet added
    and held within 16 bits, silence everywhere else."""
    placed = [(index, samples(sounds[cue])) for index, cue in parts]
    out = [0] * max(index + len(part) for index, part in placed)
    for index, part in placed:
        for offset, value in enumerate(part, start=index):
            out[offset] += value
    return array("h", (max(-LIMIT, min(LIMIT, value)) for value in out))


def rendered(stream: Stream, sounds: Mapping[Cue, Sound] = SOUNDS) -> array[int]:
    return samples(render_stream(stream, sounds))


def test_at_120_a_minute_a_5_s_interval_clicks_from_0_5_s_to_4_5_s_with_its_pips() -> None:
    stream = Stream(start=0.0, cue=Cue.FAST, step=0.5, until=5.0, pips=(2.0, 3.0, 4.0))
    assert click_times(stream, SOUNDS[Cue.FAST].seconds, CLICK) == pytest.approx(
        [0.5 * k for k in range(1, 10)]
    )
    clicks = [(k * 22_050, Cue.CLICK) for k in range(1, 10)]
    pips = [(s * RATE, Cue.COUNTDOWN) for s in (2, 3, 4)]
    assert rendered(stream) == laid_out([(0, Cue.FAST), *clicks, *pips])


def test_at_90_a_minute_the_clicks_are_exactly_29_400_samples_apart() -> None:
    stream = Stream(start=0.0, cue=Cue.SLOW, step=60 / 90, until=5.0, pips=(2.0, 3.0, 4.0))
    times = click_times(stream, SOUNDS[Cue.SLOW].seconds, CLICK)
    assert times == pytest.approx([k * 2 / 3 for k in range(1, 8)])  # 0.667 ... 4.667
    assert [round(at * RATE) for at in times] == [k * 29_400 for k in range(1, 8)]
    clicks = [(k * 29_400, Cue.CLICK) for k in range(1, 8)]  # the one at 2.0 s meets a pip
    pips = [(s * RATE, Cue.COUNTDOWN) for s in (2, 3, 4)]
    assert rendered(stream) == laid_out([(0, Cue.SLOW), *clicks, *pips])


def test_no_click_sounds_over_the_cue_whenever_the_cue_comes() -> None:
    slow = SOUNDS[Cue.SLOW].seconds  # 0.5 s
    for cue_at, first in ((0.0, 0.5), (0.3, 1.0), (0.5, 1.0)):
        stream = Stream(start=0.0, cue=Cue.SLOW, cue_at=cue_at, step=0.5, until=3.0)
        times = click_times(stream, cue_at + slow, CLICK)
        assert times[0] == pytest.approx(first), cue_at
        assert rendered(stream) == laid_out(
            [(round(cue_at * RATE), Cue.SLOW), *((round(at * RATE), Cue.CLICK) for at in times)]
        )


def test_every_click_has_ended_by_until() -> None:
    for until, last in ((5.0, 4.5), (4.51, 4.5), (4.509, 4.0)):
        stream = Stream(start=0.0, step=0.5, until=until)
        times = click_times(stream, 0.0, CLICK)
        assert times[-1] == pytest.approx(last), until
        assert times[-1] + CLICK <= until
        assert len(rendered(stream)) == round((last + CLICK) * RATE)


def test_no_click_sounds_in_the_quiet_span_and_the_grid_is_kept_around_it() -> None:
    stream = Stream(start=0.0, step=0.5, until=5.0, quiet=(1.2, 2.6))
    assert click_times(stream, 0.0, CLICK) == pytest.approx([0.5, 1.0, 3.0, 3.5, 4.0, 4.5])
    ends_before = Stream(start=0.0, step=0.395, until=2.0, quiet=(1.2, 2.6))
    assert click_times(ends_before, 0.0, CLICK) == pytest.approx([0.395, 0.79, 1.185])
    runs_in = Stream(start=0.0, step=0.397, until=2.0, quiet=(1.2, 2.6))
    assert click_times(runs_in, 0.0, CLICK) == pytest.approx([0.397, 0.794])  # not 1.191


def test_a_pip_and_a_click_on_one_sample_are_added_and_held_within_16_bits() -> None:
    loud = dict(SOUNDS)
    loud[Cue.COUNTDOWN] = sound_of([30_000] * 100 + [-30_000] * 100)
    loud[Cue.CLICK] = sound_of([20_000] * 50 + [-20_000] * 150)
    stream = Stream(start=0.0, step=1.0, until=3.0, pips=(1.0,))
    out = rendered(stream, loud)
    at = RATE  # 1.0 s
    assert out[at : at + 50] == array("h", [LIMIT] * 50)  # not wrapped round to -15 536
    assert out[at + 50 : at + 100] == array("h", [10_000] * 50)
    assert out[at + 100 : at + 200] == array("h", [-LIMIT] * 100)
    assert out[2 * RATE : 2 * RATE + 200] == samples(loud[Cue.CLICK])  # a click on its own
    quiet = rendered(stream)  # the real sounds, at a walk's volume, simply add up
    pip, click = samples(SOUNDS[Cue.COUNTDOWN]), samples(SOUNDS[Cue.CLICK])
    assert quiet[at : at + len(click)] == array("h", map(sum, zip(pip, click, strict=False)))


def test_a_lead_in_is_silence_before_the_tone_which_starts_on_its_moment() -> None:
    stream = Stream.cue_alone(Cue.FAST, lead_in=0.3)
    assert (stream.start, stream.cue_at) == (-0.3, 0.0)
    out = rendered(stream)
    lead_in = round(0.3 * RATE)
    assert out[:lead_in] == array("h", bytes(2 * lead_in))
    assert out[lead_in:] == samples(SOUNDS[Cue.FAST])
    solid = dict(SOUNDS)
    solid[Cue.FAST] = sound_of([1_000] * 10)
    first = next(i for i, value in enumerate(rendered(stream, solid)) if value)
    assert first == lead_in == 13_230


def test_a_stream_resumed_at_2_2_s_clicks_on_the_phase_grid_with_the_pips_still_to_come() -> None:
    stream = Stream(start=2.2, step=0.5, clicks_from=2.2, until=5.0, pips=(3.0, 4.0))
    times = click_times(stream, 2.2, CLICK)
    assert times == pytest.approx([2.5, 3.0, 3.5, 4.0, 4.5])
    clicks = [(13_230 + k * 22_050, Cue.CLICK) for k in range(5)]  # 0.3 s after its start
    pips = [(35_280, Cue.COUNTDOWN), (79_380, Cue.COUNTDOWN)]  # 3.0 s and 4.0 s
    assert rendered(stream) == laid_out([*clicks, *pips])


def test_a_resumed_stream_drops_the_pips_gone_by_and_waits_for_its_lead_in() -> None:
    stream = Stream(start=2.2, step=0.5, clicks_from=2.5, until=5.0, pips=(2.0, 3.0))
    assert click_times(stream, 2.5, CLICK) == pytest.approx([2.5, 3.0, 3.5, 4.0, 4.5])
    later = Stream(start=2.2, step=0.5, clicks_from=2.6, until=5.0, pips=(2.0, 3.0))
    assert click_times(later, 2.6, CLICK) == pytest.approx([3.0, 3.5, 4.0, 4.5])
    out = rendered(later)
    assert out == laid_out(
        [
            (35_280, Cue.COUNTDOWN),
            *((round((at - 2.2) * RATE), Cue.CLICK) for at in (3, 3.5, 4, 4.5)),
        ]
    )


def test_a_stream_without_a_step_has_no_clicks() -> None:
    stream = Stream(start=0.0, cue=Cue.FAST, until=30.0, pips=(27.0, 28.0, 29.0))
    assert click_times(stream, 0.0, CLICK) == []
    assert rendered(stream) == laid_out(
        [(0, Cue.FAST), *((s * RATE, Cue.COUNTDOWN) for s in (27, 28, 29))]
    )

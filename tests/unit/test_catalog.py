"""The catalog: bundled presets, the user's own replacing them by id, broken ones listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Xdg
from walktimer.domain.catalog import Catalog
from walktimer.domain.plan import PhaseKind
from walktimer.errors import PresetError

SHORT_WALK = """kind = "walk"
name = "{name}"
warmup = "{warmup}"
cooldown = "none"

[intervals]
fast_seconds = 20
slow_seconds = 40
rounds = 2
first = "slow"
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_user_preset_replaces_the_bundled_one_with_the_same_id(xdg: Xdg) -> None:
    write(
        xdg.presets / "mine" / "classic-30-30.toml", SHORT_WALK.format(name="Mine", warmup="none")
    )
    entry = Catalog.load(xdg.presets).find("classic-30-30")
    assert (entry.source, entry.name, entry.total_seconds) == ("user", "Mine", 120)


def test_a_broken_user_preset_is_listed_unusable_and_the_rest_still_load(xdg: Xdg) -> None:
    write(xdg.presets / "broken.toml", 'kind = "walk"\nname = 5\n')
    catalog = Catalog.load(xdg.presets)
    broken = catalog.find("broken")
    assert not broken.usable
    assert broken.error == f"{xdg.presets / 'broken.toml'}: name: expected a string, got 5"
    assert catalog.find("classic-30-30").usable
    with pytest.raises(PresetError) as refused:
        catalog.plan("broken")
    assert refused.value.problems == [broken.error]


def test_a_walk_naming_a_broken_warmup_is_unusable_with_the_warmups_reason(xdg: Xdg) -> None:
    write(xdg.presets / "bad-warmup.toml", 'kind = "warmup"\nname = "W"\nsteps = []\n')
    write(xdg.presets / "walk.toml", SHORT_WALK.format(name="W", warmup="bad-warmup"))
    entry = Catalog.load(xdg.presets).find("walk")
    assert not entry.usable
    assert entry.problems == (
        f"{xdg.presets / 'walk.toml'}: warmup: "
        f"{xdg.presets / 'bad-warmup.toml'}: steps: expected at least one step, got none",
    )


def test_a_path_is_accepted_wherever_an_id_is(tmp_path: Path) -> None:
    walk = write(tmp_path / "w.toml", SHORT_WALK.format(name="W", warmup="none"))
    warm = write(
        tmp_path / "warm.toml",
        'kind = "warmup"\nname = "Warm"\n[[steps]]\nname = "March"\nseconds = 7\n',
    )
    plan = Catalog.load(None).plan(str(walk), str(warm), "none")
    assert plan.walk_id == "w"
    assert plan.warmup_id == "warm"
    assert [p.kind for p in plan.phases] == [PhaseKind.WARMUP] + [
        PhaseKind.SLOW,
        PhaseKind.FAST,
    ] * 2


def test_unknown_ids_name_the_ones_that_exist() -> None:
    with pytest.raises(PresetError) as refused:
        Catalog.load(None).plan("nope")
    assert refused.value.problems == [
        'no walk preset named "nope" (there are: classic-30-30, first-steps, iwt-3x3)'
    ]


def test_overrides_are_checked_against_the_limits() -> None:
    with pytest.raises(PresetError) as refused:
        Catalog.load(None).plan("classic-30-30", rounds=0, fast_seconds=4000)
    assert refused.value.problems == [
        "--rounds: expected an integer >= 1, got 0",
        "--fast: expected an integer <= 3600, got 4000",
    ]


def test_overrides_that_make_the_walk_too_long_are_refused() -> None:
    with pytest.raises(PresetError) as refused:
        Catalog.load(None).plan("iwt-3x3", rounds=200, fast_seconds=60, slow_seconds=60)
    assert refused.value.problems == [
        "the whole walk takes 6:51:50, more than the limit of 6:00:00"
    ]


def test_listing_puts_walks_first_shortest_first() -> None:
    walks = [e.id for e in Catalog.load(None).entries("walk")]
    assert walks[:3] == ["first-steps", "classic-30-30", "iwt-3x3"]

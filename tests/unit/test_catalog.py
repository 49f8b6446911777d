"""The catalog: bundled presets, the user's own replacing them by id, broken ones listed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Xdg, refuse_to_list
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


BROKEN_WALK = SHORT_WALK.format(name="x", warmup="none").replace('name = "x"', "name = 5")


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
    where = xdg.presets / "broken.toml"
    assert broken.problems == (
        f"{where}: name: expected a string, got 5",
        f"{where}: intervals: missing required key",
    )
    assert catalog.find("classic-30-30").usable
    with pytest.raises(PresetError) as refused:
        catalog.plan("broken")
    assert refused.value.problems == list(broken.problems)


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
        'no walk preset named "nope" (there are: brisk-cadence-30-30, classic-30-30, '
        "first-steps, iwt-3x3)"
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
        "the whole walk takes 6:52:05, more than the limit of 6:00:00"
    ]


def test_listing_puts_walks_first_shortest_first() -> None:
    walks = [e.id for e in Catalog.load(None).entries("walk")]
    # the two 30/30 walks are as long as each other: then by id
    assert walks[:4] == ["first-steps", "brisk-cadence-30-30", "classic-30-30", "iwt-3x3"]


def test_a_user_preset_with_a_bundled_id_is_marked_as_replacing_it(xdg: Xdg) -> None:
    write(xdg.presets / "classic-30-30.toml", SHORT_WALK.format(name="Mine", warmup="none"))
    write(xdg.presets / "lunch.toml", SHORT_WALK.format(name="Lunch", warmup="none"))
    catalog = Catalog.load(xdg.presets)
    marked = {e.id: e.replaces_bundled for e in catalog.entries()}
    assert marked["classic-30-30"] is True
    assert marked["lunch"] is False  # the walker's own, replacing nothing
    assert marked["iwt-3x3"] is False  # bundled
    assert catalog.find("classic-30-30").replaces_bundled


def test_of_two_user_files_with_a_bundled_id_only_the_one_used_is_marked(xdg: Xdg) -> None:
    used = write(xdg.presets / "b" / "iwt-3x3.toml", SHORT_WALK.format(name="B", warmup="none"))
    write(xdg.presets / "a" / "iwt-3x3.toml", SHORT_WALK.format(name="A", warmup="none"))
    listed = [e for e in Catalog.load(xdg.presets).entries() if e.id == "iwt-3x3"]
    assert [(e.path, e.replaces_bundled) for e in listed] == [
        (str(used), True),
        (str(xdg.presets / "a" / "iwt-3x3.toml"), False),
    ]


def test_every_listed_path_is_absolute_so_the_file_can_be_found(
    xdg: Xdg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(xdg.presets / "lunch.toml", SHORT_WALK.format(name="Lunch", warmup="none"))
    monkeypatch.chdir(tmp_path)
    catalog = Catalog.load(xdg.presets)
    entries = catalog.entries()
    assert all(Path(e.path).is_absolute() for e in entries)
    lower_back = catalog.find("lower-back")
    assert Path(lower_back.path).read_bytes().startswith(b'kind = "cooldown"')
    assert catalog.find("lunch").path == str(xdg.presets / "lunch.toml")


def test_a_file_named_by_a_relative_path_keeps_it_in_messages_and_knows_its_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "mine" / "w.toml", SHORT_WALK.format(name="W", warmup="none"))
    monkeypatch.chdir(tmp_path)
    entry = Catalog.load(None).find("mine/w.toml")
    assert (entry.path, entry.absolute_path) == ("mine/w.toml", str(tmp_path / "mine" / "w.toml"))


def test_a_file_named_from_the_home_folder_knows_its_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "w.toml", SHORT_WALK.format(name="W", warmup="none"))
    monkeypatch.setenv("HOME", str(tmp_path))
    entry = Catalog.load(None).find("~/w.toml")
    assert (entry.path, entry.absolute_path) == ("~/w.toml", str(tmp_path / "w.toml"))


def test_presets_that_cannot_be_used_come_after_the_usable_ones_of_their_kind(xdg: Xdg) -> None:
    write(xdg.presets / "aaa-broken.toml", BROKEN_WALK)
    write(xdg.presets / "a-warmup.toml", 'kind = "warmup"\nname = "W"\nsteps = []\n')
    write(xdg.presets / "mystery.toml", 'kind = "jog"\n')
    listed = [(e.kind, e.id, e.usable) for e in Catalog.load(xdg.presets).entries()]
    assert listed == [
        ("walk", "first-steps", True),
        ("walk", "brisk-cadence-30-30", True),
        ("walk", "classic-30-30", True),
        ("walk", "iwt-3x3", True),
        ("walk", "aaa-broken", False),
        ("warmup", "easy-walk", True),
        ("warmup", "dynamic-stretches", True),
        ("warmup", "a-warmup", False),
        ("cooldown", "quick-stretch", True),
        ("cooldown", "floor-stretches", True),
        ("cooldown", "lower-back", True),
        ("program", "back-to-walking", True),
        ("program", "iwt-8-weeks", True),
        (None, "mystery", False),
    ]


def test_a_cooldown_naming_a_warmup_says_a_warm_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = SHORT_WALK.format(name="W", warmup="none").replace('cooldown = "none"', "")
    write(
        tmp_path / "w.toml", text.replace('kind = "walk"', 'kind = "walk"\ncooldown = "easy-walk"')
    )
    entry = Catalog.load(None).find("w.toml")
    easy_walk = Catalog.load(None).find("easy-walk").path
    assert entry.problems == (f"w.toml: cooldown: {easy_walk}: is a warm-up, not a cool-down",)


# --- files that must not hide others, nor be hidden ---------------------------------------


def test_a_broken_file_never_hides_a_usable_one_with_the_same_id(xdg: Xdg) -> None:
    good = write(xdg.presets / "sub1" / "same.toml", SHORT_WALK.format(name="Good", warmup="none"))
    bad = write(xdg.presets / "sub2" / "same.toml", BROKEN_WALK)
    catalog = Catalog.load(xdg.presets)
    entry = catalog.find("same")
    assert (entry.usable, entry.name, entry.path) == (True, "Good", str(good))
    listed = [e for e in catalog.entries() if e.id == "same"]
    assert [(e.path, e.usable) for e in listed] == [(str(good), True), (str(bad), False)]
    assert listed[1].problems == (
        f"{bad}: name: expected a string, got 5",
        f"{bad}: another file has this id: {good}",
    )


def test_of_two_usable_files_with_one_id_the_later_is_used_and_the_other_listed(
    xdg: Xdg,
) -> None:
    first = write(xdg.presets / "a" / "same.toml", SHORT_WALK.format(name="A", warmup="none"))
    second = write(xdg.presets / "b" / "same.toml", SHORT_WALK.format(name="B", warmup="none"))
    catalog = Catalog.load(xdg.presets)
    assert catalog.find("same").name == "B"
    listed = [e for e in catalog.entries() if e.id == "same"]
    assert [e.usable for e in listed] == [True, False]
    assert listed[1].error == f"{first}: another file has this id: {second}"
    assert catalog.walk_names()["same"] == "B"


def test_links_that_loop_or_lead_nowhere_are_listed_as_unusable(xdg: Xdg) -> None:
    xdg.presets.mkdir(parents=True)
    (xdg.presets / "loop.toml").symlink_to("loop.toml")
    (xdg.presets / "gone.toml").symlink_to("elsewhere/gone.toml")
    catalog = Catalog.load(xdg.presets)
    assert catalog.find("loop").problems == (
        f"{xdg.presets / 'loop.toml'}: a loop of symbolic links",
    )
    assert catalog.find("gone").problems == (
        f"{xdg.presets / 'gone.toml'}: a broken symbolic link (to elsewhere/gone.toml)",
    )
    assert catalog.find("first-steps").usable


def test_a_named_pipe_among_the_presets_is_listed_and_never_waited_on(xdg: Xdg) -> None:
    xdg.presets.mkdir(parents=True)
    os.mkfifo(xdg.presets / "pipe.toml")
    entry = Catalog.load(xdg.presets).find("pipe")
    assert entry.problems == (f"{xdg.presets / 'pipe.toml'}: not a regular file (a named pipe)",)


def test_a_link_back_up_the_tree_reads_each_folder_once(xdg: Xdg) -> None:
    write(xdg.presets / "mine" / "walk.toml", SHORT_WALK.format(name="W", warmup="none"))
    (xdg.presets / "mine" / "again").symlink_to("..")
    catalog = Catalog.load(xdg.presets)
    assert [e.path for e in catalog.entries() if e.id == "walk"] == [
        str(xdg.presets / "mine" / "walk.toml")
    ]
    assert catalog.warnings == [
        f"{xdg.presets / 'mine' / 'again'}: a link to a folder already read; not read twice"
    ]


def test_a_subfolder_that_cannot_be_read_is_reported(
    xdg: Xdg, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(xdg.presets / "ok" / "walk.toml", SHORT_WALK.format(name="W", warmup="none"))
    locked = xdg.presets / "locked"
    locked.mkdir()
    refuse_to_list(monkeypatch, locked)
    catalog = Catalog.load(xdg.presets)
    assert catalog.find("walk").usable
    assert catalog.warnings == [
        f"{locked}: cannot read the folder: Permission denied; the files in it are not read"
    ]


def test_a_presets_path_that_is_a_file_is_reported(xdg: Xdg) -> None:
    xdg.presets.parent.mkdir(parents=True)
    xdg.presets.write_text("not a folder")
    catalog = Catalog.load(xdg.presets)
    assert catalog.warnings == [f"{xdg.presets}: not a folder, so nothing in it is read"]
    assert catalog.find("first-steps").usable


def test_a_missing_presets_folder_is_no_problem(xdg: Xdg) -> None:
    assert Catalog.load(xdg.presets).warnings == []


@pytest.mark.parametrize("kind", ["warmup", "cooldown"])
def test_a_routine_that_is_a_path_back_to_the_walk_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.chdir(tmp_path)
    text = SHORT_WALK.format(name="Loop", warmup="none").replace(f'{kind} = "none"', "")
    write(
        tmp_path / "loop.toml",
        text.replace('kind = "walk"', f'kind = "walk"\n{kind} = "loop.toml"'),
    )
    word = "warm-up" if kind == "warmup" else "cool-down"
    entry = Catalog.load(None).find("loop.toml")
    assert entry.problems == (f"loop.toml: {kind}: loop.toml: is a walk, not a {word}",)


def test_walks_whose_warmups_are_paths_to_each_other_are_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.toml", SHORT_WALK.format(name="A", warmup="b.toml"))
    write(tmp_path / "b.toml", SHORT_WALK.format(name="B", warmup="a.toml"))
    catalog = Catalog.load(None)
    assert catalog.find("a.toml").problems == ("a.toml: warmup: b.toml: is a walk, not a warm-up",)
    with pytest.raises(PresetError) as refused:
        catalog.plan("b.toml")
    assert refused.value.problems == ["b.toml: warmup: a.toml: is a walk, not a warm-up"]

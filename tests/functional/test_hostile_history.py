"""The app over saved walks that are not what they should be: files out of range, a name that
is not UTF-8, a folder that cannot be read. Home and the history still open; every walk that
can be read is shown, and what cannot be read is said, never passed off as "no walks yet"."""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from tests.conftest import REPO, Xdg, refuse_to_list
from tests.functional.conftest import AppMaker, printed, told, write_past_walks
from tests.functional.test_history_screen import HistoryApp
from tests.unit.storage.summaries import make_summary
from tests.unit.test_cli_hostile_files import OUT_OF_RANGE
from walktimer.storage import write_summary
from walktimer.tui.screens.dialogs import Confirm, EditWalk
from walktimer.tui.screens.history import HistoryScreen
from walktimer.tui.widgets.recent import RecentWalks

BAD = REPO / "tests" / "unit" / "storage" / "fixtures" / "bad"


def recent_text(app: Any) -> str:
    return printed(app.screen.query_one(RecentWalks).render())


async def test_home_and_history_show_the_readable_walks_among_files_out_of_range(
    make: AppMaker, xdg: Xdg
) -> None:
    write_past_walks(xdg)
    for name in OUT_OF_RANGE:
        shutil.copy(BAD / name, xdg.sessions / name)
    shutil.copy(BAD.parent / "valid.toml", xdg.sessions / os.fsdecode(b"walk-\xff\xfe.toml"))
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "This week: 2 of 3 walks" in recent_text(app)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert len(app.screen.summaries) == 4  # three past walks and the oddly named one
        skipped = sorted(line.split(": ", 1)[0] for line in app.screen.warnings)
        assert skipped == sorted(str(xdg.sessions / name) for name in OUT_OF_RANGE)
    assert app.return_code in (None, 0)


async def test_a_sessions_folder_that_cannot_be_read_is_said_on_home_and_history(
    make: AppMaker, xdg: Xdg, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_past_walks(xdg)
    refuse_to_list(monkeypatch, xdg.sessions)
    problem = f"{xdg.sessions}: cannot read the folder of saved walks: Permission denied"
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "No walks yet" not in recent_text(app)
        assert problem in told(app)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        details = str(app.screen.query_one("#details").render())
        assert problem in details
        assert "No walks yet" not in details


async def test_a_sessions_path_that_is_a_file_is_said_on_home(make: AppMaker, xdg: Xdg) -> None:
    xdg.sessions.parent.mkdir(parents=True)
    xdg.sessions.write_text("not a folder")
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"{xdg.sessions}: not a folder" in told(app)
    assert Path(xdg.sessions).read_text() == "not a folder"


async def test_home_says_which_presets_folder_it_left_out(make: AppMaker, xdg: Xdg) -> None:
    (xdg.presets / "again").symlink_to(".")
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        warning = f"{xdg.presets / 'again'}: a link to a folder already read; not read twice"
        assert warning in told(app)


async def test_the_trash_question_and_the_edit_form_show_file_text_inert(xdg: Xdg) -> None:
    """A walk synced from elsewhere with escape sequences in its walk and notes: the question
    and the form show them as marks, and a save that leaves the notes alone keeps them."""
    hostile = make_summary(
        id="20261126T073000-evil-0001",
        walk="evil\x1b]0;owned\x07walk",
        notes="calm\x1b[2Jnote",
        pain_before=3,
        pain_after=3,
    )
    path, _ = write_summary(hostile, xdg.sessions)
    app = HistoryApp([hostile], [], xdg=xdg)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, Confirm)
        question = str(app.screen.query_one("#detail", Static).content)
        assert question.startswith("evil\N{REPLACEMENT CHARACTER}]0;owned\N{REPLACEMENT CHARACTER}")
        assert "\x1b" not in question and "\x07" not in question
        await pilot.press("n", "e")
        assert isinstance(app.screen, EditWalk)
        notes = app.screen.query_one("#notes", Input).value
        assert notes == "calm\N{REPLACEMENT CHARACTER}[2Jnote"
        await pilot.press("tab", "5", "ctrl+s")  # pain after only
        await app.workers.wait_for_complete()
        await pilot.pause()
    saved = tomllib.loads(path.read_text())
    assert (saved["pain_after"], saved["notes"]) == (5, "calm\x1b[2Jnote")

"""The history screen as a walker sees it, at 80x24 and 120x40, with fixed data; its two
dialogs (moving a walk to the trash, correcting its answers) at 80x24.

Update a snapshot only after looking at its report: `pytest --snapshot-update` rewrites them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.functional.test_history_screen import NAMES, HistoryApp

SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_history_screen_snapshot(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(HistoryApp(names=NAMES), terminal_size=size)


def test_history_screen_second_walk_selected_snapshot(snap_compare: SnapCompare) -> None:
    assert snap_compare(HistoryApp(), terminal_size=(120, 40), press=["down", "down"])


def test_empty_history_snapshot(snap_compare: SnapCompare) -> None:
    assert snap_compare(HistoryApp(walks=[], warnings=[]), terminal_size=(80, 24))


def test_trash_question_snapshot(snap_compare: SnapCompare) -> None:
    assert snap_compare(HistoryApp(names=NAMES), terminal_size=(80, 24), press=["d"])


def test_edit_form_snapshot(snap_compare: SnapCompare) -> None:
    assert snap_compare(HistoryApp(names=NAMES), terminal_size=(80, 24), press=["e"])

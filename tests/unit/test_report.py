"""`walktimer report`: the walking diary, in Markdown and as an HTML page, over six weeks of
walks saved as files; and the fast minutes of `stats`."""

from __future__ import annotations

import json
import os
import re
import threading
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Xdg
from tests.fakes import run_main as run
from tests.unit.storage.summaries import make_summary
from tests.unit.test_program_commands import Capture, Walks
from walktimer.storage import write_summary
from walktimer.storage.files import write_output

HOSTILE = "sore | <script>alert(1)</script>\nsecond line \x1b]0;owned\x07 [x](javascript:y)"
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}
SVG_EMPTY = {"line", "rect", "circle"}  # written self-closing in the chart


def monday(weeks_ago: int) -> date:
    today = date.today()
    return today - timedelta(days=today.weekday(), weeks=weeks_ago)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0).astimezone()


def six_weeks(xdg: Xdg) -> list[tuple[str, ...]]:
    """Walks over the last six weeks, and the table rows of them worked out here by hand:
    week of, walks, counting, active min, fast min, pain before, pain after, pain stops,
    programme (the programme `mine`'s walks in the second week)."""
    Walks(xdg)  # the programme's preset, so the diary names it
    rows = []
    for ago in range(5, -1, -1):
        start = monday(ago)
        count = ago % 3 + 1  # 3, 2, 1, 3, 2, 1 walks
        for n in range(count):
            fields: dict[str, Any] = {
                "planned_seconds": 1200,
                "active_seconds": 1200.0 if n else 300.0,  # the first walk is short
                "fast_seconds": 360.0,
                "pain_before": 4,
                "pain_after": 2 + n,
            }
            if ago == 4:
                fields |= {"program": "mine", "program_week": 1 + n}
            if ago == 2:
                fields |= {"status": "stopped", "stop_reason": "pain", "notes": "Hip twinge."}
            write_summary(make_summary(at(start + timedelta(days=n), 10), **fields), xdg.sessions)
        active = 300 + 1200 * (count - 1)
        after = sum(2 + n for n in range(count)) / count
        rows.append(
            (
                start.isoformat(),
                str(count),
                str(count - 1),
                f"{active / 60:.0f}" if active >= 600 else f"{active / 60:.1f}",
                f"{6 * count:.0f}" if count >= 2 else "6.0",
                "4.0",
                f"{after:.1f}",
                str(count if ago == 2 else 0),
                "Mine, weeks 1 and 2" if ago == 4 else "",
            )
        )
    return rows


def table_rows(markdown: str) -> list[tuple[str, ...]]:
    lines = [line for line in markdown.splitlines() if re.match(r"\| \d{4}-\d\d-\d\d", line)]
    return [tuple(cell.strip() for cell in line.strip("|").split(" | ")) for line in lines]


def test_markdown_has_a_row_a_week_with_its_counts_and_minutes(capsys: Capture, xdg: Xdg) -> None:
    expected = six_weeks(xdg)
    done = run(capsys, "report", "--weeks", "6")
    assert done.returncode == 0, done.stderr
    assert table_rows(done.stdout) == expected
    assert "In all: 12 walks, 6 of them counting;" in done.stdout
    assert f"- {at(monday(2), 10):%a} " in done.stdout and ": Hip twinge." in done.stdout
    default = run(capsys, "report")
    assert len(table_rows(default.stdout)) == 12  # twelve weeks unless told
    assert table_rows(default.stdout)[-6:] == expected


class Checked(HTMLParser):
    """Reads the page and keeps every problem of its structure: a tag closed that is not the
    one open, tags left open; and the text of every table cell."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []
        self.cells: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        if tag == "td":
            self.cells.append("")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID | SVG_EMPTY:
            self.problems.append(f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] == "td":
            self.cells[-1] += data


def test_the_html_page_is_well_formed_and_holds_the_same_numbers(
    capsys: Capture, xdg: Xdg, tmp_path: Path
) -> None:
    expected = six_weeks(xdg)
    target = tmp_path / "diary.html"
    done = run(capsys, "report", "--weeks", "6", "-o", str(target))
    assert done.returncode == 0, done.stderr
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>")
    checked = Checked()
    checked.feed(page)
    checked.close()
    assert (checked.problems, checked.open) == ([], [])
    cells = [tuple(checked.cells[i : i + 9]) for i in range(0, len(checked.cells), 9)]
    assert cells == expected
    assert "@page { size: A4" in page
    assert page.count("<svg") == 1 and page.count("<rect") == 6  # a bar a week
    assert "<link" not in page and "src=" not in page  # self-contained


def test_notes_from_files_are_escaped_in_both(capsys: Capture, xdg: Xdg, tmp_path: Path) -> None:
    write_summary(make_summary(at(monday(0), 9), notes=HOSTILE), xdg.sessions)
    markdown = run(capsys, "report", "--weeks", "1").stdout
    (line,) = [line for line in markdown.splitlines() if "sore" in line]
    assert "sore \\| \\<script>alert(1)\\</script> second line" in line
    assert "\\[x](javascript:y)" in line
    assert "\x1b" not in markdown and "\x07" not in markdown
    target = tmp_path / "diary.html"
    assert run(capsys, "report", "--weeks", "1", "-o", str(target)).returncode == 0
    page = target.read_text()
    checked = Checked()
    checked.feed(page)
    assert checked.scripts == 0
    assert "sore | &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page and "\x07" not in page


def test_a_file_for_the_walker_replaces_a_file_and_writes_through_anything_else(
    tmp_path: Path,
) -> None:
    """The diary, the calendar and the exports are written as the shell's `>` would, never
    half: a file is replaced whole; a link and a pipe are written into, and stay."""
    file = tmp_path / "diary.md"
    file.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(file)
    write_output(b"new", link)
    assert link.is_symlink() and file.read_text() == "new"
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    write_output(b"through the pipe", pipe)
    reader.join(timeout=10)
    assert got == [b"through the pipe"]
    assert not pipe.is_file() and pipe.exists()  # still a pipe
    with pytest.raises(OSError, match="does not exist"):
        write_output(b"x", tmp_path / "no-such-folder" / "diary.md")


def test_weeks_out_of_range_is_one_line(capsys: Capture) -> None:
    for weeks in ("0", "521"):
        done = run(capsys, "report", "--weeks", weeks)
        assert (done.returncode, done.stdout) == (2, "")
        assert (
            done.stderr
            == f"walktimer: --weeks: expected a whole number from 1 to 520, got {weeks}\n"
        )


def test_stats_gives_fast_minutes_a_week(capsys: Capture, xdg: Xdg) -> None:
    six_weeks(xdg)
    done = run(capsys, "stats", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["this_week"]["fast_minutes"] == 6.0  # one walk with 6 fast minutes
    assert [week["fast_minutes"] for week in data["weeks"][-6:]] == [
        18.0,
        12.0,
        6.0,
        18.0,
        12.0,
        6.0,
    ]
    text = run(capsys, "stats")
    assert "0 of 3 walks, 5 active minutes, 6 fast minutes" in text.stdout.replace("\n", " ")


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")

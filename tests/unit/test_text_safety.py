"""Text from files is shown, never obeyed: the one function that makes it safe for a terminal,
its cut-short form for values echoed in messages, the CSV cell, and the places that use them."""

from __future__ import annotations

import io
import json
import sys
import tomllib
from datetime import datetime

import pytest

from tests.unit.storage.summaries import CET, make_summary, phase
from walktimer.cli import tolerate_output_encoding
from walktimer.commands import print_json
from walktimer.commands.history import ASCII_BAR_MARKS, BAR_MARKS, bar_marks
from walktimer.domain.decoding import show_value, validation_problem
from walktimer.domain.history import CSV_FIELDS, csv_record, details, history_row
from walktimer.domain.words import (
    CONTROL_MARK,
    ECHO_LIMIT,
    csv_cell,
    echo_text,
    safe_text,
    toml_shown,
)
from walktimer.plain import Terminal

MARK = CONTROL_MARK
OSC52 = "\x1b]52;c;aGk=\x1b\\"
TITLE = "\x1b]0;pwned\x07"
C0 = [chr(c) for c in range(0x20)]
C1 = [chr(c) for c in range(0x80, 0xA0)]
CONTROLS = [*C0, "\x7f", *C1]


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_control_character_becomes_a_visible_mark(char: str) -> None:
    assert safe_text(f"a{char}b") == f"a{MARK}b"


def test_escape_sequences_are_shown_as_text_not_dropped() -> None:
    assert safe_text(f"tip {OSC52} {TITLE} \x1b[2J \x9b31m") == (
        f"tip {MARK}]52;c;aGk={MARK}\\ {MARK}]0;pwned{MARK} {MARK}[2J {MARK}31m"
    )


def test_printable_text_is_left_as_it_is() -> None:
    text = "Über den Hügel → Park · 30/30 “quoted” [bold]not markup[/bold] ☺ 歩く"
    assert safe_text(text) == text
    assert safe_text(text, lines=True) == text


def test_newlines_and_tabs_are_kept_only_where_text_is_shown_as_lines() -> None:
    text = "one\n\ttwo\r\x1b[1Athree"
    assert safe_text(text, lines=True) == f"one\n\ttwo{MARK}{MARK}[1Athree"
    assert safe_text(text) == f"one{MARK}{MARK}two{MARK}{MARK}[1Athree"


def test_an_echoed_value_is_safe_and_cut_to_the_limit() -> None:
    long = TITLE + "x" * 200
    echoed = echo_text(long)
    assert len(echoed) == ECHO_LIMIT == 80
    assert echoed.startswith(f"{MARK}]0;pwned{MARK}xxx")
    assert echoed.endswith("\N{HORIZONTAL ELLIPSIS}")
    assert echo_text("short") == "short"
    assert echo_text("y" * 80) == "y" * 80


def test_an_echoed_value_that_is_not_text_is_shown_as_python_writes_it() -> None:
    assert echo_text(3) == "3"
    assert echo_text(["\x1b"]) == "['\\x1b']"


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","click")',
        "+SUM(1,2)",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "\tindented",
        "\rreturned",
        "-",
    ],
)
def test_a_csv_cell_that_a_spreadsheet_would_run_gets_an_apostrophe(text: str) -> None:
    cell = csv_cell(text)
    assert cell.startswith("'")
    assert cell[1:] == safe_text(text, lines=True)


def test_a_csv_cell_of_ordinary_text_is_left_as_it_is_but_made_safe() -> None:
    assert csv_cell("Felt looser, 3 = fine") == "Felt looser, 3 = fine"
    assert csv_cell(f"sore{TITLE}") == f"sore{MARK}]0;pwned{MARK}"
    assert csv_cell("") == ""


def test_a_csv_cell_keeps_the_lines_of_a_note() -> None:
    assert csv_cell("first\n\tsecond\r\x1b[2J") == f"first\n\tsecond{MARK}{MARK}[2J"


def test_csv_text_cells_are_defused_and_numbers_and_dates_kept() -> None:
    started = datetime(2026, 11, 23, 7, 5, tzinfo=CET)
    summary = make_summary(
        started, id="-2+3+cmd", walk=f"=evil{TITLE}", notes="@SUM(A1:A2)", effort=5
    )
    record = dict(zip(CSV_FIELDS, csv_record(summary), strict=True))
    assert record["id"] == "'-2+3+cmd"
    assert record["walk"] == f"'=evil{MARK}]0;pwned{MARK}"
    assert record["notes"] == "'@SUM(A1:A2)"
    assert record["started_at"] == "2026-11-23T07:05:00+01:00"
    assert (record["active_seconds"], record["effort"], record["pain_before"]) == ("120.0", "5", "")
    assert record["status"] == "completed"


def test_rows_and_details_people_read_show_file_text_safely() -> None:
    summary = make_summary(
        walk=f"evil{TITLE}",
        warmup=f"w{OSC52}",
        notes=f"sore\n\tthen {OSC52}",
        phases=[phase("fast", f"Brisk {TITLE}")],
    )
    assert history_row(summary).walk == f"evil{MARK}]0;pwned{MARK}"
    assert history_row(summary, {f"evil{TITLE}": "Name \x1b[2J"}).walk == f"Name {MARK}[2J"
    lines = dict(details(summary))
    assert lines["Walk"] == f"evil{MARK}]0;pwned{MARK}"
    assert lines["Warm-up"] == f"w{MARK}]52;c;aGk={MARK}\\"
    assert lines["Notes"] == f"sore\n\tthen {MARK}]52;c;aGk={MARK}\\"


def test_a_decoding_problem_echoes_a_string_safely_and_cut_short() -> None:
    assert show_value(TITLE + "z" * 100) == f'"{echo_text(TITLE + "z" * 100)}"'
    assert show_value(10**100) == echo_text(str(10**100))
    problem = validation_problem(f"Object contains unknown field `col{TITLE}`", {f"col{TITLE}": 1})
    assert problem == f"col{MARK}]0;pwned{MARK}: unknown key"


def test_toml_for_the_terminal_is_the_same_toml_with_its_raw_controls_escaped() -> None:
    toml = 'name = "Warm \x9b31m up \\u001b[2J"\nnotes = "a\\\\\x85b"\n'
    shown = toml_shown(toml)
    assert not any(0x80 <= ord(c) <= 0x9F for c in shown)
    assert tomllib.loads(shown) == tomllib.loads(toml)


def test_plain_mode_messages_are_made_safe_on_their_way_to_the_terminal() -> None:
    err = io.StringIO()
    terminal = Terminal(out=io.StringIO(), err=err, answers=io.StringIO())
    terminal.tell(f"Saved /data/{TITLE}.toml\nThe summary:")
    assert err.getvalue() == f"Saved /data/{MARK}]0;pwned{MARK}.toml\nThe summary:\n"


@pytest.mark.parametrize(
    ("encoding", "marks"),
    [("utf-8", BAR_MARKS), ("latin-1", ASCII_BAR_MARKS), ("ascii", ASCII_BAR_MARKS)],
)
def test_weekly_bars_use_marks_the_output_can_show(encoding: str, marks: tuple[str, str]) -> None:
    assert bar_marks(encoding) == marks


def test_an_output_that_cannot_encode_a_character_prints_a_stand_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    monkeypatch.setattr(sys, "stdout", stream)
    tolerate_output_encoding()
    stream.write("week █·")
    stream.flush()
    assert raw.getvalue() == b"week ??"


def test_json_stays_the_exact_data_when_the_output_is_ascii(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii"))
    data = {"name": f"Über → {TITLE}"}
    print_json(data)
    sys.stdout.flush()
    assert json.loads(raw.getvalue().decode("ascii")) == data

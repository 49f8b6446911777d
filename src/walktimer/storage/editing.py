"""A summary file with corrected answers, every other line kept as it was.

A walk's file may be synced between devices and compared by tools that look at lines, so an
edit touches only the lines of the answers it changes: it replaces a `pain_after = ...` line,
removes one, or adds one after the key that comes before it in a summary. Lines are matched
simply, and the result is then parsed and compared with what was asked for; a file written in
a way that simple matching does not follow (a hand-made one with a multi-line note, a quoted
key) is written out again whole instead, every value kept, its layout walktimer's.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import tomli_w

from walktimer.domain.decoding import parse_toml
from walktimer.domain.summary import Summary

ORDER: tuple[str, ...] = Summary.__struct_fields__  # the keys in the order walktimer writes them
_KEY_LINE = re.compile(r"\ufeff?[ \t]*(?P<key>[A-Za-z0-9_-]+)[ \t]*=")
_TABLE_LINE = re.compile(r"[ \t]*\[")


def edited_file(data: bytes, raw: Mapping[str, Any], answers: Mapping[str, Any]) -> bytes:
    """`data`, a summary file whose TOML document is `raw`, with `answers` set (None removes
    one). Lines of other keys keep their bytes wherever the file allows it."""
    wanted = with_answers(raw, answers)
    edited = _edit_lines(data.decode("utf-8"), raw, answers)
    if edited is not None and parse_toml(edited) == wanted:
        return edited
    return tomli_w.dumps(wanted).encode("utf-8")


def with_answers(raw: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The document with the answers set or removed; a new key goes where walktimer writes it."""
    rank = {key: index for index, key in enumerate(ORDER)}
    new = sorted(
        (key for key, value in answers.items() if value is not None and key not in raw),
        key=rank.__getitem__,
    )
    result: dict[str, Any] = {}
    for key, value in raw.items():
        while new and key in rank and rank[key] > rank[new[0]]:
            first = new.pop(0)
            result[first] = answers[first]
        if key not in answers:
            result[key] = value
        elif answers[key] is not None:
            result[key] = answers[key]
    for key in new:
        result[key] = answers[key]
    return result


def _edit_lines(text: str, raw: Mapping[str, Any], answers: Mapping[str, Any]) -> bytes | None:
    """The file with only the answers' lines changed, or None where a key is not on one line
    of its own at the top of the file."""
    lines = text.split("\n")
    for key in sorted(answers, key=ORDER.index):
        value = answers[key]
        found = _top_line(lines, key)
        if found is None and key in raw:
            return None
        if found is not None and key not in raw:  # a line of a multi-line note, say
            return None
        if found is not None:
            if not _holds(lines[found], key, raw[key]):
                return None
            if value is None:
                del lines[found]
            else:
                lines[found] = _line(key, value, lines[found], replacing=True)
            continue
        if value is None:
            continue
        anchor = _anchor(lines, key)
        if anchor is None:
            return None
        lines.insert(anchor + 1, _line(key, value, lines[anchor]))
    return "\n".join(lines).encode("utf-8")


def _top_line(lines: list[str], key: str) -> int | None:
    """The index of the line `key = ...` before the first table of the file."""
    for index, line in enumerate(lines):
        if _TABLE_LINE.match(line):
            return None
        found = _KEY_LINE.match(line)
        if found is not None and found["key"] == key:
            return index
    return None


def _anchor(lines: list[str], key: str) -> int | None:
    """The line of the nearest key walktimer writes before `key`: a new line goes after it."""
    for earlier in reversed(ORDER[: ORDER.index(key)]):
        if (found := _top_line(lines, earlier)) is not None:
            return found
    return None


def _holds(line: str, key: str, value: Any) -> bool:
    """Whether the line, read alone, is the whole of the key's value (not the start of a
    string or list that goes on over more lines)."""
    try:
        alone = tomllib.loads(line.removeprefix("\ufeff").removesuffix("\r"))
    except tomllib.TOMLDecodeError:
        return False
    return alone == {key: value}


def _line(key: str, value: Any, beside: str, *, replacing: bool = False) -> str:
    """`key = value` as walktimer writes it, ending like the line beside it (CRLF or LF);
    `replacing`: in place of that line, so a byte order mark it starts with stays."""
    assert not isinstance(value, datetime)  # answers are ratings and notes
    written = tomli_w.dumps({key: value}).rstrip("\n")
    mark = "\ufeff" if replacing and beside.startswith("\ufeff") else ""
    return mark + written + ("\r" if beside.endswith("\r") else "")

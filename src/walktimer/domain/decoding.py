"""Decoding problems in TOML files, as one line a walker can act on.

Presets, the config and saved walks are all decoded strictly by tomllib and msgspec, whose
messages name Python types and zero-based JSON paths. They are reworded here, in one place, so
that every file walktimer reads reports its problems the same way: which key, what was
expected, what was found, with list items counted from 1 as people count them.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from collections.abc import Iterable, Mapping
from typing import Any

from walktimer.domain.words import echo_text

_TOML_POSITION = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_AT_PATH = re.compile(r"^(?P<msg>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_TYPE_NAMES = {
    "int": "an integer",
    "str": "a string",
    "bool": "true or false",
    "float": "a number",
    "array": "a list",
    "object": "a table",
    "null": "nothing",
}


NESTED_TOO_DEEPLY = "nested too deeply"


def parse_toml(data: bytes) -> dict[str, Any] | str:
    """The TOML document in `data`, or the one-line problem that stops it being read.

    A byte order mark at the start (some Windows editors write one) is accepted and ignored.
    The parser recurses once a level of lists or inline tables, so a file nested a few hundred
    levels deep would end it with RecursionError: that is a problem of the file like any
    other. So is an integer too long for Python to convert (more than 4300 digits)."""
    try:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8 text"
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return toml_problem(exc)
    except RecursionError:
        return NESTED_TOO_DEEPLY
    except ValueError:  # int() refusing thousands of digits; its message speaks Python
        return "TOML syntax error: a number with too many digits"


def toml_problem(exc: tomllib.TOMLDecodeError) -> str:
    text = str(exc)
    match = _TOML_POSITION.match(text)
    if match is None:
        return f"TOML syntax error: {text}"
    message = match["msg"][:1].lower() + match["msg"][1:]
    return f"line {match['line']}, column {match['col']}: TOML syntax error: {message}"


def validation_problem(
    text: str, raw: dict[str, Any], choices: Mapping[str, Iterable[str]] | None = None
) -> str:
    """Turn msgspec's `Expected `int`, got `str` - at `$.a.b`` into `a.b: expected ...`.

    `choices` names the allowed strings of each key that takes one of a few words (derived
    from the key's `Literal` type with `typing.get_args`, so the message follows the type)."""
    match = _AT_PATH.match(text)
    assert match is not None  # the pattern matches any text
    message, path = match["msg"], _human_path(match["path"] or "")
    if found := re.fullmatch(r"Object contains unknown field `(.+)`", message):
        return f"{_join(path, echo_text(found[1]))}: unknown key"
    if found := re.fullmatch(r"Object missing required field `(.+)`", message):
        return f"{_join(path, found[1])}: missing required key"
    if found := re.fullmatch(r"Expected `(\w+(?: \| \w+)*)`, got `(\w+)`", message):
        # `str | null`: an optional key, whose value may only be left out
        types = [_TYPE_NAMES.get(name, name) for name in found[1].split(" | ") if name != "null"]
        expected = " or ".join(types)
        value = _lookup(raw, match["path"] or "")
        return f"{path}: expected {expected}, got {show_value(value)}"
    if found := re.fullmatch(r"Expected `int` ([<>]=) (-?\d+)", message):
        value = _lookup(raw, match["path"] or "")
        return f"{path}: expected an integer {found[1]} {found[2]}, got {show_value(value)}"
    if message.startswith("Invalid enum value"):
        value = _lookup(raw, match["path"] or "")
        allowed = (choices or {}).get(path)
        if allowed is None:  # a caller that did not name this key's words
            return f"{path}: not an accepted value, got {show_value(value)}"
        return f"{path}: expected {choices_text(allowed)}, got {show_value(value)}"
    return f"{path or 'file'}: {message[:1].lower()}{message[1:]}"


def choices_text(allowed: Iterable[str]) -> str:
    """`"walk", "warmup" or "cooldown"`: the words a key accepts, as a walker types them."""
    return " or ".join(", ".join(f'"{c}"' for c in allowed).rsplit(", ", 1))


def show_value(value: Any) -> str:
    """A value found in a file, as it was written there (TOML spelling, not Python's); a
    string is made safe to show and cut short, since the message repeats whatever the file
    holds."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{echo_text(value)}"'
    if isinstance(value, (int, float)):
        return echo_text(str(value))
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _human_path(path: str) -> str:
    """`.steps[0].seconds` -> `steps[1].seconds`: steps are counted from 1, as people do."""
    path = path.removeprefix(".")
    return re.sub(r"\[(\d+)\]", lambda m: f"[{int(m[1]) + 1}]", path)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _lookup(raw: Any, path: str) -> Any:
    for part in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path):
        key, index = part
        try:
            raw = raw[key] if key else raw[int(index)]
        except (KeyError, IndexError, TypeError):
            return None
    return raw

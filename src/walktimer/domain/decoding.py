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
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import msgspec
import msgspec.inspect as mi

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

Check = Callable[[str, Any], list[str]]
"""A rule beyond the type, for `Annotated[T, msgspec.Meta(extra={"check": rule})]`: given a
value's key (`steps[2].name`) and its value, already of the right type, the problems as lines
`KEY: expected ..., got ...`."""


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
        # An item of a list takes the words of its list: `audio.announce[2]`.
        allowed = (choices or {}).get(re.sub(r"\[\d+\]$", "", path))
        if allowed is None:  # a caller that did not name this key's words
            return f"{path}: not an accepted value, got {show_value(value)}"
        return f"{path}: expected {choices_text(allowed)}, got {show_value(value)}"
    return f"{path or 'file'}: {message[:1].lower()}{message[1:]}"


def table_problems(raw: Mapping[str, Any], struct: type[msgspec.Struct]) -> list[str]:
    """Every problem of a decoded TOML table against `struct`, in the order of the file: unknown
    keys, wrong types, integers out of their `Meta` range, broken `check` rules, then missing keys.

    msgspec stops at the first problem it meets; a walker fixing a file by hand wants them all at
    once. A value is checked against its rule only once its type is right; a table's own rule
    (one between its keys) sees the table whatever its values, and looks only at the values of
    the right type. The types walktimer's files use are understood: integers, strings, booleans,
    literal words, tables and lists of them."""
    info = mi.type_info(struct)
    assert isinstance(info, mi.StructType)
    return _table(raw, info, "")


def _table(raw: Mapping[str, Any], info: mi.StructType, path: str) -> list[str]:
    fields = {field.encode_name: field for field in info.fields}
    problems: list[str] = []
    for key, value in raw.items():
        field = fields.get(key)
        if field is None:
            problems.append(f"{_join(path, echo_text(key))}: unknown key")
        else:
            problems += _value(value, field.type, _join(path, key))
    problems += [
        f"{_join(path, field.encode_name)}: missing required key"
        for field in info.fields
        if field.required and field.encode_name not in raw
    ]
    return problems


def _value(value: Any, kind: mi.Type, key: str) -> list[str]:
    check: Check | None = None
    if isinstance(kind, mi.Metadata):
        check = (kind.extra or {}).get("check")
        kind = kind.type
    problems: list[str] = []
    match kind:
        case mi.IntType(ge=low, le=high):
            if not isinstance(value, int) or isinstance(value, bool):
                problems.append(f"{key}: expected an integer, got {show_value(value)}")
            elif low is not None and value < low:
                problems.append(f"{key}: expected an integer >= {low}, got {show_value(value)}")
            elif high is not None and value > high:
                problems.append(f"{key}: expected an integer <= {high}, got {show_value(value)}")
        case mi.StrType():
            if not isinstance(value, str):
                problems.append(f"{key}: expected a string, got {show_value(value)}")
        case mi.BoolType():
            if not isinstance(value, bool):
                problems.append(f"{key}: expected true or false, got {show_value(value)}")
        case mi.LiteralType(values=allowed):
            if not isinstance(value, str) or value not in allowed:
                words = choices_text(str(word) for word in allowed)
                problems.append(f"{key}: expected {words}, got {show_value(value)}")
        case mi.StructType():
            if not isinstance(value, dict):
                problems.append(f"{key}: expected a table, got {show_value(value)}")
            else:
                problems += _table(value, kind, key)
        case mi.ListType(item_type=item):
            if not isinstance(value, list):
                problems.append(f"{key}: expected a list, got {show_value(value)}")
            else:
                for number, each in enumerate(value, start=1):
                    problems += _value(each, item, f"{key}[{number}]")
        case mi.UnionType(types=(inner, mi.NoneType())):
            # An optional key: TOML has no null, so a value written is one of the inner type.
            problems += _value(value, inner, key)
        case _:  # a type no file of walktimer's uses: a mistake in walktimer, not in the file
            raise TypeError(f"{key}: cannot check a value of type {kind!r}")
    ready = isinstance(value, dict) if isinstance(kind, mi.StructType) else not problems
    if check is not None and ready:
        problems += check(key, value)
    return problems


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

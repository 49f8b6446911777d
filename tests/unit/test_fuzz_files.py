"""Hostile files, generated: presets, the config, summaries, checkpoints and the index cache.

Whatever a file holds (deep nesting, control characters, escape sequences, values out of range,
invalid UTF-8, a byte order mark, the wrong types), every command that reads it ends with an
exit code it documents, never a traceback; no file of the walker's is changed; and no control
character from a file reaches the terminal (JSON output keeps the exact data, escaped as JSON
escapes it). `WALKTIMER_FUZZ_EXAMPLES` sets how many files each test makes (`make fuzz`).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Xdg
from walktimer.cli import main

EXAMPLES = int(os.environ.get("WALKTIMER_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# What must never reach a terminal from a file: C0 controls but newline and tab, DEL, C1.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

HOSTILE_STRINGS = st.sampled_from(
    [
        "\x1b]52;c;aGk=\x1b\\",
        "\x1b]0;pwned\x07",
        "\x1b[2J\x1b[H",
        "\x9b31m",
        "\u200b",
        '=HYPERLINK("x")',
        "+SUM(1,2)",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "\ttab",
        "[bold]markup[/bold]",
        "x" * 5000,
        "",
        " ",
        "\ufeff",
        "walk\r\nline",
    ]
)
TEXT = st.one_of(HOSTILE_STRINGS, st.text(max_size=40))
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(["nan", "inf", "-inf", "-0.0", "1e308", "0", "3600", "3601", "-1"]),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)
DATES = st.sampled_from(
    [
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "2026-11-26T22:35:00+01:00",
        "2026-11-26T22:35:00",
        "2026-02-30T10:00:00Z",
        "1970-01-01T00:00:00Z",
    ]
)


def toml_string(text: str) -> str:
    """A TOML basic string holding exactly `text` (control characters as escapes)."""
    return json.dumps(text)


@st.composite
def values(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["text", "number", "date", "bool", "deep", "array", "table"]))
    if kind == "text":
        return toml_string(draw(TEXT))
    if kind == "number":
        return str(draw(NUMBERS))
    if kind == "date":
        return draw(DATES)
    if kind == "bool":
        return draw(st.sampled_from(["true", "false"]))
    if kind == "deep":
        depth = draw(st.sampled_from([50, 300, 1200, 3000]))
        return "[" * depth + "1" + "]" * depth
    if kind == "array":
        return (
            "[" + ", ".join(draw(st.lists(st.sampled_from(['"a"', "1", "2.5"]), max_size=3))) + "]"
        )
    return "{ " + f"x = {toml_string(draw(TEXT))}" + " }"


@st.composite
def documents(draw: st.DrawFn, keys: list[str], tables: list[str]) -> bytes:
    """A TOML file with some of `keys` (and stray ones) given hostile values."""
    lines = []
    for key in draw(st.lists(st.sampled_from([*keys, "extra", "kind"]), max_size=len(keys) + 2)):
        lines.append(f"{key} = {draw(values())}")
    for table in draw(st.lists(st.sampled_from(tables), max_size=2)) if tables else []:
        lines.append(f"[{table}]" if not table.startswith("[") else table)
        for key in draw(
            st.lists(
                st.sampled_from(
                    [
                        "name",
                        "seconds",
                        "tip",
                        "sides",
                        "switch_seconds",
                        "fast_seconds",
                        "slow_seconds",
                        "rounds",
                        "first",
                        "kind",
                        "planned_seconds",
                        "actual_seconds",
                        "skipped",
                        "backend",
                        "volume",
                        "walk",
                        "note",
                    ]
                ),
                max_size=5,
            )
        ):
            lines.append(f"{key} = {draw(values())}")
    data = "\n".join(dict.fromkeys(lines)).encode("utf-8")
    damage = draw(st.sampled_from(["none", "none", "bom", "invalid-utf8", "truncate", "nul"]))
    if damage == "bom":
        data = b"\xef\xbb\xbf" + data
    elif damage == "invalid-utf8":
        data = data + b'\nnotes = "\xff\xfe"\n'
    elif damage == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "nul":
        data = data.replace(b"=", b"=\x00", 1)
    return data


PRESET_KEYS = ["kind", "name", "description", "warmup", "cooldown", "walks_per_week"]
PRESETS = documents(PRESET_KEYS, ["intervals", "[[steps]]", "[[weeks]]"])
SUMMARY_KEYS = [
    "schema", "id", "app_version", "status", "stop_reason", "started_at", "ended_at", "walk",
    "warmup", "cooldown", "planned_seconds", "active_seconds", "paused_seconds",
    "rounds_planned", "rounds_completed", "fast_seconds", "slow_seconds", "pain_before",
    "pain_after", "effort", "notes", "program", "program_week",
]  # fmt: skip
SUMMARIES = documents(SUMMARY_KEYS, ["[[phases]]"])
CONFIGS = documents(["weekly_goal", "theme", "checklist"], ["audio", "defaults"])
CHECKPOINTS = documents(["pid"], ["summary", "[[summary.phases]]"])


@contextlib.contextmanager
def folders() -> Iterator[Xdg]:
    """Empty XDG folders of this example's own (hypothesis runs many in one test)."""
    with tempfile.TemporaryDirectory(prefix="walktimer-fuzz-") as root:
        made = Xdg(Path(root) / "config", Path(root) / "data", Path(root) / "state")
        made.presets.mkdir(parents=True)
        made.sessions.mkdir(parents=True)
        saved = {key: os.environ.get(key) for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME")}
        os.environ.update(XDG_CONFIG_HOME=str(made.config), XDG_DATA_HOME=str(made.data))
        try:
            yield made
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


@dataclass
class Result:
    code: int
    out: str
    err: str


def run(*args: str) -> Result:
    """`walktimer ARGS` in this process; an exception out of `main` fails the test as it is."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit:  # argparse
            code = exit.code if isinstance(exit.code, int) else 2
    texts = []
    for stream in (out, err):
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("utf-8"))  # type: ignore[attr-defined]
    return Result(code, texts[0], texts[1])


def files_under(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and "cache" not in p.parts}


def assert_shown_safely(result: Result, *codes: int) -> None:
    assert result.code in codes, (result.code, result.err[-2000:])
    assert "Traceback" not in result.err
    for stream in (result.out, result.err):
        found = CONTROL.search(stream)
        assert found is None, f"control character {found.group()!r} reached the terminal"


def assert_json(result: Result) -> object:
    assert result.code == 0, result.err[-2000:]

    def refuse(constant: str) -> float:
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(result.out, parse_constant=refuse)


@FUZZ
@given(preset=PRESETS, name=st.sampled_from(["w", "bad\x1b]0;t\x07", "caf\u00e9", "-x"]))
def test_a_hostile_preset_is_listed_shown_and_checked_without_harm(
    preset: bytes, name: str
) -> None:
    with folders() as made:
        path = made.presets / f"{name}.toml"
        path.write_bytes(preset)
        before = files_under(made.config)
        assert_shown_safely(run("presets", "list"), 0)
        assert_json(run("presets", "list", "--json"))
        assert_shown_safely(run("presets", "show", name), 0, 2)
        assert_shown_safely(run("presets", "validate", str(path)), 0, 2)
        assert files_under(made.config) == before


@FUZZ
@given(config=CONFIGS)
def test_a_hostile_config_stops_only_with_one_message(config: bytes) -> None:
    with folders() as made:
        (made.config / "walktimer" / "config.toml").write_bytes(config)
        before = files_under(made.config)
        for args in (("stats",), ("presets", "list"), ("history",)):
            assert_shown_safely(run(*args), 0, 2)
        assert files_under(made.config) == before


@FUZZ
@given(
    summaries=st.lists(SUMMARIES, min_size=1, max_size=3),
    name=st.sampled_from(["s", "\x1b[2Js", "n\u00e9"]),
)
def test_hostile_summaries_never_stop_history_or_stats(summaries: list[bytes], name: str) -> None:
    with folders() as made:
        for number, summary in enumerate(summaries):
            (made.sessions / f"{name}-{number}.toml").write_bytes(summary)
        before = files_under(made.data)
        for _ in range(2):  # the second time through the index cache
            assert_shown_safely(run("history"), 0)
            assert_shown_safely(run("history", "--csv"), 0)
            assert_shown_safely(run("stats"), 0)
            assert_json(run("history", "--json"))
            stats = assert_json(run("stats", "--json"))
            assert isinstance(stats, dict) and not any(
                isinstance(v, float) and not math.isfinite(v) for v in stats.values()
            )
        assert files_under(made.data) == before


@FUZZ
@given(cache=st.one_of(CHECKPOINTS, st.binary(max_size=200), st.just(b"[" * 3000 + b"]" * 3000)))
def test_a_hostile_index_cache_is_rebuilt(cache: bytes) -> None:
    with folders() as made:
        assert run("history", "--json").code == 0  # a real walk folder, and its cache
        (made.data / "walktimer" / "cache").mkdir(parents=True, exist_ok=True)
        (made.data / "walktimer" / "cache" / "sessions.json").write_bytes(cache)
        assert_shown_safely(run("history"), 0)
        assert_json(run("stats", "--json"))


@FUZZ
@given(checkpoint=CHECKPOINTS)
def test_a_hostile_checkpoint_never_stops_a_command_and_is_never_lost(checkpoint: bytes) -> None:
    with folders() as made:
        folder = made.data / "walktimer" / "in-progress"
        folder.mkdir(parents=True)
        path = folder / "20261126T223500-w-3f2a.toml"
        path.write_bytes(checkpoint)
        assert_shown_safely(run("presets", "list"), 0)
        assert_shown_safely(run("history"), 0)
        kept = [p for p in folder.rglob("*.toml") if p.read_bytes() == checkpoint]
        saved = list(made.sessions.glob("*.toml"))
        assert kept or saved, "the checkpoint is gone and no walk was saved from it"
